"""The Cases screen: case list, case workspaces and their tabs."""

from casework.ui.cases.screen import CasesScreen

__all__ = ["CasesScreen"]

"""The service directory and referral pathways screens."""

from casework.ui.directory.pathways import PathwaysScreen
from casework.ui.directory.screen import DirectoryScreen

__all__ = ["DirectoryScreen", "PathwaysScreen"]

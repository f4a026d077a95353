"""Administration: users, backup and restore, audit log."""

from casework.ui.admin.screen import AdminScreen

__all__ = ["AdminScreen"]

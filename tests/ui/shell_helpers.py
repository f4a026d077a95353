"""Helpers for the shell's UI tests: the test users' passwords, a scratch page that produces a
draft, the page factory the tests use, and logging in through the real login window."""

from __future__ import annotations

import json

from PySide6.QtWidgets import QLineEdit, QVBoxLayout, QWidget

from casework.services.context import ServiceContext
from casework.ui.screen import Screen

# The same users and passwords as tests/conftest.py (a second `conftest` cannot be imported here).
ADMIN = "admin"
ADMIN_PASSWORD = "orchard lantern quietly ninety"
SUPERVISOR_PASSWORD = "copper kettle over the dune"
CASEWORKER_PASSWORD = "seven blue camels at dusk"
NEW_PASSWORD = "violet harbour climbs eleven stairs"


class ScratchScreen(Screen):
    """A tiny page with one text field, standing in for a form with unsaved input."""

    def __init__(self, ctx: ServiceContext, parent: QWidget | None = None) -> None:
        super().__init__(ctx, parent)
        self.edit = QLineEdit(self)
        self.edit.setObjectName("scratch")
        self.restored: dict[str, str] = {}
        QVBoxLayout(self).addWidget(self.edit)

    def title(self) -> str:
        return "Scratch"

    def has_unsaved_changes(self) -> bool:
        return bool(self.edit.text())

    def drafts(self) -> dict[str, str]:
        return {"note": json.dumps({"text": self.edit.text()})} if self.edit.text() else {}

    def restore_drafts(self, drafts: dict[str, str]) -> None:
        self.restored = dict(drafts)
        if "note" in drafts:
            self.edit.setText(json.loads(drafts["note"])["text"])

    def clear(self) -> None:
        self.edit.clear()


def test_pages(ctx: ServiceContext) -> list[Screen]:
    """The scratch page first, then the real Administration page when the role allows it."""
    from casework.ui.pages import PAGES

    pages: list[Screen] = [ScratchScreen(ctx)]
    admin_allowed = next(allowed for _m, name, _t, allowed in PAGES if name == "AdminScreen")
    if admin_allowed(ctx):
        from casework.ui.admin import AdminScreen

        pages.append(AdminScreen(ctx))
    return pages


test_pages.__test__ = False  # type: ignore[attr-defined]


def log_in(qtbot, controller, username: str, password: str) -> None:  # noqa: ANN001
    """Type the credentials into the login window and wait for the main window."""
    controller.show_login()
    login = controller.login
    login.username.setText(username)
    login.password.setText(password)
    login.unlock_button.click()
    qtbot.waitUntil(lambda: controller.window is not None and controller.window.isVisible())

"""The main window: pages per role, language switch, zoom, geometry, routing to the case."""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtGui import QKeySequence
from PySide6.QtWidgets import QApplication
from shell_helpers import ADMIN, ADMIN_PASSWORD, SUPERVISOR_PASSWORD, log_in

from casework.i18n import translator
from casework.services.context import ServiceContext
from casework.store.vault import Vault
from casework.ui.main_window import MainWindow
from casework.ui.pages import allowed_pages
from casework.ui.screen import Screen


def test_pages_follow_the_roles(shell_vault) -> None:  # noqa: ANN001
    def names(user: str, password: str) -> list[str]:
        with Vault.open(shell_vault, user, password, verify_pages=False) as vault:
            return [name for _module, name in allowed_pages(ServiceContext.for_vault(vault))]

    from shell_helpers import CASEWORKER_PASSWORD

    admin = names(ADMIN, ADMIN_PASSWORD)
    assert "CasesScreen" not in admin and "AdminScreen" in admin
    caseworker = names("carl", CASEWORKER_PASSWORD)
    assert caseworker[:3] == ["CasesScreen", "TasksScreen", "ReferralsScreen"]
    assert "AdminScreen" not in caseworker
    assert "AdminScreen" in names("sara", SUPERVISOR_PASSWORD)


def test_language_switch_retranslates_the_window(qtbot, session) -> None:  # noqa: ANN001
    log_in(qtbot, session, ADMIN, ADMIN_PASSWORD)
    window = session.window
    assert window.file_menu.title() == "&File"
    window.language_actions["fr"].trigger()
    fr = translator("fr")
    assert window.file_menu.title() == fr.gettext("&File") != "&File"
    assert window.lock_action.text() == fr.gettext("&Lock")
    assert window.nav.item(1).text() == fr.gettext("Administration")
    assert window.roles_label.text() == fr.gettext("Administrator")
    admin = window.screen_named("AdminScreen")
    assert admin.tabs.tabText(0) == fr.gettext("Users")
    assert admin.users.model.headerData(0, Qt.Orientation.Horizontal) == fr.gettext("User name")


def test_zoom_is_remembered_per_user(qtbot, session) -> None:  # noqa: ANN001
    log_in(qtbot, session, ADMIN, ADMIN_PASSWORD)
    base = QApplication.font().pointSizeF()
    window = session.window
    assert QKeySequence("Ctrl++") in window.zoom_in_action.shortcuts()
    window.zoom_in_action.trigger()
    window.zoom_in_action.trigger()
    assert QApplication.font().pointSizeF() > base
    session.lock()
    assert QApplication.font().pointSizeF() == base  # the login window is at normal size
    log_in(qtbot, session, ADMIN, ADMIN_PASSWORD)
    assert session.window.zoom == 120
    assert QApplication.font().pointSizeF() > base
    session.window.zoom_reset_action.trigger()
    assert QApplication.font().pointSizeF() == base


def test_geometry_is_remembered_per_user(qtbot, session) -> None:  # noqa: ANN001
    log_in(qtbot, session, ADMIN, ADMIN_PASSWORD)
    session.window.resize(640, 480)  # the offscreen screen is 800 x 600
    qtbot.waitUntil(lambda: session.window.width() == 640)
    session.lock()
    log_in(qtbot, session, ADMIN, ADMIN_PASSWORD)
    assert (session.window.width(), session.window.height()) == (640, 480)


class CasesScreen(Screen):
    """Stands in for the Cases page to check that open_case_requested reaches it."""

    def __init__(self, ctx: ServiceContext) -> None:
        super().__init__(ctx)
        self.opened: list[int] = []

    def title(self) -> str:
        return "Cases"

    def open_case(self, case_id: int) -> None:
        self.opened.append(case_id)


class ReferralsScreen(Screen):
    def title(self) -> str:
        return "Referrals"


def test_open_case_requests_switch_to_the_cases_page(qtbot, admin_ctx) -> None:  # noqa: ANN001
    window = MainWindow(admin_ctx, lambda ctx: [CasesScreen(ctx), ReferralsScreen(ctx)])
    qtbot.addWidget(window)
    window.show_page("ReferralsScreen")
    window.screen_named("ReferralsScreen").open_case_requested.emit(42)
    assert window.current_page_key() == "CasesScreen"
    assert window.screen_named("CasesScreen").opened == [42]
    window.screen_named("ReferralsScreen").status_message.emit("Referral sent.")
    assert window.statusBar().currentMessage() == "Referral sent."
    window.close_for_session()


def test_status_bar_shows_user_roles_and_folder(qtbot, session, shell_vault) -> None:  # noqa: ANN001
    log_in(qtbot, session, "sara", SUPERVISOR_PASSWORD)
    window = session.window
    assert window.user_label.text() == "Sara Supervisor"
    assert window.roles_label.text() == "Supervisor"
    assert str(shell_vault) in window.folder_label.text()

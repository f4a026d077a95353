"""Pages are built when first shown: unlocking builds the first page only, the navigation lists
every allowed page from the registry, and a page opened later works as if built up front. The
tabs of a case workspace load when first shown too."""

from __future__ import annotations

from fixtures_screens import World  # noqa: F401 - the `world` fixture's type
from shell_helpers import SUPERVISOR_PASSWORD, log_in

from casework.i18n import translator
from casework.services.context import ServiceContext
from casework.store.vault import Vault
from casework.ui.pages import allowed_pages, build_pages
from casework.ui.session import SessionController

pytest_plugins = ["fixtures_screens"]


def test_only_the_first_page_is_built_at_unlock(qtbot, shell_vault) -> None:  # noqa: ANN001
    controller = SessionController(shell_vault, build_pages)
    qtbot.addWidget(controller.login)
    try:
        log_in(qtbot, controller, "sara", SUPERVISOR_PASSWORD)
        window = controller.window
        with Vault.open(shell_vault, "sara", SUPERVISOR_PASSWORD, verify_pages=False) as vault:
            allowed = [name for _m, name in allowed_pages(ServiceContext.for_vault(vault))]
        assert window.page_keys() == allowed
        assert window.nav.count() == len(allowed)
        assert [type(s).__name__ for s in window.screens] == ["CasesScreen"]

        window.nav.setCurrentRow(allowed.index("ReferralsScreen"))
        referrals = window.current_screen()
        assert type(referrals).__name__ == "ReferralsScreen"
        assert window.screen_named("ReferralsScreen") is referrals  # built once, then kept
        assert referrals.isVisible()
        assert "ReferralsScreen" in [type(s).__name__ for s in window.screens]
        assert "DirectoryScreen" not in [type(s).__name__ for s in window.screens]

        # The registry's titles are the screens' own, in every language.
        for key in allowed:
            screen = window.screen_named(key)
            assert window.nav.item(allowed.index(key)).text() == screen.title()
        window.language_actions["fr"].trigger()
        fr = translator("fr")
        assert window.nav.item(allowed.index("ReferralsScreen")).text() == fr.gettext("Referrals")
        for key in allowed:
            assert window.nav.item(allowed.index(key)).text() == window.screen_named(key).title()
        window.language_actions["en"].trigger()

        # Routing to a page not built yet builds it and shows it.
        controller.lock()
        log_in(qtbot, controller, "sara", SUPERVISOR_PASSWORD)
        window = controller.window
        assert window.show_page("DirectoryScreen")
        assert window.current_page_key() == "DirectoryScreen"
        assert window.show_page("NoSuchScreen") is False
    finally:
        controller.shutdown()


def test_a_case_tab_loads_when_first_shown(qtbot, world) -> None:  # noqa: ANN001
    import datetime as dt

    from casework.model.enums import NoteKind
    from casework.services import notes
    from casework.ui.cases import CasesScreen

    note = notes.NoteInput(NoteKind(list(NoteKind)[0]), dt.date.today(), "Met the family today")
    notes.add_note(world.caseworker, world.carl_case, note)
    screen = CasesScreen(world.caseworker)
    qtbot.addWidget(screen)
    ws = screen.open_case(world.carl_case)
    assert ws.loaded == {ws.profile}  # opening asks for the header and profile only
    assert ws.notes.model.rowCount() == 0
    ws.tabs.setCurrentWidget(ws.notes)  # what clicking the tab does
    assert ws.notes in ws.loaded
    assert ws.notes.model.rowCount() == 1
    ws.refresh()  # a refresh reloads the tabs already shown, leaves the others for later
    assert ws.notes.model.rowCount() == 1 and ws.tasks not in ws.loaded

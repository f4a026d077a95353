"""Changes pushed by the office server: the page on screen reloads at once, unless it holds
unsaved input (that is never replaced under the user's hands; it reloads when shown next)."""

from __future__ import annotations

from shell_helpers import ScratchScreen

from casework.ui import changes


def test_a_pushed_change_reloads_the_page_on_screen_unless_it_holds_input(qtbot, admin_ctx):
    page = ScratchScreen(admin_ctx)
    qtbot.addWidget(page)
    page.show()
    reloads: list[str] = []
    changes.follow(admin_ctx, page, changes.CASE_WORK, lambda: reloads.append("reload"))
    hub = changes.hub(admin_ctx)

    hub.pushed(frozenset({"referral", "audit"}))
    assert reloads == ["reload"]  # a colleague's referral: shown at once
    hub.pushed(frozenset({"audit"}))
    assert reloads == ["reload"]  # not a kind the page follows

    page.edit.setText("half-typed note")
    hub.pushed(frozenset({"plan"}))
    assert reloads == ["reload"]  # the typing is left alone…
    page.hide()
    page.show()
    assert reloads == ["reload", "reload"]  # …and the page reloads when shown next
    assert page.edit.text() == "half-typed note"

    page.edit.clear()
    hub.pushed(frozenset({"*"}))  # after a reconnect: everything may have changed
    assert reloads == ["reload", "reload", "reload"]
    changes.end_session(admin_ctx)


def test_a_write_made_here_does_not_reload_the_page_on_screen(qtbot, admin_ctx):
    page = ScratchScreen(admin_ctx)
    qtbot.addWidget(page)
    page.show()
    reloads: list[str] = []
    changes.follow(admin_ctx, page, changes.CASE_WORK, lambda: reloads.append("reload"))
    changes.hub(admin_ctx)._deliver(frozenset({"referral"}))
    assert reloads == []  # as before: the page on screen made the change itself
    changes.end_session(admin_ctx)

"""On a vault a case's open is audited on a pool of its own while its workspace is built, and
the workspace is shown only once the "case.opened" entry has committed (screen.py,
`_open_on_vault`); with real threads, not the synchronous test pool. A failed audit shows no
workspace, only the calm message."""

from __future__ import annotations

import threading

import pytest
from fixtures_screens import World
from PySide6.QtWidgets import QMessageBox
from sqlalchemy import select

from casework.model import AuditEvent
from casework.services import cases
from casework.ui import background
from casework.ui.cases import CasesScreen
from casework.ui.cases.workspace import CaseWorkspace

pytest_plugins = ["fixtures_screens"]


def _hold_audits(monkeypatch: pytest.MonkeyPatch) -> threading.Event:
    """Each open's audit waits, on its thread, until the returned event is set; then it is the
    real one."""
    gate = threading.Event()
    audit_open = cases.audit_open

    def held(ctx, case_id: int) -> None:  # noqa: ANN001
        assert gate.wait(20)
        audit_open(ctx, case_id)

    monkeypatch.setattr(cases, "audit_open", held)
    return gate


def _opens(world: World, case_id: int) -> int:
    with world.supervisor.vault.session() as s:
        return len(
            s.scalars(
                select(AuditEvent).where(
                    AuditEvent.action == "case.opened", AuditEvent.entity_id == case_id
                )
            ).all()
        )


def test_the_workspace_shows_only_once_its_open_is_audited(qtbot, real_pool, monkeypatch) -> None:  # noqa: ANN001
    world = real_pool
    gate = _hold_audits(monkeypatch)
    screen = CasesScreen(world.supervisor)
    qtbot.addWidget(screen)
    screen.show()
    seen_at_show: list[int] = []
    try:
        ws = screen.open_case(
            world.carl_case, lambda _ws: seen_at_show.append(_opens(world, world.carl_case))
        )
        assert isinstance(ws, CaseWorkspace)
        assert "Amina" in ws.heading.text()  # built with the case's data…
        qtbot.wait(150)  # …the window's events run meanwhile (it is not waiting for the disk)
        assert screen.workspace(world.carl_case) is None  # …but not shown: not audited yet
        assert not ws.isVisible() and screen.tabs.count() == 1
        assert _opens(world, world.carl_case) == 0
        assert screen.open_case(world.carl_case) is None  # a second click opens nothing more
    finally:
        gate.set()
    qtbot.waitUntil(lambda: screen.workspace(world.carl_case) is ws, timeout=10000)
    assert ws.isVisible() and screen.tabs.currentWidget() is ws
    assert seen_at_show == [1]  # `then` told once shown, the entry committed before
    qtbot.waitUntil(lambda: not background._running, timeout=10000)
    assert _opens(world, world.carl_case) == 1


@pytest.mark.parametrize("threads", ["real", "synchronous"])
def test_a_failed_audit_shows_no_workspace_only_the_message(qtbot, world, threads) -> None:  # noqa: ANN001
    if threads == "real":
        background.use_synchronous_pool(False)
    # As after a page check that found damage: reads go on, writes (the audit too) are refused.
    world.supervisor.vault.read_only = True
    screen = CasesScreen(world.supervisor)
    qtbot.addWidget(screen)
    screen.show()
    try:
        screen.open_case(world.carl_case)
        qtbot.waitUntil(lambda: screen.findChild(QMessageBox, "errorDialog") is not None)
        qtbot.waitUntil(lambda: not background._running, timeout=10000)
    finally:
        background.use_synchronous_pool(True)
        world.supervisor.vault.read_only = False
    assert screen.workspace(world.carl_case) is None and screen.tabs.count() == 1
    assert not [w for w in screen.findChildren(CaseWorkspace) if w.isVisible()]
    assert _opens(world, world.carl_case) == 0
    # Once writes work again the same case opens (nothing was left half-open).
    ws = screen.open_case(world.carl_case)
    assert ws is not None and screen.workspace(world.carl_case) is ws


def test_a_lock_lets_an_open_s_audit_commit_before_the_vault_closes(
    qtbot,  # noqa: ANN001
    session,  # noqa: ANN001
    shell_vault,  # noqa: ANN001
    monkeypatch,  # noqa: ANN001
) -> None:
    from shell_helpers import SUPERVISOR_PASSWORD, log_in

    from casework.model.enums import ClientCategory, CustodyStatus
    from casework.services.cases import CaseInput
    from casework.store.vault import Vault

    log_in(qtbot, session, "sara", SUPERVISOR_PASSWORD)
    qtbot.waitUntil(lambda: session.vault.pages_checked, timeout=20000)
    case_id = cases.create_case(
        session.ctx,
        CaseInput(
            alias="Abu Layla",
            category=ClientCategory.RELEASED_OFFENDER,
            custody_status=CustodyStatus.RELEASED,
            country="NE",
        ),
    )
    gate = _hold_audits(monkeypatch)
    background.use_synchronous_pool(False)
    try:
        screen = CasesScreen(session.ctx)
        qtbot.addWidget(screen)
        screen.open_case(case_id)
        threading.Timer(0.3, gate.set).start()  # the commit still on its way as the lock comes
        session.lock()
    finally:
        gate.set()
        background.use_synchronous_pool(True)
    vault = Vault.open(shell_vault, "sara", SUPERVISOR_PASSWORD, verify_pages=False)
    try:
        with vault.session() as s:
            opened = s.scalars(
                select(AuditEvent).where(
                    AuditEvent.action == "case.opened", AuditEvent.entity_id == case_id
                )
            ).all()
        assert len(opened) == 1
    finally:
        vault.close()

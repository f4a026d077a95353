"""Administration: users (add, reset password, deactivate), backup and restore, audit log."""

from __future__ import annotations

from pathlib import Path

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QDialogButtonBox, QMessageBox
from shell_helpers import ADMIN, ADMIN_PASSWORD, NEW_PASSWORD, SUPERVISOR_PASSWORD, log_in

from casework.errors import WrongCredentials
from casework.store.vault import Vault
from casework.ui.admin import AdminScreen
from casework.ui.admin.audit_tab import AuditModel


@pytest.fixture
def admin_screen(qtbot, admin_ctx) -> AdminScreen:  # noqa: ANN001
    screen = AdminScreen(admin_ctx)
    qtbot.addWidget(screen)
    screen.show()
    qtbot.waitUntil(lambda: screen.users.model.rowCount() > 0)
    return screen


def _row_of(screen: AdminScreen, username: str) -> int:
    return next(i for i, r in enumerate(screen.users.model.rows) if r.username == username)


def _ok(dialog) -> None:  # noqa: ANN001
    dialog.buttons.button(QDialogButtonBox.StandardButton.Ok).click()


def test_add_user(qtbot, admin_screen: AdminScreen, shell_vault: Path) -> None:  # noqa: ANN001
    dialog = admin_screen.users.add_user()
    qtbot.waitUntil(dialog.isVisible)
    qtbot.keyClicks(dialog.username, "fatou")
    qtbot.keyClicks(dialog.display_name, "Fatou Diallo")
    dialog.roles[next(iter(dialog.roles))].setChecked(True)  # caseworker
    ok = dialog.buttons.button(QDialogButtonBox.StandardButton.Ok)
    assert not ok.isEnabled()
    qtbot.keyClicks(dialog.passwords.password, NEW_PASSWORD)
    qtbot.keyClicks(dialog.passwords.confirm, NEW_PASSWORD)
    assert ok.isEnabled()
    _ok(dialog)
    qtbot.waitUntil(lambda: any(r.username == "fatou" for r in admin_screen.users.model.rows))
    row = _row_of(admin_screen, "fatou")
    model = admin_screen.users.model
    assert model.data(model.index(row, 2)) == "Caseworker"
    Vault.open(shell_vault, "fatou", NEW_PASSWORD, verify_pages=False).close()


def test_add_user_refusal_is_shown_under_the_field(qtbot, admin_screen: AdminScreen) -> None:  # noqa: ANN001
    dialog = admin_screen.users.add_user()
    dialog.username.setText("sara")  # taken
    dialog.display_name.setText("Another Sara")
    dialog.passwords.password.setText(NEW_PASSWORD)
    dialog.passwords.confirm.setText(NEW_PASSWORD)
    dialog.roles[next(iter(dialog.roles))].setChecked(True)
    _ok(dialog)
    message = dialog.errors.labels["username"]
    qtbot.waitUntil(lambda: not message.isHidden())
    assert "already taken" in message.text()
    assert dialog.isVisible()


def test_reset_password(qtbot, admin_screen: AdminScreen, shell_vault: Path) -> None:  # noqa: ANN001
    admin_screen.users.table.selectRow(_row_of(admin_screen, "sara"))
    dialog = admin_screen.users.reset_password()
    assert dialog is not None
    dialog.passwords.password.setText(NEW_PASSWORD)
    dialog.passwords.confirm.setText(NEW_PASSWORD)
    _ok(dialog)
    qtbot.waitUntil(lambda: not dialog.isVisible())
    Vault.open(shell_vault, "sara", NEW_PASSWORD, verify_pages=False).close()
    with pytest.raises(WrongCredentials):
        Vault.open(shell_vault, "sara", SUPERVISOR_PASSWORD, verify_pages=False)


def test_deactivate_user_after_confirmation(
    qtbot, admin_screen: AdminScreen, shell_vault: Path
) -> None:  # noqa: ANN001
    users_tab = admin_screen.users
    users_tab.table.selectRow(_row_of(admin_screen, ADMIN))
    assert not users_tab.deactivate_button.isEnabled()  # not one's own account
    users_tab.table.selectRow(_row_of(admin_screen, "carl"))
    box = users_tab.deactivate_user()
    qtbot.waitUntil(box.isVisible)
    confirm = next(
        b for b in box.buttons() if box.buttonRole(b) == QMessageBox.ButtonRole.DestructiveRole
    )
    confirm.click()
    model = users_tab.model
    qtbot.waitUntil(lambda: not model.rows[_row_of(admin_screen, "carl")].active)
    assert model.data(model.index(_row_of(admin_screen, "carl"), 3)) == "No"
    with pytest.raises(WrongCredentials):
        Vault.open(shell_vault, "carl", "seven blue camels at dusk", verify_pages=False)


def test_audit_viewer_shows_events_and_verifies(qtbot, admin_screen: AdminScreen) -> None:  # noqa: ANN001
    tabs = admin_screen.tabs
    tabs.setCurrentWidget(admin_screen.audit)
    audit = admin_screen.audit
    qtbot.waitUntil(lambda: audit.model.rowCount() > 0)
    actions = {audit.model.data(audit.model.index(r, AuditModel.ACTION)) for r in range(5)}
    assert "Logged in" in actions or "User added" in actions  # readable labels, not codes
    audit.action.setCurrentIndex(audit.action.findData("user."))
    audit.search()
    assert all(r.action.startswith("user.") for r in audit.model.rows)
    assert audit.model.rowCount() >= 2
    audit.verify_button.click()
    qtbot.waitUntil(lambda: audit.report is not None)
    assert audit.report.ok
    assert "intact" in audit.result.text()
    assert "integrity check" in audit.result.text()


def test_audit_model_pages_through_many_events(qtbot, admin_ctx, qtmodeltester) -> None:  # noqa: ANN001
    from casework.services import users

    for n in range(5):
        users.set_setting(admin_ctx, f"k{n}", "v")
        with admin_ctx.write() as uow:
            uow.audit("test.event", "test", n)
    model = AuditModel(admin_ctx)
    from casework.services.audit import AuditQuery

    model.load(AuditQuery(limit=3))
    assert model.rowCount() == 3 and model.canFetchMore()
    model.fetchMore()
    assert model.rowCount() == 6
    qtmodeltester.check(model)


def test_supervisor_sees_the_audit_log_read_only(qtbot, session) -> None:  # noqa: ANN001
    log_in(qtbot, session, "sara", SUPERVISOR_PASSWORD)
    screen = session.window.screen_named("AdminScreen")
    assert screen.users is None and screen.backup is None
    assert screen.tabs.count() == 2  # the audit log and retention (anonymisation)
    assert screen.retention is not None and not screen.retention.save_button.isVisibleTo(screen)
    session.window.show_page("AdminScreen")
    qtbot.waitUntil(lambda: screen.audit.model.rowCount() > 0)
    assert screen.audit.verify_button.isHidden()


def test_backup_and_restore(qtbot, admin_screen: AdminScreen, tmp_path: Path) -> None:  # noqa: ANN001
    target = tmp_path / "backups" / "casework.cwbackup"
    target.parent.mkdir()
    admin_screen.backup.backup_to(target)
    qtbot.waitUntil(target.exists)
    message = admin_screen.findChild(QMessageBox, "backupMessage")
    qtbot.waitUntil(
        lambda: message is not None or admin_screen.findChild(QMessageBox, "backupMessage")
    )
    message = admin_screen.findChild(QMessageBox, "backupMessage")
    assert "encrypted" in message.text() and str(target) in message.text()
    message.close()

    occupied = tmp_path / "occupied"
    occupied.mkdir()
    (occupied / "x").write_text("x")
    assert admin_screen.backup.restore_into(target, occupied) is None

    restored = tmp_path / "restored"
    admin_screen.backup.restore_into(target, restored)
    qtbot.waitUntil(lambda: (restored / "keyslots.json").exists())
    Vault.open(restored, ADMIN, ADMIN_PASSWORD).close()
    assert Qt  # noqa: B015


def test_audit_log_reads_oldest_or_newest_first(qtbot, admin_screen: AdminScreen) -> None:  # noqa: ANN001
    """A click on When's header turns the order over (read again from the vault, every page
    after the first in the same order); another column's header says it cannot be sorted."""
    admin_screen.tabs.setCurrentWidget(admin_screen.audit)
    audit = admin_screen.audit
    qtbot.waitUntil(lambda: audit.model.rowCount() > 1)
    newest = [r.id for r in audit.model.rows]
    assert newest == sorted(newest, reverse=True)
    header = audit.table.horizontalHeader()
    header.setSortIndicator(AuditModel.WHEN, Qt.SortOrder.AscendingOrder)
    qtbot.waitUntil(lambda: [r.id for r in audit.model.rows] == sorted(newest))
    assert audit.model.query.oldest_first
    said: list[object] = []
    audit.status_message.connect(said.append)
    header.setSortIndicator(AuditModel.ACTOR, Qt.SortOrder.AscendingOrder)
    assert header.sortIndicatorSection() == AuditModel.WHEN  # the arrow stays where it sorts
    assert header.sortIndicatorOrder() == Qt.SortOrder.AscendingOrder
    assert said and "cannot be sorted" in str(said[-1])
    assert [r.id for r in audit.model.rows] == sorted(newest)

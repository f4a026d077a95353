"""UI fixtures: a real vault in tmp_path with one user per role, jobs run synchronously, Qt's
settings kept out of the user's real configuration."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest
from PySide6.QtCore import QCoreApplication, QEvent, QStandardPaths
from PySide6.QtWidgets import QApplication
from shell_helpers import (
    ADMIN,
    ADMIN_PASSWORD,
    CASEWORKER_PASSWORD,
    SUPERVISOR_PASSWORD,
    test_pages,
)

from casework.model.enums import Role
from casework.services import users
from casework.services.context import ServiceContext
from casework.store.vault import Vault
from casework.ui.background import use_synchronous_pool
from casework.ui.view_scale import apply_zoom


@pytest.fixture(autouse=True)
def _synchronous_jobs(qapp: QApplication) -> Iterator[None]:
    QStandardPaths.setTestModeEnabled(True)
    qapp.setOrganizationName("CaseworkTests")
    qapp.setApplicationName("CaseworkTests")
    use_synchronous_pool(True)
    yield
    use_synchronous_pool(False)
    _let_go_of_closed_windows(qapp)
    # A window made without a session (no lock to reset it) leaves its user's zoom on the
    # application's font: the next test's pages would be measured at 110 %.
    apply_zoom(100)


def _let_go_of_closed_windows(qapp: QApplication) -> None:
    """The windows this test closed are deleted now, and the memory release a lock schedules
    once its window is destroyed (ui/memory.py: a full gc.collect) runs now, in this test. Left
    to the next test's first wait, that collection — seconds in a process that has run hundreds
    of tests — held the GIL through the next test's waits: an office server's push arrived two
    seconds late and its test failed, only late in the full suite."""
    QCoreApplication.sendPostedEvents(None, QEvent.Type.DeferredDelete.value)
    for _ in range(2):  # the release is a zero-delay timer started by the deletion
        qapp.processEvents()


@pytest.fixture
def real_threads() -> Iterator[None]:
    """Calls are delivered as in production: from their own thread, through the event loop."""
    use_synchronous_pool(False)
    yield
    use_synchronous_pool(True)


@pytest.fixture
def shell_vault(tmp_path: Path) -> Path:
    """A closed vault with an administrator, a supervisor and a caseworker."""
    folder = tmp_path / "vault"
    vault, _recovery = Vault.create(
        folder,
        organisation="Sahel Hope",
        admin_username=ADMIN,
        admin_password=ADMIN_PASSWORD,
        admin_display_name="Ada Admin",
    )
    ctx = ServiceContext.for_vault(vault)
    users.create_user(ctx, "sara", "Sara Supervisor", {Role.SUPERVISOR}, SUPERVISOR_PASSWORD)
    users.create_user(ctx, "carl", "Carl Caseworker", {Role.CASEWORKER}, CASEWORKER_PASSWORD)
    vault.close()
    return folder


@pytest.fixture
def admin_ctx(shell_vault: Path) -> Iterator[ServiceContext]:
    vault = Vault.open(shell_vault, ADMIN, ADMIN_PASSWORD, verify_pages=False)
    yield ServiceContext.for_vault(vault)
    vault.close()


@pytest.fixture
def session(qtbot, shell_vault: Path):  # noqa: ANN001, ANN201
    """A session controller on the shell vault with the scratch and Administration pages."""
    from casework.ui.session import SessionController

    controller = SessionController(shell_vault, test_pages)
    qtbot.addWidget(controller.login)
    yield controller
    controller.shutdown()

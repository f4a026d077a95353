"""A training room on an office server: the trainer logs in from the login window, the
workshop banner shows, and "Reset workshop…" puts the server's data back."""

from __future__ import annotations

from collections.abc import Iterator

import pytest
from PySide6.QtCore import QSettings
from shell_helpers import test_pages
from sqlalchemy import func, select

from casework.model import Case
from casework.model.enums import ClientCategory, CustodyStatus
from casework.services import cases
from casework.ui.server_login import ADDRESS_KEY, CA_KEY, MODE_KEY
from casework.ui.session import SessionController
from casework.workshop.accounts import ACCOUNTS
from casework.workshop.server_fill import fill_server

pytestmark = pytest.mark.postgres
PASSWORDS = {a.name: a.password for a in ACCOUNTS}


@pytest.fixture(autouse=True)
def _forget_the_server() -> Iterator[None]:
    yield
    settings = QSettings()
    for key in (MODE_KEY, ADDRESS_KEY, CA_KEY):
        settings.remove(key)


def _log_in(qtbot, controller: SessionController, pg_server, database: str, user: str) -> None:  # noqa: ANN001
    controller.show_login()
    login = controller.login
    login.server.server_button.click()
    login.server.address.setText(f"localhost:{pg_server.port}/{database}")
    login.server.set_ca_file(str(pg_server.ca_file))
    login.username.setText(user)
    login.password.setText(PASSWORDS[user])
    login.unlock_button.click()
    qtbot.waitUntil(lambda: controller.window is not None and controller.window.isVisible())


def _count(controller: SessionController) -> int:
    with controller.ctx.vault.session() as s:
        return s.scalar(select(func.count()).select_from(Case)) or 0


def test_the_trainer_resets_a_workshop_server_from_the_app(qtbot, pg_server, pg_database, tmp_path):  # noqa: ANN001
    fill_server(pg_server.url(pg_database), cases=2, seed=5, language="en")
    controller = SessionController(tmp_path / "data", pages=test_pages)
    try:
        _log_in(qtbot, controller, pg_server, pg_database, "trainer")
        window = controller.window
        assert controller.workshop and window.banner.isVisible()
        assert window.reset_workshop_action.isVisible()
        before = _count(controller)
        cases.create_case(
            controller.ctx,
            cases.CaseInput("Workshop Test", ClientCategory.FAMILY_MEMBER,
                            CustodyStatus.RETURNED, "KE"),
        )  # fmt: skip
        assert _count(controller) == before + 1
        box = window.confirm_reset_workshop()
        assert box is not None
        with qtbot.waitSignal(controller.workshop_reset, timeout=30000):
            box.findChild(type(box.defaultButton()), "confirmWorkshopResetButton").click()
        assert controller.vault is None and controller.login.isVisible()
        assert "reset" in controller.login.intro.text()
        _log_in(qtbot, controller, pg_server, pg_database, "trainer")
        assert _count(controller) == before
    finally:
        controller.shutdown()

"""The app on the office server: logging in from the login window, colleagues' changes pushed
to the pages on screen, and a lost connection survived (banner, input kept, reconnect)."""

from __future__ import annotations

import time
from collections.abc import Iterator

import pytest
from PySide6.QtCore import QSettings
from server_helpers import PASSWORDS, Office, make_office
from shell_helpers import ScratchScreen, test_pages

from casework.i18n import set_language
from casework.model.enums import ConsentMethod, ConsentPurpose, InfoScope, OrgType, ServiceType
from casework.services import cases, consents, directory, referrals
from casework.services.context import ServiceContext
from casework.store.server import ServerStore
from casework.store.server_connection import ServerUnreachable
from casework.ui.server_login import ADDRESS_KEY, CA_KEY, MODE_KEY
from casework.ui.session import SessionController

pytestmark = pytest.mark.postgres


@pytest.fixture(autouse=True)
def _forget_the_server() -> Iterator[None]:
    """Other tests' login windows open on "This computer": leave the settings as found."""
    yield
    settings = QSettings()
    for key in (MODE_KEY, ADDRESS_KEY, CA_KEY):
        settings.remove(key)


@pytest.fixture
def office(pg_server, pg_database) -> Office:  # noqa: ANN001
    return make_office(pg_server, pg_database)


@pytest.fixture
def controllers(tmp_path) -> Iterator[list[SessionController]]:  # noqa: ANN001
    made: list[SessionController] = []
    yield made
    for controller in made:
        controller.shutdown()


def _log_in_to_server(qtbot, controller: SessionController, office: Office, user: str) -> None:  # noqa: ANN001
    controller.show_login()
    login = controller.login
    login.server.server_button.click()
    login.server.address.setText(office.typed_address)
    login.server.set_ca_file(str(office.pg.ca_file))  # type: ignore[attr-defined]
    login.username.setText(user)
    login.password.setText(PASSWORDS[user])
    login.unlock_button.click()
    qtbot.waitUntil(lambda: controller.window is not None and controller.window.isVisible())


def test_the_login_window_opens_the_office_server_and_remembers_where_it_is(
    qtbot, office, controllers, tmp_path
) -> None:  # noqa: ANN001
    folder = tmp_path / "data"
    controller = SessionController(folder, pages=test_pages)
    controllers.append(controller)
    login = controller.login
    assert not login.server.address.isVisible()  # "This computer" first, as before
    controller.show_login()
    login.server.server_button.click()
    assert login.server.address.isVisible() and not login.workshop_button.isVisible()
    assert not login.mode_button.isVisible()  # no recovery key for a server
    assert "office server" in login.intro.text()

    # A CA that did not issue the server's certificate: refused, said plainly, in French too.
    login.server.address.setText(office.typed_address)
    login.server.set_ca_file(str(office.pg.other_ca_file))
    login.username.setText("carl")
    login.password.setText(PASSWORDS["carl"])
    login.unlock_button.click()
    qtbot.waitUntil(lambda: login.error.isVisible())
    assert "not issued by the office's CA file" in login.error_text()
    set_language("fr")
    assert "autorité de certification" in login.error_text()
    set_language("en")
    assert controller.window is None

    _log_in_to_server(qtbot, controller, office, "carl")
    store = controller.ctx.vault
    assert isinstance(store, ServerStore) and store.opened_by == "carl"
    assert controller.window.folder_label.text().startswith("Office server: ")
    assert not folder.exists()  # nothing under the data folder: no vault, no cache

    # The next start opens on the office server, address and CA file filled in (no password).
    from casework.ui.login import LoginWindow

    again = LoginWindow(folder)
    qtbot.addWidget(again)
    assert again.server.on
    assert again.server.address.text() == office.typed_address
    assert again.server.ca_path == str(office.pg.ca_file)
    assert again.password.text() == ""


def _ctx(office: Office, user: str) -> ServiceContext:
    return ServiceContext.for_vault(office.open(user))


def test_a_colleagues_referral_shows_on_the_open_page_within_two_seconds(
    qtbot, office, controllers, tmp_path
) -> None:  # noqa: ANN001
    sara, carl = _ctx(office, "sara"), _ctx(office, "carl")
    org = directory.create_organisation(
        sara,
        directory.OrganisationInput(
            "Nairobi Youth Futures",
            OrgType.CSO,
            country="KE",
            services=(directory.ServiceOffer(ServiceType.VOCATIONAL_TRAINING, "Tailoring"),),
        ),
    )
    from casework.model.enums import ClientCategory, CustodyStatus

    case = cases.create_case(
        sara,
        cases.CaseInput(
            alias="Amina",
            category=ClientCategory.RETURNEE_FTF,
            custody_status=CustodyStatus.RETURNED,
            country="KE",
            caseworker_id=carl.actor.user_id,
        ),
    )
    controller = SessionController(tmp_path / "data")
    controllers.append(controller)
    controller.open_session(office.open("sara"))
    window = controller.window
    window.show_page("ReferralsScreen")
    screen = window.screen_named("ReferralsScreen")
    screen.set_view("all")
    listener = controller.server_link.listener
    qtbot.waitUntil(listener.listening.is_set, timeout=5000)
    before = screen.model.rowCount()

    consents.record_consent(
        carl,
        case,
        consents.ConsentInput(
            purpose=ConsentPurpose.INFORMATION_SHARING,
            given_on=carl.today(),
            method=ConsentMethod.SIGNED_FORM,
            scope=frozenset({InfoScope.IDENTITY, InfoScope.PLAN}),
            recipient_org_id=org,
        ),
    )
    referral = referrals.create_referral(
        carl,
        case,
        referrals.ReferralInput(ServiceType.VOCATIONAL_TRAINING, org, purpose="Tailoring"),
    )
    referrals.send_referral(carl, referral)
    sent = time.monotonic()
    qtbot.waitUntil(lambda: screen.model.rowCount() == before + 1, timeout=2000)
    assert time.monotonic() - sent < 2
    carl.vault.close()
    sara.vault.close()


def test_losing_the_server_shows_a_banner_keeps_input_and_reconnects(
    qtbot, office, controllers, tmp_path
) -> None:  # noqa: ANN001
    pg = office.pg
    controller = SessionController(tmp_path / "data", pages=test_pages)
    controllers.append(controller)
    _log_in_to_server(qtbot, controller, office, "carl")
    link = controller.server_link
    qtbot.waitUntil(link.listener.listening.is_set, timeout=5000)
    banner = link.banner
    assert not banner.isVisible()
    scratch = controller.window.screen_named("ScratchScreen")
    assert isinstance(scratch, ScratchScreen)
    scratch.edit.setText("Visit planned with the imam on Friday")
    ctx = controller.ctx
    elsewhere = _ctx(office, "carl")  # a session with no listener: only its own calls notice
    cases.create_case(elsewhere, _case_input())

    pg.stop()  # type: ignore[attr-defined]
    try:
        with pytest.raises(ServerUnreachable):  # translated, not a driver error
            cases.create_case(elsewhere, _case_input())
        qtbot.waitUntil(banner.isVisible, timeout=5000)
        assert "Connection to the office server lost — reconnecting…" in banner.text()
        set_language("fr")
        assert "Connexion au serveur du bureau perdue" in banner.text()
        set_language("en")
        assert scratch.edit.text() == "Visit planned with the imam on Friday"
        # Calls fail at once with a clear message: the UI never waits on the network.
        started = time.monotonic()
        with pytest.raises(ServerUnreachable):
            cases.create_case(ctx, _case_input())
        assert time.monotonic() - started < 0.5
    finally:
        pg.start()  # type: ignore[attr-defined]
    qtbot.waitUntil(lambda: not banner.isVisible(), timeout=15000)
    assert scratch.edit.text() == "Visit planned with the imam on Friday"
    assert cases.create_case(ctx, _case_input()) > 0  # saving works again
    assert cases.create_case(elsewhere, _case_input()) > 0
    elsewhere.vault.close()

    # A lock in server mode keeps the typed input in memory only, and hands it back.
    controller.lock()
    with office.open("carl") as store, store.session() as s:
        from sqlalchemy import text

        assert s.execute(text("SELECT count(*) FROM drafts")).scalar_one() == 0
    _log_in_to_server(qtbot, controller, office, "carl")
    scratch = controller.window.screen_named("ScratchScreen")
    assert scratch.edit.text() == "Visit planned with the imam on Friday"


def _case_input() -> cases.CaseInput:
    from casework.model.enums import ClientCategory, CustodyStatus

    return cases.CaseInput(
        alias="Bashir",
        category=ClientCategory.RETURNEE_FTF,
        custody_status=CustodyStatus.RETURNED,
        country="KE",
    )


def test_a_laptop_without_a_vault_goes_from_the_first_run_to_the_office_server(
    qtbot, tmp_path
) -> None:  # noqa: ANN001
    from casework.ui.application import Launcher, parse_options

    folder = tmp_path / "new"
    launcher = Launcher(parse_options(["--vault", str(folder)]), test_pages)
    launcher.start()
    wizard = launcher.wizard
    assert wizard is not None
    qtbot.addWidget(wizard)
    wizard.language.server_button.click()
    login = launcher.session.login
    qtbot.addWidget(login)
    assert launcher.wizard is None and login.isVisible()
    assert login.server.on and login.server.address.isVisible()
    assert not folder.exists()  # no vault was made
    login.close()


def test_an_approval_and_a_returned_plan_reach_the_caseworkers_session(
    qtbot, office, controllers, tmp_path
) -> None:  # noqa: ANN001
    from casework.model.enums import LifeDomain
    from casework.services import plans
    from casework.ui import changes

    sara, carl = _ctx(office, "sara"), _ctx(office, "carl")
    case = cases.create_case(carl, _case_input())
    plan = plans.create_plan(carl, case)
    plans.add_goal(carl, plan, plans.GoalInput(LifeDomain.EMPLOYMENT, "Open a tailoring shop"))
    plans.submit_plan(carl, plan)

    controller = SessionController(tmp_path / "data", pages=test_pages)
    controllers.append(controller)
    controller.open_session(office.open("carl"))
    qtbot.waitUntil(controller.server_link.listener.listening.is_set, timeout=5000)
    heard: list[frozenset[str]] = []
    changes.hub(controller.ctx).changed.connect(heard.append)

    plans.approve_plan(sara, plan)
    qtbot.waitUntil(lambda: any("plan" in kinds for kinds in heard), timeout=2000)
    heard.clear()
    second = plans.new_version(carl, case)  # carl's own writes: not pushed back to him
    plans.submit_plan(carl, second)
    qtbot.wait(500)
    assert not any("plan" in kinds for kinds in heard)
    plans.return_plan(sara, second, "Add a date for the first step")
    qtbot.waitUntil(lambda: any("plan" in kinds for kinds in heard), timeout=2000)
    carl.vault.close()
    sara.vault.close()

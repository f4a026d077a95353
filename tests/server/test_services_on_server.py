"""The services, unchanged, on an office server: each user connects with their own login role.

The whole services suite also runs on both backends (tests/services/conftest.py); these check
what only a server has: numbering across hidden cases, the server-sealed trail, logins that are
not Casework users.
"""

from __future__ import annotations

import datetime as dt

import pytest

from casework.errors import PermissionDenied
from casework.model.enums import ClientCategory, CustodyStatus, NoteKind, Role
from casework.services import case_list, cases, notes, server_admin
from casework.services.context import ServiceContext
from casework.store.server import ServerStore

pytestmark = pytest.mark.postgres

PASSWORDS = {
    "ada": "orchard lantern quietly ninety",
    "carl": "seven blue camels at dusk",
    "omar": "mango river boat sings loud",
    "sara": "copper kettle over the dune",
}


@pytest.fixture
def team(pg_server, pg_database):
    url = pg_server.url(pg_database)
    server_admin.init_server(
        url, organisation="Sahel Hope", admin_username="ada", admin_password=PASSWORDS["ada"]
    )
    for name, role in (("carl", Role.CASEWORKER), ("omar", Role.CASEWORKER),
                       ("sara", Role.SUPERVISOR)):  # fmt: skip
        server_admin.add_user(url, name, name.title(), {role}, PASSWORDS[name])
    stores = {name: ServerStore.open(url, name, pw) for name, pw in PASSWORDS.items()}
    yield {name: ServiceContext.for_vault(store) for name, store in stores.items()}, url
    for store in stores.values():
        store.close()


def _new_case(ctx: ServiceContext, alias: str) -> int:
    return cases.create_case(
        ctx,
        cases.CaseInput(
            alias=alias,
            category=ClientCategory.RETURNEE_FTF,
            custody_status=CustodyStatus.RETURNED,
            country="KE",
        ),
    )


def test_caseworkers_work_on_their_own_cases_and_the_trail_stays_sealed(team):
    ctx, url = team
    mine = _new_case(ctx["carl"], "Aïcha")
    theirs = _new_case(ctx["omar"], "Bashir")
    notes.add_note(
        ctx["carl"], mine, notes.NoteInput(NoteKind.HOME_VISIT, dt.date.today(), "Met the family")
    )
    opened = cases.open_case(ctx["carl"], mine)
    assert (opened.data.alias, opened.reference) == ("Aïcha", "KE-" + str(dt.date.today().year)
                                                     + "-0001")  # fmt: skip
    assert cases.open_case(ctx["omar"], theirs).reference.endswith("-0002")
    with pytest.raises(PermissionDenied):
        cases.open_case(ctx["carl"], theirs)
    report = server_admin.verify(url)
    assert report.ok, report.problems
    with ServerStore.open(url, "sara", PASSWORDS["sara"]) as store, store.session() as s:
        from sqlalchemy import select

        from casework.model import AuditEvent

        trail = s.execute(
            select(AuditEvent.actor_name, AuditEvent.action).where(AuditEvent.id > 2)
        ).all()
    assert ("carl", "access.refused") in trail
    assert ("omar", "case.created") in trail


def test_a_login_that_is_not_a_casework_user_is_refused(team, pg_server, pg_database):
    from casework.errors import VaultError

    _ctx, url = team
    with pytest.raises(VaultError, match="not a Casework user"):
        ServerStore.open(url, "postgres", pg_server.password)


def test_the_case_list_shows_each_user_what_they_may_see(team):
    ctx, _url = team
    mine = _new_case(ctx["carl"], "Aïcha")
    theirs = _new_case(ctx["omar"], "Bashir")
    listed = case_list.list_cases(ctx["carl"], case_list.CaseQuery())
    assert [row.id for row in listed.rows] == [mine]
    everything = case_list.list_cases(ctx["sara"], case_list.CaseQuery())
    assert {row.id for row in everything.rows} == {mine, theirs}

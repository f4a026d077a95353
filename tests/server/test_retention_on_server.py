"""Anonymisation on an office server is done by the server's own functions: each role calls
them with raw SQL (psycopg, as `psql` would) and the database itself checks the role, the
four-eyes rule and the date, scrubs the case and audits it."""

from __future__ import annotations

import datetime as dt

import psycopg
import pytest
from sqlalchemy import select
from sqlalchemy.orm import Session

from casework.model import AuditEvent, Case, Note, RetentionRule, User
from casework.model.enums import (
    CaseStatus,
    ClientCategory,
    CustodyStatus,
    NoteKind,
    Role,
    Subregion,
)
from casework.services import server_admin
from casework.store import audit_chain, postgres, server_security

pytestmark = pytest.mark.postgres

ADA_PW = "orchard lantern quietly ninety"
BEN_PW = "amber violin under seven hills"
CARL_PW = "seven blue camels at dusk"
SARA_PW = "copper kettle over the dune"
MONA_PW = "violet harbour keeps nine owls"
EVE_PW = "quiet heron paints the wall"
SECRET = "Moussa Traoré"


@pytest.fixture
def server(pg_server, pg_database) -> dict[str, object]:  # noqa: ANN001
    url = pg_server.url(pg_database)
    server_admin.init_server(
        url, organisation="Sahel Hope", admin_username="ada", admin_password=ADA_PW
    )
    server_admin.add_user(url, "ben", "Ben", {Role.ADMINISTRATOR}, BEN_PW)
    server_admin.add_user(url, "carl", "Carl", {Role.CASEWORKER}, CARL_PW)
    server_admin.add_user(url, "sara", "Sara", {Role.SUPERVISOR}, SARA_PW)
    server_admin.add_user(url, "mona", "Mona", {Role.ME_OFFICER}, MONA_PW)
    engine = postgres.make_engine(url)
    ids: dict[str, object] = {"url": url, "database": pg_database}
    with Session(engine) as s, s.begin():
        users = {u.username: u.id for u in s.query(User)}
        s.add(RetentionRule(category=ClientCategory.RETURNEE_FTF, years=5))
        for name, closed in (("old", dt.date(2019, 3, 1)), ("recent", dt.date(2025, 1, 10))):
            case = Case(
                reference=f"KE-2019-{name}", alias="Abu Layla", legal_name=SECRET,
                phone="+254 555 0101", category=ClientCategory.RETURNEE_FTF,
                custody_status=CustodyStatus.RETURNED, subregion=Subregion.GREATER_HORN,
                country="KE", caseworker_id=users["carl"], status=CaseStatus.CLOSED,
                closed_on=closed,
            )  # fmt: skip
            s.add(case)
            s.flush()
            s.add(Note(case_id=case.id, kind=NoteKind.HOME_VISIT, occurred_on=closed,
                       body=f"Met {SECRET} at home", author_id=users["carl"]))  # fmt: skip
            ids[name] = case.id
    engine.dispose()
    # A login that holds the supervisor group role but is no Casework user (an outsider the
    # database's owner let in by mistake): the functions refuse it too.
    with pg_server.connect(pg_database) as owner:
        owner.execute(f"CREATE ROLE eve LOGIN PASSWORD '{EVE_PW}'")
        owner.execute(f'GRANT "{server_security.group_role(pg_database, Role.SUPERVISOR)}" TO eve')
    yield ids
    with pg_server.connect() as conn:
        conn.execute("DROP ROLE IF EXISTS eve")


def _as(pg_server, server, user: str, password: str) -> psycopg.Connection:  # noqa: ANN001
    return pg_server.connect(server["database"], user=user, password=password)


def test_only_supervisors_and_administrators_may_call_them(pg_server, server):
    old = server["old"]
    for user, password in (("carl", CARL_PW), ("mona", MONA_PW), ("eve", EVE_PW)):
        with _as(pg_server, server, user, password) as conn:
            for call in (
                "SELECT * FROM casework_retention_due(current_date)",
                f"SELECT casework_anonymisation_request({old}, current_date)",
                f"SELECT casework_anonymisation_confirm({old}, current_date)",
                f"SELECT casework_anonymisation_cancel({old})",
                "SELECT * FROM casework_anonymisations(NULL)",
            ):
                with pytest.raises(psycopg.errors.InsufficientPrivilege):
                    conn.execute(call)
                conn.rollback()
    with pg_server.connect(server["database"]) as owner:
        legal = owner.execute("SELECT legal_name FROM cases WHERE id = %s", (old,)).fetchone()
        assert legal == (SECRET,)
        assert owner.execute("SELECT count(*) FROM anonymisations").fetchone() == (0,)


def test_four_eyes_dates_and_the_audit_are_the_servers(pg_server, server):
    old, recent = server["old"], server["recent"]
    with _as(pg_server, server, "ada", ADA_PW) as ada:
        # The administrator reads no case, but the due list through the function.
        with pytest.raises(psycopg.errors.InsufficientPrivilege):
            ada.execute("SELECT reference FROM cases")
        ada.rollback()
        due = ada.execute("SELECT case_id FROM casework_retention_due(current_date)").fetchall()
        assert due == [(old,)]  # the recent case is due only in 2030
        # A day later than the server's does not make a case due early.
        with pytest.raises(psycopg.DatabaseError) as refused:
            ada.execute("SELECT casework_anonymisation_request(%s, '2099-01-01')", (recent,))
        assert refused.value.sqlstate == "CW001"
        ada.rollback()
        ada.execute("SELECT casework_anonymisation_request(%s, current_date)", (old,))
        ada.commit()
        # Asking and confirming oneself is refused by the database.
        with pytest.raises(psycopg.DatabaseError) as refused:
            ada.execute("SELECT casework_anonymisation_confirm(%s, current_date)", (old,))
        assert refused.value.sqlstate == "CW006"
        ada.rollback()
    with _as(pg_server, server, "ben", BEN_PW) as ben:
        (certificate,) = ben.execute(
            "SELECT casework_anonymisation_confirm(%s, current_date)", (old,)
        ).fetchone()
        ben.commit()
        assert certificate.startswith("AN-")
        with pytest.raises(psycopg.DatabaseError) as refused:
            ben.execute("SELECT casework_anonymisation_confirm(%s, current_date)", (old,))
        assert refused.value.sqlstate == "CW005"
    with pg_server.connect(server["database"]) as owner:
        row = owner.execute(
            "SELECT alias, legal_name, phone, date_of_birth FROM cases WHERE id = %s", (old,)
        ).fetchone()
        assert row == ("—", "", "", None)
        assert owner.execute("SELECT body FROM notes WHERE case_id = %s", (old,)).fetchone() == (
            "",
        )
        search = owner.execute("SELECT doc::text FROM case_search WHERE case_id = %s", (old,))
        assert "moussa" not in search.fetchone()[0]
        recent_row = owner.execute("SELECT legal_name FROM cases WHERE id = %s", (recent,))
        assert recent_row.fetchone() == (SECRET,)
    engine = postgres.make_engine(server["url"])
    with Session(engine) as s:
        report = audit_chain.verify(s)
        events = s.execute(
            select(AuditEvent.action, AuditEvent.actor_name, AuditEvent.entity_id).where(
                AuditEvent.action.startswith("case.anonymis")
            )
        ).all()
    engine.dispose()
    assert report.ok, report.problems
    assert [tuple(e) for e in events] == [
        ("case.anonymisation_requested", "ada", old),
        ("case.anonymised", "ben", old),
    ]

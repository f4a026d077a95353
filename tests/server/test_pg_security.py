"""The office server enforces the role matrix itself: each role connects with raw SQL (psycopg,
as `psql` would) and is refused by the database whatever the app would have done."""

from __future__ import annotations

import datetime as dt

import psycopg
import pytest
from sqlalchemy import select
from sqlalchemy.orm import Session

from casework.errors import ValidationError
from casework.model import AuditEvent, Base, Case, Note, Organisation, Plan, User
from casework.model.enums import (
    ClientCategory,
    CustodyStatus,
    NoteKind,
    OrgType,
    Role,
    Subregion,
)
from casework.services import server_admin
from casework.store import audit_chain, postgres, server_security

pytestmark = pytest.mark.postgres

ADMIN_PW = "orchard lantern quietly ninety"
CARL_PW = "seven blue camels at dusk"
OMAR_PW = "mango river boat sings loud"
SARA_PW = "copper kettle over the dune"
MONA_PW = "violet harbour keeps nine owls"


class Server:
    def __init__(self, pg_server, database: str) -> None:
        self.pg, self.database = pg_server, database
        self.url = pg_server.url(database)
        self.ids: dict[str, int] = {}

    def as_user(self, user: str, password: str) -> psycopg.Connection:
        return self.pg.connect(self.database, user=user, password=password)


def test_every_table_has_an_access_rule():
    tables = set(Base.metadata.tables) | {"case_search", "directory_search", "alembic_version"}
    assert tables <= server_security.CLASSIFIED


@pytest.fixture
def server(pg_server, pg_database) -> Server:
    srv = Server(pg_server, pg_database)
    server_admin.init_server(
        srv.url, organisation="Sahel Hope", admin_username="ada", admin_password=ADMIN_PW
    )
    server_admin.add_user(srv.url, "carl", "Carl", {Role.CASEWORKER}, CARL_PW)
    server_admin.add_user(srv.url, "omar", "Omar", {Role.CASEWORKER}, OMAR_PW)
    server_admin.add_user(srv.url, "sara", "Sara", {Role.SUPERVISOR}, SARA_PW)
    server_admin.add_user(srv.url, "mona", "Mona", {Role.ME_OFFICER}, MONA_PW)
    engine = postgres.make_engine(srv.url)
    with Session(engine) as s, s.begin():
        users = {u.username: u.id for u in s.query(User)}
        for name in ("carl", "omar"):
            case = Case(
                reference=f"KE-2026-{name}", alias=f"Alias of {name}", legal_name=f"Legal {name}",
                category=ClientCategory.RETURNEE_FTF, custody_status=CustodyStatus.RETURNED,
                subregion=Subregion.GREATER_HORN, country="KE", caseworker_id=users[name],
            )  # fmt: skip
            s.add(case)
            s.flush()
            s.add(Note(case_id=case.id, kind=NoteKind.HOME_VISIT, occurred_on=dt.date(2026, 11, 2),
                       body=f"Visit notes of {name}", author_id=users[name]))  # fmt: skip
            s.add(Plan(case_id=case.id, version=1, created_by_id=users[name]))
            srv.ids[name + "_case"] = case.id
        srv.ids |= users
    engine.dispose()
    return srv


def test_the_search_function_finds_only_the_cases_the_role_may_see(server):
    """casework_case_search runs with its owner's rights (so the index is used) and applies
    the cases' access rule itself: called directly, it gives away no other case's id."""
    search = "SELECT * FROM casework_case_search(%s::text[], %s::text[])"
    words = (["'alias':*AC", "'of':*A"], [None, None])
    restricted = (["'legal':*ACDB"], ["'legal':*"])  # the legal name (B), any case's
    carl, omar = server.ids["carl_case"], server.ids["omar_case"]
    with server.as_user("carl", CARL_PW) as conn:
        assert conn.execute(search, words).fetchall() == [(carl,)]
        assert conn.execute(search, restricted).fetchall() == [(carl,)]
    with server.as_user("sara", SARA_PW) as conn:
        assert sorted(conn.execute(search, words).fetchall()) == sorted([(carl,), (omar,)])
    for user, password in (("mona", MONA_PW), ("ada", ADMIN_PW)):
        with server.as_user(user, password) as conn:
            assert conn.execute(search, restricted).fetchall() == []
    # Not callable at all by a login that is no app user of this database.
    with server.pg.connect() as conn:
        conn.execute("CREATE ROLE stranger LOGIN PASSWORD 'a long stranger password'")
        conn.execute(f'GRANT CONNECT ON DATABASE "{server.database}" TO stranger')
    with server.pg.connect(server.database) as conn:
        conn.execute("GRANT USAGE ON SCHEMA public TO stranger")
    try:
        with (
            server.as_user("stranger", "a long stranger password") as conn,
            pytest.raises(psycopg.errors.InsufficientPrivilege),
        ):
            conn.execute(search, words)
    finally:
        with server.pg.connect(server.database) as conn:
            conn.execute("REVOKE ALL ON SCHEMA public FROM stranger")
        with server.pg.connect() as conn:
            conn.execute(f'REVOKE ALL ON DATABASE "{server.database}" FROM stranger')
            conn.execute("DROP ROLE stranger")


def test_a_caseworker_sees_only_their_own_cases_and_what_hangs_from_them(server):
    with server.as_user("carl", CARL_PW) as conn:
        assert conn.execute("SELECT reference FROM cases").fetchall() == [("KE-2026-carl",)]
        other = server.ids["omar_case"]
        assert conn.execute("SELECT * FROM cases WHERE id = %s", (other,)).fetchall() == []
        assert conn.execute("SELECT body FROM notes").fetchall() == [("Visit notes of carl",)]
        assert conn.execute("SELECT case_id FROM plans").fetchall() == [(server.ids["carl_case"],)]
        assert conn.execute("SELECT case_id FROM case_search").fetchall() == [
            (server.ids["carl_case"],)
        ]
        # Writing to another's case: nothing matches, or the database refuses the row.
        assert conn.execute("UPDATE cases SET alias = 'x' WHERE id = %s", (other,)).rowcount == 0
        with pytest.raises(psycopg.errors.InsufficientPrivilege, match="row-level security"):
            conn.execute(
                "INSERT INTO notes (case_id, kind, occurred_on, body, restricted, author_id,"
                " created_at) VALUES (%s, 'contact', '2026-11-03', 'x', false, %s, now())",
                (other, server.ids["carl"]),
            )
        with pytest.raises(psycopg.errors.InsufficientPrivilege, match="row-level security"):
            conn.execute(
                "UPDATE cases SET caseworker_id = %s WHERE id = %s",
                (server.ids["omar"], server.ids["carl_case"]),
            )
        # Their own case they may edit.
        assert (
            conn.execute(
                "UPDATE cases SET alias = 'Renamed' WHERE id = %s", (server.ids["carl_case"],)
            ).rowcount
            == 1
        )
    with server.pg.connect(server.database) as owner:
        assert owner.execute("SELECT alias FROM cases WHERE id = %s", (other,)).fetchone() == (
            "Alias of omar",
        )


def test_the_audit_trail_is_insert_only_and_its_key_invisible(server):
    with server.as_user("carl", CARL_PW) as conn:
        # A client cannot forge the chain: the server replaces id, time, actor and MACs.
        conn.execute(
            "INSERT INTO audit_events (id, at, actor_id, actor_name, action, entity, details,"
            " prev_mac, mac) VALUES (1000, '2001-01-01', %s, 'sara', 'case.opened', 'case',"
            " '{\"note\": \"Aïcha\\n\"}', 'forged'::bytea, 'forged'::bytea)",
            (server.ids["sara"],),
        )
        for statement in (
            "UPDATE audit_events SET action = 'forged'",
            "DELETE FROM audit_events",
            "TRUNCATE audit_events",
        ):
            with pytest.raises(psycopg.errors.InsufficientPrivilege):
                conn.execute(statement)
        # Others' events (the administrator's) are not theirs to read; their own are.
        assert conn.execute("SELECT actor_name FROM audit_events").fetchall() == [("carl",)]
        assert conn.execute("SELECT * FROM vault_meta WHERE key = 'audit_key'").fetchall() == []
        assert conn.execute("SELECT value FROM vault_meta WHERE key = 'organisation'").fetchall()
        with pytest.raises(psycopg.errors.InsufficientPrivilege):
            conn.execute("INSERT INTO user_roles (user_id, role) VALUES (%s, 'supervisor')",
                         (server.ids["carl"],))  # fmt: skip
    engine = postgres.make_engine(server.url)
    with Session(engine) as s:
        report = audit_chain.verify(s)
        sealed = s.scalars(select(AuditEvent).order_by(AuditEvent.id.desc())).first()
    engine.dispose()
    assert report.ok, report.problems
    assert (sealed.id, sealed.actor_name, sealed.actor_id) == (
        report.events,
        "carl",
        server.ids["carl"],
    )
    assert sealed.at.year == dt.date.today().year and sealed.mac != b"forged"
    with server.as_user("sara", SARA_PW) as conn:
        assert conn.execute("SELECT count(*) FROM audit_events").fetchone()[0] >= 6
        with pytest.raises(psycopg.errors.InsufficientPrivilege):
            conn.execute("UPDATE vault_meta SET value = '1:00' WHERE key = 'audit_head'")
        with pytest.raises(psycopg.errors.InsufficientPrivilege):
            conn.execute("UPDATE audit_events SET action = 'forged'")
        assert conn.execute("SELECT * FROM vault_meta WHERE key = 'audit_key'").fetchall() == []


def test_a_supervisor_sees_every_case_administrators_and_me_officers_none(server):
    with server.as_user("sara", SARA_PW) as conn:
        assert len(conn.execute("SELECT id FROM cases").fetchall()) == 2
        assert len(conn.execute("SELECT id FROM notes").fetchall()) == 2
    for user, password in (("ada", ADMIN_PW), ("mona", MONA_PW)):
        with server.as_user(user, password) as conn:
            for table in ("cases", "notes", "plans", "case_search"):
                with pytest.raises(psycopg.errors.InsufficientPrivilege):
                    conn.execute(f"SELECT * FROM {table}")


def test_passwords_are_scram_and_changes_take_effect(server):
    with server.pg.connect(server.database) as owner:
        stored = owner.execute("SELECT rolpassword FROM pg_authid WHERE rolname = 'carl'")
        assert stored.fetchone()[0].startswith("SCRAM-SHA-256$")
    new = "ninety green kites over lagos"
    server_admin.set_password(server.url, "carl", new)
    server.as_user("carl", new).close()
    with pytest.raises(psycopg.OperationalError, match="password authentication failed"):
        server.as_user("carl", CARL_PW)
    server_admin.remove_user(server.url, "carl")
    with pytest.raises(psycopg.OperationalError, match="authentication failed"):
        server.as_user("carl", new)
    with server.pg.connect(server.database) as owner:
        assert owner.execute("SELECT active FROM users WHERE username = 'carl'").fetchone() == (
            False,
        )
        actions = [r[0] for r in owner.execute("SELECT action FROM audit_events ORDER BY id")]
    assert actions[-2:] == ["user.password_reset", "user.removed"]


def test_refusals_are_clear_messages(server):
    with pytest.raises(server_admin.ServerError, match="already holds a Casework schema"):
        server_admin.init_server(
            server.url, organisation="X", admin_username="zed", admin_password=ADMIN_PW
        )
    with pytest.raises(server_admin.ServerError, match="already has a role named postgres"):
        server_admin.add_user(server.url, "postgres", "", {Role.CASEWORKER}, OMAR_PW + " x")
    with pytest.raises(ValidationError):
        server_admin.add_user(server.url, "Bad Name!", "", {Role.CASEWORKER}, OMAR_PW)
    with pytest.raises(server_admin.ServerError, match="last administrator"):
        server_admin.remove_user(server.url, "ada")
    wrong = server.pg.url(server.database, password="wrong")
    with pytest.raises(server_admin.ServerError, match="Could not connect") as caught:
        server_admin.add_user(wrong, "newbie", "", {Role.CASEWORKER}, OMAR_PW)
    assert server.pg.password not in str(caught.value)
    with pytest.raises(server_admin.ServerError, match="must start with postgresql://"):
        server_admin.add_user("mysql://x/y", "newbie", "", {Role.CASEWORKER}, OMAR_PW)
    with server.pg.connect(server.database) as owner:
        assert owner.execute(
            "SELECT count(*) FROM pg_roles WHERE rolname = 'newbie'"
        ).fetchone() == (0,)


def test_check_url():
    assert server_admin.check_url("postgresql://a:b@h:5432/casework") == "casework"
    with pytest.raises(server_admin.ServerError):
        server_admin.check_url("postgresql://a@h/")
    assert "secret" not in server_admin.shown_url("postgresql://a:secret@h/db")


def test_a_database_owner_without_superuser_rights_can_run_the_server(pg_server, pg_database):
    """As the README sets it up on Debian: an owner role with CREATEROLE, not a superuser."""
    owner, owner_pw = f"{pg_database}_owner", "owner password for the tests"
    with pg_server.connect() as conn:
        conn.execute(f"CREATE ROLE {owner} LOGIN CREATEROLE PASSWORD '{owner_pw}'")
        conn.execute(f"ALTER DATABASE {pg_database} OWNER TO {owner}")
    url = pg_server.url(pg_database, user=owner, password=owner_pw)
    server_admin.init_server(
        url, organisation="Sahel Hope", admin_username="ada", admin_password=ADMIN_PW
    )
    server_admin.add_user(url, "carl", "Carl", {Role.CASEWORKER}, CARL_PW)
    with pg_server.connect(pg_database, user="carl", password=CARL_PW) as conn:
        conn.execute(
            "INSERT INTO audit_events (at, actor_name, action, entity, details, prev_mac, mac)"
            " VALUES (now(), 'x', 'case.opened', 'case', '{}', '', '')"
        )
        assert conn.execute("SELECT count(*) FROM cases").fetchone() == (0,)
        with pytest.raises(psycopg.errors.InsufficientPrivilege):
            conn.execute("DELETE FROM audit_events")
    assert server_admin.verify(url).ok
    assert server_admin.verify(url).events == 4


def test_the_exchange_tables_follow_the_role_matrix(server):
    with server.as_user("mona", MONA_PW) as conn:  # M&E officers: nothing of the exchange
        for table in ("exchange_own_keys", "exchange_partners", "exchange_packets"):
            with pytest.raises(psycopg.errors.InsufficientPrivilege):
                conn.execute(f"SELECT * FROM {table}")  # noqa: S608 - fixed names
            conn.rollback()
    with server.as_user("carl", CARL_PW) as conn:
        assert conn.execute("SELECT count(*) FROM exchange_own_keys").fetchone()[0] >= 1
        with pytest.raises(psycopg.errors.InsufficientPrivilege):  # importing cards: managers
            conn.execute(
                "INSERT INTO exchange_partners (organisation_id, name_on_card, country,"
                " signing_key, encryption_key, fingerprint, status, imported_at)"
                " VALUES (1, 'Forged', 'KE', 'x'::bytea, 'x'::bytea, 'f', 'verified', now())"
            )
        conn.rollback()
        with pytest.raises(psycopg.errors.InsufficientPrivilege):  # the keys are the owner's
            conn.execute("UPDATE exchange_own_keys SET active = false")
        conn.rollback()
        with pytest.raises(psycopg.errors.InsufficientPrivilege, match="row-level security"):
            conn.execute(  # a packet in a colleague's name
                "INSERT INTO exchange_packets (packet_id, direction, kind, partner_id, at,"
                " by_user_id) VALUES ('p1', 'outgoing', 'referral', 1, now(), %s)",
                (server.ids["omar"],),
            )
        conn.rollback()
        with pytest.raises(psycopg.errors.InsufficientPrivilege, match="row-level security"):
            conn.execute(  # a link to a referral they cannot see
                "INSERT INTO exchange_referral_links (referral_id, partner_org_id, ref)"
                " VALUES (999999, 1, 'r1')"
            )


def test_a_caseworkers_inbox_reads_its_own_index_under_row_level_security(server):
    """Each referral keeps its case's caseworker (store/referral_owner.py), set by the server
    whatever the client sends; the inbox's filter is an index condition for the caseworker's
    role, not a walk of their cases."""
    engine = postgres.make_engine(server.url)
    with Session(engine) as s, s.begin():
        org = Organisation(name="Clinic", org_type=OrgType.HEALTH, country="KE")
        s.add(org)
        s.flush()
        org_id = org.id
    engine.dispose()
    carl, omar = server.ids["carl"], server.ids["omar"]
    insert = (
        "INSERT INTO referrals (case_id, caseworker_id, service_type, to_org_id, state, purpose,"
        " reason_text, outcome, consent_override_reason, created_by_id, created_at)"
        " VALUES (%s, %s, 'housing', %s, 'draft', '', '', '', '', %s, now())"
    )
    with server.as_user("carl", CARL_PW) as conn:
        conn.execute(insert, (server.ids["carl_case"], omar, org_id, carl))
        assert conn.execute("SELECT caseworker_id FROM referrals").fetchall() == [(carl,)]
        # Claiming a colleague's case's referral as one's own is refused by the server.
        with pytest.raises(psycopg.errors.InsufficientPrivilege):
            conn.execute(insert, (server.ids["omar_case"], carl, org_id, carl))
        with pytest.raises(psycopg.errors.InsufficientPrivilege):
            conn.execute("UPDATE referrals SET case_id = %s", (server.ids["omar_case"],))
        conn.execute("UPDATE referrals SET caseworker_id = %s", (omar,))
        assert conn.execute("SELECT caseworker_id FROM referrals").fetchall() == [(carl,)]
    with server.as_user("omar", OMAR_PW) as conn:
        assert conn.execute("SELECT id FROM referrals").fetchall() == []
    with server.as_user("sara", SARA_PW) as conn:
        assert conn.execute("SELECT caseworker_id FROM referrals").fetchall() == [(carl,)]
    with server.as_user("carl", CARL_PW) as conn:
        conn.execute("SET enable_seqscan = off")  # a table of one row: the plan, not its cost
        plan = "\n".join(
            row[0]
            for row in conn.execute(
                "EXPLAIN SELECT id FROM referrals WHERE direction = 'outgoing'"
                " AND caseworker_id = %s ORDER BY created_at DESC NULLS LAST, id DESC LIMIT 50",
                (carl,),
            )
        )
    assert "ix_referrals_caseworker_inbox" in plan, plan
    assert "Index Cond: ((caseworker_id = " in plan, plan

"""An M&E officer with `psql`: the office server's database gives them the statistics and
nothing else, protected by the database itself (store/server_statistics.py) — no row, no count
from 1 to 4, no period or area that could be differenced against another."""

from __future__ import annotations

import datetime as dt

import psycopg
import pytest
from sqlalchemy.orm import Session

from casework.model import Case, Note, Plan, Task, User
from casework.model.enums import (
    ClientCategory,
    CustodyStatus,
    NoteKind,
    Role,
    Subregion,
)
from casework.services import server_admin
from casework.store import postgres

pytestmark = pytest.mark.postgres

ADMIN_PW = "orchard lantern quietly ninety"
MONA_PW = "violet harbour keeps nine owls"
CARL_PW = "seven blue camels at dusk"
SARA_PW = "copper kettle over the dune"
STATS = "SELECT cell, item, n, state, value FROM casework_statistics(%s, %s, %s, %s)"
CASE_TABLES = ("cases", "notes", "referrals", "plans", "plan_goals", "tasks", "consents",
               "case_search", "referral_events", "case_handovers")  # fmt: skip


def _months_ago(k: int) -> dt.date:
    first = dt.date.today().replace(day=1)
    for _ in range(k):
        first = (first - dt.timedelta(days=1)).replace(day=1)
    return first.replace(day=12)


class Server:
    def __init__(self, pg_server, database: str) -> None:  # noqa: ANN001
        self.pg, self.database = pg_server, database
        self.url = pg_server.url(database)
        self.engine = postgres.make_engine(self.url)

    def mona(self) -> psycopg.Connection:
        return self.pg.connect(self.database, user="stat_mona", password=MONA_PW)

    def add_case(self, country: str, category: ClientCategory, opened: dt.date) -> int:
        region = {"KE": Subregion.GREATER_HORN, "TZ": Subregion.GREATER_HORN}
        with Session(self.engine) as s, s.begin():
            carl = s.query(User).filter_by(username="stat_carl").one()
            case = Case(
                reference=f"{country}-{opened:%Y}-{s.query(Case).count() + 1:04d}",
                alias="Zephyrin Secretalias", legal_name="Legalname Quixote",
                category=category, custody_status=CustodyStatus.RELEASED,
                subregion=region.get(country, Subregion.SAHEL_MAGHREB), country=country,
                caseworker_id=carl.id, opened_on=opened,
            )  # fmt: skip
            s.add(case)
            s.flush()
            at = dt.datetime.combine(opened, dt.time(10), tzinfo=dt.UTC)
            s.add(Note(case_id=case.id, kind=NoteKind.HOME_VISIT, occurred_on=opened,
                       body="Visit notes: Secretalias", author_id=carl.id))  # fmt: skip
            s.add(Plan(case_id=case.id, version=1, created_by_id=carl.id, created_at=at))
            s.add(Task(case_id=case.id, title="Call", due_on=opened, created_at=at,
                       assignee_id=carl.id, created_by_id=carl.id))  # fmt: skip
            return case.id

    def close(self) -> None:
        self.engine.dispose()


@pytest.fixture
def server(pg_server, pg_database):  # noqa: ANN001, ANN201
    srv = Server(pg_server, pg_database)
    server_admin.init_server(
        srv.url, organisation="Sahel Hope", admin_username="stat_ada", admin_password=ADMIN_PW
    )
    server_admin.add_user(srv.url, "stat_mona", "Mona", {Role.ME_OFFICER}, MONA_PW)
    server_admin.add_user(srv.url, "stat_carl", "Carl", {Role.CASEWORKER}, CARL_PW)
    server_admin.add_user(srv.url, "stat_sara", "Sara", {Role.SUPERVISOR}, SARA_PW)
    january = _months_ago(3)
    for i in range(14):
        kind = ClientCategory.RELEASED_OFFENDER if i < 12 else ClientCategory.FAMILY_MEMBER
        srv.add_case("KE", kind, january)
    for _ in range(5):
        srv.add_case("ML", ClientCategory.DISENGAGED, january)
    srv.add_case("TZ", ClientCategory.RELEASED_OFFENDER, january)  # alone in Tanzania
    yield srv
    srv.close()


def near(cell: tuple, true: int) -> bool:
    """Published, and the true count moved by the cell key method (at most 2)."""
    n, state = cell
    return state == "shown" and n >= 5 and abs(n - true) <= 2


def _stats(conn: psycopg.Connection, *args: object) -> list[tuple]:
    args = (*args, None, None, None, None)[:4]
    return sorted(conn.execute(STATS, args).fetchall(), key=repr)


def test_no_row_of_any_case_table_and_no_key(server):
    with server.mona() as conn:
        for table in CASE_TABLES:
            with pytest.raises(psycopg.errors.InsufficientPrivilege):
                conn.execute(f"SELECT * FROM {table}")
            conn.rollback()
        for view in ("aggregate_cases", "aggregate_referrals", "case_references"):
            with pytest.raises(
                (psycopg.errors.UndefinedTable, psycopg.errors.InsufficientPrivilege)
            ):
                conn.execute(f"SELECT * FROM {view}")
            conn.rollback()
        _stats(conn)  # makes the record keys' secret
        mine = "SELECT key FROM vault_meta WHERE key LIKE 'statistics%'"
        assert conn.execute(mine).fetchall() == []
        with pytest.raises(psycopg.errors.InsufficientPrivilege):
            conn.execute("SELECT * FROM casework_record_key_mixer('\\x00'::bytea, 'cases')")
    with server.pg.connect(server.database) as owner:  # the secret exists, out of their reach
        assert len(owner.execute(mine).fetchall()) == 1
    carl = server.pg.connect(server.database, user="stat_carl", password=CARL_PW)
    with carl as conn, pytest.raises(psycopg.errors.InsufficientPrivilege):
        conn.execute(STATS, (None, None, None, None))


def test_counts_only_and_no_small_count(server):
    with server.mona() as conn:
        rows = _stats(conn, None, None, None, dt.date.today())
    text = repr(rows)
    for secret in ("Secretalias", "Legalname", "KE-20", "Visit notes", "stat_carl"):
        assert secret not in text
    cells = {(cell, item): (n, state) for cell, item, n, state, _v in rows}
    assert near(cells[("cases_total", "")], 20)
    assert near(cells[("case_category", "released_offender")], 13)
    # Kenya's 14 withheld: the Greater Horn minus Kenya would be the one Tanzanian.
    assert cells[("country", "KE")] == (None, "withheld")
    assert cells[("case_category", "family_member")] == (None, "suppressed")  # two
    assert cells[("country", "TZ")] == (None, "suppressed")  # one
    for cell, item, n, state, _value in rows:
        assert n is None or n == 0 or n >= 5, (cell, item, n)
        assert (n is None) == (state in ("suppressed", "withheld", None)), (cell, item, n)
    # The period ends at the last month end after which five or more people arrived.
    as_of = dict((c, i) for c, i, *_ in rows)["as_of"]
    assert dt.date.fromisoformat(as_of) == (_months_ago(2).replace(day=1) - dt.timedelta(days=1))


def test_differencing_gets_the_same_answer_or_a_refusal(server):
    with server.mona() as conn:
        before = _stats(conn, None, None, None, dt.date.today())
        # A date in the future does not show this month's arrivals: the server's date rules.
        assert _stats(conn, None, None, None, dt.date(2100, 1, 1)) == before
        # Shifting the start by days within the month gives the period that starts on a
        # boundary. From the 12th, +16 is the 28th, in every month: a start on the 1st of the
        # next month is a different period (it was +19, which crossed over in 30-day months).
        starts = {repr(_stats(conn, None, None, _months_ago(3) + dt.timedelta(days=d)))
                  for d in (-11, -5, 0, 3, 16)}  # fmt: skip
        assert len(starts) == 1
    # One person arrives this month, another last month: the answers do not move.
    server.add_case("ML", ClientCategory.RETURNEE_FTF, dt.date.today())
    server.add_case("ML", ClientCategory.RETURNEE_FTF, _months_ago(1))
    with server.mona() as conn:
        assert _stats(conn, None, None, None, dt.date.today()) == before
        assert _stats(conn, None, None, None, dt.date(2100, 1, 1)) == before
        # Kenya beside the one Tanzanian of the Greater Horn: refused by the database.
        with pytest.raises(psycopg.DatabaseError) as refused:
            conn.execute(STATS, (None, "KE", None, dt.date.today()))
        assert refused.value.sqlstate == "CWST1"
        conn.rollback()
        # The Greater Horn beside the rest of the office (5 in Mali) is answered.
        horn = _stats(conn, "greater_horn", None, None, dt.date.today())
        assert near(dict(((c, i), (n, st)) for c, i, n, st, _v in horn)[("cases_total", "")], 15)


def test_subtraction_from_a_total_recovers_no_small_count(server):
    """Every table the database returns hides none or at least two of its members, and the
    published ones leave each small count more than one possible value: the totals are
    perturbed, and a complement is withheld beside each small count."""
    with server.mona() as conn:
        rows = _stats(conn, None, None, None, dt.date.today())
    cells = {(cell, item): (n, state) for cell, item, n, state, _v in rows}
    for table, total in (("case_category", "cases_total"), ("case_status", "cases_total"),
                         ("country", "cases_total")):  # fmt: skip
        members = [(total, ""), *(k for k in cells if k[0] == table)]
        hidden = [k for k in members if cells[k][0] is None]
        assert len(hidden) != 1, (table, hidden)
    # Three family members and six disengaged in a table of 20: the six are withheld too.
    assert cells[("case_category", "disengaged")] == (None, "withheld")


def test_the_database_computes_the_record_keys_as_a_vault_does(server):
    from casework.services.disclosure import KeyMixer

    secret = bytes(range(32))
    with server.pg.connect(server.database) as owner:
        for table in ("cases", "ref", "goals"):
            a, b = owner.execute(
                "SELECT a, b FROM casework_record_key_mixer(%s, %s)", (secret, table)
            ).fetchone()
            assert KeyMixer(a, b) == KeyMixer.for_table(secret, table)

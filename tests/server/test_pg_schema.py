"""The same Alembic chain builds the office server's schema on PostgreSQL."""

from __future__ import annotations

import datetime as dt

import pytest
from alembic.autogenerate import compare_metadata
from alembic.migration import MigrationContext
from sqlalchemy import select, text
from sqlalchemy.exc import DBAPIError
from sqlalchemy.orm import Session

from casework.model import Base, Case, Note, Organisation, User
from casework.model.enums import ClientCategory, CustodyStatus, NoteKind, OrgType, Subregion
from casework.store import postgres
from casework.store.ddl import is_search_table
from casework.store.schema import current_revision, head_revision, upgrade

pytestmark = pytest.mark.postgres


def _include(name, type_, parent_names):  # noqa: ANN001, ANN202
    return not (type_ == "table" and name is not None and is_search_table(name))


@pytest.fixture
def engine(pg_server, pg_database):
    engine = postgres.make_engine(pg_server.url(pg_database))
    with engine.begin() as conn:
        upgrade(conn)
    yield engine
    engine.dispose()


def _case(s: Session, reference: str, alias: str, legal_name: str = "") -> Case:
    case = Case(
        reference=reference,
        alias=alias,
        legal_name=legal_name,
        category=ClientCategory.RELEASED_OFFENDER,
        custody_status=CustodyStatus.RELEASED,
        subregion=Subregion.GREATER_HORN,
        country="KE",
    )
    s.add(case)
    s.flush()
    return case


def test_upgrade_head_on_a_fresh_database_matches_the_model(engine):
    with engine.connect() as conn:
        assert current_revision(conn) == head_revision()
        ctx = MigrationContext.configure(
            conn, opts={"include_name": _include, "compare_type": True}
        )
        assert compare_metadata(ctx, Base.metadata) == []


def test_search_is_accent_insensitive_prefix_matching_and_hides_restricted_text(engine):
    with Session(engine) as s, s.begin():
        author = User(username="carl", display_name="Carl")
        s.add(author)
        s.flush()
        a = _case(s, "KE-2026-0001", "Aïcha", legal_name="Fatuma Wanjiru")
        b = _case(s, "KE-2026-0002", "Bashir")
        s.add(
            Note(
                case_id=b.id,
                kind=NoteKind.CONTACT,
                occurred_on=dt.date(2026, 11, 1),
                body="Enrolled in the carpentry workshop",
                author_id=author.id,
            )
        )
        s.add(
            Note(
                case_id=a.id,
                kind=NoteKind.CONTACT,
                occurred_on=dt.date(2026, 11, 1),
                body="Secret hideout near the harbour",
                restricted=True,
                author_id=author.id,
            )
        )
        s.add(Organisation(name="Église Évangélique", org_type=OrgType.FAITH_BASED,
                           country="KE", locality="Nairobi"))  # fmt: skip

    def found(words: str, restricted: bool = False) -> set[str]:
        with Session(engine) as s:
            ids = postgres.case_ids_select(words, restricted)
            return set(s.scalars(select(Case.reference).where(Case.id.in_(ids))))

    assert found("aich") == {"KE-2026-0001"}
    assert found("AICHA") == {"KE-2026-0001"}
    assert found("carpent") == {"KE-2026-0002"}
    assert found("KE 2026") == {"KE-2026-0001", "KE-2026-0002"}
    assert found("ai") == {"KE-2026-0001"}
    assert found("wanj") == set()
    assert found("wanj", restricted=True) == {"KE-2026-0001"}
    assert found("harbour") == set()
    assert found("harbour", restricted=True) == {"KE-2026-0001"}
    assert found("aïcha'):* | !") == {"KE-2026-0001"}  # tsquery syntax is searched as text
    assert postgres.case_ids_select("  !! ", False) is None

    with Session(engine) as s:
        orgs = s.scalars(
            select(Organisation.name).where(postgres.organisation_ids_matching("eglise evan"))
        ).all()
    assert orgs == ["Église Évangélique"]


def test_the_audit_trail_is_append_only_even_for_the_owner(engine):
    with engine.begin() as conn:
        conn.execute(
            text(
                "INSERT INTO audit_events (at, actor_name, action, entity, details, prev_mac, mac)"
                " VALUES (now(), 'x', 'login', 'user', '', ''::bytea, ''::bytea)"
            )
        )
    for statement in ("UPDATE audit_events SET action = 'forged'", "DELETE FROM audit_events",
                      "TRUNCATE audit_events"):  # fmt: skip
        with pytest.raises(DBAPIError, match="append-only"), engine.begin() as conn:
            conn.execute(text(statement))
    with engine.connect() as conn:
        assert conn.execute(text("SELECT action FROM audit_events")).scalars().all() == ["login"]


def test_a_note_reaches_the_search_indexes_at_once_not_a_pending_list(engine):
    """A GIN pending list is read in full by every search until vacuum merges it: under a
    team's notes it tripled a caseworker's search (migration 0007_lead_search_gin_fastupdate)."""
    with Session(engine) as s, s.begin():
        author = User(username="carl", display_name="Carl")
        s.add(author)
        s.flush()
        for n in range(40):
            case = _case(s, f"KE-2026-{n:04d}", f"Amina {n}")
            body = f"Met the imam of the mosque, week {n}"
            s.add(Note(case_id=case.id, kind=NoteKind.CONTACT, occurred_on=dt.date(2026, 11, 1),
                       body=body, author_id=author.id))  # fmt: skip
    with engine.begin() as conn:
        for index in ("case_search_doc", "case_search_restricted_doc", "case_search_worker_doc"):
            pending = conn.execute(
                text("SELECT gin_clean_pending_list(CAST(:i AS regclass))"), {"i": index}
            ).scalar_one()
            assert pending == 0, f"{index}: {pending} pending pages"
            options = conn.execute(
                text("SELECT reloptions FROM pg_class WHERE relname = :i"), {"i": index}
            ).scalar_one()
            assert "fastupdate=off" in (options or []), index

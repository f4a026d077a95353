"""`casework workshop` on an office server: the same fictional data as a workshop vault, the
training accounts as login roles, the workshop mark, and the trainer's reset on the server."""

from __future__ import annotations

import psycopg
import pytest
from sqlalchemy import func, select

from casework.model import AuditEvent, Case, Note
from casework.services import cases, notes
from casework.services.context import ServiceContext
from casework.services.notes import NoteInput
from casework.store import audit_chain, postgres
from casework.store.server import ServerStore
from casework.workshop.accounts import ACCOUNTS
from casework.workshop.server_fill import fill_server

pytestmark = pytest.mark.postgres

PASSWORDS = {a.name: a.password for a in ACCOUNTS}
CASES = 6


def _login(url: str, name: str) -> ServerStore:
    return ServerStore.open(url, name, PASSWORDS[name])


def test_fill_log_in_and_reset(pg_server, pg_database):
    url = pg_server.url(pg_database)
    info = fill_server(url, cases=CASES, seed=3, language="fr")
    assert info.counts["cases"] == CASES
    store = _login(url, "caseworker1")
    try:
        assert store.meta("workshop") == "1" and store.meta("workshop_language") == "fr"
        ctx = ServiceContext.for_vault(store)
        with store.session() as s:  # row-level security: only this caseworker's cases
            mine = s.scalars(select(Case.id)).all()
            assert mine and all(
                c.caseworker_id == ctx.actor.user_id for c in s.scalars(select(Case))
            )
        case_id = mine[0]
        notes.add_note(ctx, case_id, NoteInput(notes.NoteKind.CONTACT, info.today, "Session note"))
        before_reset = cases.get_case(ctx, case_id).data.alias
    finally:
        store.close()
    with pg_server.connect(pg_database) as owner:  # a password changed during the session
        owner.execute("ALTER ROLE caseworker2 PASSWORD 'changed during the session'")
        owner.execute("DROP ROLE supervisor")  # and a login removed

    # A caseworker cannot reset the workshop, even with psql.
    worker = pg_server.connect(pg_database, user="caseworker1", password=PASSWORDS["caseworker1"])
    with worker, pytest.raises(psycopg.errors.InsufficientPrivilege):
        worker.execute("SELECT casework_workshop_reset()")

    trainer = _login(url, "trainer")
    try:
        from casework.workshop.server_reset import reset_server_workshop

        reset_server_workshop(ServiceContext.for_vault(trainer))
    finally:
        trainer.close()

    engine = postgres.make_engine(url, pool_size=1)
    try:
        from sqlalchemy.orm import Session

        with Session(engine) as s:
            assert s.scalar(select(func.count()).select_from(Case)) == CASES
            assert s.scalar(select(func.count()).where(Note.body == "Session note")) == 0
            report = audit_chain.verify(s)
            last = s.scalars(select(AuditEvent).order_by(AuditEvent.id.desc())).first()
    finally:
        engine.dispose()
    assert report.ok, report.problems
    assert (last.action, last.actor_name) == ("workshop.reset", "trainer")
    for name in ("caseworker2", "supervisor"):  # the published passwords work again
        _login(url, name).close()
    store = _login(url, "caseworker1")
    try:
        ctx = ServiceContext.for_vault(store)
        assert cases.get_case(ctx, case_id).data.alias == before_reset
        # The reset's numbering goes on after the restored rows.
        notes.add_note(ctx, case_id, NoteInput(notes.NoteKind.CONTACT, info.today, "After"))
    finally:
        store.close()


def test_the_command_fills_a_server(pg_server, pg_database, monkeypatch, capsys):
    from casework.cli import main

    url = pg_server.url(pg_database)
    assert main(["workshop", url, "--cases", "2", "--data-language", "en"]) == 0
    out = capsys.readouterr().out
    assert "trainer: desert owl paints tall bridges" in out
    _login(url, "trainer").close()
    # A second fill of the same database is refused with a message, nothing changed.
    assert main(["workshop", url, "--cases", "2"]) == 1
    assert "already holds a Casework schema" in capsys.readouterr().err

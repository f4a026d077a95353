"""The server seals the audit chain at each writer's commit (store/server_audit.py): writers do
not wait on each other's uncommitted work, and the chain verifies after concurrent writers."""

from __future__ import annotations

import threading
import time

import psycopg
import pytest

from casework.model.enums import Role
from casework.services import server_admin

pytestmark = pytest.mark.postgres

ADMIN_PW = "orchard lantern quietly ninety"
PASSWORD = "seven blue camels at dusk {}"
WRITERS = 4
EVENT = (
    "INSERT INTO audit_events (at, actor_name, action, entity, entity_id, details, prev_mac, mac)"
    " VALUES (now(), 'someone else', %s, 'case', %s, '{}', 'x'::bytea, 'x'::bytea)"
    " RETURNING id"
)


@pytest.fixture
def server(pg_server, pg_database):  # noqa: ANN001, ANN201
    url = pg_server.url(pg_database)
    server_admin.init_server(
        url, organisation="Sahel Hope", admin_username="ada", admin_password=ADMIN_PW
    )
    for i in range(WRITERS):
        server_admin.add_user(url, f"w{i}", f"Writer {i}", {Role.CASEWORKER}, PASSWORD.format(i))
    return pg_server, pg_database, url


def login(server, i: int) -> psycopg.Connection:  # noqa: ANN001
    pg, database, _ = server
    return psycopg.connect(pg.url(database, f"w{i}", PASSWORD.format(i)))  # not autocommit


def owner_rows(server) -> list[tuple]:  # noqa: ANN001
    pg, database, _ = server
    with pg.connect(database) as conn:
        return conn.execute(
            "SELECT id, actor_name, action, entity_id FROM audit_events ORDER BY id"
        ).fetchall()


def test_a_writer_never_waits_on_another_writers_uncommitted_event(server):
    before = len(owner_rows(server))
    slow, quick = login(server, 0), login(server, 1)
    try:
        # The slow writer has written its event and goes on with other work, uncommitted.
        provisional = slow.execute(EVENT, ("case.opened", 1)).fetchone()[0]
        assert provisional < 0  # numbered in the chain only at commit
        # Another writer's event and commit go through at once: no chain lock is held yet.
        quick.execute("SET lock_timeout = '3s'")
        start = time.monotonic()
        quick.execute(EVENT, ("note.added", 2))
        quick.commit()
        assert time.monotonic() - start < 3
        slow.execute(EVENT, ("case.opened", 3))
        slow.commit()
    finally:
        slow.close()
        quick.close()
    rows = owner_rows(server)[before:]
    # Numbered in commit order, actor from the login whatever the client sent.
    assert [(r[1], r[2], r[3]) for r in rows] == [
        ("w1", "note.added", 2),
        ("w0", "case.opened", 1),
        ("w0", "case.opened", 3),
    ]
    assert [r[0] for r in rows] == list(range(before + 1, before + 4))
    report = server_admin.verify(server[2])
    assert report.ok, report.problems
    assert report.events == before + 3


def test_a_rolled_back_event_leaves_no_gap_in_the_chain(server):
    before = len(owner_rows(server))
    conn = login(server, 0)
    try:
        conn.execute(EVENT, ("case.opened", 1))
        conn.rollback()
        conn.execute(EVENT, ("case.opened", 2))
        conn.commit()
    finally:
        conn.close()
    rows = owner_rows(server)
    assert [(r[0], r[3]) for r in rows[before:]] == [(before + 1, 2)]
    assert server_admin.verify(server[2]).ok


def test_the_chain_verifies_after_concurrent_writers(server):
    before = len(owner_rows(server))
    rounds, failures = 15, []
    start = threading.Barrier(WRITERS)

    def write(i: int) -> None:
        try:
            with login(server, i) as conn:
                start.wait()
                for n in range(rounds):
                    conn.execute(EVENT, ("case.opened", n))
                    time.sleep(0.002)  # other work in the same transaction
                    conn.execute(EVENT, ("note.added", n))
                    conn.commit()
        except Exception as exc:  # noqa: BLE001 - reported below
            failures.append(repr(exc))

    threads = [threading.Thread(target=write, args=(i,)) for i in range(WRITERS)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert failures == []
    rows = owner_rows(server)
    assert [r[0] for r in rows] == list(range(1, before + WRITERS * rounds * 2 + 1))
    # Each transaction's two events stay next to each other in the chain (sealed at its commit).
    for first, second in zip(rows[before::2], rows[before + 1 :: 2], strict=True):
        assert (first[1], first[2], second[2]) == (second[1], "case.opened", "note.added")
        assert first[3] == second[3]
    report = server_admin.verify(server[2])
    assert report.ok, report.problems
    assert report.events == before + WRITERS * rounds * 2


def test_a_sealed_event_stays_unchangeable_even_for_the_owner(server):
    pg, database, _ = server
    conn = login(server, 0)
    conn.execute(EVENT, ("case.opened", 1))
    conn.commit()
    conn.close()
    with pg.connect(database) as owner:
        last = owner.execute("SELECT max(id) FROM audit_events").fetchone()[0]
        for statement in (
            f"UPDATE audit_events SET action = 'forged' WHERE id = {last}",
            f"UPDATE audit_events SET id = -1, mac = ''::bytea WHERE id = {last}",
            f"DELETE FROM audit_events WHERE id = {last}",
        ):
            with pytest.raises(psycopg.errors.RaiseException, match="append-only"):
                owner.execute(statement)
    assert server_admin.verify(server[2]).ok

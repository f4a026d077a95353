"""`casework workshop postgresql://…` is all or nothing: a fill that fails half-way leaves an
empty database (no schema, no roles, no logins), one whose process died half-way cannot be
opened and is emptied by the next fill, which then fills it from the start."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest

from casework.errors import CaseworkError, VaultError
from casework.store.server import ServerStore
from casework.workshop.accounts import ACCOUNTS
from casework.workshop.server_fill import fill_server

pytestmark = pytest.mark.postgres

PASSWORDS = {a.name: a.password for a in ACCOUNTS}
CASES = 9  # the seven exercise cases, then random ones (the progress reports those)
ROOT = Path(__file__).resolve().parents[2]


def _left_over(pg_server, database: str) -> dict[str, list]:  # noqa: ANN001
    with pg_server.connect(database) as conn:
        tables = conn.execute(
            "SELECT tablename FROM pg_tables WHERE schemaname NOT IN ('pg_catalog',"
            " 'information_schema')"
        ).fetchall()
        functions = conn.execute(
            "SELECT p.proname FROM pg_proc p JOIN pg_namespace n ON n.oid = p.pronamespace"
            " WHERE n.nspname = 'public'"
        ).fetchall()
        schemas = conn.execute(
            "SELECT nspname FROM pg_namespace WHERE nspname = 'workshop_pristine'"
        ).fetchall()
        roles = conn.execute(
            "SELECT rolname FROM pg_roles WHERE rolname LIKE %s OR rolname = ANY (%s)",
            (database + "\\_%", list(PASSWORDS)),
        ).fetchall()
    return {"tables": tables, "functions": functions, "schemas": schemas, "roles": roles}


EMPTY = {"tables": [], "functions": [], "schemas": [], "roles": []}


def test_a_fill_failing_half_way_leaves_nothing_and_a_retry_fills_it(pg_server, pg_database):
    url = pg_server.url(pg_database)
    calls = []

    def sabotage(done: int, total: int) -> None:
        """Half-way, the database starts refusing new cases: a real constraint violation."""
        calls.append(done)
        if len(calls) == 1:
            with pg_server.connect(pg_database) as conn:
                conn.execute(
                    "ALTER TABLE cases ADD CONSTRAINT workshop_sabotage CHECK (false) NOT VALID"
                )

    with pytest.raises(CaseworkError) as failed:
        fill_server(url, cases=CASES + 3, seed=3, language="en", progress=sabotage)
    assert "nothing half-filled is left" in str(failed.value)
    assert calls  # it did fail half-way, after the accounts, directory and exercise cases
    assert _left_over(pg_server, pg_database) == EMPTY
    with pg_server.connect() as conn:  # the database itself is usable again, by anyone let in
        acl = conn.execute(
            "SELECT has_database_privilege('public', %s, 'CONNECT')", (pg_database,)
        ).fetchone()
    assert acl == (True,)

    info = fill_server(url, cases=CASES, seed=3, language="en")  # the same command again
    assert info.counts["cases"] == CASES
    store = ServerStore.open(url, "caseworker1", PASSWORDS["caseworker1"])
    try:
        assert store.meta("workshop") == "1"
    finally:
        store.close()


_DIE_HALF_WAY = """
import os, sys
from casework.workshop.server_fill import fill_server

def die(done, total):
    os._exit(9)  # the process is gone: no clean-up of any kind runs

fill_server(sys.argv[1], cases=int(sys.argv[2]), seed=3, language="en", progress=die)
"""


def test_a_fill_whose_process_died_cannot_be_opened_and_the_next_fill_starts_afresh(
    pg_server, pg_database
):
    url = pg_server.url(pg_database)
    env = dict(os.environ, PYTHONPATH=str(ROOT))
    died = subprocess.run(  # noqa: S603 - our own interpreter and script
        [sys.executable, "-c", _DIE_HALF_WAY, url, str(CASES)],
        env=env,
        capture_output=True,
        timeout=600,
        check=False,
    )
    assert died.returncode == 9, died.stderr.decode()[-2000:]
    assert _left_over(pg_server, pg_database)["tables"]  # half-filled, as a crash leaves it
    with pytest.raises(VaultError) as refused:
        ServerStore.open(url, "caseworker1", PASSWORDS["caseworker1"])
    assert "not filled to the end" in str(refused.value)
    # Even with psql nobody finds a finished workshop: it is marked as unfinished.
    with pg_server.connect(pg_database) as conn:
        assert conn.execute(
            "SELECT value FROM vault_meta WHERE key = 'workshop_filling'"
        ).fetchone() == ("1",)

    info = fill_server(url, cases=CASES, seed=3, language="en")
    assert info.counts["cases"] == CASES
    with pg_server.connect(pg_database) as conn:
        assert conn.execute("SELECT count(*) FROM cases").fetchone() == (CASES,)
        assert conn.execute(
            "SELECT count(*) FROM vault_meta WHERE key = 'workshop_filling'"
        ).fetchone() == (0,)
        assert conn.execute("SELECT count(*) FROM workshop_pristine.cases").fetchone() == (CASES,)
    ServerStore.open(url, "trainer", PASSWORDS["trainer"]).close()


def test_a_finished_workshop_or_an_office_database_is_never_emptied(pg_server, pg_database):
    url = pg_server.url(pg_database)
    fill_server(url, cases=2, seed=3, language="en")
    with pytest.raises(CaseworkError, match="already holds a Casework schema"):
        fill_server(url, cases=2, seed=3, language="en")
    with pg_server.connect(pg_database) as conn:
        assert conn.execute("SELECT count(*) FROM cases").fetchone() == (2,)
    ServerStore.open(url, "caseworker1", PASSWORDS["caseworker1"]).close()  # logins kept

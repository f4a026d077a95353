"""The test PostgreSQL itself: started by the tests, on loopback, refusing a wrong password."""

from __future__ import annotations

import psycopg
import pytest

pytestmark = pytest.mark.postgres


def test_server_runs_on_loopback_with_scram(pg_server, pg_database):
    with pg_server.connect(pg_database) as conn:
        assert conn.execute("SHOW listen_addresses").fetchone() == ("127.0.0.1",)
        assert conn.execute("SHOW password_encryption").fetchone() == ("scram-sha-256",)
        assert conn.execute("SELECT current_database()").fetchone() == (pg_database,)


def test_wrong_password_is_refused(pg_server):
    with pytest.raises(psycopg.OperationalError, match="password authentication failed"):
        pg_server.connect(user="postgres", password="not the password")

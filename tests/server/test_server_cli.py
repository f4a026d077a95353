"""`casework server …` end to end on a real PostgreSQL: exit codes and messages, not tracebacks."""

from __future__ import annotations

import io
import sys

import psycopg
import pytest

from casework.cli import main

ADMIN_PW = "orchard lantern quietly ninety"
CARL_PW = "seven blue camels at dusk"


def run(capsys, monkeypatch, argv: list[str], stdin: str = "") -> tuple[int, str, str]:
    monkeypatch.setattr(sys, "stdin", io.StringIO(stdin))
    code = main(["--password-stdin", *argv])
    out, err = capsys.readouterr()
    assert "Traceback" not in out + err
    return code, out, err


@pytest.mark.postgres
def test_init_add_user_passwd_remove_user(pg_server, pg_database, capsys, monkeypatch):
    url = pg_server.url(pg_database)
    code, out, _err = run(
        capsys, monkeypatch,
        ["server", "init", url, "--org", "Sahel Hope", "--admin", "ada"], ADMIN_PW + "\n",
    )  # fmt: skip
    assert code == 0, _err
    assert "Office server ready" in out and pg_server.password not in out
    pg_server.connect(pg_database, user="ada", password=ADMIN_PW).close()

    code, out, err = run(
        capsys, monkeypatch,
        ["server", "add-user", url, "carl", "--role", "caseworker", "--name", "Carl"],
        CARL_PW + "\n",
    )  # fmt: skip
    assert (code, out.strip()) == (0, "User carl added."), err
    with pg_server.connect(pg_database, user="carl", password=CARL_PW) as conn:
        assert conn.execute("SELECT count(*) FROM cases").fetchone() == (0,)

    new = "ninety green kites over lagos"
    code, out, err = run(capsys, monkeypatch, ["server", "passwd", url, "carl"], new + "\n")
    assert code == 0, err
    pg_server.connect(pg_database, user="carl", password=new).close()

    code, out, err = run(
        capsys, monkeypatch, ["server", "remove-user", url, "carl", "--lang", "fr"]
    )
    assert code == 0, err
    assert "carl" in out and "supprim" in out.lower()
    with pytest.raises(psycopg.OperationalError):
        pg_server.connect(pg_database, user="carl", password=new)

    code, out, err = run(capsys, monkeypatch, ["server", "verify", url])
    assert (code, out.strip()) == (0, "Audit trail: 5 events, chain intact."), err
    with pg_server.connect(pg_database) as owner:  # the owner disables the guard and tampers
        owner.execute("ALTER TABLE audit_events DISABLE TRIGGER USER")
        owner.execute("UPDATE audit_events SET action = 'nothing' WHERE id = 2")
        owner.execute("ALTER TABLE audit_events ENABLE TRIGGER USER")
    code, out, err = run(capsys, monkeypatch, ["server", "verify", url])
    assert code == 1 and "chain is broken" in out and "event 2 was altered" in out

    # Again: refused with a message, in French when asked.
    code, out, err = run(
        capsys, monkeypatch,
        ["--lang", "fr", "server", "init", url, "--org", "X", "--admin", "zed"], ADMIN_PW + "\n",
    )  # fmt: skip
    assert code == 1 and "Casework" in err and "déjà" in err


@pytest.mark.postgres
def test_weak_password_and_unreachable_server(pg_server, pg_database, capsys, monkeypatch):
    url = pg_server.url(pg_database)
    code, _out, err = run(
        capsys, monkeypatch, ["server", "init", url, "--org", "S", "--admin", "ada"], "abc\n"
    )
    assert code == 1 and err
    with pg_server.connect(pg_database) as conn:
        tables = conn.execute("SELECT count(*) FROM pg_tables WHERE schemaname = 'public'")
        assert tables.fetchone() == (0,)
    closed = f"postgresql://postgres:pw@127.0.0.1:1/{pg_database}"
    code, _out, err = run(
        capsys, monkeypatch, ["server", "add-user", closed, "carl", "--role", "caseworker"],
        CARL_PW + "\n",
    )  # fmt: skip
    assert code == 1 and "Could not connect" in err and ":pw@" not in err


def test_bad_addresses_and_usage(capsys, monkeypatch):
    code, _out, err = run(capsys, monkeypatch, ["server", "remove-user", "mysql://h/db", "carl"])
    assert code == 1 and "postgresql://" in err
    code, _out, err = run(capsys, monkeypatch, ["server", "remove-user", "postgresql://h/", "x"])
    assert code == 1 and "Name the database" in err
    code, _out, err = run(capsys, monkeypatch, ["server"])
    assert code == 2
    code, _out, err = run(
        capsys, monkeypatch, ["server", "add-user", "postgresql://h/db", "Bad Name!", "--role",
                              "caseworker"],
    )  # fmt: skip
    assert code == 1 and "lower-case" in err

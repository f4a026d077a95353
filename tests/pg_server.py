"""A real PostgreSQL for the tests: Debian's binaries, started in a temporary directory.

Registered as a pytest plugin (tests/conftest.py). The server listens on 127.0.0.1 on a free
port only, for the test session, and is stopped at its end. PostgreSQL refuses to run as root,
so under root (as on CI) it runs as the unprivileged system user `casework-pg`, created when
missing. Tests that need it use the `pg_server` or `pg_database` fixture and carry the `postgres`
marker; they skip only when the binaries are missing on a developer's machine: under CI=true they
fail instead, so CI never silently tests less.
"""

from __future__ import annotations

import glob
import itertools
import os
import pwd
import secrets
import shutil
import socket
import subprocess
import tempfile
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path
from urllib.parse import quote

import pytest

PG_USER = "casework-pg"
SUPERUSER = "postgres"


def pg_bin_dir() -> Path | None:
    """The newest installed PostgreSQL's bin folder (Debian: /usr/lib/postgresql/N/bin)."""

    def version(path: str) -> int:
        name = Path(path).parent.parent.name
        return int(name) if name.isdigit() else 0

    found = sorted(glob.glob("/usr/lib/postgresql/*/bin/pg_ctl"), key=version)
    return Path(found[-1]).parent if found else None


def on_ci() -> bool:
    return os.environ.get("CI", "").lower() in {"1", "true", "yes"}


def _free_port() -> int:
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


def _system_user() -> tuple[int, int] | None:
    """(uid, gid) to run PostgreSQL as, or None to run as ourselves (not root)."""
    if os.geteuid() != 0:
        return None
    try:
        entry = pwd.getpwnam(PG_USER)
    except KeyError:
        subprocess.run(
            ["useradd", "--system", "--no-create-home", "--shell", "/usr/sbin/nologin", PG_USER],
            check=True,
            capture_output=True,
        )
        entry = pwd.getpwnam(PG_USER)
    return entry.pw_uid, entry.pw_gid


@dataclass
class PgServer:
    host: str
    port: int
    password: str  # the superuser's, random for this session
    _counter: itertools.count

    def url(self, database: str = "postgres", user: str = SUPERUSER, password: str = "") -> str:
        secret = password or (self.password if user == SUPERUSER else "")
        auth = quote(user, safe="") + (":" + quote(secret, safe="") if secret else "")
        return f"postgresql://{auth}@{self.host}:{self.port}/{database}"

    def connect(self, database: str = "postgres", user: str = SUPERUSER, password: str = ""):  # noqa: ANN201
        import psycopg

        return psycopg.connect(self.url(database, user, password), autocommit=True)

    def new_database_name(self) -> str:
        return f"casework_t{next(self._counter)}"


# Fast and throwaway for tests: no fsync, no synchronous commit.
TEST_SETTINGS = (
    "-c fsync=off -c full_page_writes=off -c synchronous_commit=off -c max_connections=60 "
    "-c shared_buffers=32MB"
)


def _start(bindir: Path, settings: str = TEST_SETTINGS) -> Iterator[PgServer]:
    owner = _system_user()
    base = Path(tempfile.mkdtemp(prefix="casework-pg-"))
    data, sockets, log = base / "data", base / "sockets", base / "server.log"
    sockets.mkdir()
    password = secrets.token_urlsafe(24)
    pwfile = base / "pw"
    pwfile.write_text(password)
    if owner is not None:
        for path in (base, sockets, pwfile):
            os.chown(path, *owner)
    as_owner: dict[str, object] = {"cwd": base}
    if owner is not None:
        as_owner |= {"user": owner[0], "group": owner[1], "extra_groups": []}

    def run(*cmd: str) -> None:
        done = subprocess.run(cmd, capture_output=True, text=True, **as_owner)  # type: ignore[call-overload]
        if done.returncode != 0:
            raise RuntimeError(f"{cmd[0]} failed: {done.stdout}{done.stderr}")

    port = _free_port()
    try:
        run(
            str(bindir / "initdb"),
            "-D", str(data),
            "-U", SUPERUSER,
            "--pwfile", str(pwfile),
            "--auth-host=scram-sha-256",
            "--auth-local=scram-sha-256",
            "--encoding=UTF8",
            "--locale=C.UTF-8",
        )  # fmt: skip
        pwfile.unlink()
        options = (
            f"-c listen_addresses=127.0.0.1 -p {port} -k {sockets} "
            f"-c password_encryption=scram-sha-256 {settings}"
        )
        run(str(bindir / "pg_ctl"), "-D", str(data), "-l", str(log), "-o", options, "-w", "start")
    except Exception:
        shutil.rmtree(base, ignore_errors=True)
        raise
    try:
        yield PgServer("127.0.0.1", port, password, itertools.count(1))
    finally:
        subprocess.run(
            [str(bindir / "pg_ctl"), "-D", str(data), "-m", "immediate", "-w", "stop"],
            capture_output=True,
            **as_owner,  # type: ignore[arg-type]
        )
        shutil.rmtree(base, ignore_errors=True)


@pytest.fixture(scope="session")
def pg_server() -> Iterator[PgServer]:
    bindir = pg_bin_dir()
    if bindir is None:
        message = "PostgreSQL is not installed (apt-get install postgresql)"
        if on_ci():
            pytest.fail(message + ": CI must run the PostgreSQL tests")
        pytest.skip(message)
    yield from _start(bindir)


@pytest.fixture
def pg_database(pg_server: PgServer) -> Iterator[str]:
    """A fresh, empty database's name; dropped afterwards, with the roles made for it."""
    from psycopg import sql

    name = pg_server.new_database_name()
    with pg_server.connect() as conn:
        conn.execute(sql.SQL("CREATE DATABASE {}").format(sql.Identifier(name)))
    yield name
    with pg_server.connect() as conn:
        conn.execute(sql.SQL("DROP DATABASE {} WITH (FORCE)").format(sql.Identifier(name)))
        prefix = name + "\\_%"
        members = conn.execute(
            "SELECT DISTINCT r.rolname FROM pg_roles r"
            " JOIN pg_auth_members m ON m.member = r.oid JOIN pg_roles g ON g.oid = m.roleid"
            " WHERE g.rolname LIKE %s AND r.rolname NOT LIKE %s",
            (prefix, prefix),
        ).fetchall()
        groups = conn.execute(
            "SELECT rolname FROM pg_roles WHERE rolname LIKE %s ORDER BY length(rolname) DESC",
            (prefix,),
        ).fetchall()
        for (role,) in [*members, *groups]:
            conn.execute(sql.SQL("DROP ROLE IF EXISTS {}").format(sql.Identifier(role)))

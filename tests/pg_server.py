"""A real PostgreSQL for the tests: Debian's binaries, started in a temporary directory.

Registered as a pytest plugin (tests/conftest.py). The server listens on 127.0.0.1 on a free
port only, for the test session, and is stopped at its end. It speaks TLS (`ssl=on`) with a
certificate for `localhost` and 127.0.0.1 issued by a test CA made with `cryptography` for the
session (`PgServer.ca_file`; `other_ca_file` is a CA that issued nothing, for refusals). Tests of
connection loss stop and start it (`PgServer.stop()` / `start()`, same port). PostgreSQL refuses
to run as root, so under root (as on CI) it runs as the unprivileged system user `casework-pg`,
created when missing. Tests that need it use the `pg_server` or `pg_database` fixture and carry
the `postgres` marker; they skip only when the binaries are missing on a developer's machine:
under CI=true they fail instead, so CI never silently tests less.
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
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from pathlib import Path
from urllib.parse import quote

import pytest

PG_USER = "casework-pg"
PLAINTEXT_DATABASE = "casework_plaintext"
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
    ca_file: Path | None = None  # the test CA that issued the server's certificate
    other_ca_file: Path | None = None  # a CA that issued nothing (a wrong CA file)
    _ctl: Callable[[str], None] = field(default=lambda _action: None, repr=False)

    def stop(self) -> None:
        """Stop the server (fast shutdown: sessions are cut off), as when it goes away."""
        self._ctl("stop")

    def start(self) -> None:
        """Start it again after `stop()`, on the same port."""
        self._ctl("start")

    def tls_url(self, database: str, user: str, password: str = "", host: str = "localhost") -> str:
        """The address as the app's login window makes it: TLS verified against the test CA."""
        return (
            self.url(database, user, password).replace(f"@{self.host}:", f"@{host}:", 1)
            + f"?sslmode=verify-full&sslrootcert={quote(str(self.ca_file))}"
        )

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


def _initdb(bindir: Path, run: Callable[..., None], data: Path, pwfile: Path) -> None:
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
    # One database name whose logins are asked for a plain-text password, to prove the app
    # refuses to send one (libpq's require_auth); it need not exist, pg_hba.conf is read first.
    hba = data / "pg_hba.conf"
    rules = f"host {PLAINTEXT_DATABASE} all 127.0.0.1/32 password\n"
    hba.write_text(rules + hba.read_text())  # the file keeps its owner


def _write_tls_files(base: Path) -> tuple[Path, Path, Path, Path]:
    """A test CA, a server certificate it issued (localhost, 127.0.0.1) and another CA."""
    import datetime as dt
    import ipaddress

    from cryptography import x509
    from cryptography.hazmat.primitives import hashes, serialization
    from cryptography.hazmat.primitives.asymmetric import ec
    from cryptography.x509.oid import NameOID

    now = dt.datetime.now(dt.UTC)

    def name(common: str) -> x509.Name:
        return x509.Name([x509.NameAttribute(NameOID.COMMON_NAME, common)])

    def ca(common: str) -> tuple[ec.EllipticCurvePrivateKey, x509.Certificate]:
        key = ec.generate_private_key(ec.SECP256R1())
        cert = (
            x509.CertificateBuilder()
            .subject_name(name(common))
            .issuer_name(name(common))
            .public_key(key.public_key())
            .serial_number(x509.random_serial_number())
            .not_valid_before(now - dt.timedelta(days=1))
            .not_valid_after(now + dt.timedelta(days=30))
            .add_extension(x509.BasicConstraints(ca=True, path_length=0), critical=True)
            .add_extension(
                x509.KeyUsage(False, False, False, False, False, True, True, False, False), True
            )
            .sign(key, hashes.SHA256())
        )
        return key, cert

    ca_key, ca_cert = ca("Casework test office CA")
    _other_key, other_cert = ca("Another office CA")
    server_key = ec.generate_private_key(ec.SECP256R1())
    server_cert = (
        x509.CertificateBuilder()
        .subject_name(name("localhost"))
        .issuer_name(ca_cert.subject)
        .public_key(server_key.public_key())
        .serial_number(x509.random_serial_number())
        .not_valid_before(now - dt.timedelta(days=1))
        .not_valid_after(now + dt.timedelta(days=30))
        .add_extension(
            x509.SubjectAlternativeName(
                [x509.DNSName("localhost"), x509.IPAddress(ipaddress.ip_address("127.0.0.1"))]
            ),
            critical=False,
        )
        .add_extension(x509.BasicConstraints(ca=False, path_length=None), critical=True)
        .sign(ca_key, hashes.SHA256())
    )
    pem = serialization.Encoding.PEM
    paths = base / "ca.crt", base / "other-ca.crt", base / "server.crt", base / "server.key"
    paths[0].write_bytes(ca_cert.public_bytes(pem))
    paths[1].write_bytes(other_cert.public_bytes(pem))
    paths[2].write_bytes(server_cert.public_bytes(pem))
    paths[3].write_bytes(
        server_key.private_bytes(
            pem, serialization.PrivateFormat.PKCS8, serialization.NoEncryption()
        )
    )
    paths[3].chmod(0o600)
    return paths


def _start(
    bindir: Path, settings: str = TEST_SETTINGS, keep: Path | None = None
) -> Iterator[PgServer]:
    """Start a server in a new temporary folder, removed at the end; or, with `keep`, in that
    folder, kept afterwards and started again as it is when it already holds a server (the
    benchmark reuses its 200,000 cases between runs)."""
    owner = _system_user()
    reuse = keep is not None and (keep / "data" / "PG_VERSION").exists()
    if keep is not None:
        keep.mkdir(parents=True, exist_ok=True)
    base = keep if keep is not None else Path(tempfile.mkdtemp(prefix="casework-pg-"))
    data, sockets, log = base / "data", base / "sockets", base / "server.log"
    sockets.mkdir(exist_ok=True)
    saved = base / "superuser-password"
    password = saved.read_text() if reuse else secrets.token_urlsafe(24)
    if keep is not None and not reuse:
        saved.write_text(password)
        saved.chmod(0o600)
    pwfile = base / "pw"
    pwfile.write_text(password)
    ca_file, other_ca_file, cert_file, key_file = _write_tls_files(base)
    if owner is not None:
        for path in (base, sockets, pwfile, cert_file, key_file):
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
        if not reuse:
            _initdb(bindir, run, data, pwfile)
        pwfile.unlink()
        options = (
            f"-c listen_addresses=127.0.0.1 -p {port} -k {sockets} "
            f"-c password_encryption=scram-sha-256 {settings} "
            f"-c ssl=on -c ssl_cert_file={cert_file} -c ssl_key_file={key_file}"
        )
        pg_ctl = str(bindir / "pg_ctl")
        run(pg_ctl, "-D", str(data), "-l", str(log), "-o", options, "-w", "start")
    except Exception:
        if keep is None:
            shutil.rmtree(base, ignore_errors=True)
        raise

    def ctl(action: str) -> None:
        if action == "stop":
            run(pg_ctl, "-D", str(data), "-m", "fast", "-w", "stop")
        else:
            run(pg_ctl, "-D", str(data), "-l", str(log), "-o", options, "-w", "start")

    try:
        yield PgServer("127.0.0.1", port, password, itertools.count(1), ca_file, other_ca_file, ctl)
    finally:
        subprocess.run(
            # A kept server is shut down cleanly, so its next start needs no recovery.
            [
                str(bindir / "pg_ctl"),
                "-D",
                str(data),
                "-m",
                "fast" if keep else "immediate",
                "-w",
                "stop",
            ],  # fmt: skip
            capture_output=True,
            **as_owner,  # type: ignore[arg-type]
        )
        if keep is None:
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

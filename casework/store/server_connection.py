"""How the app connects to an office server: verified TLS, SCRAM only, and never a hang.

The login window's address (`office.example.org/casework`, or a full `postgresql://` address)
becomes libpq settings here: `sslmode=verify-full` against the office's CA file (the server's
certificate must be issued by it and name the host typed), `require_auth=scram-sha-256` (libpq
refuses a server that asks for an md5 or plain-text password, so the password never leaves the
laptop in a form that can be replayed), a connect timeout, TCP keepalives and a user timeout (a
cable pulled is noticed in seconds, not after the kernel's two hours) and a statement timeout.

Errors from libpq are turned into translated messages that say what to do; libpq's own text is
technical, never holds client data, and is kept in the log only. Nothing here imports Qt.
"""

from __future__ import annotations

import logging
from dataclasses import dataclass
from pathlib import Path
from urllib.parse import quote

from sqlalchemy.engine import make_url
from sqlalchemy.exc import ArgumentError

from casework.errors import VaultError
from casework.i18n import N_
from casework.store import postgres

log = logging.getLogger(__name__)

CONNECT_TIMEOUT_S = 5
STATEMENT_TIMEOUT_MS = 20_000
KEEPALIVE = {"keepalives": 1, "keepalives_idle": 5, "keepalives_interval": 2, "keepalives_count": 3}
TCP_USER_TIMEOUT_MS = 10_000
SCRAM_LIBPQ = 160000  # libpq's `require_auth` (PostgreSQL 16)


class ServerUnreachable(VaultError):
    default_message = N_(
        "The office server cannot be reached. Check the network; nothing was saved by this "
        "action, and what you typed is still here."
    )


class ServerCertificateRefused(VaultError):
    default_message = N_(
        "The office server's certificate was not issued by the office's CA file: this may not "
        "be your office's server. Nothing was sent. Check the CA file with your administrator."
    )


class ServerNameMismatch(VaultError):
    default_message = N_(
        "The office server's certificate is for another name than the address typed: this may "
        "not be your office's server. Nothing was sent. Use the address your administrator gave."
    )


WRONG_PASSWORD = N_("The user name or password is not correct.")
NO_TLS = N_("The office server does not offer an encrypted connection; nothing was sent.")
NOT_SCRAM = N_(
    "The office server asked for the password in a weak form (not SCRAM-SHA-256); it was not "
    "sent. Ask its administrator to use scram-sha-256 in pg_hba.conf."
)
TOO_SLOW = N_("The office server took too long to answer; nothing was changed. Try again.")
NO_CA_FILE = N_("The office's CA file could not be read: choose it again.")
BAD_ADDRESS = N_(
    "The server address is not valid. Type it as server/database, e.g. office-server/casework."
)


@dataclass(frozen=True)
class ServerAddress:
    """Where the office server is and how its certificate is checked (no user, no password)."""

    url: str  # postgresql://host[:port]/database
    ca_file: Path
    # The server's IP when the name on its certificate does not resolve (libpq's `hostaddr`:
    # the certificate is still checked against the name).
    hostaddr: str = ""

    @classmethod
    def parse(cls, typed: str, ca_file: Path | str) -> ServerAddress:
        """What the user typed: `host[:port]/database` or `postgresql://host[:port]/database`.
        A user name, password or settings in the address are dropped: the form asks for them."""
        text = typed.strip()
        if not text:
            raise VaultError(BAD_ADDRESS)
        if not postgres.is_server_url(text):
            text = "postgresql://" + text
        try:
            url = make_url(postgres.sqlalchemy_url(text))
        except (ArgumentError, ValueError):
            raise VaultError(BAD_ADDRESS) from None
        if not url.host or not url.database or " " in url.host:
            raise VaultError(BAD_ADDRESS)
        port = f":{url.port}" if url.port else ""
        return cls(f"postgresql://{url.host}{port}/{url.database}", Path(ca_file))

    @property
    def shown(self) -> str:
        """The address as the user typed it, for the status bar."""
        return self.url.removeprefix("postgresql://")

    def login_url(self, username: str, password: str) -> str:
        """The address with the user's credentials, for SQLAlchemy."""
        url = make_url(postgres.sqlalchemy_url(self.url)).set(username=username, password=password)
        return url.render_as_string(hide_password=False)

    def connect_args(self) -> dict[str, object]:
        settings = client_settings(self.ca_file)
        if self.hostaddr:
            settings["hostaddr"] = self.hostaddr
        return settings


def client_settings(ca_file: Path | None) -> dict[str, object]:
    """libpq settings for every connection of an app session (psycopg.connect keywords)."""
    import psycopg

    settings: dict[str, object] = {
        "connect_timeout": CONNECT_TIMEOUT_S,
        "tcp_user_timeout": TCP_USER_TIMEOUT_MS,
        "options": f"-c statement_timeout={STATEMENT_TIMEOUT_MS}",
        "application_name": "casework",
        **KEEPALIVE,
    }
    if ca_file is not None:
        settings |= {"sslmode": "verify-full", "sslrootcert": str(ca_file)}
        if psycopg.pq.version() >= SCRAM_LIBPQ:
            settings["require_auth"] = "scram-sha-256"
    return settings


def explain(exc: BaseException) -> VaultError | None:
    """A connection failure as a translated error, or None if it is not one. libpq's text
    names the user and the host: it is read here and never logged."""
    orig = getattr(exc, "orig", None) or exc
    import psycopg

    if not isinstance(orig, psycopg.OperationalError):
        return None
    sqlstate = getattr(orig, "sqlstate", None) or ""
    text = str(orig).lower()
    if "root certificate file" in text or "sslrootcert" in text:
        error = VaultError(NO_CA_FILE)
    elif "does not match host name" in text:
        error = ServerNameMismatch()
    elif "certificate verify failed" in text or ("certificate" in text and "ssl" in text):
        error = ServerCertificateRefused()
    elif "require_auth" in text or "authentication method requirement" in text:
        error = VaultError(NOT_SCRAM)
    elif "does not support ssl" in text:
        error = VaultError(NO_TLS)
    elif sqlstate == "57014":
        error = VaultError(TOO_SLOW)
    elif sqlstate.startswith("28") or "password authentication failed" in text:
        error = VaultError(WRONG_PASSWORD)
    elif sqlstate and not sqlstate.startswith(("08", "57P")):
        return None
    else:
        error = ServerUnreachable()
    log.info("office server: %s (%s)", type(error).__name__, sqlstate or "no sqlstate")
    return error


def check_scram(conn: object) -> None:
    """With a libpq older than 16 (no `require_auth`), refuse a server that stores anything
    but SCRAM verifiers (`password_encryption`)."""
    import psycopg

    if psycopg.pq.version() >= SCRAM_LIBPQ:
        return
    value = conn.execute("SHOW password_encryption").fetchone()[0]  # type: ignore[attr-defined]
    if value != "scram-sha-256":
        raise VaultError(NOT_SCRAM)


def cut(conn: object) -> None:
    """Shut a psycopg connection's socket down, from any thread: a call blocked on it (a network
    dropped without a word: no reset, packets held) returns at once with a connection error
    instead of waiting for TCP to give up. The connection is unusable afterwards."""
    import os
    import socket

    try:
        fd = conn.fileno()  # type: ignore[attr-defined]
        sock = socket.socket(fileno=os.dup(fd))
    except Exception:  # noqa: BLE001 - already closed: nothing to cut
        return
    try:
        sock.shutdown(socket.SHUT_RDWR)
    except OSError:
        pass  # not connected any more
    finally:
        sock.close()


def listen_url(address: ServerAddress, username: str, password: str) -> str:
    """A libpq address for the change listener's own connection (same settings)."""
    url = make_url(postgres.sqlalchemy_url(address.url))
    auth = quote(username, safe="") + ":" + quote(password, safe="")
    port = f":{url.port}" if url.port else ""
    return f"postgresql://{auth}@{url.host}{port}/{url.database}"

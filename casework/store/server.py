"""An office server opened by one app user: what the services need of a vault, on PostgreSQL.

The user connects with their own LOGIN role and password, so everything they do is checked by
the database's policies too (server_security.py), not only by the services. Audit events are
sealed into the chain by the server (`audit_chain.append` hands them over: the chain's key is
out of the user's reach).
"""

from __future__ import annotations

import contextlib
from collections.abc import Iterator

from sqlalchemy import Engine, text
from sqlalchemy.engine import make_url
from sqlalchemy.orm import Session, sessionmaker

from casework.errors import VaultError
from casework.i18n import N_
from casework.model import VaultMeta
from casework.store import postgres, schema


class ServerStore:
    """The server, opened as one app user. Close it to drop its connections."""

    read_only = False

    def __init__(self, engine: Engine) -> None:
        self.engine = engine
        self._sessions = sessionmaker(engine, expire_on_commit=False)
        self.opened_by = ""
        self.opened_by_id: int | None = None
        self.closed = False

    @classmethod
    def open(cls, url: str, username: str, password: str) -> ServerStore:
        address = make_url(postgres.sqlalchemy_url(url)).set(username=username, password=password)
        store = cls(postgres.make_engine(address.render_as_string(hide_password=False)))
        try:
            with store.engine.connect() as conn:
                schema.check_not_newer(conn)
                if schema.needs_upgrade(conn):
                    raise VaultError(
                        N_("The office server's schema is older than this app: ask its "
                           "administrator to upgrade it.")
                    )  # fmt: skip
                row = conn.execute(
                    text("SELECT id, username FROM users WHERE username = current_user AND active")
                ).first()
            if row is None:
                raise VaultError(N_("This login is not a Casework user on the office server."))
            store.opened_by_id, store.opened_by = int(row[0]), str(row[1])
        except BaseException:
            store.close()
            raise
        return store

    def session(self) -> Session:
        return self._sessions()

    @contextlib.contextmanager
    def write(self) -> Iterator[Session]:
        """One write transaction; commits on success, rolls back on error. The audit chain is
        serialised by the server's sealing trigger."""
        with self._sessions() as session, session.begin():
            yield session

    def meta(self, key: str, default: str = "") -> str:
        with self.session() as s:
            row = s.get(VaultMeta, key)
            return row.value if row is not None else default

    def close(self) -> None:
        if not self.closed:
            self.engine.dispose()
            self.closed = True

    def __enter__(self) -> ServerStore:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

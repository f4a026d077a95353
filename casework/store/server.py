"""An office server opened by one app user: what the services need of a vault, on PostgreSQL.

The user connects with their own LOGIN role and password, so everything they do is checked by
the database's policies too (server_security.py), not only by the services. Audit events are
sealed into the chain by the server (`audit_chain.append` hands them over: the chain's key is
out of the user's reach).
"""

from __future__ import annotations

import contextlib
import threading
import weakref
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import TYPE_CHECKING

from sqlalchemy import Engine, event, text
from sqlalchemy.engine import make_url
from sqlalchemy.orm import Session, sessionmaker

from casework.errors import VaultError
from casework.i18n import N_
from casework.model import VaultMeta
from casework.store import postgres, schema

if TYPE_CHECKING:
    import psycopg

    from casework.store.server_connection import ServerAddress


class ServerStore:
    """The server, opened as one app user. Close it to drop its connections."""

    read_only = False
    folder: Path | None = None  # a server has no folder on this laptop

    def __init__(self, engine: Engine) -> None:
        self.engine = engine
        self._sessions = sessionmaker(engine, expire_on_commit=False)
        self.opened_by = ""
        self.opened_by_id: int | None = None
        self.closed = False
        self.address: ServerAddress | None = None  # set when opened from the login window
        self._password = ""
        # False while the connection is known to be lost (the change listener noticed): calls
        # fail at once with a clear message instead of waiting for the network.
        self.online = True
        # Every connection of the pool, lent to a call or not (cut when the link is known lost:
        # a call may be waiting in the pool's own ping, before the connection is lent).
        self._connections: weakref.WeakSet[object] = weakref.WeakSet()
        # Raised by each lock (`abandon_calls`): a call begun before it may not open a new
        # connection after it (see `call_begun`).
        self.generation = 0
        event.listen(engine, "connect", self._connected)
        event.listen(engine, "do_connect", self._connecting)

    def _connecting(self, *_args: object) -> None:
        """No new connection is tried while the link is known lost (a call would wait out the
        connect timeout behind a silent network): the call fails at once, translated. Nor by
        a call abandoned by a lock: cut, the pool would replace its connection and save,
        once the network is back, what the user was told is kept unsaved."""
        self._check_online()
        begun = getattr(_calls, "generation", None)
        if begun is not None and begun != self.generation:
            from casework.store.server_connection import ServerUnreachable

            raise ServerUnreachable()

    def _connected(self, dbapi_connection: object, _record: object) -> None:
        self._connections.add(dbapi_connection)

    def connection_lost(self) -> None:
        """The connection to the server is known lost (the change listener noticed): calls fail
        at once from now on, and calls waiting on the network now fail too (their sockets are
        cut) instead of waiting for TCP to give up, so their input can be saved again later."""
        from casework.store.server_connection import cut

        self.online = False
        for dbapi_connection in list(self._connections):
            cut(dbapi_connection)

    @classmethod
    def open(
        cls, url: str, username: str, password: str, connect_args: dict[str, object] | None = None
    ) -> ServerStore:
        address = make_url(postgres.sqlalchemy_url(url)).set(username=username, password=password)
        engine = postgres.make_engine(
            address.render_as_string(hide_password=False), connect_args=connect_args
        )
        store = cls(engine)
        try:
            with store.engine.connect() as conn:
                if connect_args and "sslrootcert" in connect_args:
                    from casework.store.server_connection import check_scram

                    check_scram(conn.connection.dbapi_connection)
                schema.check_not_newer(conn)
                if schema.needs_upgrade(conn):
                    raise VaultError(
                        N_("The office server's schema is older than this app: ask its "
                           "administrator to upgrade it.")
                    )  # fmt: skip
                row = conn.execute(
                    text("SELECT id, username FROM users WHERE username = current_user AND active")
                ).first()
                if (
                    row is not None
                    and conn.execute(
                        text("SELECT 1 FROM vault_meta WHERE key = 'workshop_filling'")
                    ).first()
                ):
                    raise VaultError(
                        N_("This workshop database was not filled to the end. Ask the trainer "
                           "to run 'casework workshop' for it again.")
                    )  # fmt: skip
            if row is None:
                raise VaultError(N_("This login is not a Casework user on the office server."))
            store.opened_by_id, store.opened_by = int(row[0]), str(row[1])
        except BaseException:
            store.close()
            raise
        return store

    @classmethod
    def open_at(cls, address: ServerAddress, username: str, password: str) -> ServerStore:
        """Open the server from the login window: verified TLS, SCRAM only, clear errors."""
        from sqlalchemy.exc import DBAPIError

        from casework.store.server_connection import explain

        try:
            store = cls.open(
                address.login_url(username, password), username, password, address.connect_args()
            )
        except DBAPIError as exc:
            error = explain(exc)
            if error is None:
                raise
            raise error from None
        store.address = address
        store._password = password
        return store

    @property
    def shown_address(self) -> str:
        return self.address.shown if self.address is not None else ""

    def listen_connection(self) -> psycopg.Connection:
        """A connection of its own for LISTEN (same address, settings and user), autocommit."""
        import psycopg

        from casework.store.server_connection import listen_url

        assert self.address is not None
        return psycopg.connect(
            listen_url(self.address, self.opened_by, self._password),
            autocommit=True,
            **self.address.connect_args(),  # type: ignore[arg-type]
        )

    def _check_online(self) -> None:
        if not self.online:
            from casework.store.server_connection import ServerUnreachable

            raise ServerUnreachable()

    def session(self) -> Session:
        self._check_online()
        return self._sessions()

    @contextlib.contextmanager
    def write(self) -> Iterator[Session]:
        """One write transaction; commits on success, rolls back on error. The audit chain is
        serialised by the server's sealing trigger. A connection lost on the way is a
        translated `ServerUnreachable` (nothing was written), like any refused save."""
        from sqlalchemy.exc import DBAPIError

        from casework.store.server_connection import explain

        self._check_online()
        try:
            with self._sessions() as session, session.begin():
                yield session
        except DBAPIError as exc:
            error = explain(exc)
            if error is None:
                raise
            raise error from None

    # The server's pages are its own business: nothing to check, nothing held (vault.py has
    # the same three for a local vault).
    pages_checked = True

    def check_pages(self) -> int:
        return 0

    def after_check(self, work: Callable[[Session], Callable[[], None] | None]) -> None:
        with self.write() as session:
            then = work(session)
        if then is not None:
            then()

    write_soon = after_check

    def meta(self, key: str, default: str = "") -> str:
        with self.session() as s:
            row = s.get(VaultMeta, key)
            return row.value if row is not None else default

    def abandon_calls(self) -> None:
        """The session locks: calls still waiting on the server end now (their input is kept
        as a draft) rather than finishing after the user has gone."""
        from casework.store.server_connection import cut

        self.generation += 1
        for dbapi_connection in list(self._connections):
            if not getattr(dbapi_connection, "closed", True):
                cut(dbapi_connection)

    def close(self, *, wait: bool = True) -> None:  # noqa: ARG002 - as Vault.close: nothing held
        if not self.closed:
            self.engine.dispose()  # the idle connections, closed politely
            self.abandon_calls()  # and any a call still waits on
            self.closed = True
            self._password = ""

    def __enter__(self) -> ServerStore:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()


_calls = threading.local()  # the store generation a service call on this thread began in


@contextlib.contextmanager
def call_begun(store: object) -> Iterator[None]:
    """Marks this thread's service call as begun in the store's current generation: if the
    session is locked meanwhile, the call may not open a connection any more."""
    if not isinstance(store, ServerStore):
        yield
        return
    _calls.generation = store.generation
    try:
        yield
    finally:
        _calls.generation = None

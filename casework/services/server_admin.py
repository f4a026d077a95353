"""Administering an office server: its schema, and its users as PostgreSQL login roles.

Run by whoever administers the server, connected as the database's owner (or a superuser): that
connection is the authority here, as the vault key is for a vault. Each app user is a LOGIN role
with a SCRAM-SHA-256 password (the verifier is computed by libpq on this machine, so the
password itself never reaches the server or its logs), a member of the group role of each app
role it holds (store/server_security.py). Every change is audited in the same transaction.
"""

from __future__ import annotations

import contextlib
import re
from collections.abc import Iterator

from sqlalchemy import Connection, Engine, select, text
from sqlalchemy.engine import make_url
from sqlalchemy.exc import ArgumentError, DBAPIError, OperationalError
from sqlalchemy.orm import Session

from casework.errors import CaseworkError, ValidationError
from casework.i18n import N_
from casework.model import User, UserRole, VaultMeta
from casework.model.enums import Role
from casework.store import audit_chain, passwords, postgres, schema, server_security
from casework.store.keyslots import normalise_username

# Database and role names are used as identifiers (quoted) and in group role names; keep them
# plain so they read the same in psql, pg_hba.conf and logs.
_DATABASE = re.compile(r"^[a-z_][a-z0-9_]{0,39}$")
_USERNAME = re.compile(r"^[a-z][a-z0-9_.-]{1,40}$")
_VERIFIER = re.compile(r"^SCRAM-SHA-256\$\d+:[A-Za-z0-9+/=]+\$[A-Za-z0-9+/=]+:[A-Za-z0-9+/=]+$")


class ServerError(CaseworkError):
    default_message = N_("The office server refused the request.")


def shown_url(url: str) -> str:
    """The address without its password, for messages."""
    try:
        shown = make_url(postgres.sqlalchemy_url(url)).render_as_string(hide_password=True)
        return postgres.libpq_url(shown)
    except ArgumentError:
        return "?"


def check_url(url: str) -> str:
    """A `postgresql://…` address naming a database; returns the database's name."""
    if not postgres.is_server_url(url):
        raise ServerError(N_("The server address must start with postgresql://"))
    try:
        database = make_url(postgres.sqlalchemy_url(url)).database or ""
    except (ArgumentError, ValueError):
        raise ServerError(N_("The server address is not a valid postgresql:// address.")) from None
    if not _DATABASE.match(database):
        raise ServerError(
            N_(
                "Name the database at the end of the address, in lower-case letters, digits "
                "and _ (at most 40), e.g. postgresql://admin@server/casework"
            )
        )
    return database


def check_username(database: str, username: str) -> str:
    name = normalise_username(username)
    if not _USERNAME.match(name) or name.startswith("pg_") or name.startswith(database + "_"):
        raise ValidationError(
            {
                "username": N_(
                    "On an office server a user name is 2 to 41 lower-case letters, digits, "
                    "'.', '-' or '_', starting with a letter (it is also the database login)."
                )
            }
        )
    return name


@contextlib.contextmanager
def _failures(url: str) -> Iterator[None]:
    """Database errors as translated messages (the server's own text is kept, it is technical
    and holds no client data; the password never appears in it)."""
    try:
        yield
    except DBAPIError as exc:
        reason = str(getattr(exc.orig, "diag", None) and exc.orig.diag.message_primary or exc.orig)
        reason = reason.strip().splitlines()[0] if reason.strip() else type(exc.orig).__name__
        sqlstate = getattr(exc.orig, "sqlstate", "") or ""
        if sqlstate.startswith("42501"):
            raise ServerError(
                N_(
                    "The server refused: the role in {url} may not do this (connect as the "
                    "database's owner or a superuser). ({reason})"
                ),
                url=shown_url(url),
                reason=reason,
            ) from None
        unreachable = isinstance(exc, OperationalError) and not sqlstate
        if unreachable or sqlstate.startswith(("08", "28")):
            raise ServerError(
                N_("Could not connect to {url}: {reason}"), url=shown_url(url), reason=reason
            ) from None
        raise ServerError(N_("The server refused the request: {reason}"), reason=reason) from None


def _engine(url: str) -> Engine:
    return postgres.make_engine(url, pool_size=1, connect_timeout=10)


def _owner(conn: Connection) -> str:
    return str(conn.execute(text("SELECT current_user")).scalar_one())


def _role_exists(conn: Connection, name: str) -> bool:
    return (
        conn.execute(text("SELECT 1 FROM pg_roles WHERE rolname = :n"), {"n": name}).first()
        is not None
    )


def _verifier(conn: Connection, username: str, password: str) -> str:
    """The SCRAM-SHA-256 verifier libpq computes locally (PQencryptPasswordConn)."""
    pgconn = conn.connection.dbapi_connection.pgconn  # type: ignore[union-attr]
    verifier = pgconn.encrypt_password(
        password.encode("utf-8"), username.encode("utf-8"), b"scram-sha-256"
    ).decode("ascii")
    if not _VERIFIER.match(verifier):
        raise ServerError()
    return verifier


def _q(conn: Connection, name: str) -> str:
    return conn.dialect.identifier_preparer.quote_identifier(name)


def _create_login(
    conn: Connection, database: str, username: str, password: str, roles: set[Role]
) -> None:
    if _role_exists(conn, username):
        raise ServerError(
            N_("The server already has a role named {user}; choose another user name."),
            user=username,
        )
    groups = ", ".join(_q(conn, server_security.group_role(database, r)) for r in sorted(roles))
    conn.exec_driver_sql(
        f"CREATE ROLE {_q(conn, username)} LOGIN PASSWORD '{_verifier(conn, username, password)}'"
        f" IN ROLE {groups}"
    )


def _create_database_if_missing(url: str, database: str) -> None:
    maintenance = make_url(postgres.sqlalchemy_url(url)).set(database="postgres")
    engine = postgres.make_engine(
        maintenance.render_as_string(hide_password=False), pool_size=1, connect_timeout=10
    )
    try:
        with engine.connect().execution_options(isolation_level="AUTOCOMMIT") as conn:
            found = conn.execute(
                text("SELECT 1 FROM pg_database WHERE datname = :d"), {"d": database}
            ).first()
            if found is None:
                conn.exec_driver_sql(f"CREATE DATABASE {_q(conn, database)}")
    finally:
        engine.dispose()


def init_server(
    url: str,
    *,
    organisation: str,
    admin_username: str,
    admin_password: str,
    admin_display_name: str = "",
    country: str = "",
    language: str = "en",
    meta: dict[str, str] | None = None,
) -> None:
    """Create the database (if missing), its schema, roles and policies, and the first
    administrator (and the settings in `meta`, in the same transaction). Refuses a database
    that already holds a Casework schema."""
    import secrets

    database = check_url(url)
    admin = check_username(database, admin_username)
    if not organisation.strip():
        raise ValidationError({"organisation": N_("Enter the organisation's name.")})
    passwords.check(admin_password, (admin_username, organisation))
    with _failures(url):
        _create_database_if_missing(url, database)
        engine = _engine(url)
        try:
            with engine.connect() as conn:
                if schema.current_revision(conn) is not None:
                    raise ServerError(
                        N_("The database {database} already holds a Casework schema."),
                        database=database,
                    )
                schema.upgrade(conn)
                server_security.apply_security(conn)
                owner = _owner(conn)
                with Session(bind=conn) as s:
                    s.add_all(
                        [
                            VaultMeta(key=audit_chain.AUDIT_KEY, value=secrets.token_hex(32)),
                            VaultMeta(key="organisation", value=organisation.strip()),
                            VaultMeta(key="country", value=country.strip().upper()),
                            VaultMeta(key="language", value=language),
                            *(VaultMeta(key=k, value=v) for k, v in (meta or {}).items()),
                        ]
                    )
                    user = User(
                        username=admin,
                        display_name=admin_display_name.strip() or admin_username.strip(),
                        language=language,
                    )
                    user.roles.append(UserRole(role=Role.ADMINISTRATOR))
                    s.add(user)
                    s.flush()
                    audit_chain.append(s, "vault.created", actor_id=None, actor_name=owner,
                                       entity="vault", details={"server": True})  # fmt: skip
                    audit_chain.append(
                        s, "user.created", actor_id=None, actor_name=owner, entity="user",
                        entity_id=user.id, details={"roles": [Role.ADMINISTRATOR.value]},
                    )  # fmt: skip
                    _create_login(conn, database, admin, admin_password, {Role.ADMINISTRATOR})
                    s.flush()
                conn.commit()  # all or nothing: schema, roles, policies, administrator
        finally:
            engine.dispose()


@contextlib.contextmanager
def _administer(url: str) -> Iterator[tuple[Session, Connection, str]]:
    """A transaction on an initialised server database, as its owner."""
    database = check_url(url)
    with _failures(url):
        engine = _engine(url)
        try:
            with engine.connect() as conn:
                if schema.current_revision(conn) is None:
                    raise ServerError(
                        N_("The database {database} holds no Casework schema: run "
                           "'casework server init' first."),
                        database=database,
                    )  # fmt: skip
                with Session(bind=conn) as s:
                    yield s, conn, database
                    s.flush()
                conn.commit()
        finally:
            engine.dispose()


def _active_user(s: Session, username: str) -> User:
    user = s.scalar(select(User).where(User.username == normalise_username(username), User.active))
    if user is None:
        raise ServerError(N_("There is no active user {user}."), user=username)
    return user


def add_user(url: str, username: str, display_name: str, roles: set[Role], password: str) -> None:
    if not roles:
        raise ValidationError({"roles": N_("Choose at least one role.")})
    with _administer(url) as (s, conn, database):
        name = check_username(database, username)
        organisation = s.get(VaultMeta, "organisation")
        passwords.check(password, (username, organisation.value if organisation else ""))
        if s.scalar(select(User.id).where(User.username == name)) is not None:
            raise ValidationError({"username": N_("This user name is already taken.")})
        user = User(username=name, display_name=display_name.strip() or name)
        for role in sorted(roles):
            user.roles.append(UserRole(role=role))
        s.add(user)
        s.flush()
        _create_login(conn, database, name, password, roles)
        audit_chain.append(
            s, "user.created", actor_id=None, actor_name=_owner(conn), entity="user",
            entity_id=user.id, details={"roles": sorted(r.value for r in roles)},
        )  # fmt: skip


def set_password(url: str, username: str, password: str) -> None:
    with _administer(url) as (s, conn, _database):
        user = _active_user(s, username)
        organisation = s.get(VaultMeta, "organisation")
        passwords.check(password, (username, organisation.value if organisation else ""))
        if _role_exists(conn, user.username):
            conn.exec_driver_sql(
                f"ALTER ROLE {_q(conn, user.username)} "
                f"PASSWORD '{_verifier(conn, user.username, password)}'"
            )
        else:  # restored onto another server: the user's login is made again
            _create_login(conn, _database, user.username, password, user.role_set)
        audit_chain.append(s, "user.password_reset", actor_id=None, actor_name=_owner(conn),
                           entity="user", entity_id=user.id)  # fmt: skip


def remove_user(url: str, username: str) -> None:
    """The user's row stays (the audit trail names them), inactive; their login role goes."""
    with _administer(url) as (s, conn, _database):
        user = _active_user(s, username)
        admins = s.scalars(
            select(UserRole).join(User).where(UserRole.role == Role.ADMINISTRATOR, User.active)
        ).all()
        if Role.ADMINISTRATOR in user.role_set and len(admins) <= 1:
            raise ServerError(N_("The last administrator cannot be removed."))
        user.active = False
        conn.exec_driver_sql(f"DROP ROLE IF EXISTS {_q(conn, user.username)}")
        audit_chain.append(s, "user.removed", actor_id=None, actor_name=_owner(conn),
                           entity="user", entity_id=user.id)  # fmt: skip


def verify(url: str) -> audit_chain.ChainReport:
    """Walk the server's audit chain (as its owner, who alone holds the chain's key)."""
    with _administer(url) as (s, _conn, _database):
        return audit_chain.verify(s)

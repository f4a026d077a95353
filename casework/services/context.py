"""Who is acting, and the unit of work every service call runs in.

A write is: check permission, validate, write, append an audit event, all in one transaction.
`ServiceContext.write()` gives the transaction; the audit event is appended on the way out, so
a refused or failed call writes nothing at all.

A refusal (`PermissionDenied`, wherever a service raises it) is itself audited, once, by this
module: when it leaves the outermost `read()` or `write()` of the context (after that transaction
was rolled back), or at once when `require()` refuses outside any transaction. It is recorded in
a transaction of its own, so the refused write still writes nothing else.
"""

from __future__ import annotations

import contextlib
import datetime as dt
import logging
import threading
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field

from sqlalchemy import select
from sqlalchemy.exc import DBAPIError, SQLAlchemyError
from sqlalchemy.orm import Session
from sqlalchemy.orm.exc import StaleDataError

from casework.errors import CaseworkError, NotFound, PermissionDenied
from casework.i18n import N_
from casework.model import Case, User
from casework.model.enums import Role
from casework.services import concurrency
from casework.services import limits as _limits  # noqa: F401 - every write checks lengths
from casework.services.permissions import Permission, permissions_of
from casework.store import audit_chain, backends
from casework.store.vault import RECOVERY_ACTOR, Vault

log = logging.getLogger(__name__)
REFUSED = "access.refused"


@dataclass(frozen=True)
class Actor:
    user_id: int | None
    username: str
    display_name: str
    roles: frozenset[Role]

    @property
    def permissions(self) -> frozenset[Permission]:
        return permissions_of(self.roles)

    def can(self, permission: Permission) -> bool:
        return permission in self.permissions


@dataclass
class UnitOfWork:
    """The open transaction of one service call and the audit events it will append."""

    session: Session
    events: list[dict[str, object]] = field(default_factory=list)

    def audit(
        self,
        action: str,
        entity: str = "",
        entity_id: int | None = None,
        **details: object,
    ) -> None:
        """Record what happened. Details are ids, codes and field names: never personal data."""
        self.events.append(
            {"action": action, "entity": entity, "entity_id": entity_id, "details": details}
        )


class ServiceContext:
    """The unlocked vault plus the acting user; every service function takes one."""

    def __init__(
        self, vault: Vault, actor: Actor, today: Callable[[], dt.date] = dt.date.today
    ) -> None:
        self.vault = vault
        self.actor = actor
        self.today = today
        self._open = threading.local()  # how many read()/write() blocks this thread is inside
        # Called after every committed write with the kinds of records it changed (see
        # `changed_kinds`); the UI turns them into "this page is stale" (ui/changes.py).
        self.listeners: list[Callable[[frozenset[str]], None]] = []

    @classmethod
    def for_vault(cls, vault: Vault) -> ServiceContext:
        """The context of whoever opened the vault (a recovery-key opening acts as admin)."""
        if vault.opened_by == RECOVERY_ACTOR or vault.opened_by_id is None:
            actor = Actor(None, RECOVERY_ACTOR, RECOVERY_ACTOR, frozenset({Role.ADMINISTRATOR}))
            return cls(vault, actor)
        with vault.session() as s:
            user = s.get(User, vault.opened_by_id)
            if user is None:
                raise NotFound()
            actor = Actor(user.id, user.username, user.display_name, user.role_set)
        return cls(vault, actor)

    def now(self) -> dt.datetime:
        """The time to stamp on records: real time, moved to `today()` when the context's day
        was set (the workshop generator back-dates what it makes, so histories read in order).
        The audit trail always keeps the real time of writing."""
        real = dt.datetime.now(dt.UTC)
        day = self.today()
        if day == dt.date.today():
            return real
        return dt.datetime.combine(day, real.time(), dt.UTC)

    def refresh_actor(self) -> None:
        if self.actor.user_id is None:
            return
        with self.vault.session() as s:
            user = s.get(User, self.actor.user_id)
            if user is not None:
                self.actor = Actor(user.id, user.username, user.display_name, user.role_set)

    # --- permission checks ---------------------------------------------------------------------

    def require(self, *permissions: Permission) -> None:
        """At least one of the permissions; a refusal is audited (see the module's docstring)."""
        if not any(self.actor.can(p) for p in permissions):
            error = PermissionDenied()
            error.refused_permission = permissions[0].value
            if self._depth() == 0:
                self._record_refusal(error)
            raise error

    def can_see_all_cases(self) -> bool:
        return self.actor.can(Permission.VIEW_ALL_CASES)

    def case_for_read(self, session: Session, case_id: int) -> Case:
        """The case, if this user may open it: supervisors any, caseworkers their own."""
        if not self.actor.can(Permission.VIEW_ASSIGNED_CASES) and not self.can_see_all_cases():
            error = PermissionDenied(N_("This case is not assigned to you."))
            error.refused_record = ("case", case_id)
            raise error
        case = session.get(Case, case_id)
        if case is None:
            # On an office server row-level security hides a colleague's case: it is refused
            # (and the refusal audited) as on a vault, not reported missing.
            if not backends.case_exists(session, case_id):
                raise NotFound()
        elif self.can_see_all_cases():
            return case
        if (
            case is not None
            and self.actor.can(Permission.VIEW_ASSIGNED_CASES)
            and case.caseworker_id == self.actor.user_id
        ):
            return case
        error = PermissionDenied(N_("This case is not assigned to you."))
        error.refused_record = ("case", case_id)
        raise error

    def missing(self, session: Session, model: type, record_id: int) -> CaseworkError:
        """The error for a record of a case that the session could not load: on an office
        server row-level security hides a colleague's record, refused as on a vault (where
        the service finds it and refuses it), not reported missing."""
        table = model.__tablename__  # type: ignore[attr-defined]
        if backends.row_exists(session, table, record_id):
            error = PermissionDenied(N_("This case is not assigned to you."))
            error.refused_record = (table, record_id)
            return error
        return NotFound()

    def case_for_write(self, session: Session, case_id: int) -> Case:
        self.require(Permission.EDIT_CASE_RECORDS)
        return self.case_for_read(session, case_id)

    def may_see_restricted(self, case: Case) -> bool:
        if self.can_see_all_cases():
            return True
        return self.actor.can(Permission.VIEW_ASSIGNED_CASES) and (
            case.caseworker_id == self.actor.user_id
        )

    # --- transactions ------------------------------------------------------------------------

    @contextlib.contextmanager
    def read(self) -> Iterator[Session]:
        with self._refusals_audited(), self.vault.session() as session:
            yield session

    @contextlib.contextmanager
    def write(self) -> Iterator[UnitOfWork]:
        with self._refusals_audited(), _stale_refused(), self.vault.write() as session:
            session.info[concurrency.ACTOR_KEY] = self.actor.user_id
            session.info[concurrency.NOW_KEY] = self.now()
            uow = UnitOfWork(session)
            yield uow
            session.flush()
            for event in uow.events:
                audit_chain.append(
                    session,
                    str(event["action"]),
                    actor_id=self.actor.user_id,
                    actor_name=self.actor.username,
                    entity=str(event["entity"]),
                    entity_id=event["entity_id"],  # type: ignore[arg-type]
                    details=event["details"],  # type: ignore[arg-type]
                )
        self._tell(changed_kinds(uow.events))

    def _tell(self, kinds: frozenset[str]) -> None:
        if kinds:
            for listener in list(self.listeners):
                listener(kinds)

    def record_read(
        self, action: str, entity: str = "", entity_id: int | None = None, **details: object
    ) -> None:
        """Audit a read that changed nothing ("case.opened"). Before the vault's page check has
        passed the event is queued (written when it passes) rather than waiting for the check:
        opening a case in the first seconds after unlock must not wait for it."""
        actor = self.actor

        def work(session: Session) -> Callable[[], None]:
            audit_chain.append(
                session,
                action,
                actor_id=actor.user_id,
                actor_name=actor.username,
                entity=entity,
                entity_id=entity_id,
                details=details,
            )
            return lambda: self._tell(frozenset({"audit"}))

        self.vault.write_soon(work)

    # --- refusals ------------------------------------------------------------------------------

    def _depth(self) -> int:
        return getattr(self._open, "depth", 0)

    @contextlib.contextmanager
    def _refusals_audited(self) -> Iterator[None]:
        """Around a transaction: a refusal leaving the outermost one is audited once it has
        been rolled back (this block is entered before the transaction and left after it)."""
        self._open.depth = self._depth() + 1
        try:
            try:
                yield
            except DBAPIError as exc:
                # On an office server the database itself refuses what the role may not do.
                if getattr(exc.orig, "sqlstate", "") != "42501":
                    raise
                raise PermissionDenied() from None
        except PermissionDenied as error:
            self._open.depth = self._depth() - 1
            if self._depth() == 0:
                self._record_refusal(error)
            raise
        else:
            self._open.depth = self._depth() - 1

    def _record_refusal(self, error: PermissionDenied) -> None:
        """One audit event in its own transaction: who was refused what (ids and codes only)."""
        if error.refusal_audited:
            return
        error.refusal_audited = True
        entity, entity_id = error.refused_record
        details: dict[str, object] = {"reason": error.msgid}
        if error.refused_permission:
            details["permission"] = error.refused_permission
        try:
            self.record_read(REFUSED, entity, entity_id, **details)
        except (CaseworkError, SQLAlchemyError):
            # A read-only (damaged) or locked vault cannot record it; the refusal still stands.
            log.warning("a refusal could not be audited (the vault takes no writes)")


# Audited actions that read or copy records without changing any.
READ_ONLY_ACTIONS = frozenset(
    {
        "case.opened",
        "case.restricted_viewed",
        "document.printed",
        "document.saved_unencrypted",
        "statistics.viewed",
        "statistics.exported",
        "vault.key_shown",
        "vault.backup",
        "audit.verified",
    }
)


@contextlib.contextmanager
def _stale_refused() -> Iterator[None]:
    """An UPDATE that found a newer row version than it loaded wrote nothing: say so."""
    try:
        yield
    except StaleDataError as exc:
        raise concurrency.stale() from exc


def changed_kinds(events: list[dict[str, object]]) -> frozenset[str]:
    """The kinds of records a write changed ("case", "referral", "plan", "task"…), read from
    its audit events: the action's prefix and the record it names. Every write is audited, so
    no write can forget to say what it changed. Each kind also marks the audit trail."""
    kinds: set[str] = set()
    for event in events:
        action = str(event["action"])
        if action in READ_ONLY_ACTIONS:
            kinds.add("audit")
            continue
        kinds.update({action.split(".", 1)[0], str(event["entity"] or ""), "audit"})
    kinds.discard("")
    return frozenset(kinds)


def user_by_name(session: Session, username: str) -> User | None:
    from casework.store.keyslots import normalise_username

    return session.scalar(select(User).where(User.username == normalise_username(username)))

"""Reading and verifying the audit trail, and the vault's integrity (administrators)."""

from __future__ import annotations

import datetime as dt
import json
from dataclasses import dataclass

from sqlalchemy import func, select, text
from sqlalchemy.orm import Session

from casework.model import AuditEvent, Organisation, PathwayStage, User
from casework.services.context import ServiceContext
from casework.services.permissions import Permission
from casework.store import audit_chain, audit_seal, backends
from casework.store.audit_seal import SealReport


@dataclass(frozen=True)
class AuditRow:
    id: int
    at: dt.datetime
    actor: str
    action: str
    entity: str
    entity_id: int | None
    details: str
    # The case reference when the record is a case or belongs to one (ids mean nothing).
    reference: str = ""
    # Ids in the details, named: (("case", "KE-2026-0042"), ("assignee", "Carl C."), …).
    names: tuple[tuple[str, str], ...] = ()

    def name_of(self, key: str) -> str | None:
        return dict(self.names).get(key)


# Keys of event details that hold the id of a case, a user, an organisation, a stage.
CASE_KEYS = frozenset({"case"})
USER_KEYS = frozenset({"previous", "to", "assignee", "second_reviewer"})
ORG_KEYS = frozenset({"organisation", "org", "recipient"})
STAGE_KEYS = frozenset({"stage"})


@dataclass(frozen=True)
class AuditQuery:
    actor: str = ""
    action_prefix: str = ""
    entity: str = ""
    entity_id: int | None = None
    since: dt.date | None = None
    until: dt.date | None = None
    offset: int = 0
    limit: int = 200
    oldest_first: bool = False  # the events in the order they happened (newest first if not)


@dataclass(frozen=True)
class VerifyReport:
    chain_ok: bool
    events: int
    chain_problems: tuple[str, ...]
    database_ok: bool
    database_problems: tuple[str, ...]
    sealed: int = 0  # events checked against their forward-secure seal
    first_sealed: int = 0  # events before this id predate sealing (chain only)

    @property
    def ok(self) -> bool:
        return self.chain_ok and self.database_ok


def list_events(ctx: ServiceContext, query: AuditQuery) -> tuple[list[AuditRow], int]:
    ctx.require(Permission.READ_AUDIT)
    conditions = []
    if query.actor:
        conditions.append(AuditEvent.actor_name == query.actor)
    if query.action_prefix:
        conditions.append(AuditEvent.action.startswith(query.action_prefix))
    if query.entity:
        conditions.append(AuditEvent.entity == query.entity)
    if query.entity_id is not None:
        conditions.append(AuditEvent.entity_id == query.entity_id)
    if query.since:
        start = dt.datetime.combine(query.since, dt.time(), dt.UTC)
        conditions.append(AuditEvent.at >= start)
    if query.until:
        end = dt.datetime.combine(query.until + dt.timedelta(days=1), dt.time(), dt.UTC)
        conditions.append(AuditEvent.at < end)
    with ctx.read() as s:
        total = s.scalar(select(func.count(AuditEvent.id)).where(*conditions)) or 0
        refs = backends.case_references(s)
        rows = s.execute(
            select(AuditEvent, refs.c.reference)
            .outerjoin(refs, (AuditEvent.entity == "case") & (refs.c.id == AuditEvent.entity_id))
            .where(*conditions)
            .order_by(AuditEvent.id.asc() if query.oldest_first else AuditEvent.id.desc())
            .offset(query.offset)
            .limit(query.limit)
        )
        events = [(e, ref) for e, ref in rows]
        named = _names(s, [e.details for e, _ref in events])
        out = []
        for e, ref in events:
            details = _details(e.details)
            names = tuple(
                (key, named[(kind, value)])
                for key, value in details.items()
                for kind in (_kind_of(key),)
                if kind and isinstance(value, int) and (kind, value) in named
            )
            case_ref = ref or dict(names).get("case", "")
            out.append(
                AuditRow(
                    e.id,
                    e.at,
                    e.actor_name,
                    e.action,
                    e.entity,
                    e.entity_id,
                    e.details,
                    case_ref or "",
                    names,
                )
            )
        return out, total


def _details(raw: object) -> dict[str, object]:
    if isinstance(raw, dict):
        return raw
    try:
        data = json.loads(raw) if isinstance(raw, str) else {}
    except ValueError:
        return {}
    return data if isinstance(data, dict) else {}


def _kind_of(key: str) -> str:
    for kind, keys in (
        ("case", CASE_KEYS),
        ("user", USER_KEYS),
        ("organisation", ORG_KEYS),
        ("stage", STAGE_KEYS),
    ):
        if key in keys:
            return kind
    return ""


def _names(session: Session, all_details: list[object]) -> dict[tuple[str, int], str]:
    """Case references, user, organisation and stage names for the ids in one page of events
    (a few small queries, however many events)."""
    wanted: dict[str, set[int]] = {
        "case": set(),
        "user": set(),
        "organisation": set(),
        "stage": set(),
    }
    for raw in all_details:
        for key, value in _details(raw).items():
            kind = _kind_of(key)
            if kind and isinstance(value, int) and not isinstance(value, bool):
                wanted[kind].add(value)
    out: dict[tuple[str, int], str] = {}
    refs = backends.case_references(session)
    for kind, key, column in (
        ("case", refs.c.id, refs.c.reference),
        ("user", User.id, User.display_name),
        ("organisation", Organisation.id, Organisation.name),
        ("stage", PathwayStage.id, PathwayStage.name),
    ):
        if wanted[kind]:
            for id_, name in session.execute(select(key, column).where(key.in_(wanted[kind]))):
                out[(kind, id_)] = name
    return out


def verify(ctx: ServiceContext) -> VerifyReport:
    """Check the audit chain and every database page; the check itself is audited."""
    ctx.require(Permission.VERIFY_AUDIT)
    with ctx.read() as s:
        chain = audit_chain.verify(s)
        seal = audit_seal_check(s, ctx.vault.seal_info)
        conn = s.connection()
        pages = [r[0] for r in conn.execute(text("PRAGMA cipher_integrity_check"))]
        structure = [r[0] for r in conn.execute(text("PRAGMA integrity_check")) if r[0] != "ok"]
    report = VerifyReport(
        chain.ok and seal.ok,
        chain.events,
        chain.problems + seal.problems,
        not (pages or structure),
        tuple(pages + structure),
        seal.sealed,
        seal.first_sealed,
    )
    if report.ok:
        ctx.vault.record_seal_anchor(seal.last_id, seal.last_tag)
    with ctx.write() as uow:
        uow.audit("audit.verified", ok=report.ok)
    return report


def audit_seal_check(session: Session, seal_info: dict[str, object] | None) -> SealReport:
    """The forward-secure seals, checked with the verification key from the acting
    administrator's own slot: without it nothing can be said about an insider's rewrite."""
    if seal_info is None:
        problem = (
            "your key slot holds no audit verification key: verify with the recovery key, or "
            "have another administrator reset your password"
        )
        return SealReport(False, 0, 0, 0, "", (problem,))
    return audit_seal.verify(session, seal_info, audit_chain.payload)

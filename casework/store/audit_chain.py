"""The audit trail's HMAC chain: append and verify.

Each event's MAC covers its own fields and the previous event's MAC, under a key derived from the
vault key when the vault was created and kept inside the encrypted database (so a later key
rotation does not break the chain). The id of the newest event and its MAC are also kept in
`vault_meta`, so deleting the newest events is detected too.

The chain catches damage and careless edits; it cannot stop someone holding the vault key (any
user) from re-chaining. That is what the forward-secure seals are for (audit_seal.py).
"""

from __future__ import annotations

import hashlib
import hmac
import json
import weakref
from dataclasses import dataclass

from sqlalchemy import Engine, select
from sqlalchemy.orm import Session

from casework.model import AuditEvent, VaultMeta
from casework.model.base import utcnow
from casework.store import audit_seal

GENESIS = b"\0" * 32
AUDIT_KEY = "audit_key"
AUDIT_HEAD = "audit_head"


def _meta(session: Session, key: str) -> VaultMeta | None:
    return session.get(VaultMeta, key)


def payload(event: AuditEvent) -> bytes:
    fields = [
        event.id,
        event.at.isoformat(),
        event.actor_id,
        event.actor_name,
        event.action,
        event.entity,
        event.entity_id,
        event.details,
    ]
    return json.dumps(fields, separators=(",", ":"), ensure_ascii=False).encode("utf-8")


def _mac(key: bytes, prev: bytes, event: AuditEvent) -> bytes:
    return hmac.new(key, prev + payload(event), hashlib.sha256).digest()


def audit_key(session: Session) -> bytes:
    meta = _meta(session, AUDIT_KEY)
    if meta is None:
        raise RuntimeError("vault has no audit key")
    return bytes.fromhex(meta.value)


def append(
    session: Session,
    action: str,
    *,
    actor_id: int | None,
    actor_name: str,
    entity: str = "",
    entity_id: int | None = None,
    details: dict[str, object] | None = None,
) -> AuditEvent:
    """Add one event to the chain, in the caller's transaction."""
    if _server_seals(session):
        return _sealed_by_server(session, action, actor_id, actor_name, entity, entity_id, details)
    key = audit_key(session)
    head = _meta(session, AUDIT_HEAD)
    if head is None:
        last_id, prev = 0, GENESIS
    else:
        last_id_text, prev_hex = head.value.split(":")
        last_id, prev = int(last_id_text), bytes.fromhex(prev_hex)
    event = AuditEvent(
        id=last_id + 1,
        at=utcnow().replace(microsecond=utcnow().microsecond // 1000 * 1000),
        actor_id=actor_id,
        actor_name=actor_name,
        action=action,
        entity=entity,
        entity_id=entity_id,
        details=json.dumps(details or {}, sort_keys=True, ensure_ascii=False),
        prev_mac=prev,
        mac=b"",
    )
    event.mac = _mac(key, prev, event)
    audit_seal.seal(session, event, payload(event))
    session.add(event)
    value = f"{event.id}:{event.mac.hex()}"
    if head is None:
        session.add(VaultMeta(key=AUDIT_HEAD, value=value))
    else:
        head.value = value
    session.flush()
    return event


# Engines whose user cannot read the chain's key (an app role on an office server): known
# after their first event, so later events save the round trip that asks again.
_SEALED_BY_SERVER: weakref.WeakKeyDictionary[Engine, bool] = weakref.WeakKeyDictionary()


def _server_seals(session: Session) -> bool:
    """Whether the server seals this session's events (PostgreSQL, key out of reach)."""
    bind = session.get_bind()
    if bind.dialect.name != "postgresql":
        return False
    if _SEALED_BY_SERVER.get(bind.engine):
        return True
    if _meta(session, AUDIT_KEY) is not None:
        return False
    _SEALED_BY_SERVER[bind.engine] = True
    return True


def next_id(session: Session) -> int:
    head = _meta(session, AUDIT_HEAD)
    return 1 if head is None else int(head.value.split(":")[0]) + 1


def _sealed_by_server(
    session: Session,
    action: str,
    actor_id: int | None,
    actor_name: str,
    entity: str,
    entity_id: int | None,
    details: dict[str, object] | None,
) -> AuditEvent:
    """On an office server an app user cannot read the chain's key: the server's trigger
    (store/server_security.py) sets id, time, actor and MACs; we send the rest."""
    event = AuditEvent(
        at=utcnow(),
        actor_id=actor_id,
        actor_name=actor_name,
        action=action,
        entity=entity,
        entity_id=entity_id,
        details=json.dumps(details or {}, sort_keys=True, ensure_ascii=False),
        prev_mac=b"",
        mac=b"",
    )
    session.add(event)
    session.flush()
    return event


@dataclass(frozen=True)
class ChainReport:
    ok: bool
    events: int
    problems: tuple[str, ...]  # untranslated descriptions with the event id, for logs and CLI
    first_bad_id: int | None = None


def verify(session: Session) -> ChainReport:
    """Walk the whole chain in id order and report the first inconsistency of each kind."""
    key = audit_key(session)
    problems: list[str] = []
    first_bad: int | None = None
    prev = GENESIS
    expected_id = 1
    count = 0
    for event in session.scalars(select(AuditEvent).order_by(AuditEvent.id)):
        count += 1
        if event.id != expected_id:
            problems.append(f"missing events before id {event.id}")
            first_bad = first_bad or event.id
        if event.prev_mac != prev:
            problems.append(f"event {event.id} does not follow the one before it")
            first_bad = first_bad or event.id
        if not hmac.compare_digest(event.mac, _mac(key, event.prev_mac, event)):
            problems.append(f"event {event.id} was altered")
            first_bad = first_bad or event.id
        prev = event.mac
        expected_id = event.id + 1
    head = _meta(session, AUDIT_HEAD)
    if head is not None:
        last_id_text, mac_hex = head.value.split(":")
        if int(last_id_text) != expected_id - 1 or mac_hex != prev.hex():
            problems.append(f"events after id {expected_id - 1} are missing")
            first_bad = first_bad or expected_id
    elif count:
        problems.append("the chain head is missing")
    return ChainReport(not problems, count, tuple(problems), first_bad)

"""Forward-secure sealing of the audit trail (after systemd-journald's Forward Secure Sealing).

The HMAC chain (audit_chain.py) uses a key kept inside the database, so anybody holding the
vault key can rewrite events and re-chain them. Sealing adds what they cannot redo:

- A random *verification key* (seed) is made when sealing starts. It is never stored in the
  database: it is sealed into administrators' key slots and the recovery slot, each copy under a
  key only that slot's private key yields (so nobody can swap in a seed of their own).
- The database holds only the current *sealing key* K_i and the id i of the next event. Each
  event i gets a tag HMAC(tag-key(K_i), id, payload, previous MAC); then K_{i+1} = HMAC(K_i,
  "next") replaces K_i. One epoch per event: earlier keys are overwritten (secure_delete is on;
  an old write-ahead-log frame may keep the last few keys until the next checkpoint).
- Whoever holds the seed re-derives every K_i and checks every tag, and that the stored state is
  exactly K_{last+1} at id last+1. Someone holding only K_n cannot compute any earlier key, so
  cannot edit, delete, reorder or re-chain an event sealed before they got K_n, nor roll the
  state back to hide a truncated tail. What they can do (SECURITY.md): append events in the
  present, and put back a whole older copy of the database (state included); the anchor written
  at each administrator's verify into their slot (`anchor`) catches a rollback behind it unless
  keyslots.json is rolled back too.
"""

from __future__ import annotations

import hashlib
import hmac
import secrets
from collections.abc import Callable
from dataclasses import dataclass

from sqlalchemy import select
from sqlalchemy.orm import Session

from casework.model import AuditEvent, VaultMeta

SEAL_STATE = "audit_seal"


def new_seed() -> bytes:
    return secrets.token_bytes(32)


def _hmac(key: bytes, *parts: bytes) -> bytes:
    mac = hmac.new(key, digestmod=hashlib.sha256)
    for part in parts:
        mac.update(len(part).to_bytes(4, "big") + part)
    return mac.digest()


def first_key(seed: bytes) -> bytes:
    return _hmac(seed, b"casework seal start")


def next_key(key: bytes) -> bytes:
    return _hmac(key, b"next")


def tag(key: bytes, event_id: int, payload: bytes, prev_mac: bytes) -> bytes:
    return _hmac(_hmac(key, b"tag"), str(event_id).encode(), payload, prev_mac)


def info(seed: bytes, first_id: int, anchor: tuple[int, str] | None = None) -> dict[str, object]:
    """What an administrator's slot keeps: the seed, where sealing began, the last anchor."""
    data: dict[str, object] = {"seed": seed.hex(), "from": first_id}
    if anchor is not None:
        data["anchor"] = {"id": anchor[0], "tag": anchor[1]}
    return data


def has_state(session: Session) -> bool:
    return session.get(VaultMeta, SEAL_STATE) is not None


def start(session: Session, seed: bytes, first_id: int) -> None:
    """Begin sealing at event `first_id` (in the caller's transaction)."""
    session.add(VaultMeta(key=SEAL_STATE, value=f"{first_id}:{first_key(seed).hex()}"))
    session.flush()


def seal(session: Session, event: AuditEvent, payload: bytes) -> None:
    """Tag one new event and ratchet the sealing key forward, erasing the old one."""
    state = session.get(VaultMeta, SEAL_STATE)
    parsed = _parse_state(state)
    if state is None or parsed is None:
        return  # not started in this vault, or the state was vandalised (verify reports it)
    next_id, key = parsed
    # The epoch only moves forward: if events were removed behind the state's back, new ones
    # are sealed with the newest key and the state stays ahead, which verify reports.
    epoch = max(next_id, event.id)
    for _ in range(epoch - next_id):
        key = next_key(key)
    event.seal = tag(key, event.id, payload, event.prev_mac)
    state.value = f"{epoch + 1}:{next_key(key).hex()}"


def _parse_state(state: VaultMeta | None) -> tuple[int, bytes] | None:
    if state is None:
        return None
    try:
        next_id_text, key_hex = state.value.split(":")
        key = bytes.fromhex(key_hex)
        next_id = int(next_id_text)
    except (AttributeError, ValueError):
        return None
    return (next_id, key) if len(key) == 32 else None


@dataclass(frozen=True)
class SealReport:
    ok: bool
    sealed: int  # events checked against their seal
    first_sealed: int
    last_id: int
    last_tag: str
    problems: tuple[str, ...]


def verify(
    session: Session, slot_info: dict[str, object], payload_of: Callable[[AuditEvent], bytes]
) -> SealReport:
    """Re-derive every sealing key from the seed and check every sealed event, the count, and
    the stored state. `payload_of(event)` is the chain's canonical payload."""
    problems: list[str] = []
    seed = bytes.fromhex(str(slot_info["seed"]))
    first_id = int(slot_info["from"])  # type: ignore[arg-type]
    key = first_key(seed)
    expected = first_id
    sealed = 0
    last_tag = ""
    query = select(AuditEvent).where(AuditEvent.id >= first_id).order_by(AuditEvent.id)
    for event in session.scalars(query):
        if event.id != expected:
            problems.append(f"sealed events {expected} to {event.id - 1} are missing")
            for _ in range(max(0, event.id - expected)):
                key = next_key(key)
            expected = event.id
        good = tag(key, event.id, payload_of(event), event.prev_mac)
        if event.seal is None or not hmac.compare_digest(event.seal, good):
            problems.append(f"event {event.id} does not match its seal")
        sealed += 1
        last_tag = good.hex()
        key = next_key(key)
        expected += 1
    state = session.get(VaultMeta, SEAL_STATE)
    parsed = _parse_state(state)
    if state is None:
        problems.append("the sealing state is missing")
    elif parsed is None:
        problems.append("the sealing state was replaced")
    else:
        next_id, stored_key = parsed
        if next_id > expected:
            problems.append(f"sealed events from {expected} on were removed")
        elif next_id < expected or not hmac.compare_digest(stored_key, key):
            problems.append("the sealing state was replaced")
    anchor = slot_info.get("anchor")
    if isinstance(anchor, dict):
        anchored = session.get(AuditEvent, int(anchor["id"]))
        if anchored is None or expected - 1 < int(anchor["id"]):
            problems.append(f"events up to {anchor['id']}, seen at the last verify, are missing")
        elif anchored.seal is None or anchored.seal.hex() != anchor["tag"]:
            problems.append(f"event {anchor['id']} differs from the last verify")
    return SealReport(not problems, sealed, first_id, expected - 1, last_tag, tuple(problems))

"""What participants did: the workshop's activity since the vault was made or last reset.

The generator notes the last audit event of the fictional history (`workshop_baseline_event`)
just before it snapshots the vault; a reset puts that snapshot back, so every audit event after
the baseline is something a participant did in this session. Read from the audit trail (the
trainer holds the administrator role), never from the generated history itself.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from casework.model import AuditEvent, Case, Consent, Note, Plan, Referral, RiskObservation, Task
from casework.services.context import ServiceContext
from casework.services.permissions import Permission
from casework.store.vault import Vault
from casework.workshop.accounts import pristine_path

BASELINE_KEY = "workshop_baseline_event"
# Records that belong to a case: the case reference says more than a database id.
_CASE_OF = {
    "referral": Referral,
    "plan": Plan,
    "note": Note,
    "task": Task,
    "consent": Consent,
    "observation": RiskObservation,
}


@dataclass(frozen=True)
class Activity:
    at: dt.datetime
    account: str
    action: str  # audit action code (labels: casework.ui.admin.audit_labels)
    entity: str
    entity_id: int | None
    reference: str  # the case it concerns, if any


def mark_baseline(vault: Vault) -> None:
    """Remember where the fictional history ends (called by the generator before the
    snapshot)."""
    from casework.model import VaultMeta

    with vault.write() as s:
        last = s.scalar(select(func.max(AuditEvent.id))) or 0
        s.merge(VaultMeta(key=BASELINE_KEY, value=str(last)))


def participant_activity(ctx: ServiceContext) -> list[Activity]:
    """Every audited action since the workshop was made or reset, oldest first."""
    ctx.require(Permission.READ_AUDIT)
    with ctx.read() as s:
        baseline = _baseline(ctx, s)
        rows = s.execute(
            select(
                AuditEvent.at,
                AuditEvent.actor_name,
                AuditEvent.action,
                AuditEvent.entity,
                AuditEvent.entity_id,
            )
            .where(AuditEvent.id > baseline)
            .order_by(AuditEvent.id)
        ).all()
        cases: dict[tuple[str, int], str] = {}
        for row in rows:
            key = (row.entity, row.entity_id)
            if row.entity_id is None or key in cases:
                continue
            if row.entity == "case":
                cases[key] = s.scalar(select(Case.reference).where(Case.id == row.entity_id)) or ""
            elif row.entity in _CASE_OF:
                model = _CASE_OF[row.entity]
                cases[key] = (
                    s.scalar(
                        select(Case.reference)
                        .join(model, model.case_id == Case.id)
                        .where(model.id == row.entity_id)
                    )
                    or ""
                )
        return [
            Activity(
                r.at,
                r.actor_name,
                r.action,
                r.entity,
                r.entity_id,
                cases.get((r.entity, r.entity_id), ""),
            )
            for r in rows
        ]


def _baseline(ctx: ServiceContext, s: Session) -> int:
    """The last event of the fictional history. Vaults made before the baseline was noted:
    the last event before their pristine snapshot was written."""
    noted = ctx.vault.meta(BASELINE_KEY)
    if noted:
        return int(noted)
    snapshot = pristine_path(ctx.vault.folder)
    if not snapshot.is_file():
        return 0
    made = dt.datetime.fromtimestamp(snapshot.stat().st_mtime, dt.UTC)
    return s.scalar(select(func.max(AuditEvent.id)).where(AuditEvent.at <= made)) or 0

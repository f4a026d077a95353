"""The four-eyes rule for plan approval: a supervisor does not approve a plan they wrote or
submitted; another supervisor does.

On by default. An administrator may switch it off for a one-person office (a vault setting,
audited); the refusal is a `PermissionDenied`, so it is audited like every refusal.
"""

from __future__ import annotations

from sqlalchemy.orm import Session

from casework.errors import PermissionDenied
from casework.i18n import N_
from casework.model import Plan, VaultMeta
from casework.services.context import ServiceContext
from casework.services.permissions import Permission

SETTING = "four_eyes_plan_approval"  # in vault_meta: "0" off, anything else (or absent) on
REFUSAL = N_(
    "Four-eyes rule: you wrote or submitted this plan, so another supervisor must approve it."
)


def _on(session: Session) -> bool:
    row = session.get(VaultMeta, SETTING)
    return row is None or row.value != "0"


def is_on(ctx: ServiceContext) -> bool:
    """Whether the rule applies in this vault (anyone logged in may know it)."""
    with ctx.read() as s:
        return _on(s)


def set_rule(ctx: ServiceContext, on: bool) -> None:
    """Switch the rule on or off (administrators). Audited; nothing is written if unchanged."""
    ctx.require(Permission.MANAGE_USERS)
    with ctx.write() as uow:
        s = uow.session
        if _on(s) == on:
            return
        s.merge(VaultMeta(key=SETTING, value="1" if on else "0"))
        uow.audit("vault.four_eyes_changed", "vault", four_eyes=on)


def refusal(ctx: ServiceContext, session: Session, plan: Plan) -> str:
    """Why this user may not approve the plan under the rule (a message id), or ""."""
    me = ctx.actor.user_id
    if me is None or not _on(session):
        return ""
    return REFUSAL if me in (plan.created_by_id, plan.submitted_by_id) else ""


def check(ctx: ServiceContext, session: Session, plan: Plan) -> None:
    """Refuse the approval if the rule forbids it (inside the approving transaction)."""
    reason = refusal(ctx, session, plan)
    if reason:
        error = PermissionDenied(reason)
        error.refused_record = ("plan", plan.id)
        raise error

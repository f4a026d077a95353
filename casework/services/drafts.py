"""Unsaved form contents kept inside the (encrypted) vault when it locks, offered back after."""

from __future__ import annotations

from sqlalchemy import delete, select
from sqlalchemy.orm import Session

from casework.model import Draft
from casework.model.base import utcnow
from casework.services.context import ServiceContext


def save_draft(ctx: ServiceContext, key: str, payload: str) -> None:
    """Keep a form's contents (JSON text). Not audited: nothing was decided or shared."""
    if ctx.actor.user_id is None:
        return
    with ctx.vault.write() as s:
        row = s.scalar(select(Draft).where(Draft.user_id == ctx.actor.user_id, Draft.key == key))
        if row is None:
            s.add(Draft(user_id=ctx.actor.user_id, key=key, payload=payload))
        else:
            row.payload = payload
            row.saved_at = utcnow()


def load_drafts(ctx: ServiceContext) -> dict[str, str]:
    if ctx.actor.user_id is None:
        return {}
    with ctx.read() as s:
        rows = s.scalars(select(Draft).where(Draft.user_id == ctx.actor.user_id))
        return {row.key: row.payload for row in rows}


def discard_draft(ctx: ServiceContext, key: str) -> None:
    user_id = ctx.actor.user_id
    if user_id is None:
        return

    def discard(s: Session) -> None:  # queued while the page check runs (it never waits)
        s.execute(delete(Draft).where(Draft.user_id == user_id, Draft.key == key))

    ctx.vault.write_soon(discard)

"""Optimistic concurrency: a save over a colleague's newer version is refused, never silent.

Every record people edit carries `row_version` (model/base.py `Versioned`). A read model hands
the version to the form; the form passes it back as `expected_version`; `check` compares it
with the row, locked for the rest of the transaction (on PostgreSQL `SELECT … FOR UPDATE`, so a
colleague saving at the same instant waits and is then refused too; a vault's writes are
serialised already). The UPDATE itself carries `WHERE row_version = …` (SQLAlchemy's
`version_id_col`), so even a write that passes no version never overwrites unseen: it fails
with `ConcurrentEditError` as well (`stale`). Every write stamps who changed a record and when.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable

from sqlalchemy import event
from sqlalchemy.orm import Session

from casework.errors import ConcurrentEditError
from casework.model import User
from casework.model.base import Versioned

ACTOR_KEY = "casework.actor_id"
NOW_KEY = "casework.now"


def check(
    session: Session,
    record: Versioned,
    expected_version: int | None,
    fields: Iterable[str] = (),
    entity: str = "",
) -> None:
    """Refuse the write when the form's version is not the row's: `ConcurrentEditError` with
    who changed it last, when, and their values of `fields` (only what the user may see)."""
    if expected_version is None:
        return
    session.refresh(record, with_for_update=True)
    if record.row_version == expected_version:
        return
    who = session.get(User, record.changed_by_id) if record.changed_by_id else None
    raise ConcurrentEditError(
        name=who.display_name if who is not None else "",
        at=record.changed_at,
        theirs={name: getattr(record, name) for name in fields},
        version=record.row_version,
        entity=entity,
    )


def stale() -> ConcurrentEditError:
    """The UPDATE found a newer version than it loaded (a write that passed none)."""
    return ConcurrentEditError(name="", at=None, theirs={}, version=-1)


@event.listens_for(Session, "before_flush")
def _stamp(session: Session, _context: object, _instances: object) -> None:
    """Who changed a versioned record and when, on every insert and update."""
    actor = session.info.get(ACTOR_KEY)
    now = session.info.get(NOW_KEY) or dt.datetime.now(dt.UTC)
    for record in session.new:
        if isinstance(record, Versioned):
            record.changed_by_id, record.changed_at = actor, now
    for record in session.dirty:
        if isinstance(record, Versioned) and session.is_modified(record, include_collections=False):
            record.changed_by_id, record.changed_at = actor, now

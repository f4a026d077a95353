"""Case notes: typed, dated, possibly restricted, shown as a timeline newest first.

Restricted notes follow the rule for restricted case fields (DOMAIN.md, "Case"): they exist
only for users who may see restricted data on the case, and even for them they stay masked
(listed, body blank) unless the user explicitly asks to see them, which is audited.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, replace

from sqlalchemy import func, select

from casework.errors import PermissionDenied, ValidationError
from casework.i18n import N_
from casework.model import Note, User
from casework.model.enums import NoteKind
from casework.services.context import ServiceContext


@dataclass(frozen=True)
class NoteInput:
    kind: NoteKind
    occurred_on: dt.date
    body: str
    restricted: bool = False


@dataclass(frozen=True)
class NoteRow:
    id: int
    case_id: int
    kind: NoteKind
    occurred_on: dt.date
    body: str  # "" when masked
    restricted: bool
    masked: bool  # restricted and not asked for: the UI offers "show restricted notes"
    author_id: int
    author_name: str
    created_at: dt.datetime


@dataclass(frozen=True)
class NotePage:
    rows: list[NoteRow]
    total: int


def _validate(data: NoteInput, today: dt.date) -> NoteInput:
    data = replace(data, body=data.body.strip())
    errors: dict[str, str] = {}
    if not data.body:
        errors["body"] = N_("Write the note.")
    if data.occurred_on > today:
        errors["occurred_on"] = N_("A note cannot be dated in the future.")
    if errors:
        raise ValidationError(errors)
    return data


def add_note(ctx: ServiceContext, case_id: int, data: NoteInput) -> int:
    data = _validate(data, ctx.today())
    with ctx.write() as uow:
        case = ctx.case_for_write(uow.session, case_id)
        note = Note(
            created_at=ctx.now(),
            case_id=case.id,
            kind=data.kind,
            occurred_on=data.occurred_on,
            body=data.body,
            restricted=data.restricted,
            author_id=ctx.actor.user_id,
        )
        uow.session.add(note)
        uow.session.flush()
        uow.audit(
            "note.added",
            "note",
            note.id,
            case=case.id,
            kind=data.kind.value,
            restricted=data.restricted,
        )
        return note.id


def update_note(ctx: ServiceContext, note_id: int, data: NoteInput) -> None:
    """Correct a note: its author may, and supervisors may (notes are never deleted)."""
    data = _validate(data, ctx.today())
    with ctx.write() as uow:
        note = uow.session.get(Note, note_id)
        if note is None:
            raise ctx.missing(uow.session, Note, note_id)
        case = ctx.case_for_write(uow.session, note.case_id)
        if note.author_id != ctx.actor.user_id and not ctx.can_see_all_cases():
            raise PermissionDenied(N_("Only the author or a supervisor may change a note."))
        if note.restricted and not ctx.may_see_restricted(case):
            raise PermissionDenied()
        changed = []
        for name in ("kind", "occurred_on", "body", "restricted"):
            if getattr(note, name) != getattr(data, name):
                setattr(note, name, getattr(data, name))
                changed.append(name)
        if changed:
            uow.audit("note.updated", "note", note.id, case=case.id, fields=changed)


def timeline(
    ctx: ServiceContext,
    case_id: int,
    *,
    kind: NoteKind | None = None,
    include_restricted: bool = False,
    offset: int = 0,
    limit: int = 200,
) -> NotePage:
    """A case's notes, newest first, filtered and paged in SQL.

    Asking for restricted notes (include_restricted) is audited as "case.restricted_viewed".
    """
    with ctx.read() as s:
        case = ctx.case_for_read(s, case_id)
        may_see = ctx.may_see_restricted(case)
    conditions = [Note.case_id == case_id]
    if not may_see:
        conditions.append(Note.restricted.is_(False))
    if kind is not None:
        conditions.append(Note.kind == kind)
    reveal = include_restricted and may_see
    if reveal:
        with ctx.write() as uow:
            uow.audit("case.restricted_viewed", "case", case_id, part="notes")
    with ctx.read() as s:
        total = s.scalar(select(func.count(Note.id)).where(*conditions)) or 0
        stmt = (
            select(Note, func.coalesce(User.display_name, ""))
            .outerjoin(User, User.id == Note.author_id)
            .where(*conditions)
            .order_by(Note.occurred_on.desc(), Note.created_at.desc(), Note.id.desc())
            .offset(max(0, offset))
            .limit(max(1, min(limit, 1000)))
        )
        rows = []
        for note, author in s.execute(stmt):
            masked = note.restricted and not reveal
            rows.append(
                NoteRow(
                    id=note.id,
                    case_id=note.case_id,
                    kind=note.kind,
                    occurred_on=note.occurred_on,
                    body="" if masked else note.body,
                    restricted=note.restricted,
                    masked=masked,
                    author_id=note.author_id,
                    author_name=author,
                    created_at=note.created_at,
                )
            )
    return NotePage(rows, total)

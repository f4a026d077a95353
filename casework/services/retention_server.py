"""The retention services' path on an office server: the server's own SECURITY DEFINER
functions (store/server_retention.py) do the reading and the anonymising there, because an
administrator may read no case. Their refusals come back as the vault's messages."""

from __future__ import annotations

import datetime as dt
from typing import Any

from sqlalchemy import select, text
from sqlalchemy.exc import DBAPIError
from sqlalchemy.orm import Session

from casework.errors import NotFound, PermissionDenied, TransitionRefused
from casework.i18n import N_
from casework.model import User
from casework.store import backends
from casework.store import server_retention as fn

NOT_DUE = N_("This case is not due for anonymisation.")
ALREADY_ASKED = N_("Anonymisation of this case has already been asked for.")
NOTHING_TO_CANCEL = N_("There is no pending anonymisation to cancel.")
ASK_FIRST = N_("Ask for the anonymisation first; another person confirms.")
ALREADY_DONE = N_("This case has already been anonymised.")
SAME_PERSON = N_("A second person must confirm: you asked for this anonymisation yourself.")


def on_server(s: Session) -> bool:
    return backends.is_postgresql(s.connection())


def utc(value: dt.datetime | None) -> dt.datetime | None:
    return None if value is None else value.replace(tzinfo=dt.UTC)


def _call(s: Session, sql: str, params: dict[str, object]) -> Any:
    try:
        return s.execute(text(sql), params)
    except DBAPIError as exc:
        state = getattr(exc.orig, "sqlstate", None)
        refused = {
            fn.NOT_DUE: TransitionRefused(NOT_DUE),
            fn.ALREADY_ASKED: TransitionRefused(ALREADY_ASKED),
            fn.NOTHING_TO_CANCEL: TransitionRefused(NOTHING_TO_CANCEL),
            fn.ASK_FIRST: TransitionRefused(ASK_FIRST),
            fn.ALREADY_DONE: TransitionRefused(ALREADY_DONE),
            fn.SAME_PERSON: PermissionDenied(SAME_PERSON),
            fn.NO_CASE: NotFound(),
            "42501": PermissionDenied(),
        }.get(state or "")
        if refused is None:
            raise
        raise refused from None


def names(s: Session, ids: set[int | None]) -> dict[int | None, str]:
    wanted = {i for i in ids if i is not None}
    if not wanted:
        return {}
    rows = s.execute(select(User.id, User.display_name).where(User.id.in_(wanted)))
    return {user_id: name for user_id, name in rows}


def due(s: Session, today: dt.date) -> list[Any]:
    """(case id, reference, category, closed on, due on, asked by id, asked at), oldest first."""
    return list(_call(s, "SELECT * FROM casework_retention_due(:d)", {"d": today}).all())


def request(s: Session, case_id: int, today: dt.date) -> None:
    _call(s, "SELECT casework_anonymisation_request(:c, :d)", {"c": case_id, "d": today})


def cancel(s: Session, case_id: int) -> None:
    _call(s, "SELECT casework_anonymisation_cancel(:c)", {"c": case_id})


def confirm(s: Session, case_id: int, today: dt.date) -> str:
    found = _call(s, "SELECT casework_anonymisation_confirm(:c, :d)", {"c": case_id, "d": today})
    return str(found.scalar_one())


def anonymised(s: Session, case_id: int | None = None) -> list[Any]:
    """(case id, reference, category, closed on, years, asked by id, asked at, confirmed by id,
    confirmed at, certificate), newest first."""
    return list(_call(s, "SELECT * FROM casework_anonymisations(:c)", {"c": case_id}).all())

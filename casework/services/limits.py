"""How long a text field may be: one table, checked on every write, shown on every form.

Names, aliases, references and titles are short (a 500-character alias breaks the case heading,
the tabs and the printed plan); notes and other long texts are long but not endless. The table
is keyed by field name, which is the column name of the record and the field name of the form,
so the same limit and the same message reach the app (inline, under the field, and as the line
edit's maximum length) and the command line.

Every write is checked, whichever service made it: a `before_flush` hook looks at the records
about to be written, so no service can forget (the workshop's bulk loader writes through Core
and is not checked; its content is ours).
"""

from __future__ import annotations

from typing import Any

from sqlalchemy import String, Text, event, inspect
from sqlalchemy.orm import Session

from casework.errors import ValidationError
from casework.i18n import N_

# Long free text (notes, evidence, narratives, summaries): about four typed pages.
LONG_TEXT = 10_000

LIMITS: dict[str, int] = {
    # names and aliases
    "alias": 80,
    "other_aliases": 300,
    "legal_name": 120,
    "guardian_name": 120,
    "guardian": 120,
    "witness": 120,
    "display_name": 80,
    "username": 80,
    "focal_person": 120,
    "responsible_person": 150,
    "on_behalf_of": 150,
    "name": 150,  # organisations, pathways, stages
    # references and identifiers
    "reference": 40,
    "national_id": 60,
    "phone": 40,
    "email": 200,
    "document_reference": 150,
    # titles and short labels
    "title": 150,
    "locality": 80,
    "source": 150,
    "tool": 120,
    "assessing_body": 150,
    "reported_level": 120,
    "capacity_note": 200,
    "practice": 200,
    # short texts
    "address": 500,
    "need": 2_000,
    "goal": 2_000,
    "purpose": 2_000,
}

TOO_LONG = N_("Too long: at most {limit} characters.")

# Records that are not typed by users (settings, drafts, the audit trail, vault metadata).
UNCHECKED_TABLES = frozenset({"audit_events", "vault_meta", "user_settings", "drafts"})


def limit_of(field: str) -> int:
    """The most characters `field` may hold."""
    return LIMITS.get(field, LONG_TEXT)


def check(values: dict[str, Any]) -> None:
    """Refuse text values longer than their field's limit, with one message per field."""
    fields: dict[str, str] = {}
    params: dict[str, dict[str, object]] = {}
    for name, value in values.items():
        if isinstance(value, str) and len(value) > limit_of(name):
            fields[name] = TOO_LONG
            params[name] = {"limit": limit_of(name)}
    if fields:
        raise ValidationError(fields, field_params=params)


def _text_columns(obj: object, changed_only: bool) -> dict[str, Any]:
    """The text columns of a record about to be written (for an update, only those changed:
    a record written before the limits existed can still change its other fields)."""
    mapper = inspect(type(obj), raiseerr=False)
    if mapper is None or mapper.local_table.name in UNCHECKED_TABLES:
        return {}
    state = inspect(obj)
    out = {}
    for attr in mapper.column_attrs:
        column = attr.columns[0]
        if not isinstance(column.type, String | Text):
            continue
        if changed_only and not state.attrs[attr.key].history.has_changes():
            continue
        out[attr.key] = getattr(obj, attr.key, None)
    return out


@event.listens_for(Session, "before_flush")
def _check_before_flush(session: Session, _context: object, _instances: object) -> None:
    for obj in session.new:
        check(_text_columns(obj, changed_only=False))
    for obj in session.dirty:
        check(_text_columns(obj, changed_only=True))


__all__ = ["LIMITS", "LONG_TEXT", "TOO_LONG", "check", "limit_of"]

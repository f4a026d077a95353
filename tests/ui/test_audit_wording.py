"""The audit log in words: every action named, details translated, case references and names
instead of database ids, yes/no instead of Python booleans, in both languages."""

from __future__ import annotations

import datetime as dt
import re
from pathlib import Path

from fixtures_screens import World

from casework.i18n import set_language
from casework.model.enums import NoteKind
from casework.services import audit, cases, handovers, notes
from casework.services.audit import AuditQuery
from casework.services.notes import NoteInput
from casework.ui.admin.audit_labels import ACTIONS, action_label, details_text, record_label

pytest_plugins = ["fixtures_screens"]

SOURCES = Path(__file__).resolve().parents[2] / "casework"


def test_every_audited_action_has_a_name() -> None:
    found: set[str] = set()
    for path in SOURCES.rglob("*.py"):
        text = path.read_text(encoding="utf-8")
        found.update(re.findall(r"audit\(\s*\"([a-z_]+\.[a-z_]+)\"", text))
        found.update(re.findall(r"append\(\s*\w+,\s*\"([a-z_]+\.[a-z_]+)\"", text))
        for pair in re.findall(r"\"([a-z]+\.[a-z_]+)\" if \w+ else \"([a-z]+\.[a-z_]+)\"", text):
            found.update(pair)
    assert found, "no audited actions found"
    missing = sorted(a for a in found if a not in ACTIONS)
    assert not missing, missing


def _events(ctx, action: str):  # noqa: ANN001, ANN202
    rows, _total = audit.list_events(ctx, AuditQuery(action_prefix=action))
    return rows


def test_details_name_the_case_and_say_yes_or_no(world: World) -> None:
    sup = world.supervisor
    reference = cases.get_case(sup, world.carl_case).reference
    notes.add_note(sup, world.carl_case, NoteInput(NoteKind.CONTACT, dt.date.today(), "Met"))
    handovers.assign_case(sup, world.carl_case, world.office.other_caseworker.actor.user_id, "")
    note = _events(sup, "note.added")[0]
    text = details_text(note.details, dict(note.names))
    assert f"Case: {reference}" in text
    assert "Restricted: no" in text
    assert "False" not in text and "case:" not in text
    assert record_label(note.entity, note.entity_id, note.reference) == f"Note · {reference}"
    assigned = _events(sup, "case.assigned")[0]
    text = details_text(assigned.details, dict(assigned.names))
    assert "Carl Caseworker" in text and "Omar Caseworker" in text
    set_language("fr")
    text = details_text(note.details, dict(note.names))
    assert f"Dossier\u00a0: {reference}" in text
    assert text.endswith("\u00a0: non")
    assert action_label("statistics.viewed") != "statistics.viewed"
    assert action_label("referral.received") != "Incoming referral recorded"


def test_changed_fields_are_named_as_on_the_form(world: World) -> None:
    sup = world.supervisor
    data = cases.get_case(sup, world.carl_case).data
    cases.update_case(sup, world.carl_case, data.__class__(**{**data.__dict__, "locality": "Lamu"}))
    updated = _events(sup, "case.updated")[0]
    assert details_text(updated.details, dict(updated.names)) == "Fields changed: Locality"

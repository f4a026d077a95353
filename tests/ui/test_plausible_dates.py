"""Dates outside a plausible window are accepted with a warning under the field."""

from __future__ import annotations

import datetime as dt

from fixtures_screens import World

from casework.services import plausible, tasks
from casework.ui.cases.tabs import TaskDialog
from casework.ui.widgets.dates import set_date

pytest_plugins = ["fixtures_screens"]


def test_the_window_of_each_kind_of_date() -> None:
    today = dt.date(2026, 11, 30)
    assert plausible.check("due_on", dt.date(2026, 12, 15), today) is None
    assert plausible.check("due_on", dt.date(2023, 1, 1), today) == (
        plausible.TOO_EARLY,
        {"years": 2},
    )
    assert plausible.check("due_on", dt.date(2096, 1, 1), today)[0] == plausible.TOO_LATE
    assert plausible.check("occurred_on", dt.date(2026, 12, 2), today)[0] == plausible.IN_FUTURE
    assert plausible.check("date_of_birth", dt.date(1900, 1, 1), today)[0] == plausible.TOO_EARLY
    assert plausible.check("date_of_birth", None, today) is None
    assert plausible.check("unknown_field", dt.date(1900, 1, 1), today) is None


def test_a_due_date_70_years_ahead_warns_but_is_saved(qtbot, world: World) -> None:
    cw = world.caseworker
    dialog = TaskDialog(cw, world.carl_case, [("Carl Caseworker", cw.actor.user_id)])
    qtbot.addWidget(dialog)
    dialog.show()
    warning = dialog.findChild(type(dialog.message), "warning_due_on")
    assert warning is not None and not warning.isVisible()
    far = dt.date.today() + dt.timedelta(days=70 * 365)
    set_date(dialog.due, far)
    assert warning.isVisible()
    assert "5 years ahead" in warning.text()
    dialog.title_edit.setText("Renew the identity card")
    dialog.ok_button.click()
    qtbot.waitUntil(lambda: not dialog.isVisible())
    saved = [t for t in tasks.case_tasks(cw, world.carl_case) if t.title.startswith("Renew")]
    assert saved and saved[0].due_on == far  # warned, not refused


def test_messages_under_fields_are_shown_whole_in_french(qtbot, world: World) -> None:
    """A refusal and a date warning under their fields: the dialog grows, each message has
    the height of all its lines and covers no field (French, the longer language)."""
    from PySide6.QtWidgets import QLabel

    from casework.i18n import set_language

    set_language("fr")
    cw = world.caseworker
    dialog = TaskDialog(cw, world.carl_case, [("Carl Caseworker", cw.actor.user_id)])
    qtbot.addWidget(dialog)
    dialog.show()
    before = dialog.height()
    set_date(dialog.due, dt.date.today() + dt.timedelta(days=70 * 365))
    dialog.ok_button.click()  # no title: refused
    qtbot.waitUntil(lambda: dialog.height() > before)
    messages = [
        w
        for w in dialog.findChildren(QLabel)
        if w.isVisible() and w.objectName() in ("error_title", "warning_due_on")
    ]
    assert len(messages) == 2
    fields = [w for name, w in dialog.fields.items()]
    for label in messages:
        assert label.height() >= label.heightForWidth(label.width()), label.text()
        for field in fields:
            assert not label.geometry().intersects(field.geometry()), (label.text(), field)

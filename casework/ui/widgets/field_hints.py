"""What a form field says before the service does: a date outside its plausible window
(a warning under the field, not a refusal) and the length a one-line field takes."""

from __future__ import annotations

import datetime as dt

from PySide6.QtWidgets import QDateEdit, QFormLayout, QLabel, QLineEdit, QSizePolicy, QWidget

from casework.i18n import _
from casework.services import plausible
from casework.services.limits import LIMITS
from casework.ui.retranslate import follow_language


def message_width(label: QLabel) -> None:
    """A message under a field takes the field's whole width: a wrapping label left at its
    preferred width is narrow, and the form gives it the height of one line, so its second
    line was cut."""
    label.setSizePolicy(QSizePolicy.Policy.Expanding, QSizePolicy.Policy.Minimum)


def warn_implausible(form: QFormLayout, name: str, widget: QWidget) -> QLabel | None:
    """Under a date field: a warning (not a refusal) when the date is outside the plausible
    window for that field (services.plausible), e.g. a due date years ago."""
    if not isinstance(widget, QDateEdit) or name not in plausible.WINDOWS:
        return None
    warning = QLabel()
    warning.setObjectName(f"warning_{name}")
    warning.setWordWrap(True)
    message_width(warning)
    warning.setStyleSheet("color: #8a5300;")
    warning.hide()
    row = form.getWidgetPosition(widget)[0]
    form.insertRow(row + 1, "", warning)

    def current() -> dt.date | None:
        getter = getattr(widget, "value", None)  # an optional date: None when blank
        if callable(getter):
            return getter()
        d = widget.date()
        return dt.date(d.year(), d.month(), d.day())

    def update() -> None:
        found = plausible.check(name, current(), dt.date.today())
        if found is None:
            warning.hide()
            return
        msgid, params = found
        warning.setText(_(msgid).format(**params))
        warning.show()

    widget.dateChanged.connect(update)
    follow_language(warning, update)  # the warning is made again in a new language
    return warning


def limit_length(name: str, widget: QWidget) -> None:
    """A one-line field takes no more characters than the service accepts (services.limits);
    longer texts are refused by the service with the field's message."""
    if isinstance(widget, QLineEdit) and name in LIMITS:
        widget.setMaxLength(LIMITS[name])

"""Date fields and date formatting: the month in letters, optional (blank) dates, UI language."""

from __future__ import annotations

import datetime as dt
from functools import lru_cache

from babel import Locale
from PySide6.QtCore import (
    QDate,
    QLocale,
)
from PySide6.QtWidgets import (
    QDateEdit,
    QWidget,
)

from casework.i18n import format_date, format_time, locale_name
from casework.ui.retranslate import track_language


class BaseOptionalDate(QDateEdit):
    """A date field that may be left empty (shown blank, value None)."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setCalendarPopup(True)
        self._empty_date = QDate(1900, 1, 1)
        self.setMinimumDate(self._empty_date)
        self.setSpecialValueText(" ")
        self.setDate(self._empty_date)

    def value(self) -> dt.date | None:
        d = self.date()
        return None if d == self._empty_date else dt.date(d.year(), d.month(), d.day())

    def focusNextPrevChild(self, next: bool) -> bool:  # noqa: A002, N802 - Qt override
        """Tab leaves an empty field: a blank date has no day, month or year to step through,
        and QDateEdit would keep the focus forever (a keyboard trap)."""
        if self.value() is None:
            return QWidget.focusNextPrevChild(self, next)
        return super().focusNextPrevChild(next)

    def set_value(self, value: dt.date | None) -> None:
        self.setDate(QDate(value.year, value.month, value.day) if value else self._empty_date)


def fmt_date(value: dt.date | None) -> str:
    return format_date(value, "medium") if value else ""


def fmt_datetime(value: dt.datetime | None) -> str:
    """Local date and time, the month in letters ("Nov 25, 2026, 12:54 AM", "25 nov. 2026,
    00:54"): a numeric short date reads differently in Nairobi, Manila and Dakar."""
    if value is None:
        return ""
    if value.tzinfo is None:
        value = value.replace(tzinfo=dt.UTC)
    local = value.astimezone()
    return _datetime_pattern(locale_name()).format(
        format_time(local, "short"), format_date(local, "medium")
    )


@lru_cache(maxsize=8)
def _datetime_pattern(locale: str) -> str:
    """How a locale joins a date and a time ("{1}, {0}"): read once, not per list cell."""
    return str(Locale.parse(locale).datetime_formats["medium"])


def set_date(edit: QDateEdit, value: dt.date) -> None:
    edit.setDate(QDate(value.year, value.month, value.day))


def date_of(edit: QDateEdit) -> dt.date:
    d = edit.date()
    return dt.date(d.year(), d.month(), d.day())


# The month in letters: 03/04/2026 is March in Nairobi's phones and April in Dakar's.
DATE_DISPLAY_FORMAT = "d MMM yyyy"


def _date_locale(edit: QDateEdit) -> None:
    edit.setLocale(QLocale(locale_name()))
    edit.setDisplayFormat(DATE_DISPLAY_FORMAT)


class DateEdit(QDateEdit):
    """A date field that shows "25 Nov 2026" / "25 nov. 2026" in the active language."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setCalendarPopup(True)
        track_language(self)

    def retranslate(self) -> None:
        _date_locale(self)


class OptionalDate(BaseOptionalDate):
    """An optional date field (blank = None) with the same unambiguous display."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        track_language(self)

    def retranslate(self) -> None:
        _date_locale(self)


def date_edit(value: dt.date | None = None) -> QDateEdit:
    edit = DateEdit()
    set_date(edit, value or dt.date.today())
    return edit

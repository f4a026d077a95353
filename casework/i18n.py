"""Languages: gettext catalogues compiled in memory, `_()`, and Babel formatting.

English is the source language; French comes from `translations/fr/LC_MESSAGES/casework.po`,
compiled in memory on first use so a fresh checkout needs no build step. The active language can
change while the app runs: listeners registered with `on_language_changed` are called so windows
re-translate themselves. Documents are printed in their own language through `translator(lang)`,
whatever the interface's language is.
"""

from __future__ import annotations

import datetime as dt
import gettext
import io
import threading
from collections.abc import Callable
from dataclasses import dataclass
from decimal import Decimal
from functools import cache, lru_cache
from pathlib import Path
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from babel import Locale

# Babel is imported where it is used, not with this module: the login window of an English
# session needs none of it (it cost about a third of the time to the login window).

TRANSLATIONS_DIR = Path(__file__).resolve().parent.parent / "translations"
DOMAIN = "casework"
LANGUAGES: dict[str, str] = {"en": "English", "fr": "Français"}
DEFAULT_LANGUAGE = "en"

_lock = threading.Lock()
_active = DEFAULT_LANGUAGE
_listeners: list[Callable[[str], None]] = []


def N_(message: str) -> str:
    """Mark a message for extraction without translating it now (translated where shown)."""
    return message


@cache
def translator(lang: str) -> gettext.NullTranslations:
    """The translations of one language, compiled from its .po file in memory."""
    if lang == "en" or lang not in LANGUAGES:
        return gettext.NullTranslations()
    po_path = TRANSLATIONS_DIR / lang / "LC_MESSAGES" / f"{DOMAIN}.po"
    if not po_path.exists():
        return gettext.NullTranslations()
    with po_path.open("rb") as f:
        from babel.messages.mofile import write_mo
        from babel.messages.pofile import read_po

        catalog = read_po(f, locale=lang)
    buf = io.BytesIO()
    write_mo(buf, catalog, use_fuzzy=False)
    buf.seek(0)
    return gettext.GNUTranslations(buf)


def normalise_language(lang: str | None) -> str:
    """Map a locale name such as 'fr_FR.UTF-8' to a supported language code."""
    if not lang:
        return DEFAULT_LANGUAGE
    code = lang.replace("-", "_").split("_")[0].split(".")[0].lower()
    return code if code in LANGUAGES else DEFAULT_LANGUAGE


def current_language() -> str:
    return _active


def set_language(lang: str) -> None:
    """Switch the active language and tell every listener (windows re-translate themselves)."""
    global _active
    lang = normalise_language(lang)
    with _lock:
        changed = lang != _active
        _active = lang
        listeners = list(_listeners)
    if changed:
        for listener in listeners:
            listener(lang)


def on_language_changed(listener: Callable[[str], None]) -> Callable[[], None]:
    """Register a listener; returns a function that unregisters it."""
    with _lock:
        _listeners.append(listener)

    def remove() -> None:
        with _lock:
            if listener in _listeners:
                _listeners.remove(listener)

    return remove


def _(message: str) -> str:
    """Translate into the active language."""
    return translator(_active).gettext(message)


def ngettext(singular: str, plural: str, n: int) -> str:
    return translator(_active).ngettext(singular, plural, n)


@dataclass(frozen=True)
class Lang:
    """Translation and formatting bound to one language (for documents and tests)."""

    code: str

    def gettext(self, message: str) -> str:
        return translator(self.code).gettext(message)

    def ngettext(self, singular: str, plural: str, n: int) -> str:
        return translator(self.code).ngettext(singular, plural, n)

    def date(self, value: dt.date | None, fmt: str = "medium") -> str:
        return format_date(value, fmt, self.code)

    def datetime(self, value: dt.datetime | None, fmt: str = "medium") -> str:
        return format_datetime(value, fmt, self.code)

    def number(self, value: int | float | Decimal) -> str:
        return format_number(value, self.code)


def _dates():  # noqa: ANN202 - the babel.dates module
    from babel import dates

    return dates


def _numbers():  # noqa: ANN202 - the babel.numbers module
    from babel import numbers

    return numbers


def _locale(lang: str | None) -> Locale:
    from babel import Locale

    return Locale.parse(normalise_language(lang or _active))


def format_date(value: dt.date | None, fmt: str = "medium", lang: str | None = None) -> str:
    if value is None:
        return ""
    if type(value) is dt.date:  # lists show the same days again and again: formatted once
        return _format_day(value, fmt, lang or current_language())
    return _dates().format_date(value, format=fmt, locale=_locale(lang))


@lru_cache(maxsize=8192)
def _format_day(value: dt.date, fmt: str, lang: str) -> str:
    return _dates().format_date(value, format=fmt, locale=_locale(lang))


def format_datetime(value: dt.datetime | None, fmt: str = "medium", lang: str | None = None) -> str:
    if value is None:
        return ""
    return _dates().format_datetime(value, format=fmt, locale=_locale(lang))


def format_number(value: int | float | Decimal, lang: str | None = None) -> str:
    return _numbers().format_decimal(value, locale=_locale(lang))


def parse_date(text: str, lang: str | None = None) -> dt.date:
    """Parse a date typed by a user: ISO (2026-03-01) or the locale's short format."""
    text = text.strip()
    try:
        return dt.date.fromisoformat(text)
    except ValueError:
        return _dates().parse_date(text, locale=_locale(lang))

"""Languages: gettext catalogues compiled in memory, `_()`, and Babel formatting.

English is the source language; French and Arabic come from
`translations/<lang>/LC_MESSAGES/casework.po`, compiled in memory on first use so a fresh checkout
needs no build step. Arabic is written right to left (`is_rtl`); values embedded in a translated
sentence (references, dates, phones, names in another script) are isolated with `isolate()` so
they keep their own direction. Arabic dates and numbers follow the organisation's country
(`set_region`): Western digits in the Maghreb, the country's CLDR data elsewhere. The active
language can change while the app runs: listeners registered with `on_language_changed` are called
so windows re-translate themselves. Documents are printed in their own language through
`translator(lang)`, whatever the interface's language is.
"""

from __future__ import annotations

import datetime as dt
import gettext
import io
import re
import threading
import unicodedata
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
LANGUAGES: dict[str, str] = {"en": "English", "fr": "Français", "ar": "العربية"}
DEFAULT_LANGUAGE = "en"
RTL_LANGUAGES = frozenset({"ar"})
# Maghreb countries write Western digits (0-9) in Arabic, whatever CLDR's default (GLOSSARY.md).
MAGHREB = frozenset({"MA", "DZ", "TN", "LY", "MR"})
# Arabic with no known country (before unlock, or an organisation outside the Arab world): the
# programme's Arabic-speaking practitioners are mostly in the Maghreb.
DEFAULT_ARABIC_REGION = "MA"
FSI, PDI = "\u2068", "\u2069"  # first-strong isolate … pop directional isolate
# Strong right-to-left letters (Hebrew to Arabic Extended-A, presentation forms), searched at
# once: asked of every list cell shown, a loop over characters was a tenth of the first case
# list's display.
_STRONG_RTL_SEARCH = re.compile("[\u0590-\u08ff\ufb1d-\ufefc]").search

_lock = threading.Lock()
_active = DEFAULT_LANGUAGE
_region = ""  # the organisation's country (ISO code), for Arabic dates and digits
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


def set_region(country: str | None) -> None:
    """The organisation's country: chooses the Arabic locale (ar_MA, ar_TD…) and its digits."""
    global _region
    _region = (country or "").strip().upper()


def is_rtl(lang: str | None = None) -> bool:
    return (lang or _active) in RTL_LANGUAGES


def locale_name(lang: str | None = None) -> str:
    """The full locale of a language: 'ar_TN' for Arabic in Tunisia, else the language code."""
    lang = normalise_language(lang or _active)
    if lang != "ar":
        return lang
    for region in (_region, DEFAULT_ARABIC_REGION):
        if region:
            from babel import Locale, UnknownLocaleError

            try:
                Locale.parse(f"ar_{region}")
            except (ValueError, LookupError, UnknownLocaleError):
                continue
            return f"ar_{region}"
    return "ar"


def _numbering(lang: str | None) -> str:
    """'latn' (0-9) except in an Arabic locale whose CLDR data says otherwise (outside Maghreb)."""
    name = locale_name(lang)
    if not name.startswith("ar") or name[3:] in MAGHREB:
        return "latn"
    return "default"


_ARABIC_INDIC = {ord("0") + i: 0x0660 + i for i in range(10)}


def _native_digits(text: str, lang: str | None) -> str:
    """Babel writes 0-9 whatever the locale: give Arabic text the digits its locale uses."""
    if _numbering(lang) == "latn" or _locale(lang).default_numbering_system != "arab":
        return text
    return text.translate(_ARABIC_INDIC)


def has_rtl(text: str) -> bool:
    return _STRONG_RTL_SEARCH(text) is not None


def isolate(value: object, lang: str | None = None) -> str:
    """A value embedded in a translated sentence, isolated (FSI … PDI) so it keeps its own
    direction: a phone number or reference in Arabic text, an Arabic name in French text.

    Left as it is in a left-to-right interface when it holds no right-to-left letter, so English
    and French text is unchanged."""
    text = "" if value is None else str(value)
    if not text or (not is_rtl(lang) and not has_rtl(text)):
        return text
    if text.startswith(FSI) and text.endswith(PDI):
        return text
    return f"{FSI}{text}{PDI}"


def direction_mark(lang: str | None = None) -> str:
    """RLM in a right-to-left language, else nothing: put first in a label whose text may start
    with Latin letters (a reference, a name) so the label still reads right to left."""
    return "\u200f" if is_rtl(lang) else ""


def strip_isolates(text: str) -> str:
    return text.replace(FSI, "").replace(PDI, "")


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

    @property
    def rtl(self) -> bool:
        return is_rtl(self.code)


def _dates():  # noqa: ANN202 - the babel.dates module
    from babel import dates

    return dates


def _numbers():  # noqa: ANN202 - the babel.numbers module
    from babel import numbers

    return numbers


def _locale(lang: str | None) -> Locale:
    from babel import Locale

    return Locale.parse(locale_name(lang))


# CLDR's medium Arabic date is numeric (03/03/2026); like English and French, the month is
# written in letters so that a date cannot be read day-first in one country and month-first in
# another.
_ARABIC_DATE_FORMATS = {"medium": "d MMM y"}


def _date_format(fmt: str, lang: str | None) -> str:
    if normalise_language(lang or _active) == "ar":
        return _ARABIC_DATE_FORMATS.get(fmt, fmt)
    return fmt


def format_date(value: dt.date | None, fmt: str = "medium", lang: str | None = None) -> str:
    if value is None:
        return ""
    if type(value) is dt.datetime:  # Babel formats a date and time's day (its own clock time)
        value = value.date()
    if type(value) is dt.date:  # lists show the same days again and again: formatted once
        return _format_day(value, fmt, locale_name(lang), lang or current_language())
    text = _dates().format_date(value, format=_date_format(fmt, lang), locale=_locale(lang))
    return _native_digits(text, lang)


@lru_cache(maxsize=8192)
def _format_day(value: dt.date, fmt: str, locale: str, lang: str) -> str:
    """Cached per full locale (an Arabic date depends on the organisation's country)."""
    text = _dates().format_date(value, format=_date_format(fmt, lang), locale=_locale(lang))
    return _native_digits(text, lang)


def format_time(value: dt.time | dt.datetime, fmt: str = "short", lang: str | None = None) -> str:
    locale = locale_name(lang)
    if _clock_only(fmt, locale):  # a list's times: the same minute, the same text (formatted once)
        return _format_clock(value.hour, value.minute, fmt, locale, lang or current_language())
    return _native_digits(_dates().format_time(value, format=fmt, locale=_locale(lang)), lang)


# Fields of a time pattern that depend on the hour and the minute only (not the seconds, the
# time zone or a day period such as "in the afternoon").
_CLOCK_FIELDS = frozenset("hHKkma")
_PATTERN_FIELD = re.compile(r"%\((\w+)\)s")


@lru_cache(maxsize=64)
def _clock_only(fmt: str, locale: str) -> bool:
    """Whether `fmt` in `locale` writes only the hour, the minute and AM/PM (as "short" does)."""
    dates = _dates()
    if fmt in ("full", "long", "medium", "short"):
        pattern = dates.get_time_format(fmt, locale=locale)
    else:
        pattern = dates.parse_pattern(fmt)
    return {name[0] for name in _PATTERN_FIELD.findall(pattern.format)} <= _CLOCK_FIELDS


@lru_cache(maxsize=8192)
def _format_clock(hour: int, minute: int, fmt: str, locale: str, lang: str) -> str:
    """Cached per full locale, like `_format_day` (a wall-clock time: Babel formats the time
    of a date and time as it is, whatever its time zone)."""
    text = _dates().format_time(dt.time(hour, minute), format=fmt, locale=_locale(lang))
    return _native_digits(text, lang)


def format_datetime(value: dt.datetime | None, fmt: str = "medium", lang: str | None = None) -> str:
    if value is None:
        return ""
    if normalise_language(lang or _active) == "ar" and fmt == "medium":
        pattern = str(_locale(lang).datetime_formats["medium"])
        return pattern.format(format_time(value, "short", lang), format_date(value, fmt, lang))
    text = _dates().format_datetime(value, format=fmt, locale=_locale(lang))
    return _native_digits(text, lang)


def format_number(value: int | float | Decimal, lang: str | None = None) -> str:
    if type(value) is int:  # page numbers, versions, goal numbers: the same few again and again
        return _format_int(value, locale_name(lang), lang or current_language())
    text = _numbers().format_decimal(value, locale=_locale(lang), numbering_system=_numbering(lang))
    return _native_digits(text, lang)


@lru_cache(maxsize=4096)
def _format_int(value: int, locale: str, lang: str) -> str:
    """Cached per full locale, like `_format_day`."""
    text = _numbers().format_decimal(value, locale=_locale(lang), numbering_system=_numbering(lang))
    return _native_digits(text, lang)


_TO_ASCII_DIGITS = {
    **{0x0660 + i: ord("0") + i for i in range(10)},  # Arabic-Indic
    **{0x06F0 + i: ord("0") + i for i in range(10)},  # Eastern Arabic-Indic (Persian, Urdu)
}


def parse_date(text: str, lang: str | None = None) -> dt.date:
    """Parse a date typed by a user: ISO (2026-03-01) or the locale's short format, in Western
    or Arabic-Indic digits."""
    text = strip_isolates(text).replace("\u200f", "").replace("\u200e", "").strip()
    text = text.translate(_TO_ASCII_DIGITS)
    try:
        return dt.date.fromisoformat(text)
    except ValueError:
        return _dates().parse_date(text, locale=_locale(lang))


def reading_key(text: str) -> str:
    """A text as a reader orders it in a list: case and accents aside ("Éducation" among the
    E's, "école" before "Emploi")."""
    decomposed = unicodedata.normalize("NFKD", text)
    return "".join(c for c in decomposed if not unicodedata.combining(c)).casefold()


def country_name(code: str, lang: str | None = None) -> str:
    """A country's name in a language (the active one by default): "Kenya", "Somalie"; the
    code itself if Babel does not know it, "" for none."""
    if not code:
        return ""
    return _territories(lang or current_language()).get(code, code)


@lru_cache(maxsize=4)
def _territories(lang: str) -> dict[str, str]:
    from babel import Locale

    return dict(Locale.parse(lang).territories)

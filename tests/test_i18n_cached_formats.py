"""The cached date and time formatting (casework/i18n.py) writes exactly what Babel writes, in
every language and Arabic region, for any date and time, naive or in any time zone."""

from __future__ import annotations

import datetime as dt

from babel import Locale
from babel import dates as babel_dates
from hypothesis import given, settings
from hypothesis import strategies as st

from casework import i18n
from casework.i18n import format_date, format_time, locale_name, set_language, set_region

LANGUAGES = st.sampled_from(["en", "fr", "ar"])
REGIONS = st.sampled_from(["", "MA", "TN", "EG", "SD", "KE"])
TIME_FORMATS = st.sampled_from(
    ["short", "medium", "long", "HH:mm", "h:mm a", "HH:mm:ss", "H 'h' mm"]
)
DATE_FORMATS = st.sampled_from(["medium", "short", "long", "d MMM y"])
ZONES = st.one_of(
    st.none(),
    st.integers(-14 * 60, 14 * 60).map(lambda m: dt.timezone(dt.timedelta(minutes=m))),
)
MOMENTS = st.builds(
    lambda moment, zone: moment.replace(tzinfo=zone),
    st.datetimes(min_value=dt.datetime(1900, 1, 1), max_value=dt.datetime(2100, 12, 31)),
    ZONES,
)


def _babel_time(value: dt.datetime, fmt: str, lang: str) -> str:
    """What format_time wrote before it was cached: Babel's text in the locale's digits."""
    text = babel_dates.format_time(value, format=fmt, locale=Locale.parse(locale_name(lang)))
    return i18n._native_digits(text, lang)


def _babel_date(value: dt.datetime, fmt: str, lang: str) -> str:
    text = babel_dates.format_date(
        value, format=i18n._date_format(fmt, lang), locale=Locale.parse(locale_name(lang))
    )
    return i18n._native_digits(text, lang)


@settings(max_examples=300, deadline=None)
@given(MOMENTS, TIME_FORMATS, DATE_FORMATS, LANGUAGES, REGIONS, st.booleans())
def test_cached_formats_are_babels(value, time_fmt, date_fmt, lang, region, explicit) -> None:  # noqa: ANN001
    set_language(lang)
    set_region(region)
    try:
        given_lang = lang if explicit else None
        assert format_time(value, time_fmt, given_lang) == _babel_time(value, time_fmt, lang)
        assert format_date(value, date_fmt, given_lang) == _babel_date(value, date_fmt, lang)
    finally:
        set_region("")
        set_language("en")


def test_only_hour_and_minute_patterns_are_cached_by_the_minute() -> None:
    assert i18n._clock_only("short", "en")
    assert i18n._clock_only("short", "fr")
    assert i18n._clock_only("h:mm a", "ar_MA")
    assert not i18n._clock_only("medium", "en")  # seconds
    assert not i18n._clock_only("long", "fr")  # time zone
    assert not i18n._clock_only("HH:mm:ss", "en")
    value = dt.datetime(2026, 11, 30, 21, 5, 59)
    assert format_time(value, "HH:mm:ss", "en") == "21:05:59"
    assert format_time(value.replace(second=0), "short", "fr") == format_time(value, "short", "fr")

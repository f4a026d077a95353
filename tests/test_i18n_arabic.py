"""Arabic as a third language: locale per country, digits, month names, bidi isolation, CLI."""

from __future__ import annotations

import datetime as dt

import pytest

from casework.i18n import (
    FSI,
    PDI,
    Lang,
    format_date,
    format_datetime,
    format_number,
    is_rtl,
    isolate,
    locale_name,
    normalise_language,
    parse_date,
    set_language,
    set_region,
    translator,
)


@pytest.mark.parametrize("country", ["MA", "DZ", "TN", "LY", "MR"])
def test_maghreb_countries_use_western_digits(country: str) -> None:
    set_region(country)
    assert locale_name("ar") == f"ar_{country}"
    # Mauritania's CLDR default is Arabic-Indic digits; the glossary says Western, as used there.
    assert format_number(1234567, "ar") == "1.234.567"
    assert Lang("ar").date(dt.date(2026, 3, 3)) == "3 مارس 2026"


def test_other_arabic_countries_follow_cldr() -> None:
    set_region("TD")
    assert locale_name("ar") == "ar_TD"
    assert format_number(1234567, "ar") == "١٬٢٣٤٬٥٦٧"
    assert format_date(dt.date(2026, 3, 3), lang="ar") == "٣ مارس ٢٠٢٦"
    # A date typed in either set of digits is understood.
    assert parse_date("٣/٣/٢٠٢٦", "ar") == dt.date(2026, 3, 3)
    assert parse_date("2026-03-03", "ar") == dt.date(2026, 3, 3)


def test_no_country_or_outside_the_arab_world_uses_the_default_maghreb_locale() -> None:
    set_region("")
    assert locale_name("ar") == "ar_MA"
    set_region("KE")  # no ar_KE in CLDR
    assert locale_name("ar") == "ar_MA"
    assert locale_name("fr") == "fr"
    assert format_number(1234567, "fr") == "1\u202f234\u202f567"


def test_arabic_dates_write_the_month_in_letters() -> None:
    set_region("TN")
    assert format_date(dt.date(2026, 11, 30), lang="ar") == "30 نوفمبر 2026"
    when = dt.datetime(2026, 3, 3, 14, 5)
    assert format_datetime(when, lang="ar").startswith("3 مارس 2026، ")
    assert format_date(dt.date(2026, 3, 3), "short", "ar") == "3\u200f/3\u200f/2026"


def test_arabic_is_right_to_left_and_offered() -> None:
    assert normalise_language("ar_MA.UTF-8") == "ar"
    assert is_rtl("ar") and not is_rtl("fr") and not is_rtl("en")
    set_language("ar")
    assert is_rtl()
    assert translator("ar").gettext("Case list") == "قائمة الملفات"


def test_isolation_of_embedded_values() -> None:
    # English and French: Latin values unchanged, Arabic names isolated so an LTR line stays LTR.
    assert isolate("KE-2026-0042", "fr") == "KE-2026-0042"
    assert isolate("أمينة", "fr") == f"{FSI}أمينة{PDI}"
    # Arabic: every embedded value keeps its own direction (phones, references, Latin names).
    assert isolate("+216 71 234 567", "ar") == f"{FSI}+216 71 234 567{PDI}"
    assert isolate(f"{FSI}x{PDI}", "ar") == f"{FSI}x{PDI}"  # never twice
    assert isolate("", "ar") == "" and isolate(None, "ar") == ""
    set_language("ar")
    text = translator("ar").gettext("Case: {reference} ({alias})")
    line = text.format(reference=isolate("KE-2026-0042"), alias=isolate("Amina Y."))
    assert line == f"الملف: {FSI}KE-2026-0042{PDI} ({FSI}Amina Y.{PDI})"


def test_arabic_plurals_choose_among_six_forms() -> None:
    ar = Lang("ar")
    forms = {n: ar.ngettext("{count} day", "{count} days", n) for n in (0, 1, 2, 5, 11, 100)}
    assert forms[2] == "{count} يومان"
    assert forms[5] == "{count} أيام"
    assert forms[11] == "{count} يومًا"
    assert forms[100] == forms[0] == forms[1] == "{count} يوم"

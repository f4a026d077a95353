"""The table of combining marks the search's folding strips (store/combining_marks.py) is the one
the running Python's Unicode database gives, and the folding still strips them."""

from __future__ import annotations

import unicodedata

from casework.store import combining_marks
from casework.store.search import _fold, prefixes_match


def test_table_is_what_unicodedata_says() -> None:
    # On another Unicode version the table is not used (ranges() scans): regenerate it with
    # scanned_ranges() and set UNICODE_VERSION to unicodedata.unidata_version.
    if unicodedata.unidata_version == combining_marks.UNICODE_VERSION:
        assert combining_marks.scanned_ranges() == combining_marks.RANGES
    assert combining_marks.ranges() == combining_marks.scanned_ranges()


def test_every_mark_in_the_table_is_combining_and_none_between() -> None:
    covered = {c for a, b in combining_marks.ranges() for c in range(a, b + 1)}
    for c in range(0x300, 0x10000):
        assert (c in covered) == bool(unicodedata.combining(chr(c))), hex(c)


def test_folding_strips_the_marks() -> None:
    assert _fold("Éloïse Ñúñez") == "eloise nunez"
    assert _fold("مُحَمَّد") == "محمد"  # Arabic harakat
    long_note = "Réunion à l'école " * 20  # past the short names' cache
    assert _fold(long_note) == "reunion a l'ecole " * 20
    assert prefixes_match("elo mu", "Éloïse", "Múller") == 1
    assert prefixes_match("mh", "مُحَمَّد") == 0

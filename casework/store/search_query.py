"""Turn what a user types into safe FTS5 queries (prefix match on every word)."""

from __future__ import annotations

import re

_WORD = re.compile(r"\w+", re.UNICODE)
MAX_WORDS = 12
# A one- or two-letter prefix matches a large share of every word in the notes; while the user is
# still typing such a prefix it is matched against names and references only (`short_columns`).
SHORT_PREFIX = 3
# Words shorter than this are not looked up in notes either (names and places only): a
# three-letter prefix still matched the notes of most cases, each time the whole list.
NOTES_FROM = 4


def words_of(text: str) -> list[str]:
    return _WORD.findall(text)[:MAX_WORDS]


def terms_query(words: list[str], columns: tuple[str, ...] | None = None) -> str | None:
    """Each word a quoted prefix term, all required, within `columns` when given."""
    if not words:
        return None
    scope = "{" + " ".join(columns) + "} : " if columns else ""
    return " AND ".join(f'{scope}"{word}"*' for word in words)


def fts_query(
    text: str,
    columns: tuple[str, ...] | None = None,
    short_columns: tuple[str, ...] | None = None,
) -> str | None:
    """Each word becomes a quoted prefix term, all required; None when nothing is searchable.

    Quoting every term means FTS5 operators typed by a user (AND, NEAR, quotes, colons) are
    searched for as text rather than breaking the query.
    """
    words = words_of(text)
    if not words:
        return None
    terms = []
    for word in words:
        cols = columns
        if short_columns and len(word) < SHORT_PREFIX:
            cols = tuple(c for c in (columns or short_columns) if c in short_columns)
        terms.append(terms_query([word], cols))
    return " AND ".join(t for t in terms if t)

"""Turn what a user types into a safe FTS5 query (prefix match on every word)."""

from __future__ import annotations

import re

_WORD = re.compile(r"\w+", re.UNICODE)
# A one- or two-letter prefix matches a large share of every word in the notes; while the user is
# still typing such a prefix it is matched against names and references only (`short_columns`).
SHORT_PREFIX = 3


def fts_query(
    text: str,
    columns: tuple[str, ...] | None = None,
    short_columns: tuple[str, ...] | None = None,
) -> str | None:
    """Each word becomes a quoted prefix term, all required; None when nothing is searchable.

    Quoting every term means FTS5 operators typed by a user (AND, NEAR, quotes, colons) are
    searched for as text rather than breaking the query.
    """
    words = _WORD.findall(text)[:12]
    if not words:
        return None
    terms = []
    for word in words:
        cols = columns
        if short_columns and len(word) < SHORT_PREFIX:
            cols = tuple(c for c in (columns or short_columns) if c in short_columns)
        term = f'"{word}"*'
        terms.append("{" + " ".join(cols) + "} : " + term if cols else term)
    return " AND ".join(terms)

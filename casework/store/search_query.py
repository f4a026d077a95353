"""Turn what a user types into a safe FTS5 query (prefix match on every word)."""

from __future__ import annotations

import re

_WORD = re.compile(r"\w+", re.UNICODE)


def fts_query(text: str, columns: tuple[str, ...] | None = None) -> str | None:
    """Each word becomes a quoted prefix term, all required; None when nothing is searchable.

    Quoting every term means FTS5 operators typed by a user (AND, NEAR, quotes, colons) are
    searched for as text rather than breaking the query.
    """
    words = _WORD.findall(text)
    if not words:
        return None
    terms = " ".join(f'"{w}"*' for w in words[:12])
    if columns:
        return "{" + " ".join(columns) + "} : (" + terms + ")"
    return terms

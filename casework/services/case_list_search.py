"""How the case list finds a search's page on a vault: how many cases a search matches (capped,
or estimated), and whether its page is found through the matches or by walking the sort index
and checking each case (services/case_list.py; store/search.py holds the search SQL)."""

from __future__ import annotations

import math
from typing import Any

from sqlalchemy import select
from sqlalchemy.orm import Session

from casework.model import Case
from casework.store import backends
from casework.store.search import (
    count_ids,
    estimate_matches,
    last_case_id,
    walk_condition,
    whole_words_select,
)
from casework.store.sort_keys import unindexed

# A walk checks each case's own texts (a few µs a case walked, some 200 × cases / matches of
# them) rather than first collecting every match (about 0.25 µs each) when that is cheaper:
# past DENSE_FACTOR × √cases matches (≈ 60,000 of 500,000 cases; 19,000 of 50,000).
DENSE_FACTOR = 85


def _dense(s: Session) -> int:
    return int(DENSE_FACTOR * math.sqrt(last_case_id(s)))


def search_size(s: Session, text: str, search: Any, cap: int) -> tuple[int, float]:
    """How many cases the search matches (up to cap + 1) and an estimate of them all. A word
    that many cases contain whole is estimated from those (read one by one) without merging
    every term it begins (which reads all their cases: most of the cost of a notes word)."""
    whole = whole_words_select(s, text, include_restricted=True)
    if whole is not None:
        found, estimate = estimate_matches(s, whole, cap)
        if found > cap and estimate > _dense(s):
            return found, estimate
    return estimate_matches(s, search, cap)


def condition(
    s: Session,
    text: str,
    search: Any,
    walk: bool,
    estimate: float | None,
    walk_threshold: int,
) -> Any:
    """The search as a condition: the few matches (SQLite starts from them), or for a walk of
    the sort index either each case's texts checked as it is walked (a search matching many
    cases: names, places or notes; `store.search.walk_condition`, built only then) or the
    matches collected once (`+` keeps SQLite from starting from them)."""
    if not walk:
        return Case.id.in_(search)
    if not backends.is_postgresql(s.connection()):  # a server has no per-case check
        if estimate is None:
            estimate = search_size(s, text, search, walk_threshold)[1]
        if estimate > _dense(s):
            per_case = walk_condition(s, text, include_restricted=True)
            if per_case is not None:
                return per_case
    return unindexed(Case.id).in_(search)


# A search with filters is counted from the search's first matches (in id order, each case
# checked), up to this many: a search matching many cases and filters matching many reach the
# cap early, without collecting every match of, say, "a" first.
SEARCH_DRIVEN_BUDGET = 20_000


def _count_from_search(
    s: Session, conditions: list[Any], search: Any, cap: int, shown: int, exact: bool = True
) -> int | None:
    """The filtered search's count up to cap + 1, from its first SEARCH_DRIVEN_BUDGET matches.
    Past `shown` of them (the count the list shows), more than `shown` is all the list needs
    to say, and whether to walk the sort index is judged from how far into the ids they
    reach. None when the first matches gave fewer than `shown` and there are more. `exact`:
    `search` gives every match (not only some, as the whole-word search does)."""
    rowid = search.selected_columns[0]
    first = search.order_by(rowid).limit(SEARCH_DRIVEN_BUDGET).subquery()
    ids = select(Case.id).join_from(first, Case, Case.id == first.c[0]).where(*conditions)
    found = count_ids(s, ids, cap)
    if found > cap:
        return found
    nth = s.scalar(search.order_by(rowid).offset(SEARCH_DRIVEN_BUDGET).limit(1))
    if nth is None and exact:
        return found  # every match was read: the exact count
    if found <= shown:
        return None
    if nth is None:
        return found
    last = last_case_id(s) or nth
    return cap + 1 if found * last / max(1, nth) > cap else found


def filtered_size(
    s: Session, text: str, search: Any, conditions: list[Any], cap: int, shown: int
) -> int | None:
    """The count of a search with filters (`conditions`, checked per case found by id), up to
    cap + 1, from the whole words' first matches (enough past `shown`) or the search's; None
    when neither answers within SEARCH_DRIVEN_BUDGET matches."""
    whole = whole_words_select(s, text, include_restricted=True)
    if whole is not None:
        found = _count_from_search(s, conditions, whole, cap, shown, exact=False)
        if found is not None:
            return found
    return _count_from_search(s, conditions, search, cap, shown)

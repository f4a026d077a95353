"""Case list sorts walked one group at a time: by caseworker name, and by status, category or
country as their labels read in the user's language.

Sorting every case by a value many cases share means a temporary B-tree over all of them;
there are few values, and each one's cases come in id order from an index, so a page is a few
short index walks instead. A label sort ranks the values by their labels (services/
label_order.py: "Accueil, Actif, Clôturé…" in French, not the stored values' English order); its
keyset cursor holds the row's rank, which the server's search page compares with the same
ranks as a SQL CASE.
"""

from __future__ import annotations

from collections.abc import Callable
from itertools import pairwise
from typing import Any

from sqlalchemy import and_, exists, func, or_, select
from sqlalchemy.orm import Session

from casework.model import Case, User
from casework.model.enums import CaseStatus, ClientCategory
from casework.services.label_order import rank_of, ranked, ranked_countries

# The label sorts, and the column each ranks.
_COLUMNS = {"status": Case.status, "category": Case.category, "country": Case.country}
LABEL_SORTS = tuple(_COLUMNS)
GROUP_SORTS = ("caseworker", *LABEL_SORTS)


def _values(sort: str) -> list[Any]:
    """A label sort's values in their labels' reading order."""
    if sort == "country":
        return ranked_countries()
    return ranked(CaseStatus if sort == "status" else ClientCategory)


def label_key(sort: str) -> Any:
    """The SQL rank of a case's value for a label sort."""
    return rank_of(_values(sort), _COLUMNS[sort])


def label_rank(sort: str, value: Any) -> int:
    """The rank of a row's value, as `label_key` gives it in SQL (any other value last)."""
    values = _values(sort)
    return values.index(value) if value in values else len(values)


def _label_groups(s: Session, sort: str) -> list[tuple[Any, Any]]:
    """(rank, condition) of each value, in rank order; countries end with any other code."""
    values, column = _values(sort), _COLUMNS[sort]
    groups = [(rank, column == value) for rank, value in enumerate(values)]
    if sort == "country" and _other_countries(s, values):
        groups.append((len(values), column.not_in(values)))
    return groups


def _other_countries(s: Session, codes: list[str]) -> bool:
    """Whether a case has a country outside the subregions' (none can be entered): a probe of
    each gap between the codes in the country's index. Walking a NOT IN group first (the last
    page, or descending) scanned every case: 60 ms at 500,000 cases, to find none."""
    bounds = sorted(codes)
    gaps = [
        Case.country < bounds[0],
        *(and_(Case.country > a, Case.country < b) for a, b in pairwise(bounds)),
        Case.country > bounds[-1],
    ]
    return bool(s.scalar(select(or_(*(exists().where(gap) for gap in gaps)))))


def _caseworker_groups(s: Session) -> list[tuple[Any, Any]]:
    """(name, condition) of each caseworker name in name order; unassigned cases sort as ""."""
    groups: dict[str, list[int | None]] = {"": [None]}
    for user_id, name in s.execute(select(User.id, func.coalesce(User.display_name, ""))):
        groups.setdefault(name, []).append(user_id)
    out = []
    for name in sorted(groups):
        members = [m for m in groups[name] if m is not None]
        who = [Case.caseworker_id.in_(members)] if members else []
        if None in groups[name]:
            who.append(Case.caseworker_id.is_(None))
        out.append((name, or_(*who)))
    return out


GROUPS: dict[str, Callable[[Session], list[tuple[Any, Any]]]] = {
    "caseworker": _caseworker_groups,
    **{sort: (lambda s, sort=sort: _label_groups(s, sort)) for sort in LABEL_SORTS},
}


def ids_by_group(
    s: Session,
    sort: str,
    conditions: list[Any],
    after: tuple[Any, int] | None,
    descending: bool,
    offset: int,
    limit: int,
) -> list[int]:
    """A page of case ids sorted by `sort` (one of GROUP_SORTS), one group at a time, each
    group's cases by id; `after` is the keyset cursor (the group's key, the last id shown)."""
    wanted = offset + limit
    out: list[int] = []
    groups = GROUPS[sort](s)
    for key, condition in reversed(groups) if descending else groups:
        if after is not None and (key < after[0] if not descending else key > after[0]):
            continue
        extra = []
        if after is not None and key == after[0]:
            extra.append(Case.id < after[1] if descending else Case.id > after[1])
        ids = (
            select(Case.id)
            .where(*conditions, condition, *extra)
            .order_by(Case.id.desc() if descending else Case.id.asc())
            .limit(wanted - len(out))
        )
        out += s.scalars(ids)
        if len(out) >= wanted:
            break
    return out[offset:]

"""The case list: the cases a user may see, filtered, searched, sorted and paged in SQL."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, replace
from functools import lru_cache
from typing import Any

from sqlalchemy import (
    Date,
    and_,
    bindparam,
    exists,
    func,
    literal,
    or_,
    select,
    union,
    union_all,
)
from sqlalchemy.orm import Session, aliased

from casework.errors import ValidationError
from casework.i18n import N_
from casework.model import Case, PathwayStage, Referral, Task, User
from casework.model.enums import CaseStatus, ClientCategory, ReferralState, Subregion
from casework.services import case_list_groups, case_list_search, case_list_server
from casework.services.cases import reference_key, reference_order
from casework.services.context import ServiceContext
from casework.services.permissions import Permission
from casework.store import backends
from casework.store.search import case_ids_select, count_ids
from casework.store.sort_keys import unindexed


@dataclass(frozen=True)
class CaseRow:
    id: int
    reference: str
    alias: str
    status: CaseStatus
    category: ClientCategory
    subregion: Subregion
    country: str
    caseworker_name: str
    stage_name: str
    overdue: bool
    updated_at: dt.datetime


@dataclass(frozen=True)
class CaseQuery:
    text: str = ""
    status: CaseStatus | None = None
    subregion: Subregion | None = None
    country: str | None = None
    category: ClientCategory | None = None
    caseworker_id: int | None = None
    overdue_only: bool = False
    sort: str = "updated_at"
    descending: bool = True
    offset: int = 0
    limit: int = 200
    after: tuple[Any, int] | None = None  # keyset cursor of the last row shown (`cursor_of`)
    from_end: bool = False  # the last page, rows in the list's order
    count: bool = True  # count the matches (the first page does; the next ones need not)


@dataclass(frozen=True)
class CasePage:
    rows: list[CaseRow]
    total: int
    total_is_lower_bound: bool = False  # "at least `total`": counting every match costs too much


# Counting every match costs more than the page itself at 500,000 cases (a one-letter prefix,
# or no filter at all); past this many the list says "1,000+" (counting to 10,000 read 10,000
# rows: half a second on a cold cache at 125,000 cases).
COUNT_CAP = 1_000


# --- lists ---------------------------------------------------------------------------------------


def _by_case(column: Any) -> Any:
    """`+column`: SQLite then finds a case's rows through their case_id index, not through an
    index on this column (which would scan every late referral or task for each case)."""
    return unindexed(column)


def overdue_condition(today: dt.date):  # noqa: ANN201 - a SQL expression
    """A case is overdue when one of its referrals or open tasks is late (checked per case)."""
    state, due = _by_case(Referral.state), _by_case(Referral.due_on)
    end, follow_up = _by_case(Referral.expected_end_on), _by_case(Referral.follow_up_on)
    # `SELECT id`, not `SELECT *`: read from the indexes holding what is checked (0008_search).
    late_referral = exists(Referral.id).where(
        Referral.case_id == Case.id,
        or_(
            and_(state == ReferralState.SENT, due < today),
            # Accepted: late past its expected end, or without one past its follow-up date.
            and_(state == ReferralState.ACCEPTED, func.coalesce(end, follow_up) < today),
        ),
    )
    late_task = exists(Task.id).where(
        Task.case_id == Case.id,
        _by_case(Task.done_on).is_(None),
        _by_case(Task.due_on) < today,
    )
    return or_(late_referral, late_task)


def cursor_of(row: CaseRow, sort: str) -> tuple[Any, int]:
    """The keyset cursor of a row for a sort: pass it as `CaseQuery.after` for the next page."""
    if sort in case_list_groups.LABEL_SORTS:
        return case_list_groups.label_rank(sort, getattr(row, sort)), row.id
    value = {
        "reference": reference_key(row.reference),
        "alias": row.alias,
        "caseworker": row.caseworker_name,
        "updated_at": row.updated_at,
    }[sort]
    return value, row.id


def _sort_key(sort: str) -> Any:
    if sort == "caseworker":
        # The caseworker's name, looked up per row: a join would make SQLite sort every case.
        name = select(User.display_name).where(User.id == Case.caseworker_id).scalar_subquery()
        return func.coalesce(name, "")
    if sort in case_list_groups.LABEL_SORTS:
        return case_list_groups.label_key(sort)
    columns = {
        "reference": reference_order(),
        "alias": Case.alias,
        "updated_at": Case.updated_at,
    }
    if sort not in columns:
        raise ValidationError({"sort": N_("This column cannot be sorted.")})
    return columns[sort]


def _plus(column: Any) -> Any:
    return unindexed(column)


def _filters(
    ctx: ServiceContext, query: CaseQuery, walk: bool = False, by_id: bool = False
) -> list[Any]:
    """The filters as conditions. `walk`: the page walks the sort column's index and checks
    each case, so the filter columns are wrapped in `+` unless an index on (filter, updated_at)
    serves the default sort too; the overdue filter is then checked per case. `by_id`: the
    cases are found by id (from the search's matches), checked without the filters' indexes."""
    plain = not by_id and (not walk or query.sort == "updated_at")

    def col(column: Any) -> Any:
        return column if plain else _plus(column)

    conditions: list[Any] = []
    if not ctx.can_see_all_cases():
        conditions.append(col(Case.caseworker_id) == ctx.actor.user_id)
    if query.status is not None:
        conditions.append(col(Case.status) == query.status)
    if query.subregion is not None:
        conditions.append(col(Case.subregion) == query.subregion)
    if query.country:
        conditions.append(col(Case.country) == query.country)
    if query.category is not None:
        conditions.append(col(Case.category) == query.category)
    if query.caseworker_id is not None:
        conditions.append(col(Case.caseworker_id) == query.caseworker_id)
    if query.overdue_only:
        today = ctx.today()
        conditions.append(overdue_condition(today) if walk else _overdue_ids(today))
    return conditions


def _late_case_ids(today: dt.date, union: Any) -> Any:
    """The ids of cases with a late referral or open task (from index ranges of each)."""
    late_referrals = select(Referral.case_id).where(
        or_(
            and_(Referral.state == ReferralState.SENT, Referral.due_on < today),
            and_(Referral.state == ReferralState.ACCEPTED, Referral.expected_end_on < today),
            and_(
                Referral.state == ReferralState.ACCEPTED,
                Referral.expected_end_on.is_(None),
                Referral.follow_up_on < today,
            ),
        )
    )
    late_tasks = select(Task.case_id).where(Task.done_on.is_(None), Task.due_on < today)
    return union(late_referrals, late_tasks)


def _overdue_ids(today: dt.date) -> Any:
    """The overdue filter, driven from the late referrals and tasks (index ranges), not by
    checking every case."""
    return Case.id.in_(_late_case_ids(today, union))


def _count_overdue(s: Session, ctx: ServiceContext, query: CaseQuery, search: Any, cap: int) -> int:
    """The overdue filter's count, up to cap + 1: late referrals and tasks read in index order,
    each case once, stopping at the cap (`IN (… UNION …)` would first collect every one)."""
    late = _late_case_ids(ctx.today(), union_all).subquery()
    others = _filters(ctx, replace(query, overdue_only=False))
    if search is not None:
        others.append(Case.id.in_(search))
    ids = select(late.c.case_id).distinct()
    if others:
        ids = ids.join(Case, Case.id == late.c.case_id).where(*others)
    return count_ids(s, ids, cap)


# Past this many matches a page is found by walking the sort column's index and checking each
# case until the page is full (then at least 1 case in 250 matches at 500,000 cases); below it,
# the few matches are found through the filter's or the search's own index and sorted.
WALK_THRESHOLD = 2_000


def list_cases(ctx: ServiceContext, query: CaseQuery) -> CasePage:
    """One page of the cases this user may see, filtered and sorted in SQL.

    Paging is by keyset: `after` is the cursor (`cursor_of`) of the last row already shown and
    the page continues from there through the sort column's index, as fast at the end of
    500,000 cases as at the start; `from_end` gives the last page. `offset` still works for
    small lists. The total is counted (up to COUNT_CAP) only when `count` is set.
    """
    ctx.require(Permission.VIEW_ASSIGNED_CASES, Permission.VIEW_ALL_CASES)
    key = _sort_key(query.sort)
    text = query.text.strip()
    # Walking backwards from the end is the same walk in the other direction.
    descending = query.descending != query.from_end
    limit = max(1, min(query.limit, 1000))
    with ctx.read() as s:
        search = case_ids_select(s, text, include_restricted=True) if text else None
        # Whether the search can be checked case by case as a walk goes (not on a server).
        per_case = search is not None and not backends.is_postgresql(s.connection())
        # How many cases match, up to COUNT_CAP (shown) and WALK_THRESHOLD (enough to choose).
        cap = max(COUNT_CAP, WALK_THRESHOLD) if query.count else WALK_THRESHOLD
        filters = _filters(ctx, query)
        estimate = None  # of the search's matches, all filters aside
        offset = query.offset if query.after is None else 0
        if search is not None and not query.overdue_only and query.sort != "caseworker":
            server = case_list_server.search_page(
                s,
                search,
                filters,
                lambda conditions: _page_select(conditions, key, query, descending, offset, limit),
                cap,
                query.count,
                first=offset == 0 and query.after is None,
            )
            if server is not None:
                found, page_ids = server
                if query.from_end:
                    page_ids.reverse()
                rows = _rows(s, page_ids, ctx.today())
                return CasePage(rows, min(found, COUNT_CAP), found > COUNT_CAP)
        if query.overdue_only:
            found = _count_overdue(s, ctx, query, search, cap)
        elif search is not None and not filters and per_case:
            found, estimate = case_list_search.search_size(s, text, search, cap)
        else:
            found = None
            if search is not None and filters and per_case:
                shown = COUNT_CAP if query.count else 0
                by_id = _filters(ctx, query, by_id=True)
                found = case_list_search.filtered_size(s, text, search, by_id, cap, shown)
            if found is None:
                found = _count(s, filters, search, cap)
        total, capped = (min(found, COUNT_CAP), found > COUNT_CAP) if query.count else (0, False)
        walk = found > WALK_THRESHOLD
        conditions = _filters(ctx, query, walk)
        if search is not None:
            conditions.append(
                case_list_search.condition(s, text, search, walk, estimate, WALK_THRESHOLD)
            )
        if query.sort in case_list_groups.GROUP_SORTS:
            page_ids = case_list_groups.ids_by_group(
                s, query.sort, conditions, query.after, descending, offset, limit
            )
        else:
            page_ids = list(
                s.scalars(_page_select(conditions, key, query, descending, offset, limit))
            )
        if query.from_end:
            page_ids.reverse()
        rows = _rows(s, page_ids, ctx.today())
    return CasePage(rows, total, capped)


def _page_select(
    conditions: list[Any], key: Any, query: CaseQuery, descending: bool, offset: int, limit: int
) -> Any:
    """The page's ids: past the keyset cursor (if any), in the sort's order, `limit` of them."""
    conditions = list(conditions)
    if query.after is not None:
        # (key, id) past the cursor, spelled so that SQLite seeks the sort index to the
        # cursor (a row value over an expression index made it scan from the start).
        value, last_id = query.after
        v = literal(value, key.type)
        if descending:
            conditions += [key <= v, or_(key < v, Case.id < last_id)]
        else:
            conditions += [key >= v, or_(key > v, Case.id > last_id)]
    ids = (
        select(Case.id)
        .where(*conditions)
        .order_by(
            key.desc() if descending else key.asc(),
            Case.id.desc() if descending else Case.id.asc(),
        )
        .limit(limit)
    )
    return ids.offset(offset) if offset else ids


def _rows(s: Session, page_ids: list[int], today: dt.date) -> list[CaseRow]:
    """The columns of just the page's rows (the overdue flag computed for these only)."""
    if not page_ids:
        return []
    # Through the session's connection (Core): the ORM's result machinery cost more than the
    # statement itself on a warm cache (1-1.5 ms of a keystroke's 10), for the same rows.
    rows = s.connection().execute(_rows_statement(), {"ids": page_ids, "today": today})
    by_id = {row[0]: CaseRow(*row) for row in rows}
    return [by_id[i] for i in page_ids if i in by_id]


@lru_cache(maxsize=1)
def _rows_statement() -> Any:
    """Built once: building it (aliases, the overdue subqueries) cost more than running it."""
    worker = aliased(User)
    stage = aliased(PathwayStage)
    return (
        select(
            Case.id,
            Case.reference,
            Case.alias,
            Case.status,
            Case.category,
            Case.subregion,
            Case.country,
            func.coalesce(worker.display_name, ""),
            func.coalesce(stage.name, ""),
            overdue_condition(bindparam("today", type_=Date())),
            Case.updated_at,
        )
        .outerjoin(worker, worker.id == Case.caseworker_id)
        .outerjoin(stage, stage.id == Case.current_stage_id)
        .where(Case.id.in_(bindparam("ids", expanding=True)))
    )


def _count(s: Session, conditions: list[Any], search: Any, cap: int) -> int:
    """The number of matching cases, up to cap + 1 (past the cap the list says "1,000+")."""
    if search is not None and not conditions:
        return count_ids(s, search, cap)  # only the search: its own index counts its matches
    where = [*conditions, Case.id.in_(search)] if search is not None else conditions
    return count_ids(s, select(Case.id).where(*where), cap)

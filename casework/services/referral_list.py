"""Referral lists: the inbox's views and a case's own list, filtered, sorted and paged in SQL.

Split from referrals.py (issue 13). As for cases (case_list.py), a page is found in two steps,
its ids through an index then just those rows, and a list with thousands of matches walks the
sort's index and stops once the page is full instead of sorting every match.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any, Literal

from sqlalchemy import and_, func, or_, select, tuple_
from sqlalchemy.orm import Session, aliased

from casework.errors import ValidationError
from casework.i18n import N_
from casework.model import Case, Organisation, PathwayStage, Referral
from casework.model.enums import ReferralDirection, ReferralState, ServiceType
from casework.model.lifecycle import REFERRAL_TERMINAL
from casework.services.cases import reference_order
from casework.services.context import ServiceContext
from casework.services.label_order import label_order, ranked
from casework.services.permissions import Permission
from casework.store import backends
from casework.store.search import count_ids
from casework.store.sort_keys import unindexed


@dataclass(frozen=True)
class ReferralRow:
    id: int
    case_id: int
    case_reference: str
    case_alias: str
    service_type: ServiceType
    to_org_id: int
    org_name: str
    stage_name: str
    state: ReferralState
    created_at: dt.datetime
    sent_at: dt.datetime | None
    due_on: dt.date | None
    expected_end_on: dt.date | None
    overdue: bool
    direction: ReferralDirection = ReferralDirection.OUTGOING


REFERRAL_SORT_KEYS = (
    "created_at",
    "sent_at",
    "due_on",
    "state",
    "organisation",
    "service",
    "case",
)


@dataclass(frozen=True)
class ReferralQuery:
    case_id: int | None = None
    direction: Literal["outgoing", "incoming"] = "outgoing"
    state: ReferralState | None = None
    open_only: bool = False  # not in a final state
    org_id: int | None = None
    service_type: ServiceType | None = None
    overdue_only: bool = False
    sort: str = "created_at"
    descending: bool = True
    offset: int = 0
    limit: int = 200


@dataclass(frozen=True)
class ReferralPage:
    rows: list[ReferralRow]
    total: int  # at most REFERRAL_COUNT_CAP

    @property
    def total_is_lower_bound(self) -> bool:
        return self.total >= REFERRAL_COUNT_CAP


# Past this many the inbox says "1,000+ referrals": counting them all costs more than a page.
REFERRAL_COUNT_CAP = 1_000


def accepted_deadline():  # noqa: ANN201 - a SQL expression
    """When an accepted referral is late: its expected end date, else its follow-up date."""
    return func.coalesce(Referral.expected_end_on, Referral.follow_up_on)


def overdue_condition(today: dt.date, walk: bool = False):  # noqa: ANN201 - a SQL expression
    """Sent and unanswered past its due date, or accepted with no outcome past its end date
    (or, without an end date, past the follow-up date its pathway stage gave it). `walk`: the
    list walks another index and checks each referral (no index lookup on these columns)."""
    if walk:
        state, due, end, follow = (
            unindexed(c)
            for c in (
                Referral.state,
                Referral.due_on,
                Referral.expected_end_on,
                Referral.follow_up_on,
            )
        )
        return or_(
            and_(state == ReferralState.SENT, due < today),
            and_(state == ReferralState.ACCEPTED, func.coalesce(end, follow) < today),
        )
    # Three ranges of the (state, due_on) and (state, expected_end_on) indexes.
    return or_(
        and_(Referral.state == ReferralState.SENT, Referral.due_on < today),
        and_(Referral.state == ReferralState.ACCEPTED, Referral.expected_end_on < today),
        and_(
            Referral.state == ReferralState.ACCEPTED,
            Referral.expected_end_on.is_(None),
            Referral.follow_up_on < today,
        ),
    )


def is_overdue(  # noqa: ANN001
    state: ReferralState, due_on, expected_end_on, today: dt.date, follow_up_on=None
) -> bool:
    if state is ReferralState.SENT:
        return due_on is not None and due_on < today
    if state is ReferralState.ACCEPTED:
        deadline = expected_end_on or follow_up_on
        return deadline is not None and deadline < today
    return False


def _referral_filters(
    ctx: ServiceContext, query: ReferralQuery, walk: bool, server: bool = False
) -> list[Any]:
    """The list's conditions. `walk`: the page walks the sort's index and checks each referral,
    so the filter columns are not looked up through their own indexes. `server`: an office
    server, where a caseworker's referrals are found by their own copy of the case's
    caseworker (store/referral_owner.py) rather than through every one of their cases."""
    col = unindexed if walk else (lambda c: c)
    # The direction leads the indexes of the inbox's own sorts; it is checked per referral when
    # the walk is over cases or organisations, or when the overdue ranges find the referrals.
    by_other = (walk and query.sort in ("case", "organisation")) or (
        not walk and query.overdue_only
    )
    direction = unindexed(Referral.direction) if by_other else Referral.direction
    conditions: list[Any] = []
    if query.case_id is None:  # a case's own list shows both directions
        conditions.append(direction == ReferralDirection(query.direction))
    else:
        conditions.append(Referral.case_id == query.case_id)
    if query.state is not None:
        conditions.append(col(Referral.state) == query.state)
    if query.open_only:
        conditions.append(col(Referral.state).not_in(list(REFERRAL_TERMINAL)))
    if query.org_id is not None:
        conditions.append(col(Referral.to_org_id) == query.org_id)
    if query.service_type is not None:
        conditions.append(col(Referral.service_type) == query.service_type)
    if query.overdue_only:
        conditions.append(overdue_condition(ctx.today(), walk))
    if not ctx.can_see_all_cases() and server and query.case_id is None:
        conditions.append(Referral.caseworker_id == ctx.actor.user_id)
    elif not ctx.can_see_all_cases():
        mine = select(Case.id).where(Case.caseworker_id == ctx.actor.user_id)
        conditions.append(Referral.case_id.in_(mine))
    return conditions


# Past this many matches the page walks the sort's index and stops when full (as for cases).
REFERRAL_WALK_THRESHOLD = 2_000


def list_referrals(ctx: ServiceContext, query: ReferralQuery) -> ReferralPage:
    """One page of the referrals this user may see, filtered, sorted and paged in SQL."""
    ctx.require(Permission.VIEW_ASSIGNED_CASES, Permission.VIEW_ALL_CASES)
    if query.direction not in ("outgoing", "incoming"):
        raise ValidationError({"direction": N_("Choose outgoing or incoming referrals.")})
    today = ctx.today()
    stage = aliased(PathwayStage)
    overdue = overdue_condition(today)
    if query.case_id is not None:
        with ctx.read() as s:
            ctx.case_for_read(s, query.case_id)
    # Sorting by case or organisation walks the cases' reference index (or the organisations'
    # name index) and each one's referrals: a per-referral lookup made SQLite sort them all.
    sort_columns = {
        "created_at": Referral.created_at,
        "sent_at": Referral.sent_at,
        "due_on": Referral.due_on,
        "state": label_order(ReferralState, Referral.state),
        "organisation": Organisation.name,
        "service": label_order(ServiceType, Referral.service_type),
        "case": reference_order(),
    }
    if query.sort not in sort_columns:
        raise ValidationError({"sort": N_("This column cannot be sorted.")})
    order = sort_columns[query.sort]
    order = order.desc() if query.descending else order.asc()
    # (created_at is never NULL: without NULLS LAST a caseworker's newest referrals are read
    # straight from the end of the inbox's index, ix_referrals_caseworker_inbox, on a server.)
    if query.sort not in ("case", "organisation", "created_at"):
        order = order.nulls_last()
    tiebreak = Referral.id.desc() if query.descending else Referral.id.asc()
    with ctx.read() as s:
        # Counted up to REFERRAL_COUNT_CAP ("1,000+") and REFERRAL_WALK_THRESHOLD, on the
        # referrals table alone: joining every referral to its case cost most of the inbox's time.
        server = backends.is_postgresql(s.connection())
        counted = select(Referral.id).where(*_referral_filters(ctx, query, False, server))
        total = count_ids(s, counted, max(REFERRAL_COUNT_CAP, REFERRAL_WALK_THRESHOLD))
        walk = total > REFERRAL_WALK_THRESHOLD
        conditions = _referral_filters(ctx, query, walk, server)
        offset, limit = max(0, query.offset), max(1, min(query.limit, 1000))
        # Two steps, as for cases: the page's ids through an index, then just those rows.
        if walk and query.sort == "case":
            ids = _ids_by_case(s, conditions, query.descending, offset + limit)[offset:]
        elif walk and query.sort in _GROUPS:
            groups = _GROUPS[query.sort](s)
            wanted = offset + limit
            ids = _ids_by_groups(s, conditions, groups, query.descending, wanted)[offset:]
        else:
            page = select(Referral.id).where(*conditions)
            if query.sort == "case":
                page = page.join(Case, Case.id == Referral.case_id)
            elif query.sort == "organisation":
                page = page.join(Organisation, Organisation.id == Referral.to_org_id)
            ids = list(s.scalars(page.order_by(order, tiebreak).offset(offset).limit(limit)))
        stmt = (
            select(
                Referral.id,
                Referral.case_id,
                Case.reference,
                Case.alias,
                Referral.service_type,
                Referral.to_org_id,
                func.coalesce(Organisation.name, ""),
                func.coalesce(stage.name, ""),
                Referral.state,
                Referral.created_at,
                Referral.sent_at,
                Referral.due_on,
                Referral.expected_end_on,
                overdue,
                Referral.direction,
            )
            .join(Case, Case.id == Referral.case_id)
            .outerjoin(Organisation, Organisation.id == Referral.to_org_id)
            .outerjoin(stage, stage.id == Referral.stage_id)
            .where(Referral.id.in_(ids))
        )
        by_id = {
            row[0]: ReferralRow(*row[:-2], overdue=bool(row[-2]), direction=row[-1])
            for row in s.execute(stmt)
        }
    return ReferralPage([by_id[i] for i in ids if i in by_id], min(total, REFERRAL_COUNT_CAP))


CASE_BATCH = 1000  # cases read per step of the walk in reference order


def _ids_by_case(s: Session, conditions: list[Any], descending: bool, wanted: int) -> list[int]:
    """Referral ids in their case's reference order (then by id), walking the cases' reference
    index a batch at a time and reading each batch's referrals through their case_id index
    (SQLite would otherwise sort every referral: it cannot be told to walk the cases first)."""
    key = reference_order()
    out: list[int] = []
    after: tuple[Any, int] | None = None
    # A first page needs about as many cases as referrals (most cases have one or two in a
    # direction); each further step reads twice as many, up to CASE_BATCH.
    size = min(CASE_BATCH, wanted)
    while len(out) < wanted:
        batch = select(key, Case.id).order_by(
            key.desc() if descending else key.asc(), Case.id.desc() if descending else Case.id.asc()
        )
        if after is not None:
            pair, cursor = tuple_(key, Case.id), tuple_(*after)
            batch = batch.where(pair < cursor if descending else pair > cursor)
        cases = s.execute(batch.limit(size)).all()
        size = min(CASE_BATCH, size * 2)
        if not cases:
            break
        rank = {case_id: i for i, (_key, case_id) in enumerate(cases)}
        found = s.execute(
            select(Referral.id, Referral.case_id).where(
                *conditions, Referral.case_id.in_(list(rank))
            )
        ).all()
        sign = -1 if descending else 1
        found.sort(key=lambda r: (rank[r[1]], sign * r[0]))
        out += [r[0] for r in found]
        after = (cases[-1][0], cases[-1][1])
    return out[:wanted]


def _organisations(s: Session) -> list[Any]:
    """The organisations in their names' order, one condition per name."""
    groups: dict[str, list[int]] = {}
    for org_id, name in s.execute(select(Organisation.id, Organisation.name)):
        groups.setdefault(name, []).append(org_id)
    return [Referral.to_org_id.in_(groups[name]) for name in sorted(groups)]


# The sorts a long list walks a group at a time, each group through an index in id order: by
# organisation (to_org_id), state or service (direction, state / service_type) in their labels'
# order, instead of sorting every referral.
_GROUPS: dict[str, Callable[[Session], list[Any]]] = {
    "organisation": _organisations,
    "state": lambda _s: [Referral.state == m for m in ranked(ReferralState)],
    "service": lambda _s: [Referral.service_type == m for m in ranked(ServiceType)],
}


def _ids_by_groups(
    s: Session, conditions: list[Any], groups: list[Any], descending: bool, wanted: int
) -> list[int]:
    """Referral ids group by group (`groups`: conditions in ascending order), then by id: one
    short walk of an index per group (there are few)."""
    out: list[int] = []
    for group in reversed(groups) if descending else groups:
        ids = (
            select(Referral.id)
            .where(*conditions, group)
            .order_by(Referral.id.desc() if descending else Referral.id.asc())
            .limit(wanted - len(out))
        )
        out += s.scalars(ids)
        if len(out) >= wanted:
            break
    return out

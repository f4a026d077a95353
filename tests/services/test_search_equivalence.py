"""The search as you type gives what a plain reference gives, on every path the list may take.

The list estimates a search's matches from its first ones (one statement: their count, the last
rowid and the highest case id), then either sorts the few matches, collects them and walks the
sort index, or walks checking each case (services/case_list_search.py). Hypothesis picks the
typed prefix and the thresholds that choose the path; the reference is plain Python over every
case: the search table's matches (collected whole), sorted by the list's order, counted, and
each row's overdue flag computed from its referrals and tasks (which the page reads through
covering indexes since 0008_search)."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterator

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from sqlalchemy import event, select, text

from casework.model import Case, Referral, Task
from casework.model.enums import ReferralState
from casework.services import case_list, case_list_search
from casework.services.case_list import CaseQuery
from casework.services.context import ServiceContext
from casework.store.search import case_ids_select, estimate_matches, last_case_id
from casework.store.vault import Vault
from casework.workshop import ACCOUNTS, generate

PASSWORDS = {a.name: a.password for a in ACCOUNTS}
TODAY = dt.date(2026, 11, 20)


@pytest.fixture(scope="module")
def ctx(tmp_path_factory: pytest.TempPathFactory) -> Iterator[ServiceContext]:
    folder = tmp_path_factory.mktemp("equivalence") / "vault"
    generate(folder, cases=120, seed=11, bulk=True, snapshot=False, language="en", today=TODAY)
    vault = Vault.open(folder, "supervisor", PASSWORDS["supervisor"], verify_pages=False)
    try:
        yield ServiceContext.for_vault(vault)
    finally:
        vault.close()


@pytest.fixture(scope="module")
def reference(ctx: ServiceContext) -> dict[str, object]:
    """Every case's sort key and overdue flag, computed in Python."""
    today = ctx.today()
    with ctx.read() as s:
        order = s.execute(select(Case.id, Case.updated_at)).all()
        late = set()
        for case_id, state, due, end, follow in s.execute(
            select(
                Referral.case_id,
                Referral.state,
                Referral.due_on,
                Referral.expected_end_on,
                Referral.follow_up_on,
            )
        ):
            if state == ReferralState.SENT and due is not None and due < today:
                late.add(case_id)
            limit = end if end is not None else follow
            if state == ReferralState.ACCEPTED and limit is not None and limit < today:
                late.add(case_id)
        for case_id, done, due in s.execute(select(Task.case_id, Task.done_on, Task.due_on)):
            if done is None and due < today:
                late.add(case_id)
        aliases = sorted({w for (a,) in s.execute(select(Case.alias)) for w in a.split()})
    ranked = [i for _u, i in sorted(((u, i) for i, u in order), reverse=True)]
    return {"ranked": ranked, "late": late, "aliases": aliases}


def _typed(data: st.DataObject, aliases: list[str]) -> str:
    word = data.draw(st.sampled_from(aliases + ["ke", "2026", "zz", "Émile"]))
    return word[: data.draw(st.integers(1, max(1, len(word))))]


@settings(
    max_examples=60, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)
@given(data=st.data())
def test_search_pages_match_a_plain_reference(ctx, reference, monkeypatch, data) -> None:  # noqa: ANN001
    typed = _typed(data, reference["aliases"])
    with ctx.read() as s:
        matches = set(s.scalars(case_ids_select(s, typed, include_restricted=True)))
    expected = [i for i in reference["ranked"] if i in matches]
    cap = data.draw(st.sampled_from([3, 10, 1_000]))
    # Which path the list takes: sort the few matches, or walk (collected or checked per case).
    monkeypatch.setattr(case_list, "COUNT_CAP", cap)
    monkeypatch.setattr(case_list, "WALK_THRESHOLD", data.draw(st.sampled_from([0, 5, 2_000])))
    monkeypatch.setattr(case_list_search, "DENSE_FACTOR", data.draw(st.sampled_from([0, 1, 85])))
    limit = data.draw(st.sampled_from([7, 200]))
    page = case_list.list_cases(ctx, CaseQuery(text=typed, limit=limit))
    monkeypatch.undo()
    assert [r.id for r in page.rows] == expected[:limit], typed
    assert (page.total, page.total_is_lower_bound) == (min(len(expected), cap), len(expected) > cap)
    assert [r.overdue for r in page.rows] == [i in reference["late"] for i in expected[:limit]]


def test_estimates_read_the_first_matches_once(ctx) -> None:  # noqa: ANN001
    with ctx.read() as s:
        ids = case_ids_select(s, "a", include_restricted=True)
        every = sorted(s.scalars(ids))
        assert len(every) > 5
        highest = s.scalar(select(Case.id).order_by(Case.id.desc()).limit(1))
        # Three matches and more: the 4th match's rowid scales the estimate to every case.
        assert estimate_matches(s, ids, 3) == (4, 4 * highest / every[3])
        assert estimate_matches(s, ids, len(every)) == (len(every), float(len(every)))
        assert last_case_id(s) == highest  # kept from the estimate's statement


def test_overdue_flags_are_read_from_covering_indexes(ctx) -> None:  # noqa: ANN001
    seen: list[tuple[str, object]] = []

    def keep(_conn, _cursor, statement, parameters, _context, _many) -> None:  # noqa: ANN001
        if "EXISTS" in statement and "pathway_stages" in statement:
            seen.append((statement, parameters))

    engine = ctx.vault.engine
    event.listen(engine, "before_cursor_execute", keep)
    try:
        case_list.list_cases(ctx, CaseQuery(limit=5))  # the page's rows and their flags
    finally:
        event.remove(engine, "before_cursor_execute", keep)
    assert len(seen) == 1
    with ctx.read() as s:
        rows = s.connection().exec_driver_sql("EXPLAIN QUERY PLAN " + seen[0][0], seen[0][1])
        plan = " | ".join(row[3] for row in rows)
    assert "COVERING INDEX ix_referrals_case_overdue" in plan, plan
    assert "COVERING INDEX ix_tasks_case_open_due" in plan, plan


def test_a_short_search_walks_the_names_index_without_reading_cases(ctx) -> None:  # noqa: ANN001
    from casework.store.search import walk_condition

    with ctx.read() as s:
        statement = (
            select(Case.id)
            .where(walk_condition(s, "a", include_restricted=True))
            .order_by(Case.updated_at.desc(), Case.id.desc())
            .limit(200)
        )
        compiled = statement.compile(s.get_bind())
        values = tuple(compiled.params[name] for name in compiled.positiontup)
        rows = s.connection().exec_driver_sql("EXPLAIN QUERY PLAN " + str(compiled), values)
        plan = " | ".join(row[3] for row in rows)
    assert "COVERING INDEX ix_cases_updated_at_names" in plan, plan
    assert "TEMP B-TREE" not in plan, plan


def test_last_case_id_without_an_estimate(ctx) -> None:  # noqa: ANN001
    with ctx.read() as s:
        assert last_case_id(s) == s.execute(text("SELECT max(id) FROM cases")).scalar()


def test_a_walk_keeping_the_matches_reads_the_slim_sort_index(ctx) -> None:  # noqa: ANN001
    # The walk that keeps the cases among a search's collected matches needs only each case's
    # updated_at and id: the slim index (0010_search), a quarter of the names index's pages.
    with ctx.read() as s:
        search = case_ids_select(s, "zu", include_restricted=True)
        condition = case_list_search.condition(s, "zu", search, True, 0.0, 2_000)
        statement = (
            select(Case.id)
            .where(condition)
            .order_by(Case.updated_at.desc(), Case.id.desc())
            .limit(200)
        )
        compiled = statement.compile(s.get_bind())
        values = tuple(compiled.params[name] for name in compiled.positiontup)
        rows = s.connection().exec_driver_sql("EXPLAIN QUERY PLAN " + str(compiled), values)
        plan = " | ".join(row[3] for row in rows)
    assert "COVERING INDEX ix_cases_updated_at_id" in plan, plan
    assert "TEMP B-TREE" not in plan, plan

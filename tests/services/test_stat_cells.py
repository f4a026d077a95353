"""The statistics' summary cells (store/stat_cells.py) stay exact: after any sequence of writes
through the services (and deletions, which no service makes yet, in SQL), the figures read from
the cells equal the full passes over the base tables (tests/services/stats_reference.py, the
query the cells replaced), for every area and period."""

from __future__ import annotations

import datetime as dt
from dataclasses import replace

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from sqlalchemy import text

from casework.errors import CaseworkError
from casework.model import Task
from casework.model.enums import (
    CaseAction,
    ClientCategory,
    CustodyStatus,
    DeclineReason,
    GoalStatus,
    LifeDomain,
    OrgType,
    ServiceType,
    Subregion,
)
from casework.services import cases, directory, plans, referrals, statistics_counts, tasks
from casework.services.cases import CaseInput
from casework.services.context import ServiceContext
from casework.services.directory import OrganisationInput
from casework.services.referrals import ReferralInput
from casework.store import stat_cells, stat_rollups
from tests.services import stats_reference

START = dt.date(2025, 1, 6)
COUNTRIES = ("KE", "UG", "ML", "NE")
VIEWS = (dt.date(2025, 4, 2), dt.date(2026, 1, 15))
FILTERS = ((None, None), (Subregion.GREATER_HORN, None), (None, "ML"), (None, "KE"))


def at(ctx: ServiceContext, day: dt.date) -> ServiceContext:
    return ServiceContext(ctx.vault, ctx.actor, today=lambda: day)


def both(ctx: ServiceContext, subregion, country, since) -> tuple:  # noqa: ANN001
    """(from the cells, from the base tables), or the refusal each gave."""
    out = []
    for source in (statistics_counts, stats_reference):
        try:
            with ctx.write() as uow:
                g = source.gather(ctx, uow.session, subregion, country, since)
            raw = {k: v for k, v in g.raw.items() if v != (0, 0)}
            out.append((g.as_of, g.since, raw, g.median_days_to_answer))
        except CaseworkError as refused:
            out.append(type(refused).__name__)
    return tuple(out)


def check_rollups(ctx: ServiceContext) -> None:
    """Each roll-up (store/stat_rollups.py) holds its cell table's sums over every month."""
    with ctx.read() as s:
        for cell, targets in stat_rollups.ROLLUPS.items():
            for rollup, keys in targets:
                names = ", ".join(keys)
                kept = s.execute(
                    text(f"SELECT {names}, n, ks FROM {rollup} WHERE n != 0 OR ks != 0")
                ).all()
                counted = s.execute(
                    text(
                        f"SELECT {names}, sum(n), sum(ks) FROM {cell} GROUP BY {names} "
                        "HAVING sum(n) != 0 OR sum(ks) != 0"
                    )
                ).all()
                assert sorted(kept) == sorted(counted), rollup


def check_all(ctx: ServiceContext) -> int:
    """Compare every view; how many gave figures (not a refusal) in an area."""
    check_rollups(ctx)
    shown = 0
    for view in VIEWS:
        me = at(ctx, view)
        for subregion, country in FILTERS:
            for since in (None, dt.date(2025, 2, 10)):
                cells, reference = both(me, subregion, country, since)
                assert cells == reference, (view, subregion, country, since)
                shown += (subregion or country) is not None and not isinstance(cells, str)
    return shown


OPS = st.lists(
    st.tuples(
        st.sampled_from(
            [
                "case",
                "case",
                "move",
                "move_task_case",
                "status",
                "referral",
                "answer",
                "plan",
                "version",
                "task",
                "complete_task",
                "reopen_task",
                "due_task",
                "delete_task",
                "goal",
                "delete_referral",
                "delete_case",
            ]
        ),
        st.integers(min_value=0, max_value=10_000),
        st.integers(min_value=0, max_value=150),  # days after START
    ),
    min_size=1,
    max_size=25,
)


@pytest.fixture
def world(office):  # noqa: ANN001, ANN201
    sup = at(office.supervisor, START)
    clinic = directory.create_organisation(
        sup, OrganisationInput("Nairobi Clinic", OrgType.HEALTH, country="KE")
    )
    return office, clinic


@pytest.mark.parametrize("backend", ["vault"])
@settings(
    max_examples=10,
    deadline=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
)
@given(ops=OPS)
def test_cells_equal_full_passes_after_random_writes(world, ops):  # noqa: ANN001
    office, clinic = world
    apply(office, clinic, ops)
    check_all(office.supervisor)


def apply(office, clinic, ops) -> list[str]:  # noqa: ANN001
    """Run the writes; the names of those that were made (not refused)."""
    made = []
    for op, pick, offset in ops:
        day = START + dt.timedelta(days=offset)
        cw, sup = at(office.caseworker, day), at(office.supervisor, day)
        with sup.read() as s:
            case_ids = list(s.execute(text("SELECT id FROM cases ORDER BY id")).scalars())
            ref_ids = list(s.execute(text("SELECT id FROM referrals ORDER BY id")).scalars())
            task_ids = list(s.execute(text("SELECT id FROM tasks ORDER BY id")).scalars())
        case_id = case_ids[pick % len(case_ids)] if case_ids else None
        ref_id = ref_ids[pick % len(ref_ids)] if ref_ids else None
        task_id = task_ids[pick % len(task_ids)] if task_ids else None
        # Due from a month before to two months after the day; done up to seven weeks before.
        due = day + dt.timedelta(days=pick % 90 - 30)
        done = day - dt.timedelta(days=pick % 50)
        try:
            if op == "case" or case_id is None:
                category = list(ClientCategory)[pick % len(ClientCategory)]
                country = COUNTRIES[pick % len(COUNTRIES)]
                data = CaseInput(
                    f"Alias {pick}", category, CustodyStatus.RELEASED, country, guardian_name="G"
                )
                cases.create_case(cw, data)
            elif op in ("move", "move_task_case"):
                if op == "move_task_case" and task_id is not None:
                    with sup.read() as s:
                        case_id = s.get(Task, task_id).case_id
                data = cases.get_case(sup, case_id).data
                country = COUNTRIES[(pick // 7) % len(COUNTRIES)]
                cases.update_case(sup, case_id, replace(data, country=country))
            elif op == "status":
                cases.change_status(sup, case_id, list(CaseAction)[pick % len(CaseAction)])
            elif op == "referral":
                rid = referrals.create_referral(
                    cw, case_id, ReferralInput(ServiceType.MENTAL_HEALTH, clinic, None, "Care")
                )
                if pick % 3:
                    referrals.send_referral(sup, rid, override_reason="Test without consents")
            elif op == "answer" and ref_id is not None:
                if pick % 2:
                    referrals.accept_referral(cw, ref_id)
                else:
                    referrals.decline_referral(cw, ref_id, DeclineReason.NO_CAPACITY)
            elif op == "plan":
                plan_id = plans.create_plan(cw, case_id, "In my own words")
                domain = list(LifeDomain)[pick % len(LifeDomain)]
                plans.add_goal(cw, plan_id, plans.GoalInput(domain, "A goal"))
            elif op == "version":
                with sup.read() as s:
                    plan_id = s.execute(
                        text("SELECT max(id) FROM plans WHERE case_id = :c"), {"c": case_id}
                    ).scalar()
                if plan_id is not None and pick % 2:
                    plans.submit_plan(cw, plan_id)
                    plans.approve_plan(sup, plan_id)
                plans.new_version(cw, case_id)
            elif op == "goal":
                with sup.read() as s:
                    goal_ids = list(s.execute(text("SELECT id FROM plan_goals")).scalars())
                status = list(GoalStatus)[pick % len(GoalStatus)]
                if goal_ids:
                    goal = goal_ids[pick % len(goal_ids)]
                    plans.set_goal_status(cw, goal, status, dropped_reason="Moved away")
            elif op == "task":
                tasks.create_task(cw, case_id, tasks.TaskInput("Call", due))
            elif op == "complete_task" and task_id is not None:
                tasks.complete_task(cw, task_id, done)
            elif op == "reopen_task" and task_id is not None:
                tasks.reopen_task(cw, task_id)
            elif op == "due_task" and task_id is not None:
                with sup.read() as s:
                    title, assignee = s.execute(
                        text("SELECT title, assignee_id FROM tasks WHERE id = :i"), {"i": task_id}
                    ).one()
                tasks.update_task(sup, task_id, tasks.TaskInput(title, due, assignee))
            elif op == "delete_task" and task_id is not None:
                with sup.write() as uow:
                    uow.session.execute(text("DELETE FROM tasks WHERE id = :i"), {"i": task_id})
            elif op == "delete_referral" and ref_id is not None:
                with sup.write() as uow:
                    uow.session.execute(text("DELETE FROM referrals WHERE id = :i"), {"i": ref_id})
            elif op == "delete_case":
                with sup.write() as uow:
                    uow.session.execute(text("DELETE FROM cases WHERE id = :i"), {"i": case_id})
        except CaseworkError:
            continue  # a refused step (a transition that does not apply) changes nothing
        made.append(op)
    return made


# Every kind of write, made at least once (the random sequences above may miss some).
SCRIPT = [
    *(("case", i, i * 2) for i in range(40)),
    *(("referral", i, 30 + i) for i in range(1, 30)),
    *(("answer", i, 60 + i) for i in range(12)),
    *(("plan", i, 50 + i) for i in range(16)),
    *(("version", 2 * i + 1, 70 + i) for i in range(6)),
    *(("move", 7 * (i % 4) + i * 28, 90 + i) for i in range(8)),
    ("status", 0, 92),
    ("status", 1, 93),
    *(("task", 3 + 11 * i, 40 + 4 * i) for i in range(14)),
    # Done a day or more after the day (in April), some after their due month.
    *(("complete_task", i, 95 + 2 * i) for i in range(8)),
    ("reopen_task", 7, 97),
    *(("move_task_case", 3 * i + 1, 98 + i) for i in range(4)),
    *(("due_task", 5 * i + 1, 88 + i) for i in range(4)),
    ("delete_task", 2, 97),
    *(("goal", i, 94) for i in range(1, 12)),
    ("delete_referral", 2, 95),
    ("delete_case", 5, 96),
    *(("case", i, 100 + i) for i in range(40, 46)),
]


@pytest.mark.parametrize("backend", ["vault"])
def test_cells_equal_full_passes_after_every_kind_of_write(world):  # noqa: ANN001
    office, clinic = world
    made = apply(office, clinic, SCRIPT)
    assert set(made) == {op for op, _pick, _day in SCRIPT}
    with office.supervisor.read() as s:
        late = "SELECT count(*) FROM tasks WHERE strftime('%Y-%m', done_on) > '2025-03'"
        assert s.execute(text(late + " AND due_on <= '2025-03-31'")).scalar() >= 2
    assert check_all(office.supervisor) >= 8  # area figures compared, not only refusals


@pytest.mark.parametrize("backend", ["vault"])
def test_cells_are_counted_again_for_another_secret(world):  # noqa: ANN001
    """Cells counted with other record keys (a vault whose secret was replaced) are counted
    again from the tables before they are read."""
    office, _clinic = world
    cw = at(office.caseworker, START)
    for i in range(12):
        cases.create_case(
            cw,
            CaseInput(
                f"Alias {i}", ClientCategory.CHILD, CustodyStatus.RELEASED, "KE", guardian_name="G"
            ),
        )
    with office.supervisor.write() as uow:
        uow.session.execute(text("UPDATE stat_keys SET a = a + 1"))
        uow.session.execute(text("DELETE FROM stat_cases"))
    check_all(office.supervisor)
    with office.supervisor.read() as s:
        assert s.execute(text("SELECT sum(n) FROM stat_cases")).scalar() == 12
    assert set(stat_cells.CELL_TABLES) >= {"stat_cases", "stat_referral_states", "stat_plans"}


def downgraded(office, revision: str) -> dict[str, str]:  # noqa: ANN001
    """Take the vault down to `revision` and up to the head again; what its schema held
    (name: SQL) while down."""
    from alembic import command

    from casework.store.schema import alembic_config

    engine = office.supervisor.vault.engine
    with engine.connect() as conn:
        command.downgrade(alembic_config(conn), revision)
        conn.commit()
    with engine.connect() as conn:
        schema = dict(conn.execute(text("SELECT name, coalesce(sql, '') FROM sqlite_master")).all())
        command.upgrade(alembic_config(conn), "head")
        conn.commit()
    return schema


@pytest.mark.parametrize("backend", ["vault"])
def test_the_upgrade_counts_the_rollups_of_a_vault_with_records(world):  # noqa: ANN001
    """A vault made before the roll-ups (0008) gets them counted from its cells, and kept
    exact by the writes after."""
    office, clinic = world
    apply(office, clinic, SCRIPT[:60])
    before = downgraded(office, "0008_search_overdue_indexes")
    assert not set(before) & set(stat_rollups.ROLLUP_TABLES)
    with office.supervisor.read() as s:
        assert s.execute(text("SELECT sum(n) FROM stat_cases_all")).scalar() == 40
    check_rollups(office.supervisor)
    apply(office, clinic, SCRIPT[60:])
    assert check_all(office.supervisor) >= 8


@pytest.mark.parametrize("backend", ["vault"])
def test_the_upgrade_counts_the_task_cells_of_a_vault_with_tasks(world):  # noqa: ANN001
    """A vault made before the tasks' cells (0011) gets them counted from its tasks, and its
    triggers (a case's move among them) keep them exact after."""
    office, clinic = world
    apply(office, clinic, SCRIPT[:-6])
    before = downgraded(office, "0011_stats_tasks_overdue")
    assert "stat_tasks" not in before and "stat_tasks_all" not in before
    area = before["stat_cells_cases_area"]
    assert "stat_plans" in area and "stat_tasks" not in area
    with office.supervisor.read() as s:
        assert s.execute(text("SELECT sum(n) FROM stat_tasks_all")).scalar() >= 5
    assert check_all(office.supervisor) >= 8
    later = [("move_task_case", i, 110 + i) for i in range(6)] + [("task", 9, 112)]
    assert set(apply(office, clinic, later)) == {"move_task_case", "task"}
    check_all(office.supervisor)

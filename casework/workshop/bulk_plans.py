"""The bulk path's reintegration plans: versions, goals, actions and review dates."""

from __future__ import annotations

import random
from typing import TYPE_CHECKING, Any

from casework.model.enums import ActionStatus, GoalStatus, GoalTerm, LifeDomain, PlanState
from casework.workshop.bulk_values import _days, _randint, _stamp, _weighted

if TYPE_CHECKING:
    import datetime as dt

    from casework.workshop.bulk_rows import Ids

_ACTION_STATUSES = tuple(ActionStatus)
_DOMAINS = tuple(LifeDomain)

PLAN_STATES = (
    ("draft", 20),
    ("submitted", 10),
    ("returned", 5),
    ("approved", 50),
    ("superseded", 15),
)


class PlanRows:
    """Mixed into bulk_rows.Rows: the plan rows of a case."""

    rng: random.Random
    ids: Ids
    supervisor: int
    goals: dict[Any, tuple[str, ...]]
    aspirations: list[str]
    returns: list[str]

    def add(self, table: str, row: dict[str, Any]) -> None:
        raise NotImplementedError

    def plan(self, case_id: int, orgs: list[Any], opened: dt.date, worker: int) -> None:
        rng, ids = self.rng, self.ids
        state = _weighted(rng, PLAN_STATES)
        versions = (
            [PlanState.SUPERSEDED, PlanState.APPROVED]
            if state == "superseded"
            else [PlanState(state)]
        )
        aspirations = rng.choice(self.aspirations)
        domains = rng.sample(_DOMAINS, 2)
        created = opened + _days(_randint(rng, 5, 30))
        for version, plan_state in enumerate(versions, start=1):
            plan_id = ids.take("plans")
            approved = plan_state in (PlanState.APPROVED, PlanState.SUPERSEDED)
            submitted = plan_state is not PlanState.DRAFT
            self.add(
                "plans",
                {
                    "id": plan_id,
                    "case_id": case_id,
                    "version": version,
                    "state": plan_state,
                    "aspirations": aspirations,
                    "return_comment": rng.choice(self.returns)
                    if plan_state is PlanState.RETURNED
                    else "",
                    "created_by_id": worker,
                    "created_at": _stamp(created),
                    "submitted_at": _stamp(created + _days(3)) if submitted else None,
                    "submitted_by_id": worker if submitted else None,
                    "approved_at": _stamp(created + _days(5)) if approved else None,
                    "approved_by_id": self.supervisor if approved else None,
                },
            )
            for position, domain in enumerate(domains, start=1):
                need, goal, action = self.goals[domain]
                goal_id = ids.take("goals")
                self.add(
                    "goals",
                    {
                        "id": goal_id,
                        "plan_id": plan_id,
                        "position": position,
                        "domain": domain,
                        "need": need,
                        "goal": goal,
                        "term": rng.choice((GoalTerm.SHORT, GoalTerm.LONG)),
                        "status": rng.choice((GoalStatus.NOT_STARTED, GoalStatus.IN_PROGRESS))
                        if not approved
                        else rng.choice((GoalStatus.IN_PROGRESS, GoalStatus.ACHIEVED)),
                        "dropped_reason": "",
                        "practice": "",
                    },
                )
                org = rng.choice(orgs)
                self.add(
                    "goal_actions",
                    {
                        "id": ids.take("goal_actions"),
                        "goal_id": goal_id,
                        "position": 1,
                        "description": action,
                        "responsible_org_id": org.id,
                        "responsible_person": org.focal_person,
                        "due_on": created + _days(_randint(rng, 20, 120)),
                        "status": rng.choice(_ACTION_STATUSES),
                    },
                )
            for offset in (30, 90):
                self.add(
                    "review_dates",
                    {
                        "id": ids.take("review_dates"),
                        "plan_id": plan_id,
                        "scheduled_on": created + _days(offset),
                    },
                )
            created = created + _days(_randint(rng, 60, 120))

"""Case stories: reintegration plans, their goals, actions, progress and reviews."""

from __future__ import annotations

import datetime as dt

from casework.model.enums import (
    ActionStatus,
    GoalStatus,
    GoalTerm,
    LifeDomain,
)
from casework.services import (
    cases,
    plans,
)
from casework.services.context import ServiceContext
from casework.workshop import content
from casework.workshop.story_cases import StoryBase


class PlanStory(StoryBase):
    """Reintegration plans taken to a chosen outcome, with goals, actions and reviews."""

    def plan(
        self,
        cw: ServiceContext,
        case_id: int,
        country: str,
        outcome: str,
        start_ago: int,
        domains: int = 2,
    ) -> int:
        w, rng = self.w, self.rng
        sup = w.supervisor
        w.at(start_ago)
        plan_id = plans.create_plan(cw, case_id, w.t(rng.choice(content.ASPIRATIONS)))
        self._goals(cw, plan_id, country, domains)
        plans.add_review_date(cw, plan_id, plans.default_review_dates(w.clock.day)[0])
        if outcome == "draft":
            return plan_id
        w.at(start_ago - 3)
        plans.submit_plan(cw, plan_id)
        if outcome == "submitted":
            return plan_id
        w.at(start_ago - 5)
        if outcome == "returned":
            plans.return_plan(sup, plan_id, w.t(rng.choice(content.RETURN_COMMENTS)))
            return plan_id
        plans.approve_plan(sup, plan_id)
        self._progress(cw, plan_id)
        held = start_ago - 35
        if held > 0:
            w.at(held)
            plans.record_review(
                cw,
                plan_id,
                plans.ReviewInput(
                    w.clock.day,
                    f"{cw.actor.display_name}, {sup.actor.display_name}",
                    w.t(content.REVIEW_SUMMARY),
                    w.t(content.REVIEW_DECISIONS),
                ),
            )
        if outcome == "approved":
            return plan_id
        w.at(max(0, start_ago - 40))
        new_id = plans.new_version(cw, case_id)
        self._goals(cw, new_id, country, 1)
        if outcome == "approved_new_draft":
            return new_id
        plans.submit_plan(cw, new_id)
        plans.approve_plan(sup, new_id)  # the first version becomes superseded
        return new_id

    def _goals(self, cw: ServiceContext, plan_id: int, country: str, count: int) -> None:
        w, rng = self.w, self.rng
        for domain in rng.sample(list(LifeDomain), count):
            need, goal, action = content.GOALS[domain]
            goal_id = plans.add_goal(
                cw,
                plan_id,
                plans.GoalInput(
                    domain,
                    w.t(goal),
                    need=w.t(need),
                    term=rng.choice((GoalTerm.SHORT, GoalTerm.LONG)),
                ),
            )
            org = rng.choice(w.orgs.get(country) or w.regional[cases.subregion_of(country)])  # type: ignore[index]
            plans.add_action(
                cw,
                goal_id,
                plans.ActionInput(
                    w.t(action),
                    responsible_org_id=org.id,
                    responsible_person=org.focal_person,
                    due_on=w.clock.day + dt.timedelta(days=rng.randint(20, 120)),
                ),
            )

    def _progress(self, cw: ServiceContext, plan_id: int) -> None:
        rng = self.rng
        detail = plans.get_plan(cw, plan_id)
        for goal in detail.goals:
            status = rng.choice(list(GoalStatus))
            plans.set_goal_status(
                cw,
                goal.id,
                status,
                self.w.t(content.DROPPED_REASON) if status is GoalStatus.DROPPED else "",
            )
            for action in goal.actions[:1]:
                plans.set_action_status(cw, action.id, rng.choice(list(ActionStatus)))

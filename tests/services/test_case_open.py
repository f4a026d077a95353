"""Opening a case workspace in one read (services/case_open.py): the same case, pathway strip and
suggested status as the three separate reads, the open audited once (and before anything is
returned: a refused open returns nothing and writes only its refusal)."""

from __future__ import annotations

import pytest
from sqlalchemy import select

from casework.errors import PermissionDenied
from casework.model import AuditEvent
from casework.model.enums import CaseAction, ClientCategory, CustodyStatus
from casework.services import case_open, cases, pathway_position, pathways, plans, suggestions
from casework.services.cases import CaseInput
from casework.services.context import REFUSED


def _actions(ctx) -> list[tuple[str, str, int | None]]:  # noqa: ANN001
    with ctx.vault.session() as s:
        return [
            (e.action, e.entity, e.entity_id)
            for e in s.scalars(select(AuditEvent).order_by(AuditEvent.id))
        ]


@pytest.fixture
def case_on_a_pathway(office) -> int:  # noqa: ANN001
    pid = pathways.create_default_pathway(office.supervisor, "Parcours Niger", country="NE")
    stages = pathways.get_pathway(office.supervisor, pid).stages
    case_id = cases.create_case(
        office.caseworker,
        CaseInput(
            alias="Abu Layla",
            category=ClientCategory.RELEASED_OFFENDER,
            custody_status=CustodyStatus.RELEASED,
            country="NE",
            pathway_id=pid,
        ),
    )
    cases.set_stage(office.caseworker, case_id, stages[1].id)
    return case_id


def test_one_read_gives_what_the_three_reads_give(office, case_on_a_pathway, backend) -> None:  # noqa: ANN001
    carl, case_id = office.caseworker, case_on_a_pathway
    plan_id = plans.create_plan(carl, case_id, "A job and a quiet place to live.")
    for ctx in (carl, office.supervisor):
        opened = case_open.open_with_header(ctx, case_id)
        assert opened.detail == cases.open_case(ctx, case_id)
        assert opened.position == pathway_position.pathway_position(ctx, case_id)
        assert opened.position is not None and opened.position.stages[1].current
        assert opened.suggestion == suggestions.next_status(ctx, case_id) is None
    # Once the plan is approved the case at Intake is suggested Activate, in both.
    from casework.model.enums import LifeDomain
    from casework.services.plans import GoalInput

    plans.add_goal(carl, plan_id, GoalInput(LifeDomain.EMPLOYMENT, "Find steady work"))
    plans.submit_plan(carl, plan_id)
    plans.approve_plan(office.supervisor, plan_id)
    opened = case_open.open_with_header(carl, case_id)
    assert opened.suggestion == suggestions.next_status(carl, case_id)
    assert opened.suggestion is not None and opened.suggestion.action is CaseAction.ACTIVATE
    if backend == "vault":
        opens = [a for a in _actions(carl) if a[0] == "case.opened"]
        # Each open_with_header and each cases.open_case above: one entry each.
        assert opens == [("case.opened", "case", case_id)] * 5


def test_a_refused_open_returns_nothing_and_is_audited_as_refused(
    office,  # noqa: ANN001
    case_on_a_pathway,  # noqa: ANN001
    backend,  # noqa: ANN001
) -> None:
    with pytest.raises(PermissionDenied):
        case_open.open_with_header(office.other_caseworker, case_on_a_pathway)
    if backend == "vault":
        actions = _actions(office.supervisor)
        assert ("case.opened", "case", case_on_a_pathway) not in actions
        assert actions[-1] == (REFUSED, "case", case_on_a_pathway)


def test_the_read_alone_is_not_audited_until_its_audit(office, case_on_a_pathway, backend) -> None:  # noqa: ANN001
    """The case screen's two halves (`read_with_header`, then `cases.audit_open` on the pool
    before anything is shown): the same data, one "case.opened" entry, written by the audit."""
    carl, case_id = office.caseworker, case_on_a_pathway
    read = case_open.read_with_header(carl, case_id)
    assert read == case_open.open_with_header(carl, case_id)
    if backend == "vault":
        assert [a for a in _actions(carl) if a[0] == "case.opened"] == [
            ("case.opened", "case", case_id)
        ]  # the open_with_header's only
    cases.audit_open(carl, case_id)
    if backend == "vault":
        assert [a for a in _actions(carl) if a[0] == "case.opened"] == [
            ("case.opened", "case", case_id)
        ] * 2
    with pytest.raises(PermissionDenied):  # refused: its refusal audited, as for the open
        case_open.read_with_header(office.other_caseworker, case_id)
    if backend == "vault":
        assert _actions(office.supervisor)[-1] == (REFUSED, "case", case_id)

"""Where a case stands on its referral pathway: the stages in order, the current one marked
(the case header's stage strip and the referral form's suggested stage)."""

from __future__ import annotations

from dataclasses import dataclass

from sqlalchemy.orm import Session

from casework.model import Case
from casework.services.context import ServiceContext
from casework.services.pathways import StageRow, load_pathway, stage_row


@dataclass(frozen=True)
class StagePosition:
    stage: StageRow
    current: bool
    passed: bool  # an earlier stage than the current one


@dataclass(frozen=True)
class PathwayPosition:
    """Where a case stands on its pathway (the case header's stage strip)."""

    pathway_id: int
    pathway_name: str
    current_stage_id: int | None
    stages: tuple[StagePosition, ...]


def pathway_position(ctx: ServiceContext, case_id: int) -> PathwayPosition | None:
    """The case's pathway stages with the current one marked; None when it follows none."""
    with ctx.read() as s:
        return position_of(s, ctx.case_for_read(s, case_id))


def position_of(s: Session, case: Case) -> PathwayPosition | None:
    """`pathway_position` of a case already checked and loaded in the session `s`."""
    if case.pathway_id is None:
        return None
    pathway = load_pathway(s, case.pathway_id)
    current = next((st for st in pathway.stages if st.id == case.current_stage_id), None)
    stages = tuple(
        StagePosition(
            stage_row(st),
            current=current is not None and st.id == current.id,
            passed=current is not None and st.position < current.position,
        )
        for st in pathway.stages
    )
    return PathwayPosition(pathway.id, pathway.name, case.current_stage_id, stages)

"""Referral pathways: the ordered stages a case follows between organisations, and where a case
stands on its pathway (part of the service directory; organisations are in `directory`).

Anyone logged in may read pathways; only users with MANAGE_DIRECTORY (supervisors,
administrators) change them.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, replace

from sqlalchemy import exists, func, or_, select
from sqlalchemy.orm import Session

from casework.errors import NotFound, ValidationError
from casework.i18n import N_, translator
from casework.model import Case, Pathway, PathwayStage, Referral
from casework.model.enums import OrgType, ServiceType, Subregion
from casework.services import concurrency
from casework.services.areas import normalised_area
from casework.services.cases import subregion_of
from casework.services.context import ServiceContext
from casework.services.permissions import Permission

DEFAULT_EXPECTED_DAYS = 14

# --- read models and inputs ----------------------------------------------------------------------


@dataclass(frozen=True)
class StageInput:
    name: str
    sending_types: frozenset[OrgType] = frozenset()
    receiving_types: frozenset[OrgType] = frozenset()
    service_types: frozenset[ServiceType] = frozenset()
    expected_days: int = DEFAULT_EXPECTED_DAYS


@dataclass(frozen=True)
class StageRow:
    id: int
    position: int  # 1, 2, 3… in pathway order
    name: str
    sending_types: frozenset[OrgType]
    receiving_types: frozenset[OrgType]
    service_types: frozenset[ServiceType]
    expected_days: int
    row_version: int = 1  # passed back as expected_version by the stage form


@dataclass(frozen=True)
class PathwayInput:
    name: str
    country: str = ""
    subregion: Subregion | None = None
    description: str = ""
    active: bool = True


@dataclass(frozen=True)
class PathwayDetail:
    id: int
    data: PathwayInput
    stages: tuple[StageRow, ...]
    row_version: int = 1  # passed back as expected_version by the pathway form


@dataclass(frozen=True)
class PathwayRow:
    id: int
    name: str
    subregion: Subregion | None
    country: str
    active: bool
    stage_count: int


# The default stages of DOMAIN.md ("Referral pathway"); names are stored in the chosen language.
DEFAULT_STAGES: tuple[tuple[str, frozenset[OrgType], frozenset[OrgType], int], ...] = (
    (
        N_("Pre-release assessment"),
        frozenset({OrgType.PRISON_SERVICE}),
        frozenset({OrgType.CSO, OrgType.PROBATION}),
        30,
    ),
    (
        N_("Release planning (case conference)"),
        frozenset({OrgType.PRISON_SERVICE, OrgType.PROBATION}),
        frozenset({OrgType.CSO, OrgType.FAMILY, OrgType.COMMUNITY_LEADER}),
        21,
    ),
    (
        N_("Handover to the community"),
        frozenset({OrgType.PRISON_SERVICE, OrgType.PROBATION}),
        frozenset({OrgType.CSO, OrgType.COMMUNITY_LEADER, OrgType.FAMILY}),
        7,
    ),
    (
        N_("Service referrals"),
        frozenset({OrgType.CSO, OrgType.PROBATION}),
        frozenset(
            {
                OrgType.HEALTH,
                OrgType.VOCATIONAL_TRAINING,
                OrgType.EMPLOYER,
                OrgType.LEGAL_AID,
                OrgType.RELIGIOUS_LEADER,
                OrgType.SCHOOL,
            }
        ),
        14,
    ),
    (N_("Follow-up reviews"), frozenset({OrgType.CSO}), frozenset({OrgType.CSO}), 90),
    (N_("Closure"), frozenset({OrgType.CSO}), frozenset({OrgType.CSO}), 30),
)


# --- helpers -------------------------------------------------------------------------------------


def _validate_stage(stage: StageInput) -> StageInput:
    errors: dict[str, str] = {}
    stage = replace(stage, name=stage.name.strip())
    if not stage.name:
        errors["name"] = N_("Enter the stage's name.")
    if not 1 <= stage.expected_days <= 730:
        errors["expected_days"] = N_("Expected response time must be between 1 and 730 days.")
    if errors:
        raise ValidationError(errors)
    return stage


def _validate_pathway(data: PathwayInput) -> PathwayInput:
    errors: dict[str, str] = {}
    country, subregion = normalised_area(data.country, data.subregion, errors)
    data = replace(data, name=data.name.strip(), country=country, subregion=subregion)
    if not data.name:
        errors["name"] = N_("Enter the pathway's name.")
    if errors:
        raise ValidationError(errors)
    return data


def stage_row(stage: PathwayStage) -> StageRow:
    return StageRow(
        id=stage.id,
        position=stage.position,
        name=stage.name,
        sending_types=frozenset(OrgType(v) for v in stage.sending_types),
        receiving_types=frozenset(OrgType(v) for v in stage.receiving_types),
        service_types=frozenset(ServiceType(v) for v in stage.service_types),
        expected_days=stage.expected_days,
        row_version=stage.row_version,
    )


def _apply_stage(row: PathwayStage, stage: StageInput) -> None:
    row.name = stage.name
    row.sending_types = sorted(t.value for t in stage.sending_types)
    row.receiving_types = sorted(t.value for t in stage.receiving_types)
    row.service_types = sorted(t.value for t in stage.service_types)
    row.expected_days = stage.expected_days


def _renumber(s: Session, stages: Sequence[PathwayStage]) -> None:
    """Give stages positions 1..n in the given order.

    Two passes through negative numbers, because SQLite checks the (pathway, position) unique
    constraint row by row and a direct swap would collide half-way.
    """
    for i, stage in enumerate(stages, start=1):
        stage.position = -i
    s.flush()
    for i, stage in enumerate(stages, start=1):
        stage.position = i
    s.flush()


def load_pathway(s: Session, pathway_id: int) -> Pathway:
    pathway = s.get(Pathway, pathway_id)
    if pathway is None:
        raise NotFound()
    return pathway


# --- pathways and stages ------------------------------------------------------------------------


def create_pathway(
    ctx: ServiceContext, data: PathwayInput, stages: Sequence[StageInput] = ()
) -> int:
    ctx.require(Permission.MANAGE_DIRECTORY)
    data = _validate_pathway(data)
    stages = [_validate_stage(st) for st in stages]
    with ctx.write() as uow:
        pathway = Pathway(
            name=data.name,
            subregion=data.subregion,
            country=data.country,
            description=data.description,
            active=data.active,
        )
        for i, stage in enumerate(stages, start=1):
            row = PathwayStage(position=i)
            _apply_stage(row, stage)
            pathway.stages.append(row)
        uow.session.add(pathway)
        uow.session.flush()
        uow.audit("pathway.created", "pathway", pathway.id, stages=len(stages))
        return pathway.id


def create_default_pathway(
    ctx: ServiceContext,
    name: str,
    *,
    country: str = "",
    subregion: Subregion | None = None,
    lang: str = "en",
) -> int:
    """A pathway with DOMAIN.md's default stages, named in `lang` (stage names are data)."""
    tr = translator(lang)
    stages = [
        StageInput(tr.gettext(title), sending, receiving, expected_days=days)
        for title, sending, receiving, days in DEFAULT_STAGES
    ]
    return create_pathway(ctx, PathwayInput(name, country, subregion), stages)


_PATHWAY_FIELDS = ("name", "subregion", "country", "description", "active")


def update_pathway(
    ctx: ServiceContext, pathway_id: int, data: PathwayInput, expected_version: int | None = None
) -> None:
    ctx.require(Permission.MANAGE_DIRECTORY)
    data = _validate_pathway(data)
    with ctx.write() as uow:
        pathway = load_pathway(uow.session, pathway_id)
        concurrency.check(uow.session, pathway, expected_version, _PATHWAY_FIELDS, "pathway")
        changed = []
        for name in _PATHWAY_FIELDS:
            if getattr(pathway, name) != getattr(data, name):
                setattr(pathway, name, getattr(data, name))
                changed.append(name)
        if changed:
            uow.audit("pathway.updated", "pathway", pathway.id, fields=changed)


def add_stage(
    ctx: ServiceContext, pathway_id: int, stage: StageInput, position: int | None = None
) -> int:
    """Add a stage at `position` (1-based; at the end when None)."""
    ctx.require(Permission.MANAGE_DIRECTORY)
    stage = _validate_stage(stage)
    with ctx.write() as uow:
        s = uow.session
        pathway = load_pathway(s, pathway_id)
        ordered = list(pathway.stages)
        row = PathwayStage(pathway_id=pathway.id, position=len(ordered) + 1)
        _apply_stage(row, stage)
        s.add(row)
        s.flush()
        if position is not None:
            index = min(max(position, 1), len(ordered) + 1) - 1
            ordered.insert(index, row)
            _renumber(s, ordered)
        uow.audit("pathway.stage_added", "pathway", pathway.id, stage=row.id)
        return row.id


def update_stage(
    ctx: ServiceContext, stage_id: int, stage: StageInput, expected_version: int | None = None
) -> None:
    ctx.require(Permission.MANAGE_DIRECTORY)
    stage = _validate_stage(stage)
    with ctx.write() as uow:
        row = uow.session.get(PathwayStage, stage_id)
        if row is None:
            raise NotFound()
        fields = ("name", "sending_types", "receiving_types", "service_types", "expected_days")
        concurrency.check(uow.session, row, expected_version, fields, "stage")
        _apply_stage(row, stage)
        uow.audit("pathway.stage_updated", "pathway", row.pathway_id, stage=row.id)


def remove_stage(ctx: ServiceContext, stage_id: int) -> None:
    """Remove a stage no case or referral is at; the others close up."""
    ctx.require(Permission.MANAGE_DIRECTORY)
    with ctx.write() as uow:
        s = uow.session
        row = s.get(PathwayStage, stage_id)
        if row is None:
            raise NotFound()
        used = s.scalar(
            select(
                exists().where(Case.current_stage_id == stage_id)
                | exists().where(Referral.stage_id == stage_id)
            )
        )
        if used:
            raise ValidationError(
                {"stage": N_("Cases or referrals are at this stage; it cannot be removed.")}
            )
        pathway = row.pathway
        pathway.stages.remove(row)
        s.delete(row)
        s.flush()
        _renumber(s, list(pathway.stages))
        uow.audit("pathway.stage_removed", "pathway", pathway.id, stage=stage_id)


def reorder_stages(ctx: ServiceContext, pathway_id: int, stage_ids: Sequence[int]) -> None:
    """Put a pathway's stages in the given order (every stage exactly once)."""
    ctx.require(Permission.MANAGE_DIRECTORY)
    with ctx.write() as uow:
        s = uow.session
        pathway = load_pathway(s, pathway_id)
        by_id = {st.id: st for st in pathway.stages}
        if sorted(stage_ids) != sorted(by_id) or len(set(stage_ids)) != len(stage_ids):
            raise ValidationError({"stages": N_("List every stage of the pathway exactly once.")})
        _renumber(s, [by_id[i] for i in stage_ids])
        s.expire(pathway, ["stages"])
        uow.audit("pathway.stages_reordered", "pathway", pathway.id, order=list(stage_ids))


def get_pathway(ctx: ServiceContext, pathway_id: int) -> PathwayDetail:
    with ctx.read() as s:
        p = load_pathway(s, pathway_id)
        data = PathwayInput(p.name, p.country, p.subregion, p.description, p.active)
        return PathwayDetail(p.id, data, tuple(stage_row(st) for st in p.stages), p.row_version)


def list_pathways(
    ctx: ServiceContext,
    *,
    subregion: Subregion | None = None,
    country: str | None = None,
    include_inactive: bool = False,
) -> list[PathwayRow]:
    """Pathways for a picker: those of the country, of its subregion, or general ones."""
    conditions = []
    if not include_inactive:
        conditions.append(Pathway.active.is_(True))
    country = (country or "").strip().upper()
    if country:
        subregion = subregion or subregion_of(country)
        conditions.append(
            or_(
                Pathway.country == country,
                (Pathway.country == "")
                & or_(Pathway.subregion == subregion, Pathway.subregion.is_(None)),
            )
        )
    elif subregion is not None:
        conditions.append(or_(Pathway.subregion == subregion, Pathway.subregion.is_(None)))
    count = (
        select(func.count(PathwayStage.id))
        .where(PathwayStage.pathway_id == Pathway.id)
        .scalar_subquery()
    )
    with ctx.read() as s:
        stmt = (
            select(
                Pathway.id, Pathway.name, Pathway.subregion, Pathway.country, Pathway.active, count
            )
            .where(*conditions)
            .order_by(Pathway.name, Pathway.id)
        )
        return [PathwayRow(*r) for r in s.execute(stmt)]


def stage_of(ctx: ServiceContext, stage_id: int) -> StageRow:
    with ctx.read() as s:
        row = s.get(PathwayStage, stage_id)
        if row is None:
            raise NotFound()
        return stage_row(row)

"""The header of a case workspace: the pathway strip and what it is loaded from (with the open on
a vault, on the pool on an office server)."""

from __future__ import annotations

import html

from casework.i18n import _, direction_mark, isolate
from casework.services import case_open, cases, pathway_position, suggestions
from casework.services.cases import CaseDetail
from casework.services.context import ServiceContext
from casework.services.pathway_position import PathwayPosition
from casework.services.suggestions import StatusSuggestion


def stage_strip(position: PathwayPosition | None) -> str:
    """The pathway's stages as a breadcrumb, the current one highlighted (rich text)."""
    if position is None or not position.stages:
        return _("No pathway")
    parts = []
    for p in position.stages:
        name = isolate(html.escape(p.stage.name))
        if p.current:
            parts.append(
                f"<span style='background:#1d5fa8;color:white;padding:2px'>&nbsp;<b>{name}</b>"
                "&nbsp;</span>"
            )
        elif p.passed:
            parts.append(f"<span style='color:#555'>{name}</span>")
        else:
            parts.append(f"<span style='color:#888'>{name}</span>")
    # In Arabic the breadcrumb runs right to left (and Qt mirrors the arrows) even when the
    # stage names are in Latin script.
    return direction_mark() + " › ".join(parts)


def load_position(ctx: ServiceContext, case_id: int) -> PathwayPosition | None:
    return case_open.informative(lambda: pathway_position.pathway_position(ctx, case_id))


def load_suggestion(ctx: ServiceContext, case_id: int) -> StatusSuggestion | None:
    return case_open.informative(lambda: suggestions.next_status(ctx, case_id))


Header = tuple[PathwayPosition | None, StatusSuggestion | None]


def open_with_header(
    ctx: ServiceContext, case_id: int, *, with_header: bool
) -> tuple[CaseDetail, Header | None]:
    """Open the case (checked, and audited before anything of it is shown) and, with
    `with_header`, read its pathway strip and suggested status in the same transaction: on a
    vault that costs less than two more reads on the pool and a second layout and paint of the
    header when they arrive."""
    if not with_header:
        return cases.open_case(ctx, case_id), None
    opened = case_open.open_with_header(ctx, case_id)
    return opened.detail, (opened.position, opened.suggestion)

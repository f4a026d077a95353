"""Opening a case workspace: the case, checked and audited as `cases.open_case` does, with what
its header shows (the pathway strip and the suggested status) read in the same transaction.

One read instead of three (each its own transaction, loading and checking the case again) and no
second trip: on a vault the workspace shows its header complete from the start.
"""

from __future__ import annotations

import logging
from collections.abc import Callable
from dataclasses import dataclass
from typing import TypeVar

from sqlalchemy.orm import Session

from casework.model import Case
from casework.services import cases, pathway_position, suggestions
from casework.services.cases import CaseDetail
from casework.services.context import ServiceContext
from casework.services.pathway_position import PathwayPosition
from casework.services.suggestions import StatusSuggestion

log = logging.getLogger(__name__)
T = TypeVar("T")


@dataclass(frozen=True)
class OpenedCase:
    detail: CaseDetail
    position: PathwayPosition | None
    suggestion: StatusSuggestion | None


def informative(read: Callable[[], T]) -> T | None:
    """A header part is informative only: one that fails is logged and left out (None), and the
    case opens all the same (here, and when an office server's workspace loads it on the pool)."""
    try:
        return read()
    except Exception:  # noqa: BLE001 - the strip and the suggestion are conveniences only
        log.exception("a case header's part could not be read")
        return None


def open_with_header(ctx: ServiceContext, case_id: int) -> OpenedCase:
    """The case opened (permission-checked; the open audited before anything is returned),
    its pathway position and its suggested next status."""
    opened = read_with_header(ctx, case_id)
    cases.audit_open(ctx, case_id)
    return opened


def read_with_header(ctx: ServiceContext, case_id: int) -> OpenedCase:
    """`open_with_header` without its audit (`cases.read_for_open`): the caller audits the
    open with `cases.audit_open` and shows nothing of it until that has returned."""

    def header(s: Session, case: Case) -> tuple[PathwayPosition | None, StatusSuggestion | None]:
        return (
            informative(lambda: pathway_position.position_of(s, case)),
            informative(lambda: suggestions.suggestion_for(ctx, s, case)),
        )

    detail, (position, suggestion) = cases.read_for_open(ctx, case_id, header)
    return OpenedCase(detail, position, suggestion)

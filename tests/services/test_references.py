"""Case references past 9,999 in a year keep counting and sorting (a real vault)."""

from __future__ import annotations

import datetime as dt

from sqlalchemy import update

from casework.model import Case
from casework.model.enums import ClientCategory, CustodyStatus
from casework.services import case_list, cases
from casework.services.case_list import CaseQuery
from casework.services.cases import CaseInput
from casework.services.context import ServiceContext

DAY = dt.date(2026, 5, 4)


def _new(ctx: ServiceContext, country: str = "KE") -> str:
    case_id = cases.create_case(
        ctx, CaseInput("Client", ClientCategory.DISENGAGED, CustodyStatus.RELEASED, country)
    )
    return cases.get_case(ctx, case_id).reference


def test_references_go_past_9999_and_sort_as_numbers(office):
    sup = ServiceContext(office.supervisor.vault, office.supervisor.actor, today=lambda: DAY)
    first = _new(sup)
    with sup.vault.write() as s:  # as if 9,997 cases had been opened this year already
        s.execute(update(Case).where(Case.reference == first).values(reference="KE-2026-9998"))
    made = [_new(sup) for _ in range(3)]
    assert made == ["KE-2026-9999", "KE-2026-10000", "KE-2026-10001"]
    other = _new(sup, "ML")
    assert other == "ML-2026-0001"
    rows = case_list.list_cases(sup, CaseQuery(sort="reference", descending=False)).rows
    assert [r.reference for r in rows] == [
        "KE-2026-9998",
        "KE-2026-9999",
        "KE-2026-10000",
        "KE-2026-10001",
        "ML-2026-0001",
    ]
    down = case_list.list_cases(sup, CaseQuery(sort="reference", descending=True)).rows
    assert [r.reference for r in down][:3] == ["ML-2026-0001", "KE-2026-10001", "KE-2026-10000"]
    assert cases.case_reference(sup, "ke-2026-10001") is not None

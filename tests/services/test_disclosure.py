"""The attacker's script: subtraction and differencing against the published statistics recover
nothing; and the complementary suppression checked by brute force on random tables."""

from __future__ import annotations

import csv
import datetime as dt
import io
import itertools

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from casework.errors import ValidationError
from casework.model.enums import ClientCategory, CustodyStatus, Role, Subregion
from casework.services import cases, statistics
from casework.services.cases import CaseInput
from casework.services.context import ServiceContext
from casework.services.disclosure import (
    PTABLE,
    KeyMixer,
    Relation,
    period_cuts,
    protect,
    small_tables,
    snap_since,
)

# --- the cell suppression, by brute force ------------------------------------------------------


def _feasible_values(relation, values, primary, complement, cell, loose=frozenset()):  # noqa: ANN001, ANN202
    """Every value the attacker can find for `cell` from one relation: withheld small counts
    are 1..4 (0..4 in a table whose total is small), withheld complements 5 or more (tried up
    to a little above the largest count: fewer guesses only make the attacker stronger here),
    published members are known. The last withheld member follows from the others."""
    members = [relation.total, *relation.cells]
    hidden = [m for m in members if m in primary or m in complement]
    top = max(values.values()) + 5

    def allowed(m):  # noqa: ANN001, ANN202
        if m in loose:
            return range(0, 5)
        return range(1, 5) if m in primary else range(5, top + 1)

    known_cells = sum(values[c] for c in relation.cells if c not in hidden)
    *free, last = hidden
    found = set()
    for guess in itertools.product(*(allowed(m) for m in free)):
        v = dict(zip(free, guess, strict=True))
        total = v.get(relation.total, values[relation.total])
        cells = known_cells + sum(x for m, x in v.items() if m != relation.total)
        v[last] = cells if last == relation.total else total - cells
        if v[last] in allowed(last):
            found.add(v[cell])
    return found


@settings(max_examples=120, deadline=None)
@given(st.lists(st.integers(min_value=0, max_value=9), min_size=1, max_size=5))
def test_no_small_cell_of_a_table_can_be_worked_out(cells):
    values = {("cell", i): n for i, n in enumerate(cells)}
    values[("total",)] = sum(cells)
    relation = Relation(("total",), [("cell", i) for i in range(len(cells))])
    primary, complement = protect(values, [relation])
    loose = small_tables(values, [relation])
    assert primary == {k for k, v in values.items() if 0 < v < 5} | loose
    for cell in primary:
        if values[cell] > 0:
            found = _feasible_values(relation, values, primary, complement, cell, loose)
            assert values[cell] in found and len(found) >= 2


def test_a_two_way_table_with_row_totals_and_a_grand_total():
    rows = {"housing": [6, 1, 0], "education": [0, 0, 3], "health": [9, 2, 7]}
    values = {}
    relations = []
    for name, cells in rows.items():
        keys = [(name, i) for i in range(len(cells))]
        values.update(zip(keys, cells, strict=True))
        values[(name,)] = sum(cells)
        relations.append(Relation((name,), keys))
    values[("all",)] = sum(sum(c) for c in rows.values())
    relations.append(Relation(("all",), [(name,) for name in rows]))
    primary, complement = protect(values, relations)
    loose = small_tables(values, relations)
    for relation in relations:
        for cell in primary & {relation.total, *relation.cells}:
            found = _feasible_values(relation, values, primary, complement, cell, loose)
            assert values[cell] in found and len(found) >= 2


def test_the_cell_key_perturbation_is_zero_mean_and_small():
    assert len(PTABLE) == 256 and sum(PTABLE) == 0 and set(PTABLE) == {-2, -1, 0, 1, 2}
    mixer = KeyMixer.for_table(b"x" * 32, "cases")
    assert mixer.of([1, 2, 3]) == mixer.of([3, 2, 1])  # the same records: the same key
    assert KeyMixer.for_table(b"y" * 32, "cases") != mixer  # another vault: other keys


def test_periods_move_only_in_steps_of_five_people():
    m = dt.date
    openings = [
        (m(2026, 1, 1), 7),
        (m(2026, 2, 1), 1),  # one person: February cannot end a period
        (m(2026, 3, 1), 4),  # five new (1 + 4): March ends a period
        (m(2026, 4, 1), 3),  # three new: April waits
    ]
    cuts = period_cuts(openings)
    assert cuts == [m(2026, 1, 31), m(2026, 3, 31)]
    assert snap_since(m(2026, 3, 15), cuts) == m(2026, 2, 1)
    assert snap_since(m(2026, 4, 2), cuts) == m(2026, 4, 1)
    assert snap_since(m(2026, 1, 20), cuts) is None


# --- the attacker, against a real vault --------------------------------------------------------

ME_PASSWORD = "harbour tulip marches slowly"


def _table(text: str) -> dict[tuple[str, str, str], str]:
    return {(r[0], r[1], r[2]): r[3] for r in list(csv.reader(io.StringIO(text)))[1:]}


def _new_case(ctx, country, category, day):  # noqa: ANN001, ANN202
    at = ServiceContext(ctx.vault, ctx.actor, today=lambda: day)
    return cases.create_case(at, CaseInput("A client", category, CustodyStatus.RELEASED, country))


def _attack_by_subtraction(table: dict) -> list[str]:
    """Every (table, cell) whose value follows from its total minus the published cells."""
    totals = {"cases": ("cases", "", "total"), "referrals": ("referrals", "", "total")}
    totals["plans"] = ("plans", "", "total")
    groups: dict[str, list[tuple[str, str]]] = {}
    for (section, _group, item), value in table.items():
        if "_by_" in section and section != "goals_by_domain":
            groups.setdefault(section, []).append((item, value))
    recovered = []
    for section, cells in groups.items():
        total = table[totals[section.split("_by_")[0]]]
        hidden = [item for item, v in cells if not v.isdigit()]
        if len(hidden) == 1 and total.isdigit():
            recovered.append(f"{section}:{hidden[0]}")
    return recovered


def test_the_attacker_recovers_nothing(office):
    sup = office.supervisor
    me = office.add_user("mona", "Mona M&E", {Role.ME_OFFICER}, ME_PASSWORD)

    def export(day: dt.date, **filters: object) -> str:
        return statistics.export_csv(ServiceContext(me.vault, me.actor, lambda: day), **filters)

    january = dt.date(2026, 1, 12)
    for i in range(14):
        category = ClientCategory.RELEASED_OFFENDER if i < 12 else ClientCategory.FAMILY_MEMBER
        _new_case(sup, "KE", category, january)
    for _ in range(5):
        _new_case(sup, "ML", ClientCategory.DISENGAGED, january)

    # 1. Subtraction: no withheld cell is alone in its table, whatever the filter.
    for filters in ({}, {"country": "KE"}, {"country": "ML"}):
        published = _table(export(dt.date(2026, 2, 3), **filters))
        assert _attack_by_subtraction(published) == []
        assert published[("cases_by_category", "", "family_member")] in {"< 5", "0"}

    # 2. One day to the next, one new person: the exports are identical (whole months).
    before = export(dt.date(2026, 2, 3))
    loner = dt.date(2026, 2, 3)
    _new_case(sup, "ML", ClientCategory.RETURNEE_FTF, loner)
    assert export(dt.date(2026, 2, 4)) == before
    # 3. Next month, and the month after: the loner's month has fewer than 5 new people in
    # Mali, so the figures do not move on to include them alone.
    assert _table(export(dt.date(2026, 3, 2))) == _table(before)
    assert _table(export(dt.date(2026, 4, 20))) == _table(before)
    # 4. Shifting the period start by a day changes nothing either.
    whole = _table(export(dt.date(2026, 3, 2)))
    for since in (dt.date(2026, 1, 1), dt.date(2026, 1, 12), dt.date(2026, 1, 13)):
        assert _table(export(dt.date(2026, 3, 2), since=since)) == whole
    # 5. Asking many times gives the same figures: nothing to average.
    assert len({export(dt.date(2026, 2, 3)) for _ in range(3)}) == 1

    # When four more people arrive in Mali, the period moves on by five people at once: the
    # difference between the two exports is about at least five people.
    for _ in range(4):
        _new_case(sup, "ML", ClientCategory.DISENGAGED, dt.date(2026, 3, 10))
    after = _table(export(dt.date(2026, 4, 20)))
    assert after[("filter", "", "as_of")] == "2026-03-31"
    assert _attack_by_subtraction(after) == []
    old = _table(before)
    moved = {k for k in after if after[k] != old.get(k) and k[0] != "filter"}
    assert ("cases_by_country", "sahel_maghreb", "ML") in moved
    # The loner's category shows only as a small count among others, never as "1".
    assert after[("cases_by_category", "", "returnee_ftf")] == "< 5"


def test_an_area_beside_a_small_remainder_is_refused(office):
    sup = office.supervisor
    mona = office.add_user("mona", "Mona M&E", {Role.ME_OFFICER}, ME_PASSWORD)
    me = ServiceContext(mona.vault, mona.actor, lambda: dt.date(2026, 3, 2))
    january = dt.date(2026, 1, 12)
    for _ in range(6):
        _new_case(sup, "KE", ClientCategory.RELEASED_OFFENDER, january)
    _new_case(sup, "TZ", ClientCategory.RELEASED_OFFENDER, january)  # alone in Tanzania
    for _ in range(5):
        _new_case(sup, "ML", ClientCategory.DISENGAGED, january)
    # Kenya's figures minus the Greater Horn's would be the one Tanzanian: refused.
    with pytest.raises(ValidationError) as refused:
        statistics.export_csv(me, country="KE")
    assert "country" in refused.value.fields
    # The Greater Horn beside the rest (5 in Mali) is fine, and so is Mali.
    statistics.export_csv(me, subregion=Subregion.GREATER_HORN)
    statistics.export_csv(me, country="ML")

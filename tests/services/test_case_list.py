"""The case list's keyset paging: page after page by cursor gives exactly the sorted list, for
every sort and direction, with ties, filters, a search, and from the end."""

from __future__ import annotations

import pytest

from casework.model.enums import CaseAction, ClientCategory, CustodyStatus
from casework.services import case_list, cases
from casework.services.case_list import CaseQuery, CaseRow, cursor_of
from casework.services.cases import CaseInput

SORTS = ("reference", "alias", "status", "category", "country", "caseworker", "updated_at")


def _key(row: CaseRow, sort: str) -> tuple[object, int]:
    value, case_id = cursor_of(row, sort)
    return (getattr(value, "value", value), case_id)  # enums are stored (and sorted) by value


@pytest.fixture
def listed(office):  # noqa: ANN001, ANN201
    """22 cases with many ties: four aliases, three countries, two caseworkers, two states."""
    aliases = ["Awa Diallo", "Bakary Keita", "Awa Diallo", "Chidi Okafor"]
    countries = ["ML", "KE", "PH"]
    categories = [ClientCategory.RETURNEE_FTF, ClientCategory.RELEASED_OFFENDER]
    workers = {}
    for ctx in (office.caseworker, office.other_caseworker):
        workers[ctx.actor.user_id] = ctx
    worker_ids = list(workers)
    for i in range(22):
        case_id = cases.create_case(
            office.supervisor,
            CaseInput(
                alias=aliases[i % 4],
                category=categories[i % 2],
                custody_status=CustodyStatus.RETURNED,
                country=countries[i % 3],
                caseworker_id=worker_ids[i % 2],
            ),
        )
        if i % 4 == 1:
            cases.change_status(office.supervisor, case_id, CaseAction.ACTIVATE)
    return office


def _walk(ctx, query: CaseQuery, page: int = 4) -> list[CaseRow]:  # noqa: ANN001
    rows: list[CaseRow] = []
    q = CaseQuery(**{**query.__dict__, "limit": page})
    while True:
        got = case_list.list_cases(ctx, q).rows
        rows += got
        if len(got) < page:
            return rows
        q = CaseQuery(**{**q.__dict__, "after": cursor_of(got[-1], query.sort), "count": False})


@pytest.mark.parametrize("sort", SORTS)
@pytest.mark.parametrize("descending", [False, True])
def test_keyset_pages_give_the_sorted_list(listed, sort: str, descending: bool) -> None:  # noqa: ANN001
    ctx = listed.supervisor
    query = CaseQuery(sort=sort, descending=descending)
    everything = case_list.list_cases(ctx, CaseQuery(limit=1000)).rows
    expected = sorted(everything, key=lambda r: _key(r, sort), reverse=descending)
    walked = _walk(ctx, query)
    assert [r.id for r in walked] == [r.id for r in expected]
    last = case_list.list_cases(
        ctx, CaseQuery(sort=sort, descending=descending, from_end=True, limit=5)
    )
    assert [r.id for r in last.rows] == [r.id for r in expected[-5:]]


def test_keyset_pages_with_filters_and_visibility(listed) -> None:  # noqa: ANN001
    ctx = listed.supervisor
    query = CaseQuery(country="ML", sort="alias", descending=False)
    walked = _walk(ctx, query, page=2)
    assert walked and all(r.country == "ML" for r in walked)
    assert [r.id for r in walked] == [r.id for r in sorted(walked, key=lambda r: _key(r, "alias"))]
    assert len(walked) == case_list.list_cases(ctx, CaseQuery(country="ML")).total
    # A caseworker pages through their own cases only.
    own = _walk(listed.caseworker, CaseQuery(sort="caseworker"), page=3)
    assert len(own) == 11
    assert {r.caseworker_name for r in own} == {"Carl Caseworker"}


def test_a_broad_search_walks_the_sort_index_with_the_same_result(listed, monkeypatch) -> None:  # noqa: ANN001
    ctx = listed.supervisor
    narrow = _walk(ctx, CaseQuery(text="awa", sort="alias"))
    # Past the cap a search is answered by walking the sort column's index instead.
    monkeypatch.setattr(case_list, "COUNT_CAP", 3)
    broad = _walk(ctx, CaseQuery(text="awa", sort="alias"))
    assert [r.id for r in broad] == [r.id for r in narrow]
    assert len(broad) == 11 and all(r.alias == "Awa Diallo" for r in broad)
    page = case_list.list_cases(ctx, CaseQuery(text="awa"))
    assert (page.total, page.total_is_lower_bound) == (3, True)  # "3+ cases"


def test_a_search_gives_its_count_and_page_from_one_search(listed, backend: str) -> None:  # noqa: ANN001
    """On a server the search function runs once per list: the count and the page together
    (case_list_server.py), and they agree with the whole list, also past its end."""
    from sqlalchemy import Engine, event

    ctx = listed.caseworker
    searches: list[str] = []

    def seen(conn, cursor, statement, *args) -> None:  # noqa: ANN001
        if "casework_case_search" in statement:
            searches.append(statement)

    event.listen(Engine, "before_cursor_execute", seen)
    try:
        page = case_list.list_cases(ctx, CaseQuery(text="awa", limit=3))
        calls = len(searches)
        everything = case_list.list_cases(ctx, CaseQuery(text="awa", limit=100))
        past_end = case_list.list_cases(ctx, CaseQuery(text="awa", offset=50, limit=3))
    finally:
        event.remove(Engine, "before_cursor_execute", seen)
    # The caseworker's own cases (every other one of 22) are those named Awa Diallo.
    assert page.total == everything.total == past_end.total == len(everything.rows) == 11
    assert page.rows == everything.rows[:3] and past_end.rows == []
    assert {row.alias for row in everything.rows} == {"Awa Diallo"}
    if backend == "server":
        assert calls == 1


@pytest.mark.parametrize("sort", ["status", "category", "country"])
@pytest.mark.parametrize("lang", ["en", "fr", "ar"])
def test_label_sorts_read_in_the_users_language(listed, sort: str, lang: str) -> None:  # noqa: ANN001
    """Status, category and country sort as the list shows them ("Chad" before "Kenya",
    "Ouganda" before "Philippines"), not by their stored values, page after page, with and
    without a search (on a server the search's own page)."""
    from casework.i18n import country_name, reading_key, set_language
    from casework.model.labels import label

    for country in ("TD", "UG"):
        cases.create_case(
            listed.supervisor,
            CaseInput("Awa Traore", ClientCategory.FAMILY_MEMBER, CustodyStatus.RETURNED, country),
        )
    set_language(lang)

    def shown(row: CaseRow) -> str:
        value = getattr(row, sort)
        return reading_key(country_name(value) if sort == "country" else label(value))

    ctx = listed.supervisor
    for text, n in (("", 24), ("awa", 13)):
        for descending in (False, True):
            walked = _walk(ctx, CaseQuery(text=text, sort=sort, descending=descending), page=3)
            expected = sorted(walked, key=lambda r: (shown(r), r.id), reverse=descending)
            assert [r.id for r in walked] == [r.id for r in expected]
            assert len(walked) == n
            if sort == "country":
                stored = sorted(walked, key=lambda r: (r.country, r.id), reverse=descending)
                assert [r.id for r in walked] != [r.id for r in stored]


def test_a_country_no_form_offers_still_lists_sorted_last(listed) -> None:  # noqa: ANN001
    """No form enters a country outside the subregions, but a case holding one (an older
    record, an edited file) is listed after every named one, not dropped."""
    from sqlalchemy import text

    ctx = listed.supervisor
    first = case_list.list_cases(ctx, CaseQuery(sort="country", descending=False, limit=1)).rows
    with ctx.write() as uow:
        uow.session.execute(
            text("UPDATE cases SET country = 'FR' WHERE id = :i"), {"i": first[0].id}
        )
    walked = _walk(ctx, CaseQuery(sort="country", descending=False), page=5)
    assert len(walked) == 22 and walked[-1].id == first[0].id
    back = _walk(ctx, CaseQuery(sort="country", descending=True), page=5)
    assert [r.id for r in back] == [r.id for r in reversed(walked)]

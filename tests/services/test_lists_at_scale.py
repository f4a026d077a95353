"""Issue 13's list paths give the same answers as the plain ones: keyset paging through the sort
indexes (reference order on its expression index), walks that check each row instead of sorting
every match, the names-and-places search for short prefixes, capped counts, and the referral
inbox sorted by case or organisation. Each path is forced on a small bulk workshop vault by
lowering its threshold, and compared with the plain answer."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterator
from dataclasses import replace

import pytest

from casework.model.enums import CaseStatus, ClientCategory, CustodyStatus
from casework.services import case_list, cases, referral_list
from casework.services.case_list import CaseQuery, cursor_of
from casework.services.cases import CaseInput, reference_key
from casework.services.context import ServiceContext
from casework.services.referral_list import ReferralQuery
from casework.store.search import prefixes_match
from casework.store.vault import Vault
from casework.workshop import ACCOUNTS, generate

PASSWORDS = {a.name: a.password for a in ACCOUNTS}
SORTS = ("reference", "alias", "status", "category", "country", "caseworker", "updated_at")


@pytest.fixture(scope="module")
def ctx(tmp_path_factory: pytest.TempPathFactory) -> Iterator[ServiceContext]:
    folder = tmp_path_factory.mktemp("scale") / "vault"
    generate(
        folder,
        cases=160,
        seed=3,
        bulk=True,
        snapshot=False,
        language="en",
        today=dt.date(2026, 11, 20),
    )
    vault = Vault.open(folder, "supervisor", PASSWORDS["supervisor"], verify_pages=False)
    context = ServiceContext.for_vault(vault)
    # Ties and numbers past 9999 in the reference order, and an accented name.
    for alias, country in (("Émile Okello", "UG"), ("Zoë Adam", "TD")):
        cases.create_case(
            context, CaseInput(alias, ClientCategory.RETURNEE_FTF, CustodyStatus.RETURNED, country)
        )
    try:
        yield context
    finally:
        vault.close()


def _all(ctx: ServiceContext, query: CaseQuery) -> list[int]:
    return [r.id for r in case_list.list_cases(ctx, replace(query, limit=1000)).rows]


def _paged(ctx: ServiceContext, query: CaseQuery, size: int = 7) -> list[int]:
    """Every page by keyset, as the list model scrolls."""
    out: list[int] = []
    page = case_list.list_cases(ctx, replace(query, limit=size))
    while page.rows:
        out += [r.id for r in page.rows]
        after = cursor_of(page.rows[-1], query.sort)
        page = case_list.list_cases(ctx, replace(query, limit=size, after=after, count=False))
    return out


@pytest.mark.parametrize("sort", SORTS)
@pytest.mark.parametrize("descending", [False, True])
def test_keyset_pages_walked_match_the_sorted_list(ctx, monkeypatch, sort, descending):  # noqa: ANN001
    filters = (
        CaseQuery(),
        CaseQuery(status=CaseStatus.ACTIVE),
        CaseQuery(country="KE", category=ClientCategory.RETURNEE_FTF),
        CaseQuery(overdue_only=True),
    )
    for base in filters:
        query = replace(base, sort=sort, descending=descending)
        expected = _all(ctx, query)  # few matches: found through the filter, then sorted
        assert len(expected) == len(set(expected))
        monkeypatch.setattr(case_list, "WALK_THRESHOLD", 0)  # walk the sort index instead
        assert _paged(ctx, query) == expected
        last = case_list.list_cases(ctx, replace(query, limit=5, from_end=True))
        assert [r.id for r in last.rows] == expected[-5:]
        monkeypatch.undo()


def test_reference_order_puts_9999_before_10000(ctx):  # noqa: ANN001
    rows = case_list.list_cases(ctx, CaseQuery(sort="reference", descending=False, limit=1000))
    keys = [reference_key(r.reference) for r in rows.rows]
    assert keys == sorted(keys)
    assert reference_key("KE-2026-9999") < reference_key("KE-2026-10000")


def _aliases(ctx: ServiceContext, text: str) -> set[str]:
    return {r.alias for r in case_list.list_cases(ctx, CaseQuery(text=text, limit=1000)).rows}


def test_short_prefixes_search_names_and_places_with_accents_folded(ctx, monkeypatch):  # noqa: ANN001
    assert "Émile Okello" in _aliases(ctx, "e")
    assert "Émile Okello" in _aliases(ctx, "ém")
    assert "Zoë Adam" in _aliases(ctx, "zoe")
    for word in ("e", "Ok", "zo", "ke", "a ok", "gul"):  # "gul": Gulu, a place, three letters
        plain = _aliases(ctx, word)
        # The walk that checks each case's names and places must find the same cases.
        monkeypatch.setattr(case_list, "WALK_THRESHOLD", 0)
        monkeypatch.setattr(case_list, "DENSE_FACTOR", 0)
        walked = {r.alias for r in case_list.list_cases(ctx, CaseQuery(text=word, limit=1000)).rows}
        monkeypatch.undo()
        assert walked == plain, word
    # Up to three letters, notes are not searched; from four letters on they are.
    assert _aliases(ctx, "lit") == set()
    assert _aliases(ctx, "literacy")


def test_prefix_function_folds_like_the_index():
    assert prefixes_match("e", "Émile K.") == 1
    assert prefixes_match("emil", "Émile K.", None) == 1
    assert prefixes_match("k", "Émile K.") == 1
    assert prefixes_match("mile", "Émile K.") == 0  # a word's beginning, not any part of it
    assert prefixes_match("em ke", "Émile", "KE-2026-0001") == 1
    assert prefixes_match("em zz", "Émile", "KE-2026-0001") == 0


def test_counts_are_capped_and_said_to_be_more(ctx, monkeypatch):  # noqa: ANN001
    monkeypatch.setattr(case_list, "COUNT_CAP", 5)
    page = case_list.list_cases(ctx, CaseQuery(limit=3))
    assert (page.total, page.total_is_lower_bound, len(page.rows)) == (5, True, 3)
    few = case_list.list_cases(ctx, CaseQuery(text="Émile"))
    assert (few.total, few.total_is_lower_bound) == (1, False)


@pytest.mark.parametrize("sort", ["case", "organisation", "due_on", "state", "service"])
@pytest.mark.parametrize("descending", [False, True])
def test_referral_sorts_walked_match_the_sorted_list(ctx, monkeypatch, sort, descending):  # noqa: ANN001
    for base in (ReferralQuery(), ReferralQuery(open_only=True), ReferralQuery(overdue_only=True)):
        query = replace(base, sort=sort, descending=descending, limit=1000)
        expected = [r.id for r in referral_list.list_referrals(ctx, query).rows]
        assert expected
        monkeypatch.setattr(referral_list, "REFERRAL_WALK_THRESHOLD", 0)
        monkeypatch.setattr(referral_list, "CASE_BATCH", 9)  # several steps of the case walk
        walked = [r.id for r in referral_list.list_referrals(ctx, query).rows]
        pages = []
        for offset in range(0, len(expected), 11):
            page = replace(query, offset=offset, limit=11)
            pages += [r.id for r in referral_list.list_referrals(ctx, page).rows]
        monkeypatch.undo()
        assert walked == expected
        assert pages == expected

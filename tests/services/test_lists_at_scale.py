"""Issue 13's list paths give the same answers as the plain ones: keyset paging through the sort
indexes (reference order on its expression index), walks that check each row instead of sorting
every match, the names-and-places search for short prefixes, capped counts, and the referral
inbox sorted by case, organisation, state or service. Each path is forced on a small bulk
workshop vault by lowering its threshold, and compared with the plain answer."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterator
from dataclasses import replace

import pytest

from casework.model.enums import CaseStatus, ClientCategory, CustodyStatus
from casework.services import case_list, case_list_search, cases, referral_list
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
        monkeypatch.setattr(case_list_search, "DENSE_FACTOR", 0)
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


@pytest.mark.parametrize("lang", ["en", "fr"])
@pytest.mark.parametrize("walk", [False, True])
def test_referral_states_and_services_sort_as_their_labels_read(ctx, monkeypatch, lang, walk):  # noqa: ANN001
    from casework.i18n import reading_key, set_language
    from casework.model.labels import label

    set_language(lang)
    if walk:
        monkeypatch.setattr(referral_list, "REFERRAL_WALK_THRESHOLD", 0)
    for sort, value in (("state", "state"), ("service", "service_type")):
        for descending in (False, True):
            query = ReferralQuery(sort=sort, descending=descending, limit=1000)
            rows = referral_list.list_referrals(ctx, query).rows
            shown = [reading_key(label(getattr(r, value))) for r in rows]
            assert len(set(shown)) > 2, sort
            assert shown == sorted(shown, reverse=descending), (sort, descending)


def _note_words(ctx: ServiceContext) -> list[str]:
    """Words of the vault's own notes (four letters and more): common ones and rare ones."""
    from collections import Counter

    from sqlalchemy import select

    from casework.model import Note

    with ctx.read() as s:
        bodies = s.scalars(select(Note.body)).all()
    counts = Counter(w.lower() for b in bodies for w in b.split() if w.isalpha() and len(w) >= 4)
    ranked = [w for w, _n in counts.most_common()]
    return ranked[:3] + ranked[len(ranked) // 2 : len(ranked) // 2 + 2] + ranked[-2:]


def test_notes_words_walked_case_by_case_find_the_same_cases(ctx, monkeypatch):  # noqa: ANN001
    words = _note_words(ctx)
    assert len(words) == 7
    for text in (*words, words[0][:4], f"{words[0]} {words[1]}", f"a {words[0][:5]}", "emil"):
        query = CaseQuery(text=text, limit=1000)
        plain = _all(ctx, query)  # the matches collected from the search table, then sorted
        # Each walked case's texts (notes read from its search-table row) checked one by one.
        monkeypatch.setattr(case_list, "WALK_THRESHOLD", 0)
        monkeypatch.setattr(case_list_search, "DENSE_FACTOR", 0)
        assert _paged(ctx, replace(query, sort="alias")) == _all(ctx, replace(query, sort="alias"))
        walked = _all(ctx, query)
        monkeypatch.undo()
        assert walked == plain, text
    assert _all(ctx, CaseQuery(text=words[0]))  # the common word is found at all


def test_match_estimates_count_exactly_up_to_the_cap(ctx):  # noqa: ANN001
    from casework.store.search import (
        case_ids_select,
        count_ids,
        estimate_matches,
        whole_words_select,
    )

    word = _note_words(ctx)[0]
    with ctx.read() as s:
        for text in ("a", "ok", word, word[:4]):
            ids = case_ids_select(s, text, include_restricted=True)
            every = count_ids(s, ids)
            assert every > 3, text
            assert estimate_matches(s, ids, every + 5) == (every, float(every))
            found, estimate = estimate_matches(s, ids, 3)
            assert found == 4
            assert 4 <= estimate <= 200 * every  # from the 4th match's rowid: rough but bounded
        # Whole words: a subset of the prefix search, and none below four letters.
        whole = whole_words_select(s, word, include_restricted=True)
        prefix = case_ids_select(s, word, include_restricted=True)
        assert set(s.scalars(whole)) <= set(s.scalars(prefix))
        assert whole_words_select(s, "ab", include_restricted=True) is None
        assert whole_words_select(s, f"ab {word}", include_restricted=True) is None


def test_search_counts_are_capped_the_same_on_every_path(ctx, monkeypatch):  # noqa: ANN001
    word = _note_words(ctx)[0]
    for text in ("a", word):
        every = len(_all(ctx, CaseQuery(text=text)))
        assert every > 4
        monkeypatch.setattr(case_list, "COUNT_CAP", 4)
        for threshold in (10_000, 0):  # matches sorted, or the sort index walked
            monkeypatch.setattr(case_list, "WALK_THRESHOLD", threshold)
            page = case_list.list_cases(ctx, CaseQuery(text=text, limit=2))
            assert (page.total, page.total_is_lower_bound, len(page.rows)) == (4, True, 2)
            filtered = CaseQuery(text=text, status=CaseStatus.ACTIVE, limit=1000)
            expected = len(_all(ctx, filtered))
            # Counted from the search's first matches, or (too few there) from all of them.
            for budget in (8_000, 3):
                monkeypatch.setattr(case_list_search, "SEARCH_DRIVEN_BUDGET", budget)
                page = case_list.list_cases(ctx, filtered)
                assert (page.total, page.total_is_lower_bound) == (min(expected, 4), expected > 4)
        monkeypatch.undo()


def test_folded_names_are_forgotten_when_the_vault_closes(new_vault):  # noqa: ANN001
    from casework.store import search

    vault = new_vault[0]
    assert search.prefixes_match("zo", "Zoë Adam") == 1  # folded once, kept for the next case
    assert search._fold_short.cache_info().currsize > 0
    vault.close()
    assert search._fold_short.cache_info().currsize == 0

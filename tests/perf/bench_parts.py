"""Service-level measures of the benchmark (bench.py): search, lists, plan, encryption ratio."""

from __future__ import annotations

import random
import statistics
import time
from collections.abc import Callable
from pathlib import Path

import sqlcipher3

from casework.model.enums import CaseStatus, ClientCategory, GoalTerm, LifeDomain
from casework.services import case_list, cases, plans, referrals
from casework.services.case_list import CaseQuery
from casework.services.context import ServiceContext
from casework.services.referrals import ReferralQuery
from casework.store.engine import (
    DB_FILE,
    PRAGMAS,
    key_text,
    register_functions,
    share_heap_budget,
    tune_cache,
    wipe,
)
from casework.store.vault import Vault

PREFIX_LENGTHS = (1, 2, 3, 5)
PER_LENGTH = 20
SORTS = ("reference", "alias", "status", "category", "country", "caseworker", "updated_at")
REFERRAL_VIEWS = {
    "open": {"open_only": True},
    "overdue": {"overdue_only": True},
    "all": {},
    "incoming": {"direction": "incoming"},
}


def ms(seconds: float) -> float:
    return round(seconds * 1000, 1)


def timed(fn: Callable[[], object]) -> float:
    start = time.perf_counter()
    fn()
    return time.perf_counter() - start


def p95(values: list[float]) -> float:
    ordered = sorted(values)
    return ordered[max(0, int(round(len(ordered) * 0.95)) - 1)]


def prefixes(ctx: ServiceContext) -> dict[int, list[str]]:
    """Prefixes of aliases that exist, as typed: up to PER_LENGTH different ones of each length.

    The aliases are read by id, spread over the whole vault: the first and last thousand by
    alias (as before) share a handful of first names, and gave three prefixes of each length,
    "A" twice among them, so a length's p95 was the slowest of nine calls."""
    from sqlalchemy import func, select

    from casework.model import Case

    rng = random.Random(7)
    with ctx.read() as s:
        top = int(s.scalar(select(func.max(Case.id))) or 0)
        ids = list(range(1, top + 1, max(1, top // 400)))
        aliases = s.scalars(select(Case.alias).where(Case.id.in_(ids))).all()
    words = sorted({w for a in aliases for w in a.split() if len(w) >= 5 and w.isalpha()})
    out = {}
    for n in PREFIX_LENGTHS:
        typed = sorted({w[:n] for w in words})
        out[n] = rng.sample(typed, min(PER_LENGTH, len(typed)))
    return out


def cases_in_vault(ctx: ServiceContext) -> int:
    from sqlalchemy import func, select

    from casework.model import Case

    with ctx.read() as s:
        return int(s.scalar(select(func.count(Case.id))) or 0)


def notes_words() -> list[str]:
    """Words of the workshop's note texts that are no part of any name."""
    from casework.workshop import content

    text = " ".join(str(m) for kind in content.NOTES.values() for m in kind)
    words = sorted({w.strip(".,;:()").lower() for w in text.split()})
    words = [w for w in words if len(w) >= 7 and w.isalpha()]
    return random.Random(3).sample(words, 5)


def search_measures(
    ctx: ServiceContext, typed: dict[int, list[str]], notes: list[str], runs: int
) -> dict[str, object]:
    out: dict[str, object] = {}
    everything, cpu_all = [], []
    by_length = {}
    for n, words in typed.items():
        times, cpu = [], []
        for _ in range(runs):
            for w in words:
                started = time.thread_time()
                times.append(timed(lambda t=w: case_list.list_cases(ctx, CaseQuery(text=t))))
                cpu.append(time.thread_time() - started)
        everything += times
        cpu_all += cpu
        by_length[f"{n}_letters_p50_ms"] = ms(statistics.median(times))
        by_length[f"{n}_letters_p95_ms"] = ms(p95(times))
        by_length[f"{n}_letters_p95_cpu_ms"] = ms(p95(cpu))
    out["search_by_prefix"] = by_length
    out["search_p50_ms"] = ms(statistics.median(everything))
    out["search_p95_ms"] = ms(p95(everything))
    # The benchmark thread's own CPU time: what the same calls cost without the other jobs
    # that share this machine (the wall-clock figures above include waiting for a core).
    out["search_p95_cpu_ms"] = ms(p95(cpu_all))
    words = {}
    for w in notes:
        q = CaseQuery(text=w)
        words[w] = _median_ms(lambda q=q: case_list.list_cases(ctx, q), runs, f"notes.{w}")
    out["notes_word_ms"] = words
    out["notes_word_max_ms"] = max(words.values())
    out["notes_word_max_cpu_ms"] = _cpu_max("notes.")
    return out


# The CPU time (this thread's) of every call measured by _median_ms, by figure name: under load
# the wall-clock figures include waiting for a core; these do not.
CPU_MS: dict[str, float] = {}


def _median_ms(fn: Callable[[], object], runs: int, name: str = "") -> float:
    walls, cpus = [], []
    for _ in range(runs):
        started = time.thread_time()
        walls.append(timed(fn))
        cpus.append(time.thread_time() - started)
    if name:
        CPU_MS[name] = ms(statistics.median(cpus))
    return ms(statistics.median(walls))


def _cpu_max(prefix: str) -> float:
    return max((v for k, v in CPU_MS.items() if k.startswith(prefix)), default=0.0)


def list_measures(ctx: ServiceContext, runs: int) -> dict[str, object]:
    out: dict[str, object] = {}
    sorts, last = {}, {}
    for key in SORTS:
        for desc in (False, True):
            name = f"{key}_{'desc' if desc else 'asc'}"
            q = CaseQuery(sort=key, descending=desc)
            sorts[name] = _median_ms(lambda q=q: case_list.list_cases(ctx, q), runs, f"sort.{name}")
            end = CaseQuery(sort=key, descending=desc, from_end=True)
            last[name] = _median_ms(
                lambda q=end: case_list.list_cases(ctx, q), runs, f"last.{name}"
            )
    # The next page by keyset, deep in the list (what scrolling asks for).
    deep = case_list.list_cases(ctx, CaseQuery(sort="alias", descending=False, from_end=True))
    after = case_list.cursor_of(deep.rows[0], "alias")
    q = CaseQuery(sort="alias", descending=True, after=after)
    sorts["alias_next_page_at_end"] = _median_ms(
        lambda: case_list.list_cases(ctx, q), runs, "sort.alias_next_page_at_end"
    )
    out["sort_ms"] = sorts
    out["sort_max_ms"] = max(sorts.values())
    out["sort_max_cpu_ms"] = _cpu_max("sort.")
    out["last_page_ms"] = last
    out["last_page_max_ms"] = max(last.values())
    out["last_page_max_cpu_ms"] = _cpu_max("last.")
    someone = case_list.list_cases(ctx, CaseQuery(limit=1)).rows[0]
    worker_id = _caseworker_of(ctx, someone.id)
    filters = {
        "status": CaseQuery(status=CaseStatus.ACTIVE),
        "category": CaseQuery(category=ClientCategory.RETURNEE_FTF),
        "country": CaseQuery(country=someone.country),
        "caseworker": CaseQuery(caseworker_id=worker_id),
        "overdue": CaseQuery(overdue_only=True),
        "status_and_country_by_alias": CaseQuery(
            status=CaseStatus.CLOSED, country=someone.country, sort="alias"
        ),
        "search_and_status": CaseQuery(text="a", status=CaseStatus.ACTIVE),
    }
    found = {
        k: _median_ms(lambda q=q: case_list.list_cases(ctx, q), runs, f"filter.{k}")
        for k, q in filters.items()
    }
    out["filter_ms"] = found
    out["filter_max_ms"] = max(found.values())
    out["filter_max_cpu_ms"] = _cpu_max("filter.")
    ref = {}
    for view, changes in REFERRAL_VIEWS.items():
        rq = ReferralQuery(**changes)
        ref[view] = _median_ms(lambda q=rq: referrals.list_referrals(ctx, q), runs, f"ref.{view}")
    for sort in ("case", "state", "due_on", "organisation", "service", "sent_at"):
        rq = ReferralQuery(sort=sort)
        ref[f"all_by_{sort}"] = _median_ms(
            lambda q=rq: referrals.list_referrals(ctx, q), runs, f"ref.by_{sort}"
        )
    out["referral_list_ms"] = ref
    out["referral_list_max_ms"] = max(ref.values())
    out["referral_list_max_cpu_ms"] = _cpu_max("ref.")
    return out


def _caseworker_of(ctx: ServiceContext, case_id: int) -> int | None:
    from casework.model import Case

    with ctx.read() as s:
        return s.get(Case, case_id).caseworker_id


def twenty_goal_case(ctx: ServiceContext) -> int:
    from casework.errors import TransitionRefused

    # The first case (by reference) that has a 20-goal plan, or can take a new version: one
    # whose plan is being prepared (a draft the generator made) refuses a new version.
    plan_id = case_id = 0
    for row in case_list.list_cases(ctx, CaseQuery(limit=200, sort="reference")).rows:
        existing = plans.plan_versions(ctx, row.id)
        if existing and existing[0].goal_count >= 20:
            return row.id
        try:
            plan_id = plans.new_version(ctx, row.id) if existing else plans.create_plan(ctx, row.id)
        except TransitionRefused:
            continue
        case_id = row.id
        break
    domains = list(LifeDomain)
    for i in range(20 - len(plans.get_plan(ctx, plan_id).goals)):
        goal = plans.add_goal(
            ctx,
            plan_id,
            plans.GoalInput(
                domains[i % len(domains)],
                f"Goal {i + 1}: " + "steady work " * 12,
                need="A need described in a sentence or two. " * 2,
                term=GoalTerm.SHORT,
            ),
        )
        for j in range(2):
            plans.add_action(ctx, goal, plans.ActionInput(f"Action {j + 1} " + "step " * 10))
    return case_id


def encryption_workload(ctx: ServiceContext, typed: dict[int, list[str]]) -> float:
    """The same reads on either vault: list pages, searches, sorts, referral lists, case reads."""
    start = time.perf_counter()
    for words in typed.values():
        for w in words:
            case_list.list_cases(ctx, CaseQuery(text=w))
    for key in SORTS:
        case_list.list_cases(ctx, CaseQuery(sort=key))
    for changes in REFERRAL_VIEWS.values():
        referrals.list_referrals(ctx, ReferralQuery(**changes))
    for row in case_list.list_cases(ctx, CaseQuery(limit=20, sort="alias")).rows:
        cases.get_case(ctx, row.id)
    return time.perf_counter() - start


class PlainVault(Vault):
    """The same vault class over an unencrypted copy (for the encryption ratio only)."""

    def _connect(self) -> sqlcipher3.Connection:
        conn = sqlcipher3.connect(str(self.folder / DB_FILE), check_same_thread=False)
        conn.execute("PRAGMA journal_mode = WAL").fetchone()
        conn.execute("PRAGMA synchronous = FULL")
        for pragma in PRAGMAS:
            conn.execute(pragma)
        share_heap_budget(conn)
        tune_cache(conn)
        register_functions(conn)
        return conn


def plaintext_copy(vault: Vault, target: Path) -> PlainVault:
    target.mkdir(parents=True)
    conn = sqlcipher3.connect(str(vault.folder / DB_FILE))
    secret = key_text(bytes.fromhex(vault.raw_key_hex()))
    try:
        conn.execute(f'PRAGMA key = "{secret.decode()}"')
        conn.execute(f"PRAGMA cipher_hmac_algorithm = {vault.page_hmac()}")
        conn.execute(f"ATTACH DATABASE '{target / DB_FILE}' AS plain KEY ''")
        conn.execute("SELECT sqlcipher_export('plain')")
        conn.execute("DETACH DATABASE plain")
    finally:
        wipe(secret)
        conn.close()
    plain = PlainVault(target, b"\0" * 32, vault.slots, vault.policy)
    plain.opened_by, plain.opened_by_id = vault.opened_by, vault.opened_by_id
    return plain

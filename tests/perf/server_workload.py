"""The daily workload of tests/perf/bench_server.py: filling a server or vault with cases, one
simulated caseworker's calls (with a person's pauses), and the summary of their timings."""

from __future__ import annotations

import datetime as dt
import random
import statistics
import time
from collections.abc import Callable, Iterator
from typing import Any

from sqlalchemy import insert, text

from casework.model import Case, Consent
from casework.model.enums import (
    ClientCategory,
    ConsentMethod,
    ConsentPurpose,
    CustodyStatus,
    InfoScope,
    NoteKind,
    ServiceType,
    Subregion,
)
from casework.services import case_list, cases, notes, referrals
from casework.services.context import ServiceContext

PASSWORD = "seven blue camels at dusk"
NAMES = [
    "Abdi",
    "Amina",
    "Bashir",
    "Chebet",
    "Dalmar",
    "Dahir",
    "Fatuma",
    "Farah",
    "Hassan",
    "Halima",
    "Ibrahim",
    "Idil",
    "Jamal",
    "Kamau",
    "Khadija",
    "Leila",
    "Mohamed",
    "Mariam",
    "Nasra",
    "Njeri",
    "Omar",
    "Otieno",
    "Rahma",
    "Said",
    "Salma",
    "Tariq",
    "Wanjiru",
    "Yusuf",
    "Zainab",
    "Zawadi",
    "Aïcha",
    "Moussa",
    "Ousmane",
    "Fanta",
    "Boubacar",
    "Mariama",
    "Souleymane",
    "Kadiatou",
    "Idrissa",
    "Awa",
]
CALLS = ("open_case", "add_note", "search", "create_referral", "send_referral", "list_inbox")


# --- filling, as the owner ------------------------------------------------------------------


def _case_rows(count: int, caseworkers: list[int], rng: random.Random) -> Iterator[dict]:
    today = dt.date.today()
    now = dt.datetime.now(dt.UTC)
    for i in range(count):
        alias = f"{rng.choice(NAMES)} {rng.choice(NAMES)[0]}."
        yield {
            "reference": f"KE-{today.year - 1}-{i + 1:06d}",
            "alias": alias,
            "other_aliases": rng.choice(NAMES),
            "category": ClientCategory.RETURNEE_FTF,
            "custody_status": CustodyStatus.RETURNED,
            "subregion": Subregion.GREATER_HORN,
            "country": "KE",
            "caseworker_id": caseworkers[i % len(caseworkers)],
            "opened_on": today - dt.timedelta(days=i % 900),
            "created_at": now - dt.timedelta(minutes=i),
            "updated_at": now - dt.timedelta(minutes=i),
        }


def fill(
    session_write: Callable[[], Any], count: int, caseworkers: list[int], server: bool
) -> None:
    """N cases and one general sharing consent each, in chunks of 5,000 multi-row INSERTs."""
    rng = random.Random(9)
    chunk: list[dict] = []
    scope = [k.value for k in InfoScope]

    def flush() -> None:
        with session_write() as s:
            ids = s.scalars(
                insert(Case).returning(Case.id, sort_by_parameter_order=True), chunk
            ).all()
            s.execute(
                insert(Consent),
                [
                    {
                        "case_id": cid,
                        "purpose": ConsentPurpose.INFORMATION_SHARING,
                        "scope": scope,
                        "given_on": dt.date(2025, 1, 1),
                        "method": ConsentMethod.SIGNED_FORM,
                        "recorded_by_id": row["caseworker_id"],
                    }
                    for cid, row in zip(ids, chunk, strict=True)
                ],
            )
        chunk.clear()

    if server:
        with session_write() as s:
            s.execute(text("ALTER TABLE cases DISABLE TRIGGER case_search_ai"))
    for row in _case_rows(count, caseworkers, rng):
        chunk.append(row)
        if len(chunk) == 5000:
            flush()
            print(f"  {row['reference']}", end="\r", flush=True)
    if chunk:
        flush()
    if server:
        with session_write() as s:
            s.execute(text("ALTER TABLE cases ENABLE TRIGGER case_search_ai"))
            s.execute(
                text(
                    # As case_search_refresh (store/postgres.py): names A, legal name B,
                    # places C; no notes yet.
                    "INSERT INTO case_search (case_id, caseworker_id, doc) SELECT c.id, "
                    "c.caseworker_id, "
                    "setweight(to_tsvector('simple', casework_fold(c.reference || ' ' || c.alias"
                    " || ' ' || c.other_aliases)), 'A') || setweight(to_tsvector('simple', "
                    "casework_fold(c.legal_name)), 'B') || setweight(to_tsvector('simple', "
                    "casework_fold(c.locality || ' ' || c.country || ' ' || coalesce(p.names, "
                    "''))), 'C') FROM cases c LEFT JOIN search_country_names p "
                    "ON p.code = c.country "
                    "ON CONFLICT (case_id) DO NOTHING"
                )
            )
        with session_write() as s:
            s.connection().exec_driver_sql("ANALYZE")
    print()


# --- the workload -------------------------------------------------------------------------------


def search_call(ctx: ServiceContext) -> Callable[[str], Any]:
    """The case list's search, as the app's search box calls it (newest 50)."""

    def listed(prefix: str) -> Any:
        return case_list.list_cases(ctx, case_list.CaseQuery(text=prefix, limit=50))

    return listed


THINK_CAP = 5  # a pause is at most 5 times the mean (a person who left their desk is not timed)


def think_time(rng: random.Random, mean: float) -> Callable[[], float]:
    """A person's pause between two calls: exponential with the given mean, cut at THINK_CAP
    times the mean. Exponential pauses make each person's clicks a Poisson process (the usual
    model of independent users' requests); the cut keeps one long draw from idling a client for
    a large part of a short run. Mean 0: back to back (throughput, not a person's latency)."""
    if mean <= 0:
        return lambda: 0.0
    return lambda: min(rng.expovariate(1 / mean), THINK_CAP * mean)


def run_workload(
    ctx: ServiceContext,
    case_ids: list[int],
    org_id: int,
    seconds: float,
    seed: int,
    server: bool,
    think: float = 0.0,
) -> dict[str, Any]:
    rng = random.Random(seed)
    pause = think_time(rng, think)
    times: dict[str, list[float]] = {name: [] for name in CALLS}
    cpu: dict[str, list[float]] = {name: [] for name in CALLS}  # this client's own CPU time
    errors: list[str] = []
    search = search_call(ctx)
    today = dt.date.today()

    def timed(name: str, call: Callable[..., Any], *args: Any) -> Any:
        start, start_cpu = time.perf_counter(), time.process_time()
        try:
            return call(*args)
        except Exception as exc:  # noqa: BLE001 - counted, the workload goes on
            errors.append(f"{name}: {type(exc).__name__}: {str(exc)[:160]}")
            return None
        finally:
            times[name].append(time.perf_counter() - start)
            cpu[name].append(time.process_time() - start_cpu)
            time.sleep(pause())

    time.sleep(pause())  # the 20 people do not all start at the same instant
    deadline = time.monotonic() + seconds
    rounds = 0
    while time.monotonic() < deadline:
        case_id = rng.choice(case_ids)
        timed("open_case", cases.open_case, ctx, case_id)
        note = notes.NoteInput(NoteKind.PHONE_CALL, today, "Called about the training course")
        timed("add_note", notes.add_note, ctx, case_id, note)
        timed("search", search, rng.choice(NAMES)[:3])
        draft = referrals.ReferralInput(ServiceType.VOCATIONAL_TRAINING, org_id)
        referral = timed("create_referral", referrals.create_referral, ctx, case_id, draft)
        if referral is not None:
            timed("send_referral", referrals.send_referral, ctx, referral)
        timed("list_inbox", referrals.list_referrals, ctx, referrals.ReferralQuery(limit=50))
        rounds += 1
    return {"times": times, "cpu": cpu, "errors": errors, "rounds": rounds}


def summarise(results: list[dict[str, Any]], seconds: float) -> dict[str, Any]:
    calls: dict[str, Any] = {}
    for name in CALLS:
        values = sorted(t for r in results for t in r["times"][name])
        if not values:
            continue
        calls[name] = {
            "count": len(values),
            "p50_ms": round(1000 * statistics.median(values), 1),
            "p95_ms": round(1000 * values[int(0.95 * (len(values) - 1))], 1),
            "max_ms": round(1000 * values[-1], 1),
            # What a laptop would spend on its own cores (here all clients share the server's).
            "client_cpu_p50_ms": round(
                1000 * statistics.median(t for r in results for t in r["cpu"][name]), 1
            ),
        }
    every = sorted(t for r in results for name in CALLS for t in r["times"][name])
    errors = [e for r in results for e in r["errors"]]
    return {
        "calls_per_second": round(len(every) / seconds, 1),
        "workloads_per_second": round(sum(r["rounds"] for r in results) / seconds, 2),
        "all_calls": {
            "count": len(every),
            "p50_ms": round(1000 * statistics.median(every), 1) if every else None,
            "p95_ms": round(1000 * every[int(0.95 * (len(every) - 1))], 1) if every else None,
        },
        "per_call": calls,
        "errors": len(errors),
        "deadlocks": sum("deadlock" in e.lower() for e in errors),
        "error_samples": sorted(set(errors))[:10],
        "search_call": "case_list.list_cases",
    }


# --- the two sides ----------------------------------------------------------------------------

"""The office server under a team's daily load (issue 9). Not a test.

    nice -n 10 python tests/perf/bench_server.py --cases 200000 --clients 20 --seconds 120 \\
        --json tests/perf/results/server-200000.json

Starts its own PostgreSQL (Debian's binaries, as tests/pg_server.py does, but with durable
settings: fsync and synchronous commit on), runs `casework server init`'s code, adds one
supervisor and `--clients` caseworkers (each a login role of their own), and fills the server
as its owner: N cases shared out between the caseworkers (their RLS ownership column,
`caseworker_id`), each with a general information-sharing consent, by multi-row INSERTs with the
search trigger paused and the search table built in one statement afterwards.

Then `--clients` simulated caseworkers, each a separate process logged in as their own role,
run the daily workload in a loop for `--seconds`: open one of their cases (audited), add a note,
search as they type (three letters of a name), send a referral (create the draft, send it:
consent checked), list their referral inbox. Every call goes through the services, as the app
makes it. Reported: throughput, p50/p95/max per call, errors, deadlocks, the load average.

Beside it, the same workload by one user on a vault of the same size (`--vault-cases`, the
same fill through the vault's own session): its per-call p50/p95.

Search is the case list's (`case_list.list_cases`, newest 50), on both backends.

A person's pace: `--think S` pauses a mean of S seconds between a client's calls, exponential
(each person's clicks a Poisson process), cut at 5 times the mean; also before the first call,
so the clients do not all start at once. Without it the clients call back to back, which
measures throughput, not a person's wait (Little's law: 20 clients / 28 calls/s = 700 ms).

`--keep DIR` keeps the server in DIR and reuses it on the next run (building 200,000 cases takes
about 8 minutes); it then holds what earlier runs added (notes, referrals). The server runs with
`pg_stat_statements`: the JSON lists the statements that took the server's time
(`server_statements_by_total_time`), those run inside functions and triggers too.
"""

from __future__ import annotations

import argparse
import datetime as dt
import json
import multiprocessing
import os
import random
import statistics
import sys
import tempfile
import time
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parents[2]
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(ROOT / "tests"))
os.environ.setdefault("CASEWORK_TEST_KDF", "1")  # key derivation is not what is measured

from sqlalchemy import insert, select, text  # noqa: E402

from casework.model import Case, Consent  # noqa: E402
from casework.model.enums import (  # noqa: E402
    ClientCategory,
    ConsentMethod,
    ConsentPurpose,
    CustodyStatus,
    InfoScope,
    NoteKind,
    OrgType,
    Role,
    ServiceType,
    Subregion,
)
from casework.services import case_list, cases, directory, notes, referrals  # noqa: E402
from casework.services.context import ServiceContext  # noqa: E402

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


def _client(args: tuple[str, str, list[int], int, float, float, float]) -> dict[str, Any]:
    url, username, case_ids, org_id, seconds, start_at, think = args
    from casework.store.server import ServerStore

    with ServerStore.open(url, username, PASSWORD) as store:
        ctx = ServiceContext.for_vault(store)
        time.sleep(max(0.0, start_at - time.time()))
        seed = hash(username) & 0xFFFF
        return run_workload(ctx, case_ids, org_id, seconds, seed, True, think)


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

DURABLE_SETTINGS = (
    "-c fsync=on -c synchronous_commit=on -c full_page_writes=on -c max_connections=80 "
    "-c shared_buffers=256MB -c work_mem=8MB"
)
# Where each call's time goes on the server: every statement, also those run inside functions
# and triggers (the audit seal, the search index, row-level-security helpers).
STATEMENT_STATS = "-c shared_preload_libraries=pg_stat_statements -c pg_stat_statements.track=all"
DATABASE = "casework_bench"


def _prepare(url: str, n: int, clients: int) -> float:
    """`casework server init`, the users, the cases and the organisation; seconds taken."""
    from sqlalchemy.orm import Session

    from casework.services import server_admin
    from casework.store import postgres
    from casework.store.server import ServerStore

    t0 = time.perf_counter()
    server_admin.init_server(
        url, organisation="Sahel Hope", admin_username="ada", admin_password=PASSWORD
    )
    server_admin.add_user(url, "sara", "Sara Supervisor", {Role.SUPERVISOR}, PASSWORD)
    names = [f"cw{i:02d}" for i in range(1, clients + 1)]
    for name in names:
        server_admin.add_user(url, name, f"Caseworker {name}", {Role.CASEWORKER}, PASSWORD)
    owner = postgres.make_engine(url)

    def write() -> Any:
        import contextlib

        @contextlib.contextmanager
        def block() -> Iterator[Session]:
            with Session(owner) as s, s.begin():
                yield s

        return block()

    with owner.connect() as conn:
        ids = dict(conn.execute(text("SELECT username, id FROM users")).all())
    print(f"filling the server with {n:,} cases…")
    fill(write, n, [ids[name] for name in names], server=True)
    owner.dispose()
    with ServerStore.open(url, "sara", PASSWORD) as store:
        directory.create_organisation(
            ServiceContext.for_vault(store),
            directory.OrganisationInput(
                name="Garissa Vocational Centre",
                org_type=OrgType.VOCATIONAL_TRAINING,
                country="KE",
                services=(directory.ServiceOffer(ServiceType.VOCATIONAL_TRAINING),),
            ),
        )
    return time.perf_counter() - t0


def _statement_stats(conn: Any, top: int = 25) -> list[dict[str, Any]]:
    rows = conn.execute(
        text(
            "SELECT calls, total_exec_time, mean_exec_time, rows, shared_blks_hit, "
            "shared_blks_read, left(regexp_replace(query, '\\s+', ' ', 'g'), 300) "
            "FROM pg_stat_statements WHERE dbid = (SELECT oid FROM pg_database "
            "WHERE datname = current_database()) ORDER BY total_exec_time DESC LIMIT :top"
        ),
        {"top": top},
    ).all()
    return [
        {
            "calls": r[0],
            "total_ms": round(r[1]),
            "mean_ms": round(r[2], 3),
            "rows": r[3],
            "blocks_hit": r[4],
            "blocks_read": r[5],
            "query": r[6],
        }
        for r in rows
    ]


def bench_server(
    n: int,
    clients: int,
    seconds: float,
    settings: str = DURABLE_SETTINGS,
    think: float = 0.0,
    keep: Path | None = None,
) -> dict[str, Any]:
    import pg_server

    from casework.store import postgres

    bindir = pg_server.pg_bin_dir()
    if bindir is None:
        raise SystemExit("PostgreSQL is not installed (apt-get install postgresql)")
    started = pg_server._start(bindir, f"{settings} {STATEMENT_STATS}", keep)
    server = next(started)
    try:
        url = server.url(DATABASE)
        with server.connect() as conn:
            exists = conn.execute("SELECT 1 FROM pg_database WHERE datname = %s", (DATABASE,))
            reused = exists.fetchone() is not None
        if reused:
            print(f"reusing the server kept in {keep} (--keep)")
            fill_seconds = None
        else:
            fill_seconds = round(_prepare(url, n, clients))
        names = [f"cw{i:02d}" for i in range(1, clients + 1)]
        owner = postgres.make_engine(url)
        with owner.begin() as conn:
            conn.exec_driver_sql("CREATE EXTENSION IF NOT EXISTS pg_stat_statements")
            ids = dict(conn.execute(text("SELECT username, id FROM users")).all())
            missing = [name for name in names if name not in ids]
            if missing:
                raise SystemExit(f"the kept server has no users {missing}: fewer --clients")
            org = conn.execute(text("SELECT min(id) FROM organisations")).scalar_one()
            own = {
                name: list(
                    conn.execute(
                        text(
                            "SELECT id FROM cases WHERE caseworker_id = :u ORDER BY id LIMIT 2000"
                        ),
                        {"u": ids[name]},
                    ).scalars()
                )
                for name in names
            }
            total = conn.execute(text("SELECT count(*) FROM cases")).scalar_one()
            conn.exec_driver_sql("SELECT pg_stat_statements_reset()")
        print(f"{clients} caseworkers for {seconds:.0f} s…")
        load_before = os.getloadavg()
        start_at = time.time() + 3
        jobs = [(url, name, own[name], org, seconds, start_at, think) for name in names]
        with multiprocessing.get_context("fork").Pool(clients) as pool:
            results = pool.map(_client, jobs)
        load_after = os.getloadavg()
        with owner.connect() as conn:
            statements = _statement_stats(conn)
        owner.dispose()
        out = summarise(results, seconds)
        out |= {
            "cases": total,
            "clients": clients,
            "seconds": seconds,
            "fill_seconds": fill_seconds,
            "reused_server": reused,
            "load_average_before": [round(x, 2) for x in load_before],
            "load_average_after": [round(x, 2) for x in load_after],
            "server_settings": settings,
            "think_seconds": think,
            "think_model": (
                f"exponential, mean {think} s, cut at {THINK_CAP * think:g} s"
                if think > 0
                else "none (back to back)"
            ),
            "server_statements_by_total_time": statements,
        }
        return out
    finally:
        started.close()


def bench_vault(n: int, clients: int, seconds: float) -> dict[str, Any]:
    from casework.services import users
    from casework.store.vault import Vault

    folder = Path(tempfile.mkdtemp(prefix="casework-bench-")) / "vault"
    vault, _ = Vault.create(
        folder, organisation="Sahel Hope", admin_username="ada", admin_password=PASSWORD
    )
    try:
        admin = ServiceContext.for_vault(vault)
        users.create_user(admin, "sara", "Sara Supervisor", {Role.SUPERVISOR}, PASSWORD)
        names = [f"cw{i:02d}" for i in range(1, clients + 1)]
        ids = [
            users.create_user(admin, name, f"Caseworker {name}", {Role.CASEWORKER}, PASSWORD)
            for name in names
        ]
        print(f"filling the vault with {n:,} cases…")
        t0 = time.perf_counter()
        fill(vault.write, n, ids, server=False)
        fill_seconds = time.perf_counter() - t0
        sara = ServiceContext.for_vault(Vault.open(folder, "sara", PASSWORD, verify_pages=False))
        org = directory.create_organisation(
            sara,
            directory.OrganisationInput(
                name="Garissa Vocational Centre",
                org_type=OrgType.VOCATIONAL_TRAINING,
                country="KE",
                services=(directory.ServiceOffer(ServiceType.VOCATIONAL_TRAINING),),
            ),
        )
        sara.vault.close()
        worker_vault = Vault.open(folder, names[0], PASSWORD, verify_pages=False)
        worker_vault.check_pages()
        worker = ServiceContext.for_vault(worker_vault)
        with vault.session() as s:
            own = list(s.scalars(select(Case.id).where(Case.caseworker_id == ids[0]).limit(2000)))
        print(f"one caseworker on the vault for {seconds:.0f} s…")
        result = run_workload(worker, own, org, seconds, 1, False)
        worker_vault.close()
        out = summarise([result], seconds)
        out |= {"cases": n, "seconds": seconds, "fill_seconds": round(fill_seconds)}
        return out
    finally:
        vault.close()
        import shutil

        shutil.rmtree(folder.parent, ignore_errors=True)


def table(report: dict[str, Any]) -> str:
    server, vault = report["server"], report.get("vault")
    lines = [
        f"| call | server p50 / p95 ms ({server['clients']} clients) "
        "| vault p50 / p95 ms (1 user) |",
        "| --- | --- | --- |",
    ]
    for name in CALLS:
        s = server["per_call"].get(name)
        v = vault["per_call"].get(name) if vault else None
        left = f"{s['p50_ms']} / {s['p95_ms']}" if s else "—"
        right = f"{v['p50_ms']} / {v['p95_ms']}" if v else "—"
        lines.append(f"| {name} | {left} | {right} |")
    a = server["all_calls"]
    va = vault["all_calls"] if vault else None
    right = f"{va['p50_ms']} / {va['p95_ms']}" if va else "—"
    lines.append(f"| every call | {a['p50_ms']} / {a['p95_ms']} | {right} |")
    return "\n".join(lines)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--cases", type=int, default=20000)
    parser.add_argument("--clients", type=int, default=20)
    parser.add_argument("--seconds", type=float, default=60)
    parser.add_argument("--vault-cases", type=int, default=None, help="default: --cases")
    parser.add_argument("--vault-seconds", type=float, default=None, help="default: --seconds")
    parser.add_argument("--no-vault", action="store_true")
    parser.add_argument(
        "--think", type=float, default=0.0, help="mean pause between a client's calls (s)"
    )
    parser.add_argument(
        "--settings", default=DURABLE_SETTINGS, help="PostgreSQL -c options (default: durable)"
    )
    parser.add_argument(
        "--keep",
        type=Path,
        help="keep the server in this folder, and reuse it if it is already there "
        "(its cases, and what earlier runs added)",
    )
    parser.add_argument("--json", type=Path)
    args = parser.parse_args()
    report: dict[str, Any] = {
        "when": dt.datetime.now(dt.UTC).isoformat(timespec="seconds"),
        "machine": {"cpus": os.cpu_count()},
        "target": "p95 < 100 ms per call with 20 clients, no errors, no deadlocks",
    }
    report["server"] = bench_server(
        args.cases, args.clients, args.seconds, args.settings, args.think, args.keep
    )
    if not args.no_vault:
        report["vault"] = bench_vault(
            args.vault_cases or args.cases, args.clients, args.vault_seconds or args.seconds
        )
    print(json.dumps(report, indent=2))
    print(table(report))
    if args.json:
        args.json.write_text(json.dumps(report, indent=2) + "\n")


if __name__ == "__main__":
    main()

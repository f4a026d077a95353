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
import sys
import tempfile
import time
from collections.abc import Iterator
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parents[2]
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(ROOT / "tests"))
os.environ.setdefault("CASEWORK_TEST_KDF", "1")  # key derivation is not what is measured

from server_workload import CALLS, PASSWORD, THINK_CAP, fill, run_workload, summarise  # noqa: E402
from sqlalchemy import select, text  # noqa: E402

from casework.model import Case  # noqa: E402
from casework.model.enums import (  # noqa: E402
    OrgType,
    Role,
    ServiceType,
)
from casework.services import directory  # noqa: E402
from casework.services.context import ServiceContext  # noqa: E402


def _client(args: tuple[str, str, list[int], int, float, float, float]) -> dict[str, Any]:
    url, username, case_ids, org_id, seconds, start_at, think = args
    from casework.store.server import ServerStore

    with ServerStore.open(url, username, PASSWORD) as store:
        ctx = ServiceContext.for_vault(store)
        time.sleep(max(0.0, start_at - time.time()))
        seed = hash(username) & 0xFFFF
        return run_workload(ctx, case_ids, org_id, seconds, seed, True, think)


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
    """The statements that took the server's time, each summed over every role that ran it
    (pg_stat_statements keeps one entry per user: twenty caseworkers, twenty entries)."""
    rows = conn.execute(
        text(
            "SELECT sum(calls)::bigint, sum(total_exec_time), "
            "sum(total_exec_time) / sum(calls), sum(rows)::bigint, "
            "sum(shared_blks_hit)::bigint, sum(shared_blks_read)::bigint, "
            "left(regexp_replace(min(query), '\\s+', ' ', 'g'), 300) "
            "FROM pg_stat_statements WHERE dbid = (SELECT oid FROM pg_database "
            "WHERE datname = current_database()) GROUP BY queryid "
            "ORDER BY sum(total_exec_time) DESC LIMIT :top"
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

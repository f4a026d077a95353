"""Search benchmark: full-text search as you type over N cases (default 50,000).

    python tests/perf/bench_search.py [--cases 50000] [--notes-per-case 3] [--queries 100]
    python tests/perf/bench_search.py --workshop DIR [--runs 3] [--ratio]

`--workshop DIR`: instead, the service-level figures of bench.py (bench_parts.py: search by
prefix length, notes-only words, every sort, last page, filter and referral list) on a vault
made by `casework workshop` (or bench.py), each with the CPU time of the call itself, which a
busy machine does not inflate; `--ratio` adds the encrypted/plain ratio on a plain copy. A vault
of an older schema is upgraded on opening: point it at a copy.

Builds a real encrypted vault in a temporary folder (rows inserted in bulk through SQL so the
FTS triggers run as they do in the app), then times `services.case_list.list_cases` with a text
query (the call the case list makes on each keystroke) for a caseworker and a supervisor.
Prints median and 95th percentile in milliseconds. Not part of the test suite.
"""

from __future__ import annotations

import argparse
import os
import random
import statistics
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[2]))
if "--workshop" not in sys.argv:  # a workshop vault has the real key derivation policy
    os.environ.setdefault("CASEWORK_TEST_KDF", "1")  # key derivation is not measured here

from sqlalchemy import text  # noqa: E402

from casework.model.enums import Role  # noqa: E402
from casework.services import case_list, users  # noqa: E402
from casework.services.case_list import CaseQuery  # noqa: E402
from casework.services.context import ServiceContext  # noqa: E402
from casework.store.vault import Vault  # noqa: E402

SYLLABLES = ["ab", "ba", "ka", "la", "ma", "na", "ou", "sa", "si", "ta", "za", "mo", "di", "ye"]
WORDS = [
    "visit",
    "family",
    "training",
    "mentor",
    "housing",
    "school",
    "mosque",
    "employer",
    "clinic",
    "court",
    "probation",
    "sport",
    "market",
    "workshop",
    "elder",
]


def name(rng: random.Random) -> str:
    return " ".join(
        "".join(rng.choice(SYLLABLES) for _ in range(rng.randint(2, 3))).capitalize()
        for _ in range(2)
    )


def build(folder: Path, n_cases: int, notes_per_case: int, rng: random.Random) -> None:
    vault, _ = Vault.create(
        folder,
        organisation="Bench",
        admin_username="admin",
        admin_password="orchard lantern quietly ninety",
    )
    admin = ServiceContext.for_vault(vault)
    sup = users.create_user(admin, "sara", "Sara", {Role.SUPERVISOR}, "copper kettle over the dune")
    cw = users.create_user(admin, "carl", "Carl", {Role.CASEWORKER}, "seven blue camels at dusk")
    with vault.engine.begin() as conn:
        conn.execute(
            text(
                "INSERT INTO cases (id, reference, alias, other_aliases, category, custody_status,"
                " status, subregion, country, locality, caseworker_id, is_minor, guardian_name,"
                " best_interests_note, legal_name, national_id, address, phone, offence_details,"
                " sentence_details, status_comment, opened_on, created_at, updated_at)"
                " VALUES (:id, :ref, :alias, '', 'returnee_ftf', 'returned', 'active',"
                " 'greater_horn', 'KE', '', :cw, 0, '', '', :legal, '', '', '', '', '', '',"
                " '2026-01-01', '2026-01-01 00:00:00', :updated)"
            ),
            [
                {
                    "id": i,
                    "ref": f"KE-2026-{i:05d}",
                    "alias": name(rng),
                    "legal": name(rng),
                    "cw": cw if i % 10 == 0 else sup,
                    "updated": f"2026-{1 + i % 12:02d}-{1 + i % 28:02d} 10:00:00",
                }
                for i in range(1, n_cases + 1)
            ],
        )
        conn.execute(
            text(
                "INSERT INTO notes (case_id, kind, occurred_on, body, restricted, author_id,"
                " created_at) VALUES (:case, 'contact', '2026-02-01', :body, 0, :author,"
                " '2026-02-01 00:00:00')"
            ),
            [
                {"case": i, "body": " ".join(rng.choices(WORDS, k=12)), "author": sup}
                for i in range(1, n_cases + 1)
                for _ in range(notes_per_case)
            ],
        )
    vault.close()


def time_queries(ctx: ServiceContext, queries: list[str]) -> list[float]:
    out = []
    for q in queries:
        start = time.perf_counter()
        case_list.list_cases(ctx, CaseQuery(text=q, limit=100))
        out.append((time.perf_counter() - start) * 1000)
    return out


def workshop_figures(folder: Path, runs: int, ratio: bool) -> dict[str, object]:
    """bench_parts' service-level figures on a workshop vault, CPU time beside each."""
    sys.path.insert(0, str(Path(__file__).resolve().parent))
    import bench_parts as parts
    from bench import supervisor_account

    user, password = supervisor_account()
    started = time.perf_counter()
    vault = Vault.open(folder, user, password, verify_pages=False)
    out: dict[str, object] = {"open_s": round(time.perf_counter() - started, 2)}
    ctx = ServiceContext.for_vault(vault)
    out["cases_in_vault"] = parts.cases_in_vault(ctx)
    out["load_average_start"] = [round(x, 2) for x in os.getloadavg()]
    typed = parts.prefixes(ctx)
    out.update(parts.search_measures(ctx, typed, parts.notes_words(), runs))
    out.update(parts.list_measures(ctx, runs))
    out["cpu_ms"] = dict(parts.CPU_MS)
    if ratio:
        with tempfile.TemporaryDirectory() as tmp:
            plain = parts.plaintext_copy(vault, Path(tmp) / "plain")
            plain_ctx = ServiceContext(plain, ctx.actor)
            sample = {n: words[::4] for n, words in typed.items()}
            parts.encryption_workload(plain_ctx, sample)  # warm both caches alike
            parts.encryption_workload(ctx, sample)
            enc = [parts.encryption_workload(ctx, sample) for _ in range(runs)]
            clear = [parts.encryption_workload(plain_ctx, sample) for _ in range(runs)]
            out["encryption_ratio"] = round(statistics.median(enc) / statistics.median(clear), 2)
            plain.close()
    out["load_average_end"] = [round(x, 2) for x in os.getloadavg()]
    vault.close()
    return out


def main() -> int:
    parser = argparse.ArgumentParser()
    parser.add_argument("--workshop", type=Path, help="a workshop vault: bench.py's figures")
    parser.add_argument("--runs", type=int, default=3)
    parser.add_argument("--ratio", action="store_true", help="with --workshop: encrypted/plain")
    parser.add_argument("--cases", type=int, default=50_000)
    parser.add_argument("--notes-per-case", type=int, default=3)
    parser.add_argument("--queries", type=int, default=100)
    parser.add_argument("--vault", type=Path, help="reuse (or build once into) this folder")
    args = parser.parse_args()
    if args.workshop is not None:
        import json

        print(json.dumps(workshop_figures(args.workshop, args.runs, args.ratio), indent=1))
        return 0
    rng = random.Random(42)
    with tempfile.TemporaryDirectory() as tmp:
        folder = args.vault or Path(tmp) / "vault"
        if not (folder / "casework.db").exists():
            t0 = time.perf_counter()
            build(folder, args.cases, args.notes_per_case, rng)
            print(f"built {args.cases} cases in {time.perf_counter() - t0:.1f} s")
        queries = []
        for _ in range(args.queries):
            word = name(rng).split()[0].lower()
            queries.append(word[: rng.randint(2, len(word))])  # a prefix, as typed
        for user, pw in (
            ("sara", "copper kettle over the dune"),
            ("carl", "seven blue camels at dusk"),
        ):
            with Vault.open(folder, user, pw, verify_pages=False) as vault:
                ctx = ServiceContext.for_vault(vault)
                time_queries(ctx, queries[:5])  # warm the page cache
                ms = sorted(time_queries(ctx, queries))
                p95 = ms[int(len(ms) * 0.95) - 1]
                print(
                    f"{user:5s} search-as-you-type over {args.cases} cases: "
                    f"median {statistics.median(ms):.1f} ms, p95 {p95:.1f} ms"
                )
    return 0


if __name__ == "__main__":
    raise SystemExit(main())

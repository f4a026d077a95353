"""The performance benchmark (issue 5): rerun it, never trust a number you did not measure.

    python tests/perf/bench.py --cases 50000 --json FILE [--vault DIR] [--queries 100]

Builds a workshop vault of N cases once (into --vault, reused when it exists; otherwise a
temporary folder) with the real workshop generator and production key derivation, then reports,
as a table and as JSON:

- process start to login window shown (a real `main.py` process on the offscreen platform);
- key derivation (Argon2id) alone, and unlock to case list shown without it;
- search as you type: median and 95th percentile over 100 prefix queries (the call the case list
  model makes on each keystroke, `services.case_list.list_cases`);
- opening a case workspace (audited open + the workspace tabs built);
- building a 20-goal plan PDF;
- peak memory (resident set) of the in-process part;
- the same service-level workload on an unencrypted SQLite copy, so the cost of encryption is a
  ratio measured in the same run.

Targets on a 2-core machine with 50,000 cases: login window < 1.5 s; case list < 0.5 s after the
key is derived; search p95 < 50 ms; workspace < 200 ms; plan PDF < 300 ms; peak memory < 400 MB;
encrypted / unencrypted < 1.3. Not part of the test suite.
"""

from __future__ import annotations

import argparse
import json
import os
import random
import resource
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
sys.path.insert(0, str(ROOT))
os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")

import sqlcipher3  # noqa: E402

from casework.model.enums import GoalTerm, LifeDomain, Role  # noqa: E402
from casework.services import case_list, cases, documents, plans  # noqa: E402
from casework.services.case_list import CaseQuery  # noqa: E402
from casework.services.context import ServiceContext  # noqa: E402
from casework.store import passwords  # noqa: E402
from casework.store.engine import DB_FILE, key_text, wipe  # noqa: E402
from casework.store.kdf import active_policy  # noqa: E402
from casework.store.keyslots import load as load_slots  # noqa: E402
from casework.store.vault import Vault  # noqa: E402

TARGETS = {
    "login_window_s": 1.5,
    "case_list_after_kdf_s": 0.5,
    "search_p95_ms": 50.0,
    "workspace_ms": 200.0,
    "plan_pdf_ms": 300.0,
    "peak_memory_mb": 400.0,
    "encryption_ratio": 1.3,
}


def ms(seconds: float) -> float:
    return round(seconds * 1000, 1)


def p95(values: list[float]) -> float:
    ordered = sorted(values)
    return ordered[max(0, int(round(len(ordered) * 0.95)) - 1)]


def timed(fn: Callable[[], object]) -> float:
    start = time.perf_counter()
    fn()
    return time.perf_counter() - start


# --- building ----------------------------------------------------------------------------------


def build_vault(folder: Path, n_cases: int) -> None:
    from casework.workshop import generate

    start = time.perf_counter()
    generate(folder, cases=n_cases, seed=1, snapshot=False)
    print(f"built a {n_cases:,}-case vault in {time.perf_counter() - start:.0f} s", flush=True)


def supervisor_account() -> tuple[str, str]:
    from casework.workshop import ACCOUNTS

    account = next(a for a in ACCOUNTS if Role.SUPERVISOR in a.roles)
    return account.name, account.password


# --- measurements ------------------------------------------------------------------------------


def login_window_seconds(folder: Path, runs: int = 3) -> float:
    """Wall time from spawning `main.py` to the login window being shown (median of runs)."""
    times = []
    env = dict(os.environ, QT_QPA_PLATFORM="offscreen", CASEWORK_BENCH_QUIT_WHEN_SHOWN="1")
    for _ in range(runs):
        start = time.perf_counter()
        proc = subprocess.run(
            [sys.executable, str(ROOT / "main.py"), "--vault", str(folder)],
            env=env,
            capture_output=True,
            text=True,
            timeout=120,
        )
        elapsed = time.perf_counter() - start
        if "casework-bench: login shown" not in proc.stdout:
            raise RuntimeError(f"the app did not report its login window: {proc.stderr[-2000:]}")
        times.append(elapsed)
    return statistics.median(times)


def unlock(folder: Path, user: str, password: str) -> tuple[Vault, float, float]:
    """Open the vault the way the login window does; returns (vault, kdf s, rest of unlock s)."""
    slots = load_slots(folder)
    kdf = timed(
        lambda: slots.unwrap_with_password(user, passwords.encode(password), active_policy())
    )
    start = time.perf_counter()
    vault = Vault.open(folder, user, password, verify_pages=False)
    total = time.perf_counter() - start
    return vault, kdf, max(0.0, total - kdf)


def case_list_seconds(ctx: ServiceContext) -> tuple[float, object]:
    from PySide6.QtWidgets import QApplication

    from casework.ui.cases import CasesScreen

    app = QApplication.instance()
    start = time.perf_counter()
    screen = CasesScreen(ctx)
    screen.resize(1200, 800)
    screen.show()
    model = screen.list.model  # type: ignore[attr-defined]
    deadline = time.perf_counter() + 30
    while (model is None or model.rowCount() == 0) and time.perf_counter() < deadline:
        app.processEvents()
    return time.perf_counter() - start, screen


def queries(n: int, ctx: ServiceContext) -> list[str]:
    """Prefixes of aliases that exist, as a user types them."""
    rng = random.Random(7)
    rows = case_list.list_cases(ctx, CaseQuery(limit=1000, sort="reference")).rows
    words = [w for r in rows for w in r.alias.split() if len(w) >= 3]
    return [w[: rng.randint(2, min(6, len(w)))] for w in rng.sample(words, n)]


def search_times(ctx: ServiceContext, typed: list[str]) -> list[float]:
    out = []
    for text in typed:
        out.append(timed(lambda t=text: case_list.list_cases(ctx, CaseQuery(text=t, limit=200))))
    return out


def workspace_times(ctx: ServiceContext, screen: object, case_ids: list[int]) -> list[float]:
    from PySide6.QtWidgets import QApplication

    app = QApplication.instance()
    out = []
    for case_id in case_ids:
        start = time.perf_counter()
        screen.open_case(case_id)  # type: ignore[attr-defined]
        app.processEvents()
        out.append(time.perf_counter() - start)
    return out


def twenty_goal_case(ctx: ServiceContext) -> int:
    case_id = case_list.list_cases(ctx, CaseQuery(limit=1, sort="reference")).rows[0].id
    existing = plans.plan_versions(ctx, case_id)
    if existing and existing[0].goal_count >= 20:
        return case_id
    plan_id = plans.new_version(ctx, case_id) if existing else plans.create_plan(ctx, case_id)
    domains = list(LifeDomain)
    for i in range(20 - (plans.get_plan(ctx, plan_id).goals.__len__())):
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


def plan_pdf_times(ctx: ServiceContext, case_id: int, runs: int = 10) -> list[float]:
    return [timed(lambda: documents.plan_document(ctx, case_id, "en")) for _ in range(runs)]


def service_workload(
    ctx: ServiceContext, typed: list[str], case_ids: list[int], plan_case: int
) -> float:
    """The same calls on either vault: list page, searches, case opens, plan PDFs."""
    start = time.perf_counter()
    case_list.list_cases(ctx, CaseQuery())
    search_times(ctx, typed)
    for case_id in case_ids:
        cases.open_case(ctx, case_id)
    plan_pdf_times(ctx, plan_case, runs=5)
    return time.perf_counter() - start


class PlainVault(Vault):
    """The same vault class over an unencrypted copy (for the encryption-overhead ratio only)."""

    def _connect(self) -> sqlcipher3.Connection:
        conn = sqlcipher3.connect(str(self.folder / DB_FILE), check_same_thread=False)
        from casework.store.engine import PRAGMAS

        conn.execute("PRAGMA journal_mode = WAL").fetchone()
        conn.execute("PRAGMA synchronous = FULL")
        for pragma in PRAGMAS:
            conn.execute(pragma)
        return conn


def plaintext_copy(vault: Vault, target: Path) -> PlainVault:
    target.mkdir(parents=True)
    conn = sqlcipher3.connect(str(vault.folder / DB_FILE))
    secret = key_text(bytes.fromhex(vault.raw_key_hex()))
    try:
        conn.execute(f'PRAGMA key = "{secret.decode()}"')
        conn.execute(f"ATTACH DATABASE '{target / DB_FILE}' AS plain KEY ''")
        conn.execute("SELECT sqlcipher_export('plain')")
        conn.execute("DETACH DATABASE plain")
    finally:
        wipe(secret)
        conn.close()
    plain = PlainVault(target, b"\0" * 32, vault.slots, vault.policy)
    plain.opened_by, plain.opened_by_id = vault.opened_by, vault.opened_by_id
    return plain


# --- main ----------------------------------------------------------------------------------------


def main() -> int:
    parser = argparse.ArgumentParser()
    parser.add_argument("--cases", type=int, default=50_000)
    parser.add_argument("--json", type=Path, help="write the results here as JSON")
    parser.add_argument("--vault", type=Path, help="build once into this folder, then reuse it")
    parser.add_argument("--queries", type=int, default=100)
    args = parser.parse_args()

    from PySide6.QtWidgets import QApplication

    app = QApplication.instance() or QApplication([])
    tmp = Path(tempfile.mkdtemp(prefix="casework-bench-"))
    folder = args.vault or tmp / "vault"
    results: dict[str, object] = {"cases": args.cases}
    try:
        if not (folder / DB_FILE).exists():
            build_vault(folder, args.cases)
        user, password = supervisor_account()
        results["login_window_s"] = round(login_window_seconds(folder), 3)
        # The app preloads these on a thread while the password is typed (application.py).
        from casework.ui.application import preload

        preload()
        vault, kdf, rest = unlock(folder, user, password)
        ctx = ServiceContext.for_vault(vault)
        results["kdf_s"] = round(kdf, 3)
        results["unlock_without_kdf_s"] = round(rest, 3)
        list_s, screen = case_list_seconds(ctx)
        results["case_list_after_kdf_s"] = round(rest + list_s, 3)
        typed = queries(args.queries, ctx)
        search = search_times(ctx, typed)
        results["search_median_ms"] = ms(statistics.median(search))
        results["search_p95_ms"] = ms(p95(search))
        case_ids = [r.id for r in case_list.list_cases(ctx, CaseQuery(limit=10)).rows]
        workspace = workspace_times(ctx, screen, case_ids)
        results["workspace_ms"] = ms(statistics.median(workspace))
        plan_case = twenty_goal_case(ctx)
        pdf = plan_pdf_times(ctx, plan_case)
        results["plan_pdf_ms"] = ms(statistics.median(pdf))
        results["peak_memory_mb"] = round(
            resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024, 1
        )
        encrypted = service_workload(ctx, typed, case_ids, plan_case)
        plain = plaintext_copy(vault, tmp / "plain")
        plain_ctx = ServiceContext(plain, ctx.actor)
        service_workload(plain_ctx, typed[:10], case_ids[:2], plan_case)  # warm the cache
        service_workload(ctx, typed[:10], case_ids[:2], plan_case)
        encrypted = service_workload(ctx, typed, case_ids, plan_case)
        unencrypted = service_workload(plain_ctx, typed, case_ids, plan_case)
        results["workload_encrypted_s"] = round(encrypted, 3)
        results["workload_unencrypted_s"] = round(unencrypted, 3)
        results["encryption_ratio"] = round(encrypted / unencrypted, 2)
        plain.close()
        screen.close()  # type: ignore[attr-defined]
        vault.close()
    finally:
        shutil.rmtree(tmp, ignore_errors=True)
        app.processEvents()

    print(f"\n{'measure':<28}{'result':>12}{'target':>10}")
    for key, value in results.items():
        target = TARGETS.get(key)
        mark = "" if target is None else ("  ok" if float(value) <= target else "  MISSED")
        print(f"{key:<28}{value!s:>12}{'' if target is None else target:>10}{mark}")
    if args.json:
        args.json.write_text(json.dumps(results, indent=2))
    return 0


if __name__ == "__main__":
    raise SystemExit(main())

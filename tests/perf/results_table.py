"""Print the README's performance table from the benchmark's JSON results, sizes side by side.

    python tests/perf/results_table.py tests/perf/results/bench-*.json

Figures are copied as bench.py wrote them; a larger size not measured shows "not run", a
figure the run skipped "–".
"""

from __future__ import annotations

import json
import sys
from pathlib import Path

ROWS = (
    ("cases_in_vault", "cases in the vault measured", ""),
    ("load_average_start", "load average (1, 5, 15 min) when the run began", ""),
    ("load_average_end", "load average (1, 5, 15 min) when the run ended", ""),
    ("scheduling", "the run's nice and session group (autogroup) nice", ""),
    ("build_s", "building the vault with `casework workshop`'s generator (s)", "< 600 at 500k"),
    ("build_cases_per_minute", "building the vault, cases a minute", ""),
    ("build_load_average", "load average (1, 5, 15 min) when the build began", ""),
    ("login_window_first_start_s", "process start → login window, first start (s)", ""),
    ("login_window_s", "process start → login window, later starts (s)", "< 0.5"),
    ("kdf_s", "key derivation, Argon2id (s, reported apart)", ""),
    ("unlock_to_rows_s", "unlock → first case-list rows, without key derivation (s)", "< 0.3"),
    ("page_open_max_ms", "slowest page's first open, on screen (ms)", "< 100"),
    ("page_loaded_max_ms", "slowest page's first open, its data loaded (ms)", "< 100"),
    ("search_p50_ms", "search as you type, p50 (ms)", ""),
    ("search_p95_ms", "search as you type, p95 over 1-, 2-, 3-, 5-letter prefixes (ms)", "< 30"),
    ("search_p95_cpu_ms", "search as you type, p95, CPU time of the calls alone (ms)", ""),
    ("notes_word_max_ms", "slowest notes-only word (ms)", "< 100"),
    ("notes_word_max_cpu_ms", "slowest notes-only word, CPU time alone (ms)", ""),
    ("sort_max_ms", "slowest sort, first page (ms)", "< 100"),
    ("sort_max_cpu_ms", "slowest sort, CPU time alone (ms)", ""),
    ("last_page_max_ms", "slowest jump to the last page (ms)", "< 100"),
    ("last_page_max_cpu_ms", "slowest last page, CPU time alone (ms)", ""),
    ("filter_max_ms", "slowest filter (ms)", "< 100"),
    ("filter_max_cpu_ms", "slowest filter, CPU time alone (ms)", ""),
    ("referral_list_max_ms", "slowest referral list, count + first page (ms)", "< 100"),
    ("referral_list_max_cpu_ms", "slowest referral list, CPU time alone (ms)", ""),
    ("workspace_ms", "opening a case workspace (ms)", "< 100"),
    ("plan_pdf_ms", "20-goal plan PDF, warm (ms)", "< 100"),
    (
        "peak_memory_mb",
        "peak memory of the session, after 4 lock/unlock cycles with every page (MB)",
        "< 300",
    ),
    ("sqlite_peak_mb", "of which SQLite's own peak (MB)", ""),
    ("rss_growth_per_lock_cycle_mb", "resident size added per lock/unlock cycle (MB)", ""),
    ("bench_process_peak_mb", "peak of the whole benchmark process, plain copy included (MB)", ""),
    ("encryption_ratio", "encrypted / plain SQLite, same reads", "< 1.2"),
)
SIZES = (50_000, 200_000, 500_000)


def _cell(value: object) -> str:
    return " / ".join(str(v) for v in value) if isinstance(value, list) else str(value)


def main(paths: list[str]) -> int:
    results = {}
    for path in paths:
        data = json.loads(Path(path).read_text())
        results[int(data["cases"])] = data
    sizes = sorted(set(results) | {n for n in SIZES if n > max(results, default=0)})
    head = " | ".join(f"{n:,} cases" for n in sizes)
    print(f"| measure | {head} | target |")
    print("| --- |" + " --- |" * len(sizes) + " --- |")
    for key, text, target in (("runs", "runs (each figure their median)", ""), *ROWS):
        cells = [_cell(results[n].get(key, "–")) if n in results else "not run" for n in sizes]
        print(f"| {text} | {' | '.join(cells)} | {target} |")
    return 0


if __name__ == "__main__":
    raise SystemExit(main(sys.argv[1:]))

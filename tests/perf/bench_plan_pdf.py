"""Benchmark: build a 20-goal reintegration plan PDF N times; print median and p95 in ms.

Not a pytest test (tests/perf is not collected). It times the report alone, from sample data;
the app's path (reading the plan from a vault, the audit entry) is bench.py's `plan_pdf_ms`.
Target (issue 13): a 20-goal plan under 100 ms warm.

    PYTHONPATH=. python tests/perf/bench_plan_pdf.py [N] [lang]
"""

from __future__ import annotations

import statistics
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1] / "reports"))

import report_samples as samples  # noqa: E402

from casework.model.enums import PlanState  # noqa: E402
from casework.reports.plan import build_plan_pdf  # noqa: E402

TARGET_MS = 100.0


def main(argv: list[str]) -> int:
    runs = int(argv[1]) if len(argv) > 1 else 30
    lang = argv[2] if len(argv) > 2 else "fr"
    doc = samples.plan(state=PlanState.SUBMITTED, goals=samples.many_goals(20))

    started = time.perf_counter()
    first = build_plan_pdf(doc, lang)  # includes font registration and catalogue compilation
    cold_ms = (time.perf_counter() - started) * 1000

    times: list[float] = []
    cpu: list[float] = []  # CPU time too: wall time swings when the machine is busy
    for _ in range(runs):
        t0, c0 = time.perf_counter(), time.process_time()
        build_plan_pdf(doc, lang)
        times.append((time.perf_counter() - t0) * 1000)
        cpu.append((time.process_time() - c0) * 1000)
    times.sort()
    median = statistics.median(times)
    p95 = times[min(len(times) - 1, round(0.95 * (len(times) - 1)))]
    print(f"20-goal plan ({lang}), {len(first) // 1024} KiB, {runs} runs")
    print(f"first build (cold): {cold_ms:.1f} ms")
    print(f"median: {median:.1f} ms   p95: {p95:.1f} ms   (target < {TARGET_MS:.0f} ms)")
    print(f"CPU time median: {statistics.median(cpu):.1f} ms")
    return 0 if p95 < TARGET_MS else 1


if __name__ == "__main__":
    raise SystemExit(main(sys.argv))

"""Benchmark: build a referral packet and import one, N times each; median and p95 in ms.

Not a pytest test (tests/perf is not collected). Target: each well under 100 ms (median; CPU
time shown too, as wall time swings when the machine is shared). Importing is two steps the
user waits for separately: opening the file for its preview, then recording it.
Building = consent check + content + seal + atomic write + record. Opening = read, size check,
verify, decrypt, likely matches. Recording = verify again and record it on a new case.

    PYTHONPATH=. python tests/perf/bench_exchange.py [N]
"""

from __future__ import annotations

import os
import statistics
import sys
import tempfile
import time
from pathlib import Path

os.environ.setdefault("CASEWORK_TEST_KDF", "1")  # vault creation only; not what is measured
sys.path.insert(0, str(Path(__file__).resolve().parents[1] / "exchange"))

import datetime as dt  # noqa: E402

from exchange_helpers import (  # noqa: E402
    consent_for,
    exchange_cards,
    make_org,
    open_case,
    sent_referral,
)

from casework.model.enums import InfoScope, OrgType  # noqa: E402
from casework.services.exchange import incoming, outgoing  # noqa: E402
from casework.services.exchange.incoming import NewCase  # noqa: E402

TARGET_MS = 100.0


def _report(name: str, times: list[float], cpu: list[float]) -> bool:
    times = sorted(times)
    median = statistics.median(times)
    p95 = times[max(0, int(len(times) * 0.95) - 1)]
    ok = median < TARGET_MS
    print(
        f"{name:8s} median {median:6.1f} ms   p95 {p95:6.1f} ms   "
        f"CPU median {statistics.median(cpu):6.1f} ms   {'OK' if ok else 'SLOW'}"
    )
    return ok


def main(argv: list[str]) -> int:
    runs = int(argv[1]) if len(argv) > 1 else 30
    with tempfile.TemporaryDirectory() as tmp_name:
        tmp = Path(tmp_name)
        cso = make_org(tmp, "Sahel Hope", "ML")
        probation = make_org(tmp, "Bamako Probation", "ML")
        try:
            exchange_cards(cso, probation, OrgType.CSO, OrgType.PROBATION)
            org = cso.partner_org_id("Bamako Probation")
            case = open_case(cso, "Abu Layla", "Moussa Traoré", dt.date(1990, 5, 4), "ML")
            consent_for(cso, case, org, set(InfoScope))
            referral_ids = [sent_referral(cso, case, org, f"Service {i}") for i in range(runs)]
            build, opening, load, build_cpu, opening_cpu, load_cpu = [], [], [], [], [], []
            files = []
            for rid in referral_ids:
                t0, c0 = time.perf_counter(), time.process_time()
                files.append(outgoing.write_referral_packet(cso.worker, rid, tmp).path)
                build.append((time.perf_counter() - t0) * 1000)
                build_cpu.append((time.process_time() - c0) * 1000)
            for path in files:
                t0, c0 = time.perf_counter(), time.process_time()
                data = incoming.read_file(path)
                incoming.open_received(probation.worker, data)
                opening.append((time.perf_counter() - t0) * 1000)
                opening_cpu.append((time.process_time() - c0) * 1000)
                t0, c0 = time.perf_counter(), time.process_time()
                incoming.import_referral(probation.worker, data, new_case=NewCase("Abu", "ML"))
                load.append((time.perf_counter() - t0) * 1000)
                load_cpu.append((time.process_time() - c0) * 1000)
        finally:
            for o in (cso, probation):
                for v in o.vaults:
                    v.close()
    print(f"{runs} packets, {len(data):,} bytes each")
    ok = _report("build", build, build_cpu)
    ok &= _report("open", opening, opening_cpu)
    ok &= _report("record", load, load_cpu)
    return 0 if ok else 1


if __name__ == "__main__":
    sys.exit(main(sys.argv))

"""Stress: 100,000 mutated packets (the property test's strategies, run longer); each must be
refused with a clear error and leave the receiving database's file unchanged.

Not a pytest test (tests/perf is not collected). Takes a while: run it niced.

    PYTHONPATH=. nice -n 10 python tests/perf/stress_exchange.py [N]
"""

from __future__ import annotations

import os
import sys
import tempfile
import time
from collections import Counter
from pathlib import Path

os.environ.setdefault("CASEWORK_TEST_KDF", "1")
sys.path.insert(0, str(Path(__file__).resolve().parents[1] / "exchange"))

from hypothesis import HealthCheck, given, settings  # noqa: E402
from hypothesis import strategies as st  # noqa: E402
from mutations import db_hash, mutated  # noqa: E402
from test_mutations import Scene  # noqa: E402

from casework.errors import CaseworkError  # noqa: E402
from casework.services.exchange import incoming  # noqa: E402
from casework.services.exchange.incoming import NewCase  # noqa: E402


def main(argv: list[str]) -> int:
    runs = int(argv[1]) if len(argv) > 1 else 100_000
    seen: Counter[str] = Counter()
    with tempfile.TemporaryDirectory() as tmp:
        scene = Scene(Path(tmp))
        receiver = scene.probation.worker
        started = time.perf_counter()
        try:

            @settings(
                max_examples=runs,
                deadline=None,
                database=None,
                suppress_health_check=list(HealthCheck),
            )
            @given(st.data())
            def run(data: st.DataObject) -> None:
                packet = data.draw(mutated(scene.valid, scene.others))
                for attempt in (
                    lambda: incoming.open_received(receiver, packet),
                    lambda: incoming.import_referral(receiver, packet, new_case=NewCase("A", "ML")),
                ):
                    try:
                        attempt()
                    except CaseworkError as exc:
                        assert str(exc), "an error with no message"
                        seen[type(exc).__name__] += 1
                    else:
                        raise AssertionError("a mutated packet was accepted")
                assert db_hash(scene.probation.folder) == scene.before, "the database changed"

            run()
        finally:
            scene.close()
    seconds = time.perf_counter() - started
    print(f"{runs:,} mutated packets refused in {seconds:.0f} s; database unchanged.")
    for name, count in seen.most_common():
        print(f"  {name}: {count:,}")
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv))

"""Make a large workshop vault for benchmarks and print how long each part took.

    python tests/perf/make_big_vault.py --cases 50000 --out DIR [--seed 1] [--no-snapshot]

Calls the workshop generator (casework.workshop.generate): the directory, the training accounts
and the exercise cases through the services, the rest through the bulk path. The accounts and
passwords are the workshop ones (see `casework workshop`). Not part of the test suite. Key
derivation runs at production strength unless CASEWORK_TEST_KDF=1 is set.
"""

from __future__ import annotations

import argparse
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[2]))

from casework.workshop import generate  # noqa: E402


def main() -> int:
    parser = argparse.ArgumentParser()
    parser.add_argument("--cases", type=int, default=50_000)
    parser.add_argument("--out", type=Path, required=True, help="a new or empty folder")
    parser.add_argument("--seed", type=int, default=1)
    parser.add_argument("--no-snapshot", action="store_true", help="skip the reset snapshot")
    args = parser.parse_args()
    last = [time.perf_counter()]

    def progress(done: int, total: int) -> None:
        now = time.perf_counter()
        if now - last[0] >= 10 or done == total:
            last[0] = now
            print(f"  {done:>7,} / {total:,} cases", flush=True)

    info = generate(
        args.out, cases=args.cases, seed=args.seed, progress=progress, snapshot=not args.no_snapshot
    )
    rows = sum(v for k, v in info.counts.items() if k.startswith("bulk_"))
    print(f"vault: {args.out}  (bulk path: {info.bulk})")
    for name, seconds in info.seconds.items():
        print(f"  {name:<10s} {seconds:8.1f} s")
    counts = {k: v for k, v in info.counts.items() if not k.startswith("bulk_")}
    print("  rows:", ", ".join(f"{k} {v:,}" for k, v in counts.items()))
    if rows and info.seconds.get("bulk_rows"):
        print(
            f"  bulk: {rows:,} rows in {info.seconds['bulk_rows']:.1f} s = "
            f"{rows / info.seconds['bulk_rows']:,.0f} rows/s, "
            f"{info.cases / info.seconds['bulk_rows']:,.0f} cases/s"
        )
    size = sum(p.stat().st_size for p in args.out.rglob("*") if p.is_file())
    print(f"  size on disk: {size / 1e6:,.0f} MB (snapshot included)")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())

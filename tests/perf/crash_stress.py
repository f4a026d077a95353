"""Crash-safety stress run: 200 SIGKILLs of writers (150 committing, 50 changing a password).

    python tests/perf/crash_stress.py [--kills 200] [--seed 1]

Not part of the test suite (it takes minutes); tests/store/test_crash_safety.py runs 20.
"""

from __future__ import annotations

import argparse
import os
import random
import sys
import tempfile
import time
from pathlib import Path

HERE = Path(__file__).resolve().parent
sys.path[:0] = [str(HERE.parents[1]), str(HERE.parent / "store")]
os.environ["CASEWORK_TEST_KDF"] = "1"

from crash_harness import run_and_kill  # noqa: E402
from sqlalchemy import select, text  # noqa: E402

from casework.errors import WrongCredentials  # noqa: E402
from casework.model import Case  # noqa: E402
from casework.model.enums import Role  # noqa: E402
from casework.services import users  # noqa: E402
from casework.services.context import ServiceContext  # noqa: E402
from casework.store.vault import Vault  # noqa: E402

ADMIN_PW = "orchard lantern quietly ninety"
SUP_PW = "copper kettle over the dune"
ALT_PW = "lemon tractor whispers north"


def check(vault: Vault) -> None:
    with vault.engine.connect() as conn:
        assert conn.execute(text("PRAGMA integrity_check")).scalar() == "ok"
        assert conn.execute(text("PRAGMA cipher_integrity_check")).all() == []


def main() -> int:
    parser = argparse.ArgumentParser()
    parser.add_argument("--kills", type=int, default=200)
    parser.add_argument("--seed", type=int, default=1)
    args = parser.parse_args()
    rng = random.Random(args.seed)
    with tempfile.TemporaryDirectory() as tmp:
        folder = Path(tmp) / "vault"
        vault, _ = Vault.create(
            folder, organisation="Stress", admin_username="admin", admin_password=ADMIN_PW
        )
        users.create_user(
            ServiceContext.for_vault(vault), "sara", "Sara", {Role.SUPERVISOR}, SUP_PW
        )
        vault.close()
        confirmed: set[int] = set()
        pw = {"A": SUP_PW, "B": ALT_PW}
        current = "A"
        start = time.monotonic()
        for n in range(1, args.kills + 1):
            if n % 4:
                lines = run_and_kill(["commit", str(folder), "sara", pw[current]], rng)
                confirmed |= {int(x.split()[1]) for x in lines if x.startswith("case ")}
            else:
                other = "B" if current == "A" else "A"
                lines = run_and_kill(
                    ["passwd", str(folder), "sara", pw[current], pw[other]], rng, max_wait=0.3
                )
                absolute = {"A": current, "B": other}
                changes = [absolute[x.split()[1]] for x in lines if x.startswith("now ")]
                expected = changes[-1] if changes else current
                for label in (expected, "B" if expected == "A" else "A"):
                    try:
                        Vault.open(folder, "sara", pw[label]).close()
                    except WrongCredentials:
                        continue
                    current = label
                    break
                else:
                    print(f"kill {n}: vault opens with neither password")
                    return 1
            with Vault.open(folder, "admin", ADMIN_PW) as v:
                with v.session() as s:
                    missing = confirmed - set(s.scalars(select(Case.id)))
                if missing:
                    print(f"kill {n}: lost committed cases {sorted(missing)[:10]}")
                    return 1
                check(v)
            if n % 20 == 0:
                print(
                    f"{n} kills, {len(confirmed)} confirmed commits, "
                    f"{time.monotonic() - start:.0f} s"
                )
        print(
            f"OK: {args.kills} kills, {len(confirmed)} confirmed commits, none lost, "
            "integrity clean, password always usable"
        )
    return 0


if __name__ == "__main__":
    raise SystemExit(main())

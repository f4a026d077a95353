"""Argon2id key derivation for password key slots, with a floor no slot may go below.

Tests need cheap parameters. They get them through one explicit setting, the environment
variable CASEWORK_TEST_KDF=1, which swaps in a whole test *policy* (cheap default and a matching
floor). The production policy itself is never weakened.
"""

from __future__ import annotations

import math
import os
import time
from dataclasses import asdict, dataclass

from cryptography.hazmat.primitives.kdf.argon2 import Argon2id

KEY_BYTES = 32
SALT_BYTES = 16
# Ceilings for parameters read from keyslots.json, relative to the policy: memory at most 4 times
# the floor, passes at most what calibration may choose, and never more total work than the
# slowest calibrated slot (about a second in production; milliseconds under the test policy).
MEMORY_SLACK = 4
MAX_LANES = 16


@dataclass(frozen=True)
class KdfParams:
    memory_kib: int
    iterations: int
    lanes: int

    def at_least(self, floor: KdfParams) -> bool:
        return (
            self.memory_kib >= floor.memory_kib
            and self.iterations >= floor.iterations
            and self.lanes >= floor.lanes
        )

    def to_json(self) -> dict[str, int]:
        return asdict(self)

    @classmethod
    def from_json(cls, data: object) -> KdfParams:
        """Parameters read from a file: exactly three plain integers, or ValueError."""
        if not isinstance(data, dict) or set(data) != {"memory_kib", "iterations", "lanes"}:
            raise ValueError("bad KDF parameters")
        values = [data["memory_kib"], data["iterations"], data["lanes"]]
        if any(type(v) is not int for v in values):  # bool, float and str are refused
            raise ValueError("bad KDF parameters")
        return cls(*values)

    def within(self, policy: KdfPolicy) -> bool:
        """Not far above what calibration can produce, so deriving cannot hang the unlock or
        exhaust memory: checked before any derivation (an edited file is damage)."""
        top = policy.minimum
        return (
            0 < self.lanes <= MAX_LANES
            and 8 * self.lanes <= self.memory_kib <= top.memory_kib * MEMORY_SLACK
            and 0 < self.iterations <= policy.max_iterations
            and self.memory_kib * self.iterations <= top.memory_kib * policy.max_iterations
        )


@dataclass(frozen=True)
class KdfPolicy:
    name: str
    minimum: KdfParams
    # Seconds one derivation should take on this machine; 0 means use `minimum` as it is.
    target_seconds: float
    max_iterations: int = 12


PRODUCTION = KdfPolicy(
    "production", KdfParams(memory_kib=64 * 1024, iterations=3, lanes=4), target_seconds=0.5
)
TESTING = KdfPolicy("testing", KdfParams(memory_kib=64, iterations=1, lanes=1), target_seconds=0)


def active_policy() -> KdfPolicy:
    return TESTING if os.environ.get("CASEWORK_TEST_KDF") == "1" else PRODUCTION


def derive(password: bytes, salt: bytes, params: KdfParams) -> bytes:
    return Argon2id(
        salt=salt,
        length=KEY_BYTES,
        iterations=params.iterations,
        lanes=params.lanes,
        memory_cost=params.memory_kib,
    ).derive(password)


_calibrated: dict[str, KdfParams] = {}


def calibrated(policy: KdfPolicy) -> KdfParams:
    """Parameters for new slots: the floor, with more passes until a derivation takes about
    `target_seconds` here (measured once per process)."""
    if policy.target_seconds <= 0:
        return policy.minimum
    if policy.name not in _calibrated:
        start = time.perf_counter()
        derive(b"calibration", b"\0" * SALT_BYTES, policy.minimum)
        elapsed = max(time.perf_counter() - start, 1e-3)
        factor = policy.target_seconds / elapsed
        iterations = min(
            policy.max_iterations,
            max(policy.minimum.iterations, math.ceil(policy.minimum.iterations * factor)),
        )
        _calibrated[policy.name] = KdfParams(
            policy.minimum.memory_kib, iterations, policy.minimum.lanes
        )
    return _calibrated[policy.name]

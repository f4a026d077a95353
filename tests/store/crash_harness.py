"""Kill writers with SIGKILL at random moments and check that nothing committed was lost.

Used by tests/store/test_crash_safety.py (a few kills) and tests/perf/crash_stress.py (200).
"""

from __future__ import annotations

import os
import random
import select
import signal
import subprocess
import sys
import time
from pathlib import Path

CHILD = Path(__file__).with_name("crash_child.py")
ROOT = Path(__file__).resolve().parents[2]


def _env() -> dict[str, str]:
    env = dict(os.environ)
    env["CASEWORK_TEST_KDF"] = "1"
    env["PYTHONPATH"] = str(ROOT) + os.pathsep + env.get("PYTHONPATH", "")
    return env


def run_and_kill(args: list[str], rng: random.Random, max_wait: float = 0.6) -> list[str]:
    """Start the child, let it run a random while after 'ready', SIGKILL it; return its lines."""
    proc = subprocess.Popen(
        [sys.executable, str(CHILD), *args],
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        env=_env(),
    )
    assert proc.stdout is not None
    lines: list[str] = []
    deadline = None
    buffer = b""
    started = time.monotonic()
    while True:
        if time.monotonic() - started > 60:
            proc.kill()
            raise RuntimeError("child never became ready")
        ready, _, _ = select.select([proc.stdout], [], [], 0.01)
        if ready:
            chunk = os.read(proc.stdout.fileno(), 65536)
            if not chunk:
                break
            buffer += chunk
            *complete, buffer = buffer.split(b"\n")
            lines.extend(c.decode() for c in complete)
            if deadline is None and "ready" in lines:
                deadline = time.monotonic() + rng.uniform(0.0, max_wait)
        if deadline is not None and time.monotonic() >= deadline:
            os.kill(proc.pid, signal.SIGKILL)
            break
    proc.wait()
    # Whatever the child printed before dying was printed after its commit returned.
    rest = proc.stdout.read()
    lines.extend(line for line in (buffer + rest).decode().split("\n") if line)
    if proc.returncode != -signal.SIGKILL:
        raise RuntimeError(proc.stderr.read().decode() if proc.stderr else "child exited")
    return lines

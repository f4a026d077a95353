"""Growing delays after wrong passwords, at most 100 tries an hour per user.

The state lives in `throttle.json` in the vault folder (0600), keyed by the same HMAC of the user
name as the key slots, so it names nobody. It has to live outside the encrypted database: it is
needed before the database can be opened. It slows down guessing through the app; it cannot stop
an attacker who copies the folder (that is what Argon2id and long passwords are for).
"""

from __future__ import annotations

import json
import math
import os
import time
from collections.abc import Callable
from pathlib import Path

from casework.errors import TooManyAttempts

THROTTLE_FILE = "throttle.json"
WINDOW_SECONDS = 3600
MAX_PER_WINDOW = 100
FREE_ATTEMPTS = 3
MAX_DELAY_SECONDS = 300


class Throttle:
    def __init__(self, folder: Path, clock: Callable[[], float] = time.time) -> None:
        self.path = folder / THROTTLE_FILE
        self.clock = clock

    def _load_all(self) -> dict[str, dict[str, object]]:
        try:
            data = json.loads(self.path.read_text("utf-8"))
            return {
                "window": {k: [float(t) for t in v] for k, v in data["window"].items()},
                "unreported": {k: int(v) for k, v in data["unreported"].items()},
            }
        except (OSError, ValueError, AttributeError, TypeError, KeyError):
            return {"window": {}, "unreported": {}}

    def _load(self) -> dict[str, list[float]]:
        return self._load_all()["window"]  # type: ignore[return-value]

    def _save_all(self, data: dict[str, dict[str, object]]) -> None:
        tmp = self.path.with_name(self.path.name + ".tmp")
        fd = os.open(tmp, os.O_WRONLY | os.O_CREAT | os.O_TRUNC, 0o600)
        try:
            os.write(fd, json.dumps(data).encode("utf-8"))
            os.fsync(fd)
        finally:
            os.close(fd)
        os.replace(tmp, self.path)

    def _recent(self, key: str) -> list[float]:
        now = self.clock()
        return [t for t in self._load().get(key, []) if now - t < WINDOW_SECONDS]

    def failures(self, key: str) -> int:
        """Wrong attempts since the last successful login (reported in the audit trail)."""
        return int(self._load_all()["unreported"].get(key, 0))  # type: ignore[arg-type]

    def wait_seconds(self, key: str) -> int:
        """Seconds before the next attempt for `key` is allowed (0 = now)."""
        failures = sorted(self._recent(key))
        now = self.clock()
        if len(failures) >= MAX_PER_WINDOW:
            return math.ceil(failures[-MAX_PER_WINDOW] + WINDOW_SECONDS - now)
        if len(failures) < FREE_ATTEMPTS:
            return 0
        delay = min(2 ** (len(failures) - FREE_ATTEMPTS), MAX_DELAY_SECONDS)
        return max(0, math.ceil(failures[-1] + delay - now))

    def check(self, key: str) -> None:
        seconds = self.wait_seconds(key)
        if seconds > 0:
            raise TooManyAttempts(seconds=seconds)

    def failed(self, key: str) -> None:
        data = self._load_all()
        window: dict[str, list[float]] = data["window"]  # type: ignore[assignment]
        unreported: dict[str, int] = data["unreported"]  # type: ignore[assignment]
        now = self.clock()
        window[key] = [t for t in window.get(key, []) if now - t < WINDOW_SECONDS] + [now]
        unreported[key] = unreported.get(key, 0) + 1
        self._save_all(data)

    def succeeded(self, key: str) -> None:
        data = self._load_all()
        if key in data["window"] or key in data["unreported"]:
            data["window"].pop(key, None)  # type: ignore[union-attr]
            data["unreported"].pop(key, None)  # type: ignore[union-attr]
            self._save_all(data)

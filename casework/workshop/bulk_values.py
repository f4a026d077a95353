"""Small helpers shared by the bulk path's row builders (workshop/bulk_*.py)."""

from __future__ import annotations

import datetime as dt
import random
from typing import Any


def _stamp(day: dt.date, hour: int = 10) -> dt.datetime:
    return dt.datetime.combine(day, dt.time(hour), tzinfo=dt.UTC)


def _weighted(rng: random.Random, pairs: tuple[tuple[Any, int], ...]) -> Any:
    return rng.choices([p[0] for p in pairs], [p[1] for p in pairs])[0]


def _days(n: int) -> dt.timedelta:
    return dt.timedelta(days=n)

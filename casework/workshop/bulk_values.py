"""Small helpers shared by the bulk path's row builders (workshop/bulk_*.py).

They run hundreds of thousands of times per load, so what repeats is made once: the sums of a
weighted choice, the timestamps of a day. Each draw takes exactly the numbers from the seeded
generator that `random.Random`'s own method would (a seed gives the same vault as before).
"""

from __future__ import annotations

import datetime as dt
import random
from bisect import bisect
from itertools import accumulate
from typing import Any

_STAMPS: dict[tuple[dt.date, int], dt.datetime] = {}
_DAYS: dict[int, dt.timedelta] = {}
_WEIGHTS: dict[int, tuple[Any, tuple[Any, ...], list[int], float, int]] = {}


def _stamp(day: dt.date, hour: int = 10) -> dt.datetime:
    key = (day, hour)
    try:
        return _STAMPS[key]
    except KeyError:
        value = _STAMPS[key] = dt.datetime.combine(day, dt.time(hour), tzinfo=dt.UTC)
        return value


def _weighted(rng: random.Random, pairs: tuple[tuple[Any, int], ...]) -> Any:
    """`rng.choices(values, weights)[0]`, drawn as it draws it, with the weights summed once."""
    entry = _WEIGHTS.get(id(pairs))
    if entry is None or entry[0] is not pairs:
        cum = list(accumulate(p[1] for p in pairs))
        entry = (pairs, tuple(p[0] for p in pairs), cum, cum[-1] + 0.0, len(pairs) - 1)
        _WEIGHTS[id(pairs)] = entry
    _pairs, values, cum, total, hi = entry
    return values[bisect(cum, rng.random() * total, 0, hi)]


def _randint(rng: random.Random, a: int, b: int) -> int:
    """`rng.randint(a, b)` (which is `a + rng._randbelow(b - a + 1)`) without its two calls
    and three index checks."""
    if b < a:
        raise ValueError(f"empty range for randint({a}, {b})")
    return a + rng._randbelow(b - a + 1)  # type: ignore[attr-defined]


def _days(n: int) -> dt.timedelta:
    try:
        return _DAYS[n]
    except KeyError:
        value = _DAYS[n] = dt.timedelta(days=n)
        return value

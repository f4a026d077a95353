"""Dates that are allowed but probably mistyped: a due date years in the past, a review 70 years
ahead, a birth date 130 years ago. The app warns (the date is kept if the user means it).

One table of windows by field name (the form's field name is the record's), in days before and
after today; a date outside its window gets a warning saying which way it is off.
"""

from __future__ import annotations

import datetime as dt

from casework.i18n import N_

YEAR = 365

# field name → (how far back, how far ahead) is plausible, in days.
WINDOWS: dict[str, tuple[int, int]] = {
    # things planned: a little late is normal, years late or decades ahead is a typo
    "due_on": (2 * YEAR, 5 * YEAR),
    "expected_end_on": (2 * YEAR, 5 * YEAR),
    "scheduled_on": (2 * YEAR, 5 * YEAR),
    "expires_on": (2 * YEAR, 10 * YEAR),
    # things that happened: recorded late, never decades late
    "given_on": (10 * YEAR, 0),
    "withdrawn_on": (10 * YEAR, 0),
    "observed_on": (10 * YEAR, 0),
    "made_on": (10 * YEAR, 0),
    "occurred_on": (10 * YEAR, 0),
    "held_on": (10 * YEAR, 0),
    "received_on": (5 * YEAR, 0),
    # people
    "date_of_birth": (100 * YEAR, 0),
    "release_date": (40 * YEAR, 30 * YEAR),
}

TOO_EARLY = N_("Check this date: it is more than {years} years ago.")
TOO_LATE = N_("Check this date: it is more than {years} years ahead.")
IN_FUTURE = N_("Check this date: it is in the future.")


def check(field: str, value: dt.date | None, today: dt.date) -> tuple[str, dict[str, int]] | None:
    """(message id, its parameters) when `value` is outside the field's plausible window."""
    if value is None or field not in WINDOWS:
        return None
    back, ahead = WINDOWS[field]
    if value < today - dt.timedelta(days=back):
        return TOO_EARLY, {"years": max(2, round(back / YEAR))}  # windows are 2 years or more
    if value > today + dt.timedelta(days=ahead):
        if ahead == 0:
            return IN_FUTURE, {}
        return TOO_LATE, {"years": max(2, round(ahead / YEAR))}
    return None

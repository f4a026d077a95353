"""Statistical disclosure control for the aggregated statistics: nobody can undo the protection.

Three published methods, each answering one attack (the statistics tests run an attacker's
script against all three):

1. **Primary and complementary (secondary) cell suppression** (the cell-suppression method of
   statistical offices; see the Eurostat/ESSnet *Handbook on Statistical Disclosure Control*,
   ch. 4, and the τ-ARGUS "hypercube" method). A count from 1 to 4 is withheld ("< 5"). Where
   a table publishes its total, one withheld cell could be worked out by subtracting the others
   from the total, so further cells are withheld ("x"): in every relation "total = sum of its
   cells", either nothing is withheld or the withheld members leave every small count a range of
   possible values (an attacker who knows the rule — small cells 1 to 4, complementary cells 5
   or more — still cannot pin one down). `protect()` applies it to every relation of the
   overview, rows and columns, until nothing changes.
2. **The cell key method** (Australian Bureau of Statistics, TableBuilder; used by the ONS for
   the 2021 Census and recommended by Eurostat for census tables). Every record has a fixed
   pseudo-random *record key* (0–255); a cell's key is the sum of its records' keys modulo 256,
   and a small zero-mean perturbation (−2 to +2) is read for it from a fixed table. The same
   records always give the same published figure, so asking again (or exporting again) gives
   the same answer and nothing can be averaged away; adding or removing one record gives a new,
   unrelated perturbation, so subtracting two tables does not give the difference in people.
   Record keys come from the record id and a secret kept in the vault, so nobody outside can
   compute them.
3. **Whole-month reference periods with a minimum difference** (statistical offices publish for
   closed reference periods; the ESSnet handbook's protection against differencing). Figures
   cover records up to the end of a complete month, and an area's periods start and end only
   at month ends after which it gained at least 5 cases (`period_cuts`), so exports made on
   different days are identical until the figures move on, and no two periods of an area
   differ by fewer than 5 of its people.
4. **No area beside a small remainder**: an area filter is refused when its wider area holds
   1 to 4 more cases in the same period (`check_remainder`), since subtracting the two tables
   would show those few people unprotected.

Pure functions and SQL expressions; no Qt, no personal data.
"""

from __future__ import annotations

import datetime as dt
import secrets
from collections.abc import Hashable, Iterable, Sequence
from dataclasses import dataclass
from typing import Any

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from casework.errors import ValidationError
from casework.i18n import N_
from casework.model import Case, VaultMeta
from casework.model.enums import Subregion
from casework.model.geography import subregion_of
from casework.store import backends, stat_cells

SMALL_CELL = 5
KEY_MODULUS = stat_cells.KEY_MODULUS
_PRIME = stat_cells.PRIME  # the largest prime below 2**16: record ids are mixed modulo it
SECRET_META = stat_cells.SECRET_META

# The perturbation table: the cell key picks the noise. 128 keys give 0, 51 give +1 and 51
# give -1, 13 give +2 and 13 give -2: zero mean, never more than 2 off. Interleaved by a fixed
# permutation so neighbouring keys do not share a value.
_COUNTS = ((0, 128), (1, 51), (-1, 51), (2, 13), (-2, 13))
_FLAT = [d for d, n in _COUNTS for _ in range(n)]
PTABLE: tuple[int, ...] = tuple(_FLAT[(i * 97) % KEY_MODULUS] for i in range(KEY_MODULUS))


@dataclass(frozen=True)
class Withheld:
    """A count withheld to protect a small one (complementary suppression), shown "x"."""

    def __repr__(self) -> str:
        return "WITHHELD"


WITHHELD = Withheld()


# --- record and cell keys ------------------------------------------------------------------------


def vault_secret(s: Session) -> bytes:
    """The vault's secret for record keys, made on first use (inside the caller's write)."""
    row = s.get(VaultMeta, SECRET_META)
    if row is None:
        row = VaultMeta(key=SECRET_META, value=secrets.token_hex(32))
        s.add(row)
        s.flush()
    return bytes.fromhex(row.value)


@dataclass(frozen=True)
class KeyMixer:
    """Record key of a row: ((id * a + b) mod 65521) mod 256, with a and b per table from the
    vault's secret. Computed in SQL, so the database sums the keys of a cell as it counts it."""

    a: int
    b: int

    @classmethod
    def for_table(cls, secret: bytes, table: str) -> KeyMixer:
        return cls(*stat_cells.mixer_params(secret, table))

    def record_key(self, id_column: Any) -> Any:
        return ((id_column * self.a + self.b) % _PRIME) % KEY_MODULUS

    def key_sum(self, id_column: Any) -> Any:
        """SUM of the record keys (the cell key before the modulo), for a SELECT."""
        return func.coalesce(func.sum(self.record_key(id_column)), 0)

    def of(self, ids: Iterable[int]) -> int:
        """The same in Python (tests, and counts made outside SQL)."""
        return sum(((i * self.a + self.b) % _PRIME) % KEY_MODULUS for i in ids) % KEY_MODULUS


def perturb(count: int, key_sum: int) -> int:
    """The published value of a count of 5 or more: count plus the cell key's noise, never
    below 5 (it would read as a suppressed cell) — the cell key method."""
    if count < SMALL_CELL:
        return count
    return max(SMALL_CELL, count + PTABLE[int(key_sum) % KEY_MODULUS])


# --- whole-month periods that move in steps of at least five people ----------------------------


def reference_end(today: dt.date) -> dt.date:
    """The last day of the last complete month: figures never include the current month."""
    return today.replace(day=1) - dt.timedelta(days=1)


def month_start(day: dt.date) -> dt.date:
    return day.replace(day=1)


def month_end(day: dt.date) -> dt.date:
    return (day.replace(day=28) + dt.timedelta(days=4)).replace(day=1) - dt.timedelta(days=1)


def period_cuts(openings: Iterable[tuple[dt.date, int]]) -> list[dt.date]:
    """The month ends at which published periods of one area may start or end.

    `openings` are (month, cases opened in the area) up to the end of the last complete month.
    A month end becomes a cut only when the area gained at least 5 cases since the previous cut,
    so the cases between two cuts are none or at least 5. Periods run from cut to cut, so two
    periods anyone can ask for about an area never differ by fewer than 5 of its people (a
    minimum-difference rule, the ESSnet handbook's protection against differencing). Months
    with fewer new cases wait: the figures move on in steps.
    """
    by_month: dict[dt.date, int] = {}
    for month, n in openings:
        key = month_start(month)
        by_month[key] = by_month.get(key, 0) + int(n)
    cuts: list[dt.date] = []
    pending = 0
    for month in sorted(by_month):
        pending += by_month[month]
        if pending >= SMALL_CELL:
            cuts.append(month_end(month))
            pending = 0
    return cuts


def snap_since(since: dt.date | None, cuts: Sequence[dt.date]) -> dt.date | None:
    """A period start on a cut: the day after the latest cut before `since` (None: the start)."""
    if since is None:
        return None
    earlier = [c for c in cuts if c < since]
    return earlier[-1] + dt.timedelta(days=1) if earlier else None


def cuts_until(s: Session, last: dt.date, area: Sequence[Any] = ()) -> list[dt.date]:
    """The cuts of an area (conditions on Case) over its cases opened up to `last`."""
    month = backends.month_start(Case.opened_on)
    rows = s.execute(
        select(month, func.count()).where(Case.opened_on <= last, *area).group_by(month)
    ).all()
    return period_cuts((dt.date.fromisoformat(m), n) for m, n in rows)


def check_remainder(
    s: Session, subregion: Subregion | None, country: str | None, when: Sequence[Any]
) -> None:
    """Refuse an area whose wider area holds 1 to 4 more cases in the same period: subtracting
    the two tables would show those few people unprotected."""
    if not subregion and not country:
        return

    def n(*where: Any) -> int:
        return int(s.scalar(select(func.count()).select_from(Case).where(*when, *where)) or 0)

    region = subregion or subregion_of(country or "")
    inside = n(Case.country == country) if country else n(Case.subregion == region)
    wider = [n()]
    if country:
        wider.append(n(Case.subregion == region))
    if any(0 < w - inside < SMALL_CELL for w in wider):
        raise remainder_refused(country)


def remainder_refused(country: str | None) -> ValidationError:
    """The refusal of an area beside a small remainder (the server's database refuses it too)."""
    field = "country" if country else "subregion"
    return ValidationError(
        {
            field: N_(
                "Fewer than 5 cases lie outside this area in the same period: its figures "
                "would single them out when compared with the wider ones. Choose a wider "
                "area."
            )
        }
    )


# --- complementary suppression ------------------------------------------------------------------

Key = Hashable


@dataclass(frozen=True)
class Relation:
    """`total` = sum of `cells`, as published in one table (a row, a column, a breakdown)."""

    total: Key
    cells: Sequence[Key]


def _bounds(key: Key, primary: set[Key], loose: set[Key]) -> tuple[float, float]:
    if key in loose:
        return 0, SMALL_CELL - 1  # in a table whose total is under 5: zeros are withheld too
    if key in primary:
        return 1, SMALL_CELL - 1
    return SMALL_CELL, float("inf")  # a complementary cell: 5 or more, nothing else known


def small_tables(values: dict[Key, int], relations: Iterable[Relation]) -> set[Key]:
    """Every member of a relation whose total is under 5 (but not 0): the whole table is
    withheld, zeros included, since zeros shown beside small cells would pin them down."""
    out: set[Key] = set()
    for rel in relations:
        if 0 < values[rel.total] < SMALL_CELL:
            out |= {rel.total, *rel.cells}
    return out


def exposed(
    relation: Relation,
    values: dict[Key, int],
    primary: set[Key],
    hidden: set[Key],
    loose: set[Key] | None = None,
) -> bool:
    """Whether an attacker can pin down a withheld small count of this relation from the
    published members, knowing the rule (small 1–4, complementary 5 or more)."""
    members = [relation.total, *relation.cells]
    withheld = [m for m in members if m in hidden]
    if not withheld:
        return False
    if len(withheld) == 1:
        return True  # total minus the others, or the sum of the cells
    # Signs: the total counts +1, each cell -1; the published part sums to a known value.
    sign = {m: (1 if m == relation.total else -1) for m in members}
    known = sum(sign[m] * values[m] for m in members if m not in hidden)
    # sum over withheld of sign*x = -known. For each withheld small count, its feasible range.
    for m in withheld:
        if m not in primary:
            continue
        others = [o for o in withheld if o != m]
        lo_sum = sum(
            sign[o] * (_bounds(o, primary, loose or set())[0 if sign[o] > 0 else 1]) for o in others
        )
        hi_sum = sum(
            sign[o] * (_bounds(o, primary, loose or set())[1 if sign[o] > 0 else 0]) for o in others
        )
        # sign[m]*x = -known - (sum of others' signed values), which lies in [-known-hi, -known-lo]
        low, high = -known - hi_sum, -known - lo_sum
        if sign[m] < 0:
            low, high = -high, -low
        own_lo, own_hi = _bounds(m, primary, loose or set())
        low, high = max(low, own_lo), min(high, own_hi)
        if high - low < 1:  # one value left: the small count is known
            return True
    return False


def protect(values: dict[Key, int], relations: Iterable[Relation]) -> tuple[set[Key], set[Key]]:
    """(primary, complementary) withheld keys: counts 1–4 (and every member of a table whose
    total is 1–4, zeros included), then complements until no relation
    lets a small count be worked out. A complement is the smallest published non-zero cell of
    the exposed relation (its total when no cell is left)."""
    relations = list(relations)
    loose = small_tables(values, relations)
    primary = {k for k, v in values.items() if 0 < v < SMALL_CELL} | loose
    hidden = set(primary)
    changed = True
    while changed:
        changed = False
        for rel in relations:
            while exposed(rel, values, primary, hidden, loose):
                candidates = [c for c in rel.cells if c not in hidden and values[c] > 0]
                if not candidates and rel.total not in hidden and values[rel.total] > 0:
                    candidates = [rel.total]
                if not candidates:
                    break  # everything that could be withheld is: nothing more to do
                hidden.add(min(candidates, key=lambda c: (values[c], str(c))))
                changed = True
    return primary, hidden - primary

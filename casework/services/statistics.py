"""Aggregated statistics for supervisors and M&E officers: counts only, computed in SQL.

Nothing here loads a case, referral, plan or task into Python: every figure is a GROUP BY or a
COUNT, and the read model holds enum values, country codes and counts, never a name, alias,
reference or anything else about one person.

Disclosure control (casework.services.disclosure names the published methods):
- counts from 1 to 4 are withheld, shown "< 5" (`None` in the read model); zero stays 0;
- complementary suppression: where a table publishes its total, further cells are withheld
  (shown "x", `WITHHELD`) so no small count can be worked out from the totals;
- the cell key method: every published count of 5 or more carries a small, fixed perturbation
  (-2 to +2) decided by the records in the cell, so subtracting two tables does not isolate
  a person, and asking again gives the same figures;
- whole-month periods with a minimum difference: figures cover records up to the end of a
  complete month after which every area gained none or at least 5 cases (`as_of`), and `since`
  starts on such a boundary.

Filters: `subregion` and `country` restrict everything to cases of that area; `since` counts
cases opened, and referrals, plans and tasks created, from the period boundary at or before it.
"""

from __future__ import annotations

import csv
import datetime as dt
import io
from collections.abc import Iterable, Sequence

from sqlalchemy.orm import Session

from casework.errors import ValidationError
from casework.i18n import N_
from casework.model.enums import Subregion
from casework.model.geography import subregion_of
from casework.services.context import ServiceContext
from casework.services.disclosure import SMALL_CELL as SMALL_CELL  # re-exported
from casework.services.disclosure import WITHHELD as WITHHELD  # re-exported
from casework.services.disclosure import Withheld
from casework.services.permissions import Permission
from casework.services.statistics_figures import AreaRow as AreaRow  # re-exported
from casework.services.statistics_figures import Count, Overview, publish
from casework.services.statistics_figures import CountRow as CountRow  # re-exported
from casework.services.statistics_figures import DomainRow as DomainRow  # re-exported

SUPPRESSED = "< 5"
WITHHELD_TEXT = "x"


def _check_filters(subregion: Subregion | None, country: str | None) -> str | None:
    if country:
        country = country.strip().upper()
        region = subregion_of(country)
        if region is None:
            raise ValidationError({"country": N_("Choose a country.")})
        if subregion is not None and region is not subregion:
            raise ValidationError({"country": N_("This country is not in that subregion.")})
    return country or None


def compute(
    ctx: ServiceContext,
    s: Session,
    subregion: Subregion | None,
    country: str | None,
    since: dt.date | None,
) -> Overview:
    """The published figures: counted by the vault's SQL, or by the office server's database
    (which protects them itself: the M&E role reads no case there)."""
    if s.get_bind().dialect.name == "postgresql":
        from casework.services import statistics_server as source
    else:
        from casework.services import statistics_counts as source  # type: ignore[no-redef]
    return publish(source.gather(ctx, s, subregion, country, since), subregion, country)


def overview(
    ctx: ServiceContext,
    *,
    subregion: Subregion | None = None,
    country: str | None = None,
    since: dt.date | None = None,
) -> Overview:
    """The aggregates for the area and period asked; audited as "statistics.viewed"."""
    ctx.require(Permission.STATISTICS)
    country = _check_filters(subregion, country)
    with ctx.write() as uow:
        result = compute(ctx, uow.session, subregion, country, since)
        uow.audit("statistics.viewed")
        return result


# --- export --------------------------------------------------------------------------------------


def shown(count: Count) -> str:
    """A count as it is shown and exported: "< 5" for a suppressed one, "x" for one withheld
    to protect a small count."""
    if count is None:
        return SUPPRESSED
    if isinstance(count, Withheld):
        return WITHHELD_TEXT
    return str(count)


def csv_rows(result: Overview) -> Iterable[Sequence[str]]:
    """(section, group, item, count) rows with the enum values and ISO codes as keys: a file
    for a spreadsheet or another tool, the same in any interface language."""
    yield ("section", "group", "item", "count")
    yield ("filter", "", "subregion", result.subregion.value if result.subregion else "")
    yield ("filter", "", "country", result.country or "")
    yield ("filter", "", "since", result.since.isoformat() if result.since else "")
    yield ("filter", "", "as_of", result.as_of.isoformat() if result.as_of else "")
    yield ("cases", "", "total", shown(result.cases_total))
    for name, rows in (
        ("cases_by_status", result.cases_by_status),
        ("cases_by_category", result.cases_by_category),
        ("cases_by_subregion", result.cases_by_subregion),
    ):
        for row in rows:
            yield (name, "", row.key.value, shown(row.count))
    for area in result.cases_by_country:
        yield ("cases_by_country", area.subregion.value, area.country, shown(area.count))
    yield ("referrals", "", "total", shown(result.referrals_total))
    for name, rows in (
        ("referrals_by_state", result.referrals_by_state),
        ("referrals_by_service", result.referrals_by_service),
    ):
        for row in rows:
            yield (name, "", row.key.value, shown(row.count))
    yield ("referrals", "", "overdue", shown(result.referrals_overdue))
    yield ("referrals", "", "answered", shown(result.referrals_answered))
    median = result.median_days_to_answer
    yield ("referrals", "", "median_days_sent_to_answer", "" if median is None else f"{median}")
    yield ("plans", "", "total", shown(result.plans_total))
    for row in result.plans_by_state:
        yield ("plans_by_state", "", row.key.value, shown(row.count))
    yield ("goals", "", "total", shown(result.goals_total))
    for domain in result.goals_by_domain:
        yield ("goals_by_domain", domain.domain.value, "total", shown(domain.total))
        for row in domain.by_status:
            yield ("goals_by_domain", domain.domain.value, row.key.value, shown(row.count))
    yield ("tasks", "", "open_overdue", shown(result.tasks_overdue))


def export_csv(
    ctx: ServiceContext,
    *,
    subregion: Subregion | None = None,
    country: str | None = None,
    since: dt.date | None = None,
) -> str:
    """The same aggregates as CSV text; audited as "statistics.exported"."""
    ctx.require(Permission.EXPORT_AGGREGATE)
    ctx.require(Permission.STATISTICS)
    country = _check_filters(subregion, country)
    with ctx.write() as uow:
        result = compute(ctx, uow.session, subregion, country, since)
        uow.audit("statistics.exported")
    out = io.StringIO()
    writer = csv.writer(out, lineterminator="\n")
    writer.writerows(csv_rows(result))
    return out.getvalue()

"""Is this person already in the vault? Likely matches by name, alias and date of birth.

Used when a referral arrives from a partner (record it on the existing case rather than a new
one) and when a caseworker registers a person. A match on a case this user may not open shows
only its reference, so the user can ask a supervisor without seeing the record.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable
from dataclasses import dataclass

from sqlalchemy import func, or_, select

from casework.i18n import N_
from casework.model import Case
from casework.services.context import ServiceContext
from casework.services.permissions import Permission

SAME_NAME = N_("same name")
SAME_ALIAS = N_("same alias")
SAME_BIRTH_DATE = N_("same date of birth")
MAX_CANDIDATES = 200


@dataclass(frozen=True)
class LikelyMatch:
    case_id: int
    reference: str
    alias: str  # "" when this user may not open the case
    date_of_birth: dt.date | None  # None when not visible
    reasons: tuple[str, ...]  # untranslated (N_) phrases
    visible: bool


def _norm(text: str) -> str:
    return " ".join(text.casefold().split())


def _words(text: str) -> set[str]:
    return {w for w in _norm(text).replace(",", " ").split() if len(w) > 1}


def likely_matches(
    ctx: ServiceContext, names: Iterable[str], date_of_birth: dt.date | None = None
) -> list[LikelyMatch]:
    """Cases whose legal name or alias equals one of `names`, or with the same date of birth
    and a name in common; best matches first."""
    ctx.require(Permission.EDIT_CASE_RECORDS)
    wanted = {_norm(n) for n in names if n and n.strip()}
    words = set().union(*(_words(n) for n in wanted)) if wanted else set()
    if not wanted and date_of_birth is None:
        return []
    conditions = []
    if wanted:
        conditions += [func.lower(Case.legal_name).in_(wanted), func.lower(Case.alias).in_(wanted)]
        conditions += [func.lower(Case.other_aliases).contains(n) for n in sorted(wanted)[:5]]
    if date_of_birth is not None:
        conditions.append(Case.date_of_birth == date_of_birth)
    found: list[LikelyMatch] = []
    with ctx.read() as s:
        for case in s.scalars(select(Case).where(or_(*conditions)).limit(MAX_CANDIDATES)):
            reasons = []
            if _norm(case.legal_name) in wanted:
                reasons.append(SAME_NAME)
            aliases = {_norm(case.alias)} | {
                _norm(a) for a in case.other_aliases.replace(";", ",").split(",") if a.strip()
            }
            if aliases & wanted:
                reasons.append(SAME_ALIAS)
            if date_of_birth is not None and case.date_of_birth == date_of_birth:
                shared = words & (_words(case.legal_name) | _words(case.alias))
                if not reasons and not shared:
                    continue
                reasons.append(SAME_BIRTH_DATE)
            if not reasons:
                continue
            visible = ctx.may_see_restricted(case)
            found.append(
                LikelyMatch(
                    case.id,
                    case.reference,
                    case.alias if visible else "",
                    case.date_of_birth if visible else None,
                    tuple(reasons),
                    visible,
                )
            )
    found.sort(key=lambda m: (-len(m.reasons), m.reference))
    return found

"""Before a new case is created: is this person already in the vault? (Same check as when a
referral arrives from a partner: casework.services.matching.)

The first "Create case" with likely matches shows them and stops; pressing it again with the
same details creates the case anyway (a namesake is possible: the caseworker decides).
"""

from __future__ import annotations

from casework.errors import CaseworkError
from casework.i18n import N_, _
from casework.services.cases import CaseInput
from casework.services.context import ServiceContext
from casework.services.matching import likely_matches


class PossibleDuplicate(CaseworkError):
    default_message = N_(
        "This person may already be in the vault: {cases}. Open that case instead, or press "
        "Create case again to create a new one anyway."
    )


class DuplicateGuard:
    def __init__(self, ctx: ServiceContext) -> None:
        self.ctx = ctx
        self._warned: tuple[object, ...] | None = None

    def check(self, data: CaseInput) -> None:
        names = [data.alias, data.legal_name]
        names += [a for a in data.other_aliases.replace(";", ",").split(",") if a.strip()]
        key = (tuple(n.strip().casefold() for n in names), data.date_of_birth)
        if key == self._warned:
            return
        matches = likely_matches(self.ctx, names, data.date_of_birth)
        if not matches:
            return
        self._warned = key
        cases = "; ".join(
            f"{m.reference} ({', '.join(_(r) for r in m.reasons)})" for m in matches[:5]
        )
        raise PossibleDuplicate(cases=cases)

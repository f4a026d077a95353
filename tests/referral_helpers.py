"""A consented, sent referral in a few words: the steps many tests need before the part they test
(a consent to share with the receiving organisation, then the referral created and sent)."""

from __future__ import annotations

import datetime as dt

from casework.model.enums import ConsentMethod, ConsentPurpose, InfoScope, ServiceType
from casework.services import consents, referrals
from casework.services.consents import ConsentInput
from casework.services.context import ServiceContext
from casework.services.referrals import ReferralInput


def record_sharing_consent(
    ctx: ServiceContext,
    case_id: int,
    to_org: int,
    scopes: frozenset[InfoScope] = frozenset({InfoScope.IDENTITY}),
) -> None:
    """The client's signed consent, given yesterday, to share `scopes` with `to_org`."""
    consents.record_consent(
        ctx,
        case_id,
        ConsentInput(
            ConsentPurpose.INFORMATION_SHARING,
            ctx.today() - dt.timedelta(days=1),
            ConsentMethod.SIGNED_FORM,
            frozenset(scopes),
            recipient_org_id=to_org,
        ),
    )


def send_referral_to(
    ctx: ServiceContext, case_id: int, to_org: int, purpose: str = "Help with a job"
) -> int:
    """An employment referral of the case to `to_org`, created and sent; its id."""
    rid = referrals.create_referral(
        ctx, case_id, ReferralInput(ServiceType.EMPLOYMENT, to_org, None, purpose)
    )
    referrals.send_referral(ctx, rid)
    return rid

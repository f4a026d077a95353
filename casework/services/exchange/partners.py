"""Organisation cards: ours to hand out, partners' to import and verify.

Importing a card links it to a directory organisation as *unverified*. Only an administrator
marks it verified, after comparing the fingerprint with the partner by phone or in person.
A new card for an organisation that had one replaces it (the old one is kept as *replaced*,
so packets it signed stay readable) and must be verified again.
"""

from __future__ import annotations

from dataclasses import dataclass

from sqlalchemy import select

from casework.errors import NotFound, ValidationError
from casework.exchange.card import Card, build_card, parse_card
from casework.exchange.keys import normalise_fingerprint
from casework.i18n import N_
from casework.model import Organisation, PartnerKey
from casework.model.enums import OrgType, PartnerStatus
from casework.services.context import ServiceContext
from casework.services.exchange.common import (
    ExchangeRefused,
    PartnerRow,
    active_key,
    current_partner,
    organisation_country,
    organisation_name,
    own_identity,
    partner_row,
)
from casework.services.permissions import Permission


@dataclass(frozen=True)
class OwnSummary:
    """What the Partners page shows of our card: no key is needed for it."""

    name: str
    country: str
    fingerprint: str


@dataclass(frozen=True)
class OwnCard:
    name: str
    country: str
    fingerprint: str
    data: bytes  # the card file's bytes


@dataclass(frozen=True)
class CardPreview:
    """A partner's card before import: what it says and what importing it would do."""

    card: Card
    already_imported_for: str  # organisation name if this very card is already imported
    likely_org_ids: tuple[int, ...]  # directory organisations with the card's name


def own_summary(ctx: ServiceContext) -> OwnSummary:
    """Our organisation's name, country and fingerprint (from the public keys only)."""
    with ctx.read() as s:
        identity = own_identity(s)
        return OwnSummary(organisation_name(s), organisation_country(s), identity.fingerprint)


def own_card(ctx: ServiceContext) -> OwnCard:
    """This organisation's card (public keys only; any user may hand it out on a vault). It is
    signed with the organisation's signing key, which an office server hands out for it to
    supervisors and administrators only, and audits."""
    with ctx.read() as s:
        keys = active_key(s, "card")
        name, country = organisation_name(s), organisation_country(s)
    data = build_card(keys, name, country, ctx.today())
    return OwnCard(name, country, keys.public.fingerprint, data)


def record_card_exported(ctx: ServiceContext) -> None:
    with ctx.write() as uow:
        uow.audit("exchange.card_exported", "vault")


def preview_card(ctx: ServiceContext, data: bytes) -> CardPreview:
    ctx.require(Permission.MANAGE_DIRECTORY)
    card = parse_card(data)
    with ctx.read() as s:
        existing = s.scalar(select(PartnerKey).where(PartnerKey.fingerprint == card.fingerprint))
        already = ""
        if existing is not None:
            org = s.get(Organisation, existing.organisation_id)
            already = org.name if org else ""
        likely = tuple(
            s.scalars(
                select(Organisation.id)
                .where(Organisation.name.ilike(card.name), Organisation.active.is_(True))
                .order_by(Organisation.id)
                .limit(5)
            )
        )
    return CardPreview(card, already, likely)


def import_card(
    ctx: ServiceContext,
    data: bytes,
    org_id: int | None,
    *,
    new_org_type: OrgType = OrgType.CSO,
) -> int:
    """Link a partner's card to a directory organisation (a new one when `org_id` is None);
    returns the partner id. The card starts unverified."""
    ctx.require(Permission.MANAGE_DIRECTORY)
    card = parse_card(data)
    with ctx.write() as uow:
        s = uow.session
        existing = s.scalar(select(PartnerKey).where(PartnerKey.fingerprint == card.fingerprint))
        if existing is not None:
            org = s.get(Organisation, existing.organisation_id)
            raise ExchangeRefused(
                N_("This card is already imported, for {organisation}. Nothing was changed."),
                organisation=org.name if org else "?",
            )
        if org_id is None:
            org = Organisation(
                name=card.name,
                org_type=new_org_type,
                country=card.country,
                created_at=ctx.now(),
            )
            s.add(org)
            s.flush()
            uow.audit("organisation.created", "organisation", org.id, source="card")
        else:
            org = s.get(Organisation, org_id)
            if org is None or not org.active:
                raise ValidationError(
                    {"org_id": N_("Choose an active organisation from the directory.")}
                )
        replaced = current_partner(s, org.id)
        if replaced is not None:
            replaced.status = PartnerStatus.REPLACED
        partner = PartnerKey(
            organisation_id=org.id,
            name_on_card=card.name,
            country=card.country,
            signing_key=card.identity.signing_key,
            encryption_key=card.identity.encryption_key,
            fingerprint=card.fingerprint,
            status=PartnerStatus.UNVERIFIED,
            imported_at=ctx.now(),
            imported_by_id=ctx.actor.user_id,
        )
        s.add(partner)
        s.flush()
        uow.audit(
            "exchange.card_imported",
            "organisation",
            org.id,
            partner=partner.id,
            replaced=replaced.id if replaced is not None else None,
        )
        return partner.id


def verify_partner(ctx: ServiceContext, partner_id: int, fingerprint: str) -> None:
    """Mark a card verified. `fingerprint` is what the partner read out (or what the
    administrator confirmed on screen); it must be the card's."""
    ctx.require(Permission.VERIFY_PARTNERS)
    with ctx.write() as uow:
        s = uow.session
        partner = s.get(PartnerKey, partner_id)
        if partner is None:
            raise NotFound()
        if partner.status is PartnerStatus.REPLACED:
            raise ExchangeRefused(
                N_("This card was replaced by a newer one. Verify the newer card instead.")
            )
        if normalise_fingerprint(fingerprint) != partner.fingerprint:
            raise ValidationError(
                {
                    "fingerprint": N_(
                        "This is not the card's fingerprint. Do not verify it: ask the partner "
                        "to send their card again and compare once more."
                    )
                }
            )
        if partner.status is PartnerStatus.VERIFIED:
            return
        partner.status = PartnerStatus.VERIFIED
        partner.verified_at = ctx.now()
        partner.verified_by_id = ctx.actor.user_id
        uow.audit("exchange.partner_verified", "organisation", partner.organisation_id)


def list_partners(ctx: ServiceContext, *, include_replaced: bool = False) -> list[PartnerRow]:
    ctx.require(
        Permission.VIEW_ASSIGNED_CASES, Permission.MANAGE_DIRECTORY, Permission.VERIFY_PARTNERS
    )
    with ctx.read() as s:
        stmt = select(PartnerKey).order_by(PartnerKey.organisation_id, PartnerKey.id.desc())
        if not include_replaced:
            stmt = stmt.where(PartnerKey.status != PartnerStatus.REPLACED)
        return [partner_row(s, p) for p in s.scalars(stmt)]


def partner_of(ctx: ServiceContext, org_id: int) -> PartnerRow | None:
    """The card in use for a directory organisation, if any."""
    with ctx.read() as s:
        p = current_partner(s, org_id)
        return partner_row(s, p) if p is not None else None


def partner_by_name(ctx: ServiceContext, name: str) -> PartnerRow:
    """For the CLI: the partner whose directory organisation has this name."""
    for row in list_partners(ctx):
        if row.organisation_name.casefold() == name.strip().casefold():
            return row
    raise ExchangeRefused(
        N_("No organisation named {name} has an imported card."), name=name.strip()
    )


def own_card_sheet(ctx: ServiceContext, lang: str) -> tuple[bytes, str]:
    """This organisation's card as a printable sheet (PDF bytes) and a file name; audited."""
    from casework.reports.org_card import build_card_sheet_pdf

    card = own_card(ctx)
    pdf = build_card_sheet_pdf(
        card.name,
        card.country,
        card.fingerprint,
        card.data,
        ctx.today(),
        lang,
        workshop=ctx.vault.meta("workshop") == "1",
    )
    with ctx.write() as uow:
        uow.audit("exchange.card_printed", "vault", lang=lang)
    return pdf, "organisation-card.pdf"

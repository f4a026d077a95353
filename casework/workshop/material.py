"""Printed training material for a workshop vault: the facilitator's guide and the participant
handouts, in any language the app speaks, with the names this vault holds (its data language)."""

from __future__ import annotations

from casework.reports.training import build_facilitator_guide_pdf, build_handouts_pdf
from casework.store.vault import Vault
from casework.workshop.generator import exercise_texts_for


def facilitator_guide(vault: Vault, lang: str, printed_by: str = "") -> bytes:
    texts = exercise_texts_for(vault, lang)
    organisation = vault.meta("organisation") or ""
    return build_facilitator_guide_pdf(
        texts, lang, organisation=organisation, printed_by=printed_by
    )


def handouts(vault: Vault, lang: str, printed_by: str = "") -> bytes:
    texts = exercise_texts_for(vault, lang)
    organisation = vault.meta("organisation") or ""
    return build_handouts_pdf(texts, lang, organisation=organisation, printed_by=printed_by)

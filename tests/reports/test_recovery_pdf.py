"""The recovery sheet: the key on the page, nowhere else."""

from __future__ import annotations

import re

import pytest
import report_samples as s
from readback import read_pdf

from casework.reports.recovery import build_recovery_sheet_pdf


@pytest.mark.parametrize("lang", ["en", "fr"])
def test_key_readable_on_the_page_and_absent_from_metadata(lang: str) -> None:
    pdf = read_pdf(build_recovery_sheet_pdf(s.recovery_sheet(), lang))
    assert len(pdf.pages) == 1
    text = pdf.flat
    for group in s.RECOVERY_KEY.split("-"):
        assert group in text
    assert {"en": "CONFIDENTIAL", "fr": "CONFIDENTIEL"}[lang] in text
    assert {"en": "Vault recovery sheet", "fr": "Fiche de récupération du coffre"}[lang] in text
    assert "coffre-ségou" in re.sub(r"\s+", "", text)
    joined = " ".join(pdf.metadata.values())
    for group in s.RECOVERY_KEY.split("-"):
        assert group not in joined
    for part in ("Users", "Documents", "coffre-ségou", "hélène"):  # the kind, never the path
        assert part not in joined


def test_workshop_recovery_sheet_is_marked() -> None:
    text = read_pdf(build_recovery_sheet_pdf(s.recovery_sheet(), "fr", workshop=True)).flat
    assert "ATELIER — DONNÉES FICTIVES" in text

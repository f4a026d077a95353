"""The case summary printed for a case conference."""

from __future__ import annotations

import re

import pytest
import report_samples as s
from readback import read_pdf

from casework.reports.summary import build_case_summary_pdf


@pytest.mark.parametrize("lang", ["en", "fr"])
def test_summary_contents(lang: str) -> None:
    pdf = read_pdf(build_case_summary_pdf(s.case_summary(), lang))
    text = re.sub(r"\s+", " ", pdf.flat)
    expected = {
        "en": [
            "Case summary",
            "For the case conference of March 18, 2026",
            "Open referrals",
            "On probation or licence",
            "Overdue",
            "Home visit",
            "Tasks due",
        ],
        "fr": [
            "Synthèse du dossier",
            "Pour la réunion de concertation du 18 mars 2026",
            "Orientations en cours",
            "En probation ou en libération conditionnelle",
            "En retard",
            "Visite à domicile",
            "Tâches à échéance",
        ],
    }
    for w in expected[lang]:
        assert w in text, w
    assert "Nguyễn Văn Đức" in text
    assert "Ould Sidi" not in text
    for page in pdf.pages:
        assert {"en": "CONFIDENTIAL", "fr": "CONFIDENTIEL"}[lang] in page


def test_goal_counts_cover_every_status_and_total() -> None:
    text = read_pdf(build_case_summary_pdf(s.case_summary(), "en")).flat
    for status in ("Not started", "In progress", "Achieved", "Not achieved", "Dropped", "Total"):
        assert status in text
    # The counts row: 2, 2, 1, 0 (not achieved: absent from the input), 1, total 6.
    assert re.search(r"2\s+2\s+1\s+0\s+1\s+6", text)


def test_legal_name_only_when_given() -> None:
    text = read_pdf(build_case_summary_pdf(s.case_summary(legal_name=s.LEGAL_NAME), "fr")).flat
    assert s.LEGAL_NAME in text
    assert "Ould Sidi" not in read_pdf(build_case_summary_pdf(s.case_summary(), "fr")).flat
    meta = read_pdf(build_case_summary_pdf(s.case_summary(legal_name=s.LEGAL_NAME), "fr")).metadata
    assert all(s.LEGAL_NAME not in v and s.REFERENCE not in v for v in meta.values())

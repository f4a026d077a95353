"""Rules every printed document keeps: no Qt, no temp files, no "terrorist", full French."""

from __future__ import annotations

import re
import subprocess
import sys
from pathlib import Path

import pytest
import report_samples as s
from babel.messages.extract import extract_from_dir
from babel.messages.pofile import read_po
from readback import read_pdf

from casework.model.enums import PlanState
from casework.reports.plan import build_plan_pdf
from casework.reports.recovery import build_recovery_sheet_pdf
from casework.reports.referral import build_referral_pdf
from casework.reports.summary import build_case_summary_pdf

ROOT = Path(__file__).resolve().parents[2]
REPORTS = ROOT / "casework" / "reports"
PO = ROOT / "translations" / "fr" / "LC_MESSAGES" / "casework.po"


def all_documents(lang: str, workshop: bool = False) -> list[bytes]:
    return [
        build_plan_pdf(
            s.plan(state=PlanState.SUBMITTED, legal_name=s.LEGAL_NAME), lang, workshop=workshop
        ),
        build_referral_pdf(s.referral(with_identity=True), lang, workshop=workshop),
        build_referral_pdf(s.referral(), lang, workshop=workshop),
        build_case_summary_pdf(s.case_summary(), lang, workshop=workshop),
        build_recovery_sheet_pdf(s.recovery_sheet(), lang, workshop=workshop),
    ]


@pytest.mark.parametrize("lang", ["en", "fr"])
def test_no_document_prints_the_word_terrorist(lang: str) -> None:
    for data in all_documents(lang):
        assert "terror" not in read_pdf(data).flat.lower()


@pytest.mark.parametrize("lang", ["en", "fr"])
def test_every_document_uses_only_the_shipped_font(lang: str) -> None:
    for data in all_documents(lang, workshop=True):
        fonts = read_pdf(data).fonts
        assert fonts and all("DejaVuSans" in f for f in fonts), fonts


def test_building_writes_no_temporary_files(tmp_path: Path) -> None:
    """Run the builders with TMPDIR pointing at an empty folder: it must stay empty."""
    scratch = tmp_path / "tmp"
    scratch.mkdir()
    code = (
        f"import sys; sys.path.insert(0, {str(Path(__file__).parent)!r})\n"
        "import tempfile, report_samples as s\n"
        "from casework.reports.plan import build_plan_pdf\n"
        "from casework.reports.referral import build_referral_pdf\n"
        f"assert tempfile.gettempdir() == {str(scratch)!r}\n"
        "build_plan_pdf(s.plan(goals=s.many_goals(20)), 'fr')\n"
        "build_referral_pdf(s.referral(with_identity=True), 'en')\n"
    )
    env = {"TMPDIR": str(scratch), "PYTHONPATH": str(ROOT), "PATH": "/usr/bin:/bin"}
    subprocess.run([sys.executable, "-c", code], check=True, env=env, cwd=tmp_path)
    assert list(scratch.iterdir()) == []
    assert sorted(p.name for p in tmp_path.iterdir()) == ["tmp"]


def test_reports_never_import_qt() -> None:
    code = (
        "import sys\n"
        "import casework.reports.plan, casework.reports.referral\n"
        "import casework.reports.summary, casework.reports.recovery, casework.reports.data\n"
        "assert not [m for m in sys.modules if m.startswith('PySide6')], 'Qt imported'\n"
    )
    subprocess.run([sys.executable, "-c", code], check=True, env={"PYTHONPATH": str(ROOT)})
    for path in REPORTS.glob("*.py"):
        assert "PySide6" not in path.read_text(encoding="utf-8"), path


def test_french_catalogue_translates_every_report_message() -> None:
    with PO.open("rb") as f:
        catalog = read_po(f, locale="fr")
    assert catalog.locale_identifier == "fr"
    assert catalog.plural_forms == "nplurals=2; plural=(n > 1);"
    assert not catalog.fuzzy
    extracted = {
        msg for _f, _l, msg, _c, _x in extract_from_dir(str(REPORTS), keywords={"N_": None})
    }
    assert extracted
    for msgid in extracted:
        message = catalog.get(msgid)
        assert message is not None and message.string, f"untranslated: {msgid!r}"
        assert not message.fuzzy, msgid
        # Same {placeholders} on both sides, and no printf-style %.
        assert sorted(re.findall(r"\{(\w+)\}", msgid)) == sorted(
            re.findall(r"\{(\w+)\}", message.string)
        ), msgid
        assert "%" not in message.string
    for message in catalog:
        if message.id:
            assert message.string and not message.fuzzy, message.id


def test_french_uses_the_glossary_terms() -> None:
    text = " ".join(read_pdf(d).flat for d in all_documents("fr"))
    for term in (
        "plan de réinsertion",
        "objectif",
        "domaine de vie",
        "échéance",
        "consentement",
        "orientation",
        "CONFIDENTIEL",
        "PROJET",
        "référent",
    ):
        assert term.lower() in text.lower(), term

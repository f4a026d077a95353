"""Teaching material from a real workshop vault: every name an exercise gives exists in a vault
of that language; the facilitator's guide and the handouts read back; "What participants did"
lists the session's actions, not the generated history."""

from __future__ import annotations

import datetime as dt
import re
import sys
from pathlib import Path

import pytest
from sqlalchemy import select

from casework.i18n import translator
from casework.model import Organisation, PathwayStage, User
from casework.model.enums import NoteKind
from casework.reports.training import build_activity_pdf
from casework.services import cases, notes, pathways
from casework.services.context import ServiceContext
from casework.store.vault import Vault
from casework.workshop import ACCOUNTS, exercise_texts_for, generate, reset_workshop
from casework.workshop import exercises as ex
from casework.workshop.activity import participant_activity
from casework.workshop.exercise_content import PLANS
from casework.workshop.generator import SERVICE_REFERRALS_STAGE
from casework.workshop.material import facilitator_guide, handouts

sys.path.insert(0, str(Path(__file__).parents[1] / "reports"))
from readback import read_pdf  # noqa: E402

PASSWORDS = {a.name: a.password for a in ACCOUNTS}


def _flat(text: str) -> str:
    return re.sub(r"\s+", " ", text.replace("\u00a0", " ")).strip()


@pytest.fixture(scope="module", params=["en", "fr"])
def vault_folder(request: pytest.FixtureRequest, tmp_path_factory: pytest.TempPathFactory) -> Path:
    folder = tmp_path_factory.mktemp(f"material-{request.param}") / "w"
    generate(folder, cases=8, language=request.param)
    return folder


def _open(folder: Path, account: str) -> ServiceContext:
    return ServiceContext.for_vault(
        Vault.open(folder, account, PASSWORDS[account], verify_pages=False)
    )


def test_every_name_an_exercise_gives_exists(vault_folder: Path) -> None:
    ctx = _open(vault_folder, "trainer")
    try:
        data_lang = ctx.vault.meta("workshop_language")
        with ctx.read() as s:
            accounts = set(s.scalars(select(User.username)))
            organisations = set(s.scalars(select(Organisation.name)))
            stages = set(s.scalars(select(PathwayStage.name)))
        for lang in ("en", "fr"):  # whatever the interface language, the vault's names
            for text in exercise_texts_for(ctx.vault, lang):
                assert set(text.accounts) <= accounts, text.key
                assert all(a in text.instructions for a in text.accounts[:1])
                for name in text.organisations:
                    assert name in organisations, (text.key, name)
                    assert name in text.instructions
                if text.stage:
                    assert text.stage in stages and text.stage in text.instructions
                    assert text.stage == translator(data_lang).gettext(ex.REFERRAL_STAGE)
                if text.reference:
                    case_id = cases.case_reference(ctx, text.reference)
                    detail = cases.get_case(ctx, case_id)
                    assert detail.data.alias == text.alias
                    assert text.reference in text.instructions
                    if text.stage:  # the stage is on this case's pathway
                        pathway = pathways.get_pathway(ctx, detail.data.pathway_id)
                        assert text.stage in [st.name for st in pathway.stages]
                assert "{" not in text.instructions + text.expected + "".join(text.debrief)
        assert pathways.DEFAULT_STAGES[SERVICE_REFERRALS_STAGE - 1][0] == ex.REFERRAL_STAGE
    finally:
        ctx.vault.close()


def test_every_exercise_has_a_full_plan() -> None:
    for exercise in ex.EXERCISES:
        plan = PLANS[exercise.key]
        assert plan.goal and plan.expected and 5 <= plan.minutes <= 30
        assert len(plan.steps) >= 2 and len(plan.mistakes) >= 2 and len(plan.debrief) >= 2
    for lang in ("en", "fr"):
        texts = ex.exercise_texts(lang, year=2030)
        assert {t.title for t in texts}.isdisjoint(set()) and len(texts) == len(ex.EXERCISES)
    french = ex.exercise_texts("fr", year=2030, data_lang="fr")
    english = ex.exercise_texts("en", year=2030, data_lang="en")
    for en, fr in zip(english, french, strict=True):
        assert en.goal != fr.goal and en.expected != fr.expected and en.debrief != fr.debrief
    assert "« Orientations vers les services »" in french[2].instructions.replace("\u00a0", " ")


def test_guide_and_handouts_read_back(vault_folder: Path) -> None:
    ctx = _open(vault_folder, "trainer")
    try:
        for lang in ("en", "fr"):
            texts = exercise_texts_for(ctx.vault, lang)
            t = translator(lang).gettext
            guide = read_pdf(facilitator_guide(ctx.vault, lang, "Trainer"))
            assert len(guide.pages) >= len(texts) + 1
            for text in texts:
                for part in (text.title, text.goal, text.expected, *text.steps):
                    assert _flat(part) in guide.flat, part
                for part in (*text.mistakes, *text.debrief):
                    assert _flat(part) in guide.flat, part
            for page in guide.pages:
                assert t("WORKSHOP — FICTIONAL DATA") in page and t("CONFIDENTIAL") in page
            hand = read_pdf(handouts(ctx.vault, lang, "Trainer"))
            assert len(hand.pages) == len(texts)  # one page per exercise
            for page, text in zip(hand.pages, texts, strict=True):
                assert _flat(text.title) in _flat(page)
                assert all(_flat(step) in _flat(page) for step in text.steps)
                assert t("WORKSHOP — FICTIONAL DATA") in page
                if text.reference:
                    assert text.reference in page
                # The answers stay with the facilitator.
                assert t("Common mistakes") not in page and t("Debrief questions") not in page
    finally:
        ctx.vault.close()


def test_what_participants_did_since_the_last_reset(tmp_path: Path) -> None:
    folder = tmp_path / "w"
    generate(folder, cases=8, language="en")
    worker = _open(folder, "caseworker1")
    reference = f"KE-{ex.opening_year(dt.date.today())}-0001"
    case_id = cases.case_reference(worker, reference)
    notes.add_note(worker, case_id, notes.NoteInput(NoteKind.CONTACT, dt.date.today(), "Met."))
    worker.vault.close()
    trainer = _open(folder, "trainer")
    try:
        done = participant_activity(trainer)
        # The trainer's own login may or may not be recorded yet (it is written after the
        # vault's page check); the participants' actions are, and nothing generated is.
        assert [(a.account, a.action) for a in done if a.account != "trainer"] == [
            ("caseworker1", "login.succeeded"),
            ("caseworker1", "note.added"),
        ]
        assert {a.action for a in done if a.account == "trainer"} <= {"login.succeeded"}
        assert done[1].reference == reference
        pdf = read_pdf(
            build_activity_pdf(
                [(a.account, "10:00", a.action, a.reference) for a in done],
                "fr",
                organisation="Atelier",
            )
        )
        assert "caseworker1" in pdf.flat and reference in pdf.flat
        assert "Ce que les participants ont fait" in pdf.flat
    finally:
        trainer.vault.close()
    reset_workshop(folder)
    trainer = _open(folder, "trainer")
    try:
        after = participant_activity(trainer)
        assert {(a.account, a.action) for a in after} <= {("trainer", "login.succeeded")}
    finally:
        trainer.vault.close()

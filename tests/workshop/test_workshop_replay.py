"""Resetting one exercise puts its case back as the workshop was made and leaves every other
group's work alone; on a real encrypted workshop vault."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import pytest
from sqlalchemy import func, select

from casework.errors import PermissionDenied
from casework.model import AuditEvent, Case, Note
from casework.model.enums import (
    ClientCategory,
    ConsentMethod,
    ConsentPurpose,
    CustodyStatus,
    InfoScope,
    NoteKind,
    ReferralState,
)
from casework.services import case_list, cases, consents, notes, referrals
from casework.services.context import ServiceContext
from casework.store import audit_chain
from casework.store.vault import Vault
from casework.workshop import ACCOUNTS, exercise_texts_for, generate
from casework.workshop import exercises as ex
from casework.workshop.replay import UnknownExercise, reset_exercise

PASSWORDS = {a.name: a.password for a in ACCOUNTS}


def _open(folder: Path, account: str) -> ServiceContext:
    return ServiceContext.for_vault(
        Vault.open(folder, account, PASSWORDS[account], verify_pages=False)
    )


def test_reset_one_exercise_keeps_the_others_work(tmp_path: Path) -> None:
    folder = tmp_path / "w"
    generate(folder, cases=8, language="en")
    worker = _open(folder, "caseworker1")
    texts = {t.key: t for t in exercise_texts_for(worker.vault, "en")}
    consent_case = cases.case_reference(worker, texts["consent"].reference)
    decline_case = cases.case_reference(worker, texts["decline"].reference)
    (draft,) = referrals.list_referrals(worker, referrals.ReferralQuery(case_id=consent_case)).rows
    # Group A does the consent exercise.
    consents.record_consent(
        worker,
        consent_case,
        consents.ConsentInput(
            ConsentPurpose.INFORMATION_SHARING,
            dt.date.today(),
            ConsentMethod.SIGNED_FORM,
            frozenset({InfoScope.IDENTITY}),
            recipient_org_id=draft.to_org_id,
        ),
    )
    referrals.send_referral(worker, draft.id)
    # Group B works on another case, group C registers a returnee.
    notes.add_note(worker, decline_case, notes.NoteInput(NoteKind.CONTACT, dt.date.today(), "B"))
    cases.create_case(
        worker,
        cases.CaseInput(
            ex.NEW_CASE_ALIAS, ClientCategory.RETURNEE_FTF, CustodyStatus.RETURNED, "KE"
        ),
    )
    with pytest.raises(PermissionDenied):
        reset_exercise(worker, "consent")
    worker.vault.close()

    trainer = _open(folder, "trainer")
    try:
        with pytest.raises(UnknownExercise):
            reset_exercise(trainer, "nope")
        assert reset_exercise(trainer, "consent") == 1
        assert reset_exercise(trainer, "register") == 1
        rows = referrals.list_referrals(trainer, referrals.ReferralQuery(case_id=consent_case))
        assert [r.state for r in rows.rows] == [ReferralState.DRAFT]  # as it was made
        sharing = [
            c
            for c in consents.list_consents(trainer, consent_case)
            if c.purpose is ConsentPurpose.INFORMATION_SHARING
        ]
        assert sharing == []
        with trainer.read() as s:
            assert s.scalar(select(func.count()).where(Case.alias == ex.NEW_CASE_ALIAS)) == 0
            # Group B's note is still there.
            assert (
                s.scalar(select(func.count()).where(Note.case_id == decline_case, Note.body == "B"))
                == 1
            )
            assert (
                s.scalar(select(func.count()).where(AuditEvent.action == "workshop.exercise_reset"))
                == 2
            )
            assert audit_chain.verify(s).ok
        # The case is found by search again (the index follows the restored rows).
        found = case_list.list_cases(trainer, case_list.CaseQuery(text=texts["consent"].alias))
        assert consent_case in [r.id for r in found.rows]
    finally:
        trainer.vault.close()
    # Replaying: the exercise works again from the start.
    worker = _open(folder, "caseworker1")
    try:
        (again,) = referrals.list_referrals(
            worker, referrals.ReferralQuery(case_id=consent_case)
        ).rows
        with pytest.raises(PermissionDenied):
            referrals.send_referral(worker, again.id)
    finally:
        worker.vault.close()

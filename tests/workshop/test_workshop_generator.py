"""Workshop vaults on real encrypted vaults: coverage of every state, training accounts, exercise
cases, same seed → same data, reset, the CLI and a small bulk run."""

from __future__ import annotations

import datetime as dt
import io
import os
import shutil
import stat
import sys
import time
from collections.abc import Iterator
from pathlib import Path

import pytest
from sqlalchemy import func, select, text

from casework.cli import main
from casework.errors import PermissionDenied
from casework.model import Case, Consent, Note, Organisation, Plan, Referral, Task, VaultMeta
from casework.model.enums import (
    CaseStatus,
    CloseReason,
    DeclineReason,
    NoteKind,
    PlanState,
    ReferralState,
    Role,
)
from casework.services import case_list, cases, notes, plans, referrals, users
from casework.services.case_list import CaseQuery
from casework.services.context import ServiceContext
from casework.store import audit_chain
from casework.store.vault import Vault
from casework.workshop import (
    ACCOUNTS,
    digest,
    exercise_texts,
    exercise_texts_for,
    generate,
    has_pristine,
    is_workshop,
    reset_workshop,
)
from casework.workshop import exercises as ex
from casework.workshop.reset import pristine_path

PASSWORDS = {a.name: a.password for a in ACCOUNTS}


def login(folder: Path, name: str) -> ServiceContext:
    return ServiceContext.for_vault(Vault.open(folder, name, PASSWORDS[name], verify_pages=False))


@pytest.fixture(scope="module")
def workshop(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The default workshop vault (60 cases, seed 1), made once for the module."""
    folder = tmp_path_factory.mktemp("workshop") / "vault"
    info = generate(folder, language="en")
    assert info.cases == 60 and not info.bulk
    return folder


@pytest.fixture
def supervisor(workshop: Path) -> Iterator[ServiceContext]:
    ctx = login(workshop, "supervisor")
    yield ctx
    ctx.vault.close()


def _values(ctx: ServiceContext, column) -> set:  # noqa: ANN001 - a mapped column
    with ctx.read() as s:
        return set(s.scalars(select(column).distinct()))


def test_default_vault_has_every_state(supervisor: ServiceContext) -> None:
    ctx = supervisor
    assert is_workshop(ctx.vault)
    assert _values(ctx, Case.status) == set(CaseStatus)
    assert _values(ctx, Case.close_reason) - {None} == set(CloseReason)
    assert _values(ctx, Referral.state) == set(ReferralState)
    assert _values(ctx, Referral.decline_reason) - {None} == set(DeclineReason)
    assert _values(ctx, Plan.state) == set(PlanState)
    assert _values(ctx, Note.kind) == set(NoteKind)
    today = dt.date.today()
    with ctx.read() as s:
        organisation = s.get(VaultMeta, "organisation")
        assert organisation is not None and "fictional" in organisation.value
        overdue = s.scalars(select(Referral.state).where(referrals.overdue_condition(today)))
        assert set(overdue) == {ReferralState.SENT, ReferralState.ACCEPTED}
        assert s.scalar(select(func.count()).where(Referral.previous_referral_id.is_not(None)))
        assert s.scalar(select(func.count()).where(Referral.consent_override_reason != ""))
        assert s.scalar(select(func.count()).where(Note.restricted.is_(True)))
        assert s.scalar(select(func.count()).where(Consent.withdrawn_on.is_not(None)))
        assert s.scalar(select(func.count()).where(Task.done_on.is_(None), Task.due_on < today))
        assert s.scalar(select(func.count()).where(Task.done_on.is_not(None)))
        org_count = s.scalar(select(func.count(Organisation.id))) or 0
        assert org_count > 100
        chain = audit_chain.verify(s)
    assert chain.ok and chain.events > 1000  # every step went through a service
    # Goals span the life domains.
    domains = set()
    for plan_id in _values(ctx, Plan.id):
        domains |= {g.domain for g in plans.get_plan(ctx, plan_id).goals}
    assert len(domains) >= 8


def test_training_accounts_open_the_vault(workshop: Path) -> None:
    for account in ACCOUNTS:
        ctx = login(workshop, account.name)
        try:
            assert ctx.actor.roles == frozenset(account.roles)
        finally:
            ctx.vault.close()
    assert {a.name: set(a.roles) for a in ACCOUNTS}["trainer"] == {
        Role.ADMINISTRATOR,
        Role.SUPERVISOR,
    }


def test_exercise_cases_are_as_the_exercises_say(workshop: Path) -> None:
    ctx = login(workshop, "caseworker1")
    try:
        texts = {t.key: t for t in exercise_texts_for(ctx.vault, "en")}
        assert len(texts) == len(ex.EXERCISES)
        ids = {}
        for case in ex.EXERCISE_CASES:
            t = texts[case.key]
            assert t.reference == f"{case.country}-{ex.opening_year(dt.date.today())}-0001"
            assert (
                t.reference in t.instructions
                and t.alias in t.instructions
                and "{" not in t.instructions
            )
            ids[case.key] = cases.case_reference(ctx, t.reference)
            assert cases.get_case(ctx, ids[case.key]).data.alias == case.alias
        with ctx.read() as s:
            names = set(s.scalars(select(Organisation.name)))
        for key in ("consent", "refer", "decline", "rerefer", "overdue"):
            case = next(c for c in ex.EXERCISE_CASES if c.key == key)
            assert ex.organisation_name(case.organisation, case.country, "en") in names

        def states(key: str) -> list[ReferralState]:
            page = referrals.list_referrals(ctx, referrals.ReferralQuery(case_id=ids[key]))
            return [r.state for r in page.rows]

        # Check consent: the draft cannot be sent, no consent covers the organisation.
        page = referrals.list_referrals(ctx, referrals.ReferralQuery(case_id=ids["consent"]))
        (draft,) = page.rows
        assert draft.state is ReferralState.DRAFT
        with pytest.raises(PermissionDenied):
            referrals.send_referral(ctx, draft.id)
        assert states("refer") == []
        assert states("decline") == [ReferralState.SENT]
        assert states("rerefer") == [ReferralState.DECLINED]
        overdue = referrals.list_referrals(ctx, referrals.ReferralQuery(case_id=ids["overdue"]))
        assert [r.overdue for r in overdue.rows] == [True]
        assert [v.state for v in plans.plan_versions(ctx, ids["plan"])] == [PlanState.DRAFT]
        assert [v.state for v in plans.plan_versions(ctx, ids["print"])] == [PlanState.APPROVED]
    finally:
        ctx.vault.close()


def test_exercises_in_french() -> None:
    english = exercise_texts("en", year=2030)
    french = exercise_texts("fr", year=2030, data_lang="fr")
    assert 6 <= len(french) <= 8
    for en, fr in zip(english, french, strict=True):
        assert fr.title != en.title
        assert fr.reference == en.reference and fr.reference in fr.instructions
        assert "{" not in fr.instructions
    assert "ML-2030-0001" in french[1].instructions
    assert "(fictif)" in french[1].instructions


def test_reset_restores_the_initial_data(workshop: Path, tmp_path: Path) -> None:
    folder = tmp_path / "copy"
    shutil.copytree(workshop, folder)
    assert has_pristine(folder)
    assert stat.S_IMODE(os.stat(pristine_path(folder).parent).st_mode) == 0o700
    assert stat.S_IMODE(os.stat(pristine_path(folder)).st_mode) == 0o600
    ctx = login(folder, "caseworker1")
    before = digest(ctx.vault)
    with ctx.read() as s:
        note_count = s.scalar(select(func.count(Note.id)))
    case_id = cases.case_reference(ctx, f"KE-{ex.opening_year(dt.date.today())}-0001")
    notes.add_note(ctx, case_id, notes.NoteInput(NoteKind.CONTACT, dt.date.today(), "edit"))
    users.change_own_password(ctx, PASSWORDS["caseworker1"], "another long phrase for testing")
    ctx.vault.close()
    started = time.perf_counter()
    reset_workshop(folder)
    assert time.perf_counter() - started < 5
    ctx = login(folder, "caseworker1")  # the published password works again
    try:
        assert digest(ctx.vault) == before
        with ctx.read() as s:
            assert s.scalar(select(func.count(Note.id))) == note_count
    finally:
        ctx.vault.close()


def test_is_workshop_false_for_an_ordinary_vault(new_vault) -> None:  # noqa: ANN001
    vault, _ = new_vault
    assert not is_workshop(vault)
    assert not has_pristine(vault.folder)


# --- the CLI and determinism ---------------------------------------------------------------------


def run(monkeypatch, capsys, argv: list[str]) -> tuple[int, str, str]:  # noqa: ANN001
    monkeypatch.setattr(sys, "stdin", io.StringIO(""))
    code = main(argv)
    out, err = capsys.readouterr()
    return code, out, err


def test_cli_and_same_seed_same_data(tmp_path: Path, monkeypatch, capsys) -> None:  # noqa: ANN001
    folder = tmp_path / "cli"
    code, out, _ = run(
        monkeypatch, capsys, ["workshop", str(folder), "--cases", "10", "--seed", "3"]
    )
    assert code == 0
    lines = out.splitlines()
    for account in ACCOUNTS:
        assert f"{account.name}: {account.password}" in lines
    same = generate(tmp_path / "same", cases=10, seed=3, language="en")
    other = generate(tmp_path / "other", cases=10, seed=4, language="en")
    digests = []
    for info_folder in (folder, same.folder, other.folder):
        ctx = login(info_folder, "supervisor")
        try:
            digests.append(digest(ctx.vault))
            assert ctx.vault and is_workshop(ctx.vault)
        finally:
            ctx.vault.close()
    assert digests[0] == digests[1]
    assert digests[0] != digests[2]
    # A folder that is not empty is refused with the translated message, in French too.
    code, _, err = run(monkeypatch, capsys, ["workshop", str(folder)])
    assert code == 1 and "already exists" in err
    code, _, err = run(monkeypatch, capsys, ["--lang", "fr", "workshop", str(folder)])
    assert code == 1 and "existe déjà" in err


# --- bulk ----------------------------------------------------------------------------------------


def test_bulk_run_counts_and_search(tmp_path: Path) -> None:
    info = generate(tmp_path / "bulk", cases=1500, seed=2, bulk=True, snapshot=False)
    assert info.bulk
    assert info.counts["cases"] == 1500
    assert 1493 * 5 <= info.counts["bulk_notes"] <= 1493 * 15
    assert info.counts["referrals"] > 1500
    ctx = login(tmp_path / "bulk", "supervisor")
    try:
        with ctx.read() as s:
            assert s.scalar(text("SELECT count(*) FROM case_search")) == 1500
            assert not s.execute(text("PRAGMA foreign_key_check")).all()
            assert audit_chain.verify(s).ok
            alias = s.scalar(select(Case.alias).order_by(Case.id.desc()).limit(1))
            states = set(s.scalars(select(Referral.state).distinct()))
        assert states == set(ReferralState)
        found = case_list.list_cases(ctx, CaseQuery(text=alias.split()[0], limit=50))
        assert found.total > 0 and any(r.alias == alias for r in found.rows)
        by_note = case_list.list_cases(ctx, CaseQuery(text="literacy", limit=5))
        assert by_note.total > 0
    finally:
        ctx.vault.close()

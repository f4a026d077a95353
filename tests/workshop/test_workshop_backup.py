"""A workshop vault backed up and restored is still a workshop: banner, accounts, reset, trainer
settings; and its regional organisations serve their own subregion only."""

from __future__ import annotations

import datetime as dt
import io
import sys
from pathlib import Path

import pytest
from sqlalchemy import select

from casework.cli import main
from casework.model import Organisation
from casework.model.enums import NoteKind, Subregion
from casework.services import cases, notes
from casework.services.context import ServiceContext
from casework.store.vault import Vault
from casework.workshop import ACCOUNTS, digest, generate, has_pristine, is_workshop, reset_workshop
from casework.workshop import exercises as ex
from casework.workshop.trainer import load_settings, set_account_value

PASSWORDS = {a.name: a.password for a in ACCOUNTS}


@pytest.fixture(scope="module")
def small(tmp_path_factory: pytest.TempPathFactory) -> Path:
    folder = tmp_path_factory.mktemp("ws") / "w"
    generate(folder, cases=8, language="fr")
    return folder


def _cli(monkeypatch: pytest.MonkeyPatch, argv: list[str], stdin: str = "") -> int:
    monkeypatch.setattr(sys, "stdin", io.StringIO(stdin))
    return main(["--password-stdin", *argv])


def test_backup_and_restore_keep_the_workshop(small: Path, tmp_path: Path, monkeypatch) -> None:  # noqa: ANN001
    set_account_value(small, "trainer", "ui.zoom_percent", "180")
    backup = tmp_path / "w.cwb"
    assert (
        _cli(
            monkeypatch, ["backup", str(small), str(backup), "--user", "admin"], PASSWORDS["admin"]
        )
        == 0
    )
    restored = tmp_path / "restored"
    restore = ["restore", str(backup), str(restored), "--user", "admin"]
    assert _cli(monkeypatch, restore, PASSWORDS["admin"]) == 0
    assert has_pristine(restored)  # the login window shows the accounts and the banner
    settings = load_settings(restored)
    assert settings.data_language == "fr"
    assert settings.account_value("trainer", "ui.zoom_percent") == "180"
    vault = Vault.open(restored, "caseworker1", PASSWORDS["caseworker1"], verify_pages=False)
    ctx = ServiceContext.for_vault(vault)
    before = digest(vault)
    assert is_workshop(vault)
    ref = f"KE-{ex.opening_year(dt.date.today())}-0001"
    notes.add_note(
        ctx, cases.case_reference(ctx, ref), notes.NoteInput(NoteKind.CONTACT, dt.date.today(), "x")
    )
    vault.close()
    reset_workshop(restored)  # the restored workshop can still be reset
    with Vault.open(restored, "caseworker1", PASSWORDS["caseworker1"], verify_pages=False) as v:
        assert digest(v) == before


def test_regional_organisations_have_their_area(small: Path) -> None:
    with (
        Vault.open(small, "supervisor", PASSWORDS["supervisor"], verify_pages=False) as vault,
        vault.session() as s,
    ):
        rows = s.execute(select(Organisation.subregion).where(Organisation.country == "")).all()
    assert sorted(r.subregion for r in rows) == sorted(Subregion)

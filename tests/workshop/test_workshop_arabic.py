"""A workshop run in Arabic: the fictional records, the training accounts and the exercises
come in Arabic from the catalogue, on a real encrypted workshop vault."""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from sqlalchemy import select

from casework.i18n import translator
from casework.model import Note, Organisation, Plan, User
from casework.store.vault import Vault
from casework.workshop import ACCOUNTS, exercise_texts_for, generate

ARABIC = re.compile("[\u0621-\u064a]")
PASSWORDS = {a.name: a.password for a in ACCOUNTS}


@pytest.fixture(scope="module")
def arabic_workshop(tmp_path_factory: pytest.TempPathFactory) -> Path:
    folder = tmp_path_factory.mktemp("workshop-ar") / "vault"
    generate(folder, cases=8, seed=5, language="ar")
    return folder


def test_fictional_records_are_in_arabic(arabic_workshop: Path) -> None:
    with Vault.open(arabic_workshop, "trainer", PASSWORDS["trainer"], verify_pages=False) as vault:
        assert vault.meta("workshop_language") == "ar"
        with vault.session() as s:
            organisations = list(s.scalars(select(Organisation.name)))
            notes = list(s.scalars(select(Note.body)))
            aspirations = [a for a in s.scalars(select(Plan.aspirations)) if a]
            display_names = list(s.scalars(select(User.display_name)))
    # Organisations are named in Arabic ("مركز التكوين المهني في …", marked fictional).
    assert organisations and all(ARABIC.search(n) for n in organisations)
    assert any(
        translator("ar").gettext("{name} (fictional)").split("{name}")[1] in n
        for n in organisations
    )
    assert notes and sum(bool(ARABIC.search(n)) for n in notes) == len(notes)
    assert aspirations and all(ARABIC.search(a) for a in aspirations)
    assert "مشرف" in " ".join(display_names)  # "المشرف (ورشة)", the training supervisor


def test_exercises_in_arabic_name_the_fictional_cases(arabic_workshop: Path) -> None:
    with Vault.open(arabic_workshop, "trainer", PASSWORDS["trainer"], verify_pages=False) as vault:
        arabic = exercise_texts_for(vault, "ar")
        english = exercise_texts_for(vault, "en")
    assert len(arabic) == len(english) >= 6
    for ar, en in zip(arabic, english, strict=True):
        steps = " ".join(ar.steps)
        assert ARABIC.search(ar.title) and ar.title != en.title
        assert ARABIC.search(steps) and "{" not in steps
        assert ar.reference == en.reference and ar.reference in steps

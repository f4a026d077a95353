"""A workshop run in Arabic: the fictional records, the training accounts and the exercises
come in Arabic from the catalogue, on a real encrypted workshop vault."""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from sqlalchemy import select

from casework.i18n import translator
from casework.model import Case, Note, Organisation, PathwayStage, Plan, User
from casework.services.pathways import DEFAULT_STAGES
from casework.store.vault import Vault
from casework.workshop import ACCOUNTS, content, exercise_texts_for, generate
from casework.workshop.names import COUNTRY_DATA

ARABIC = re.compile("[\u0621-\u064a]")
LATIN = re.compile("[A-Za-z]")
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


def _people_and_places(folder: Path) -> dict[str, list[str]]:
    """What a workshop vault says about people and places: cases, directory, stages."""
    vault = Vault.open(folder, "trainer", PASSWORDS["trainer"], verify_pages=False)
    with vault, vault.session() as s:
        rows = s.execute(select(Case.alias, Case.legal_name, Case.locality, Case.address)).all()
        orgs = s.execute(
            select(Organisation.name, Organisation.focal_person, Organisation.locality)
        ).all()
        return {
            "aliases": [r.alias for r in rows],
            "legal names": [r.legal_name for r in rows],
            "towns": [r.locality for r in rows] + [o.locality for o in orgs if o.locality],
            "addresses": [r.address for r in rows],
            "organisations": [o.name for o in orgs],
            "focal persons": [o.focal_person for o in orgs],
            "stages": list(s.scalars(select(PathwayStage.name))),
            "notes": list(s.scalars(select(Note.body))),
        }


def test_people_and_places_are_in_arabic_script(arabic_workshop: Path) -> None:
    """Names, towns and organisations of an Arabic workshop are written in Arabic script:
    nothing Latin, and no English stage or organisation name left over."""
    seen = _people_and_places(arabic_workshop)
    for what, values in seen.items():
        assert values, what
        latin = [v for v in values if LATIN.search(v.replace("FICT-", ""))]
        assert latin == [], what
        assert all(ARABIC.search(v) for v in values), what
    english = {m for m, *_ in DEFAULT_STAGES} | {o[1].split("{")[0] for o in content.ORGANISATIONS}
    assert not set(seen["stages"]) & english
    # Towns of the Maghreb and the Sahel, in Arabic ("سوسة", "موبتي", "تيلابيري" …).
    maghreb_sahel = {"سوسة", "القيروان", "بنزرت", "القصرين", "قفصة", "موبتي", "سيغو", "سيفاري"}
    maghreb_sahel |= {"تمبكتو", "كايس", "تيلابيري", "مرادي", "زندر", "ديفا", "دوسو"}
    assert maghreb_sahel & set(seen["towns"])
    assert any("،" in a for a in seen["addresses"])  # the Arabic comma


def test_exercise_cases_carry_arabic_aliases(arabic_workshop: Path) -> None:
    """The exercises name their cases as the Arabic workshop stores them."""
    with Vault.open(arabic_workshop, "trainer", PASSWORDS["trainer"], verify_pages=False) as vault:
        texts = exercise_texts_for(vault, "fr")
        with vault.session() as s:
            aliases = set(s.scalars(select(Case.alias)))
    named = [t.alias for t in texts if t.reference]
    assert named and all(ARABIC.search(a) for a in named)
    assert set(named) <= aliases


def test_a_french_workshop_keeps_latin_names(tmp_path: Path) -> None:
    folder = tmp_path / "vault"
    generate(folder, cases=7, seed=5, language="fr", snapshot=False)
    seen = _people_and_places(folder)
    latin_towns = {town for _pool, towns in COUNTRY_DATA.values() for town in towns}
    for what in ("aliases", "legal names", "towns", "focal persons", "organisations", "notes"):
        assert seen[what] and not any(ARABIC.search(v) for v in seen[what]), what
    assert set(seen["towns"]) <= latin_towns
    french = translator("fr")
    assert set(seen["stages"]) == {french.gettext(m) for m, *_ in DEFAULT_STAGES}
    assert all(
        french.gettext("{name} (fictional)").split("{name}")[1] in n for n in seen["organisations"]
    )


def test_the_bulk_path_names_people_and_places_in_arabic_too(tmp_path: Path) -> None:
    """Large vaults write most cases directly (casework.workshop.bulk): the same Arabic pools."""
    folder = tmp_path / "vault"
    generate(folder, cases=12, seed=2, language="ar", bulk=True, snapshot=False)
    seen = _people_and_places(folder)
    assert len(seen["aliases"]) == 12
    for what in ("aliases", "legal names", "towns", "addresses"):
        assert all(ARABIC.search(v) and not LATIN.search(v) for v in seen[what]), what

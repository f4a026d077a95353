"""Every message of casework/workshop has its French, in casework.po or in the side catalogue
workshop.po (until it is folded into casework.po), with the catalogue checks of
tests/test_translations.py: header, no fuzzy, same placeholders, no-break spaces."""

from __future__ import annotations

import re
import string
from pathlib import Path

import pytest
from babel.messages.catalog import Catalog
from babel.messages.frontend import CommandLineInterface
from babel.messages.pofile import read_po

ROOT = Path(__file__).resolve().parents[2]
FOLDER = ROOT / "translations" / "fr" / "LC_MESSAGES"
SIDE = FOLDER / "workshop.po"


def _read(path: Path) -> Catalog:
    with path.open("rb") as f:
        return read_po(f, locale="fr", abort_invalid=True)


@pytest.fixture(scope="module")
def messages(tmp_path_factory: pytest.TempPathFactory) -> Catalog:
    pot = tmp_path_factory.mktemp("ws-i18n") / "workshop.pot"
    argv = ["pybabel", "--quiet", "extract", "-k", "_", "-k", "N_", "-k", "ngettext:1,2"]
    argv += ["--no-location", "-o", str(pot), str(ROOT / "casework" / "workshop")]
    CommandLineInterface().run(argv)
    with pot.open("rb") as f:
        return read_po(f)


def _placeholders(text: str) -> set[str]:
    return {name for _, name, _, _ in string.Formatter().parse(text) if name is not None}


def test_side_catalogue_is_sound() -> None:
    if not SIDE.exists():
        pytest.skip("workshop.po has been folded into casework.po")
    side = _read(SIDE)
    assert str(side.locale) == "fr"
    assert side.plural_forms == "nplurals=2; plural=(n > 1);"
    problems = []
    for m in side:
        if not m.id:
            continue
        if m.fuzzy or not m.string.strip():
            problems.append(f"untranslated or fuzzy: {m.id!r}")
        if _placeholders(m.id) != _placeholders(m.string):
            problems.append(f"placeholders differ: {m.id!r}")
        if re.search(r" [;:?!»]|« ", m.string):
            problems.append(f"ordinary space before punctuation: {m.string!r}")
    assert not problems, "\n".join(problems)


def test_every_workshop_message_has_french(messages: Catalog) -> None:
    catalogues = [_read(FOLDER / "casework.po")] + ([_read(SIDE)] if SIDE.exists() else [])
    missing = [
        m.id
        for m in messages
        if m.id and not any((c.get(m.id) is not None and c.get(m.id).string) for c in catalogues)
    ]
    assert not missing, missing


def test_french_workshop_data_uses_the_glossary() -> None:
    from casework.i18n import translator

    fr = translator("fr")
    assert fr.gettext("Workshop — fictional data") == "Atelier — données fictives"
    assert fr.gettext("{town} Vocational Training Centre").startswith("Centre de formation")

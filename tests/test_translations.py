"""The French catalogue is complete and sound for the messages in the code.

Extracts the code's messages exactly as translations/README.md does (same babel.cfg, same keywords)
into a temporary .pot, then checks translations/fr/LC_MESSAGES/casework.po against it. Each test
fails with the full list of offending messages, so one run tells a translator everything to fix.
"""

from __future__ import annotations

import datetime as dt
import re
import string
from pathlib import Path

import pytest
from babel.messages.catalog import Catalog
from babel.messages.frontend import CommandLineInterface
from babel.messages.pofile import PoFileError, read_po

ROOT = Path(__file__).resolve().parent.parent
BABEL_CFG = ROOT / "babel.cfg"
FR_PO = ROOT / "translations" / "fr" / "LC_MESSAGES" / "casework.po"
# Must match the keywords of the extract command in translations/README.md.
KEYWORDS = ["_", "N_", "ngettext:1,2"]
PLURAL_FORMS = "nplurals=2; plural=(n > 1);"
NBSP = "\u00a0"
HOW_TO_FIX = (
    "\nRun the extract + update commands of translations/README.md, translate every message in "
    "translations/fr/LC_MESSAGES/casework.po (glossary: GLOSSARY.md), then re-run this test."
)


def _show(message_id: str | tuple[str, ...]) -> str:
    return repr(message_id if isinstance(message_id, str) else message_id[0])


def _listing(title: str, lines: list[str]) -> str:
    return f"{title} ({len(lines)}):\n  " + "\n  ".join(lines) + HOW_TO_FIX


@pytest.fixture(scope="module")
def code_messages(tmp_path_factory: pytest.TempPathFactory) -> Catalog:
    """The messages in the code, extracted as translations/README.md does it."""
    pot = tmp_path_factory.mktemp("i18n") / "casework.pot"
    argv = ["pybabel", "--quiet", "extract", "-F", str(BABEL_CFG)]
    for keyword in KEYWORDS:
        argv += ["-k", keyword]
    argv += ["--no-location", "--sort-output", "--project", "Casework", "-o", str(pot), str(ROOT)]
    CommandLineInterface().run(argv)
    with pot.open("rb") as f:
        catalog = read_po(f)
    assert len([m for m in catalog if m.id]) > 50, "extraction found almost no messages"
    return catalog


@pytest.fixture(scope="module")
def french() -> Catalog:
    assert FR_PO.exists(), f"{FR_PO} is missing"
    try:
        with FR_PO.open("rb") as f:
            return read_po(f, locale="fr", abort_invalid=True)
    except PoFileError as e:  # pragma: no cover - only on a broken file
        pytest.fail(f"{FR_PO.relative_to(ROOT)} does not parse: {e}")


def _strings(message) -> tuple[str, ...]:
    return message.string if isinstance(message.string, tuple) else (message.string,)


def _ids(message) -> tuple[str, ...]:
    return message.id if isinstance(message.id, tuple) else (message.id,)


def _placeholders(text: str) -> set[str]:
    """The {names} of a str.format message ('{{' and '}}' are literal braces)."""
    try:
        return {name for _, name, _, _ in string.Formatter().parse(text) if name is not None}
    except ValueError:
        return {"<malformed braces>"}


def test_catalogue_header(french: Catalog) -> None:
    assert str(french.locale) == "fr"
    assert french.plural_forms == PLURAL_FORMS
    assert french.num_plurals == 2


def test_every_code_message_is_in_the_catalogue(code_messages: Catalog, french: Catalog) -> None:
    missing = [_show(m.id) for m in code_messages if m.id and french.get(m.id) is None]
    assert not missing, _listing("Messages in the code missing from casework.po", missing)


def test_plural_messages_are_plural_in_the_catalogue(
    code_messages: Catalog, french: Catalog
) -> None:
    wrong = []
    for m in code_messages:
        fr = french.get(m.id) if m.id else None
        if fr is not None and m.pluralizable != fr.pluralizable:
            wrong.append(
                f"{_show(m.id)}: plural in code={m.pluralizable}, in .po={fr.pluralizable}"
            )
        elif fr is not None and m.pluralizable and tuple(m.id) != tuple(fr.id):
            wrong.append(f"{_show(m.id)}: plural English differs: {fr.id[1]!r} vs {m.id[1]!r}")
    assert not wrong, _listing("Plural messages out of step with the code", wrong)


def test_every_message_is_translated(french: Catalog) -> None:
    untranslated = []
    for m in french:
        if not m.id:
            continue
        strings = _strings(m)
        if m.pluralizable and len(strings) != french.num_plurals:
            untranslated.append(f"{_show(m.id)}: {len(strings)} plural forms, French needs 2")
        elif not all(s.strip() for s in strings):
            untranslated.append(_show(m.id))
    assert not untranslated, _listing("Untranslated messages in casework.po", untranslated)


def test_no_fuzzy_translations(french: Catalog) -> None:
    fuzzy = [_show(m.id) for m in french if m.id and m.fuzzy]
    assert not fuzzy, _listing("Fuzzy (unchecked) translations in casework.po", fuzzy)


def test_placeholders_match(french: Catalog) -> None:
    wrong = []
    for m in french:
        if not m.id or not any(_strings(m)):
            continue
        ids = _ids(m)
        english = set().union(*(_placeholders(i) for i in ids))
        for index, text in enumerate(_strings(m)):
            if not text:
                continue  # reported by test_every_message_is_translated
            found = _placeholders(text)
            # Plural form i matches English form i; French form 0 (n = 0 or 1) may also carry a
            # {count} that the English singular leaves out.
            expected = _placeholders(ids[min(index, len(ids) - 1)])
            if found not in (expected, english):
                form = f" [form {index}]" if m.pluralizable else ""
                wrong.append(
                    f"{_show(m.id)}{form}: English {sorted(expected)}, French {sorted(found)}"
                )
    assert not wrong, _listing("Placeholders that differ between English and French", wrong)


def test_french_typography_is_consistent(french: Catalog) -> None:
    """A no-break space (U+00A0), not an ordinary one, before ; : ? ! » and after «."""
    bad = re.compile(r" [;:?!»]|« ")
    wrong = [f"{_show(m.id)}: {s!r}" for m in french if m.id for s in _strings(m) if bad.search(s)]
    assert not wrong, _listing(
        "French strings with an ordinary space where a no-break space (U+00A0) belongs", wrong
    )


def test_translator_uses_the_glossary() -> None:
    from casework.i18n import translator
    from casework.model.enums import CaseStatus, ReferralState, label

    fr = translator("fr")
    assert fr.gettext("On hold") == "En suspens"
    assert label(CaseStatus.ON_HOLD, "fr") == "En suspens"
    assert label(CaseStatus.INTAKE, "fr") == "Accueil"
    assert label(ReferralState.DRAFT, "fr") == "Projet"
    assert label(CaseStatus.ON_HOLD, "en") == "On hold"


def test_french_dates() -> None:
    from casework.i18n import Lang

    assert Lang("fr").date(dt.date(2026, 3, 3)) == "3 mars 2026"
    assert Lang("fr").date(None) == ""
    assert Lang("en").date(dt.date(2026, 3, 3)) == "Mar 3, 2026"

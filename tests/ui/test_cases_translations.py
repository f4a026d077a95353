"""The screens' French side catalogue (ui_screens.po) is complete and sound until it is folded
into casework.po: every message of casework/ui/{cases,referrals,directory} is translated in one
of the two, with the same {placeholders} and French spacing."""

from __future__ import annotations

import string
from pathlib import Path

from babel.messages.extract import extract_from_dir
from babel.messages.pofile import read_po

ROOT = Path(__file__).resolve().parents[2]
FOLDER = ROOT / "translations" / "fr" / "LC_MESSAGES"
PACKAGES = ("cases", "referrals", "directory")
KEYWORDS = {"_": None, "N_": None, "ngettext": (1, 2)}
NBSP = "\u00a0"


def _placeholders(text: str) -> set[str]:
    return {name for _, name, _, _ in string.Formatter().parse(text) if name is not None}


def _code_messages() -> set[str | tuple[str, ...]]:
    out: set[str | tuple[str, ...]] = set()
    for package in PACKAGES:
        folder = ROOT / "casework" / "ui" / package
        for _file, _line, message, _comments, _ctx in extract_from_dir(
            folder, method_map=[("**.py", "python")], keywords=KEYWORDS
        ):
            out.add(message)
    return out


def test_side_catalogue_header_and_no_fuzzy() -> None:
    with (FOLDER / "ui_screens.po").open("rb") as f:
        side = read_po(f, locale="fr", abort_invalid=True)
    assert str(side.locale) == "fr"
    assert side.plural_forms == "nplurals=2; plural=(n > 1);"
    assert not [m.id for m in side if m.id and m.fuzzy]


def test_every_screen_message_is_translated() -> None:
    with (FOLDER / "casework.po").open("rb") as f:
        main = read_po(f, locale="fr")
    with (FOLDER / "ui_screens.po").open("rb") as f:
        side = read_po(f, locale="fr")
    problems = []
    for message in _code_messages():
        key = message[0] if isinstance(message, tuple) else message
        found = side.get(key) or main.get(key)
        if found is None:
            problems.append(f"missing: {key!r}")
            continue
        english = message if isinstance(message, tuple) else (message,)
        french = found.string if isinstance(found.string, tuple) else (found.string,)
        if not all(s.strip() for s in french):
            problems.append(f"untranslated: {key!r}")
        for text in french:
            if _placeholders(text) != _placeholders(english[0]):
                problems.append(f"placeholders differ: {key!r}")
            for mark in ":;?!":
                if f" {mark}" in text:
                    problems.append(f"ordinary space before {mark!r}: {key!r}")
    assert not problems, "\n".join(problems)


def test_glossary_terms() -> None:
    from casework.i18n import translator

    tr = translator("fr")
    assert tr.gettext("Referrals") == "Orientations"
    assert tr.gettext("Receiving organisation") == "Organisation d'accueil"
    assert tr.gettext("Pathway stage") == "Étape du parcours"
    assert tr.gettext("Service directory") == "Répertoire des services"
    assert "signalement" not in " ".join(
        tr.gettext(m if isinstance(m, str) else m[0]) for m in _code_messages()
    )

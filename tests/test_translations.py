"""The French and Arabic catalogues are complete and sound for the messages in the code.

Extracts the code's messages exactly as translations/README.md does (same babel.cfg, same keywords)
into a temporary .pot, then checks translations/<lang>/LC_MESSAGES/casework.po against it, for each
translated language. Each test fails with the full list of offending messages, so one run tells a
translator everything to fix.
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
# Must match the keywords of the extract command in translations/README.md.
KEYWORDS = ["_", "N_", "ngettext:1,2"]
# Each translated language and the Plural-Forms header its catalogue must carry (the usual
# gettext expressions: French 0 and 1 singular; Arabic zero, one, two, few, many, other).
PLURAL_FORMS = {
    "fr": "nplurals=2; plural=(n > 1);",
    "ar": "nplurals=6; plural=(n==0 ? 0 : n==1 ? 1 : n==2 ? 2 : n%100>=3 && n%100<=10 ? 3 : "
    "n%100>=11 ? 4 : 5);",
}
NBSP = "\u00a0"
ARABIC_LETTER = re.compile(r"[\u0621-\u064A]")
# Arabic presentation forms: pre-shaped glyphs belong in a rendering, never in a catalogue.
PRESENTATION_FORMS = re.compile(r"[\uFB50-\uFDFF\uFE70-\uFEFF]")
# Latin words that stay as they are in an Arabic message (names of the product and of formats).
KEPT_IN_LATIN = re.compile(r"Casework|CSV|PDF|USB|\{[^}]*\}|\*\.[a-z]+|<[^>]+>")


def _po(lang: str) -> Path:
    return ROOT / "translations" / lang / "LC_MESSAGES" / "casework.po"


def _how_to_fix(lang: str) -> str:
    return (
        "\nRun the extract + update commands of translations/README.md, translate every message "
        f"in translations/{lang}/LC_MESSAGES/casework.po (glossary: GLOSSARY.md), then re-run "
        "this test."
    )


def _show(message_id: str | tuple[str, ...]) -> str:
    return repr(message_id if isinstance(message_id, str) else message_id[0])


def _listing(title: str, lines: list[str], lang: str = "fr") -> str:
    return f"{title} [{lang}] ({len(lines)}):\n  " + "\n  ".join(lines) + _how_to_fix(lang)


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


@pytest.fixture(scope="module", params=sorted(PLURAL_FORMS))
def catalogue(request: pytest.FixtureRequest) -> Catalog:
    """One translated catalogue (each test runs once per language)."""
    lang = request.param
    path = _po(lang)
    assert path.exists(), f"{path} is missing"
    try:
        with path.open("rb") as f:
            return read_po(f, locale=lang, abort_invalid=True)
    except PoFileError as e:  # pragma: no cover - only on a broken file
        pytest.fail(f"{path.relative_to(ROOT)} does not parse: {e}")


@pytest.fixture(scope="module")
def french() -> Catalog:
    with _po("fr").open("rb") as f:
        return read_po(f, locale="fr", abort_invalid=True)


@pytest.fixture(scope="module")
def arabic() -> Catalog:
    with _po("ar").open("rb") as f:
        return read_po(f, locale="ar", abort_invalid=True)


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


def test_catalogue_header(catalogue: Catalog) -> None:
    lang = str(catalogue.locale)
    assert lang in PLURAL_FORMS
    assert catalogue.plural_forms == PLURAL_FORMS[lang]
    assert catalogue.num_plurals == int(PLURAL_FORMS[lang].split(";")[0].split("=")[1])


def test_every_code_message_is_in_the_catalogue(code_messages: Catalog, catalogue: Catalog) -> None:
    missing = [_show(m.id) for m in code_messages if m.id and catalogue.get(m.id) is None]
    assert not missing, _listing(
        "Messages in the code missing from casework.po", missing, str(catalogue.locale)
    )


def test_plural_messages_are_plural_in_the_catalogue(
    code_messages: Catalog, catalogue: Catalog
) -> None:
    wrong = []
    for m in code_messages:
        tr = catalogue.get(m.id) if m.id else None
        if tr is not None and m.pluralizable != tr.pluralizable:
            wrong.append(
                f"{_show(m.id)}: plural in code={m.pluralizable}, in .po={tr.pluralizable}"
            )
        elif tr is not None and m.pluralizable and tuple(m.id) != tuple(tr.id):
            wrong.append(f"{_show(m.id)}: plural English differs: {tr.id[1]!r} vs {m.id[1]!r}")
    assert not wrong, _listing(
        "Plural messages out of step with the code", wrong, str(catalogue.locale)
    )


def test_every_message_is_translated(catalogue: Catalog) -> None:
    untranslated = []
    for m in catalogue:
        if not m.id:
            continue
        strings = _strings(m)
        if m.pluralizable and len(strings) != catalogue.num_plurals:
            untranslated.append(
                f"{_show(m.id)}: {len(strings)} plural forms, {catalogue.num_plurals} needed"
            )
        elif not all(s.strip() for s in strings):
            untranslated.append(_show(m.id))
    assert not untranslated, _listing(
        "Untranslated messages in casework.po", untranslated, str(catalogue.locale)
    )


def test_no_fuzzy_translations(catalogue: Catalog) -> None:
    fuzzy = [_show(m.id) for m in catalogue if m.id and m.fuzzy]
    assert not fuzzy, _listing(
        "Fuzzy (unchecked) translations in casework.po", fuzzy, str(catalogue.locale)
    )


def test_placeholders_match(catalogue: Catalog) -> None:
    wrong = []
    for m in catalogue:
        if not m.id or not any(_strings(m)):
            continue
        ids = _ids(m)
        english = set().union(*(_placeholders(i) for i in ids))
        for index, text in enumerate(_strings(m)):
            if not text:
                continue  # reported by test_every_message_is_translated
            found = _placeholders(text)
            # Plural form i matches English form min(i, 1); a form that covers n = 0 or 1 (French 0,
            # Arabic 0 and 1) may also carry a
            # {count} that the English singular leaves out.
            expected = _placeholders(ids[min(index, len(ids) - 1)])
            if found not in (expected, english):
                form = f" [form {index}]" if m.pluralizable else ""
                wrong.append(
                    f"{_show(m.id)}{form}: English {sorted(expected)}, translation {sorted(found)}"
                )
    assert not wrong, _listing(
        "Placeholders that differ between English and the translation",
        wrong,
        str(catalogue.locale),
    )


def test_french_typography_is_consistent(french: Catalog) -> None:
    """A no-break space (U+00A0), not an ordinary one, before ; : ? ! » and after «."""
    bad = re.compile(r" [;:?!»]|« ")
    wrong = [f"{_show(m.id)}: {s!r}" for m in french if m.id for s in _strings(m) if bad.search(s)]
    assert not wrong, _listing(
        "French strings with an ordinary space where a no-break space (U+00A0) belongs", wrong
    )


def test_translator_uses_the_glossary() -> None:
    from casework.i18n import translator
    from casework.model.enums import CaseStatus, ReferralState
    from casework.model.labels import label

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


def test_arabic_messages_are_in_arabic(arabic: Catalog) -> None:
    """No English left in place of a translation, and no pre-shaped presentation forms."""
    wrong = []
    for m in arabic:
        if not m.id:
            continue
        english = KEPT_IN_LATIN.sub("", _ids(m)[0])
        for text in _strings(m):
            if PRESENTATION_FORMS.search(text):
                wrong.append(f"{_show(m.id)}: presentation forms in {text!r}")
            elif re.search(r"[A-Za-z]{2}", english) and not ARABIC_LETTER.search(text):
                wrong.append(f"{_show(m.id)}: {text!r} has no Arabic")
    assert not wrong, _listing("Arabic messages left in English or pre-shaped", wrong, "ar")


def test_arabic_punctuation(arabic: Catalog) -> None:
    """Arabic question mark and comma (؟ ،), not the Latin ones, after Arabic words."""
    wrong = [
        f"{_show(m.id)}: {s!r}"
        for m in arabic
        if m.id
        for s in _strings(m)
        if re.search(r"[\u0621-\u064A\u064B-\u0652][?,]", s)
    ]
    assert not wrong, _listing("Arabic strings with a Latin ? or , after Arabic", wrong, "ar")


def test_arabic_uses_the_glossary() -> None:
    from casework.i18n import translator
    from casework.model.enums import CaseStatus, ReferralState
    from casework.model.labels import label

    ar = translator("ar")
    assert ar.gettext("On hold") == "معلّق"
    assert label(CaseStatus.INTAKE, "ar") == "الاستقبال"
    assert label(ReferralState.DRAFT, "ar") == "مسودة"
    assert ar.gettext("Recovery key") == "مفتاح الاسترداد"
    assert ar.gettext("Service directory") == "دليل الخدمات"


@pytest.mark.parametrize(
    ("n", "form"),
    [(0, 0), (1, 1), (2, 2), (3, 3), (10, 3), (11, 4), (99, 4), (100, 5), (102, 5), (103, 3)],
)
def test_arabic_plural_forms(n: int, form: int) -> None:
    """Six forms, chosen by the gettext rule the header declares (zero … other)."""
    from casework.i18n import translator

    forms = ["{count} ملف", "{count} ملف", "{count} ملفان", "{count} ملفات", "{count} ملفًا"]
    forms.append("{count} ملف")
    assert translator("ar").ngettext("{count} case", "{count} cases", n) == forms[form]
    assert translator("ar").ngettext("{count} day", "{count} days", n).startswith("{count} ")

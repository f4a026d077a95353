"""Arabic in the running app: the language menu offers it, the whole interface mirrors, Qt's own
strings are Arabic, and the live switch works between every pair of languages."""

from __future__ import annotations

from itertools import permutations

from PySide6.QtCore import QLocale, Qt
from PySide6.QtWidgets import QApplication, QDialogButtonBox
from shell_helpers import ADMIN, ADMIN_PASSWORD, log_in

from casework.i18n import LANGUAGES, current_language, has_rtl, translator

RTL = Qt.LayoutDirection.RightToLeft
LTR = Qt.LayoutDirection.LeftToRight


def _qt_cancel() -> str:
    """The text Qt itself gives a standard Cancel button in the current language."""
    box = QDialogButtonBox(QDialogButtonBox.StandardButton.Cancel)
    try:
        return box.button(QDialogButtonBox.StandardButton.Cancel).text()
    finally:
        box.deleteLater()


def test_every_pair_of_languages_switches_live(qtbot, session) -> None:  # noqa: ANN001
    log_in(qtbot, session, ADMIN, ADMIN_PASSWORD)
    window = session.window
    assert window.language_actions["ar"].text() == "العربية"
    qt_cancel = {"en": "Cancel"}
    for before, after in [("en", "ar"), *permutations(LANGUAGES, 2)]:
        if current_language() != before:
            window.language_actions[before].trigger()
        window.language_actions[after].trigger()
        assert current_language() == after
        tr = translator(after)
        assert window.file_menu.title() == tr.gettext("&File")
        assert window.nav.item(1).text() == tr.gettext("Administration")
        assert window.roles_label.text() == tr.gettext("Administrator")
        direction = RTL if after == "ar" else LTR
        assert QApplication.layoutDirection() == direction
        assert window.layoutDirection() == direction
        assert window.nav.layoutDirection() == direction
        # Qt's own strings come from PySide6's qtbase_<lang>.qm.
        qt_cancel.setdefault(after, _qt_cancel())
        assert _qt_cancel() == qt_cancel[after]
    assert has_rtl(qt_cancel["ar"])  # "ألغِ"
    assert qt_cancel["fr"] == "Annuler"


def test_arabic_locale_in_qt_follows_the_organisation(qtbot, session) -> None:  # noqa: ANN001
    log_in(qtbot, session, ADMIN, ADMIN_PASSWORD)
    session.window.language_actions["ar"].trigger()
    # The shell vault has no country: Western digits, as in the Maghreb.
    assert QLocale().name() == "ar_MA"
    assert QLocale().toString(1234) == "1.234"
    session.window.language_actions["en"].trigger()
    assert QLocale().name().startswith("en")

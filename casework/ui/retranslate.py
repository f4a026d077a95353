"""Live language switching: widgets set their texts in `retranslate()` and register once.

    class MyWidget(QWidget):
        def __init__(self):
            ...
            track_language(self)   # calls self.retranslate() now and on every switch

Qt's own strings (standard buttons, dialogs) follow through the qtbase translator installed by
`install_qt_translator`, which also mirrors the whole interface for a right-to-left language
(`QApplication.setLayoutDirection`) and sets Qt's default locale to the one Babel formats with.
"""

from __future__ import annotations

import weakref
from collections.abc import Callable

from PySide6.QtCore import QLibraryInfo, QLocale, QObject, Qt, QTranslator
from PySide6.QtWidgets import QApplication, QWidget

from casework.i18n import current_language, is_rtl, locale_name, on_language_changed

_widgets: weakref.WeakSet[QObject] = weakref.WeakSet()
_qt_translator: QTranslator | None = None


def track_language(widget: QObject, *, now: bool = True) -> None:
    """Retranslate `widget` on every language switch, and at once unless `now` is False (a
    widget whose texts are already set in the current language: each `Texts.add` sets its
    text as it registers it, and setting them all again cost a case workspace's opening)."""
    _widgets.add(widget)
    if now:
        widget.retranslate()  # type: ignore[attr-defined]


def _retranslate_all(lang: str) -> None:
    install_qt_translator(lang)
    for widget in list(_widgets):
        try:
            widget.retranslate()  # type: ignore[attr-defined]
        except RuntimeError:  # the C++ object is gone
            _widgets.discard(widget)


def install_qt_translator(lang: str | None = None) -> None:
    global _qt_translator
    app = QApplication.instance()
    if app is None:
        return
    lang = lang or current_language()
    if _qt_translator is not None:
        app.removeTranslator(_qt_translator)
        _qt_translator = None
    QLocale.setDefault(QLocale(locale_name(lang)))
    app.setLayoutDirection(
        Qt.LayoutDirection.RightToLeft if is_rtl(lang) else Qt.LayoutDirection.LeftToRight
    )
    if lang != "en":
        translator = QTranslator(app)
        folder = QLibraryInfo.path(QLibraryInfo.LibraryPath.TranslationsPath)
        if translator.load(f"qtbase_{lang}", folder):
            app.installTranslator(translator)
            _qt_translator = translator


_unsubscribe = on_language_changed(_retranslate_all)


def is_tracked(widget: QWidget) -> bool:
    return widget in _widgets


class _Follower(QObject):
    def __init__(self, owner: QObject, again: Callable[[], object]) -> None:
        super().__init__(owner)
        self._again = again
        track_language(self)

    def retranslate(self) -> None:
        self._again()


def follow_language(owner: QObject, again: Callable[[], object]) -> QObject:
    """Run `again()` now and on every language switch, for as long as `owner` lives.

    For transient texts made from state (a date warning, a count, a field's error, a hint):
    keep how to make the text, not the text, so a live switch does not leave it in the old
    language. `again` must be safe to call at any time (it usually re-reads the state)."""
    return _Follower(owner, again)


class LiveText(str):
    """A translated text that can make itself again: `live(lambda: _("Backup written."))`.

    It is an ordinary `str` wherever a string goes (a `Signal(object)`, a test's list), and
    whoever shows it for a while (the status bar) calls `again()` after a language switch."""

    make: Callable[[], str]

    def __new__(cls, make: Callable[[], str]) -> LiveText:
        text = super().__new__(cls, make())
        text.make = make
        return text

    def again(self) -> LiveText:
        return LiveText(self.make)


def live(make: Callable[[], str]) -> LiveText:
    return LiveText(make)

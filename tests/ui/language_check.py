"""Finding English left on screen after a live switch to French.

Every text a user can see (labels, buttons, group titles, tabs, the status bar, window titles)
is compared with the English messages whose French translation differs: a text that reads as
one of them (placeholders standing for anything) stayed in the old language.
"""

from __future__ import annotations

import re
from functools import cache
from pathlib import Path

from babel.messages.pofile import read_po
from PySide6.QtWidgets import (
    QAbstractButton,
    QApplication,
    QGroupBox,
    QLabel,
    QMainWindow,
    QTabWidget,
    QWidget,
)

PO = Path(__file__).resolve().parents[2] / "translations" / "fr" / "LC_MESSAGES" / "casework.po"
_PLACEHOLDER = re.compile(r"\{[^{}]*\}")


def _plain(text: str) -> str:
    return re.sub(r"<[^>]+>", "", text).replace("&&", "\0").replace("&", "").replace("\0", "&")


@cache
def _english() -> tuple[frozenset[str], tuple[re.Pattern[str], ...]]:
    with PO.open("rb") as f:
        catalogue = read_po(f, locale="fr")
    exact: set[str] = set()
    patterns: list[re.Pattern[str]] = []
    for message in catalogue:
        ids = message.id if isinstance(message.id, tuple) else (message.id,)
        strings = message.string if isinstance(message.string, tuple) else (message.string,)
        for msgid in ids:
            if not msgid or msgid in strings:
                continue
            english = _plain(msgid).strip()
            literal = _PLACEHOLDER.sub("", english)
            if len(re.sub(r"\W", "", literal)) < 4:
                continue  # "{count} %", "OK": nothing that tells the language apart
            if _PLACEHOLDER.search(english):
                parts = _PLACEHOLDER.split(english)
                patterns.append(re.compile(".+".join(re.escape(p) for p in parts), re.DOTALL))
            else:
                exact.add(english)
    return frozenset(exact), tuple(patterns)


def texts_on_screen() -> list[tuple[str, str]]:
    """(where, text) of every visible text of every visible window."""
    found: list[tuple[str, str]] = []
    for top in QApplication.topLevelWidgets():
        if not top.isVisible():
            continue
        found.append((f"{type(top).__name__} title", top.windowTitle()))
        if isinstance(top, QMainWindow) and top.statusBar().currentMessage():
            found.append(("status bar", top.statusBar().currentMessage()))
        for widget in [top, *top.findChildren(QWidget)]:
            if not widget.isVisible():
                continue
            parent = widget.parentWidget()
            owner = type(parent.parentWidget() if parent else top).__name__
            where = f"{owner} › {type(widget).__name__} {widget.objectName()}".strip()
            if isinstance(widget, QLabel | QAbstractButton):
                found.append((where, widget.text()))
            elif isinstance(widget, QGroupBox):
                found.append((where, widget.title()))
            if isinstance(widget, QTabWidget):
                found += [(where, widget.tabText(i)) for i in range(widget.count())]
            if widget.toolTip():
                found.append((where + " tooltip", widget.toolTip()))
    return found


def english_left() -> list[str]:
    exact, patterns = _english()
    left = []
    for where, text in texts_on_screen():
        plain = _plain(text).strip()
        if not plain:
            continue
        if plain in exact or any(p.fullmatch(plain) for p in patterns):
            left.append(f"{where}: {plain!r}")
    return left

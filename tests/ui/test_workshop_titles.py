"""Workshop window titles and dialog banners without an application-wide event filter: a
dialog opened from a page and a dialog opened from that dialog, modal or not, both carry the
"[WORKSHOP — FICTIONAL DATA]" mark and the banner, in English and French, and follow a live
language switch; the marking sees the events of windows only, never those of the thousands of
widgets a page is built from. A real small workshop vault."""

from __future__ import annotations

import shutil
from collections.abc import Iterator
from pathlib import Path

import pytest
from PySide6.QtCore import QEvent, QObject
from PySide6.QtWidgets import QDialog, QLabel, QVBoxLayout, QWidget
from shell_helpers import ScratchScreen, log_in, test_pages

from casework.i18n import translator
from casework.ui.session import SessionController
from casework.ui.workshop import WorkshopBanner
from casework.ui.workshop_titles import WorkshopTitles
from casework.workshop import ACCOUNTS, generate

PASSWORDS = {a.name: a.password for a in ACCOUNTS}
BANNER = "WORKSHOP — FICTIONAL DATA"


@pytest.fixture(scope="module")
def template(tmp_path_factory: pytest.TempPathFactory) -> Path:
    folder = tmp_path_factory.mktemp("titles") / "workshop"
    generate(folder, cases=8, language="en")
    return folder


@pytest.fixture
def workshop(qtbot, template: Path, tmp_path: Path) -> Iterator[SessionController]:  # noqa: ANN001
    folder = tmp_path / "workshop"
    shutil.copytree(template, folder)
    controller = SessionController(folder, test_pages)
    qtbot.addWidget(controller.login)
    yield controller
    controller.shutdown()


def _mark(lang: str) -> str:
    return f"[{translator(lang).gettext(BANNER)}]"


def _dialog(parent: QWidget, title: str) -> QDialog:
    dialog = QDialog(parent)
    dialog.setWindowTitle(title)
    layout = QVBoxLayout(dialog)
    layout.addWidget(QLabel("Some fictional record", dialog))
    return dialog


def _banner_text(dialog: QDialog) -> str | None:
    banner = dialog.findChild(WorkshopBanner)
    if banner is None or not banner.isVisible():
        return None
    assert banner.geometry().top() == 0 and banner.width() == dialog.width()
    return banner.plain_text()


def _marked(dialog: QDialog, title: str, lang: str) -> bool:
    return dialog.windowTitle() == f"{title} {_mark(lang)}"


@pytest.mark.parametrize("lang", ["en", "fr"])
@pytest.mark.parametrize("modal", [True, False], ids=["open", "show"])
def test_dialogs_from_a_page_and_from_a_dialog_are_marked(
    qtbot,  # noqa: ANN001
    workshop,  # noqa: ANN001
    lang: str,
    modal: bool,
) -> None:
    log_in(qtbot, workshop, "trainer", PASSWORDS["trainer"])
    window = workshop.window
    window.choose_language(lang)
    page = window.findChild(ScratchScreen)
    assert page is not None
    first = _dialog(page.edit, "From a page")  # deep inside the page, not the main window's child
    first.open() if modal else first.show()
    if modal:  # marked while it is being shown (it blocks the main window), before a paint
        assert _marked(first, "From a page", lang)
    qtbot.waitUntil(lambda: _marked(first, "From a page", lang))
    qtbot.waitUntil(lambda: _banner_text(first) == translator(lang).gettext(BANNER))
    second = _dialog(first, "From a dialog")
    second.open() if modal else second.show()
    # A child of a followed window is followed from its creation: marked as it is shown.
    assert _marked(second, "From a dialog", lang)
    assert _banner_text(second) == translator(lang).gettext(BANNER)
    qtbot.waitUntil(lambda: _banner_text(second) == translator(lang).gettext(BANNER))

    # A title set while shown keeps the mark; a resize keeps the banner across the top.
    second.setWindowTitle("Renamed")
    assert _marked(second, "Renamed", lang)
    second.resize(second.width() + 120, second.height() + 40)
    qtbot.waitUntil(lambda: _banner_text(second) is not None)

    other = "fr" if lang == "en" else "en"
    window.choose_language(other)
    assert _marked(first, "From a page", other) and _marked(second, "Renamed", other)
    assert _banner_text(first) == _banner_text(second) == translator(other).gettext(BANNER)
    assert window.windowTitle().endswith(_mark(other))
    second.close()
    first.close()


def test_only_window_events_reach_the_marking(qtbot, workshop) -> None:  # noqa: ANN001
    """An application-wide filter would see every event of every widget of a page; this one
    sees its windows' own events only."""
    log_in(qtbot, workshop, "trainer", PASSWORDS["trainer"])
    window = workshop.window
    titles = window.titles
    assert isinstance(titles, WorkshopTitles)
    seen: list[QObject] = []
    real = WorkshopTitles.eventFilter

    def counting(watched: QObject, event: QEvent) -> bool:
        seen.append(watched)
        return real(titles, watched, event)

    titles.eventFilter = counting  # type: ignore[method-assign]
    page = window.findChild(ScratchScreen)
    page.edit.setText("typed")
    for _ in range(3):
        page.resize(page.width() + 10, page.height())
        window.resize(window.width() + 10, window.height())
    dialog = _dialog(page.edit, "Late")
    dialog.open()
    qtbot.waitUntil(lambda: _marked(dialog, "Late", "en"))
    assert seen, "the marking saw no event at all: the test shows nothing"
    assert all(isinstance(w, QWidget) and w.isWindow() for w in seen), {
        type(w).__name__ for w in seen if not (isinstance(w, QWidget) and w.isWindow())
    }
    dialog.close()


def test_the_marking_stops_when_the_session_ends(qtbot, workshop) -> None:  # noqa: ANN001
    log_in(qtbot, workshop, "trainer", PASSWORDS["trainer"])
    window = workshop.window
    titles = window.titles
    titles.remove()
    dialog = _dialog(window, "After")
    dialog.open()
    qtbot.waitExposed(dialog)
    qtbot.wait(50)
    assert dialog.windowTitle() == "After" and dialog.findChild(WorkshopBanner) is None
    dialog.close()


def test_marking_a_title_compiles_no_other_language() -> None:
    """An unmarked title is marked in the active language without compiling the others'
    catalogues (0.2 s of CPU at the first unlock); a marked one still changes language."""
    from casework.i18n import set_language
    from casework.ui.workshop import with_suffix

    translator.cache_clear()
    assert with_suffix("Casework") == f"Casework [{BANNER}]"
    assert translator.cache_info().currsize <= 1  # English only (no catalogue)
    set_language("fr")
    try:
        french = with_suffix(with_suffix("Casework"))
        assert french.startswith("Casework [") and BANNER not in french
        assert french.count("[") == 1
    finally:
        set_language("en")
    assert with_suffix(french) == f"Casework [{BANNER}]"

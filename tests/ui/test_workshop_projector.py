"""A trainer's day on a projector: every real page and the main dialogs at 1280×720 and
1920×1080 in presentation mode, no shortcut registered twice, the workshop banner inside every
dialog, the idle lock and the display settings across a reset. A real small workshop vault."""

from __future__ import annotations

import shutil
from collections.abc import Iterator
from pathlib import Path

import pytest
from PySide6.QtCore import QSize
from PySide6.QtGui import QAction, QFontInfo, QShortcut
from PySide6.QtWidgets import (
    QAbstractScrollArea,
    QApplication,
    QDialog,
    QHeaderView,
    QLabel,
    QMessageBox,
    QTabBar,
    QWidget,
)
from shell_helpers import log_in

from casework.i18n import translator
from casework.ui.main_window import MainWindow
from casework.ui.session import SessionController
from casework.ui.workshop import ExercisesDialog, WorkshopBanner
from casework.workshop import ACCOUNTS, generate
from casework.workshop.trainer import load_settings

PASSWORDS = {a.name: a.password for a in ACCOUNTS}
SIZES = (QSize(1280, 720), QSize(1920, 1080))


@pytest.fixture(scope="module")
def template(tmp_path_factory: pytest.TempPathFactory) -> Path:
    folder = tmp_path_factory.mktemp("projector") / "workshop"
    generate(folder, cases=10, language="en")
    return folder


@pytest.fixture
def workshop(qtbot, template: Path, tmp_path: Path) -> Iterator[SessionController]:  # noqa: ANN001
    folder = tmp_path / "workshop"
    shutil.copytree(template, folder)
    controller = SessionController(folder)  # the real pages
    qtbot.addWidget(controller.login)
    yield controller
    controller.shutdown()


def _shortcuts(window: MainWindow) -> list[tuple[str, str]]:
    found = []
    for action in window.findChildren(QAction):
        for key in action.shortcuts():
            if not key.isEmpty():
                found.append((key.toString(), action.objectName() or action.text()))
    for shortcut in window.findChildren(QShortcut):
        if shortcut.isEnabled() and not shortcut.key().isEmpty():
            found.append((shortcut.key().toString(), shortcut.objectName() or "QShortcut"))
    return found


@pytest.mark.parametrize("account", ["trainer", "caseworker1"])
def test_no_two_actions_share_a_shortcut(qtbot, workshop, account: str) -> None:  # noqa: ANN001
    log_in(qtbot, workshop, account, PASSWORDS[account])
    found = _shortcuts(workshop.window)
    keys = [key for key, _owner in found]
    twice = sorted({f"{k}: {[o for kk, o in found if kk == k]}" for k in keys if keys.count(k) > 1})
    assert not twice, "Shortcuts registered twice (Qt calls them ambiguous): " + "; ".join(twice)
    assert "Ctrl++" in keys and "Ctrl+-" in keys


def _visible_banner(dialog: QWidget) -> WorkshopBanner | None:
    banner = dialog.findChild(WorkshopBanner)
    return banner if banner is not None and banner.isVisible() else None


def test_the_banner_is_inside_every_dialog(qtbot, workshop) -> None:  # noqa: ANN001
    log_in(qtbot, workshop, "trainer", PASSWORDS["trainer"])
    window = workshop.window
    dialogs = [
        window.preferences(),
        window.change_password(),
        window.confirm_reset_workshop(),
        window.show_exercises(),
    ]
    for dialog in dialogs:
        qtbot.waitUntil(dialog.isVisible)
        banner = _visible_banner(dialog)
        assert banner is not None, dialog.objectName()
        assert "WORKSHOP — FICTIONAL DATA" in banner.text()
        assert banner.geometry().top() == 0 and banner.width() == dialog.width()
        # Nothing of the dialog hides under the banner.
        for child in dialog.findChildren(QWidget):
            if child.isVisible() and child.parentWidget() is dialog and child is not banner:
                assert child.geometry().top() >= banner.height(), child.objectName()
    window.choose_language("fr")
    assert (
        translator("fr").gettext("WORKSHOP — FICTIONAL DATA") in _visible_banner(dialogs[0]).text()
    )
    for dialog in dialogs:
        dialog.close()


def _elided_headers(page: QWidget) -> list[str]:
    """Header sections narrower than their text."""
    cut = []
    for header in page.findChildren(QHeaderView):
        if not header.isVisible() or header.orientation().name != "Horizontal":
            continue
        model = header.model()
        if model is None:
            continue
        metrics = header.fontMetrics()
        for i in range(header.count()):
            if header.isSectionHidden(i) or header.sectionSize(i) == 0:
                continue
            text = str(model.headerData(i, header.orientation()) or "")
            if text and metrics.horizontalAdvance(text) > header.sectionSize(i):
                cut.append(f"{type(page).__name__}: {text!r}")
    return cut


def _cut_tabs(page: QWidget) -> list[str]:
    cut = []
    for bar in page.findChildren(QTabBar):
        if not bar.isVisible():
            continue
        for i in range(bar.count()):
            text = bar.tabText(i).replace("&", "")
            if bar.fontMetrics().horizontalAdvance(text) > bar.tabRect(i).width():
                cut.append(f"{type(page).__name__}: tab {text!r}")
    return cut


@pytest.mark.parametrize("size", SIZES, ids=lambda s: f"{s.width()}x{s.height()}")
def test_every_page_and_dialog_in_presentation_mode(qtbot, workshop, size: QSize) -> None:  # noqa: ANN001
    log_in(qtbot, workshop, "trainer", PASSWORDS["trainer"])
    window = workshop.window
    window.presentation_screen = size
    window.set_presentation_mode(True)
    window.setMinimumSize(0, 0)
    window.showNormal()  # the offscreen screen is smaller: lay the window out at `size`
    window.resize(size)
    qtbot.wait(10)
    assert QFontInfo(QApplication.font()).pixelSize() >= 0.025 * size.height()
    assert window.presentation_bar.isVisible()
    assert (
        window.presentation_bar.button.width() >= window.presentation_bar.button.sizeHint().width()
    )
    problems: list[str] = []
    assert window.nav.count() >= 6  # every page a trainer (administrator, supervisor) has
    for row in range(window.nav.count()):
        window.nav.setCurrentRow(row)  # built when first shown
        qtbot.wait(5)
        page = window.current_screen()
        assert page is not None
        problems += _elided_headers(page)
        problems += _cut_tabs(page)
    for label in window.statusBar().findChildren(QLabel):
        if label.isVisible() and label.width() < label.sizeHint().width():
            problems.append(f"status bar: {label.text()!r}")
    assert not problems, "Cut at " + f"{size.width()}×{size.height()}: " + "; ".join(problems)

    room = QSize(size.width(), size.height())
    dialogs: list[QDialog] = [
        window.preferences(),
        window.change_password(),
        window.confirm_reset_workshop(),
        window.show_exercises(),
    ]
    for dialog in dialogs:
        qtbot.waitUntil(dialog.isVisible)
        hint = dialog.minimumSizeHint()
        assert hint.width() <= room.width() and hint.height() <= room.height(), (
            dialog.objectName(),
            hint,
        )
        dialog.close()


def test_exercises_dialog_fits_a_720_pixel_screen(qtbot, workshop) -> None:  # noqa: ANN001
    log_in(qtbot, workshop, "trainer", PASSWORDS["trainer"])
    dialog = workshop.window.show_exercises()
    assert isinstance(dialog, ExercisesDialog)
    available = dialog.screen().availableGeometry()
    assert dialog.height() <= available.height() and dialog.width() <= available.width()
    assert isinstance(dialog.browser, QAbstractScrollArea)  # long text scrolls inside it


def test_idle_lock_follows_the_trainer_setting(qtbot, workshop) -> None:  # noqa: ANN001
    log_in(qtbot, workshop, "trainer", PASSWORDS["trainer"])
    window = workshop.window
    assert workshop.idle.timer.isActive()  # not presenting: the usual lock
    window.set_presentation_mode(True)
    assert not workshop.idle.timer.isActive()  # presenting in a workshop: off by default
    prefs = window.preferences()
    assert prefs.presenting_lock is not None and not prefs.presenting_lock.isChecked()
    prefs.presenting_lock.setChecked(True)
    prefs.accept()
    assert load_settings(workshop.folder).lock_while_presenting
    assert workshop.idle.timer.isActive()
    window.set_presentation_mode(False)
    assert workshop.idle.timer.isActive()


def test_a_caseworker_cannot_turn_the_lock_off(qtbot, workshop) -> None:  # noqa: ANN001
    log_in(qtbot, workshop, "caseworker1", PASSWORDS["caseworker1"])
    prefs = workshop.window.preferences()
    assert prefs.presenting_lock is None
    prefs.close()


def test_display_settings_survive_a_reset(qtbot, workshop) -> None:  # noqa: ANN001
    log_in(qtbot, workshop, "trainer", PASSWORDS["trainer"])
    window = workshop.window
    window.set_zoom(130)
    window.set_presentation_mode(True)
    box = window.confirm_reset_workshop()
    assert isinstance(box, QMessageBox)
    with qtbot.waitSignal(workshop.workshop_reset, timeout=20000):
        box.findChild(type(box.defaultButton()), "confirmWorkshopResetButton").click()
    log_in(qtbot, workshop, "trainer", PASSWORDS["trainer"])
    assert workshop.window.zoom == 130
    assert workshop.window.presenting and workshop.window.presentation_action.isChecked()


def test_what_participants_did_and_its_pdf(qtbot, workshop, monkeypatch) -> None:  # noqa: ANN001
    from casework.ui.printing import PrintOptionsDialog
    from casework.ui.workshop_trainer import ParticipantsDialog

    log_in(qtbot, workshop, "caseworker1", PASSWORDS["caseworker1"])
    assert not workshop.window.participants_action.isVisible()
    assert workshop.window.show_participants() is None  # not for participants
    workshop.lock()
    log_in(qtbot, workshop, "trainer", PASSWORDS["trainer"])
    # The trainer's login is recorded once the background page check has passed, by the write
    # queued behind it (pages_checked turns true just before that write is made).
    from casework.workshop.activity import participant_activity

    ctx = workshop.window.ctx

    def trainer_recorded() -> bool:
        return any(a.account == "trainer" for a in participant_activity(ctx))

    qtbot.waitUntil(trainer_recorded, timeout=15000)
    dialog = workshop.window.show_participants()
    assert isinstance(dialog, ParticipantsDialog)
    tops = [dialog.tree.topLevelItem(i).text(0) for i in range(dialog.tree.topLevelItemCount())]
    assert tops == ["caseworker1 — actions: 1", "trainer — actions: 1"]
    assert dialog.tree.topLevelItem(0).child(0).text(1) == "Logged in"
    monkeypatch.setattr(PrintOptionsDialog, "exec", lambda self: QDialog.DialogCode.Accepted)
    dialog.export_button.click()
    qtbot.waitUntil(lambda: getattr(dialog, "preview", None) is not None)
    assert dialog.preview.document.pageCount() >= 1
    dialog.preview.close()
    dialog.close()


def test_print_material_and_reset_one_exercise_from_the_dialog(
    qtbot, workshop, monkeypatch
) -> None:  # noqa: ANN001
    from casework.services import referrals
    from casework.ui.printing import PrintOptionsDialog

    log_in(qtbot, workshop, "trainer", PASSWORDS["trainer"])
    dialog = workshop.window.show_exercises()
    assert isinstance(dialog, ExercisesDialog) and dialog.replay_button.isVisible()
    monkeypatch.setattr(PrintOptionsDialog, "exec", lambda self: QDialog.DialogCode.Accepted)
    dialog.handouts_button.click()
    qtbot.waitUntil(lambda: getattr(dialog, "preview", None) is not None)
    assert dialog.preview.document.pageCount() == len(dialog.texts)
    dialog.preview.close()
    # The overdue exercise's referral is answered, then the exercise is reset.
    text = next(t for t in dialog.texts if t.key == "overdue")
    ctx = workshop.ctx
    from casework.services import cases

    case_id = cases.case_reference(ctx, text.reference)
    (referral,) = referrals.list_referrals(ctx, referrals.ReferralQuery(case_id=case_id)).rows
    referrals.accept_referral(ctx, referral.id, on_behalf_of="Partner")
    dialog.replay_choice.setCurrentIndex(dialog.replay_choice.findData("overdue"))
    box = dialog.confirm_replay()
    box.findChild(type(box.defaultButton()), "confirmReplayButton").click()
    assert dialog.replay_status.isVisible()
    (back,) = referrals.list_referrals(ctx, referrals.ReferralQuery(case_id=case_id)).rows
    assert back.overdue and back.state.value == "sent"
    dialog.close()


def test_reset_in_another_language_makes_french_data(qtbot, workshop) -> None:  # noqa: ANN001
    from sqlalchemy import select

    from casework.model import PathwayStage

    log_in(qtbot, workshop, "trainer", PASSWORDS["trainer"])
    workshop.window.choose_language("fr")  # the session's language is offered first
    box = workshop.window.confirm_reset_workshop()
    assert box.language_combo.currentData() == "fr"
    with qtbot.waitSignal(workshop.workshop_reset, timeout=60000):
        box.findChild(type(box.defaultButton()), "confirmWorkshopResetButton").click()
    assert load_settings(workshop.folder).data_language == "fr"
    log_in(qtbot, workshop, "trainer", PASSWORDS["trainer"])
    with workshop.ctx.read() as s:
        stages = set(s.scalars(select(PathwayStage.name)))
    assert "Orientations vers les services" in stages
    assert workshop.ctx.vault.meta("workshop_language") == "fr"


def test_a_real_vault_keeps_its_lock_while_presenting(qtbot, session) -> None:  # noqa: ANN001
    from shell_helpers import ADMIN, ADMIN_PASSWORD

    log_in(qtbot, session, ADMIN, ADMIN_PASSWORD)
    session.window.set_presentation_mode(True)
    assert session.idle.timer.isActive()
    prefs = session.window.preferences()
    assert prefs.presenting_lock is None  # no such choice outside a workshop
    prefs.close()

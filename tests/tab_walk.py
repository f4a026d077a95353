"""Walking a dialog's focus chain with Tab and Shift+Tab, as a keyboard user does: every
control reached once, in reading order (top to bottom, then left to right), no trap.

Used by tests/ui/test_tab_order.py and tests/exchange/test_exchange_tab_order.py."""

from __future__ import annotations

from PySide6.QtCore import QPoint, QRect, Qt
from PySide6.QtWidgets import (
    QAbstractButton,
    QAbstractSpinBox,
    QApplication,
    QComboBox,
    QDialog,
    QRadioButton,
    QScrollArea,
    QWidget,
)


def check_tab_order(qtbot, dialog: QDialog, name: str) -> None:  # noqa: ANN001
    """Fails on a control never reached, reached out of reading order, or a trap; the dialog
    is shown and active, the focus on its first control."""
    reachable = _reachable(dialog)
    assert reachable, name
    start = _control(QApplication.focusWidget())
    assert start in reachable, f"{name}: the focus starts on {_name(start)}"
    limit = 4 * len(reachable) + 10
    forward = _walk(qtbot, dialog, Qt.Key.Key_Tab, limit)
    missing = [_name(w) for w in reachable if w not in forward]
    assert not missing, f"{name}: never reached with Tab: {missing}"
    # Reading order, from the first control of the dialog to the last.
    top = min(forward, key=lambda w: (_rect(dialog, w).top(), _rect(dialog, w).left()))
    i = forward.index(top)
    reading = forward[i:] + forward[:i]
    assert not _out_of_order(dialog, reading), f"{name}: {_out_of_order(dialog, reading)}"
    backward = _walk(qtbot, dialog, Qt.Key.Key_Backtab, limit)
    assert backward == [forward[0], *reversed(forward[1:])], f"{name}: Shift+Tab differs"


def _control(widget: QWidget | None) -> QWidget | None:
    """The control a focused widget belongs to (a date's or an editable combo's own editor)."""
    while widget is not None:
        parent = widget.parentWidget()
        if isinstance(parent, QAbstractSpinBox | QComboBox):
            widget = parent
            continue
        return widget
    return None


def _reachable(dialog: QDialog) -> list[QWidget]:
    """The controls a keyboard user should reach with Tab."""
    found = []
    for w in dialog.findChildren(QWidget):
        if not w.isVisible() or not w.isEnabled() or w.focusProxy() is not None:
            continue
        if not (w.focusPolicy() & Qt.FocusPolicy.TabFocus):
            continue
        if _control(w) is not w:
            continue
        if isinstance(w, QRadioButton) and w.autoExclusive() and not w.isChecked():
            continue  # arrows move within a group of choices; Tab stops on the chosen one
        found.append(w)
    return found


def _rect(dialog: QDialog, w: QWidget) -> QRect:
    """Where a control stands in the dialog with its scroll areas unrolled (the whole form
    laid out from top to bottom, whatever is scrolled into view now)."""
    areas = [a for a in dialog.findChildren(QScrollArea) if a.widget() is not None]
    for area in areas:
        if area.widget().isAncestorOf(w):
            return QRect(area.mapTo(dialog, w.mapTo(area.widget(), QPoint(0, 0))), w.size())
    rect = QRect(w.mapTo(dialog, QPoint(0, 0)), w.size())
    for area in areas:
        if area.mapTo(dialog, QPoint(0, area.height())).y() <= rect.top():
            rect.translate(0, max(0, area.widget().height() - area.viewport().height()))
    return rect


def _out_of_order(dialog: QDialog, order: list[QWidget]) -> list[str]:
    """Pairs where the next control stands above the previous one, or on its left in the
    same row: the focus would jump back against the reading order."""
    wrong = []
    for a, b in zip(order, order[1:], strict=False):
        ra, rb = _rect(dialog, a), _rect(dialog, b)
        above = rb.bottom() < ra.top()
        same_row = rb.top() <= ra.center().y() <= rb.bottom() or (
            ra.top() <= rb.center().y() <= ra.bottom()
        )
        if above or (same_row and rb.left() < ra.left()):
            wrong.append(f"{_name(a)} → {_name(b)}")
    return wrong


def _name(w: QWidget) -> str:
    text = w.text() if isinstance(w, QAbstractButton) else ""
    return f"{type(w).__name__}:{w.objectName() or w.accessibleName() or text}"


def _walk(qtbot, dialog: QDialog, key: Qt.Key, limit: int) -> list[QWidget]:  # noqa: ANN001
    """The controls the focus stands on, pressing `key` until it comes back to the control it
    started on. A control met on several presses in a row counts once (Tab steps through a
    date's day, month and year, as a browser's date field does). Fails on a trap: the focus
    going round in a smaller loop, or still not back after `limit` presses."""
    start = _control(QApplication.focusWidget())
    order: list[QWidget] = [start]
    for _ in range(limit):
        qtbot.keyClick(QApplication.focusWidget(), key)
        focus = _control(QApplication.focusWidget())
        assert focus is not None and focus.window() is dialog, "the focus left the dialog"
        if focus is order[-1]:
            continue
        if focus is start:
            return order
        assert focus not in order, "a loop that never comes back: " + ", ".join(
            _name(w) for w in [*order, focus]
        )
        order.append(focus)
    raise AssertionError("stuck: " + ", ".join(_name(w) for w in order))

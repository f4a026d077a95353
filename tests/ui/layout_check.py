"""What a user would see cut off on a page: elided table headers, combo texts and buttons cut
short, horizontal scroll bars. Used by test_layout_1024.py (and handy from a shell)."""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtWidgets import (
    QAbstractScrollArea,
    QComboBox,
    QHeaderView,
    QPushButton,
    QStyle,
    QStyleOptionComboBox,
    QWidget,
)


def _shown(widget: QWidget, top: QWidget) -> bool:
    return widget.isVisibleTo(top) and widget.isVisible()


def cut_headers(top: QWidget) -> list[str]:
    out = []
    for header in top.findChildren(QHeaderView):
        if header.orientation() != Qt.Orientation.Horizontal or not _shown(header, top):
            continue
        model = header.model()
        if model is None:
            continue
        for i in range(header.count()):
            if header.isSectionHidden(i) or header.sectionSize(i) == 0:
                continue
            text = model.headerData(i, Qt.Orientation.Horizontal)
            if not text:
                continue
            needed = header.sectionSizeFromContents(i).width()
            if header.sectionSize(i) + 1 < needed:
                out.append(
                    f"{header.parent().objectName() or type(header.parent()).__name__}: "
                    f"{text!r} {header.sectionSize(i)} < {needed}"
                )
    return out


def cut_combos(top: QWidget) -> list[str]:
    out = []
    for combo in top.findChildren(QComboBox):
        if not _shown(combo, top) or not combo.currentText():
            continue
        option = QStyleOptionComboBox()
        combo.initStyleOption(option)
        field = combo.style().subControlRect(
            QStyle.ComplexControl.CC_ComboBox, option, QStyle.SubControl.SC_ComboBoxEditField, combo
        )
        needed = combo.fontMetrics().horizontalAdvance(combo.currentText())
        if field.width() < needed:
            out.append(f"{combo.objectName()}: {combo.currentText()!r} {field.width()} < {needed}")
    return out


def cut_buttons(top: QWidget) -> list[str]:
    """Buttons narrower than their text needs (Qt draws them clipped, with no ellipsis)."""
    out = []
    for button in top.findChildren(QPushButton):
        if not _shown(button, top) or not button.text():
            continue
        needed = button.fontMetrics().horizontalAdvance(button.text().replace("&", ""))
        if button.width() < needed + 8:
            out.append(f"{button.objectName()}: {button.text()!r} {button.width()} < {needed}")
    return out


def horizontal_scroll_bars(top: QWidget) -> list[str]:
    out = []
    for area in top.findChildren(QAbstractScrollArea):
        bar = area.horizontalScrollBar()
        if _shown(area, top) and bar.isVisible() and bar.maximum() > 0:
            out.append(f"{area.objectName() or type(area).__name__}: scrolls {bar.maximum()} px")
    return out


def problems(top: QWidget) -> list[str]:
    return cut_headers(top) + cut_combos(top) + cut_buttons(top) + horizontal_scroll_bars(top)

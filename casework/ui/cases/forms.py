"""Building blocks shared by the case, referral and directory screens: translated text binding,
form dialogs that keep their input on a validation error, small list models and area pickers.

Kept free of imports from the other screen packages so any of them can use it.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass
from enum import StrEnum
from functools import lru_cache
from typing import Any, Generic, TypeVar

from babel import Locale
from babel.dates import format_time
from PySide6.QtCore import (
    QAbstractTableModel,
    QDate,
    QEvent,
    QLocale,
    QModelIndex,
    QObject,
    QPersistentModelIndex,
    QPoint,
    QRect,
    QSize,
    Qt,
)
from PySide6.QtGui import QColor
from PySide6.QtWidgets import (
    QAbstractItemView,
    QCheckBox,
    QComboBox,
    QDateEdit,
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QGridLayout,
    QHeaderView,
    QLabel,
    QLayout,
    QLayoutItem,
    QLineEdit,
    QPlainTextEdit,
    QSizePolicy,
    QTableView,
    QVBoxLayout,
    QWidget,
)

from casework.errors import CaseworkError, ValidationError
from casework.i18n import N_, _, current_language, format_date
from casework.model.enums import Subregion, label
from casework.model.geography import COUNTRIES
from casework.ui.errors import show_error
from casework.ui.retranslate import track_language
from casework.ui.widgets import EnumCombo, FieldErrors
from casework.ui.widgets import OptionalDate as _OptionalDate

E = TypeVar("E", bound=StrEnum)
T = TypeVar("T")

Index = QModelIndex | QPersistentModelIndex
OVERDUE_COLOUR = QColor("#b3261e")


# --- texts ---------------------------------------------------------------------------------------


class Texts:
    """Pairs of (setter, msgid) applied again on every language switch.

    Messages are marked with N_() where they are registered and translated in `apply()`, so a
    widget's whole vocabulary re-translates without a hand-written retranslate per label.
    """

    def __init__(self) -> None:
        self._pairs: list[tuple[Callable[[str], Any], str | Callable[[], str]]] = []

    def add(self, setter: Callable[[str], Any], msgid: str | Callable[[], str]) -> None:
        self._pairs.append((setter, msgid))
        setter(msgid() if callable(msgid) else _(msgid))

    def apply(self) -> None:
        for setter, msgid in self._pairs:
            setter(msgid() if callable(msgid) else _(msgid))


def named(widget: QWidget, texts: Texts, msgid: str) -> QWidget:
    """Give a control its translated accessible name (screen readers, and tests find it)."""
    texts.add(widget.setAccessibleName, msgid)
    return widget


def enum_combo(enum_type: type[E], *, optional: bool = False) -> EnumCombo[E]:
    combo: EnumCombo[E] = EnumCombo(enum_type, optional=optional)
    track_language(combo)
    return combo


class FilterCombo(EnumCombo[E]):
    """An optional enum combo whose empty choice says what it filters ("(any status)")."""

    def __init__(self, enum_type: type[E], any_msgid: str) -> None:
        self.any_msgid = any_msgid
        super().__init__(enum_type, optional=True)

    def retranslate(self) -> None:
        super().retranslate()
        self.setItemText(0, _(self.any_msgid))


def choice_combo(enum_type: type[E]) -> FilterCombo[E]:
    """An enum combo that starts on "(choose)": nothing is chosen for the user."""
    combo: FilterCombo[E] = FilterCombo(enum_type, N_("(choose)"))
    track_language(combo)
    return combo


def filter_combo(enum_type: type[E], any_msgid: str) -> FilterCombo[E]:
    combo: FilterCombo[E] = FilterCombo(enum_type, any_msgid)
    compact(combo)
    track_language(combo)
    return combo


def compact(combo: QComboBox, chars: int = 10) -> QComboBox:
    """Let a combo of long labels shrink in a filter row (its popup still shows them whole)."""
    combo.setSizeAdjustPolicy(QComboBox.SizeAdjustPolicy.AdjustToMinimumContentsLengthWithIcon)
    combo.setMinimumContentsLength(chars)
    combo.view().setTextElideMode(Qt.TextElideMode.ElideNone)
    return combo


def fmt_date(value: dt.date | None) -> str:
    return format_date(value, "medium") if value else ""


def fmt_datetime(value: dt.datetime | None) -> str:
    """Local date and time, the month in letters ("Nov 25, 2026, 12:54 AM", "25 nov. 2026,
    00:54"): a numeric short date reads differently in Nairobi, Manila and Dakar."""
    if value is None:
        return ""
    if value.tzinfo is None:
        value = value.replace(tzinfo=dt.UTC)
    local = value.astimezone()
    lang = current_language()
    pattern = str(Locale.parse(lang).datetime_formats["medium"])
    return pattern.format(format_time(local, "short", locale=lang), format_date(local, "medium"))


def country_name(code: str, lang: str | None = None) -> str:
    if not code:
        return ""
    return _territories(lang or current_language()).get(code, code)


@lru_cache(maxsize=4)
def _territories(lang: str) -> dict[str, str]:
    return dict(Locale.parse(lang).territories)


def set_date(edit: QDateEdit, value: dt.date) -> None:
    edit.setDate(QDate(value.year, value.month, value.day))


def date_of(edit: QDateEdit) -> dt.date:
    d = edit.date()
    return dt.date(d.year(), d.month(), d.day())


# The month in letters: 03/04/2026 is March in Nairobi's phones and April in Dakar's.
DATE_DISPLAY_FORMAT = "d MMM yyyy"


def _date_locale(edit: QDateEdit) -> None:
    edit.setLocale(QLocale(current_language()))
    edit.setDisplayFormat(DATE_DISPLAY_FORMAT)


class DateEdit(QDateEdit):
    """A date field that shows "25 Nov 2026" / "25 nov. 2026" in the active language."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setCalendarPopup(True)
        track_language(self)

    def retranslate(self) -> None:
        _date_locale(self)


class OptionalDate(_OptionalDate):
    """An optional date field (blank = None) with the same unambiguous display."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        track_language(self)

    def retranslate(self) -> None:
        _date_locale(self)


def date_edit(value: dt.date | None = None) -> QDateEdit:
    edit = DateEdit()
    set_date(edit, value or dt.date.today())
    return edit


# --- pickers -------------------------------------------------------------------------------------


class CountryCombo(QComboBox):
    """The countries of the three subregions, named in the active language."""

    def __init__(self, parent: QWidget | None = None, *, empty_label: str | None = None) -> None:
        super().__init__(parent)
        self._empty_label = empty_label  # an N_() msgid, or None for no empty choice
        self.retranslate()
        track_language(self)

    def retranslate(self) -> None:
        current = self.value()
        self.blockSignals(True)
        self.clear()
        if self._empty_label is not None:
            self.addItem(_(self._empty_label), "")
        for subregion in Subregion:
            codes = sorted(COUNTRIES[subregion], key=country_name)
            for code in codes:
                self.addItem(f"{country_name(code)} — {label(subregion)}", code)
        self.set_value(current)
        self.blockSignals(False)

    def value(self) -> str:
        return self.currentData() or ""

    def set_value(self, code: str | None) -> None:
        index = self.findData(code or "")
        self.setCurrentIndex(max(index, 0))


class DataCombo(QComboBox):
    """A combo of (label, id) choices; `value()` is the id (None for the empty choice)."""

    def set_choices(self, choices: Iterable[tuple[str, Any]], keep: bool = True) -> None:
        current = self.value() if keep else None
        self.blockSignals(True)
        self.clear()
        for text, data in choices:
            self.addItem(text, data)
        self.set_value(current)
        self.blockSignals(False)

    def value(self) -> Any:
        return self.currentData()

    def set_value(self, value: Any) -> None:
        index = self.findData(value)
        self.setCurrentIndex(max(index, 0))


class EnumChecks(QWidget, Generic[E]):
    """One checkbox per member of an enum (scopes, actor types, services)."""

    def __init__(self, enum_type: type[E], columns: int = 2, parent: QWidget | None = None):
        super().__init__(parent)
        self.enum_type = enum_type
        grid = QGridLayout(self)
        grid.setContentsMargins(0, 0, 0, 0)
        self.boxes: dict[E, QCheckBox] = {}
        for i, member in enumerate(enum_type):
            box = QCheckBox()
            box.setObjectName(f"check_{member.value}")
            self.boxes[member] = box
            grid.addWidget(box, i // columns, i % columns)
        self.retranslate()
        track_language(self)

    def retranslate(self) -> None:
        for member, box in self.boxes.items():
            box.setText(label(member))

    def value(self) -> frozenset[E]:
        return frozenset(m for m, box in self.boxes.items() if box.isChecked())

    def set_value(self, values: Iterable[E]) -> None:
        chosen = set(values)
        for member, box in self.boxes.items():
            box.setChecked(member in chosen)


def labels_of(values: Iterable[StrEnum]) -> str:
    return ", ".join(sorted(label(v) for v in values))


def show_problem(parent: QWidget | None, exc: BaseException) -> None:
    """Like show_error, but a refusal with field messages says what the fields need (there is no
    form to show them under)."""
    if isinstance(exc, ValidationError) and exc.fields:
        from PySide6.QtWidgets import QMessageBox

        box = QMessageBox(parent)
        box.setIcon(QMessageBox.Icon.Warning)
        box.setWindowTitle(_("Casework"))
        box.setText(" ".join(exc.field_messages().values()))
        box.setStandardButtons(QMessageBox.StandardButton.Ok)
        box.setObjectName("errorDialog")
        box.open()
        return
    show_error(parent, exc)


# --- form dialogs --------------------------------------------------------------------------------


class Caption(QLabel):
    """A form label that wraps onto as many lines as it needs: QFormLayout does not ask a
    wrapping label for its height, so the label reserves it (a capped width, and the height of
    its text at that width) every time its text changes."""

    CHARS = 24

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setWordWrap(True)
        self.setSizePolicy(QSizePolicy.Policy.Preferred, QSizePolicy.Policy.Minimum)

    def setText(self, text: str) -> None:  # noqa: N802 - Qt override
        super().setText(text)
        metrics = self.fontMetrics()
        natural = metrics.horizontalAdvance(text) + 4
        width = min(natural, metrics.averageCharWidth() * self.CHARS)
        self.setMinimumWidth(width)
        self.setMinimumHeight(self.heightForWidth(width) if natural > width else 0)


class FormDialog(QDialog):
    """A dialog with a form; OK runs `submit()` and the dialog stays open, input intact, with
    the service's translated messages under the fields when it refuses."""

    def __init__(self, parent: QWidget | None, title: str, ok_text: str | None = None) -> None:
        super().__init__(parent)
        self.texts = Texts()
        self._title = title
        self.setObjectName(type(self).__name__)
        self.setSizeGripEnabled(True)
        outer = QVBoxLayout(self)
        self.message = QLabel()
        self.message.setObjectName("formMessage")
        self.message.setWordWrap(True)
        self.message.setStyleSheet("color: #b3261e;")
        self.message.hide()
        outer.addWidget(self.message)
        self.body = QVBoxLayout()
        outer.addLayout(self.body)
        self.form = QFormLayout()
        self.form.setFieldGrowthPolicy(QFormLayout.FieldGrowthPolicy.ExpandingFieldsGrow)
        self.form.setRowWrapPolicy(QFormLayout.RowWrapPolicy.WrapLongRows)
        self.body.addLayout(self.form)
        self.errors = FieldErrors(self.form)
        self.buttons = QDialogButtonBox(
            QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel
        )
        self.ok_button = self.buttons.button(QDialogButtonBox.StandardButton.Ok)
        self.ok_button.setObjectName("okButton")
        if ok_text is not None:  # an N_() verb: "Close case", not a plain "OK"
            self.texts.add(self.ok_button.setText, ok_text)
        self.buttons.accepted.connect(self.accept)
        self.buttons.rejected.connect(self.reject)
        outer.addWidget(self.buttons)
        self.fields: dict[str, QWidget] = {}

    def add_field(self, name: str, msgid: str, widget: QWidget, *, error: bool = True) -> QWidget:
        """A labelled row; `name` is the service's field name (for its inline message)."""
        caption = Caption()
        caption.setBuddy(widget)
        self.texts.add(caption.setText, msgid)
        self.texts.add(widget.setAccessibleName, lambda m=msgid: _(m).rstrip(" :"))
        widget.setObjectName(f"field_{name}")
        self.form.addRow(caption, widget)
        self.fields[name] = widget
        if error:
            self.errors.attach(name, widget)
        return widget

    def finish(self) -> None:
        """Call at the end of a subclass's __init__: texts now and on every language switch."""
        track_language(self)
        self.setMinimumWidth(self.fontMetrics().averageCharWidth() * 60)
        self.resize(self.sizeHint().expandedTo(self.minimumSizeHint()))

    def retranslate(self) -> None:
        self.setWindowTitle(_(self._title))
        self.texts.apply()

    def submit(self) -> None:
        """Call the service; raise its errors."""

    def show_errors(self, exc: ValidationError) -> None:
        messages = exc.field_messages()
        self.errors.show(messages)
        unplaced = [m for n, m in messages.items() if n not in self.errors.labels]
        text = " ".join([exc.message(), *unplaced])
        self.message.setText(text)
        self.message.show()
        for name in messages:
            if name in self.fields:
                self.fields[name].setFocus()
                break

    def accept(self) -> None:
        self.errors.clear()
        self.message.hide()
        try:
            self.submit()
        except ValidationError as exc:
            self.show_errors(exc)
            return
        except CaseworkError as exc:
            self.message.setText(exc.message())
            self.message.show()
            return
        except Exception as exc:  # noqa: BLE001 - shown calmly, logged without data
            show_error(self, exc)
            return
        super().accept()


class ReasonDialog(FormDialog):
    """A step that needs a written reason (and optionally a coded one)."""

    def __init__(
        self,
        parent: QWidget | None,
        title: str,
        action: Callable[[StrEnum | None, str], None],
        *,
        reason_label: str,
        enum_type: type[StrEnum] | None = None,
        enum_label: str = "",
        reason_field: str = "comment",
        enum_field: str = "close_reason",
        ok_text: str | None = None,
    ) -> None:
        super().__init__(parent, title, ok_text)
        self._action = action
        self.choice: EnumCombo | None = None
        if enum_type is not None:
            self.choice = enum_combo(enum_type)
            self.add_field(enum_field, enum_label, self.choice)
        self.reason = QPlainTextEdit()
        self.reason.setTabChangesFocus(True)
        self.reason.setMinimumHeight(self.fontMetrics().lineSpacing() * 4)
        self.add_field(reason_field, reason_label, self.reason)
        self.finish()

    def submit(self) -> None:
        self._action(self.choice.value() if self.choice else None, self.reason.toPlainText())


# --- layouts -------------------------------------------------------------------------------------


class FlowLayout(QLayout):
    """Widgets left to right, wrapping onto the next line when the row is too narrow (Qt's
    flow layout example): button and filter rows fit a 1024-pixel window in any language."""

    def __init__(self, parent: QWidget | None = None, spacing: int = 6) -> None:
        super().__init__(parent)
        self._items: list[QLayoutItem] = []
        self._spacing = spacing
        self.setContentsMargins(0, 0, 0, 0)

    def addItem(self, item: QLayoutItem) -> None:  # noqa: N802 - Qt override
        self._items.append(item)

    def count(self) -> int:
        return len(self._items)

    def itemAt(self, index: int) -> QLayoutItem | None:  # noqa: N802 - Qt override
        return self._items[index] if 0 <= index < len(self._items) else None

    def takeAt(self, index: int) -> QLayoutItem | None:  # noqa: N802 - Qt override
        return self._items.pop(index) if 0 <= index < len(self._items) else None

    def expandingDirections(self) -> Qt.Orientation:  # noqa: N802 - Qt override
        return Qt.Orientation(0)

    def hasHeightForWidth(self) -> bool:  # noqa: N802 - Qt override
        return True

    def heightForWidth(self, width: int) -> int:  # noqa: N802 - Qt override
        return self._arrange(QRect(0, 0, width, 0), move=False)

    def setGeometry(self, rect: QRect) -> None:  # noqa: N802 - Qt override
        super().setGeometry(rect)
        self._arrange(rect, move=True)

    def sizeHint(self) -> QSize:  # noqa: N802 - Qt override
        width = height = 0
        for item in self._visible():
            hint = item.sizeHint()
            width += hint.width() + self._spacing
            height = max(height, hint.height())
        return QSize(max(width - self._spacing, 0), height)

    def minimumSize(self) -> QSize:  # noqa: N802 - Qt override
        size = QSize()
        for item in self._visible():
            size = size.expandedTo(item.minimumSize())
        m = self.contentsMargins()
        return size + QSize(m.left() + m.right(), m.top() + m.bottom())

    def _visible(self) -> list[QLayoutItem]:
        return [i for i in self._items if not (i.widget() and i.widget().isHidden())]

    def _arrange(self, rect: QRect, *, move: bool) -> int:
        m = self.contentsMargins()
        area = rect.adjusted(m.left(), m.top(), -m.right(), -m.bottom())
        x, y, line = area.x(), area.y(), 0
        for item in self._visible():
            hint = item.sizeHint()
            if x + hint.width() > area.right() + 1 and line > 0:
                x, y, line = area.x(), y + line + self._spacing, 0
            width = min(hint.width(), max(area.width(), item.minimumSize().width()))
            if move:
                item.setGeometry(QRect(QPoint(x, y), QSize(width, hint.height())))
            x += width + self._spacing
            line = max(line, hint.height())
        return y + line - rect.y() + m.bottom()


def flow(*widgets: QWidget) -> FlowLayout:
    layout = FlowLayout()
    for widget in widgets:
        layout.addWidget(widget)
    return layout


# --- small item models ---------------------------------------------------------------------------


@dataclass(frozen=True)
class Column(Generic[T]):
    title: str  # an N_() msgid
    value: Callable[[T], Any]
    tooltip: Callable[[T], str] | None = None


class RowsModel(QAbstractTableModel, Generic[T]):
    """A read-only table over a short list of read models (one case's consents, tasks…)."""

    IdRole = Qt.ItemDataRole.UserRole + 1

    def __init__(self, columns: Sequence[Column[T]], parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.columns = list(columns)
        self.rows: list[T] = []
        self.late: Callable[[T], bool] = lambda row: False

    def set_rows(self, rows: Sequence[T]) -> None:
        self.beginResetModel()
        self.rows = list(rows)
        self.endResetModel()

    def clear(self) -> None:
        self.set_rows([])

    def row_at(self, row: int) -> T | None:
        return self.rows[row] if 0 <= row < len(self.rows) else None

    def rowCount(self, parent: Index = QModelIndex()) -> int:  # noqa: B008, N802
        return 0 if parent.isValid() else len(self.rows)

    def columnCount(self, parent: Index = QModelIndex()) -> int:  # noqa: B008, N802
        return 0 if parent.isValid() else len(self.columns)

    def data(self, index: Index, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if not index.isValid() or not (0 <= index.row() < len(self.rows)):
            return None
        row = self.rows[index.row()]
        column = self.columns[index.column()]
        if role == Qt.ItemDataRole.DisplayRole:
            value = column.value(row)
            return "" if value is None else str(value)
        if role == Qt.ItemDataRole.ToolTipRole and column.tooltip is not None:
            return column.tooltip(row) or None
        if role == Qt.ItemDataRole.ForegroundRole and self.late(row):
            return OVERDUE_COLOUR
        if role == self.IdRole:
            return getattr(row, "id", None)
        return None

    def headerData(  # noqa: N802
        self, section: int, orientation: Qt.Orientation, role: int = Qt.ItemDataRole.DisplayRole
    ) -> Any:
        if (
            role in (Qt.ItemDataRole.DisplayRole, Qt.ItemDataRole.ToolTipRole)
            and orientation == Qt.Orientation.Horizontal
            and 0 <= section < len(self.columns)
        ):
            return _(self.columns[section].title)  # the tooltip shows an elided title whole
        return None

    def retranslate(self) -> None:
        if self.columns:
            self.headerDataChanged.emit(Qt.Orientation.Horizontal, 0, len(self.columns) - 1)
        if self.rows:
            self.dataChanged.emit(
                self.index(0, 0), self.index(len(self.rows) - 1, len(self.columns) - 1)
            )


def table_view(model: QAbstractTableModel, texts: Texts, accessible: str) -> QTableView:
    """A read-only, row-selecting table that stretches its last column."""
    view = QTableView()
    view.setModel(model)
    view.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
    view.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
    view.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
    view.setAlternatingRowColors(True)
    view.setWordWrap(False)
    view.verticalHeader().hide()
    view.horizontalHeader().setStretchLastSection(True)
    view.horizontalHeader().setSectionResizeMode(QHeaderView.ResizeMode.Interactive)
    # A narrow column shows "Habituellement env…" rather than a title cut at both ends.
    view.horizontalHeader().setTextElideMode(Qt.TextElideMode.ElideRight)
    view.setTabKeyNavigation(False)
    named(view, texts, accessible)
    fit_columns(view)
    return view


def fit_columns(view: QTableView, cap: int = 320) -> None:
    """Size columns to their (translated) headers and loaded rows whenever the rows are
    replaced; Qt measures at most 200 rows, so a long list costs no more than a page.
    `cap_column()` narrows one column (long names are elided, the tooltip has them whole)."""

    def fit() -> None:
        model = view.model()
        if model is None:
            return
        header = view.horizontalHeader()
        header.setResizeContentsPrecision(200)
        view.resizeColumnsToContents()
        caps: dict[int, int] = getattr(view, "column_caps", {})
        chars = view.fontMetrics().averageCharWidth()
        for i in range(model.columnCount()):
            limit = caps[i] * chars if i in caps else cap
            header.resizeSection(i, min(header.sectionSize(i), limit))
        stretcher = getattr(view, "stretcher", None)
        if stretcher is not None:
            stretcher.apply()

    view.model().modelReset.connect(fit)
    view.model().headerDataChanged.connect(lambda *_a: fit())


def cap_column(view: QTableView, column: int, chars: int) -> None:
    """Keep a column of long texts (organisation names) to about `chars` characters."""
    caps = getattr(view, "column_caps", None)
    if caps is None:
        caps = {}
        view.column_caps = caps  # type: ignore[attr-defined]
    caps[column] = chars


class _Stretcher(QObject):
    """Gives one column whatever width the others leave (at least `chars` characters), so the
    long text of a row (a task, the evidence) is the column that grows, wherever it stands."""

    def __init__(self, view: QTableView, column: int, chars: int) -> None:
        super().__init__(view)
        self.view, self.column, self.chars = view, column, chars
        view.horizontalHeader().setStretchLastSection(False)
        view.viewport().installEventFilter(self)

    def apply(self) -> None:
        header = self.view.horizontalHeader()
        model = self.view.model()
        if model is None or self.column >= model.columnCount():
            return
        others = sum(
            header.sectionSize(i)
            for i in range(model.columnCount())
            if i != self.column and not header.isSectionHidden(i)
        )
        least = self.view.fontMetrics().averageCharWidth() * self.chars
        header.resizeSection(self.column, max(least, self.view.viewport().width() - others))

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:  # noqa: N802 - Qt override
        if event.type() == QEvent.Type.Resize:
            self.apply()
        return False


def stretch_column(view: QTableView, column: int, chars: int = 24) -> None:
    view.stretcher = _Stretcher(view, column, chars)  # type: ignore[attr-defined]


def selected_row(view: QTableView) -> int:
    rows = view.selectionModel().selectedRows() if view.selectionModel() else []
    return rows[0].row() if rows else -1


def line_edit() -> QLineEdit:
    edit = QLineEdit()
    edit.setClearButtonEnabled(True)
    return edit


def text_edit(lines: int = 3) -> QPlainTextEdit:
    edit = QPlainTextEdit()
    edit.setTabChangesFocus(True)
    spacing = edit.fontMetrics().lineSpacing()
    edit.setMinimumHeight(spacing * lines + 12)
    edit.setMaximumHeight(spacing * max(lines * 2, 6) + 12)  # forms stay on screen
    return edit


__all__ = [
    "Caption",
    "Column",
    "CountryCombo",
    "DataCombo",
    "EnumChecks",
    "FormDialog",
    "OptionalDate",
    "ReasonDialog",
    "RowsModel",
    "Texts",
]

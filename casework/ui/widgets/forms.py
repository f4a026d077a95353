"""Form dialogs that keep their input on a refusal, inline field errors, translated text binding."""

from __future__ import annotations

import json
from collections.abc import Callable
from enum import StrEnum
from typing import Any, TypeVar

from PySide6.QtCore import (
    QEvent,
    Qt,
    Signal,
)
from PySide6.QtWidgets import (
    QAbstractItemView,
    QAbstractSpinBox,
    QComboBox,
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QLabel,
    QLayout,
    QLineEdit,
    QPlainTextEdit,
    QSizePolicy,
    QVBoxLayout,
    QWidget,
)

from casework.errors import CaseworkError, ConcurrentEditError, ValidationError
from casework.i18n import _
from casework.ui.errors import show_error
from casework.ui.retranslate import track_language
from casework.ui.widgets.combos import EnumCombo, enum_combo
from casework.ui.widgets.conflict import KeptVersion, resolve
from casework.ui.widgets.field_hints import (  # noqa: F401 - part of the form kit
    limit_length,
    message_width,
    warn_implausible,
)
from casework.ui.widgets.lock import LockButton

E = TypeVar("E", bound=StrEnum)


class FieldErrors:
    """Inline, translated messages under form fields (from ValidationError.field_messages()).

    A field's message label is made the first time it has something to say: a form of twenty
    fields built twenty hidden labels (each with its own style sheet) that were mostly never
    shown, and opening a case paid for them."""

    def __init__(self, form: QFormLayout) -> None:
        self.form = form
        self.labels: dict[str, QLabel] = {}
        self._fields: dict[str, QWidget] = {}

    def attach(self, name: str, field: QWidget) -> None:
        self._fields[name] = field

    def has(self, name: str) -> bool:
        """Whether `name`'s message goes under its field."""
        return name in self._fields

    def _label(self, name: str) -> QLabel:
        message = self.labels.get(name)
        if message is not None:
            return message
        field = self._fields[name]
        message = QLabel()
        message.setObjectName(f"error_{name}")
        message.setStyleSheet("color: #b00020;")
        message.setWordWrap(True)
        message_width(message)
        row = self.form.getWidgetPosition(field)[0] + 1
        # Under the field, after its plausibility warning if it has one.
        below = self.form.itemAt(row, QFormLayout.ItemRole.FieldRole)
        if (
            below is not None
            and below.widget() is not None
            and (below.widget().objectName() == f"warning_{name}")
        ):
            row += 1
        self.form.insertRow(row, "", message)
        self.labels[name] = message
        return message

    def show(self, messages: dict[str, str]) -> None:
        for name in self._fields:
            text = messages.get(name, "")
            if not text and name not in self.labels:
                continue
            lbl = self._label(name)
            lbl.setText(text)
            lbl.setVisible(bool(text))

    def clear(self) -> None:
        self.show({})


class ClickableLabel(QLabel):
    clicked = Signal()

    def mousePressEvent(self, event) -> None:  # noqa: ANN001, N802 - Qt override
        if event.button() == Qt.MouseButton.LeftButton:
            self.clicked.emit()
        super().mousePressEvent(event)


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
        # The dialog grows when a refusal or a date warning appears under a field, instead of
        # squeezing the form until the messages overlap the fields and the buttons.
        outer.setSizeConstraint(QLayout.SizeConstraint.SetMinimumSize)
        self.message = QLabel()
        self.message.setObjectName("formMessage")
        self.message.setWordWrap(True)
        self.message.setStyleSheet("color: #b3261e;")
        self.message.hide()
        outer.addWidget(self.message)
        self.body = QVBoxLayout()
        outer.addLayout(self.body)
        # An edit form's record version, passed back to the service (`expected_version`): a
        # save over a colleague's newer version is refused and both versions are shown.
        self.row_version: int | None = None
        self.kept = KeptVersion()
        outer.addWidget(self.kept)
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
        self.lock_button = LockButton(self.buttons)
        outer.addWidget(self.buttons)
        self.fields: dict[str, QWidget] = {}
        self._refusal: CaseworkError | None = None  # shown again in a new language
        self._focus_refused = True

    def add_field(self, name: str, msgid: str, widget: QWidget, *, error: bool = True) -> QWidget:
        """A labelled row; `name` is the service's field name (for its inline message)."""
        caption = Caption()
        caption.setBuddy(widget)
        self.texts.add(caption.setText, msgid)
        self.texts.add(widget.setAccessibleName, lambda m=msgid: _(m).rstrip(" :"))
        widget.setObjectName(f"field_{name}")
        if isinstance(widget, QAbstractItemView):
            widget.setTabKeyNavigation(False)  # Tab leaves the table; arrows move in it
        limit_length(name, widget)
        self.form.addRow(caption, widget)
        self.fields[name] = widget
        if error:
            self.errors.attach(name, widget)
        warn_implausible(self.form, name, widget)
        return widget

    def finish(self) -> None:
        """Call at the end of a subclass's __init__: texts now and on every language switch."""
        track_language(self)
        self.setMinimumWidth(self.fontMetrics().averageCharWidth() * 60)
        self.resize(self.sizeHint().expandedTo(self.minimumSizeHint()))

    def retranslate(self) -> None:
        self.setWindowTitle(_(self._title))
        self.texts.apply()
        if self._refusal is not None:
            self._show_refusal(self._refusal, focus=False)

    def submit(self) -> None:
        """Call the service; raise its errors."""

    def draft(self) -> str:
        """What was typed, as JSON, when the vault locks with this dialog open ("" if nothing):
        kept encrypted and offered back after unlocking (never a password)."""
        return typed_text(self, _(self._title))

    def show_errors(self, exc: ValidationError) -> None:
        """The fields' messages under them, the rest above; the first refused field gets the
        focus (not when shown again after a language switch)."""
        messages = exc.field_messages()
        self.errors.show(messages)
        unplaced = [m for n, m in messages.items() if not self.errors.has(n)]
        text = " ".join([exc.message(), *unplaced])
        self.message.setText(text)
        self.message.show()
        for name in messages:
            if self._focus_refused and name in self.fields:
                self.fields[name].setFocus()
                break

    def _show_refusal(self, exc: CaseworkError, *, focus: bool = True) -> None:
        """The service's refusal; kept so that a language switch shows it again in the new
        language (its messages are translated when shown)."""
        self._refusal = exc
        self._focus_refused = focus
        if isinstance(exc, ValidationError):
            self.show_errors(exc)
        else:
            self.message.setText(exc.message())
            self.message.show()
        self._focus_refused = True

    def accept(self) -> None:
        self.errors.clear()
        self.message.hide()
        self._refusal = None
        try:
            self.submit()
        except ConcurrentEditError as exc:
            self.conflict(exc)
            return
        except CaseworkError as exc:
            self._show_refusal(exc)
            return
        except Exception as exc:  # noqa: BLE001 - shown calmly, logged without data
            show_error(self, exc)
            return
        super().accept()

    def conflict(self, exc: ConcurrentEditError) -> None:
        """Saved meanwhile by someone else: both versions, then reload theirs or overwrite."""
        self.message.setText(exc.message())
        self.message.show()
        if exc.version < 0:  # who and what are unknown: only reloading can help
            return

        def overwrite(version: int) -> None:
            self.row_version = version
            self.accept()

        def reloaded(version: int) -> None:
            self.row_version = version
            self.message.hide()

        self.conflict_dialog = resolve(self, self.fields, exc, self.kept, overwrite, reloaded)


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
        self.reason = TextEdit()
        self.reason.setTabChangesFocus(True)
        self.reason.setMinimumHeight(self.fontMetrics().lineSpacing() * 4)
        self.add_field(reason_field, reason_label, self.reason)
        self.finish()

    def submit(self) -> None:
        self._action(self.choice.value() if self.choice else None, self.reason.toPlainText())


def typed_text(dialog: QWidget, title: str) -> str:
    """The text typed into a dialog's fields, as JSON {"title", "fields": [[label, text]]}."""
    fields: list[list[str]] = []
    for edit in dialog.findChildren(QLineEdit) + dialog.findChildren(QPlainTextEdit):
        if isinstance(edit.parent(), QComboBox | QAbstractSpinBox):
            continue  # a combo's or a date's own editor: not typed text
        if isinstance(edit, QLineEdit):
            if edit.echoMode() != QLineEdit.EchoMode.Normal:
                continue  # passwords are never kept
            text = edit.text()
        else:
            text = edit.toPlainText()
        if text.strip() and edit.isEnabled() and not edit.isReadOnly():
            fields.append([edit.accessibleName() or edit.placeholderText(), text])
    return json.dumps({"title": title, "fields": fields}) if fields else ""


def line_edit() -> QLineEdit:
    edit = QLineEdit()
    edit.setClearButtonEnabled(True)
    return edit


def ltr_line_edit() -> QLineEdit:
    """A field whose value always reads left to right (phone, e-mail, ID number), even in an
    Arabic form: otherwise "+216 71 234 567" would show its digit groups in reverse order."""
    edit = line_edit()
    edit.setLayoutDirection(Qt.LayoutDirection.LeftToRight)
    return edit


class TextEdit(QPlainTextEdit):
    """A plain-text field whose lines start on the right in a right-to-left interface
    (QPlainTextEdit leaves them on the left), following live language switches."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._follow_direction()

    def changeEvent(self, event: QEvent) -> None:  # noqa: N802 - Qt override
        if event.type() == QEvent.Type.LayoutDirectionChange:
            self._follow_direction()
        super().changeEvent(event)

    def _follow_direction(self) -> None:
        rtl = self.layoutDirection() == Qt.LayoutDirection.RightToLeft
        option = self.document().defaultTextOption()
        option.setAlignment(Qt.AlignmentFlag.AlignRight if rtl else Qt.AlignmentFlag.AlignLeft)
        self.document().setDefaultTextOption(option)


def text_edit(lines: int = 3) -> QPlainTextEdit:
    edit = TextEdit()
    edit.setTabChangesFocus(True)
    spacing = edit.fontMetrics().lineSpacing()
    edit.setMinimumHeight(spacing * lines + 12)
    edit.setMaximumHeight(spacing * max(lines * 2, 6) + 12)  # forms stay on screen
    return edit

"""Form dialogs that keep their input on a refusal, inline field errors, translated text binding."""

from __future__ import annotations

from collections.abc import Callable
from enum import StrEnum
from typing import Any, TypeVar

from PySide6.QtCore import (
    QObject,
    Qt,
    Signal,
)
from PySide6.QtGui import QCloseEvent, QKeyEvent, QShowEvent
from PySide6.QtWidgets import (
    QAbstractItemView,
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QLabel,
    QLayout,
    QSizePolicy,
    QVBoxLayout,
    QWidget,
)

from casework.errors import CaseworkError, ConcurrentEditError, ValidationError
from casework.i18n import _
from casework.ui.errors import show_error
from casework.ui.retranslate import track_language
from casework.ui.service_call import WAITING, call_service, is_running
from casework.ui.widgets.buttons import ButtonBox
from casework.ui.widgets.choices import choices_ready
from casework.ui.widgets.conflict import KeptVersion, resolve
from casework.ui.widgets.discard import cancel_asking, remember_typed, typed_since_open
from casework.ui.widgets.field_errors import FieldErrors  # noqa: F401 - part of the form kit
from casework.ui.widgets.field_hints import (  # noqa: F401 - part of the form kit
    limit_length,
    warn_implausible,
)
from casework.ui.widgets.fields import (  # noqa: F401 - part of the form kit
    TextEdit,
    line_edit,
    ltr_line_edit,
    text_edit,
    typed_text,
)
from casework.ui.widgets.lock import LockButton

E = TypeVar("E", bound=StrEnum)
REFUSAL_STYLE = "color: #b3261e;"
WAITING_STYLE = "color: #44474e; font-style: italic;"


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
    the service's translated messages under the fields when it refuses (`save_refused` tells)."""

    save_refused = Signal()

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
        self.message.setStyleSheet(REFUSAL_STYLE)
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
        self.buttons = ButtonBox(
            QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel,
            self.texts.apply,  # "Record consent" stays, not Qt's "OK", after a switch
        )
        self.ok_button = self.buttons.button(QDialogButtonBox.StandardButton.Ok)
        self.ok_button.setObjectName("okButton")
        if ok_text is not None:  # an N_() verb: "Close case", not a plain "OK"
            self.texts.add(self.ok_button.setText, ok_text)
        self.buttons.accepted.connect(self.accept)
        self.buttons.rejected.connect(self.cancel)  # asks first if something was typed
        self.lock_button = LockButton(self.buttons)
        outer.addWidget(self.buttons)
        self.fields: dict[str, QWidget] = {}
        self._refusal: CaseworkError | None = None  # shown again in a new language
        self._focus_refused = True
        self._waiting_shown = False
        self._abandoned = False

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
        elif self._waiting_shown:
            self.message.setText(_(WAITING))

    def submit(self) -> Callable[[], Any] | None:
        """Read the fields and call the service; raise its errors. Or, so that the window never
        waits for the office server: read the fields, check what can be checked here, and
        return the service call as a closure over plain values (`functools.partial`), never
        touching a widget; it runs off the UI thread in a server session, and `submitted(result)`
        gets its result on the UI thread."""
        return None

    def submitted(self, result: Any) -> None:
        """The call returned by `submit()` succeeded (on the UI thread, before the dialog
        closes)."""

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
        if is_running(self):
            return  # a second click while the office server answers the first
        if not choices_ready(self):
            return  # its lists to choose from are not in yet: nobody saves an empty choice
        self.errors.clear()
        self.message.hide()
        self._refusal = None
        try:
            work = self.submit()
        except Exception as exc:  # noqa: BLE001 - every refusal is shown by `_refused`
            self._refused(exc)
            return
        if work is None:
            super().accept()
            return
        call_service(
            self,
            self._session_ctx(),
            work,
            self._saved,
            self._refused,
            busy=[self.ok_button, self.buttons.button(QDialogButtonBox.StandardButton.Cancel)],
            waiting=self._waiting,
        )

    def _session_ctx(self) -> object:
        """The session's context: the dialog's own, or its parent page's."""
        widget: QObject | None = self
        while widget is not None:
            ctx = getattr(widget, "ctx", None)
            if ctx is not None:
                return ctx
            widget = widget.parent()
        return None

    def cancel(self) -> None:
        """Cancel, Esc or the close button: see discard.py."""
        cancel_asking(self)

    def showEvent(self, event: QShowEvent) -> None:  # noqa: N802 - Qt's name
        super().showEvent(event)
        if not typed_since_open(self):
            remember_typed(self)  # as it opens: what it holds is not the user's typing

    def keyPressEvent(self, event: QKeyEvent) -> None:  # noqa: N802 - Qt's name
        if event.key() == Qt.Key.Key_Escape and not event.modifiers():
            self.cancel()
            return
        super().keyPressEvent(event)

    def closeEvent(self, event: QCloseEvent) -> None:  # noqa: N802 - Qt's name
        if self.isVisible() and typed_since_open(self):
            event.ignore()
            self.cancel()
            return
        super().closeEvent(event)

    def reject(self) -> None:
        if is_running(self):  # closed (Escape, Lock) while the office server answers
            self._abandoned = True
        super().reject()

    def _saved(self, result: Any) -> None:
        if self._abandoned:
            return  # the dialog was closed meanwhile: nobody waits for it any more
        self.submitted(result)
        super().accept()

    def _refused(self, exc: BaseException) -> None:
        """The input stays as typed; the refusal is shown under the fields or above them."""
        if self._abandoned:
            return
        self.save_refused.emit()
        if isinstance(exc, ConcurrentEditError):
            self.conflict(exc)
        elif isinstance(exc, CaseworkError):
            self._show_refusal(exc)
        else:  # shown calmly, logged without data (a lost connection is said plainly)
            from casework.store.server_connection import explain

            lost = explain(exc)
            if lost is not None:
                self._show_refusal(lost)
            else:
                show_error(self, exc)

    def _waiting(self, on: bool) -> None:
        """The call has taken over WAIT_SHOWN_MS: say what it waits for (and stop saying so)."""
        self._waiting_shown = on
        self.message.setStyleSheet(WAITING_STYLE if on else REFUSAL_STYLE)  # news, not an error
        if on:
            self.message.setText(_(WAITING))
            self.message.show()
        elif self._refusal is None:
            self.message.hide()

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

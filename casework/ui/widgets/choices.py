"""What a form reads from the services to fill itself as it opens (the caseworkers, the
organisations, the pathways to choose from), without making the window wait for the office
server.

    load_choices(form, ctx, combo, read, then=None)   # a DataCombo: read() -> [(label, id)]
    load_part(form, ctx, widget, read, show)           # anything else: show(read())
    choices_ready(form)                                # before a save: all in?

In a server session each read runs through `call_service` (off the window's thread); on a vault
it runs at once, as before. While a read is on its way its widget is disabled (a combo says
*Loading…*), the form's OK button too, and `choices_ready` refuses the save: nobody saves with an
empty choice. A value set meanwhile (`DataCombo.set_value`) is kept and chosen once the choices
are in; nothing typed elsewhere is touched. A read that fails leaves its widget disabled (*could
not be loaded*), shows the translated reason through `failed` (the form's own way of showing a
refusal), and the next OK reads it again instead of saving.
"""

from __future__ import annotations

import sys
from collections.abc import Callable, Iterable, Sequence
from typing import Any

import shiboken6
from PySide6.QtCore import QTimer
from PySide6.QtWidgets import QComboBox, QWidget

from casework.i18n import N_, _
from casework.ui.retranslate import follow_language
from casework.ui.service_call import call_service
from casework.ui.widgets.combos import DataCombo
from casework.ui.widgets.discard import loaded, typed_since_open

LOADING = N_("Loading…")
NOT_LOADED = N_("(could not be loaded: “{button}” tries again)")
NOT_LOADED_FILTER = N_("(could not be loaded)")
STILL_LOADING = N_("The lists to choose from are still loading from the office server.")

_LOADS = "_casework_loads"
_SHOWN = "_casework_placeholder"  # a combo's placeholder shown now: how to show it again


class _Load:
    """One widget's read: its generation (the latest read wins), whether it is in or failed."""

    def __init__(self, widget: QWidget) -> None:
        self.widget = widget
        self.generation = 0
        self.pending = False
        self.failed = False
        self.enabled = widget.isEnabled()
        self.retry: Callable[[], None] = lambda: None


def _loads(form: QWidget) -> dict[int, _Load]:
    loads = form.__dict__.get(_LOADS)
    if loads is None:
        loads = {}
        setattr(form, _LOADS, loads)
    return loads


def _ok_button(form: QWidget) -> QWidget | None:
    return getattr(form, "ok_button", None)


def not_loaded_text(form: QWidget, msgid: str = NOT_LOADED) -> str:
    """What a combo whose choices could not be read says: the form's own button names how to
    try again ("Save", "Refer", "OK"…), or nothing when the form has none."""
    if msgid != NOT_LOADED:
        return _(msgid)
    ok = _ok_button(form)
    if ok is None or not shiboken6.isValid(ok):
        return _(NOT_LOADED_FILTER)
    return _(NOT_LOADED).format(button=ok.text().replace("&", ""))


def _update(form: QWidget) -> None:
    """OK is disabled while a read is on its way (enabled again when all are in or failed)."""
    ok = _ok_button(form)
    if ok is None or not shiboken6.isValid(ok):
        return
    waiting = any(load.pending and not load.failed for load in _loads(form).values())
    ok.setEnabled(not waiting)


def _default_failed(form: QWidget) -> Callable[[BaseException], None]:
    refused = getattr(form, "_refused", None)
    if refused is not None:
        return refused

    def show(exc: BaseException) -> None:
        from casework.ui.widgets.forms import show_problem

        show_problem(form, exc)

    return show


def load_part(
    form: QWidget,
    ctx: object,
    widget: QWidget,
    read: Callable[[], Any],
    show: Callable[[Any], None],
    *,
    failed: Callable[[BaseException], None] | None = None,
    placeholder: Callable[[str], None] | None = None,
) -> None:
    """Run `read()` (a closure over plain values and the services) and `show(result)` on the
    GUI thread, `widget` disabled meanwhile; see the module's docstring."""
    load = _loads(form).get(id(widget))
    if load is None:
        load = _loads(form)[id(widget)] = _Load(widget)
    elif not load.pending:
        load.enabled = widget.isEnabled()
    load.generation += 1
    generation = load.generation
    load.pending, load.failed = True, False
    load.retry = lambda: load_part(
        form, ctx, widget, read, show, failed=failed, placeholder=placeholder
    )
    widget.setEnabled(False)
    if placeholder is not None:
        placeholder(LOADING)
    _update(form)
    on_failed = failed or _default_failed(form)

    def done(result: Any) -> None:
        if generation != load.generation or not shiboken6.isValid(widget):
            return
        load.pending = False
        widget.setEnabled(load.enabled)
        untouched = not typed_since_open(form)
        show(result)
        loaded(form, untouched)  # what was read in is not the user's typing
        _update(form)

    def refused(exc: BaseException) -> None:
        if generation != load.generation or not shiboken6.isValid(widget):
            return
        load.failed = True
        if placeholder is not None:
            placeholder(NOT_LOADED)
        _update(form)
        on_failed(_explained(exc))

    call_service(widget, ctx, read, done, refused, single=False)


def load_choices(
    form: QWidget,
    ctx: object,
    combo: DataCombo,
    read: Callable[[], Iterable[tuple[str, Any]]],
    then: Callable[[], None] | None = None,
    *,
    head: Sequence[tuple[str, Any]] = (),
    failed: Callable[[BaseException], None] | None = None,
    not_loaded: str = NOT_LOADED,
) -> None:
    """Fill `combo` with `head`'s choices (msgids, translated here: "(choose)") and `read()`'s
    (label, id) pairs, choosing the value it had (or was given
    meanwhile through `set_value`), then run `then()`. Signals are blocked while it fills, as
    `set_choices` does: what follows a change of choices is `then`'s job."""
    if not combo.pending:
        combo.wanted = combo.value()
        combo.pending = True
    if combo.sizeAdjustPolicy() == QComboBox.SizeAdjustPolicy.AdjustToContentsOnFirstShow:
        # Shown first with only "Loading…" in it, it would stay that narrow once filled.
        combo.setSizeAdjustPolicy(QComboBox.SizeAdjustPolicy.AdjustToContents)

    def placeholder(msgid: str) -> None:
        combo.blockSignals(True)
        combo.clear()
        combo.addItem(not_loaded_text(form, not_loaded) if msgid == NOT_LOADED else _(msgid), None)
        combo.blockSignals(False)
        _keep_translated(combo, lambda: placeholder(msgid))

    def show(choices: Iterable[tuple[str, Any]]) -> None:
        wanted = combo.wanted
        combo.pending = False
        combo.__dict__[_SHOWN] = None
        combo.blockSignals(True)
        combo.set_choices([(_(msgid), data) for msgid, data in head] + list(choices), keep=False)
        combo.set_value(wanted)
        combo.blockSignals(False)
        if then is not None:
            then()

    load_part(form, ctx, combo, lambda: list(read()), show, failed=failed, placeholder=placeholder)


def _keep_translated(combo: DataCombo, again: Callable[[], None]) -> None:
    """A language switch while the placeholder shows ("Loading…", "could not be loaded")
    shows it again in the new language. It waits a turn of the event loop: the form's own
    button, which the "could not be loaded" text names, is retranslated by then."""
    if _SHOWN not in combo.__dict__:
        combo.__dict__[_SHOWN] = None  # the follower runs once as it is made: nothing to do

        def switched() -> None:
            if combo.__dict__.get(_SHOWN) is not None:
                QTimer.singleShot(0, combo, lambda: _show_again(combo))

        follow_language(combo, switched)
    combo.__dict__[_SHOWN] = again


def _show_again(combo: DataCombo) -> None:
    again = combo.__dict__.get(_SHOWN) if shiboken6.isValid(combo) else None
    if again is not None:
        again()


def choices_ready(form: QWidget) -> bool:
    """Before a save: True if every read is in. Otherwise the save waits: reads that failed are
    started again, and the form says its lists are still loading."""
    loads = [load for load in _loads(form).values() if load.pending]
    if not loads:
        return True
    for load in loads:
        if load.failed and shiboken6.isValid(load.widget):
            load.retry()
    message = getattr(form, "message", None)
    if message is not None and any(load.pending and not load.failed for load in loads):
        message.setText(_(STILL_LOADING))
        message.show()
    return False


def _explained(exc: BaseException) -> BaseException:
    """A lost connection as its translated message (the others as they are)."""
    if "casework.store.server_connection" not in sys.modules:
        return exc
    from casework.store.server_connection import explain

    return explain(exc) or exc


__all__ = [
    "LOADING",
    "NOT_LOADED",
    "NOT_LOADED_FILTER",
    "choices_ready",
    "load_choices",
    "load_part",
]

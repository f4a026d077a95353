"""The case profile form (used by "New case" and by the workspace's Profile tab).

Restricted fields (legal name, date of birth, national ID, address, phone, offence, sentence)
are only built into the form when this user may see them on this case; otherwise the form says
they are restricted, so nothing masked can be mistaken for an empty field and saved over.
"""

from __future__ import annotations

import datetime as dt
import json
from dataclasses import fields
from typing import Any

from PySide6.QtCore import Qt, Signal
from PySide6.QtWidgets import (
    QCheckBox,
    QFormLayout,
    QGroupBox,
    QLabel,
    QLineEdit,
    QPlainTextEdit,
    QScrollArea,
    QVBoxLayout,
    QWidget,
)

from casework.errors import ValidationError
from casework.i18n import N_, _
from casework.model.enums import ClientCategory, CustodyStatus
from casework.services import pathways, users
from casework.services.cases import CaseInput
from casework.services.context import ServiceContext
from casework.services.permissions import Permission
from casework.ui.retranslate import track_language
from casework.ui.widgets.choices import load_choices
from casework.ui.widgets.combos import CountryCombo, DataCombo, choice_combo
from casework.ui.widgets.dates import OptionalDate
from casework.ui.widgets.forms import (
    Caption,
    FieldErrors,
    Texts,
    limit_length,
    line_edit,
    ltr_line_edit,
    text_edit,
    warn_implausible,
)

RESTRICTED = (
    "legal_name",
    "date_of_birth",
    "national_id",
    "address",
    "phone",
    "offence_details",
    "sentence_details",
)


class ProfileForm(QWidget):
    """Every field of CaseInput; `value()` builds one, `set_value()` fills the form."""

    changed = Signal()

    def __init__(
        self,
        ctx: ServiceContext,
        *,
        restricted_visible: bool,
        choose_caseworker: bool = False,
        load_pathways: bool = True,
        owner: QWidget | None = None,
        parent: QWidget | None = None,
    ) -> None:
        """`owner`: the dialog or tab whose save waits for the pathways and caseworkers to
        choose from while they load (widgets/choices.py)."""
        super().__init__(parent)
        self.ctx = ctx
        self.owner = owner or self
        self.texts = Texts()
        self.restricted_visible = restricted_visible
        self.dirty = False
        self._loading = False
        self.widgets: dict[str, QWidget] = {}
        self._hidden: CaseInput | None = None

        inner = QWidget()
        # In its scroll area before the rows are added: set afterwards, the area laid out
        # the whole form once more to size its scroll bars, before it was even shown.
        scroll = QScrollArea()
        scroll.setWidgetResizable(True)
        scroll.setWidget(inner)
        layout = QVBoxLayout(inner)
        self.form = QFormLayout()
        self.form.setFieldGrowthPolicy(QFormLayout.FieldGrowthPolicy.ExpandingFieldsGrow)
        self.form.setRowWrapPolicy(QFormLayout.RowWrapPolicy.WrapLongRows)
        layout.addLayout(self.form)
        self.errors = FieldErrors(self.form)

        self.alias = self._row(
            self.form, self.errors, "alias", N_("Alias or display name"), line_edit()
        )
        self.other_aliases = self._row(
            self.form, self.errors, "other_aliases", N_("Other aliases"), line_edit()
        )
        self.category = self._row(
            self.form, self.errors, "category", N_("Category"), choice_combo(ClientCategory)
        )
        self.custody = self._row(
            self.form,
            self.errors,
            "custody_status",
            N_("Custody status"),
            choice_combo(CustodyStatus),
        )
        self.release_date = self._row(
            self.form, self.errors, "release_date", N_("Release date"), OptionalDate()
        )
        self.country = self._row(
            self.form,
            self.errors,
            "country",
            N_("Country"),
            CountryCombo(empty_label=N_("(choose)")),
        )
        self.locality = self._row(self.form, self.errors, "locality", N_("Locality"), line_edit())
        self.pathway = self._row(self.form, self.errors, "pathway_id", N_("Pathway"), DataCombo())
        self.caseworker: DataCombo | None = None
        if choose_caseworker and ctx.actor.can(Permission.ASSIGN_CASES):
            self.caseworker = self._row(
                self.form, self.errors, "caseworker_id", N_("Caseworker"), DataCombo()
            )
            # A supervisor chooses the caseworker (nothing pre-chosen: the case would otherwise
            # silently land on the supervisor); someone following their own cases is the default.
            if not ctx.can_see_all_cases():
                self.caseworker.set_value(ctx.actor.user_id)

            def people() -> list[tuple[str, int]]:
                return [(u.display_name, u.id) for u in users.caseworkers(ctx)]

            head = [(N_("(choose)"), None)]
            load_choices(self.owner, ctx, self.caseworker, people, head=head)
        self.is_minor = self._row(self.form, self.errors, "is_minor", N_("Minor"), QCheckBox())
        self.texts.add(self.is_minor.setText, N_("The client is under 18"))
        self.guardian = self._row(
            self.form, self.errors, "guardian_name", N_("Guardian"), line_edit()
        )
        self.best_interests = self._row(
            self.form, self.errors, "best_interests_note", N_("Best-interests note"), text_edit(2)
        )

        self.restricted_box = QGroupBox()
        self.restricted_box.setObjectName("restrictedFields")
        self.texts.add(self.restricted_box.setTitle, N_("Restricted information"))
        box_layout = QVBoxLayout(self.restricted_box)
        self.restricted_form = QFormLayout()
        self.restricted_form.setFieldGrowthPolicy(QFormLayout.FieldGrowthPolicy.ExpandingFieldsGrow)
        self.restricted_form.setRowWrapPolicy(QFormLayout.RowWrapPolicy.WrapLongRows)
        self.restricted_errors = FieldErrors(self.restricted_form)
        self.restricted_note = QLabel()
        self.restricted_note.setObjectName("restrictedNote")
        self.restricted_note.setWordWrap(True)
        if restricted_visible:
            f, e = self.restricted_form, self.restricted_errors
            self._row(f, e, "legal_name", N_("Legal name"), line_edit())
            self._row(f, e, "date_of_birth", N_("Date of birth"), OptionalDate())
            self._row(f, e, "national_id", N_("National ID"), ltr_line_edit())
            self._row(f, e, "address", N_("Address"), text_edit(2))
            self._row(f, e, "phone", N_("Phone"), ltr_line_edit())
            self._row(f, e, "offence_details", N_("Offence"), text_edit(2))
            self._row(f, e, "sentence_details", N_("Sentence"), text_edit(2))
            self.texts.add(
                self.restricted_note.setText,
                N_("Seen only by the client's caseworker and supervisors."),
            )
        else:
            self.texts.add(
                self.restricted_note.setText,
                N_(
                    "Restricted: legal name, date of birth, national ID, address, phone, offence "
                    "and sentence are shown only to the client's caseworker and supervisors."
                ),
            )
        box_layout.addWidget(self.restricted_note)
        box_layout.addLayout(self.restricted_form)
        layout.addWidget(self.restricted_box)
        layout.addStretch(1)

        # Not a Tab stop of its own: the fields inside scroll into view as they get the focus.
        scroll.setFocusPolicy(Qt.FocusPolicy.NoFocus)
        outer = QVBoxLayout(self)
        outer.setContentsMargins(0, 0, 0, 0)
        outer.addWidget(scroll)

        self.country.currentIndexChanged.connect(self._load_pathways)
        self.category.currentIndexChanged.connect(self._minor_from_category)
        self.is_minor.toggled.connect(self._minor_toggled)
        if load_pathways:  # not when set_value() follows at once (it loads them for the country)
            self._load_pathways()
        self._minor_toggled()
        track_language(self, now=False)  # every text set as it was registered

    # --- building ------------------------------------------------------------------------------

    def _row(self, form: QFormLayout, errors: FieldErrors, name: str, msgid: str, widget: Any):
        caption = Caption()  # wraps and reserves its height (a long Arabic caption was cut)
        caption.setBuddy(widget)
        self.texts.add(caption.setText, msgid)
        self.texts.add(widget.setAccessibleName, msgid)
        widget.setObjectName(f"field_{name}")
        form.addRow(caption, widget)
        errors.attach(name, widget)
        limit_length(name, widget)
        warn_implausible(form, name, widget)
        self.widgets[name] = widget
        for signal in ("dateChanged", "currentIndexChanged", "toggled", "textChanged"):
            if hasattr(widget, signal):
                getattr(widget, signal).connect(self._mark_dirty)
                break
        return widget

    def _mark_dirty(self, *_args: object) -> None:
        if not self._loading:
            self.dirty = True
            self.changed.emit()

    def _load_pathways(self) -> None:
        ctx, country = self.ctx, self.country.value()

        def choices() -> list[tuple[str, int]]:
            return [(p.name, p.id) for p in pathways.list_pathways(ctx, country=country or None)]

        head = [(N_("(no pathway)"), None)]
        load_choices(self.owner, ctx, self.pathway, choices, head=head)

    def _minor_from_category(self) -> None:
        if self.category.value() is ClientCategory.CHILD:
            self.is_minor.setChecked(True)

    def _minor_toggled(self) -> None:
        on = self.is_minor.isChecked()
        self.guardian.setEnabled(on)
        self.best_interests.setEnabled(on)

    def retranslate(self) -> None:
        self.texts.apply()
        if self.pathway.count() and not self.pathway.pending:
            self.pathway.setItemText(0, _("(no pathway)"))
        if self.caseworker is not None and self.caseworker.count() and not self.caseworker.pending:
            self.caseworker.setItemText(0, _("(choose)"))

    # --- values --------------------------------------------------------------------------------

    def _get(self, name: str) -> Any:
        w = self.widgets[name]
        if isinstance(w, QLineEdit):
            return w.text()
        if isinstance(w, QPlainTextEdit):
            return w.toPlainText()
        if isinstance(w, QCheckBox):
            return w.isChecked()
        if isinstance(w, OptionalDate):
            return w.value()
        return w.value()  # combos

    def _set(self, name: str, value: Any) -> None:
        w = self.widgets[name]
        if isinstance(w, QLineEdit):
            w.setText(value or "")
        elif isinstance(w, QPlainTextEdit):
            w.setPlainText(value or "")
        elif isinstance(w, QCheckBox):
            w.setChecked(bool(value))
        else:
            w.set_value(value)

    def value(self) -> CaseInput:
        base = self._hidden or CaseInput(
            alias="",
            category=ClientCategory.RELEASED_OFFENDER,
            custody_status=CustodyStatus.RELEASED,
            country="",
        )
        values: dict[str, Any] = {f.name: getattr(base, f.name) for f in fields(CaseInput)}
        for name in self.widgets:
            values[name] = self._get(name)
        return CaseInput(**values)

    def set_value(self, data: CaseInput) -> None:
        self._loading = True
        self._hidden = data
        self.country.blockSignals(True)  # the pathways are read once, below, not twice
        self._set("country", data.country)
        self.country.blockSignals(False)
        self._load_pathways()
        for name in self.widgets:
            self._set(name, getattr(data, name))
        self._minor_toggled()
        self._loading = False
        self.dirty = False
        self.errors.clear()
        self.restricted_errors.clear()

    def clear_all(self) -> None:
        """Empty every field (the vault is locking); nothing counts as edited."""
        self._loading = True
        self._hidden = None
        for w in self.widgets.values():
            if isinstance(w, QLineEdit | QPlainTextEdit):
                w.clear()
            elif isinstance(w, QCheckBox):
                w.setChecked(False)
            elif isinstance(w, OptionalDate):
                w.set_value(None)
        self._loading = False
        self.dirty = False

    def set_read_only(self, read_only: bool) -> None:
        for w in self.widgets.values():
            if isinstance(w, QLineEdit | QPlainTextEdit):
                w.setReadOnly(read_only)
            else:
                w.setEnabled(not read_only)

    def show_errors(self, exc: ValidationError) -> None:
        messages = exc.field_messages()
        self.errors.show(messages)
        self.restricted_errors.show(messages)
        for name in messages:
            if name in self.widgets:
                self.widgets[name].setFocus()
                break

    def clear_errors(self) -> None:
        self.errors.clear()
        self.restricted_errors.clear()

    # --- drafts --------------------------------------------------------------------------------

    def to_json(self) -> str:
        out: dict[str, Any] = {}
        for name in self.widgets:
            v = self._get(name)
            out[name] = v.isoformat() if isinstance(v, dt.date) else v
        return json.dumps(out)

    def from_json(self, payload: str) -> None:
        """Put a saved draft back; the form then counts as edited."""
        data = json.loads(payload)
        self._loading = True
        if "country" in data:
            self._set("country", data["country"])
            self._load_pathways()
        for name, raw in data.items():
            if name not in self.widgets:
                continue
            w = self.widgets[name]
            value: Any = raw
            if isinstance(w, OptionalDate):
                value = dt.date.fromisoformat(raw) if raw else None
            elif hasattr(w, "enum_type") and raw:
                value = w.enum_type(raw)
            self._set(name, value)
        self._minor_toggled()
        self._loading = False
        self.dirty = True
        self.changed.emit()

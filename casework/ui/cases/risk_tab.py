"""Risk and protective factors: observations and dated professional judgements, each with an
optional second reviewer who signs it off themselves (no scores, no totals)."""

from __future__ import annotations

from collections.abc import Callable
from functools import partial

from PySide6.QtCore import Qt
from PySide6.QtWidgets import (
    QHBoxLayout,
    QLabel,
    QMessageBox,
    QSplitter,
    QVBoxLayout,
    QWidget,
)

from casework.errors import ValidationError
from casework.i18n import N_, _
from casework.model.enums import Change, Confidence, Direction, RiskDomain
from casework.model.labels import label
from casework.services import risk, users
from casework.services.context import ServiceContext
from casework.services.risk import JudgementInput, JudgementRow, ObservationInput, ObservationRow
from casework.ui.cases.tabs import CaseTab
from casework.ui.retranslate import track_language
from casework.ui.widgets.choices import load_choices
from casework.ui.widgets.combos import DataCombo, enum_combo
from casework.ui.widgets.dates import date_edit, date_of, fmt_date
from casework.ui.widgets.forms import FormDialog, line_edit, show_problem, text_edit
from casework.ui.widgets.tables import (
    Column,
    RowsModel,
    cap_column,
    optional_columns,
    selected_row,
    stretch_column,
    table_view,
)


class ObservationDialog(FormDialog):
    def __init__(self, ctx: ServiceContext, case_id: int, parent: QWidget | None = None) -> None:
        super().__init__(parent, N_("Add observation"))
        self.ctx, self.case_id = ctx, case_id
        self.domain = enum_combo(RiskDomain)
        self.add_field("domain", N_("Domain"), self.domain)
        self.direction = enum_combo(Direction)
        self.add_field("direction", N_("Concern or strength"), self.direction)
        self.evidence = text_edit(3)
        self.add_field("evidence", N_("What was observed, and how you know it"), self.evidence)
        self.source = line_edit()
        self.add_field("source", N_("Source"), self.source)
        self.observed = date_edit(ctx.today())
        self.add_field("observed_on", N_("Observed on"), self.observed)
        self.confidence = enum_combo(Confidence)
        self.confidence.set_value(Confidence.MEDIUM)
        self.add_field("confidence", N_("Confidence"), self.confidence)
        self.change = enum_combo(Change)
        self.add_field("change", N_("Change since last review"), self.change)
        self.texts.add(self.ok_button.setText, N_("Add observation"))
        self.finish()

    def submit(self) -> Callable[[], object]:
        return partial(
            risk.add_observation,
            self.ctx,
            self.case_id,
            ObservationInput(
                domain=self.domain.value(),
                direction=self.direction.value(),
                evidence=self.evidence.toPlainText(),
                observed_on=date_of(self.observed),
                confidence=self.confidence.value(),
                source=self.source.text(),
                change=self.change.value(),
            ),
        )


class JudgementDialog(FormDialog):
    def __init__(self, ctx: ServiceContext, case_id: int, parent: QWidget | None = None) -> None:
        super().__init__(parent, N_("Add professional judgement"))
        self.ctx, self.case_id = ctx, case_id
        self.made = date_edit(ctx.today())
        self.add_field("made_on", N_("Date"), self.made)
        self.narrative = text_edit(6)
        self.add_field("narrative", N_("Judgement and what it rests on"), self.narrative)
        self.reviewer = DataCombo()

        def reviewers() -> list[tuple[str, int]]:
            me = ctx.actor.user_id
            return [(u.display_name, u.id) for u in users.caseworkers(ctx) if u.id != me]

        head = [(N_("(no second reviewer)"), None)]
        load_choices(self, ctx, self.reviewer, reviewers, head=head)
        self.add_field("second_reviewer_id", N_("Second reviewer"), self.reviewer)
        self.response = text_edit(3)
        self.add_field("client_response", N_("The client's response"), self.response)
        self.finish()

    def submit(self) -> Callable[[], object]:
        return partial(
            risk.add_judgement,
            self.ctx,
            self.case_id,
            JudgementInput(
                made_on=date_of(self.made),
                narrative=self.narrative.toPlainText(),
                second_reviewer_id=self.reviewer.value(),
                client_response=self.response.toPlainText(),
            ),
        )


class RiskTab(CaseTab):
    """Observations and dated narrative judgements. Deliberately no scores or totals."""

    def __init__(self, ctx: ServiceContext, case_id: int, parent: QWidget | None = None) -> None:
        super().__init__(ctx, case_id, parent)
        self.observations: RowsModel[ObservationRow] = RowsModel(
            [
                Column(N_("Observed on"), lambda r: fmt_date(r.observed_on)),
                Column(N_("Domain"), lambda r: label(r.domain)),
                Column(N_("Concern or strength"), lambda r: label(r.direction)),
                Column(N_("Evidence"), lambda r: r.evidence, tooltip=lambda r: r.evidence),
                Column(N_("Confidence"), lambda r: label(r.confidence)),
                Column(N_("Change"), lambda r: label(r.change)),
                Column(N_("Source"), lambda r: r.source, tooltip=lambda r: r.source),
                Column(N_("Recorded by"), lambda r: r.recorded_by_name),
            ],
            self,
        )
        self.judgements: RowsModel[JudgementRow] = RowsModel(
            [
                Column(N_("Date"), lambda r: fmt_date(r.made_on)),
                Column(N_("Author"), lambda r: r.author_name),
                Column(N_("Second reviewer"), lambda r: r.second_reviewer_name),
                Column(N_("Signed off"), _signed_off),
                Column(N_("Client's response"), lambda r: r.client_response),
                Column(N_("Judgement"), lambda r: r.narrative, tooltip=lambda r: r.narrative),
            ],
            self,
        )
        self.obs_table = table_view(self.observations, self.texts, N_("Observations"))
        self.obs_table.setObjectName("observationTable")
        optional_columns(self.obs_table, (7, 6, 5, 4))  # recorded by, source, change, confidence
        self.empty(
            self.obs_table,
            N_("No observations yet: concerns and strengths you observe go here."),
            N_("Choose Add observation… to record one."),
        )
        stretch_column(self.obs_table, 3, chars=30)
        cap_column(self.obs_table, 5, 20)
        self.judgement_table = table_view(
            self.judgements, self.texts, N_("Professional judgements")
        )
        self.judgement_table.setObjectName("judgementTable")
        optional_columns(self.judgement_table, (4, 2))  # client's response, second reviewer
        self.empty(
            self.judgement_table,
            N_("No professional judgement yet: your dated overall judgement goes here."),
            N_("Choose Add judgement… when you have made one."),
        )
        self.note = QLabel()
        self.note.setWordWrap(True)
        self.texts.add(
            self.note.setText,
            N_(
                "Record what you observe and your professional judgement in your own words. "
                "Nothing here is scored or added up."
            ),
        )
        obs_title, judge_title = QLabel(), QLabel()
        self.texts.add(obs_title.setText, N_("<b>Risk and protective factors</b>"))
        self.texts.add(judge_title.setText, N_("<b>Professional judgements</b>"))

        top = QWidget()
        t = QVBoxLayout(top)
        row = QHBoxLayout()
        row.addWidget(obs_title)
        row.addStretch(1)
        row.addWidget(self.button(N_("Add observation…"), "addObservation", self.add_observation))
        t.addLayout(row)
        t.addWidget(self.obs_table)
        bottom = QWidget()
        b = QVBoxLayout(bottom)
        row = QHBoxLayout()
        row.addWidget(judge_title)
        row.addStretch(1)
        row.addWidget(self.button(N_("Sign off…"), "signOffJudgement", self.sign_off))
        row.addWidget(self.button(N_("Add judgement…"), "addJudgement", self.add_judgement))
        b.addLayout(row)
        b.addWidget(self.judgement_table)
        splitter = QSplitter(Qt.Orientation.Vertical)
        splitter.addWidget(top)
        splitter.addWidget(bottom)
        layout = QVBoxLayout(self)
        layout.addWidget(self.note)
        layout.addWidget(splitter, 1)
        track_language(self)

    def fetch(self) -> Callable[[], object]:
        ctx, case_id = self.ctx, self.case_id
        return lambda: (risk.list_observations(ctx, case_id), risk.list_judgements(ctx, case_id))

    def show_loaded(self, data: object) -> None:
        observations, judgements = data  # type: ignore[misc]
        self.observations.set_rows(observations)
        self.judgements.set_rows(judgements)

    def retranslate(self) -> None:
        super().retranslate()
        self.observations.retranslate()
        self.judgements.retranslate()

    def add_observation(self) -> None:
        self.open_dialog(ObservationDialog(self.ctx, self.case_id, self))

    def add_judgement(self) -> None:
        self.open_dialog(JudgementDialog(self.ctx, self.case_id, self))

    def sign_off(self) -> None:
        """The second reviewer signs the chosen judgement off, as themselves, today."""
        row = self.judgements.row_at(selected_row(self.judgement_table))
        if row is None:
            show_problem(self, ValidationError({}, N_("Choose a judgement in the list first.")))
            return
        answer = QMessageBox.question(
            self,
            _("Sign off the judgement"),
            _(
                "You sign off this judgement as its second reviewer, under your own name and "
                "today's date. It cannot be taken back."
            ),
        )
        if answer == QMessageBox.StandardButton.Yes:
            self.run(risk.sign_off_judgement, self.ctx, row.id)


def _signed_off(row: JudgementRow) -> str:
    if not row.reviewed_by_name or row.reviewed_at is None:
        return ""
    return _("{name}, {date}").format(
        name=row.reviewed_by_name, date=fmt_date(row.reviewed_at.date())
    )

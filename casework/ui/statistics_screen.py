"""Statistics: aggregated counts for supervisors and M&E officers: the filters, the layout of
the tables (statistics_tables.py) and their loading; the CSV export is statistics_export.py.

Only counts, never a person: the service suppresses counts from 1 to 4, shown "< 5". The figures
are loaded when the page is shown and whenever a filter changes (each load is audited as
"statistics.viewed"), not when the window is built.
"""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

from PySide6.QtCore import Qt, QTimer
from PySide6.QtGui import QShowEvent
from PySide6.QtWidgets import (
    QGridLayout,
    QHBoxLayout,
    QLabel,
    QPushButton,
    QScrollArea,
    QVBoxLayout,
    QWidget,
)
from shiboken6 import isValid

from casework.i18n import N_, _, country_name, format_date, format_number
from casework.model.enums import (
    CaseStatus,
    ClientCategory,
    GoalStatus,
    LifeDomain,
    PlanState,
    ReferralState,
    ServiceType,
    Subregion,
)
from casework.model.geography import subregion_of
from casework.model.labels import LABELS, label
from casework.services import statistics
from casework.services.context import ServiceContext
from casework.services.permissions import Permission
from casework.services.statistics import AreaRow, DomainRow, Overview
from casework.ui import statistics_export
from casework.ui.background import run_in_background
from casework.ui.retranslate import live, track_language
from casework.ui.screen import Screen
from casework.ui.statistics_tables import CountTables, Figure, count_column, count_text
from casework.ui.widgets.combos import CountryCombo, compact, filter_combo
from casework.ui.widgets.dates import OptionalDate
from casework.ui.widgets.flow import FlowLayout
from casework.ui.widgets.forms import Texts, named, show_problem
from casework.ui.widgets.tables import Column, RowsModel

FILTER_CHARS = 18
DATE_DELAY_MS = 400
NO_FILTER: dict[str, object] = {"subregion": None, "country": None, "since": None}


class EarlyFigures:
    """The figures without filters, asked for on the pool as the page is chosen, before its
    widgets are made (`Screen.load_early`); `then(deliver)` hands over the result or the
    error once in (at once if it already is)."""

    def __init__(self, ctx: ServiceContext) -> None:
        self.outcome: tuple[Overview | None, BaseException | None] | None = None
        self._deliver: Callable[[Overview | None, BaseException | None], None] | None = None
        run_in_background(
            None,
            lambda _report: statistics.overview(ctx, **NO_FILTER),  # type: ignore[arg-type]
            on_done=lambda result: self._arrived(result, None),
            on_error=lambda exc: self._arrived(None, exc),
        )

    def _arrived(self, result: Overview | None, error: BaseException | None) -> None:
        self.outcome = (result, error)
        deliver, self._deliver = self._deliver, None
        if deliver is not None:
            deliver(result, error)

    def then(self, deliver: Callable[[Overview | None, BaseException | None], None]) -> None:
        if self.outcome is not None:
            deliver(*self.outcome)
        else:
            self._deliver = deliver


class StatisticsScreen(Screen):
    def __init__(self, ctx: ServiceContext, parent: QWidget | None = None) -> None:
        super().__init__(ctx, parent)
        self.texts = Texts()
        self.result: Overview | None = None
        self._generation = 0
        self._early: EarlyFigures | None = None

        # Filters.
        self.subregion = filter_combo(Subregion, N_("(any subregion)"))
        self.subregion.setObjectName("statsSubregion")
        named(self.subregion, self.texts, N_("Subregion"))
        self.country = compact(CountryCombo(empty_label=N_("(any country)")), FILTER_CHARS)
        self.country.setObjectName("statsCountry")
        named(self.country, self.texts, N_("Country"))
        self.since_label = QLabel()
        self.texts.add(self.since_label.setText, N_("Since:"))
        self.since = OptionalDate()
        self.since.setObjectName("statsSince")
        self.since_label.setBuddy(self.since)
        named(self.since, self.texts, N_("Since"))
        self.texts.add(
            self.since.setToolTip,
            N_(
                "Counts cases opened, and referrals, plans and tasks created, on or after this day."
            ),
        )
        self.export_button = QPushButton()
        self.export_button.setObjectName("exportStatistics")
        self.texts.add(self.export_button.setText, N_("Export CSV…"))
        self.export_button.setVisible(ctx.actor.can(Permission.EXPORT_AGGREGATE))
        self.export_button.clicked.connect(self.export_csv)
        self.note = QLabel()
        self.note.setObjectName("statsNote")
        self.note.setWordWrap(True)
        self.texts.add(
            self.note.setText,
            N_(
                "Aggregated counts only, for whole months up to the end of the last complete "
                "month. Counts from 1 to 4 are shown as “< 5”, and counts marked “x” are withheld "
                "so that a small count cannot be worked out from the totals. Counts of 5 or more "
                "are adjusted by up to 2 (the cell key method) so that comparing two tables "
                "cannot single anyone out: totals may differ slightly from the sum of their rows."
            ),
        )
        self._date_timer = QTimer(self)
        self._date_timer.setSingleShot(True)
        self._date_timer.setInterval(DATE_DELAY_MS)
        self._date_timer.timeout.connect(self.refresh)
        self.subregion.currentIndexChanged.connect(lambda _i: self._area_changed(self.subregion))
        self.country.currentIndexChanged.connect(lambda _i: self._area_changed(self.country))
        self.since.dateChanged.connect(lambda _d: self._date_timer.start())

        # Tables.
        self.counts = CountTables(self, self.texts)
        self.tables, self.models = self.counts.tables, self.counts.models
        r = self._result
        self.figure_rows = [
            Figure(N_("Figures up to"), lambda: format_date(r().as_of)),
            Figure(N_("Cases"), lambda: count_text(r().cases_total)),
            Figure(N_("Referrals"), lambda: count_text(r().referrals_total)),
            Figure(N_("Overdue referrals"), lambda: count_text(r().referrals_overdue)),
            Figure(N_("Answered referrals"), lambda: count_text(r().referrals_answered)),
            Figure(N_("Median days to an answer"), self._median),
            Figure(N_("Plans (all versions)"), lambda: count_text(r().plans_total)),
            Figure(N_("Goals in the latest plans"), lambda: count_text(r().goals_total)),
            Figure(N_("Overdue open tasks"), lambda: count_text(r().tasks_overdue)),
        ]
        self.figures = self.counts.table(
            "figures",
            N_("Key figures"),
            [
                Column(N_("Figure"), lambda f: _(f.msgid), tooltip=lambda f: _(f.msgid)),
                Column(N_("Count"), lambda f: f.value()),
            ],
            rows=len(self.figure_rows),
        )
        self.counts.tables["figures"].setSortingEnabled(False)  # a list of facts, in its order
        self.by_status = self.counts.enum_table(
            "cases_by_status", N_("Cases by status"), N_("Status"), CaseStatus
        )
        self.by_category = self.counts.enum_table(
            "cases_by_category", N_("Cases by category"), N_("Category"), ClientCategory
        )
        self.by_area: RowsModel[AreaRow] = self.counts.table(
            "cases_by_country",
            N_("Cases by country"),
            [
                Column(N_("Country"), lambda a: country_name(a.country)),
                Column(
                    N_("Subregion"),
                    lambda a: label(a.subregion),
                    tooltip=lambda a: label(a.subregion),
                ),
                count_column(N_("Cases"), lambda a: a.count),
            ],
            labels=2,
        )
        self.by_subregion = self.counts.enum_table(
            "cases_by_subregion", N_("Cases by subregion"), N_("Subregion"), Subregion
        )
        self.by_state = self.counts.enum_table(
            "referrals_by_state", N_("Referrals by state"), N_("State"), ReferralState
        )
        self.by_service = self.counts.enum_table(
            "referrals_by_service", N_("Referrals by service"), N_("Service"), ServiceType
        )
        self.plans_by_state = self.counts.enum_table(
            "plans_by_state", N_("Plans by state"), N_("State"), PlanState
        )
        goal_columns: list[Column[DomainRow]] = [
            Column(N_("Life domain"), lambda d: label(d.domain), tooltip=lambda d: label(d.domain)),
            count_column(N_("Total"), lambda d: d.total),
        ]
        for i, status in enumerate(GoalStatus):
            goal_columns.append(
                count_column(
                    LABELS[(GoalStatus, status.value)], lambda d, i=i: d.by_status[i].count
                )
            )
        self.goals: RowsModel[DomainRow] = self.counts.table(
            "goals_by_domain",
            N_("Goals by life domain and status"),
            goal_columns,
            rows=len(LifeDomain),
        )

        filters = FlowLayout()
        filters.addWidget(compact(self.subregion, FILTER_CHARS))
        filters.addWidget(self.country)
        since = QWidget()
        since_row = QHBoxLayout(since)
        since_row.setContentsMargins(0, 0, 0, 0)
        since_row.addWidget(self.since_label)
        since_row.addWidget(self.since)
        filters.addWidget(since)
        top = QHBoxLayout()
        top.addLayout(filters, 1)
        top.addWidget(self.export_button, 0, Qt.AlignmentFlag.AlignTop)

        body = QWidget()
        body.setObjectName("statisticsBody")
        grid = QGridLayout(body)
        grid.setContentsMargins(0, 0, 0, 0)
        place = [
            ("figures", 0, 0, 1),
            ("cases_by_status", 0, 1, 1),
            ("cases_by_category", 1, 0, 1),
            ("cases_by_subregion", 1, 1, 1),
            ("cases_by_country", 2, 0, 1),
            ("referrals_by_state", 2, 1, 1),
            ("referrals_by_service", 3, 0, 1),
            ("plans_by_state", 3, 1, 1),
            ("goals_by_domain", 4, 0, 2),
        ]
        for key, row, column, span in place:
            box = self.tables[key].parentWidget()
            grid.addWidget(box, row, column, 1, span, Qt.AlignmentFlag.AlignTop)
        grid.setRowStretch(len(place), 1)
        grid.setColumnStretch(0, 1)
        grid.setColumnStretch(1, 1)
        scroll = QScrollArea()
        scroll.setObjectName("statisticsScroll")
        scroll.setWidgetResizable(True)
        scroll.setFrameShape(QScrollArea.Shape.NoFrame)
        scroll.setWidget(body)

        layout = QVBoxLayout(self)
        layout.addLayout(top)
        layout.addWidget(self.note)
        layout.addWidget(scroll, 1)
        track_language(self)

    # --- building ----------------------------------------------------------------------------

    def _result(self) -> Overview:
        assert self.result is not None
        return self.result

    def _median(self) -> str:
        days = self._result().median_days_to_answer
        return _("(fewer than 5 answers)") if days is None else format_number(days)

    # --- the Screen contract -------------------------------------------------------------------

    def title(self) -> str:
        return _("Statistics")

    def retranslate(self) -> None:
        self.texts.apply()
        for model in self.models.values():
            model.retranslate()

    watches: frozenset[str] = frozenset()  # reloads every time it is shown

    @classmethod
    def load_early(cls, ctx: ServiceContext) -> EarlyFigures | None:
        return EarlyFigures(ctx) if ctx.actor.can(Permission.STATISTICS) else None

    def loaded_early(self, load: object) -> None:
        if isinstance(load, EarlyFigures):
            self._early = load

    def showEvent(self, event: QShowEvent) -> None:  # noqa: N802 - Qt override
        super().showEvent(event)
        self.refresh()

    def filters(self) -> dict[str, object]:
        return {
            "subregion": self.subregion.value(),
            "country": self.country.value() or None,
            "since": self.since.value(),
        }

    def _area_changed(self, changed: QWidget) -> None:
        """A country outside the chosen subregion: the other filter gives way."""
        region, code = self.subregion.value(), self.country.value()
        if region is not None and code and subregion_of(code) is not region:
            other = self.country if changed is self.subregion else self.subregion
            other.blockSignals(True)
            other.set_value(None)
            other.blockSignals(False)
        self.refresh()

    def refresh(self) -> None:
        """Compute the figures on the background pool: over every case and referral they take
        seconds at 50,000 cases, and the page must not freeze meanwhile. An answer to filters
        changed since is dropped."""
        self._date_timer.stop()
        self._generation += 1
        generation, ctx, filters = self._generation, self.ctx, self.filters()

        def work(_report: object) -> Overview:
            return statistics.overview(ctx, **filters)  # type: ignore[arg-type]

        def failed(exc: BaseException) -> None:
            if generation == self._generation:
                show_problem(self, exc)

        early, self._early = self._early, None
        if early is not None and filters == NO_FILTER:  # asked for as the page was chosen

            def deliver(result: Overview | None, error: BaseException | None) -> None:
                if not isValid(self):  # the page went with its window meanwhile
                    return
                if error is not None:
                    failed(error)
                else:
                    self._arrived(generation, result)  # type: ignore[arg-type]

            early.then(deliver)
            return
        run_in_background(
            self, work, on_done=lambda r: self._arrived(generation, r), on_error=failed
        )

    def _arrived(self, generation: int, result: Overview) -> None:
        if generation != self._generation:
            return
        self.result = result
        self.figures.set_rows(self.figure_rows)
        self.by_status.set_rows(result.cases_by_status)
        self.by_category.set_rows(result.cases_by_category)
        self.by_subregion.set_rows(result.cases_by_subregion)
        self.by_area.set_rows(result.cases_by_country)
        self.by_state.set_rows(result.referrals_by_state)
        self.by_service.set_rows(result.referrals_by_service)
        self.plans_by_state.set_rows(result.plans_by_state)
        self.goals.set_rows(result.goals_by_domain)

    def clear(self) -> None:
        self._early = None
        self._date_timer.stop()
        self._generation += 1  # a computation still running must not refill the page
        for model in self.models.values():
            model.clear()
        self.result = None

    # --- export --------------------------------------------------------------------------------

    def export_csv(self) -> Path | None:
        """The path written (None if cancelled, refused, or while the office server answers:
        the status bar says when it is written)."""

        def exported(_path: Path) -> None:
            self.status_message.emit(live(lambda: _("Statistics exported.")))

        return statistics_export.export_csv(self.export_button, self.ctx, self.filters(), exported)

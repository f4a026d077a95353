"""The Statistics page: an M&E officer logs in to it, sees counts (small ones as "< 5"), in
French after a switch, and exports a CSV only after the warning."""

from __future__ import annotations

import csv
import datetime as dt
import io
from pathlib import Path

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QFileDialog, QMessageBox
from shell_helpers import log_in
from sqlalchemy import select

from casework.i18n import set_language, translator
from casework.model import AuditEvent
from casework.model.enums import CaseStatus, ClientCategory, CustodyStatus, Role, Subregion
from casework.model.labels import label
from casework.services import cases, users
from casework.services.cases import CaseInput
from casework.services.context import ServiceContext
from casework.store.vault import Vault
from casework.ui.pages import allowed_pages, build_pages
from casework.ui.session import SessionController
from casework.ui.statistics_screen import StatisticsScreen

ME_PASSWORD = "harbour tulip marches slowly"
ALIAS = "Zephyrin Unique"


@pytest.fixture
def me(office) -> ServiceContext:  # noqa: ANN001
    """Twelve cases in Kenya and five in Mali (four disengaged, one family member), opened in a
    month already complete, and an M&E officer, Mona."""
    day = dt.date.today() - dt.timedelta(days=40)  # figures cover complete months only
    cw = ServiceContext(office.caseworker.vault, office.caseworker.actor, today=lambda: day)
    for i in range(12):
        cases.create_case(
            cw,
            CaseInput(f"{ALIAS} {i}", ClientCategory.RETURNEE_FTF, CustodyStatus.RETURNED, "KE"),
        )
    for i in range(5):
        category = ClientCategory.DISENGAGED if i < 4 else ClientCategory.FAMILY_MEMBER
        cases.create_case(cw, CaseInput(ALIAS, category, CustodyStatus.RELEASED, "ML"))
    users.create_user(office.admin, "mona", "Mona M&E", {Role.ME_OFFICER}, ME_PASSWORD)
    vault = Vault.open(office.folder, "mona", ME_PASSWORD, verify_pages=False)
    office.vaults.append(vault)
    return ServiceContext.for_vault(vault)


def near(text: str, true: int) -> bool:
    """A shown count of 5 or more: the true one moved by the cell key method (at most 2)."""
    return text.isdigit() and int(text) >= 5 and abs(int(text) - true) <= 2


def texts(model) -> list[str]:  # noqa: ANN001
    return [
        str(model.data(model.index(r, c), Qt.ItemDataRole.DisplayRole))
        for r in range(model.rowCount())
        for c in range(model.columnCount())
    ]


def row_of(model, first: str) -> list[str]:  # noqa: ANN001
    for r in range(model.rowCount()):
        row = [model.data(model.index(r, c)) for c in range(model.columnCount())]
        if row[0] == first:
            return row
    raise AssertionError(f"no row {first!r}")


def audited(ctx: ServiceContext, action: str) -> int:
    with ctx.vault.session() as s:
        return len(list(s.scalars(select(AuditEvent).where(AuditEvent.action == action))))


def test_me_officer_logs_in_to_the_statistics_page(qtbot, office, me):  # noqa: ANN001
    controller = SessionController(office.folder, build_pages)
    qtbot.addWidget(controller.login)
    try:
        log_in(qtbot, controller, "mona", ME_PASSWORD)
        window = controller.window
        assert [type(s).__name__ for s in window.screens] == ["StatisticsScreen"]
        assert window.nav.item(0).text() == "Statistics"
        screen = window.screen_named("StatisticsScreen")
        qtbot.waitUntil(lambda: screen.result is not None)
        assert near(row_of(screen.figures, "Cases")[1], 17)
        assert near(row_of(screen.by_area, "Kenya")[2], 12)
        assert near(row_of(screen.by_area, "Mali")[2], 5)
        assert row_of(screen.by_category, "Disengaged person")[1] == "< 5"  # never "4"
        assert row_of(screen.by_category, "Family member of a returnee")[1] == "< 5"
        everything = [t for m in screen.models.values() for t in texts(m)]
        assert not [t for t in everything if ALIAS in t or "KE-" in t or t in {"1", "2", "3", "4"}]
        controller.lock()
        assert all(m.rowCount() == 0 for m in screen.models.values())
    finally:
        controller.shutdown()


def test_page_is_for_statistics_roles_only(office, me):  # noqa: ANN001
    def names(ctx: ServiceContext) -> list[str]:
        return [name for _m, name in allowed_pages(ctx)]

    assert names(me) == ["StatisticsScreen"]
    supervisor = names(office.supervisor)
    assert supervisor.index("StatisticsScreen") == supervisor.index("AdminScreen") - 1
    assert "StatisticsScreen" not in names(office.caseworker)
    assert "StatisticsScreen" not in names(office.admin)


def test_loads_when_shown_and_speaks_french(qtbot, me):  # noqa: ANN001
    screen = StatisticsScreen(me)
    qtbot.addWidget(screen)
    assert screen.result is None and audited(me, "statistics.viewed") == 0  # built, not seen
    screen.show()
    qtbot.waitUntil(lambda: screen.result is not None)
    assert audited(me, "statistics.viewed") == 1
    set_language("fr")
    fr = translator("fr")
    assert screen.title() == "Statistiques"
    assert screen.export_button.text() == fr.gettext("Export CSV…") != "Export CSV…"
    header = screen.by_status.headerData(0, Qt.Orientation.Horizontal)
    assert header == "Statut"
    intake = row_of(screen.by_status, label(CaseStatus.INTAKE, "fr"))
    assert intake[0] == "Accueil" and near(intake[1], 17)
    assert row_of(screen.figures, "Dossiers")[1] == intake[1]
    assert "Sous-région" in [
        screen.by_area.headerData(c, Qt.Orientation.Horizontal)
        for c in range(screen.by_area.columnCount())
    ]
    # The country filter narrows every table.
    screen.country.set_value("ML")
    qtbot.waitUntil(lambda: screen.result is not None and screen.result.country == "ML")
    assert near(row_of(screen.figures, "Dossiers")[1], 5)
    assert screen.by_area.rowCount() == 1
    # A subregion that does not hold the country clears the country filter.
    screen.subregion.set_value(Subregion.SOUTHEAST_ASIA)
    assert screen.country.value() == ""
    assert screen.result.subregion is Subregion.SOUTHEAST_ASIA
    assert row_of(screen.figures, "Dossiers")[1] == "0"


def test_export_warns_then_writes_an_owner_only_csv(qtbot, me, tmp_path: Path, monkeypatch):  # noqa: ANN001
    screen = StatisticsScreen(me)
    qtbot.addWidget(screen)
    target = tmp_path / "stats.csv"
    warned: list[str] = []

    def cancel(*args, **kwargs):  # noqa: ANN002, ANN003, ANN202
        warned.append(args[2])
        return QMessageBox.StandardButton.Cancel

    monkeypatch.setattr(QMessageBox, "warning", cancel)
    monkeypatch.setattr(QFileDialog, "getSaveFileName", lambda *a, **k: (str(target), ""))
    assert screen.export_csv() is None
    assert "NOT be encrypted" in warned[0]
    assert not target.exists() and audited(me, "statistics.exported") == 0

    monkeypatch.setattr(QMessageBox, "warning", lambda *a, **k: QMessageBox.StandardButton.Save)
    messages: list[str] = []
    screen.status_message.connect(messages.append)
    assert screen.export_csv() == target
    assert oct(target.stat().st_mode & 0o777) == "0o600"
    text = target.read_text("utf-8")
    rows = {(r[0], r[2]): r[3] for r in csv.reader(io.StringIO(text))}
    assert near(rows[("cases", "total")], 17)
    assert rows[("cases_by_category", "disengaged")] == "< 5"
    assert ALIAS not in text and "KE-" not in text
    assert audited(me, "statistics.exported") == 1
    assert messages == ["Statistics exported."]


def test_clear_drops_every_figure(qtbot, me):  # noqa: ANN001
    screen = StatisticsScreen(me)
    qtbot.addWidget(screen)
    screen.refresh()
    assert screen.by_status.rowCount() == 4
    screen.clear()
    assert all(m.rowCount() == 0 for m in screen.models.values())
    assert screen.result is None
    assert screen.figures.data(screen.figures.index(0, 1), Qt.ItemDataRole.DisplayRole) is None


def test_speaks_arabic(qtbot, me):  # noqa: ANN001
    screen = StatisticsScreen(me)
    qtbot.addWidget(screen)
    screen.show()
    qtbot.waitUntil(lambda: screen.result is not None)
    set_language("ar")
    ar = translator("ar")

    def rows(model) -> dict[str, list[str]]:  # noqa: ANN001 - cells without the bidi isolates
        cells = [t.strip("\u2068\u2069") for t in texts(model)]
        width = model.columnCount()
        return {cells[i]: cells[i + 1 : i + width] for i in range(0, len(cells), width)}

    assert screen.title() == ar.gettext("Statistics") != "Statistics"
    assert screen.by_status.headerData(0, Qt.Orientation.Horizontal) == ar.gettext("Status")
    intake = rows(screen.by_status)[label(CaseStatus.INTAKE, "ar")]
    assert label(CaseStatus.INTAKE, "ar") != "Intake" and near(intake[0], 17)
    assert rows(screen.figures)[ar.gettext("Cases")] == intake


def test_tables_are_laid_out_at_their_final_height_before_the_figures_arrive(qtbot, me):  # noqa: ANN001
    """Every table whose rows are known before the figures (a row per status…) is as tall
    empty as filled: their arrival lays the page out again for the countries' table only."""
    screen = StatisticsScreen(me)
    qtbot.addWidget(screen)
    screen.resize(1000, 700)
    empty = {key: view.height() for key, view in screen.tables.items()}
    screen.show()
    qtbot.waitUntil(lambda: screen.result is not None)
    filled = {key: view.height() for key, view in screen.tables.items()}
    del empty["cases_by_country"], filled["cases_by_country"]
    assert empty == filled
    figures = screen.tables["figures"]
    assert figures.height() > 9 * figures.verticalHeader().defaultSectionSize()


def test_count_tables_are_the_kits_tables_selecting_nothing(qtbot, me):  # noqa: ANN001
    from PySide6.QtWidgets import QAbstractItemView, QHeaderView

    screen = StatisticsScreen(me)
    qtbot.addWidget(screen)
    for view in screen.tables.values():
        assert view.selectionMode() == QAbstractItemView.SelectionMode.NoSelection
        header = view.horizontalHeader()
        assert header.sectionResizeMode(1) == QHeaderView.ResizeMode.Interactive
        assert not header.stretchLastSection()  # the labels' column takes the room instead
        assert view.editTriggers() == QAbstractItemView.EditTrigger.NoEditTriggers
        assert view.accessibleName()

"""The case list: SQL-side paging, sorting, filters, search as you type, counts, columns."""

from __future__ import annotations

import json

from fixtures_screens import World, column_values, make_case
from PySide6.QtCore import Qt

from casework.model.enums import CaseAction, CaseStatus, ClientCategory
from casework.services import cases, users
from casework.ui.cases import CasesScreen
from casework.ui.cases.list_model import COLUMN_KEYS, CaseListModel
from casework.ui.cases.list_panel import HIDDEN_COLUMNS_SETTING

pytest_plugins = ["fixtures_screens"]


def test_model_passes_qtmodeltester_and_pages(qtmodeltester, world: World) -> None:
    sup = world.supervisor
    for i in range(11):
        make_case(sup, f"Person {i:02d}", country="ML")
    model = CaseListModel(sup, page_size=5)
    model.reload()
    assert model.rowCount() == 5
    assert model.total == 13
    assert model.canFetchMore()
    qtmodeltester.check(model)
    while model.canFetchMore():
        model.fetchMore()
    assert model.rowCount() == 13
    assert len({model.case_id(r) for r in range(13)}) == 13


def test_sorting_reruns_the_query_and_unsortable_columns_say_so(qtbot, world: World) -> None:
    sup = world.supervisor
    make_case(sup, "Zainab Last", country="TD")
    make_case(sup, "Abdou First", country="TD")
    screen = CasesScreen(sup)
    qtbot.addWidget(screen)
    model = screen.list.model
    header = screen.list.table.horizontalHeader()
    alias_col = COLUMN_KEYS.index("alias")
    header.setSortIndicator(alias_col, Qt.SortOrder.AscendingOrder)
    aliases = column_values(model, "Alias")
    assert aliases == sorted(aliases)
    assert aliases[0] == "Abdou First"
    header.setSortIndicator(alias_col, Qt.SortOrder.DescendingOrder)
    assert column_values(model, "Alias")[0] == "Zainab Last"
    assert model.query.sort == "alias" and model.query.descending

    messages: list[str] = []
    screen.status_message.connect(messages.append)
    stage_col = COLUMN_KEYS.index("stage")
    header.setSortIndicator(stage_col, Qt.SortOrder.AscendingOrder)
    assert model.query.sort == "alias"  # unchanged
    assert header.sortIndicatorSection() == alias_col
    assert messages and "cannot be sorted" in messages[-1]
    tip = model.headerData(stage_col, Qt.Orientation.Horizontal, Qt.ItemDataRole.ToolTipRole)
    assert tip == "This column cannot be sorted."


def test_filters_and_search_as_you_type(qtbot, world: World) -> None:
    sup = world.supervisor
    niger = make_case(sup, "Moussa Niamey", country="NE", category=ClientCategory.DISENGAGED)
    cases.change_status(sup, niger, CaseAction.ACTIVATE)
    screen = CasesScreen(sup)
    qtbot.addWidget(screen)
    panel = screen.list
    assert panel.model.rowCount() == 3
    assert panel.count.text() == "3 cases"

    panel.status.set_value(CaseStatus.ACTIVE)
    assert column_values(panel.model, "Alias") == ["Moussa Niamey"]
    assert panel.count.text() == "1 case"
    panel.status.set_value(None)
    panel.country.set_value("KE")
    assert sorted(column_values(panel.model, "Alias")) == ["Amina Carlcase", "Yusuf Omarcase"]
    panel.country.set_value("")
    panel.category.set_value(ClientCategory.DISENGAGED)
    assert column_values(panel.model, "Alias") == ["Moussa Niamey"]
    panel.category.set_value(None)
    carl_id = world.caseworker.actor.user_id
    panel.caseworker.set_value(carl_id)
    assert column_values(panel.model, "Alias") == ["Amina Carlcase"]
    panel.caseworker.set_value(None)

    qtbot.keyClicks(panel.search, "Niamey")
    # debounced: the query runs once typing pauses
    qtbot.waitUntil(lambda: panel.model.rowCount() == 1, timeout=2000)
    assert column_values(panel.model, "Alias") == ["Moussa Niamey"]
    panel.search.clear()
    qtbot.waitUntil(lambda: panel.model.rowCount() == 3, timeout=2000)


def test_overdue_filter_marks_rows(qtbot, world: World) -> None:
    import datetime as dt

    from casework.services import tasks
    from casework.services.tasks import TaskInput

    sup = world.supervisor
    tasks.create_task(
        sup,
        world.carl_case,
        TaskInput("Call the training centre", dt.date.today() - dt.timedelta(days=3)),
    )
    screen = CasesScreen(sup)
    qtbot.addWidget(screen)
    panel = screen.list
    panel.overdue.setChecked(True)
    assert column_values(panel.model, "Alias") == ["Amina Carlcase"]
    index = panel.model.index(0, 0)
    assert panel.model.data(index, CaseListModel.OverdueRole) is True
    assert "Overdue" in panel.model.data(index, Qt.ItemDataRole.ToolTipRole)
    assert panel.model.data(index, Qt.ItemDataRole.DecorationRole) is not None
    # Every role the model answers still reaches it past the quick return for the roles a
    # view asks about each cell (font, alignment, background…), which stay unanswered.
    R = Qt.ItemDataRole
    assert panel.model.data(index, R.DisplayRole)
    assert panel.model.data(index, CaseListModel.IdRole) == world.carl_case
    assert panel.model.data(index, R.ForegroundRole) is not None
    assert panel.model.data(index, R.AccessibleDescriptionRole) == "Overdue"
    for role in (
        R.FontRole,
        R.TextAlignmentRole,
        R.BackgroundRole,
        R.CheckStateRole,
        R.SizeHintRole,
        R.EditRole,
        R.StatusTipRole,
        CaseListModel.SortKeyRole,
    ):
        assert panel.model.data(index, role) is None


def test_caseworker_sees_only_own_cases(qtbot, world: World) -> None:
    screen = CasesScreen(world.caseworker)
    qtbot.addWidget(screen)
    assert column_values(screen.list.model, "Alias") == ["Amina Carlcase"]
    assert not screen.list.caseworker.isVisibleTo(screen)  # no caseworker filter for them
    # even by id, another caseworker's case does not open
    assert screen.open_case(world.omar_case) is None
    assert screen.workspaces() == []


def test_count_label_for_a_lower_bound(qtbot, world: World) -> None:
    screen = CasesScreen(world.supervisor)
    qtbot.addWidget(screen)
    screen.list.model.total = 2000
    screen.list.model.total_is_lower_bound = True
    screen.list._update_count()
    assert screen.list.count.text() == "2,000+ cases"


def test_hidden_columns_are_remembered_per_user(qtbot, world: World) -> None:
    sup = world.supervisor
    screen = CasesScreen(sup)
    qtbot.addWidget(screen)
    menu = screen.list.column_menu()
    caseworker_action = next(a for a in menu.actions() if a.text() == "Caseworker")
    caseworker_action.setChecked(False)
    col = COLUMN_KEYS.index("caseworker")
    assert screen.list.table.isColumnHidden(col)
    assert "caseworker" in json.loads(users.get_setting(sup, HIDDEN_COLUMNS_SETTING))
    again = CasesScreen(sup)
    qtbot.addWidget(again)
    assert again.list.table.isColumnHidden(col)
    other = CasesScreen(world.caseworker)  # another user keeps the defaults: a caseworker's
    qtbot.addWidget(other)  # own list hides the caseworker column (always their own name)
    assert other.list.table.isColumnHidden(col)
    assert not other.list.table.isColumnHidden(COLUMN_KEYS.index("status"))
    other.list.set_column_visible("caseworker", True)  # still theirs to show
    assert not other.list.table.isColumnHidden(col)
    assert "caseworker" in json.loads(users.get_setting(sup, HIDDEN_COLUMNS_SETTING))


def test_enter_and_double_click_open_the_workspace(qtbot, world: World) -> None:
    screen = CasesScreen(world.supervisor)
    qtbot.addWidget(screen)
    table = screen.list.table
    table.setCurrentIndex(screen.list.model.index(0, 0))
    qtbot.keyClick(table, Qt.Key.Key_Return)
    assert len(screen.workspaces()) == 1
    opened = screen.workspaces()[0].case_id
    assert opened == screen.list.model.case_id(0)
    screen.open_case(opened)  # opening again shows the same tab
    assert len(screen.workspaces()) == 1


def test_sorted_by_country_the_list_reorders_in_the_new_language(qtbot, world: World) -> None:
    """ "Chad, Kenya, Uganda" in English is "Kenya, Ouganda, Tchad" in French: a language
    switch asks for the rows again in the new order."""
    from casework.i18n import reading_key, set_language

    sup = world.supervisor
    make_case(sup, "Idriss Ndjamena", country="TD")
    make_case(sup, "Grace Kampala", country="UG")
    screen = CasesScreen(sup)
    qtbot.addWidget(screen)
    model = screen.list.model
    header = screen.list.table.horizontalHeader()
    header.setSortIndicator(COLUMN_KEYS.index("country"), Qt.SortOrder.AscendingOrder)
    english = column_values(model, "Country")
    assert english[0] == "Chad" and english == sorted(english, key=reading_key)
    set_language("fr")
    qtbot.waitUntil(lambda: column_values(model, "Pays")[:1] == ["Kenya"])
    french = column_values(model, "Pays")
    assert french == sorted(french, key=reading_key) and french[-1] == "Tchad"

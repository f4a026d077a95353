"""Opening a case builds only what it shows: inline error labels and the kept-version box are
made when first needed, combos are filled once, the profile's pathways are those of the case's
country. Each still does what the user sees."""

from __future__ import annotations

import datetime as dt

from fixtures_screens import World
from PySide6.QtWidgets import QDateEdit, QFormLayout, QLabel, QPlainTextEdit, QWidget

from casework.i18n import has_rtl
from casework.model.enums import ClientCategory
from casework.services import cases, pathways
from casework.ui.cases import CasesScreen
from casework.ui.widgets.combos import CountryCombo, choice_combo
from casework.ui.widgets.conflict import KeptVersion
from casework.ui.widgets.field_hints import warn_implausible
from casework.ui.widgets.forms import FieldErrors

pytest_plugins = ["fixtures_screens"]


def _row_of(form: QFormLayout, widget: QWidget) -> int:
    return form.getWidgetPosition(widget)[0]


def test_a_refused_field_gets_its_message_right_under_it(qtbot, world: World) -> None:
    screen = CasesScreen(world.caseworker)
    qtbot.addWidget(screen)
    ws = screen.open_case(world.carl_case)
    form = ws.profile.form
    assert form.findChild(QLabel, "error_alias") is None  # nothing built before a refusal
    form.alias.setText("")
    assert not ws.profile.save()
    message = form.findChild(QLabel, "error_alias")
    assert message is not None and message.isVisibleTo(form)
    assert message.text() == "Enter an alias or display name."
    assert _row_of(form.form, message) == _row_of(form.form, form.alias) + 1
    # The next field keeps its place under the message.
    assert _row_of(form.form, form.other_aliases) == _row_of(form.form, message) + 1
    form.alias.setText("Amina C.")
    assert ws.profile.save()
    assert not message.isVisibleTo(form)
    assert cases.get_case(world.caseworker, world.carl_case).data.alias == "Amina C."


def test_a_date_field_message_comes_after_its_warning(qtbot) -> None:
    host = QWidget()
    qtbot.addWidget(host)
    form = QFormLayout(host)
    before, field, after = QLabel("before"), QDateEdit(), QLabel("after")
    form.addRow("A", before)
    form.addRow("Due", field)
    form.addRow("B", after)
    warning = warn_implausible(form, "due_on", field)
    errors = FieldErrors(form)
    errors.attach("due_on", field)
    assert errors.has("due_on") and not errors.has("title")
    field.setDate(dt.date(1990, 1, 1))  # years ago: the warning shows
    errors.show({"due_on": "Choose a due date.", "title": "not a field here"})
    message = errors.labels["due_on"]
    assert "title" not in errors.labels
    assert _row_of(form, warning) == _row_of(form, field) + 1
    assert _row_of(form, message) == _row_of(form, warning) + 1
    assert _row_of(form, after) == _row_of(form, message) + 1
    assert message.text() == "Choose a due date." and message.isVisibleTo(host)
    errors.clear()
    assert not message.isVisibleTo(host)


def test_the_profile_offers_the_pathways_of_the_case_country(qtbot, world: World) -> None:
    screen = CasesScreen(world.caseworker)
    qtbot.addWidget(screen)
    ws = screen.open_case(world.carl_case)
    form = ws.profile.form
    expected = [p.id for p in pathways.list_pathways(world.caseworker, country="KE")]
    offered = [form.pathway.itemData(i) for i in range(form.pathway.count())]
    assert offered == [None, *expected]
    assert form.pathway.value() == world.pathway_id
    assert form.country.value() == "KE"
    assert not form.dirty and not ws.has_unsaved_changes()


def test_combos_list_each_choice_once(qtbot) -> None:
    combo = choice_combo(ClientCategory)
    qtbot.addWidget(combo)
    assert combo.count() == len(ClientCategory) + 1  # "(choose)" and each category once
    assert combo.value() is None
    countries = CountryCombo(empty_label="(choose)")
    qtbot.addWidget(countries)
    codes = [countries.itemData(i) for i in range(countries.count())]
    assert codes[0] == "" and len(codes) == len(set(codes))
    countries.set_value("KE")
    assert countries.value() == "KE"


def test_the_kept_version_builds_its_text_box_only_to_keep_something(qtbot) -> None:
    host = QWidget()
    qtbot.addWidget(host)
    kept = KeptVersion(host)
    assert kept.findChild(QPlainTextEdit) is None
    kept.keep("")
    assert kept.findChild(QPlainTextEdit) is None and not kept.isVisibleTo(host)
    kept.keep("Alias: Amina C.")
    assert kept.isVisibleTo(host)
    assert kept.text.toPlainText() == "Alias: Amina C." and kept.text.isReadOnly()
    kept.keep("")
    assert not kept.isVisibleTo(host)


def test_right_to_left_letters_are_found_at_the_edges_of_their_ranges() -> None:
    assert has_rtl("Amina عائشة") and has_rtl("\u0590") and has_rtl("\u08ff")
    assert has_rtl("\ufb1d") and has_rtl("\ufefc")
    assert not has_rtl("") and not has_rtl("Amina, 2026") and not has_rtl("\u058f")
    assert not has_rtl("\u0900") and not has_rtl("\ufb1c") and not has_rtl("\ufefd")

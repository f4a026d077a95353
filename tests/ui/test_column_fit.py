"""Columns fitted from a model's kept texts (widgets/column_widths.py) get the widths Qt's own
`resizeColumnsToContents` gives them, asking `data()` for every cell in every role."""

from __future__ import annotations

from fixtures_screens import World

from casework.model.enums import OrgType
from casework.services import directory
from casework.services.directory import OrganisationInput
from casework.ui.directory import DirectoryScreen
from casework.ui.widgets.column_widths import FIT_ROWS, _resize_to_contents, _title_widths

pytest_plugins = ["fixtures_screens"]


def _qt_widths(view) -> list[int]:  # noqa: ANN001
    header = view.horizontalHeader()
    header.setResizeContentsPrecision(FIT_ROWS)
    view.resizeColumnsToContents()
    return [header.sectionSize(i) for i in range(header.count() - 1)]  # the last one stretches


def _kept_text_widths(view) -> list[int]:  # noqa: ANN001
    header = view.horizontalHeader()
    for i in range(header.count()):
        header.resizeSection(i, 1)
    _resize_to_contents(view, _title_widths(header))
    return [header.sectionSize(i) for i in range(header.count() - 1)]


def test_directory_fitted_from_its_texts_as_qt_fits_it(qtbot, world: World) -> None:
    directory.create_organisation(
        world.supervisor,
        OrganisationInput(
            "Mombasa Returnees Livelihood and Psychosocial Support Association",
            OrgType.CSO,
            country="KE",
            locality="Mombasa",
            focal_person="Fatuma A.",
            pseudonymous=True,
        ),
    )
    screen = DirectoryScreen(world.supervisor)
    qtbot.addWidget(screen)
    screen.resize(1280, 800)
    screen.show()
    qtbot.waitUntil(lambda: screen.model.rowCount() == 3, timeout=2000)
    assert hasattr(screen.model, "cell_texts")
    view = screen.table
    expected = _qt_widths(view)
    assert expected[0] > 200  # the long name: the contents, not the title, set the width
    assert _kept_text_widths(view) == expected

"""The tabs of a case workspace, each built when first needed (shown, or asked for by name).

Building all seven up front was most of the time to open a case (forms, tables, combos of every
tab); a placeholder stands in the tab bar until then and is replaced by the real tab in place.
The first tab (the Profile, shown on opening) is built with the tab bar.
"""

from __future__ import annotations

from collections.abc import Callable

from PySide6.QtCore import QSize
from PySide6.QtWidgets import QTabWidget, QWidget

from casework.i18n import N_, _
from casework.ui.cases.case_tab import CaseTab

# (name, title) in tab order; the name is the workspace's attribute (`ws.notes`).
TABS: tuple[tuple[str, str], ...] = (
    ("profile", N_("Profile")),
    ("consents", N_("Consents")),
    ("risk", N_("Risk and protective factors")),
    ("plan", N_("Reintegration plan")),
    ("referrals", N_("Referrals")),
    ("notes", N_("Notes")),
    ("tasks", N_("Tasks")),
)
NAMES = tuple(name for name, _title in TABS)


class CaseTabs(QTabWidget):
    """The workspace's tab widget: it asks for the height its pages need at least, not the
    tallest page's preferred height nor the current page's height for its width (wrapped
    texts and flowing buttons laid out at their ease). Those went into the workspace's height
    for its width, and the whole page scrolled by 48-94 px at 1024×700 in French; each page
    now gets the room there is and scrolls its own lists."""

    def sizeHint(self) -> QSize:  # noqa: N802 - Qt's name
        return QSize(super().sizeHint().width(), self.minimumSizeHint().height())

    def hasHeightForWidth(self) -> bool:  # noqa: N802 - Qt's name
        return False


class LazyTabs:
    def __init__(
        self,
        tabs: QTabWidget,
        make: Callable[[str], CaseTab],
        on_built: Callable[[str, CaseTab], None],
    ) -> None:
        self.tabs = tabs
        self._make = make
        self._on_built = on_built
        self._built: dict[str, CaseTab] = {}
        # The first tab is the one shown on opening: built in place at once rather than as a
        # placeholder replaced a moment later.
        first = self._built[NAMES[0]] = make(NAMES[0])
        tabs.addTab(first, "")
        for _name in NAMES[1:]:
            tabs.addTab(QWidget(), "")
        self.retranslate()
        on_built(NAMES[0], first)

    def get(self, name: str) -> CaseTab:
        tab = self._built.get(name)
        if tab is not None:
            return tab
        tab = self._built[name] = self._make(name)
        i = NAMES.index(name)
        current = self.tabs.currentIndex()
        placeholder = self.tabs.widget(i)
        self.tabs.blockSignals(True)
        try:
            self.tabs.removeTab(i)
            self.tabs.insertTab(i, tab, _(TABS[i][1]))
            self.tabs.setCurrentIndex(current)
        finally:
            self.tabs.blockSignals(False)
        placeholder.deleteLater()
        self._on_built(name, tab)
        return tab

    def at(self, index: int) -> CaseTab | None:
        """The tab at `index`, built if need be."""
        return self.get(NAMES[index]) if 0 <= index < len(NAMES) else None

    def built(self, name: str) -> CaseTab | None:
        return self._built.get(name)

    def all_built(self) -> list[CaseTab]:
        return [self._built[n] for n in NAMES if n in self._built]

    def retranslate(self) -> None:
        for i, (_name, title) in enumerate(TABS):
            self.tabs.setTabText(i, _(title))


def tab_property(name: str) -> property:
    """`ws.notes`: the workspace's Notes tab, built on first use."""
    return property(lambda self: self.lazy.get(name))

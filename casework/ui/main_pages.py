"""The main window's pages: the navigation list and the stack of pages (each built when first
shown), opening a page or a case, and the status bar's passing messages. Mixed into MainWindow
(casework/ui/main_window.py), which lays out `nav` and `stack`.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from casework.ui import changes
from casework.ui.pages import PageSpec
from casework.ui.retranslate import LiveText, is_tracked
from casework.ui.screen import Screen

if TYPE_CHECKING:
    from PySide6.QtWidgets import QListWidget, QStackedWidget

    from casework.services.context import ServiceContext


class MainPagesMixin:
    """Navigation between the pages a user may use (mixed into MainWindow)."""

    ctx: ServiceContext
    nav: QListWidget
    stack: QStackedWidget
    _pages: list[Screen | PageSpec]

    # --- pages -------------------------------------------------------------------------------

    @property
    def screens(self) -> list[Screen]:
        """The pages built so far (a page is built when first shown)."""
        return [p for p in self._pages if isinstance(p, Screen)]

    def page_keys(self) -> list[str]:
        """Every page's key (its screen class name), built or not, in navigation order."""
        return [p.name if isinstance(p, PageSpec) else type(p).__name__ for p in self._pages]

    def page_titles(self) -> list[str]:
        """The navigation titles, in order (built pages or not)."""
        return [p.title() for p in self._pages]

    def _connect(self, screen: Screen) -> None:
        screen.status_message.connect(self.show_status)
        if screen.watches:
            changes.follow(self.ctx, screen, screen.watches, screen.refresh)
        screen.open_case_requested.connect(self.open_case)

    def _built(self, row: int, showing: bool = False) -> Screen | None:
        """The page at `row`, built now if this is its first showing (`showing`: to be shown
        at once, see `PageSpec.build`)."""
        page = self._pages[row]
        if isinstance(page, Screen):
            return page
        screen = page.build(self.ctx, showing)
        if screen is None:
            return None
        placeholder = self.stack.widget(row)
        self.stack.insertWidget(row, screen)
        self.stack.removeWidget(placeholder)
        placeholder.deleteLater()
        self._pages[row] = screen
        self._connect(screen)
        if not is_tracked(screen):
            screen.retranslate()
        return screen

    def _page_chosen(self, row: int) -> None:
        if 0 <= row < len(self._pages):
            screen = self._built(row, showing=self.isVisible())  # type: ignore[attr-defined]
            if screen is not None:
                self.stack.setCurrentWidget(screen)

    def current_screen(self) -> Screen | None:
        widget = self.stack.currentWidget()
        return widget if isinstance(widget, Screen) else None

    def current_page_key(self) -> str:
        screen = self.current_screen()
        return type(screen).__name__ if screen is not None else ""

    def screen_named(self, key: str) -> Screen | None:
        """The page with this key, built if it was not yet; None when this user has none."""
        keys = self.page_keys()
        return self._built(keys.index(key)) if key in keys else None

    def show_page(self, key: str) -> bool:
        if self.screen_named(key) is None:
            return False
        self.nav.setCurrentRow(self.page_keys().index(key))
        return True

    def open_case(self, case_id: int) -> None:
        if not self.show_page("CasesScreen"):
            return
        screen = self.screen_named("CasesScreen")
        opener = getattr(screen, "open_case", None)
        if callable(opener):
            opener(case_id)

    _status: str = ""

    def show_status(self, message: str, timeout_ms: int = 5000) -> None:
        """A passing message in the status bar. A `live(lambda: _("Saved."))` text is made
        again in the new language when the language is switched while it shows."""
        self._status = message
        self.statusBar().showMessage(message, timeout_ms)

    def _retranslate_status(self) -> None:
        shown = self._status
        if isinstance(shown, LiveText) and self.statusBar().currentMessage() == shown:
            self.show_status(shown.again())

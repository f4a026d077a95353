"""The Administration page: users, backup and restore, the audit log, and retention.

Administrators see all four; supervisors the audit log (read-only, no chain check) and
retention (the schedule read-only; asking for and confirming anonymisations).

Each tab is built, imported even, when it is first shown (or first asked for by name): until
then the tab bar holds an empty page in its place, so opening the page costs one tab only.
"""

from __future__ import annotations

import importlib
from typing import TYPE_CHECKING, Any

from PySide6.QtWidgets import QTabWidget, QVBoxLayout, QWidget

from casework.i18n import N_, _
from casework.services.context import ServiceContext
from casework.services.permissions import Permission
from casework.ui.changes import EVERYTHING
from casework.ui.retranslate import track_language
from casework.ui.screen import Screen

if TYPE_CHECKING:
    from casework.ui.admin.audit_tab import AuditTab
    from casework.ui.admin.backup_tab import BackupTab
    from casework.ui.admin.retention_tab import RetentionTab
    from casework.ui.admin.users_tab import UsersTab

# key, module, class, tab title, who may see it; in tab order.
TABS: tuple[tuple[str, str, str, str, Permission], ...] = (
    ("users", "users_tab", "UsersTab", N_("Users"), Permission.MANAGE_USERS),
    ("backup", "backup_tab", "BackupTab", N_("Backup and restore"), Permission.BACKUP),
    ("audit", "audit_tab", "AuditTab", N_("Audit log"), Permission.READ_AUDIT),
    ("retention", "retention_tab", "RetentionTab", N_("Retention"), Permission.ANONYMISE),
)
# The tabs that read from the vault when first shown and on refresh().
READS = frozenset({"users", "audit", "retention"})


class AdminScreen(Screen):
    def __init__(self, ctx: ServiceContext, parent: QWidget | None = None) -> None:
        super().__init__(ctx, parent)
        self.setObjectName("adminScreen")
        self.tabs = QTabWidget(self)
        self.tabs.setObjectName("adminTabs")
        self._keys: list[str] = []  # the tabs this user may see, in order
        self._built: dict[str, QWidget] = {}
        for key, _module, _cls, _title, permission in TABS:
            if ctx.actor.can(permission):
                self._keys.append(key)
                self.tabs.addTab(QWidget(), "")  # the tab's place until it is first shown
        self._loaded: set[str] = set()
        self.tabs.currentChanged.connect(self._load_tab)
        layout = QVBoxLayout(self)
        layout.addWidget(self.tabs)
        track_language(self)

    # --- the tabs, built on first use ---------------------------------------------------------

    @property
    def users(self) -> UsersTab | None:
        return self._tab("users")  # type: ignore[return-value]

    @property
    def backup(self) -> BackupTab | None:
        return self._tab("backup")  # type: ignore[return-value]

    @property
    def audit(self) -> AuditTab | None:
        return self._tab("audit")  # type: ignore[return-value]

    @property
    def retention(self) -> RetentionTab | None:
        return self._tab("retention")  # type: ignore[return-value]

    def _tab(self, key: str) -> Any:
        """The tab `key`, built now if it was not yet; None if this user may not see it."""
        if key in self._built:
            return self._built[key]
        if key not in self._keys:
            return None
        _key, module, cls, title, _permission = next(t for t in TABS if t[0] == key)
        widget = getattr(importlib.import_module(f"casework.ui.admin.{module}"), cls)(
            self.ctx, self
        )
        index = self._keys.index(key)
        current = self.tabs.currentIndex()
        self.tabs.blockSignals(True)  # swapping the place-holder is not the user choosing
        placeholder = self.tabs.widget(index)
        self.tabs.removeTab(index)
        self.tabs.insertTab(index, widget, _(title))
        self.tabs.setCurrentIndex(current)
        self.tabs.blockSignals(False)
        placeholder.deleteLater()
        self._built[key] = widget
        widget.status_message.connect(self.status_message)
        widget.retranslate()
        return widget

    def _tabs(self) -> list[Any]:
        return [self._built[key] for key in self._keys if key in self._built]

    def title(self) -> str:
        return _("Administration")

    def retranslate(self) -> None:
        for index, key in enumerate(self._keys):
            title = next(t[3] for t in TABS if t[0] == key)
            self.tabs.setTabText(index, _(title))
        for tab in self._tabs():
            tab.retranslate()

    watches = EVERYTHING  # the audit log shows every write

    def showEvent(self, event) -> None:  # noqa: ANN001, N802 - Qt override
        super().showEvent(event)
        self._load_tab(self.tabs.currentIndex())

    def _load_tab(self, index: int) -> None:
        """Build a tab and read from the vault only when it is first shown (and on
        refresh())."""
        if not 0 <= index < len(self._keys) or not self.isVisible():
            return
        key = self._keys[index]
        tab = self._tab(key)
        if key in self._loaded:
            return
        self._loaded.add(key)
        if key in READS:
            tab.refresh()

    def refresh(self) -> None:
        """Read again what the built tabs show; the others read when first shown."""
        self._loaded.clear()
        for key in self._keys:
            if key in self._built and key in READS:
                self._built[key].refresh()
                self._loaded.add(key)

    def clear(self) -> None:
        self._loaded.clear()
        for tab in self._tabs():
            tab.clear()

"""The Administration page: users, backup and restore, the audit log, and retention.

Administrators see all four; supervisors the audit log (read-only, no chain check) and
retention (the schedule read-only; asking for and confirming anonymisations).
"""

from __future__ import annotations

from PySide6.QtWidgets import QTabWidget, QVBoxLayout, QWidget

from casework.i18n import _
from casework.services.context import ServiceContext
from casework.services.permissions import Permission
from casework.ui.admin.audit_tab import AuditTab
from casework.ui.admin.backup_tab import BackupTab
from casework.ui.admin.retention_tab import RetentionTab
from casework.ui.admin.users_tab import UsersTab
from casework.ui.changes import EVERYTHING
from casework.ui.retranslate import track_language
from casework.ui.screen import Screen


class AdminScreen(Screen):
    def __init__(self, ctx: ServiceContext, parent: QWidget | None = None) -> None:
        super().__init__(ctx, parent)
        self.setObjectName("adminScreen")
        self.tabs = QTabWidget(self)
        self.tabs.setObjectName("adminTabs")
        self.users: UsersTab | None = None
        self.backup: BackupTab | None = None
        self.audit: AuditTab | None = None
        self.retention: RetentionTab | None = None
        if ctx.actor.can(Permission.MANAGE_USERS):
            self.users = UsersTab(ctx, self)
            self.tabs.addTab(self.users, "")
        if ctx.actor.can(Permission.BACKUP):
            self.backup = BackupTab(ctx, self)
            self.tabs.addTab(self.backup, "")
        if ctx.actor.can(Permission.READ_AUDIT):
            self.audit = AuditTab(ctx, self)
            self.tabs.addTab(self.audit, "")
        if ctx.actor.can(Permission.ANONYMISE):
            self.retention = RetentionTab(ctx, self)
            self.tabs.addTab(self.retention, "")
        for tab in self._tabs():
            tab.status_message.connect(self.status_message)
        self._loaded: set[int] = set()
        self.tabs.currentChanged.connect(self._load_tab)
        layout = QVBoxLayout(self)
        layout.addWidget(self.tabs)
        track_language(self)

    def _tabs(self) -> list[UsersTab | BackupTab | AuditTab | RetentionTab]:
        tabs = (self.users, self.backup, self.audit, self.retention)
        return [t for t in tabs if t is not None]

    def title(self) -> str:
        return _("Administration")

    def retranslate(self) -> None:
        names = {
            id(self.users): _("Users"),
            id(self.backup): _("Backup and restore"),
            id(self.audit): _("Audit log"),
            id(self.retention): _("Retention"),
        }
        for tab in self._tabs():
            tab.retranslate()
            self.tabs.setTabText(self.tabs.indexOf(tab), names[id(tab)])

    watches = EVERYTHING  # the audit log shows every write

    def showEvent(self, event) -> None:  # noqa: ANN001, N802 - Qt override
        super().showEvent(event)
        self._load_tab(self.tabs.currentIndex())

    def _load_tab(self, index: int) -> None:
        """Read from the vault only when a tab is first shown (and on refresh())."""
        tab = self.tabs.widget(index)
        if index < 0 or index in self._loaded or not self.isVisible():
            return
        self._loaded.add(index)
        if isinstance(tab, UsersTab | AuditTab | RetentionTab):
            tab.refresh()

    def refresh(self) -> None:
        self._loaded.clear()
        for tab in self._tabs():
            if isinstance(tab, UsersTab | AuditTab | RetentionTab):
                tab.refresh()
                self._loaded.add(self.tabs.indexOf(tab))

    def clear(self) -> None:
        self._loaded.clear()
        for tab in self._tabs():
            tab.clear()

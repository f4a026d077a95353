"""Import a partner's service directory (HSDS 3.0): see what is new and what differs, tick what
to take. New organisations are ticked; changes to existing entries are not, so a local edit is
never replaced unless someone chooses it."""

from __future__ import annotations

from collections.abc import Callable
from functools import partial

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QLabel, QTreeWidget, QTreeWidgetItem, QWidget

from casework.i18n import N_, _
from casework.model.labels import label
from casework.services.context import ServiceContext
from casework.services.exchange import directory_share
from casework.services.exchange.directory_share import FIELD_LABELS, DirectoryDiff
from casework.ui.widgets.forms import FormDialog

ID_ROLE = Qt.ItemDataRole.UserRole + 1


class DirectoryImportDialog(FormDialog):
    """`diff`: `directory_share.compare_directory`'s, read before the dialog opens (off the
    window's thread on an office server)."""

    def __init__(
        self,
        ctx: ServiceContext,
        data: bytes,
        diff: DirectoryDiff,
        parent: QWidget | None = None,
    ) -> None:
        super().__init__(parent, N_("Import a service directory"), N_("Import the ticked entries"))
        self.ctx, self.data = ctx, data
        self.diff = diff
        self.result: tuple[int, int] | None = None
        self.summary = QLabel()
        self.summary.setWordWrap(True)
        self.summary.setObjectName("directorySummary")
        self.tree = QTreeWidget()
        self.tree.setObjectName("directoryChanges")
        self.tree.setHeaderHidden(True)
        self.new_root = QTreeWidgetItem(self.tree)
        self.changed_root = QTreeWidgetItem(self.tree)
        for r in self.diff.new:
            item = QTreeWidgetItem(self.new_root, [f"{r.name} ({label(r.org_type)})"])
            item.setData(0, ID_ROLE, r.id)
            item.setCheckState(0, Qt.CheckState.Checked)
        self.change_items: list[tuple[QTreeWidgetItem, list[QTreeWidgetItem]]] = []
        for c in self.diff.changed:
            item = QTreeWidgetItem(self.changed_root, [c.incoming.name])
            item.setData(0, ID_ROLE, c.incoming.id)
            item.setCheckState(0, Qt.CheckState.Unchecked)
            lines = [QTreeWidgetItem(item) for _change in c.changes]
            self.change_items.append((item, lines))
        self.tree.expandAll()
        self.body.addWidget(self.summary)
        self.body.addWidget(self.tree, 1)
        self.finish()
        metrics = self.fontMetrics()
        self.resize(metrics.averageCharWidth() * 90, metrics.height() * 30)

    def retranslate(self) -> None:
        super().retranslate()
        self.summary.setText(
            _(
                "New organisations are ticked. Entries that differ from your directory are not: "
                "tick one only if the file's values should replace yours. Unchanged: {count}."
            ).format(count=self.diff.unchanged)
        )
        self.new_root.setText(0, _("New ({count})").format(count=len(self.diff.new)))
        self.changed_root.setText(
            0, _("Different from your directory ({count})").format(count=len(self.diff.changed))
        )
        for (_item, lines), c in zip(self.change_items, self.diff.changed, strict=True):
            for line, change in zip(lines, c.changes, strict=True):
                line.setText(
                    0,
                    _('{field}: here "{local}", in the file "{incoming}"').format(
                        field=_(FIELD_LABELS[change.field]),
                        local=change.local,
                        incoming=change.incoming,
                    ),
                )

    def _ticked(self, root: QTreeWidgetItem) -> set[str]:
        return {
            str(root.child(i).data(0, ID_ROLE))
            for i in range(root.childCount())
            if root.child(i).checkState(0) == Qt.CheckState.Checked
        }

    def submit(self) -> Callable[[], object]:
        return partial(
            directory_share.apply_directory,
            self.ctx,
            self.data,
            add=self._ticked(self.new_root),
            update=self._ticked(self.changed_root),
        )

    def submitted(self, result: object) -> None:
        self.result = result

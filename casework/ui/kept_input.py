"""After unlocking: what was typed into dialogs the lock closed, to copy back.

A lock closes every dialog (nothing decrypted stays on screen) and keeps the text typed into
them as an encrypted draft. Dialogs are opened from many places with many arguments, so they
are not rebuilt: this window shows the kept text, selectable, with a Copy button.
"""

from __future__ import annotations

import json

from PySide6.QtWidgets import (
    QApplication,
    QDialog,
    QDialogButtonBox,
    QLabel,
    QPlainTextEdit,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from casework.i18n import _
from casework.ui.retranslate import track_language
from casework.ui.widgets.lock import LockButton


def kept_text(payloads: list[str]) -> str:
    """The kept input as plain text: each dialog's title, then "label: text" lines."""
    blocks = []
    for payload in payloads:
        try:
            data = json.loads(payload)
            lines = [str(data.get("title", ""))]
            lines += [f"{label}: {text}" if label else text for label, text in data["fields"]]
        except (ValueError, TypeError, KeyError):
            continue
        blocks.append("\n".join(line for line in lines if line))
    return "\n\n".join(blocks)


class KeptInputDialog(QDialog):
    def __init__(self, payloads: list[str], parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("keptInput")
        self.intro = QLabel()
        self.intro.setWordWrap(True)
        self.text = QPlainTextEdit()
        self.text.setObjectName("keptInputText")
        self.text.setReadOnly(True)
        self.text.setPlainText(kept_text(payloads))
        self.copy_button = QPushButton()
        self.copy_button.setObjectName("copyKeptInput")
        self.copy_button.clicked.connect(self.copy)
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Close)
        buttons.addButton(self.copy_button, QDialogButtonBox.ButtonRole.ActionRole)
        buttons.rejected.connect(self.reject)
        layout = QVBoxLayout(self)
        layout.addWidget(self.intro)
        layout.addWidget(self.text, 1)
        layout.addWidget(buttons)
        self.lock_button = LockButton(buttons)
        self.resize(self.fontMetrics().averageCharWidth() * 70, self.fontMetrics().height() * 20)
        track_language(self)

    def retranslate(self) -> None:
        self.setWindowTitle(_("Input kept from before the lock"))
        self.intro.setText(
            _(
                "A dialog was open when the vault locked. What you had typed in it was kept, "
                "encrypted, and is shown here once: copy it back where it belongs."
            )
        )
        self.copy_button.setText(_("&Copy"))
        self.text.setAccessibleName(_("Input kept from before the lock"))

    def draft(self) -> str:
        """Locked again before it was copied: the kept text is kept once more (it was offered
        once and is no longer in the vault), never lost to a second lock."""
        text = self.text.toPlainText()
        return json.dumps({"title": "", "fields": [["", text]]}) if text.strip() else ""

    def copy(self) -> None:
        QApplication.clipboard().setText(self.text.toPlainText())

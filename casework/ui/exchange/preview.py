"""What a file carries, shown like a print preview: labelled lines, sections in bold."""

from __future__ import annotations

import html

from PySide6.QtWidgets import QTextBrowser, QWidget

from casework.services.exchange.describe import Line


class PacketPreview(QTextBrowser):
    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("packetPreview")
        self.setOpenLinks(False)
        metrics = self.fontMetrics()
        self.setMinimumSize(metrics.averageCharWidth() * 76, metrics.height() * 24)
        self.lines: list[Line] = []

    def show_lines(self, lines: list[Line]) -> None:
        self.lines = list(lines)
        rows = []
        for name, value in lines:
            if not name:
                rows.append(f'<tr><td colspan="2"><h3>{html.escape(value)}</h3></td></tr>')
            else:
                text = html.escape(value).replace("\n", "<br>")
                rows.append(
                    f'<tr><td style="padding-right:12px; color:#555;">{html.escape(name)}</td>'
                    f"<td>{text}</td></tr>"
                )
        self.setHtml(f"<table cellspacing='2'>{''.join(rows)}</table>")

    def plain_text(self) -> str:
        return self.toPlainText()


def fingerprint_html(fingerprint: str) -> str:
    """Ten groups of five digits, large and monospaced, in two rows for reading out."""
    groups = fingerprint.split()
    rows = [" ".join(groups[:5]), " ".join(groups[5:])]
    return (
        "<div style='font-family: monospace; font-size: 15pt; letter-spacing: 1px;'>"
        + "<br>".join(html.escape(r) for r in rows)
        + "</div>"
    )

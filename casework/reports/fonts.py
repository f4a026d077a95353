"""The shipped fonts, registered once per process, and how their streams are written.

Two things here make every document cheaper to build, without changing a pixel:

- `MeasuredTTFont` remembers the width of each text it measured. Laying out a 20-goal plan
  measures about 3,400 words, labels and cell values, mostly the same few hundred: ReportLab's
  own measure was a tenth of the build.
- Streams (page contents, embedded font subsets) are deflated at level 1 instead of zlib's
  default 6: the same bytes once inflated, a file about 5 % larger, and deflating took a
  twentieth of the build.
"""

from __future__ import annotations

import threading
import zlib
from pathlib import Path
from typing import Any

from reportlab import rl_config
from reportlab.pdfbase import pdfdoc, pdfmetrics
from reportlab.pdfbase.ttfonts import TTFont

from casework.reports import linebreak, numbers, rtl
from casework.reports.direction import mark_bold

# casework is a namespace package (no __init__.py, so casework.__file__ is None): locate the
# resources folder from this file instead, two levels above casework/reports/.
RESOURCES = Path(__file__).resolve().parents[2] / "resources"
FONT_DIR = RESOURCES / "fonts"

FONT = "CaseworkSans"
FONT_BOLD = "CaseworkSans-Bold"
FONT_ITALIC = "CaseworkSans-Italic"
FONT_BOLD_ITALIC = "CaseworkSans-BoldItalic"
_FONT_FILES = {
    FONT: "DejaVuSans.ttf",
    FONT_BOLD: "DejaVuSans-Bold.ttf",
    FONT_ITALIC: "DejaVuSans-Oblique.ttf",
    FONT_BOLD_ITALIC: "DejaVuSans-BoldOblique.ttf",
}
RTL_FONTS = rtl.Fonts(FONT, FONT_BOLD)

# Widths remembered per font: a few hundred per document; the bound keeps a long session of
# varied documents from growing without end (about 2 MB at most for the eight fonts).
WIDTHS_KEPT = 4096
FLATE_LEVEL = 1

_font_lock = threading.Lock()
_fonts_registered = False


class MeasuredTTFont(TTFont):
    """A TrueType font that measures each (text, size) once. Widths depend only on the text,
    the size and the font's metrics, never on the document."""

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self._widths: dict[tuple[str, float], float] = {}

    def stringWidth(self, text: Any, size: float, encoding: str = "utf8") -> float:  # noqa: N802 (ReportLab's name)
        if not isinstance(text, str):  # bytes: decoded with `encoding`, not remembered
            return super().stringWidth(text, size, encoding)
        key = (text, size)
        width = self._widths.get(key)
        if width is None:
            if len(self._widths) >= WIDTHS_KEPT:
                self._widths.clear()
            width = self._widths[key] = super().stringWidth(text, size, encoding)
        return width

    def splitString(self, text: Any, doc: Any, encoding: str = "utf-8") -> list[tuple[int, bytes]]:  # noqa: N802
        """The text's codes in the document's font subsets. ReportLab walks the text a
        character at a time to give new characters their codes; once every character of a
        text has its code in this document (most lines, after the first page), and all lie in
        the first subset, the codes are simply looked up: the same answer, a fifth of the
        work."""
        state = self.state.get(doc) if isinstance(text, str) else None
        if state is not None:
            assigned = state.assignments
            try:
                # ReportLab prints a no-break space as a space (code 32). bytes() refuses a
                # code past 255 (a later subset): ReportLab's own walk then splits the text.
                data = bytes(map(assigned.__getitem__, map(ord, text.replace("\xa0", " "))))
            except (KeyError, ValueError):  # a character new to this document, or no glyph
                pass
            else:
                return [(0, data)] if data else []
        return super().splitString(text, doc, encoding)


class _FastFlate(pdfdoc.PDFStreamFilterZCompress):
    """ReportLab's FlateDecode filter at a faster level (any level inflates the same)."""

    def encode(self, text: str | bytes) -> bytes:
        if isinstance(text, str):
            text = text.encode("utf8")
        return zlib.compress(text, FLATE_LEVEL)


def register_fonts() -> None:
    """Register the shipped TTF family once; Helvetica would drop œ and Vietnamese accents."""
    global _fonts_registered
    with _font_lock:
        if _fonts_registered:
            return
        # Binary (not ASCII85) streams: smaller files and a faster build. ReportLab's default
        # dates from mail gateways that mangled 8-bit data; PDF readers all take binary.
        rl_config.useA85 = 0
        # ReportLab looks the filter up in pdfdoc each time it writes a stream.
        pdfdoc.PDFZCompress = _FastFlate()
        for name, filename in {**_FONT_FILES, **rtl.ARABIC_FONT_FILES}.items():
            pdfmetrics.registerFont(MeasuredTTFont(name, str(FONT_DIR / filename)))
        mark_bold(FONT_BOLD, FONT_BOLD_ITALIC)
        rtl.install_tounicode_patch()
        linebreak.install_same_frag()
        numbers.install()
        pdfmetrics.registerFontFamily(
            FONT, normal=FONT, bold=FONT_BOLD, italic=FONT_ITALIC, boldItalic=FONT_BOLD_ITALIC
        )
        _fonts_registered = True

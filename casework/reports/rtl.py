"""Right-to-left text on paper: Arabic joined, ordered and laid out for ReportLab.

ReportLab orders right-to-left text only with `rlbidi`, which is published on ReportLab's own
package index and not on PyPI, and its HarfBuzz shaping path does not combine with mixed fonts.
So an Arabic document uses this small paragraph flowable instead of `Paragraph`:

- letters are joined with `arabic-reshaper` (contextual presentation forms, lam-alef ligatures);
- lines are broken in logical order, then each line is put in visual order with the Unicode
  bidirectional algorithm (`python-bidi`), so Latin names, references, numbers and dates embedded
  in Arabic keep their own direction; directional isolates (FSI … PDI) are honoured and phone
  numbers are kept left to right;
- Arabic is drawn in Noto Sans Arabic, everything else in the DejaVu family of the other
  documents;
- every presentation form is mapped back to its base letters in the PDF's ToUnicode table
  (`install_tounicode_patch`), so that copying or `pdftotext` gives the Arabic that was written,
  in logical order, not the shaped glyphs.

It understands the little markup the documents use: `<b>`, `<i>`, `<br/>`, `<font color>` and
XML entities. The paragraph flowable itself is `direction.RTLParagraph`.
"""

from __future__ import annotations

import functools
import html
import re
import threading
import unicodedata
from collections.abc import Iterator
from dataclasses import dataclass
from typing import Any

import arabic_reshaper
from bidi import algorithm as uba
from reportlab.lib import colors
from reportlab.pdfbase import pdfmetrics, ttfonts
from reportlab.pdfgen.canvas import Canvas

ARABIC_FONT = "CaseworkArabic"
ARABIC_FONT_BOLD = "CaseworkArabic-Bold"
ARABIC_FONT_FILES = {
    ARABIC_FONT: "NotoSansArabic-Regular.ttf",
    ARABIC_FONT_BOLD: "NotoSansArabic-Bold.ttf",
}

LRE, RLE, PDF_MARK = "\u202a", "\u202b", "\u202c"
FSI, LRI, RLI, PDI = "\u2068", "\u2066", "\u2067", "\u2069"
# A phone number or any run of digit groups: kept left to right inside Arabic text, otherwise
# "+216 71 234 567" would show its groups in reverse order.
_DIGIT_GROUPS = re.compile(r"[+(]?\d[\d().\-/]*(?: [\d().\-/]*\d[\d().\-/]*)+")
_TAG = re.compile(r"<(/?)(b|i|br|font|strong|em)\b([^>]*)>", re.I)
_COLOR_ATTR = re.compile(r"color\s*=\s*[\"']([^\"']+)[\"']", re.I)


def is_arabic(ch: str) -> bool:
    return (
        "\u0600" <= ch <= "\u06ff"
        or "\u0750" <= ch <= "\u077f"
        or "\u08a0" <= ch <= "\u08ff"
        or "\ufb50" <= ch <= "\ufdff"
        or "\ufe70" <= ch <= "\ufeff"
    )


_ARABIC = re.compile("[\u0600-\u06ff\u0750-\u077f\u08a0-\u08ff\ufb50-\ufdff\ufe70-\ufeff]")


def has_arabic(text: str) -> bool:
    return _ARABIC.search(text) is not None


# --- text extraction: presentation forms back to letters ---------------------------------------

_patch_lock = threading.Lock()
_patched = False


def _to_unicode_hex(code: int) -> str:
    """The UTF-16 hex a ToUnicode entry maps a glyph to: base letters for presentation forms.

    A ligature (lam-alef) stands for two letters; text extractors put right-to-left glyphs back
    in logical order one glyph at a time and would also reverse the letters of a ligature, so
    they are listed in visual order."""
    ch = chr(code)
    if 0xFB50 <= code <= 0xFDFF or 0xFE70 <= code <= 0xFEFF:
        ch = unicodedata.normalize("NFKC", ch)
        if len(ch) > 1 and all(is_arabic(c) for c in ch):
            ch = ch[::-1]
    return ch.encode("utf-16-be").hex().upper()


def install_tounicode_patch() -> None:
    """Make ReportLab's ToUnicode CMaps map Arabic presentation forms to their letters.

    Identical output for every other character, so LTR documents are unchanged."""
    global _patched
    with _patch_lock:
        if _patched:
            return
        original = ttfonts.makeToUnicodeCMap

        def make_to_unicode_cmap(fontname: str, subset: list[int]) -> str:
            cmap = original(fontname, subset)
            if not any(0xFB50 <= v <= 0xFDFF or 0xFE70 <= v <= 0xFEFF for v in subset):
                return cmap
            lines = cmap.split("\n")
            start = next(i for i, line in enumerate(lines) if line.endswith("beginbfchar")) + 1
            for i, v in enumerate(subset):
                lines[start + i] = f"<{i:02X}> <{_to_unicode_hex(v)}>"
            return "\n".join(lines)

        ttfonts.makeToUnicodeCMap = make_to_unicode_cmap
        _patched = True


# --- the bidirectional algorithm with positions ------------------------------------------------


def _explicit(text: str) -> str:
    """python-bidi's index-keeping algorithm predates isolates: an isolate becomes an embedding
    in the direction of its first strong letter. One character for one, so indices hold."""
    out = []
    for i, ch in enumerate(text):
        if ch == FSI:
            rest = text[i + 1 :]
            end = rest.find(PDI)
            ch = RLE if uba.get_base_level(rest[: end if end >= 0 else None]) else LRE
        elif ch in (LRI, RLI):
            ch = LRE if ch == LRI else RLE
        elif ch == PDI:
            ch = PDF_MARK
        out.append(ch)
    return "".join(out)


def visual_order(text: str, rtl: bool = True) -> list[tuple[int, str]]:
    """Indices of `text`'s characters in display order (left to right) for one line.

    Explicit formatting characters are dropped from the result; mirrored characters such as
    parentheses are reported by `mirrored_at`."""
    storage = uba.get_empty_storage()
    storage["base_level"] = 1 if rtl else 0
    storage["base_dir"] = "R" if rtl else "L"
    uba.get_embedding_levels(_explicit(text), storage)
    for i, ch in enumerate(storage["chars"]):
        ch["index"] = i
    uba.explicit_embed_and_overrides(storage)
    uba.resolve_weak_types(storage)
    uba.resolve_neutral_types(storage, False)
    uba.resolve_implicit_levels(storage, False)
    uba.reorder_resolved_levels(storage, False)
    uba.apply_mirroring(storage, False)
    return [(ch["index"], ch["ch"]) for ch in storage["chars"]]


# --- styled text -------------------------------------------------------------------------------


@dataclass(frozen=True)
class Run:
    text: str
    bold: bool
    color: Any


def _parse(markup: str, bold: bool, color: Any) -> list[list[Run]]:
    """Paragraph markup as lines (split at <br/>) of styled runs, entities decoded."""
    lines: list[list[Run]] = [[]]
    bolds, colours = [bold], [color]
    pos = 0
    for m in [*_TAG.finditer(markup), None]:
        end = m.start() if m else len(markup)
        chunk = html.unescape(markup[pos:end]).replace("\n", " ")
        if chunk:
            lines[-1].append(Run(chunk, bolds[-1], colours[-1]))
        if m is None:
            break
        pos = m.end()
        closing, tag = m.group(1) == "/", m.group(2).lower()
        if tag == "br":
            lines.append([])
        elif tag in ("b", "strong"):
            if closing and len(bolds) > 1:
                bolds.pop()
            elif not closing:
                bolds.append(True)
        elif tag == "font":
            if closing and len(colours) > 1:
                colours.pop()
            elif not closing:
                found = _COLOR_ATTR.search(m.group(3))
                colours.append(colors.toColor(found.group(1)) if found else colours[-1])
    return lines


def _shape_run(run: Run) -> Run:
    text = run.text
    if has_arabic(text):
        text = arabic_reshaper.reshape(text)
    text = _DIGIT_GROUPS.sub(lambda m: f"{LRE}{m.group(0)}{PDF_MARK}", text)
    return Run(text, run.bold, run.color)


@dataclass(frozen=True)
class Fonts:
    latin: str
    latin_bold: str

    def of(self, ch: str, bold: bool) -> str:
        if is_arabic(ch):
            return ARABIC_FONT_BOLD if bold else ARABIC_FONT
        return self.latin_bold if bold else self.latin


_CONTROL = {LRE, RLE, PDF_MARK, FSI, LRI, RLI, PDI, "\u200e", "\u200f", "\u061c"}


@functools.lru_cache(maxsize=8192)
def _char_width(ch: str, font: str, size: float) -> float:
    return pdfmetrics.stringWidth(ch, font, size)


def _width(chars: list[tuple[str, bool, Any]], fonts: Fonts, size: float) -> float:
    return sum(_char_width(ch, fonts.of(ch, b), size) for ch, b, _c in chars if ch not in _CONTROL)


Char = tuple[str, bool, Any]  # character, bold, colour


def _words(runs: list[Run]) -> Iterator[list[Char]]:
    word: list[Char] = []
    for run in runs:
        for ch in run.text:
            if ch == " ":
                if word:
                    yield word
                word = []
            else:
                word.append((ch, run.bold, run.color))
    if word:
        yield word


@dataclass(frozen=True)
class Line:
    chars: list[Char]
    rtl: bool  # the direction of the paragraph or <br/>-separated part it belongs to


def break_lines(
    markup: str, fonts: Fonts, size: float, width: float, bold: bool, color: Any
) -> list[Line]:
    """Logical lines that fit `width` (greedy, at spaces; an over-long word is cut), each with
    its direction: that of the first strong letter of its part (like HTML's dir="auto"), right
    to left when there is none."""
    out: list[Line] = []
    space = pdfmetrics.stringWidth(" ", fonts.latin, size)
    for runs in _parse(markup, bold, color):
        rtl = base_rtl("".join(r.text for r in runs))
        part: list[list[Char]] = []
        _fill(part, runs, fonts, size, width, space)
        out.extend(Line(chars, rtl) for chars in part)
    return out


def _fill(
    out: list[list[Char]], runs: list[Run], fonts: Fonts, size: float, width: float, space: float
) -> None:
    line: list[Char] = []
    used = 0.0
    for word in _words([_shape_run(r) for r in runs]):
        w = _width(word, fonts, size)
        while w > width and len(word) > 1:  # cut a word longer than the line
            if line:
                out.append(line)
                line, used = [], 0.0
            cut = len(word)
            while cut > 1 and _width(word[:cut], fonts, size) > width:
                cut -= 1
            out.append(word[:cut])
            word = word[cut:]
            w = _width(word, fonts, size)
        extra = w + (space if line else 0.0)
        if line and used + extra > width:
            out.append(line)
            line, used = [], 0.0
            extra = w
        if line:
            line.append((" ", word[0][1], word[0][2]))
        line.extend(word)
        used += extra
    out.append(line)


def base_rtl(text: str, default: bool = True) -> bool:
    """The direction of a paragraph from its first strong letter (like HTML's dir="auto"),
    skipping what is inside isolates (FSI/LRI/RLI … PDI), as the bidi algorithm does (P2): a
    sentence that starts with an isolated Latin name keeps the direction of its own words."""
    depth = 0
    for ch in text:
        if ch in (FSI, LRI, RLI):
            depth += 1
            continue
        if ch == PDI:
            depth = max(0, depth - 1)
            continue
        if depth:
            continue
        kind = unicodedata.bidirectional(ch)
        if kind in ("R", "AL"):
            return True
        if kind == "L":
            return False
    return default


def draw_line(
    canvas: Canvas,
    line: list[Char],
    x: float,
    y: float,
    fonts: Fonts,
    size: float,
    *,
    rtl: bool = True,
    align: str = "right",
) -> float:
    """Draw one logical line in visual order: its right edge at `x` ("right"), centred on it
    ("centre") or its left edge at it ("left"). Returns the drawn width.

    A mirrored character (a parenthesis in right-to-left text) is drawn as the character that
    was written, flipped, so that copied text still has the parenthesis the writer typed."""
    text = "".join(ch for ch, _b, _c in line)
    visual = [(i, ch) for i, ch in visual_order(text, rtl) if ch not in _CONTROL]
    width = sum(_char_width(ch, fonts.of(ch, line[i][1]), size) for i, ch in visual)
    x = {"right": x - width, "centre": x - width / 2, "left": x}[align]
    run_font, run_colour, run_text = None, None, ""

    def flush() -> None:
        nonlocal x, run_text
        if run_text:
            canvas.setFont(run_font, size)
            if run_colour is not None:
                canvas.setFillColor(run_colour)
            canvas.drawString(x, y, run_text)
            x += pdfmetrics.stringWidth(run_text, run_font, size)
            run_text = ""

    for i, ch in visual:
        written, bold, colour = line[i]
        font = fonts.of(ch, bold)
        if written != ch:  # mirrored by the bidi algorithm
            flush()
            w = pdfmetrics.stringWidth(written, font, size)
            canvas.saveState()
            if colour is not None:
                canvas.setFillColor(colour)
            canvas.translate(x + w, y)
            canvas.scale(-1, 1)
            canvas.setFont(font, size)
            canvas.drawString(0, 0, written)
            canvas.restoreState()
            x += w
            continue
        if (font, colour) != (run_font, run_colour):
            flush()
            run_font, run_colour = font, colour
        run_text += ch
    flush()
    return width


def draw_text(
    canvas: Canvas,
    text: str,
    x: float,
    y: float,
    fonts: Fonts,
    size: float,
    *,
    bold: bool = False,
    align: str = "right",
) -> float:
    """One line of plain text (page furniture) drawn right to left."""
    chars = [(ch, bold, None) for ch in _shape_run(Run(text, bold, None)).text]
    return draw_line(canvas, chars, x, y, fonts, size, rtl=base_rtl(text), align=align)


def text_width(text: str, fonts: Fonts, size: float, bold: bool = False) -> float:
    chars = [(ch, bold, None) for ch in _shape_run(Run(text, bold, None)).text]
    return _width(chars, fonts, size)

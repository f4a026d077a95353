"""ReportLab's number formatting for PDF operators, each number formatted once.

Every coordinate, size and colour ReportLab writes goes through `rl_accel.fp_str`: about three
thousand calls for a 20-goal plan. The compiled function takes 1 to 2 µs a call (it works out
the decimals from a logarithm for each number), a tenth of the plan's build; most of those
numbers recur (font sizes, leadings, paddings, colours, the 1 0 0 1 of a translation).
`fp_str` gives the same text, joined the same way, from a table of the numbers already
formatted; `install` makes ReportLab's modules that write a document use it.
tests/reports/test_numbers.py holds the two to the same text.
"""

from __future__ import annotations

import threading
from typing import Any

from reportlab.lib.rl_accel import fp_str as _rl_fp_str

# Numbers remembered: a document writes a few thousand distinct ones (positions); the bound
# keeps a long session from growing without end (a few hundred KB at most).
NUMBERS_KEPT = 8192

_formatted: dict[Any, str] = {}
_lock = threading.Lock()
_installed = False


def _one(value: Any) -> str:
    if type(value) not in _REMEMBERED:  # anything else (a sequence, an error) as ReportLab does
        return _rl_fp_str(value)
    text = _formatted.get(value)
    if text is None:
        if len(_formatted) >= NUMBERS_KEPT:
            _formatted.clear()
        text = _formatted[value] = _rl_fp_str(value)
    return text


# Equal ints and floats format alike (1 and 1.0 are both "1"); bool, Decimal, numpy numbers
# are passed through.
_REMEMBERED = (int, float)


def fp_str(*args: Any) -> str:
    """`rl_accel.fp_str`: the numbers (separate arguments, or one list or tuple of them) as
    PDF writes them, separated by spaces."""
    if len(args) == 1:
        first = args[0]
        if not isinstance(first, (list, tuple)):
            text = _formatted.get(first) if type(first) in _REMEMBERED else None
            return text if text is not None else _one(first)
        args = tuple(first)
    return " ".join([_one(a) for a in args])


def install() -> None:
    """ReportLab's drawing and file writing format numbers with `fp_str` (called once, with
    the fonts)."""
    global _installed
    with _lock:
        if _installed:
            return
        from reportlab.lib import colors
        from reportlab.pdfbase import pdfdoc, ttfonts
        from reportlab.pdfgen import canvas, pathobject, textobject
        from reportlab.platypus import flowables, tables

        for module in (canvas, textobject, pathobject, pdfdoc, ttfonts, colors, flowables, tables):
            if getattr(module, "fp_str", None) is _rl_fp_str:
                module.fp_str = fp_str  # type: ignore[attr-defined]
        _installed = True


def installed_in(module: Any) -> bool:
    return getattr(module, "fp_str", None) is fp_str

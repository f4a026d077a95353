"""Does this PySide6 release references it does not own? Not a test: a check to run by hand.

    QT_QPA_PLATFORM=offscreen python tests/perf/none_leak.py

Prints, per kind of call, how many references to None (or True) one call takes for good. With
PySide6 6.12.0 on Python 3.11 every call of a Qt method that returns nothing takes one reference
to None (and one returning a bool, one to True/False): after some 50,000 such calls the process
dies with "Fatal Python error: none_dealloc" (bool_dealloc) — the crash at shutdown and in the
long benchmark runs. 0 everywhere means the release is sound.
"""

from __future__ import annotations

import ctypes
import sys

from PySide6 import __version__ as pyside_version
from PySide6.QtCore import QObject, Signal
from PySide6.QtWidgets import QApplication, QLabel

CALLS = 200


class _Emitter(QObject):
    number = Signal(int)


def taken(obj: object, call: object) -> float:
    """References to `obj` one call takes for good (given back, so this script ends cleanly)."""
    before = sys.getrefcount(obj)
    for _ in range(CALLS):
        call()  # type: ignore[operator]
    lost = before - sys.getrefcount(obj)
    for _ in range(max(0, lost)):
        ctypes.pythonapi.Py_IncRef(ctypes.py_object(obj))
    return lost / CALLS


def main() -> int:
    app = QApplication.instance() or QApplication([])
    label = QLabel()
    emitter = _Emitter()
    print(f"PySide6 {pyside_version}, Python {sys.version.split()[0]}")
    checks = (
        ("app.processEvents() → None", None, app.processEvents),
        ("label.setText('x') → None", None, lambda: label.setText("x")),
        ("label.text() → str", None, label.text),
        ("signal.emit(1) → True", True, lambda: emitter.number.emit(1)),
    )
    worst = 0.0
    for text, obj, call in checks:
        value = taken(obj, call)
        worst = max(worst, value)
        print(f"{text:<32} {value:+.2f} references taken per call")
    return 1 if worst > 0.5 else 0


if __name__ == "__main__":
    raise SystemExit(main())

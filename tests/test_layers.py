"""Layering (ARCHITECTURE.md): nothing below casework/ui imports Qt, and services never
import the UI — checked on the source so it stays true."""

from __future__ import annotations

import ast
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1] / "casework"
HEADLESS = [
    "model",
    "store",
    "services",
    "reports",
    "workshop",
    "exchange",
    "cli",
    "cli_exchange.py",
    "i18n.py",
    "errors.py",
]


def imports_of(path: Path) -> set[str]:
    tree = ast.parse(path.read_text("utf-8"))
    names: set[str] = set()
    for node in ast.walk(tree):
        if isinstance(node, ast.Import):
            names |= {a.name for a in node.names}
        elif isinstance(node, ast.ImportFrom) and node.module:
            names.add(node.module)
    return names


def files(entry: str) -> list[Path]:
    target = ROOT / entry
    return sorted(target.rglob("*.py")) if target.is_dir() else [target]


def test_no_qt_below_the_ui():
    offenders = [
        str(f.relative_to(ROOT))
        for entry in HEADLESS
        for f in files(entry)
        if f.exists() and any(m.split(".")[0] == "PySide6" for m in imports_of(f))
    ]
    assert offenders == []


def test_lower_layers_do_not_import_the_ui():
    offenders = [
        str(f.relative_to(ROOT))
        for entry in HEADLESS
        for f in files(entry)
        if f.exists() and any(m.startswith("casework.ui") for m in imports_of(f))
    ]
    assert offenders == []

"""`casework workshop --cases N` has a bound: past it, or for a number that is not one, a clear
translated usage message (exit 2) and no folder made, never a traceback."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest

from casework.workshop.cli import MAX_CASES

ROOT = Path(__file__).resolve().parents[2]


def _workshop(folder: Path, cases: str, lang: str) -> subprocess.CompletedProcess:
    env = {k: v for k, v in os.environ.items() if k not in ("DISPLAY", "WAYLAND_DISPLAY")}
    env["LANG"] = "fr_FR.UTF-8" if lang == "fr" else "C.UTF-8"
    env["PYTHONPATH"] = str(ROOT)
    return subprocess.run(
        [sys.executable, str(ROOT / "main.py"), "workshop", str(folder), "--cases", cases],
        capture_output=True,
        text=True,
        cwd=ROOT,
        env=env,
        timeout=120,
    )


@pytest.mark.parametrize(
    ("cases", "lang", "words"),
    [
        (str(MAX_CASES + 1), "en", ("at most 1,000,000 cases", "GB of disk")),
        (str(MAX_CASES + 1), "fr", ("au plus 1", "000", "dossiers", "Go de disque")),
        ("500000000", "en", ("at most 1,000,000 cases",)),
        ("lots", "en", ("a whole number is needed",)),
        ("lots", "fr", ("un nombre entier est attendu",)),
        ("0", "fr", ("doit être au moins 1",)),
    ],
)
def test_too_many_cases_is_a_clear_usage_error(tmp_path: Path, cases, lang, words) -> None:
    folder = tmp_path / "w"
    result = _workshop(folder, cases, lang)
    assert result.returncode == 2, result.stderr
    assert all(word in result.stderr for word in words), result.stderr
    assert "Traceback" not in result.stderr
    assert not folder.exists()

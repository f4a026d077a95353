"""`casework -h` without a command: the desktop options and every command, translated."""

from __future__ import annotations

import pytest

from casework.app import main


@pytest.mark.parametrize(
    ("lang", "expected"),
    [
        ("en", "Without a command, starts the desktop application."),
        ("fr", "Sans commande, lance l'application de bureau."),
        ("ar", "بدون أمر، يبدأ تطبيق سطح المكتب."),
    ],
)
def test_help_without_a_command_lists_the_desktop_options_and_the_commands(
    capsys: pytest.CaptureFixture[str], lang: str, expected: str
) -> None:
    assert main(["--lang", lang, "-h"]) == 0
    out = capsys.readouterr().out
    assert expected in out
    assert "--workshop" in out and "--vault" in out
    for command in ("init", "backup", "server", "exchange", "workshop"):
        assert f"  {command} " in out
    if lang != "en":
        assert "show this help message" not in out  # argparse's own words translated too

"""Bootstrap: one entry point for `python main.py`, `python -m casework` and `casework`.

With a CLI subcommand (init, backup, …) it runs the headless CLI; otherwise it starts the
desktop application (imported lazily so the CLI works on a machine without a display).
"""

from __future__ import annotations

import sys
from collections.abc import Sequence


def main(argv: Sequence[str] | None = None) -> int:
    args = list(sys.argv[1:] if argv is None else argv)
    from casework.commands import COMMANDS

    # The first word that names a command (skipping options such as `--lang fr`).
    if any(a in COMMANDS for a in args if not a.startswith("-")):
        from casework.cli import main as cli_main

        return cli_main(args)
    from casework.ui.application import run

    return run(args)

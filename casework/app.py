"""Bootstrap: one entry point for `python main.py`, `python -m casework` and `casework`.

With a CLI subcommand (init, backup, …), or any other word that is not an option's value (a
mistyped command gets the CLI's usage error), it runs the headless CLI; otherwise it starts the
desktop application (imported lazily so the CLI works on a machine without a display).
"""

from __future__ import annotations

import sys
from collections.abc import Sequence

# Options of the desktop app (and Qt's own) that take a value as the next argument.
_VALUED = {
    "--vault",
    "--lang",
    "-platform",
    "-platformpluginpath",
    "-platformtheme",
    "-plugin",
    "-qmljsdebugger",
    "-qwindowgeometry",
    "-qwindowicon",
    "-qwindowtitle",
    "-style",
    "-stylesheet",
    "-session",
    "-display",
    "-geometry",
    "-fontengine",
}


def _words(args: Sequence[str]) -> list[str]:
    """The arguments that are neither options nor an option's value."""
    words, skip = [], False
    for arg in args:
        if skip:
            skip = False
        elif arg.startswith("-"):
            skip = arg in _VALUED
        else:
            words.append(arg)
    return words


def main(argv: Sequence[str] | None = None) -> int:
    args = list(sys.argv[1:] if argv is None else argv)
    # A command word, or any other word that is not the value of a desktop option: the CLI
    # (which answers an unknown command with a translated usage error, exit code 2).
    if _words(args):
        from casework.cli import main as cli_main

        return cli_main(args)
    if "-h" in args or "--help" in args:
        from casework.desktop_options import print_desktop_help

        return print_desktop_help(args)
    from casework.ui.application import run

    return run(args)

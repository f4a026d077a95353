"""The desktop application's options, and `casework --help` without a command.

One parser serves both: the desktop start reads its options with it (Qt's own options pass on),
and `--help` prints them in the user's language together with the administration commands, so a
newcomer typing `casework -h` learns both ways of using the program. Kept outside the CLI
package: the desktop start must not import every command (over a second before the login
window); only the help lists them.
"""

from __future__ import annotations

import argparse
from collections.abc import Sequence
from pathlib import Path

from casework.i18n import LANGUAGES, _


def desktop_parser(with_commands: bool = False) -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="casework",
        description=_("Casework: encrypted case management.")
        + " "
        + _("Without a command, starts the desktop application."),
        epilog=_commands_epilog() if with_commands else None,
        formatter_class=argparse.RawDescriptionHelpFormatter,
    )
    parser.add_argument("--vault", type=Path, default=None, help=_("vault folder"))
    parser.add_argument(
        "--lang", choices=sorted(LANGUAGES), default=None, help=_("language of messages")
    )
    parser.add_argument("--workshop", action="store_true", help=_("training mode (fictional data)"))
    return parser


def _commands_epilog() -> str:
    import casework.cli  # noqa: F401 - registers the extra commands (exchange, workshop)
    from casework.cli.parser import build_parser

    sub = next(a for a in build_parser()._actions if isinstance(a, argparse._SubParsersAction))
    helps = {c.dest: c.help or "" for c in sub._choices_actions}
    width = max(len(name) for name in helps) + 2
    lines = [_("Administration commands (casework COMMAND --help for each):")]
    lines += [f"  {name.ljust(width)}{text}" for name, text in helps.items()]
    return "\n".join(lines)


def print_desktop_help(args: Sequence[str]) -> int:
    """`casework -h`: the desktop options and the commands, in the language asked for."""
    from casework.cli.argparse_i18n import translated_argparse
    from casework.cli.prompts import pre_language
    from casework.i18n import set_language

    set_language(pre_language(list(args)))
    with translated_argparse():
        desktop_parser(with_commands=True).print_help()
    return 0

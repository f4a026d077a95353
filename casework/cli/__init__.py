"""Headless administration: `casework <command> …` (works on a machine with no display).

Exit codes: 0 success, 1 refused or failed, 2 usage. Messages follow `--lang` or the system
locale, argparse's own words included. Passwords are prompted without echo, or read one per line
from standard input with `--password-stdin` (the acting user's first, then any new password).
Bad input of any kind (bytes that are not UTF-8, a file where a folder belongs, a missing or
read-only folder, a closed output pipe…) ends as a translated message, never a traceback; an
audited action is audited only once it has really happened.

The package follows the use cases: `vault_commands` (the vault, its users and key),
`file_commands` (backups, restores, PDFs), `parser` (the grammar), `problems` (checks and
messages), `prompts` (passwords and language).
"""

from __future__ import annotations

import contextlib
import os
import sys
from collections.abc import Sequence

from casework.cli.argparse_i18n import translated_argparse
from casework.cli.parser import _extra_commands, build_parser
from casework.cli.problems import UsageError, check_arguments, error_lines, os_error_message
from casework.cli.prompts import Prompter, pre_language
from casework.commands import COMMANDS
from casework.errors import CaseworkError, WeakPassword
from casework.i18n import _, set_language

__all__ = ["COMMANDS", "Prompter", "_extra_commands", "build_parser", "main"]


def main(argv: Sequence[str] | None = None) -> int:
    argv = list(sys.argv[1:] if argv is None else argv)
    set_language(pre_language(argv))
    os.umask(0o077)
    _tolerant_output()
    try:
        with translated_argparse():
            code = _run(argv)
        sys.stdout.flush()
        return code
    except BrokenPipeError:
        _silence_stdout()
        _say(_("The output was closed before everything was written."))
        return 1


def _run(argv: list[str]) -> int:
    try:
        check_arguments(argv)
        parser = build_parser()
        args = parser.parse_args(argv)
    except SystemExit as exc:  # argparse: --help (0) or a usage error (2), already printed
        return exc.code if isinstance(exc.code, int) else 2
    except UsageError as exc:
        _say(*error_lines(exc))
        return 2
    # The option actions are shared between parsers, so no defaults: absent means not given.
    args.lang = getattr(args, "lang", None)
    prompter = Prompter(getattr(args, "password_stdin", False))
    try:
        return int(args.func(args, prompter))
    except WeakPassword as exc:
        _say(*error_lines(exc), *(f"  - {line}" for line in exc.feedback))
        return 1
    except UsageError as exc:
        _say(*error_lines(exc))
        return 2
    except CaseworkError as exc:
        _say(*error_lines(exc))
        return 1
    except BrokenPipeError:
        raise
    except OSError as exc:
        _say(_("Error: {message}").format(message=os_error_message(exc)))
        return 1
    except KeyboardInterrupt:
        _say(_("Cancelled."))
        return 1
    except Exception as exc:  # noqa: BLE001 - the last guard: a message, never a traceback
        _say(
            _(
                "Error: the command stopped on an unexpected problem ({kind}). Please report "
                "it; run 'casework verify' to check the vault."
            ).format(kind=type(exc).__name__)
        )
        return 1


def _say(*lines: str) -> None:
    for line in lines:
        print(line, file=sys.stderr)


def _tolerant_output() -> None:
    """A terminal that cannot show a character gets an escape, not a crash."""
    for stream in (sys.stdout, sys.stderr):
        reconfigure = getattr(stream, "reconfigure", None)
        if reconfigure is not None:
            with contextlib.suppress(ValueError, OSError):
                reconfigure(errors="backslashreplace")


def _silence_stdout() -> None:
    """After a closed pipe, send what is left to /dev/null so the exit flush is quiet."""
    try:
        devnull = os.open(os.devnull, os.O_WRONLY)
        os.dup2(devnull, sys.stdout.fileno())
    except (OSError, ValueError, AttributeError):
        pass


import casework.cli_exchange  # noqa: E402, F401 - registers "exchange" in _extra_commands
import casework.workshop.cli  # noqa: E402, F401 - registers "workshop" in _extra_commands

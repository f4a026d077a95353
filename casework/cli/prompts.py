"""Where the CLI's passwords and language come from."""

from __future__ import annotations

import getpass
import locale
import os
import sys
from collections.abc import Sequence

from casework.errors import CaseworkError
from casework.i18n import N_, _, normalise_language


class BadText(CaseworkError):
    """Input that is not valid text (bytes that are not UTF-8, or a NUL character)."""


def is_clean_text(text: str) -> bool:
    """True unless the text holds undecodable bytes (surrogate escapes) or a NUL character."""
    return "\0" not in text and not any("\ud800" <= ch <= "\udfff" for ch in text)


class Prompter:
    """Where passwords come from: the terminal (no echo) or standard input, one per line."""

    def __init__(self, from_stdin: bool) -> None:
        self.from_stdin = from_stdin
        self.last = ""  # the acting user's password, for `passwd` (never logged or printed)

    def _line(self) -> str:
        stream = sys.stdin
        if stream is None:
            raise CaseworkError(N_("Expected another password on standard input."))
        try:
            line = stream.readline()
        except UnicodeDecodeError:
            raise BadText(N_("A password on standard input is not valid UTF-8 text.")) from None
        if not line:
            raise CaseworkError(N_("Expected another password on standard input."))
        return _clean(line.rstrip("\r\n"))

    def existing(self, prompt: str) -> str:
        self.last = self._line() if self.from_stdin else _clean(getpass.getpass(prompt))
        return self.last

    def new(self, prompt: str) -> str:
        if self.from_stdin:
            return self._line()
        first = _clean(getpass.getpass(prompt))
        if getpass.getpass(_("Type it again: ")) != first:
            raise CaseworkError(N_("The two passwords are not the same."))
        return first


def _clean(password: str) -> str:
    if not is_clean_text(password):
        raise BadText(N_("A password is not valid UTF-8 text."))
    return password


def system_language() -> str:
    for name in ("LC_ALL", "LC_MESSAGES", "LANG"):
        if os.environ.get(name):
            return normalise_language(os.environ[name])
    return normalise_language(locale.getlocale()[0])


def pre_language(argv: Sequence[str]) -> str:
    """The language of messages, read before the arguments are parsed (usage errors too)."""
    for i, arg in enumerate(argv):
        if arg == "--lang" and i + 1 < len(argv):
            return normalise_language(argv[i + 1])
        if arg.startswith("--lang="):
            return normalise_language(arg.split("=", 1)[1])
    return system_language()

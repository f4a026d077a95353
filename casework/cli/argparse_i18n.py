"""argparse's own words ("usage:", "error:", "show this help message and exit"…) in our language.

argparse looks its messages up through the module-level `gettext` functions it imported; while
the CLI runs, `translated_argparse()` points them at our catalogue (and puts them back after).
The messages are listed here so the extraction puts them in casework.pot.
"""

from __future__ import annotations

import argparse
import contextlib
from collections.abc import Iterator

from casework.i18n import N_, current_language, ngettext, translator

# argparse's user-facing messages (Python 3.11–3.13), as argparse spells them.
MESSAGES = (
    N_("usage: "),
    N_("positional arguments"),
    N_("options"),
    N_("subcommands"),
    N_("show this help message and exit"),
    N_("%(prog)s: error: %(message)s\n"),
    N_("argument %(argument_name)s: %(message)s"),
    N_("the following arguments are required: %s"),
    N_("unrecognized arguments: %s"),
    N_("invalid choice: %(value)r (choose from %(choices)s)"),
    N_("invalid %(type)s value: %(value)r"),
    N_("expected one argument"),
    N_("expected at most one argument"),
    N_("expected at least one argument"),
    N_("ambiguous option: %(option)s could match %(matches)s"),
    N_("unknown parser %(parser_name)r (choices: %(choices)s)"),
    N_("not allowed with argument %s"),
    N_("ignored explicit argument %r"),
    N_("one of the arguments %s is required"),
    N_("unexpected option string: %s"),
    N_("can't open '%(filename)s': %(error)s"),
)


def _plural_messages(n: int) -> str:  # pragma: no cover - only lists the plural for extraction
    return ngettext("expected %s argument", "expected %s arguments", n)


def _gettext(message: str) -> str:
    if not message:
        return message
    return translator(current_language()).gettext(message)


def _ngettext(singular: str, plural: str, n: int) -> str:
    return translator(current_language()).ngettext(singular, plural, n)


@contextlib.contextmanager
def translated_argparse() -> Iterator[None]:
    saved = argparse._, argparse.ngettext  # type: ignore[attr-defined]
    argparse._, argparse.ngettext = _gettext, _ngettext  # type: ignore[attr-defined]
    try:
        yield
    finally:
        argparse._, argparse.ngettext = saved  # type: ignore[attr-defined]

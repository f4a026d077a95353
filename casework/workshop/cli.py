"""`casework workshop PATH [--cases N] [--seed S]`: make a workshop vault from the command line;
with a server address instead of a folder, fill an office server's database (server_fill.py).

Registered into `casework.cli` by importing this module (one line at the end of casework/cli.py).
"""

from __future__ import annotations

import argparse

from casework import cli as _cli
from casework.cli.problems import check_new_folder
from casework.errors import VaultExists
from casework.i18n import LANGUAGES, _, current_language, format_number
from casework.model.enums import Role
from casework.model.labels import label
from casework.store.postgres import is_server_url
from casework.store.vault import is_vault

# A 500,000-case vault takes about 4 GB and minutes to make (README, Performance); past a
# million cases the disk and the time it asks for are rarely what was meant.
MAX_CASES = 1_000_000


def _positive(text: str) -> int:
    try:
        value = int(text.replace(",", "").replace("_", ""))
    except ValueError:
        raise argparse.ArgumentTypeError(_("a whole number is needed")) from None
    if value < 1:
        raise argparse.ArgumentTypeError(_("must be at least 1"))
    if value > MAX_CASES:
        raise argparse.ArgumentTypeError(
            _("at most {count} cases (about {gb} GB of disk)").format(
                count=format_number(MAX_CASES), gb=format_number(MAX_CASES * 8 // 1_000_000)
            )
        )
    return value


def cmd_workshop(args: argparse.Namespace, prompter: _cli.Prompter) -> int:
    from casework.workshop.generator import generate

    if is_server_url(args.path):
        return _fill_server(args)
    folder = check_new_folder(args.path)
    if folder.exists() and (is_vault(folder) or any(folder.iterdir())):
        raise VaultExists()
    data_language = args.data_language or current_language()
    info = generate(folder, cases=args.cases, seed=args.seed, language=data_language)
    print(
        _("Workshop vault created in {path}: {count} fictional cases in {seconds} s.").format(
            path=args.path,
            count=format_number(info.cases),
            seconds=format_number(round(info.seconds["total"], 1)),
        )
    )
    _accounts(data_language, info)
    print(_("Recovery key:"))
    print(info.recovery_key)
    return 0


def _fill_server(args: argparse.Namespace) -> int:
    from casework.services.server_admin import shown_url
    from casework.workshop.server_fill import fill_server

    data_language = args.data_language or current_language()
    info = fill_server(args.path, cases=args.cases, seed=args.seed, language=data_language)
    print(
        _("Workshop server database {url} filled: {count} fictional cases in {seconds} s.").format(
            url=shown_url(args.path),
            count=format_number(info.cases),
            seconds=format_number(round(info.seconds["total"], 1)),
        )
    )
    _accounts(data_language, info)
    print(_("The trainer's reset (File menu) puts the server's data back as it was made."))
    return 0


def _accounts(data_language: str, info) -> None:  # noqa: ANN001 - a WorkshopInfo
    print(
        _("Fictional data in {language} (--data-language to choose).").format(
            language=LANGUAGES[data_language]
        )
    )
    print(_("Training accounts (public passwords, for workshops only):"))
    for name, password, _roles in info.accounts:
        print(f"{name}: {password}")
    print(
        _("The trainer account holds the {admin} and {supervisor} roles.").format(
            admin=label(Role.ADMINISTRATOR), supervisor=label(Role.SUPERVISOR)
        )
    )


def add_workshop_command(sub: argparse._SubParsersAction) -> None:
    p = sub.add_parser("workshop", help=_("create a workshop vault with fictional data"))
    p.add_argument(
        "path", help=_("a new folder, or an office server's address postgresql://OWNER@HOST/DB")
    )
    p.add_argument(
        "--cases", type=_positive, default=60, help=_("number of fictional cases (default 60)")
    )
    p.add_argument("--seed", type=int, default=1, help=_("the same seed gives the same data"))
    p.add_argument(
        "--data-language",
        choices=sorted(LANGUAGES),
        default=None,
        help=_("language of the fictional data (default: the interface language)"),
    )
    p.set_defaults(func=cmd_workshop)


if add_workshop_command not in _cli._extra_commands:
    _cli._extra_commands.append(add_workshop_command)

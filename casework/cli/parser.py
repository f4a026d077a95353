"""The command line's grammar: one parser, the global options accepted before or after the
command word, and the extra commands later features register."""

from __future__ import annotations

import argparse
from collections.abc import Callable

from casework.cli.file_commands import cmd_backup, cmd_print, cmd_restore
from casework.cli.vault_commands import (
    cmd_add_user,
    cmd_init,
    cmd_passwd,
    cmd_remove_user,
    cmd_rotate_key,
    cmd_show_key,
    cmd_verify,
)
from casework.i18n import LANGUAGES, _
from casework.model.enums import Role


def _acting(p: argparse.ArgumentParser) -> None:
    p.add_argument("--user", help=_("the acting user"))
    p.add_argument(
        "--recovery-key", action="store_true", help=_("open with the recovery key instead")
    )


def build_parser() -> argparse.ArgumentParser:
    # The global options are accepted before or after the command word.
    common = argparse.ArgumentParser(add_help=False)
    common.add_argument(
        "--lang",
        choices=sorted(LANGUAGES),
        default=argparse.SUPPRESS,
        help=_("language of messages"),
    )
    common.add_argument(
        "--password-stdin",
        action="store_true",
        default=argparse.SUPPRESS,
        help=_("read passwords from standard input, one per line"),
    )
    parser = argparse.ArgumentParser(
        prog="casework", description=_("Casework: encrypted case management."), parents=[common]
    )
    sub = parser.add_subparsers(dest="command", required=True)
    original_add_parser = sub.add_parser

    def add_parser(name: str, **kwargs: object) -> argparse.ArgumentParser:
        return original_add_parser(name, parents=[common], **kwargs)  # type: ignore[arg-type]

    sub.add_parser = add_parser  # type: ignore[method-assign]

    p = sub.add_parser("init", help=_("create a new vault"))
    p.add_argument("path")
    p.add_argument("--org", required=True, help=_("organisation name"))
    p.add_argument("--admin", required=True, help=_("first administrator's user name"))
    p.add_argument("--country", help=_("country code, e.g. KE"))
    p.set_defaults(func=cmd_init)

    p = sub.add_parser("add-user", help=_("add a user"))
    p.add_argument("path")
    p.add_argument("username")
    p.add_argument(
        "--role",
        action="append",
        required=True,
        choices=[r.value for r in Role],
        help=_("a role (repeat for several)"),
    )
    p.add_argument("--name", help=_("name shown to colleagues"))
    _acting(p)
    p.set_defaults(func=cmd_add_user)

    p = sub.add_parser("passwd", help=_("change your password, or reset another user's"))
    p.add_argument("path")
    p.add_argument("--target", help=_("the user whose password to reset (administrators)"))
    _acting(p)
    p.set_defaults(func=cmd_passwd)

    p = sub.add_parser("remove-user", help=_("remove a user's access"))
    p.add_argument("path")
    p.add_argument("username")
    _acting(p)
    p.set_defaults(func=cmd_remove_user)

    p = sub.add_parser("rotate-key", help=_("replace the vault key and rewrap every key slot"))
    p.add_argument("path")
    _acting(p)
    p.set_defaults(func=cmd_rotate_key)

    p = sub.add_parser("backup", help=_("write an encrypted backup file"))
    p.add_argument("path")
    p.add_argument("file")
    _acting(p)
    p.set_defaults(func=cmd_backup)

    p = sub.add_parser("restore", help=_("restore a backup into a new folder"))
    p.add_argument("file")
    p.add_argument("path")
    _acting(p)  # the backup is authenticated and the copy opened before success is reported
    p.set_defaults(func=cmd_restore)

    p = sub.add_parser("verify", help=_("check the audit chain and the database"))
    p.add_argument("path")
    _acting(p)
    p.set_defaults(func=cmd_verify)

    p = sub.add_parser("show-key", help=_("print the raw database key (disaster recovery)"))
    p.add_argument("path")
    _acting(p)
    p.set_defaults(func=cmd_show_key)

    p = sub.add_parser("print", help=_("build a document as PDF (plan, referral, summary)"))
    p.add_argument("document", choices=["plan", "referral", "summary"])
    p.add_argument("path", help=_("the vault's folder, or an office server's address"))
    p.add_argument("reference", help=_("case reference, e.g. KE-2026-0042"))
    p.add_argument("--version", type=int, help=_("plan version (default: the newest)"))
    p.add_argument(
        "--referral", type=int, help=_("referral number (default: the newest sent outgoing one)")
    )
    p.add_argument(
        "--legal-name",
        action="store_true",
        help=_(
            "print the legal name (if you may see it; on a referral form, only if the client's "
            "consent lets their identity go to that organisation)"
        ),
    )
    p.add_argument("--out", required=True, help=_("the PDF file to write"))
    p.add_argument(
        "--ca-file",
        help=_("on an office server (postgresql://HOST/DATABASE): the office's CA certificate"),
    )
    _acting(p)
    p.set_defaults(func=cmd_print)

    from casework.cli.server_commands import add_server_commands  # office server (PostgreSQL)

    add_server_commands(sub)
    for extra in _extra_commands:
        extra(sub)
    return parser


# Later features (printing, workshop) register their subcommands here.
_extra_commands: list[Callable[[argparse._SubParsersAction], None]] = []

"""`casework server …`: set up an office server on PostgreSQL and manage its users.

    casework server init postgresql://OWNER@HOST/DB --org NAME --admin USER
    casework server add-user postgresql://OWNER@HOST/DB USER --role caseworker [--name "…"]
    casework server passwd postgresql://OWNER@HOST/DB USER
    casework server remove-user postgresql://OWNER@HOST/DB USER
    casework server verify postgresql://OWNER@HOST/DB
    casework server backup postgresql://OWNER@HOST/DB FILE
    casework server check-backup FILE
    casework server restore FILE postgresql://OWNER@HOST/NEWDB
    casework server upgrade postgresql://OWNER@HOST/DB

The address names a role that owns the database (or a superuser); its password comes from the
address, PGPASSWORD or ~/.pgpass as libpq reads them. New users' passwords are prompted (or read
with --password-stdin), as for a vault. Hooked into the grammar by casework/cli/parser.py.
"""

from __future__ import annotations

import argparse

from casework.cli.prompts import Prompter, system_language
from casework.i18n import _, format_number, ngettext
from casework.model.enums import Role


def _common() -> argparse.ArgumentParser:
    # The global options, accepted after the server command word too (as for every command).
    common = argparse.ArgumentParser(add_help=False)
    common.add_argument(
        "--lang", choices=["en", "fr"], default=argparse.SUPPRESS, help=_("language of messages")
    )
    common.add_argument(
        "--password-stdin",
        action="store_true",
        default=argparse.SUPPRESS,
        help=_("read passwords from standard input, one per line"),
    )
    return common


def cmd_server_init(args: argparse.Namespace, prompter: Prompter) -> int:
    from casework.services import server_admin

    server_admin.check_url(args.url)
    server_admin.check_username(server_admin.check_url(args.url), args.admin)
    password = prompter.new(_("New password for {user}: ").format(user=args.admin))
    server_admin.init_server(
        args.url,
        organisation=args.org,
        admin_username=args.admin,
        admin_password=password,
        admin_display_name=args.name or "",
        country=args.country or "",
        language=args.lang or system_language(),
    )
    print(_("Office server ready at {url}.").format(url=server_admin.shown_url(args.url)))
    return 0


def cmd_server_add_user(args: argparse.Namespace, prompter: Prompter) -> int:
    from casework.services import server_admin

    server_admin.check_username(server_admin.check_url(args.url), args.username)
    password = prompter.new(_("New password for {user}: ").format(user=args.username))
    roles = {Role(r) for r in args.role}
    server_admin.add_user(args.url, args.username, args.name or args.username, roles, password)
    print(_("User {user} added.").format(user=args.username))
    return 0


def cmd_server_passwd(args: argparse.Namespace, prompter: Prompter) -> int:
    from casework.services import server_admin

    server_admin.check_url(args.url)
    password = prompter.new(_("New password for {user}: ").format(user=args.username))
    server_admin.set_password(args.url, args.username, password)
    print(_("Password changed."))
    return 0


def cmd_server_remove_user(args: argparse.Namespace, prompter: Prompter) -> int:
    from casework.services import server_admin

    server_admin.remove_user(args.url, args.username)
    print(
        _("User {user} removed; their login no longer connects to the server.").format(
            user=args.username
        )
    )
    return 0


def cmd_server_verify(args: argparse.Namespace, prompter: Prompter) -> int:
    from casework.services import server_admin

    report = server_admin.verify(args.url)
    if report.ok:
        print(
            ngettext(
                "Audit trail: {count} event, chain intact.",
                "Audit trail: {count} events, chain intact.",
                report.events,
            ).format(count=format_number(report.events))
        )
        return 0
    print(_("Audit trail: the chain is broken."))
    for problem in report.problems:
        print(f"  - {problem}")
    return 1


def cmd_server_backup(args: argparse.Namespace, prompter: Prompter) -> int:
    from casework.services import server_admin, server_backup

    server_admin.check_url(args.url)
    passphrase = prompter.new(_("New passphrase for the backup file: "))
    size = server_backup.backup(args.url, args.file, passphrase)
    print(
        _("Backup written to {file} ({size} bytes), encrypted with its passphrase.").format(
            file=args.file, size=format_number(size)
        )
    )
    return 0


def cmd_server_check_backup(args: argparse.Namespace, prompter: Prompter) -> int:
    from casework.services import server_backup

    passphrase = prompter.existing(_("Passphrase of the backup file: "))
    check = server_backup.check_backup(args.file, passphrase)
    print(
        _("Backup intact: database {database}, written {created}, {count} objects.").format(
            database=check.database, created=check.created, count=format_number(check.objects)
        )
    )
    return 0


def cmd_server_restore(args: argparse.Namespace, prompter: Prompter) -> int:
    from casework.services import server_admin, server_backup

    server_admin.check_url(args.url)
    passphrase = prompter.existing(_("Passphrase of the backup file: "))
    result = server_backup.restore(args.file, args.url, passphrase)
    print(
        ngettext(
            "Restored into {url}: {count} audit event, chain intact.",
            "Restored into {url}: {count} audit events, chain intact.",
            result.events,
        ).format(url=server_admin.shown_url(args.url), count=format_number(result.events))
    )
    for name in result.users_without_login:
        print(
            _("{user} has no login on this server yet: run 'casework server passwd'.").format(
                user=name
            )
        )
    return 0


def cmd_server_upgrade(args: argparse.Namespace, prompter: Prompter) -> int:
    from casework.services import server_admin, server_backup

    before, now = server_backup.upgrade(args.url)
    if before == now:
        print(_("The office server's schema is up to date."))
    else:
        print(
            _("Office server {url} upgraded to schema {revision}.").format(
                url=server_admin.shown_url(args.url), revision=now
            )
        )
    return 0


def add_server_commands(sub: argparse._SubParsersAction) -> None:
    server = sub.add_parser("server", help=_("set up an office server (PostgreSQL)"))
    commands = server.add_subparsers(dest="server_command", required=True)
    common = [_common()]
    url_help = _("the server's address, postgresql://OWNER@HOST:PORT/DATABASE")

    p = commands.add_parser("init", parents=common, help=_("create the schema and roles"))
    p.add_argument("url", help=url_help)
    p.add_argument("--org", required=True, help=_("organisation name"))
    p.add_argument("--admin", required=True, help=_("first administrator's user name"))
    p.add_argument("--name", help=_("name shown to colleagues"))
    p.add_argument("--country", help=_("country code, e.g. KE"))
    p.set_defaults(func=cmd_server_init)

    p = commands.add_parser("add-user", parents=common, help=_("add a user"))
    p.add_argument("url", help=url_help)
    p.add_argument("username")
    p.add_argument(
        "--role",
        action="append",
        required=True,
        choices=[r.value for r in Role],
        help=_("a role (repeat for several)"),
    )
    p.add_argument("--name", help=_("name shown to colleagues"))
    p.set_defaults(func=cmd_server_add_user)

    p = commands.add_parser("passwd", parents=common, help=_("set a user's password"))
    p.add_argument("url", help=url_help)
    p.add_argument("username")
    p.set_defaults(func=cmd_server_passwd)

    p = commands.add_parser("remove-user", parents=common, help=_("remove a user's access"))
    p.add_argument("url", help=url_help)
    p.add_argument("username")
    p.set_defaults(func=cmd_server_remove_user)

    p = commands.add_parser("verify", parents=common, help=_("check the audit chain"))
    p.add_argument("url", help=url_help)
    p.set_defaults(func=cmd_server_verify)

    p = commands.add_parser("backup", parents=common, help=_("write an encrypted backup file"))
    p.add_argument("url", help=url_help)
    p.add_argument("file", help=_("the backup file to write"))
    p.set_defaults(func=cmd_server_backup)

    p = commands.add_parser("check-backup", parents=common, help=_("check a backup file"))
    p.add_argument("file", help=_("the backup file"))
    p.set_defaults(func=cmd_server_check_backup)

    p = commands.add_parser(
        "restore", parents=common, help=_("restore a backup into a new database")
    )
    p.add_argument("file", help=_("the backup file"))
    p.add_argument("url", help=url_help)
    p.set_defaults(func=cmd_server_restore)

    p = commands.add_parser("upgrade", parents=common, help=_("upgrade the schema"))
    p.add_argument("url", help=url_help)
    p.set_defaults(func=cmd_server_upgrade)

"""Headless administration: `casework <command> …` (works on a machine with no display).

Exit codes: 0 success, 1 refused or failed, 2 usage. Messages follow `--lang` or the system
locale. Passwords are prompted without echo, or read one per line from standard input with
`--password-stdin` (the acting user's first, then any new password).
"""

from __future__ import annotations

import argparse
import contextlib
import getpass
import locale
import os
import sys
from collections.abc import Callable, Iterator, Sequence
from pathlib import Path

from casework.commands import COMMANDS  # noqa: F401 - re-exported for callers
from casework.errors import CaseworkError, ValidationError, WeakPassword
from casework.i18n import N_, _, format_number, ngettext, normalise_language, set_language
from casework.model.enums import Role
from casework.services import audit as audit_service
from casework.services import users, vault_admin
from casework.services.context import ServiceContext
from casework.store.backup import restore_backup
from casework.store.vault import Vault


class Prompter:
    """Where passwords come from: the terminal (no echo) or standard input, one per line."""

    def __init__(self, from_stdin: bool) -> None:
        self.from_stdin = from_stdin
        self.last = ""  # the acting user's password, for `passwd` (never logged or printed)

    def _line(self) -> str:
        line = sys.stdin.readline()
        if not line:
            raise CaseworkError(N_("Expected another password on standard input."))
        return line.rstrip("\r\n")

    def existing(self, prompt: str) -> str:
        self.last = self._line() if self.from_stdin else getpass.getpass(prompt)
        return self.last

    def new(self, prompt: str) -> str:
        if self.from_stdin:
            return self._line()
        first = getpass.getpass(prompt)
        if getpass.getpass(_("Type it again: ")) != first:
            raise CaseworkError(N_("The two passwords are not the same."))
        return first


def _system_language() -> str:
    for name in ("LC_ALL", "LC_MESSAGES", "LANG"):
        if os.environ.get(name):
            return normalise_language(os.environ[name])
    return normalise_language(locale.getlocale()[0])


def _pre_language(argv: Sequence[str]) -> str:
    for i, arg in enumerate(argv):
        if arg == "--lang" and i + 1 < len(argv):
            return normalise_language(argv[i + 1])
        if arg.startswith("--lang="):
            return normalise_language(arg.split("=", 1)[1])
    return _system_language()


@contextlib.contextmanager
def _opened(args: argparse.Namespace, prompter: Prompter) -> Iterator[ServiceContext]:
    """The acting user's context on the unlocked vault, closed (key wiped) on the way out."""
    ctx = _open(args, prompter)
    try:
        yield ctx
    finally:
        ctx.vault.close()


def _active_user(ctx: ServiceContext, username: str) -> users.UserRow:
    found = users.find_active(ctx, username)
    if found is None:
        raise CaseworkError(N_("There is no active user {user}."), user=username)
    return found


def _open(args: argparse.Namespace, prompter: Prompter) -> ServiceContext:
    folder = Path(args.path)
    if args.recovery_key:
        key = prompter.existing(_("Recovery key: "))
        vault = Vault.open_with_recovery(folder, key)
    else:
        if not args.user:
            raise CaseworkError(N_("Say who is acting with --user NAME (or use --recovery-key)."))
        password = prompter.existing(_("Password for {user}: ").format(user=args.user))
        vault = Vault.open(folder, args.user, password)
    return ServiceContext.for_vault(vault)


# --- commands ----------------------------------------------------------------------------------


def cmd_init(args: argparse.Namespace, prompter: Prompter) -> int:
    password = prompter.new(_("New password for {user}: ").format(user=args.admin))
    vault, recovery = Vault.create(
        Path(args.path),
        organisation=args.org,
        admin_username=args.admin,
        admin_password=password,
        country=args.country or "",
        language=args.lang or _system_language(),
    )
    vault.close()
    print(_("Vault created in {path}.").format(path=args.path))
    print(_("Recovery key (shown once; print it or write it down and keep it locked away):"))
    print(recovery)
    return 0


def cmd_add_user(args: argparse.Namespace, prompter: Prompter) -> int:
    with _opened(args, prompter) as ctx:
        password = prompter.new(_("New password for {user}: ").format(user=args.username))
        roles = {Role(r) for r in args.role}
        users.create_user(ctx, args.username, args.name or args.username, roles, password)
        print(_("User {user} added.").format(user=args.username))
    return 0


def cmd_passwd(args: argparse.Namespace, prompter: Prompter) -> int:
    if args.recovery_key and not args.target:
        raise CaseworkError(N_("With the recovery key, name the user whose password to reset."))
    with _opened(args, prompter) as ctx:
        if args.target:
            target = _active_user(ctx, args.target)
            password = prompter.new(_("New password for {user}: ").format(user=args.target))
            users.reset_password(ctx, target.id, password)
        else:
            new = prompter.new(_("New password for {user}: ").format(user=args.user))
            users.change_own_password(ctx, prompter.last, new)
        print(_("Password changed."))
    return 0


def cmd_remove_user(args: argparse.Namespace, prompter: Prompter) -> int:
    with _opened(args, prompter) as ctx:
        target = _active_user(ctx, args.username)
        users.deactivate_user(ctx, target.id)
        print(
            _("User {user} removed; their password no longer opens the vault.").format(
                user=args.username
            )
        )
    return 0


def cmd_rotate_key(args: argparse.Namespace, prompter: Prompter) -> int:
    with _opened(args, prompter) as ctx:
        vault_admin.rotate_key(ctx)
        print(_("The vault key was replaced and every key slot rewrapped."))
    return 0


def cmd_backup(args: argparse.Namespace, prompter: Prompter) -> int:
    with _opened(args, prompter) as ctx:
        size = vault_admin.backup(ctx, Path(args.file))
        print(
            _("Backup written to {file} ({size} MB).").format(
                file=args.file, size=format_number(round(size / 1_000_000, 1))
            )
        )
    return 0


def cmd_restore(args: argparse.Namespace, prompter: Prompter) -> int:
    restore_backup(Path(args.file), Path(args.path))
    print(
        _("Backup restored into {path}. Open it with any user's password.").format(path=args.path)
    )
    return 0


def cmd_verify(args: argparse.Namespace, prompter: Prompter) -> int:
    with _opened(args, prompter) as ctx:
        report = audit_service.verify(ctx)
    if report.chain_ok:
        print(
            ngettext(
                "Audit trail: {count} event, chain intact.",
                "Audit trail: {count} events, chain intact.",
                report.events,
            ).format(count=format_number(report.events))
        )
    else:
        print(_("Audit trail: the chain is broken."))
        for problem in report.chain_problems:
            print(f"  - {problem}")
    if report.database_ok:
        print(_("Database: every page passed the integrity check."))
    else:
        print(_("Database: damaged pages found. Restore the latest backup."))
        for problem in report.database_problems[:20]:
            print(f"  - {problem}")
    return 0 if report.ok else 1


def cmd_show_key(args: argparse.Namespace, prompter: Prompter) -> int:
    with _opened(args, prompter) as ctx:
        key = vault_admin.show_key(ctx)
    print(
        _(
            "WARNING: anyone with this key can read every record in the vault. Use it only for "
            "disaster recovery, never store it next to the vault, and rotate the key afterwards."
        ),
        file=sys.stderr,
    )
    print(f"x'{key}'")
    return 0


def cmd_print(args: argparse.Namespace, prompter: Prompter) -> int:
    from casework.services import cases, documents, referrals

    lang = args.lang or _system_language()
    with _opened(args, prompter) as ctx:
        case_id = cases.case_reference(ctx, args.reference)
        if args.document == "plan":
            doc = documents.plan_document(
                ctx, case_id, lang, version=args.version, include_legal_name=args.legal_name
            )
        elif args.document == "summary":
            doc = documents.case_summary_document(
                ctx, case_id, lang, include_legal_name=args.legal_name
            )
        else:
            referral_id = args.referral
            if referral_id is None:
                page = referrals.list_referrals(
                    ctx, referrals.ReferralQuery(case_id=case_id, limit=50)
                )
                sent = [r.id for r in page.rows if r.sent_at is not None]
                if not sent:
                    raise CaseworkError(N_("This case has no sent referral to print."))
                referral_id = sent[0]
            doc = documents.referral_document(ctx, referral_id, lang)
        out = Path(args.out)
        fd = os.open(out, os.O_WRONLY | os.O_CREAT | os.O_TRUNC, 0o600)
        with os.fdopen(fd, "wb") as f:
            f.write(doc.pdf)
        documents.record_unencrypted_save(ctx, doc.kind, case_id)
    print(_("Written to {file}.").format(file=args.out))
    print(
        _("This PDF is not encrypted: keep it safe and delete it when it has been printed."),
        file=sys.stderr,
    )
    return 0


# --- parser --------------------------------------------------------------------------------------


def _acting(p: argparse.ArgumentParser) -> None:
    p.add_argument("--user", help=_("the acting user"))
    p.add_argument(
        "--recovery-key", action="store_true", help=_("open with the recovery key instead")
    )


def build_parser() -> argparse.ArgumentParser:
    # The global options are accepted before or after the command word.
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
    p.add_argument("path")
    p.add_argument("reference", help=_("case reference, e.g. KE-2026-0042"))
    p.add_argument("--version", type=int, help=_("plan version (default: the newest)"))
    p.add_argument("--referral", type=int, help=_("referral number (default: the newest sent)"))
    p.add_argument(
        "--legal-name", action="store_true", help=_("print the legal name (if you may see it)")
    )
    p.add_argument("--out", required=True, help=_("the PDF file to write"))
    _acting(p)
    p.set_defaults(func=cmd_print)

    for extra in _extra_commands:
        extra(sub)
    return parser


# Later features (printing, workshop) register their subcommands here.
_extra_commands: list[Callable[[argparse._SubParsersAction], None]] = []
import casework.workshop.cli  # noqa: E402, F401 - registers "workshop" in _extra_commands


def main(argv: Sequence[str] | None = None) -> int:
    argv = list(sys.argv[1:] if argv is None else argv)
    set_language(_pre_language(argv))
    os.umask(0o077)
    parser = build_parser()
    args = parser.parse_args(argv)
    # The option actions are shared between parsers, so no defaults: absent means not given.
    args.lang = getattr(args, "lang", None)
    prompter = Prompter(getattr(args, "password_stdin", False))
    try:
        return int(args.func(args, prompter))
    except WeakPassword as exc:
        print(_("Error: {message}").format(message=exc.message()), file=sys.stderr)
        for line in exc.feedback:
            print(f"  - {line}", file=sys.stderr)
        return 1
    except ValidationError as exc:
        print(_("Error: {message}").format(message=exc.message()), file=sys.stderr)
        for name, text in exc.field_messages().items():
            print(f"  - {name}: {text}", file=sys.stderr)
        return 1
    except CaseworkError as exc:
        print(_("Error: {message}").format(message=exc.message()), file=sys.stderr)
        return 1
    except KeyboardInterrupt:
        print(_("Cancelled."), file=sys.stderr)
        return 1

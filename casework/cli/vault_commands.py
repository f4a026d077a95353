"""The vault's own commands: create it, its users and key, verify it, show its raw key."""

from __future__ import annotations

import argparse
import contextlib
import sys
from collections.abc import Iterator
from functools import partial

from casework.cli.problems import check_new_folder, check_vault_folder, shown
from casework.cli.prompts import Prompter, system_language
from casework.errors import CaseworkError
from casework.i18n import N_, _, format_number, ngettext, set_region
from casework.model.enums import Role
from casework.services import audit as audit_service
from casework.services import users, vault_admin
from casework.services.context import ServiceContext
from casework.store.vault import Vault

PREVIOUS_SLOTS_USED = N_(
    "Warning: keyslots.json was missing or empty (an interrupted write), so the previous key "
    "slots (keyslots.json.prev) were used. Check the vault folder and keep a fresh backup."
)


@contextlib.contextmanager
def opened(args: argparse.Namespace, prompter: Prompter) -> Iterator[ServiceContext]:
    """The acting user's context on the unlocked vault, closed (key wiped) on the way out."""
    folder = check_vault_folder(args.path)
    if args.recovery_key:
        key = prompter.existing(_("Recovery key: "))
        vault = Vault.open_with_recovery(folder, key)
    else:
        if not args.user:
            raise CaseworkError(N_("Say who is acting with --user NAME (or use --recovery-key)."))
        password = prompter.existing(_("Password for {user}: ").format(user=args.user))
        vault = Vault.open(folder, args.user, password)
    if vault.slots.from_previous:
        print(_(PREVIOUS_SLOTS_USED), file=sys.stderr)
    set_region(vault.meta("country"))  # Arabic dates and digits of the organisation's country
    try:
        yield ServiceContext.for_vault(vault)
    finally:
        vault.close()


def _active_user(ctx: ServiceContext, username: str) -> users.UserRow:
    found = users.find_active(ctx, username)
    if found is None:
        raise CaseworkError(N_("There is no active user {user}."), user=username)
    return found


def cmd_init(args: argparse.Namespace, prompter: Prompter) -> int:
    folder = check_new_folder(args.path)
    country = users.validate_new_vault(args.org, args.admin, args.country or "")
    password = prompter.new(_("New password for {user}: ").format(user=args.admin))
    vault, recovery = Vault.create(
        folder,
        organisation=args.org,
        admin_username=args.admin,
        admin_password=password,
        country=country,
        language=args.lang or system_language(),
    )
    vault.close()
    print(_("Vault created in {path}.").format(path=shown(args.path)))
    print(_("Recovery key (shown once; print it or write it down and keep it locked away):"))
    print(recovery)
    return 0


def cmd_add_user(args: argparse.Namespace, prompter: Prompter) -> int:
    with opened(args, prompter) as ctx:
        password = prompter.new(_("New password for {user}: ").format(user=args.username))
        roles = {Role(r) for r in args.role}
        users.create_user(ctx, args.username, args.name or args.username, roles, password)
        print(_("User {user} added.").format(user=args.username))
    return 0


def cmd_passwd(args: argparse.Namespace, prompter: Prompter) -> int:
    if args.recovery_key and not args.target:
        raise CaseworkError(N_("With the recovery key, name the user whose password to reset."))
    with opened(args, prompter) as ctx:
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
    with opened(args, prompter) as ctx:
        target = _active_user(ctx, args.username)
        users.deactivate_user(ctx, target.id)
        print(
            _("User {user} removed; their password no longer opens the vault.").format(
                user=args.username
            )
        )
    return 0


def cmd_rotate_key(args: argparse.Namespace, prompter: Prompter) -> int:
    with opened(args, prompter) as ctx:
        vault_admin.rotate_key(ctx)
        print(_("The vault key was replaced and every key slot rewrapped."))
    return 0


def cmd_verify(args: argparse.Namespace, prompter: Prompter) -> int:
    with opened(args, prompter) as ctx:
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
    with opened(args, prompter) as ctx:
        vault_admin.show_key(ctx, partial(_print_key, ctx.vault.page_hmac()))
    return 0


def _print_key(hmac: str, key: str) -> None:
    """The key on stdout, the warning and what an SQLCipher tool needs besides the key (vaults
    differ in their page HMAC) on stderr; flushed before the showing is audited, so a closed
    output shows nothing."""
    print(
        _(
            "WARNING: anyone with this key can read every record in the vault. Use it only "
            "for disaster recovery, never store it next to the vault, and rotate the key "
            "afterwards."
        ),
        file=sys.stderr,
    )
    print(
        _("To open the database with an SQLCipher tool: PRAGMA key = \"x'…'\"; "
          "PRAGMA cipher_hmac_algorithm = {hmac};").format(hmac=hmac),
        file=sys.stderr,
    )  # fmt: skip
    print(f"x'{key}'")
    sys.stdout.flush()

"""Commands that write files outside the vault: backups, restores and printed documents."""

from __future__ import annotations

import argparse
import contextlib
import os
import sys
from pathlib import Path

from casework.cli.problems import (
    check_new_folder,
    check_output_file,
    check_path_text,
    check_vault_folder,
    shown,
)
from casework.cli.prompts import Prompter, system_language
from casework.cli.server_session import opened_server
from casework.cli.vault_commands import opened
from casework.errors import BackupError, CaseworkError
from casework.i18n import N_, _, format_date, format_number
from casework.model.enums import InfoScope
from casework.services import vault_admin
from casework.services.context import ServiceContext
from casework.store.backup import restore_backup, unlock_with_password, unlock_with_recovery
from casework.store.keyslots import KeySlots
from casework.store.postgres import is_server_url


def cmd_backup(args: argparse.Namespace, prompter: Prompter) -> int:
    folder = check_vault_folder(args.path)
    target = check_output_file(args.file, folder)
    with opened(args, prompter) as ctx:
        size = vault_admin.backup(ctx, target)
        print(
            _("Backup written to {file} ({size} MB).").format(
                file=shown(args.file), size=format_number(round(size / 1_000_000, 1))
            )
        )
    return 0


def cmd_restore(args: argparse.Namespace, prompter: Prompter) -> int:
    source = check_path_text(args.file)
    if source.is_dir():
        raise CaseworkError(N_("{path} is a folder; give a file name."), path=shown(source))
    folder = check_new_folder(args.path)

    def unlock(slots: KeySlots) -> bytes:
        # Asked for once the file and the folder have passed their checks.
        if not args.recovery_key and not args.user:
            raise CaseworkError(N_("Say who is acting with --user NAME (or use --recovery-key)."))
        if args.recovery_key:
            return unlock_with_recovery(prompter.existing(_("Recovery key: ")))(slots)
        password = prompter.existing(_("Password for {user}: ").format(user=args.user))
        return unlock_with_password(args.user, password)(slots)

    try:
        restore_backup(source, folder, unlock)
    except (ValueError, TypeError, KeyError, AttributeError, IndexError):
        # A header whose fields have the wrong form (a malformed version, say).
        raise BackupError() from None
    print(
        _("Backup restored into {path}. Open it with any user's password.").format(
            path=shown(args.path)
        )
    )
    return 0


def _latest_outgoing_referral(ctx: ServiceContext, case_id: int) -> int:
    """The newest outgoing referral of the case that has a form to send; says which on stderr."""
    from casework.model.enums import ReferralState
    from casework.model.labels import label
    from casework.services import referrals

    printable = {ReferralState.SENT, ReferralState.ACCEPTED, ReferralState.COMPLETED}
    page = referrals.list_referrals(
        ctx,
        referrals.ReferralQuery(case_id=case_id, direction="outgoing", sort="sent_at", limit=1000),
    )
    rows = [r for r in page.rows if r.state in printable and r.sent_at is not None]
    if not rows:
        raise CaseworkError(N_("This case has no sent referral to print."))
    latest = max(rows, key=lambda r: (r.sent_at, r.id))
    print(
        _("Printing referral {number}: {service} to {organisation}, sent on {date}.").format(
            number=latest.id,
            service=label(latest.service_type),
            organisation=latest.org_name,
            date=format_date(latest.sent_at.date()),
        ),
        file=sys.stderr,
    )
    return latest.id


def cmd_print(args: argparse.Namespace, prompter: Prompter) -> int:
    from casework.services import cases, documents

    lang = args.lang or system_language()
    on_server = is_server_url(args.path)
    folder = None if on_server else check_vault_folder(args.path)
    out = check_output_file(args.out, folder)
    with opened_server(args, prompter) if on_server else opened(args, prompter) as ctx:
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
                referral_id = _latest_outgoing_referral(ctx, case_id)
            doc = documents.referral_document(
                ctx,
                referral_id,
                lang,
                include_restricted=args.legal_name,
                only=frozenset({InfoScope.IDENTITY}) if args.legal_name else None,
            )
        _write_private(out, doc.pdf)
        # Audited once the file is really there.
        documents.record_unencrypted_save(ctx, doc.kind, case_id)
    print(_("Written to {file}.").format(file=shown(args.out)))
    print(
        _("This PDF is not encrypted: keep it safe and delete it when it has been printed."),
        file=sys.stderr,
    )
    return 0


def _write_private(path: Path, data: bytes) -> None:
    """Write the file (0600); a failed write leaves no partial file behind."""
    fd = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_TRUNC, 0o600)
    try:
        with os.fdopen(fd, "wb") as f:
            f.write(data)
            f.flush()
            os.fsync(f.fileno())
    except BaseException:
        with contextlib.suppress(OSError):
            path.unlink()
        raise

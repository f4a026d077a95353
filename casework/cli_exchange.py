"""`casework exchange …`: organisation cards, referral packets and answers from the command line.

    casework exchange card VAULT --out FILE             this organisation's card
    casework exchange import-card VAULT FILE [--org NAME | --type TYPE]
    casework exchange partners VAULT                    imported cards and their state
    casework exchange verify VAULT ORG --fingerprint "12345 67890 …"   (administrators)
    casework exchange send VAULT REFERRAL-ID --out FILE [--contact TEXT] [--yes]
    casework exchange receive VAULT FILE [--case REFERENCE | --new-case] [--yes]
    casework exchange answer VAULT REFERRAL-ID --out FILE [--yes]
    casework exchange directory-export VAULT --out FILE     (Open Referral HSDS 3.0)
    casework exchange directory-import VAULT FILE [--add-new] [--update NAME | --update-all]

`send`, `answer` and `receive` show exactly what the file carries and ask before writing
anything (`--yes` answers for scripts). Registered into casework.cli by one import line there.
"""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

from casework import cli as _cli
from casework.cli.parser import _acting
from casework.cli.vault_commands import opened
from casework.errors import CaseworkError
from casework.exchange.card import CARD_MAX_BYTES
from casework.exchange.errors import Replayed
from casework.exchange.files import read_limited, write_private
from casework.i18n import N_, _, format_date
from casework.model.enums import OrgType
from casework.model.labels import label
from casework.services import cases
from casework.services.exchange import answers, describe, incoming, outgoing, partners


def _confirm(args: argparse.Namespace, question: str) -> bool:
    if args.yes:
        return True
    if getattr(args, "password_stdin", False) or not sys.stdin.isatty():
        print(_("Nothing was written. Add --yes to confirm without a question."), file=sys.stderr)
        return False
    answer = input(question + " " + _("[y/N] ")).strip().casefold()
    return answer in {"y", "yes", _("y"), _("yes")}


def _partner_line(row: partners.PartnerRow) -> str:
    return f"{row.organisation_name} — {label(row.status)}\n  {row.fingerprint}"


def cmd_card(args: argparse.Namespace, prompter: _cli.Prompter) -> int:
    with opened(args, prompter) as ctx:
        card = partners.own_card(ctx)
        write_private(Path(args.out), card.data)
        partners.record_card_exported(ctx)
    print(_("Organisation card of {name} written to {file}.").format(name=card.name, file=args.out))
    print(_("Fingerprint (partners compare it with you by phone or in person):"))
    print(f"  {card.fingerprint}")
    return 0


def cmd_import_card(args: argparse.Namespace, prompter: _cli.Prompter) -> int:
    data = read_limited(Path(args.file), CARD_MAX_BYTES)
    with opened(args, prompter) as ctx:
        preview = partners.preview_card(ctx, data)
        org_id = None
        if args.org:
            from casework.services import directory

            found = directory.list_organisations(
                ctx, directory.OrganisationQuery(text=args.org, limit=50)
            )
            matches = [r.id for r in found.rows if r.name.casefold() == args.org.casefold()]
            if not matches:
                raise CaseworkError(
                    N_("No organisation named {name} in the directory."), name=args.org
                )
            org_id = matches[0]
        pid = partners.import_card(ctx, data, org_id, new_org_type=OrgType(args.type))
        row = next(p for p in partners.list_partners(ctx) if p.id == pid)
    print(_("Card of {name} imported, not verified yet.").format(name=preview.card.name))
    print(_("Fingerprint:"))
    print(f"  {row.fingerprint}")
    print(
        _(
            "Call {name} or meet them and compare this fingerprint, digit by digit. Only then "
            "may an administrator mark it verified with 'casework exchange verify'."
        ).format(name=row.organisation_name)
    )
    return 0


def cmd_partners(args: argparse.Namespace, prompter: _cli.Prompter) -> int:
    with opened(args, prompter) as ctx:
        rows = partners.list_partners(ctx)
        own = partners.own_card(ctx)
    print(_("This organisation ({name}):").format(name=own.name))
    print(f"  {own.fingerprint}")
    if not rows:
        print(_("No partner cards imported yet."))
    for row in rows:
        print(_partner_line(row))
    return 0


def cmd_verify(args: argparse.Namespace, prompter: _cli.Prompter) -> int:
    with opened(args, prompter) as ctx:
        row = partners.partner_by_name(ctx, args.org)
        partners.verify_partner(ctx, row.id, args.fingerprint)
    print(_("The card of {name} is verified.").format(name=row.organisation_name))
    return 0


def cmd_send(args: argparse.Namespace, prompter: _cli.Prompter) -> int:
    with opened(args, prompter) as ctx:
        preview = outgoing.preview_referral_packet(ctx, args.referral, args.contact or "")
        print(_("To: {name}").format(name=_partner_line(preview.partner)))
        print(describe.as_text(describe.referral_lines(preview.content)))
        if not _confirm(
            args,
            _("Write this file, encrypted for {name}?").format(
                name=preview.partner.organisation_name
            ),
        ):
            return 1
        written = outgoing.write_referral_packet(
            ctx, args.referral, Path(args.out), args.contact or ""
        )
    print(
        _("Written to {file}. Only {name} can open it.").format(
            file=written.path, name=preview.partner.organisation_name
        )
    )
    return 0


def cmd_answer(args: argparse.Namespace, prompter: _cli.Prompter) -> int:
    with opened(args, prompter) as ctx:
        preview = answers.preview_answer(ctx, args.referral)
        print(_("To: {name}").format(name=_partner_line(preview.partner)))
        print(describe.as_text(describe.answer_lines(preview.content)))
        if not _confirm(
            args,
            _("Write this answer, encrypted for {name}?").format(
                name=preview.partner.organisation_name
            ),
        ):
            return 1
        written = answers.write_answer_packet(ctx, args.referral, Path(args.out))
    print(
        _("Written to {file}. Only {name} can open it.").format(
            file=written.path, name=preview.partner.organisation_name
        )
    )
    return 0


def cmd_receive(args: argparse.Namespace, prompter: _cli.Prompter) -> int:
    data = incoming.read_file(Path(args.file))
    with opened(args, prompter) as ctx:
        try:
            received = incoming.open_received(ctx, data)
        except Replayed as exc:
            print(exc.message())
            return 0
        print(_("From: {name}").format(name=_partner_line(received.partner)))
        if received.warning:
            print(_("Warning: {message}").format(message=_(received.warning)))
        if received.answer is not None:
            plan = received.answer_plan
            print(describe.as_text(describe.answer_lines(received.answer)))
            print(
                _("Referral {id} (case {reference}) moves from '{before}' to '{after}'.").format(
                    id=plan.referral_id,
                    reference=plan.case_reference,
                    before=label(plan.state_now),
                    after=label(plan.state_after),
                )
            )
            if not _confirm(args, _("Record this answer?")):
                return 1
            incoming.import_answer(ctx, data)
            print(_("Answer recorded."))
            return 0
        print(describe.as_text(describe.referral_lines(received.referral)))
        if received.matches:
            print(_("Likely already in this vault:"))
            for m in received.matches:
                reasons = ", ".join(_(r) for r in m.reasons)
                who = f"{m.alias}, {format_date(m.date_of_birth)}" if m.visible else _("not yours")
                print(f"  {m.reference} ({who}): {reasons}")
        if not args.case and not args.new_case:
            print(_("Nothing was recorded. Add --case REFERENCE or --new-case to record it."))
            return 0
        if not _confirm(args, _("Record this referral?")):
            return 1
        if args.case:
            result = incoming.import_referral(
                ctx, data, case_id=cases.case_reference(ctx, args.case)
            )
        else:
            result = incoming.import_referral(
                ctx, data, new_case=incoming.default_new_case(ctx, received)
            )
    print(_("Referral recorded on case {reference}.").format(reference=result.case_reference))
    return 0


def cmd_directory_export(args: argparse.Namespace, prompter: _cli.Prompter) -> int:
    from casework.services.exchange import directory_share

    with opened(args, prompter) as ctx:
        data = directory_share.export_directory(ctx)
    write_private(Path(args.out), data)
    print(_("Service directory written to {file} (Open Referral HSDS 3.0).").format(file=args.out))
    print(_("Organisations with pseudonymous contacts were left out."))
    return 0


def cmd_directory_import(args: argparse.Namespace, prompter: _cli.Prompter) -> int:
    from casework.exchange.hsds import MAX_BYTES
    from casework.services.exchange import directory_share
    from casework.services.exchange.directory_share import FIELD_LABELS

    data = read_limited(Path(args.file), MAX_BYTES)
    with opened(args, prompter) as ctx:
        diff = directory_share.compare_directory(ctx, data)
        print(_("New organisations ({count}):").format(count=len(diff.new)))
        for r in diff.new:
            print(f"  + {r.name} ({label(r.org_type)}, {r.country or '—'})")
        print(_("Different from this directory ({count}):").format(count=len(diff.changed)))
        for c in diff.changed:
            print(f"  ~ {c.incoming.name}")
            for change in c.changes:
                print(
                    "      "
                    + _('{field}: here "{local}", in the file "{incoming}"').format(
                        field=_(FIELD_LABELS[change.field]),
                        local=change.local,
                        incoming=change.incoming,
                    )
                )
        print(_("Unchanged: {count}").format(count=diff.unchanged))
        add = {r.id for r in diff.new} if args.add_new else set()
        wanted = {n.casefold() for n in args.update or []}
        update = {
            c.incoming.id
            for c in diff.changed
            if args.update_all or c.incoming.name.casefold() in wanted
        }
        if not add and not update:
            print(_("Nothing was changed. Add --add-new and/or --update NAME to import."))
            return 0
        added, updated = directory_share.apply_directory(ctx, data, add=add, update=update)
    print(_("{added} added, {updated} updated.").format(added=added, updated=updated))
    return 0


def add_exchange_command(sub: argparse._SubParsersAction) -> None:
    p = sub.add_parser("exchange", help=_("referrals between organisations, as signed files"))
    inner = p.add_subparsers(dest="exchange_command", required=True)

    def command(name: str, help_text: str, func, *, referral: bool = False, out: bool = False):  # noqa: ANN001, ANN202
        q = inner.add_parser(name, help=help_text)
        q.add_argument("path", help=_("the vault folder"))
        if referral:
            q.add_argument("referral", type=int, help=_("referral number"))
        if out:
            q.add_argument("--out", required=True, help=_("the file to write"))
        _acting(q)
        q.set_defaults(func=func)
        return q

    command("card", _("write this organisation's card"), cmd_card, out=True)
    q = command("import-card", _("import a partner's organisation card"), cmd_import_card)
    q.add_argument("file")
    q.add_argument("--org", help=_("the directory organisation it belongs to"))
    q.add_argument(
        "--type",
        default=OrgType.CSO.value,
        choices=[t.value for t in OrgType],
        help=_("type of the new directory organisation (without --org)"),
    )
    command("partners", _("list partners' cards"), cmd_partners)
    q = command("verify", _("mark a partner's card verified (administrators)"), cmd_verify)
    q.add_argument("org", help=_("the partner organisation's name"))
    q.add_argument("--fingerprint", required=True, help=_("the fingerprint the partner read out"))
    q = command("send", _("write a sent referral as a file"), cmd_send, referral=True, out=True)
    q.add_argument("--contact", help=_("how the partner can reach you"))
    q.add_argument("--yes", action="store_true", help=_("do not ask before writing"))
    q = command(
        "answer", _("write your answer to a received referral"), cmd_answer, referral=True, out=True
    )
    q.add_argument("--yes", action="store_true", help=_("do not ask before writing"))
    command(
        "directory-export",
        _("write the service directory as Open Referral HSDS 3.0"),
        cmd_directory_export,
        out=True,
    )
    q = command(
        "directory-import",
        _("show what an HSDS 3.0 directory adds or changes, and import what you choose"),
        cmd_directory_import,
    )
    q.add_argument("file")
    q.add_argument("--add-new", action="store_true", help=_("add the new organisations"))
    q.add_argument(
        "--update", action="append", metavar="NAME", help=_("take the file's values for NAME")
    )
    q.add_argument(
        "--update-all", action="store_true", help=_("take the file's values for every change")
    )
    q = command("receive", _("show and record a received file"), cmd_receive)
    q.add_argument("file")
    q.add_argument("--case", help=_("record it on this case (reference)"))
    q.add_argument("--new-case", action="store_true", help=_("record it on a new case"))
    q.add_argument("--yes", action="store_true", help=_("do not ask before recording"))


if add_exchange_command not in _cli._extra_commands:
    _cli._extra_commands.append(add_exchange_command)

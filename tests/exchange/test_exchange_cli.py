"""`casework exchange …` end to end between two real vaults, in English and French."""

from __future__ import annotations

import datetime as dt
import io
import sys

from exchange_helpers import PASSWORDS, consent_for, open_case, sent_referral

from casework.cli import main
from casework.model.enums import InfoScope, ReferralState
from casework.services import referrals

pytest_plugins = ["exchange_fixtures"]


def run(monkeypatch, capsys, argv: list[str], user: str = "cara") -> tuple[int, str, str]:
    monkeypatch.setattr(sys, "stdin", io.StringIO(PASSWORDS[user] + "\n"))
    code = main(["--password-stdin", *argv, "--user", user])
    out, err = capsys.readouterr()
    return code, out, err


def test_cli_round_trip(two_orgs, tmp_path, monkeypatch, capsys):
    cso, probation = two_orgs
    a, b = str(cso.folder), str(probation.folder)
    cards = {}
    for org, folder in ((cso, a), (probation, b)):
        out_file = tmp_path / f"{org.name}.cwcard"
        code, out, _ = run(
            monkeypatch, capsys, ["exchange", "card", folder, "--out", str(out_file)]
        )
        assert code == 0 and "Fingerprint" in out
        cards[org.name] = (out_file, out.strip().splitlines()[-1].strip())
    code, out, _ = run(
        monkeypatch,
        capsys,
        ["exchange", "import-card", a, str(cards["Bamako Probation"][0]), "--type", "probation"],
        user="admin",
    )
    assert code == 0 and "not verified" in out
    run(monkeypatch, capsys, ["exchange", "import-card", b, str(cards["Sahel Hope"][0])], "admin")
    # Wrong fingerprint: refused; the right one: verified.
    code, _, err = run(
        monkeypatch,
        capsys,
        ["exchange", "verify", a, "Bamako Probation", "--fingerprint", "1" * 50],
        user="admin",
    )
    assert code == 1 and "not the card's fingerprint" in err
    for folder, name in ((a, "Bamako Probation"), (b, "Sahel Hope")):
        fingerprint = cards[name][1]
        code, out, _ = run(
            monkeypatch,
            capsys,
            ["exchange", "verify", folder, name, "--fingerprint", fingerprint],
            user="admin",
        )
        assert code == 0, out

    to_probation = cso.partner_org_id("Bamako Probation")
    case = open_case(cso, "Abu Layla", "Moussa Traoré", dt.date(1990, 5, 4), "ML")
    consent_for(cso, case, to_probation, {InfoScope.IDENTITY})
    rid = sent_referral(cso, case, to_probation)
    packet = tmp_path / "out.cwx"
    code, out, _ = run(
        monkeypatch, capsys, ["exchange", "send", a, str(rid), "--out", str(packet), "--yes"]
    )
    assert code == 0 and "Moussa Traoré" in out and "not shared" in out  # the preview

    # Receive: shown first, recorded only when asked.
    code, out, _ = run(monkeypatch, capsys, ["exchange", "receive", b, str(packet)])
    assert code == 0 and "Nothing was recorded" in out
    code, out, _ = run(
        monkeypatch, capsys, ["exchange", "receive", b, str(packet), "--new-case", "--yes"]
    )
    assert code == 0 and "recorded on case" in out
    code, out, _ = run(
        monkeypatch, capsys, ["exchange", "receive", b, str(packet), "--new-case", "--yes"]
    )
    assert code == 0 and "already imported" in out

    theirs = referrals.list_referrals(
        probation.worker, referrals.ReferralQuery(direction="incoming", limit=5)
    ).rows[0]
    referrals.accept_referral(probation.worker, theirs.id)
    answer = tmp_path / "answer.cwx"
    code, out, _ = run(
        monkeypatch,
        capsys,
        ["exchange", "answer", b, str(theirs.id), "--out", str(answer), "--yes"],
    )
    assert code == 0
    code, out, _ = run(monkeypatch, capsys, ["exchange", "receive", a, str(answer), "--yes"])
    assert code == 0 and "Answer recorded" in out
    assert referrals.get_referral(cso.worker, rid).state is ReferralState.ACCEPTED

    # A damaged file, in French: a clear message, exit 1.
    damaged = tmp_path / "damaged.cwx"
    damaged.write_bytes(answer.read_bytes()[:-10])
    code, _, err = run(
        monkeypatch, capsys, ["--lang", "fr", "exchange", "receive", a, str(damaged)]
    )
    assert code == 1 and "Rien n'a été modifié" in err and "Traceback" not in err
    code, out, _ = run(monkeypatch, capsys, ["exchange", "partners", a])
    assert "Bamako Probation" in out and "Verified" in out


def test_cli_directory_export_and_import(two_orgs, tmp_path, monkeypatch, capsys):
    from casework.model.enums import OrgType
    from casework.services import directory
    from casework.services.directory import OrganisationInput

    cso, probation = two_orgs
    directory.create_organisation(
        cso.admin, OrganisationInput("Clinique Espoir", OrgType.HEALTH, country="ML", phone="1")
    )
    directory.create_organisation(
        probation.admin,
        OrganisationInput("Clinique Espoir", OrgType.HEALTH, country="ML", phone="2"),
    )
    out = tmp_path / "directory.json"
    code, text, _ = run(
        monkeypatch,
        capsys,
        ["exchange", "directory-export", str(cso.folder), "--out", str(out)],
        user="admin",
    )
    assert code == 0 and out.exists()
    b = str(probation.folder)
    code, text, _ = run(
        monkeypatch, capsys, ["exchange", "directory-import", b, str(out)], user="admin"
    )
    assert code == 0 and "Nothing was changed" in text and 'here "2", in the file "1"' in text
    code, text, _ = run(
        monkeypatch,
        capsys,
        ["exchange", "directory-import", b, str(out), "--update", "clinique espoir"],
        user="admin",
    )
    assert code == 0 and "0 added, 1 updated" in text

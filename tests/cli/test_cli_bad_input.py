"""Bad input to the command line: every case exits 1 or 2 with a translated message (English and
French), never a traceback, and an audited action is audited only when it really happened."""

from __future__ import annotations

import io
import os
import subprocess
import sys
from pathlib import Path

import pytest
from sqlalchemy import select

from casework.cli import main
from casework.model import AuditEvent
from casework.store.vault import Vault

ROOT = Path(__file__).resolve().parents[2]
PW = "orchard lantern quietly ninety"
UNEXPECTED = ("Traceback", "unexpected problem", "problème inattendu")


def run(monkeypatch, capsys, argv: list[str], stdin: bytes = b"") -> tuple[int, str, str]:
    """The CLI in-process, standard input given as bytes (decoded as UTF-8, strictly)."""
    monkeypatch.setattr(sys, "stdin", io.TextIOWrapper(io.BytesIO(stdin), encoding="utf-8"))
    code = main(["--password-stdin", *argv])
    out, err = capsys.readouterr()
    assert not any(word in out + err for word in UNEXPECTED), err
    return code, out, err


def actions(folder: Path) -> list[str]:
    """The audited actions, logins left out (opening the vault to look is a login too)."""
    with Vault.open(folder, "amina", PW, verify_pages=False) as vault, vault.session() as s:
        query = select(AuditEvent.action).where(AuditEvent.action.not_like("login.%"))
        return list(s.scalars(query.order_by(AuditEvent.id)))


@pytest.fixture
def vault(tmp_path, monkeypatch, capsys) -> Path:
    path = tmp_path / "v"
    argv = ["init", str(path), "--org", "Hope", "--admin", "amina", "--country", "ke"]
    assert run(monkeypatch, capsys, argv, PW.encode())[0] == 0
    return path


def _subprocess(
    args: list[str], stdin: bytes = b"", lang: str = "en"
) -> subprocess.CompletedProcess:
    env = {k: v for k, v in os.environ.items() if k not in ("DISPLAY", "WAYLAND_DISPLAY")}
    env.pop("QT_QPA_PLATFORM", None)  # as on a server: no display at all
    env["LANG"] = "fr_FR.UTF-8" if lang == "fr" else "C.UTF-8"
    env["PYTHONPATH"] = str(ROOT)
    return subprocess.run(
        [sys.executable, str(ROOT / "main.py"), *args],
        input=stdin,
        capture_output=True,
        cwd=ROOT,
        env=env,
        timeout=60,
    )


@pytest.mark.parametrize(
    ("lang", "words"), [("en", ("usage:", "invalid choice")), ("fr", ("utilisation", "erreur"))]
)
def test_an_unknown_subcommand_is_a_translated_usage_error_not_the_desktop_app(lang, words):
    result = _subprocess(["frobnicate", "--lang", lang], lang=lang)
    err = result.stderr.decode()
    assert result.returncode == 2, err
    assert all(word in err for word in words)
    assert "Traceback" not in err and "platform plugin" not in err


def test_argparse_words_are_translated_under_lang_fr(monkeypatch, capsys):
    code, out, _ = run(monkeypatch, capsys, ["--lang", "fr", "verify", "-h"])
    assert code == 0
    assert "utilisation" in out and "afficher ce message d'aide et quitter" in out
    assert "usage:" not in out and "show this help message" not in out
    code, _, err = run(monkeypatch, capsys, ["--lang", "fr", "verify"])
    assert code == 2
    assert "erreur" in err and "les arguments suivants sont obligatoires" in err
    assert "error:" not in err
    code, _, err = run(monkeypatch, capsys, ["verify"])
    assert code == 2 and "usage:" in err and "the following arguments are required" in err


def test_non_utf8_bytes_in_a_name_are_refused_as_usage(tmp_path):
    # Real bytes on a real command line (Python hands them on as surrogate escapes).
    result = subprocess.run(
        [
            sys.executable,
            str(ROOT / "main.py"),
            "init",
            str(tmp_path / "v"),
            "--org",
            "O",
            "--admin",
            b"\xff\xfeamina",
            "--password-stdin",
        ],
        input=PW.encode(),
        capture_output=True,
        cwd=ROOT,
        env={**os.environ, "PYTHONPATH": str(ROOT)},
        timeout=60,
    )
    err = result.stderr.decode()
    assert result.returncode == 2 and "not valid UTF-8" in err and "Traceback" not in err
    assert not (tmp_path / "v").exists()


@pytest.mark.parametrize(("lang", "word"), [("en", "not valid UTF-8"), ("fr", "UTF-8 valide")])
def test_non_utf8_bytes_in_a_password_are_refused(vault, monkeypatch, capsys, lang, word):
    before = actions(vault)
    argv = ["--lang", lang, "verify", str(vault), "--user", "amina"]
    code, _, err = run(monkeypatch, capsys, argv, b"orchard \xff\xfe lantern\n")
    assert code == 1 and word in err
    argv = ["--lang", lang, "add-user", str(vault), "carl", "--role", "caseworker"]
    code, _, err = run(monkeypatch, capsys, [*argv, "--user", "amina"], PW.encode() + b"\n\xc3(\n")
    assert code == 1 and word in err
    assert actions(vault) == before  # nothing happened, nothing audited


@pytest.mark.parametrize(("lang", "word"), [("en", "is a file"), ("fr", "est un fichier")])
def test_a_file_where_a_folder_is_expected(tmp_path, monkeypatch, capsys, lang, word):
    afile = tmp_path / "afile"
    afile.write_text("x")
    code, _, err = run(
        monkeypatch,
        capsys,
        ["--lang", lang, "init", str(afile), "--org", "O", "--admin", "amina"],
        PW.encode(),
    )
    assert code == 1 and word in err
    code, _, err = run(
        monkeypatch, capsys, ["--lang", lang, "verify", str(afile), "--user", "amina"], b"x\n"
    )
    assert code == 1 and word in err
    nested = ["--lang", lang, "init", str(afile / "v"), "--org", "O", "--admin", "amina"]
    code, _, err = run(monkeypatch, capsys, nested, PW.encode())
    assert code == 1 and word in err
    assert afile.read_text() == "x"


def _read_only_folder(tmp_path: Path) -> Path:
    if os.geteuid() != 0:
        folder = tmp_path / "ro"
        folder.mkdir(mode=0o500)
        return folder
    # root writes through file modes; sysfs refuses new entries even to root.
    probe = Path("/sys")
    if probe.is_dir() and _refuses_mkdir(probe):
        return probe
    pytest.skip("no folder here is read-only for this user")


def _refuses_mkdir(folder: Path) -> bool:
    try:
        (folder / "casework-probe").mkdir()
    except OSError:
        return True
    (folder / "casework-probe").rmdir()
    return False


@pytest.mark.parametrize(
    ("lang", "word"), [("en", "permission denied"), ("fr", "autorisation refusée")]
)
def test_a_read_only_folder(vault, tmp_path, monkeypatch, capsys, lang, word):
    ro = _read_only_folder(tmp_path)
    init = ["--lang", lang, "init", str(ro / "v"), "--org", "O", "--admin", "amina"]
    code, _, err = run(monkeypatch, capsys, init, PW.encode())
    assert code == 1 and (word in err or "read-only" in err or "lecture seule" in err)
    assert not (ro / "v").exists()
    backup = ["--lang", lang, "backup", str(vault), str(ro / "b.cwb"), "--user", "amina"]
    code, _, err = run(monkeypatch, capsys, backup, PW.encode())
    assert code == 1 and (word in err or "read-only" in err or "lecture seule" in err)
    assert "vault.backup" not in actions(vault)


@pytest.mark.parametrize(("lang", "word"), [("en", "does not exist"), ("fr", "n'existe pas")])
def test_a_missing_folder(vault, tmp_path, monkeypatch, capsys, lang, word):
    missing = tmp_path / "nowhere"
    code, _, err = run(
        monkeypatch, capsys, ["--lang", lang, "verify", str(missing), "--user", "amina"], b"x\n"
    )
    assert code == 1 and "Casework" in err
    backup = ["--lang", lang, "backup", str(vault), str(missing / "b.cwb"), "--user", "amina"]
    code, _, err = run(monkeypatch, capsys, backup, PW.encode())
    assert code == 1 and word in err
    assert "vault.backup" not in actions(vault)  # not audited: it did not happen
    assert not missing.exists()


@pytest.mark.parametrize(("lang", "word"), [("en", "too long"), ("fr", "trop long")])
def test_an_over_long_path(tmp_path, monkeypatch, capsys, lang, word):
    for path in (tmp_path / ("a" * 5000), tmp_path / ("ab/" * 2000)):
        argv = ["--lang", lang, "init", str(path), "--org", "O", "--admin", "amina"]
        code, _, err = run(monkeypatch, capsys, argv, PW.encode())
        assert code == 1 and word in err
        assert len(err) < 400  # the path is shortened in the message


@pytest.mark.parametrize(("lang", "word"), [("en", "does not exist"), ("fr", "n'existe pas")])
def test_out_into_a_missing_folder(vault, tmp_path, monkeypatch, capsys, lang, word):
    out = tmp_path / "missing" / "plan.pdf"
    argv = ["--lang", lang, "print", "plan", str(vault), "KE-2026-0001", "--out", str(out)]
    code, _, err = run(monkeypatch, capsys, [*argv, "--user", "amina"], PW.encode())
    assert code == 1 and word in err
    assert "document.saved_unencrypted" not in actions(vault)


def test_a_pdf_or_backup_is_never_written_into_the_vault_folder(vault, monkeypatch, capsys):
    before = sorted(p.name for p in vault.iterdir())
    argv = ["backup", str(vault), str(vault / "casework.db"), "--user", "amina"]
    code, _, err = run(monkeypatch, capsys, argv, PW.encode())
    assert code == 1 and "vault's folder" in err
    argv = ["print", "plan", str(vault), "KE-2026-0001", "--out", str(vault / "keyslots.json")]
    code, _, err = run(monkeypatch, capsys, [*argv, "--user", "amina"], PW.encode())
    assert code == 1 and "vault's folder" in err
    assert sorted(p.name for p in vault.iterdir()) == before
    assert "vault.backup" not in actions(vault)


@pytest.mark.parametrize("lang", ["en", "fr"])
def test_a_broken_output_pipe_is_a_message_and_shows_no_key(vault, lang):
    # `casework show-key … | head -c1`: the reader goes away before the key is written.
    reader, writer = os.pipe()
    os.close(reader)
    env = {**os.environ, "PYTHONPATH": str(ROOT)}
    result = subprocess.run(
        [
            sys.executable,
            str(ROOT / "main.py"),
            "--lang",
            lang,
            "show-key",
            str(vault),
            "--user",
            "amina",
            "--password-stdin",
        ],
        input=PW.encode(),
        stdout=writer,
        stderr=subprocess.PIPE,
        cwd=ROOT,
        env=env,
        timeout=60,
    )
    os.close(writer)
    err = result.stderr.decode()
    assert result.returncode == 1, err
    assert "Traceback" not in err
    assert ("output was closed" if lang == "en" else "sortie a été fermée") in err
    assert "vault.key_shown" not in actions(vault)  # the key was not shown: not audited


@pytest.mark.parametrize(
    "header",
    [
        b'{"version": "1.x", "keyslots": {}}',
        b'{"version": [1], "keyslots": {}}',
        b'{"version": null}',
        b"[1, 2]",
        b'"just a string"',
    ],
)
def test_a_backup_with_a_malformed_version(tmp_path, monkeypatch, capsys, header):
    source = tmp_path / "bad.cwb"
    source.write_bytes(b"CASEWORK-BACKUP\n" + header + b"\n" + b"\0" * 64)
    target = tmp_path / "restored"
    code, _, err = run(monkeypatch, capsys, ["restore", str(source), str(target)])
    assert code == 1 and "not a Casework backup or is damaged" in err
    assert not target.exists() or not any(target.iterdir())
    code, _, err = run(monkeypatch, capsys, ["--lang", "fr", "restore", str(source), str(target)])
    assert code == 1 and "sauvegarde" in err


@pytest.mark.parametrize(
    ("argv", "field"),
    [
        (["--org", "", "--admin", "amina"], "--org"),
        (["--org", "O\x07", "--admin", "amina"], "--org"),
        (["--org", "O" * 201, "--admin", "amina"], "--org"),
        (["--org", "O", "--admin", "a"], "--admin"),
        (["--org", "O", "--admin", "amina smith"], "--admin"),
        (["--org", "O", "--admin", "amina", "--country", "ZZ"], "--country"),
    ],
)
def test_init_validates_the_administrator_organisation_and_country(
    tmp_path, monkeypatch, capsys, argv, field
):
    path = tmp_path / "v"
    code, _, err = run(monkeypatch, capsys, ["init", str(path), *argv], PW.encode())
    assert code == 1 and field in err
    assert not path.exists()


def test_init_validation_messages_in_french(tmp_path, monkeypatch, capsys):
    argv = ["--lang", "fr", "init", str(tmp_path / "v"), "--org", " ", "--admin", "x"]
    code, _, err = run(monkeypatch, capsys, argv, PW.encode())
    assert code == 1
    assert "nom de l'organisation" in err and "--admin" in err and "Veuillez" in err

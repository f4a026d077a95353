"""The administration CLI end to end on real vaults: exit codes, messages, languages."""

from __future__ import annotations

import io
import subprocess
import sys
from pathlib import Path

import pytest
import sqlcipher3

from casework.cli import main

ADMIN_PW = "orchard lantern quietly ninety"
USER_PW = "seven blue camels at dusk"
NEW_PW = "lemon tractor whispers north"


def run(monkeypatch, capsys, argv: list[str], stdin: str = "") -> tuple[int, str, str]:
    monkeypatch.setattr(sys, "stdin", io.StringIO(stdin))
    code = main(["--password-stdin", *argv])
    out, err = capsys.readouterr()
    return code, out, err


@pytest.fixture
def vault(tmp_path, monkeypatch, capsys) -> Path:
    path = tmp_path / "v"
    code, out, _ = run(
        monkeypatch, capsys, ["init", str(path), "--org", "Hope", "--admin", "amina"], ADMIN_PW
    )
    assert code == 0
    assert "Recovery key" in out
    return path


def test_init_refuses_weak_password_with_feedback(tmp_path, monkeypatch, capsys):
    code, _, err = run(
        monkeypatch,
        capsys,
        ["init", str(tmp_path / "v"), "--org", "O", "--admin", "amina"],
        "password1\n",
    )
    assert code == 1
    assert "15" in err  # the length rule is explained
    assert not (tmp_path / "v").exists()


def test_user_lifecycle(vault, monkeypatch, capsys):
    add = ["add-user", str(vault), "carl", "--role", "caseworker", "--user", "amina"]
    assert run(monkeypatch, capsys, add, f"{ADMIN_PW}\n{USER_PW}\n")[0] == 0
    # carl changes his own password: current first, then the new one.
    code, out, _ = run(
        monkeypatch, capsys, ["passwd", str(vault), "--user", "carl"], f"{USER_PW}\n{NEW_PW}\n"
    )
    assert code == 0 and "changed" in out
    code, _, err = run(monkeypatch, capsys, ["verify", str(vault), "--user", "carl"], USER_PW)
    assert code == 1 and "not correct" in err
    # A caseworker may not verify the audit trail (administrators only).
    code, _, err = run(monkeypatch, capsys, ["verify", str(vault), "--user", "carl"], NEW_PW)
    assert code == 1 and "permission" in err
    # Admin resets then removes him.
    code, _, _ = run(
        monkeypatch,
        capsys,
        ["passwd", str(vault), "--user", "amina", "--target", "carl"],
        f"{ADMIN_PW}\n{USER_PW}\n",
    )
    assert code == 0
    # Names are matched as the key slots normalise them (case, spaces, Unicode form).
    remove = ["remove-user", str(vault), " CARL ", "--user", "amina"]
    assert run(monkeypatch, capsys, remove, ADMIN_PW)[0] == 0
    code, _, _ = run(monkeypatch, capsys, ["verify", str(vault), "--user", "carl"], USER_PW)
    assert code == 1


def test_verify_rotate_show_key_backup_restore(vault, tmp_path, monkeypatch, capsys):
    code, out, _ = run(monkeypatch, capsys, ["verify", str(vault), "--user", "amina"], ADMIN_PW)
    assert code == 0 and "chain intact" in out
    code, out, err = run(monkeypatch, capsys, ["show-key", str(vault), "--user", "amina"], ADMIN_PW)
    assert code == 0 and "WARNING" in err
    old_key = out.strip()
    assert run(monkeypatch, capsys, ["rotate-key", str(vault), "--user", "amina"], ADMIN_PW)[0] == 0
    _, new_key, err = run(
        monkeypatch, capsys, ["show-key", str(vault), "--user", "amina"], ADMIN_PW
    )
    assert new_key.strip() != old_key
    # The settings the warning names besides the key are the ones the file needs.
    hmac = err.split("PRAGMA cipher_hmac_algorithm = ")[1].split(";")[0]
    assert hmac == "HMAC_SHA256"
    conn = sqlcipher3.connect(str(vault / "casework.db"))
    conn.execute(f'PRAGMA key = "{new_key.strip()}"')
    conn.execute(f"PRAGMA cipher_hmac_algorithm = {hmac}")
    assert conn.execute("SELECT count(*) FROM users").fetchone()[0] == 1
    conn.close()
    backup = tmp_path / "b.cwb"
    assert (
        run(monkeypatch, capsys, ["backup", str(vault), str(backup), "--user", "amina"], ADMIN_PW)[
            0
        ]
        == 0
    )
    restore = ["restore", str(backup), str(tmp_path / "r"), "--user", "amina"]
    assert run(monkeypatch, capsys, restore, ADMIN_PW)[0] == 0
    code, _, err = run(monkeypatch, capsys, ["restore", str(backup), str(vault), "--user", "amina"])
    assert code == 1 and "already exists" in err
    code, out, _ = run(
        monkeypatch, capsys, ["verify", str(tmp_path / "r"), "--user", "amina"], ADMIN_PW
    )
    assert code == 0 and "chain intact" in out


def test_recovery_key_resets_a_password(tmp_path, monkeypatch, capsys):
    path = tmp_path / "v"
    _, out, _ = run(
        monkeypatch, capsys, ["init", str(path), "--org", "O", "--admin", "amina"], ADMIN_PW
    )
    recovery = out.strip().splitlines()[-1]
    code, _, _ = run(
        monkeypatch,
        capsys,
        ["passwd", str(path), "--recovery-key", "--target", "amina"],
        f"{recovery}\n{NEW_PW}\n",
    )
    assert code == 0
    assert run(monkeypatch, capsys, ["verify", str(path), "--user", "amina"], NEW_PW)[0] == 0


def test_messages_in_french(vault, monkeypatch, capsys):
    code, _, err = run(
        monkeypatch,
        capsys,
        ["--lang", "fr", "verify", str(vault), "--user", "amina"],
        "mauvais mot de passe ici\n",
    )
    assert code == 1
    assert "mot de passe" in err


def test_messages_in_arabic(vault, monkeypatch, capsys):
    code, _, err = run(
        monkeypatch,
        capsys,
        ["--lang", "ar", "verify", str(vault), "--user", "amina"],
        "wrong password here\n",
    )
    assert code == 1
    assert "كلمة المرور" in err


def test_usage_errors_exit_2_through_the_real_entry_point(tmp_path):
    root = Path(__file__).resolve().parents[1]
    result = subprocess.run(
        [sys.executable, str(root / "main.py"), "verify"],
        capture_output=True,
        text=True,
        cwd=tmp_path,
    )
    assert result.returncode == 2
    assert "usage" in result.stderr
    result = subprocess.run(
        [
            sys.executable,
            "-m",
            "casework",
            "verify",
            str(tmp_path / "none"),
            "--user",
            "x",
            "--password-stdin",
        ],
        input="whatever\n",
        capture_output=True,
        text=True,
        cwd=root,
    )
    assert result.returncode == 1
    assert "does not contain a Casework vault" in result.stderr


def test_a_too_long_name_gets_the_same_message_as_in_the_app(vault, monkeypatch, capsys):
    from casework.services.limits import LIMITS

    too_long = "D" * (LIMITS["display_name"] + 1)
    add = ["add-user", str(vault), "dora", "--role", "caseworker", "--user", "amina"]
    code, _out, err = run(
        monkeypatch, capsys, [*add, "--name", too_long], f"{ADMIN_PW}\n{USER_PW}\n"
    )
    assert code == 1
    assert f"Too long: at most {LIMITS['display_name']} characters." in err  # as under the field
    assert "Traceback" not in err

"""Crash safety: writers are killed with SIGKILL at random moments (at least 20 kills here,
200 in tests/perf/crash_stress.py); every commit that returned is still there, the vault opens
with the old or the new password, and both integrity checks are clean."""

from __future__ import annotations

import random

from conftest import ADMIN, ADMIN_PASSWORD, SUPERVISOR_PASSWORD
from crash_harness import run_and_kill
from sqlalchemy import select, text

from casework.errors import WrongCredentials
from casework.model import Case
from casework.model.enums import Role
from casework.services import users
from casework.services.context import ServiceContext
from casework.store.vault import Vault

NEW_PASSWORD = "lemon tractor whispers north"


def _check_integrity(vault: Vault) -> None:
    with vault.engine.connect() as conn:
        assert conn.execute(text("PRAGMA integrity_check")).scalar() == "ok"
        assert conn.execute(text("PRAGMA cipher_integrity_check")).all() == []


def test_commits_survive_sigkill(new_vault, vault_dir):
    vault, _ = new_vault
    users.create_user(
        ServiceContext.for_vault(vault), "sara", "Sara", {Role.SUPERVISOR}, SUPERVISOR_PASSWORD
    )
    vault.close()
    rng = random.Random(20261124)
    confirmed: set[int] = set()
    for _ in range(12):
        lines = run_and_kill(["commit", str(vault_dir), "sara", SUPERVISOR_PASSWORD], rng)
        confirmed |= {int(line.split()[1]) for line in lines if line.startswith("case ")}
        with Vault.open(vault_dir, ADMIN, ADMIN_PASSWORD) as v:
            with v.session() as s:
                present = set(s.scalars(select(Case.id)))
            assert confirmed <= present
            _check_integrity(v)
    assert len(confirmed) > 12


def test_password_change_survives_sigkill(new_vault, vault_dir):
    new_vault[0].close()
    rng = random.Random(7)
    passwords = {"A": ADMIN_PASSWORD, "B": NEW_PASSWORD}
    current = "A"
    for _ in range(8):
        other = "B" if current == "A" else "A"
        lines = run_and_kill(
            ["passwd", str(vault_dir), ADMIN, passwords[current], passwords[other]],
            rng,
            max_wait=0.3,
        )
        # The child's "A" is the password it started with, "B" the other one.
        absolute = {"A": current, "B": other}
        changes = [absolute[line.split()[1]] for line in lines if line.startswith("now ")]
        # The last change that returned is in force, or the one in flight when killed.
        expected = changes[-1] if changes else current
        candidates = [expected, "B" if expected == "A" else "A"]
        for label in candidates:
            try:
                vault = Vault.open(vault_dir, ADMIN, passwords[label])
            except WrongCredentials:
                continue
            current = label
            _check_integrity(vault)
            vault.close()
            break
        else:
            raise AssertionError("the vault opens with neither the old nor the new password")

"""A bulk workshop vault keeps no second copy of itself: reset makes it again from its recipe."""

from __future__ import annotations

import datetime as dt
import os
import stat
from pathlib import Path

from sqlalchemy import func, select

from casework.model import Case
from casework.model.enums import ClientCategory, CustodyStatus
from casework.services import cases
from casework.services.cases import CaseInput
from casework.services.context import ServiceContext
from casework.store.vault import Vault
from casework.workshop import ACCOUNTS, digest, generate, has_pristine, reset_workshop
from casework.workshop.accounts import recipe_path
from casework.workshop.reset import pristine_path

PASSWORDS = {a.name: a.password for a in ACCOUNTS}


def login(folder: Path, name: str) -> ServiceContext:
    return ServiceContext.for_vault(Vault.open(folder, name, PASSWORDS[name], verify_pages=False))


def test_bulk_vault_is_reset_by_making_it_again(tmp_path: Path) -> None:
    folder = tmp_path / "bulk"
    day = dt.date(2026, 11, 20)
    generate(folder, cases=120, seed=4, bulk=True, language="en", today=day)
    assert has_pristine(folder)
    assert not pristine_path(folder).exists()  # no copy of the database
    assert stat.S_IMODE(os.stat(recipe_path(folder)).st_mode) == 0o600
    ctx = login(folder, "supervisor")
    before = digest(ctx.vault)
    cases.create_case(
        ctx,
        CaseInput(
            "Added in the session", ClientCategory.RETURNEE_FTF, CustodyStatus.RETURNED, "KE"
        ),
    )
    ctx.vault.close()

    told: list[tuple[int, int]] = []
    reset_workshop(folder, lambda done, total: told.append((done, total)))
    assert told and told[-1] == (120, 120)  # a long reset says how far it is

    ctx = login(folder, "supervisor")
    try:
        assert digest(ctx.vault) == before  # the same seed, day and language: the same data
        with ctx.read() as s:
            assert s.scalar(select(func.count(Case.id))) == 120
    finally:
        ctx.vault.close()
    assert has_pristine(folder)  # and it can be reset again
    assert not (tmp_path / ".bulk.regenerating").exists()

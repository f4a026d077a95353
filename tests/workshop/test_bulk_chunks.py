"""The bulk path makes the next chunk of rows on a helper thread while SQLite writes the current
one: however the cases are chunked, a seed still gives the same vault, and it opens and searches."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import pytest
from sqlalchemy import text

from casework.services import case_list
from casework.services.case_list import CaseQuery
from casework.services.context import ServiceContext
from casework.store.vault import Vault
from casework.workshop import ACCOUNTS, bulk, digest, generate

PASSWORDS = {a.name: a.password for a in ACCOUNTS}
DAY = dt.date(2026, 11, 20)


def _made(folder: Path) -> tuple[str, int, int]:
    vault = Vault.open(folder, "supervisor", PASSWORDS["supervisor"], verify_pages=False)
    try:
        ctx = ServiceContext.for_vault(vault)
        with ctx.read() as s:
            names = s.scalar(text("SELECT count(*) FROM case_name_search"))
            cases = s.scalar(text("SELECT count(*) FROM cases"))
        assert names == cases  # the names-only search table follows the bulk rows too
        alias = case_list.list_cases(ctx, CaseQuery(sort="alias", limit=1)).rows[0].alias
        found = case_list.list_cases(ctx, CaseQuery(text=alias[:2]))
        assert any(r.alias == alias for r in found.rows)
        return digest(vault), cases, found.total
    finally:
        vault.close()


def test_chunked_load_gives_the_same_vault(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    generate(tmp_path / "one", cases=150, seed=5, bulk=True, language="en", today=DAY)
    monkeypatch.setattr(bulk, "CHUNK", 40)  # four chunks, three of them made on the thread
    generate(tmp_path / "four", cases=150, seed=5, bulk=True, language="en", today=DAY)
    one, four = _made(tmp_path / "one"), _made(tmp_path / "four")
    assert one == four
    assert one[1] == 150

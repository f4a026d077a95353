"""A bulk-built vault is a normal vault: every page passes SQLCipher's check, it is back in WAL
mode, and a seed still gives the rows it gave before the build was made faster (the same counts
per table, the same digest), with search rows exactly as the insert triggers make them."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

from sqlalchemy import text

from casework.store import ddl
from casework.store.vault import Vault
from casework.workshop import ACCOUNTS, digest, generate

PASSWORDS = {a.name: a.password for a in ACCOUNTS}
DAY = dt.date(2026, 11, 20)
# What seed 5 gave for 150 cases on DAY before issue 13's build changes (bulk-filled tables).
COUNTS = {
    "cases": 150,
    "notes": 1372,
    "consents": 270,
    "referrals": 332,
    "referral_events": 679,
    "plans": 109,
    "plan_goals": 220,
    "goal_actions": 220,
    "plan_review_dates": 215,
    "tasks": 143,
    "risk_observations": 143,
}
DIGEST = "2ed57ce28cc3cecbfd8b6bbbdadf62e196c0c3629d78476c44d284b24e25d85e"


def _rows(vault: Vault, sql: str) -> list[tuple]:
    with vault.session() as s:
        return [tuple(r) for r in s.execute(text(sql))]


def test_bulk_vault_passes_the_page_check_with_the_same_rows(tmp_path: Path) -> None:
    folder = tmp_path / "bulk"
    generate(folder, cases=150, seed=5, bulk=True, language="en", today=DAY)
    # verify_pages=True: the unlock runs SQLCipher's HMAC check of every page.
    vault = Vault.open(folder, "supervisor", PASSWORDS["supervisor"], verify_pages=True)
    try:
        assert vault.check_pages() == 0
        with vault.session() as s:
            assert s.execute(text("PRAGMA journal_mode")).scalar() == "wal"
            counts = {t: s.scalar(text(f"SELECT count(*) FROM {t}")) for t in COUNTS}
            assert s.execute(text("PRAGMA foreign_key_check")).fetchall() == []
            for table in ("case_search", "case_name_search"):
                s.execute(text(f"INSERT INTO {table}({table}) VALUES ('integrity-check')"))
            triggers = {
                r[0]
                for r in s.execute(text("SELECT name FROM sqlite_master WHERE type = 'trigger'"))
            }
        assert counts == COUNTS
        assert digest(vault) == DIGEST
        assert set(ddl.case_search_fills()) <= triggers  # put back for the app's own writes
        # The search rows are the ones the insert triggers give, for every case (the exercise
        # cases' rows were made by the triggers themselves).
        for table, (_trigger, fill) in zip(
            ("case_search", "case_name_search"), ddl.case_search_fills().values(), strict=True
        ):
            select = fill[fill.index("SELECT c.id") :].replace(":first", "0")
            made = _rows(vault, f"SELECT rowid, * FROM {table} ORDER BY rowid")
            assert len(made) == 150
            assert made == _rows(vault, select)
    finally:
        vault.close()

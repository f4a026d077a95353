"""The bulk load sets indexes, the notes' search triggers and foreign keys aside on a connection
of its own (workshop/bulk_schema.py): the vault it leaves has the schema of any other vault, rows
whose references all hold, search tables exactly as the triggers make them, and connections
with the usual settings."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import pytest
from sqlalchemy import text

from casework.services import case_list
from casework.services.case_list import CaseQuery
from casework.services.context import ServiceContext
from casework.store.engine import HEAP_BUDGET_KIB, soft_heap_limit
from casework.store.vault import Vault
from casework.workshop import ACCOUNTS, generate

PASSWORDS = {a.name: a.password for a in ACCOUNTS}
DAY = dt.date(2026, 11, 20)
SCHEMA = "SELECT type, name, sql FROM sqlite_master WHERE type IN ('index', 'trigger')"


def _open(folder: Path) -> Vault:
    return Vault.open(folder, "supervisor", PASSWORDS["supervisor"], verify_pages=False)


@pytest.fixture(scope="module")
def made(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, Path]:
    root = tmp_path_factory.mktemp("bulk-schema")
    generate(root / "bulk", cases=160, seed=3, bulk=True, language="en", today=DAY)
    generate(root / "small", cases=12, seed=3, bulk=False, language="en", today=DAY)
    return root / "bulk", root / "small"


def test_schema_is_put_back_as_it_was(made: tuple[Path, Path]) -> None:
    bulk, small = made
    schemas = []
    for folder in (bulk, small):
        vault = _open(folder)
        try:
            with vault.session() as s:
                schemas.append(sorted(tuple(r) for r in s.execute(text(SCHEMA))))
                # A pooled connection has the usual settings, not the load's.
                assert s.scalar(text("PRAGMA foreign_keys")) == 1
                assert s.scalar(text("PRAGMA secure_delete")) == 1
        finally:
            vault.close()
    assert schemas[0] == schemas[1]
    names = {name for _kind, name, _sql in schemas[0]}
    assert {"ix_notes_case_id", "note_search_ai", "case_search_ai"} <= names
    assert any(name.startswith("ix_cases_") for name in names)  # the cases' indexes are back


def test_every_reference_holds_and_search_is_what_the_triggers_make(
    made: tuple[Path, Path],
) -> None:
    vault = _open(made[0])
    try:
        with vault.engine.begin() as conn:
            assert conn.exec_driver_sql("PRAGMA foreign_key_check").fetchall() == []
            assert conn.exec_driver_sql("PRAGMA integrity_check").scalar() == "ok"
            columns = "rowid, reference, alias, legal_name, notes, restricted_notes, places"
            before = conn.exec_driver_sql(f"SELECT {columns} FROM case_search ORDER BY 1").all()
            names = conn.exec_driver_sql("SELECT rowid, * FROM case_name_search ORDER BY 1").all()
            cases = conn.exec_driver_sql("SELECT count(*) FROM cases").scalar()
            assert len(before) == len(names) == cases == 160
            assert sum(1 for row in before if row.notes) >= 150  # notes were indexed
            # Every note trigger re-indexes its case from its notes: nothing may change.
            conn.exec_driver_sql("UPDATE notes SET body = body")
            conn.exec_driver_sql("UPDATE cases SET alias = alias")
            after = conn.exec_driver_sql(f"SELECT {columns} FROM case_search ORDER BY 1").all()
            again = conn.exec_driver_sql("SELECT rowid, * FROM case_name_search ORDER BY 1").all()
            assert after == before
            assert again == names
            conn.rollback()
        ctx = ServiceContext.for_vault(vault)
        word = before[-1].notes.split()[3].strip(".,;:")
        found = case_list.list_cases(ctx, CaseQuery(text=word))
        assert found.total >= 1
    finally:
        vault.close()


def test_the_load_gives_back_the_memory_budget(new_vault) -> None:  # noqa: ANN001
    """The load lifts SQLite's process-wide budget for its own large cache (store/engine.py)
    while it fills the vault, and sets it again when its connection closes."""
    from casework.workshop.bulk_schema import LoadConnection

    vault, _recovery = new_vault
    load = LoadConnection(vault.engine, ("notes",))
    try:
        assert soft_heap_limit() == 0
        load.restore()
    finally:
        load.close()
    assert soft_heap_limit() == HEAP_BUDGET_KIB * 1024


def test_statistics_cells_are_counted_after_the_load(made: tuple[Path, Path]) -> None:
    """The statistics' cells (store/stat_cells.py), whose triggers the load sets aside, give
    the figures the full passes over the loaded rows give."""
    from casework.errors import CaseworkError
    from casework.model.enums import Subregion
    from casework.services import statistics_counts
    from tests.services import stats_reference

    vault = _open(made[0])
    try:
        with vault.session() as s:
            assert s.scalar(text("SELECT sum(n) FROM stat_cases")) == 160
            assert s.scalar(text("SELECT sum(n) FROM stat_referral_services")) > 0
        for view in (DAY, dt.date(2026, 6, 10)):
            ctx = ServiceContext(vault, None, today=lambda view=view: view)
            for area in ((None, None), (Subregion.GREATER_HORN, None), (None, "KE")):
                got = []
                for source in (statistics_counts, stats_reference):
                    try:
                        with vault.session() as s:
                            got.append(source.gather(ctx, s, *area, None))
                    except CaseworkError as refused:
                        got.append(type(refused).__name__)
                assert got[0] == got[1], (view, area)
    finally:
        vault.close()

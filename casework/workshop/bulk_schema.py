"""The bulk load's connection: what SQLite need not do row by row while a fresh vault is filled.

The bulk path (bulk.py) writes every row of a table chunk after chunk on one connection of its
own. On that connection, for the time of the load only:

- the secondary indexes of the tables it fills are set aside and created again at the end (one
  sort per index instead of one B-tree insertion per row and index), except those of the notes:
  the case's search trigger reads a case's notes through `ix_notes_case_id` (without it, one
  scan of every note per case);
- the notes' search triggers are set aside: a case's notes are inserted before the case, so
  they would re-index a case that does not exist yet;
- the cases' insert triggers that fill the search tables are set aside too, and their rows are
  made at the end by one INSERT ... SELECT per search table over the loaded cases (store/ddl.py
  `case_search_fills`): the same rows, in the same order, as the triggers give, for about a
  quarter of the CPU (no statement per case, one long FTS5 write instead of one per chunk). A
  trigger whose SQL is not the one that statement stands for (a later migration changed it)
  is left to fire;
- the statistics' cell triggers are set aside (store/stat_cells.py: a referral loaded before
  its case would find no area), and the cells are counted once from the loaded rows at the end;
- foreign keys are not enforced (a child's lookup of its parent, and the parent's of its
  children, would need the indexes set aside); the rows are the generator's own, with ids it
  assigns, and tests/workshop check them with `PRAGMA foreign_key_check`;
- nothing is zeroed on free (nothing is deleted), and the page cache is large.

Everything set aside is put back exactly as it was (the schema's own SQL, read from
`sqlite_master`), so a migration that changes an index or a trigger needs nothing here. The
connection is then closed, never returned to the pool with these settings. A load that fails
leaves a half-made vault, which the generator deletes (it is made in a hidden folder).
"""

from __future__ import annotations

import secrets
from collections.abc import Iterable
from typing import Any

from casework.store import stat_cells, stat_cells_upkeep
from casework.store.ddl import case_search_fills
from casework.store.engine import share_heap_budget

BULK_CACHE_KIB = 256 * 1024  # page cache of the loading connection
# Triggers that re-index a case when one of its notes changes (store/ddl.py): no-ops in a bulk
# load, where the case is inserted after its notes.
NOTE_TRIGGER_TABLE = "notes"
CASE_TABLE = "cases"


def _same_sql(a: str, b: str) -> bool:
    return " ".join(a.split()) == " ".join(b.split())


class LoadConnection:
    """One raw SQLCipher connection set up for the load; `restore()` puts the schema back."""

    def __init__(self, engine: Any, tables: Iterable[str]) -> None:
        self.engine = engine
        self.tables = tuple(tables)
        self.pool_entry = engine.raw_connection()
        self.db = self.pool_entry.dbapi_connection
        self.indexes: list[tuple[str, str]] = []
        self.triggers: list[tuple[str, str]] = []
        self.fills: list[str] = []  # search rows to make at the end, for cases over `first`
        self.first = 0
        self.restored = False
        self._set_aside()

    def _schema(self, kind: str, tables: tuple[str, ...]) -> list[tuple[str, str]]:
        marks = ", ".join("?" for _ in tables)
        rows = self.db.execute(
            f"SELECT name, sql FROM sqlite_master WHERE type = ? AND tbl_name IN ({marks}) "
            "AND sql IS NOT NULL ORDER BY rowid",
            (kind, *tables),
        ).fetchall()
        return [(str(name), str(sql)) for name, sql in rows]

    def _set_aside(self) -> None:
        db = self.db
        db.execute("PRAGMA foreign_keys = OFF")  # outside a transaction, or it is ignored
        db.execute("PRAGMA secure_delete = OFF")
        db.execute(f"PRAGMA cache_size = -{BULK_CACHE_KIB}")
        # The process-wide heap budget (store/engine.py) would hold this cache to it: lifted
        # while the vault is filled, set again on close.
        db.execute("PRAGMA soft_heap_limit = 0").fetchone()
        self.indexes = self._schema(
            "index", tuple(t for t in self.tables if t != NOTE_TRIGGER_TABLE)
        )
        self.triggers = [
            (name, sql)
            for name, sql in self._schema("trigger", (NOTE_TRIGGER_TABLE,))
            if "search" in name
        ] + [
            (name, sql)
            for name, sql in self._schema("trigger", self.tables)
            if name.startswith(stat_cells.TRIGGER_PREFIX)
        ]
        known = case_search_fills()
        for name, sql in self._schema("trigger", (CASE_TABLE,)):
            if name in known and _same_sql(sql, known[name][0]):
                self.triggers.append((name, sql))
                self.fills.append(known[name][1])
        if self.fills:
            (first,) = db.execute(f"SELECT coalesce(max(id), 0) FROM {CASE_TABLE}").fetchone()
            self.first = int(first)
        db.execute("BEGIN IMMEDIATE")
        for name, _sql in self.indexes:
            db.execute(f'DROP INDEX "{name}"')
        for name, _sql in self.triggers:
            db.execute(f'DROP TRIGGER "{name}"')
        db.execute("COMMIT")

    def write(self, statements: list[tuple[str, str, list[tuple]]]) -> None:
        """One transaction: each (table, INSERT, parameter rows) as one executemany."""
        db = self.db
        db.execute("BEGIN IMMEDIATE")
        try:
            for _name, sql, params in statements:
                db.executemany(sql, params)
            db.execute("COMMIT")
        except BaseException:
            db.execute("ROLLBACK")
            raise

    def restore(self) -> None:
        """Make the loaded cases' search rows, create the indexes and triggers again, in their
        original order; close."""
        db = self.db
        db.execute("BEGIN IMMEDIATE")
        for sql in self.fills:
            db.execute(sql, {"first": self.first})
        for _name, sql in self.indexes:
            db.execute(sql)
        if any(name.startswith(stat_cells.TRIGGER_PREFIX) for name, _sql in self.triggers):
            self._count_cells()
        for _name, sql in self.triggers:
            db.execute(sql)
        db.execute("COMMIT")
        self.restored = True
        self.close()

    def _count_cells(self) -> None:
        """The statistics' cells, counted from the loaded rows in one pass per cell table
        (their triggers were set aside for the load)."""
        db = self.db
        row = db.execute(
            "SELECT value FROM vault_meta WHERE key = ?", (stat_cells.SECRET_META,)
        ).fetchone()
        if row is None:
            row = (secrets.token_hex(32),)
            db.execute(
                "INSERT INTO vault_meta (key, value) VALUES (?, ?)",
                (stat_cells.SECRET_META, row[0]),
            )
        stat_cells_upkeep.rebuild(db.execute, bytes.fromhex(str(row[0])))

    def close(self) -> None:
        """Close the connection for good (its settings must not reach the pool)."""
        if self.pool_entry is not None:
            share_heap_budget(self.db)
            self.pool_entry.invalidate()
            self.pool_entry = None

"""Schema versions through Alembic: applied on unlock, checked against the app's own."""

from __future__ import annotations

import re
from functools import lru_cache
from pathlib import Path
from typing import TYPE_CHECKING

from casework.errors import VaultTooNew

if TYPE_CHECKING:
    from alembic.config import Config
    from alembic.script import ScriptDirectory
    from sqlalchemy import Connection

# Alembic is imported only when a vault's schema is not this app's head (it costs ~0.2 s, and
# about 11 MB of memory for the rest of the process with Mako and Pygments): an unlock of an
# up-to-date vault compares its revision with the head read from the migration files instead.

MIGRATIONS = Path(__file__).resolve().parent / "migrations"


def alembic_config(connection: Connection | None = None) -> Config:
    from alembic.config import Config

    cfg = Config()
    cfg.set_main_option("script_location", str(MIGRATIONS))
    cfg.attributes["connection"] = connection
    return cfg


@lru_cache(maxsize=1)
def script_directory() -> ScriptDirectory:
    """The migration scripts, read once per process (reading them cost ~0.3 s per unlock)."""
    from alembic.script import ScriptDirectory

    return ScriptDirectory.from_config(alembic_config())


def head_revision() -> str:
    head = script_directory().get_current_head()
    assert head is not None
    return head


_REVISION = re.compile(r"^revision\s*(?::[^=\n]*)?=\s*(.+)$", re.MULTILINE)
_DOWN_REVISION = re.compile(r"^down_revision\s*(?::[^=\n]*)?=\s*(.+)$", re.MULTILINE)
_QUOTED = re.compile(r"[\"']([^\"']+)[\"']")


@lru_cache(maxsize=1)
def plain_head() -> str | None:
    """The head revision as the migration files state it (`revision = "…"`, `down_revision =
    "…"`, a tuple of them or None), read without Alembic; None when a file does not state them
    plainly or the files do not have exactly one head: Alembic then decides."""
    revisions: set[str] = set()
    parents: set[str] = set()
    for path in (MIGRATIONS / "versions").glob("*.py"):
        if path.name.startswith("_"):
            continue
        text = path.read_text(encoding="utf-8")
        revision, down = _REVISION.findall(text), _DOWN_REVISION.findall(text)
        if len(revision) != 1 or len(down) != 1:
            return None
        names = _QUOTED.findall(revision[0])
        if len(names) != 1:
            return None
        revisions.add(names[0])
        parents.update(_QUOTED.findall(down[0]))
    heads = revisions - parents
    return heads.pop() if len(heads) == 1 else None


def at_head(connection: Connection) -> bool:
    """Whether a vault's database (SQLite) is at this app's head revision, decided without
    importing Alembic; False when in doubt (the caller then asks Alembic)."""
    head = plain_head()
    if head is None or connection.dialect.name != "sqlite":
        return False
    table = connection.exec_driver_sql(
        "SELECT 1 FROM sqlite_master WHERE type = 'table' AND name = 'alembic_version'"
    ).first()
    if table is None:
        return False
    rows = connection.exec_driver_sql("SELECT version_num FROM alembic_version").fetchall()
    return len(rows) == 1 and rows[0][0] == head


def current_revision(connection: Connection) -> str | None:
    from alembic.runtime.migration import MigrationContext

    return MigrationContext.configure(connection).get_current_revision()


def check_not_newer(connection: Connection) -> None:
    """Refuse a database whose schema this app does not know (made by a newer version)."""
    current = current_revision(connection)
    if current is None:
        return
    try:
        known = script_directory().get_revision(current)
    except Exception:
        known = None
    if known is None:
        raise VaultTooNew()


def needs_upgrade(connection: Connection) -> bool:
    return current_revision(connection) != head_revision()


def upgrade(connection: Connection) -> None:
    from alembic import command

    command.upgrade(alembic_config(connection), "head")

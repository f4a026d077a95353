"""Schema versions through Alembic: applied on unlock, checked against the app's own."""

from __future__ import annotations

from functools import lru_cache
from pathlib import Path
from typing import TYPE_CHECKING

from casework.errors import VaultTooNew

if TYPE_CHECKING:
    from alembic.config import Config
    from alembic.script import ScriptDirectory
    from sqlalchemy import Connection

# Alembic is imported when a vault is opened, not when the app starts (it costs ~0.2 s).

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

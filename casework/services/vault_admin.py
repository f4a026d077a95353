"""Vault administration: backup, key rotation, the raw key for disaster recovery."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

from casework.services.context import ServiceContext
from casework.services.permissions import Permission
from casework.store.vault import backup_vault


def backup(
    ctx: ServiceContext, target: Path, progress: Callable[[int, int], None] | None = None
) -> int:
    """Write an encrypted backup file; returns its size. Audited."""
    ctx.require(Permission.BACKUP)
    size = backup_vault(ctx.vault, Path(target), progress)
    with ctx.write() as uow:
        uow.audit("vault.backup", "vault", size=size)
    return size


def rotate_key(ctx: ServiceContext) -> None:
    """Re-key the database and rewrap every key slot (after a user leaves, say)."""
    ctx.require(Permission.MANAGE_USERS)
    ctx.vault.rotate_key()
    with ctx.write() as uow:
        uow.audit("vault.key_rotated", "vault")


def show_key(ctx: ServiceContext) -> str:
    """The raw SQLCipher key, for opening the database with any SQLCipher tool. Audited."""
    ctx.require(Permission.SHOW_KEY)
    with ctx.write() as uow:
        uow.audit("vault.key_shown", "vault")
    return ctx.vault.raw_key_hex()


def restore(ctx: ServiceContext, source: Path, folder: Path) -> None:
    """Restore a backup into a new, empty folder; the open vault is not touched. Audited."""
    from casework.store.backup import restore_backup

    ctx.require(Permission.BACKUP)
    restore_backup(Path(source), Path(folder))
    with ctx.write() as uow:
        uow.audit("vault.restored_copy", "vault")

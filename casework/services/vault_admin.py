"""Vault administration: backup, key rotation, the raw key for disaster recovery."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

from casework.errors import BackupError, KeyslotsDamaged, ReadOnlyVault
from casework.i18n import N_
from casework.services.context import ServiceContext
from casework.services.permissions import Permission
from casework.store.keyslots import KeySlots
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


def show_key(ctx: ServiceContext, deliver: Callable[[str], None] | None = None) -> str:
    """The raw SQLCipher key, for opening the database with any SQLCipher tool. Audited.

    With `deliver`, the key is handed to it first and the showing is audited only if it
    returned (a closed output pipe shows nothing, so nothing is recorded as shown)."""
    ctx.require(Permission.SHOW_KEY)
    if ctx.vault.read_only:
        raise ReadOnlyVault()  # it could not be audited: not shown either
    key = ctx.vault.raw_key_hex()
    if deliver is not None:
        deliver(key)
    with ctx.write() as uow:
        uow.audit("vault.key_shown", "vault")
    return key


def _own_slot_in(ctx: ServiceContext) -> Callable[[KeySlots], bytes]:
    """The backup is opened through the administrator's own slot in it (no password asked)."""

    def unlock(slots: KeySlots) -> bytes:
        try:
            return ctx.vault.open_copy(slots)
        except KeyslotsDamaged:
            raise BackupNotYours() from None

    return unlock


class BackupNotYours(BackupError):
    default_message = N_(
        "This backup holds no key slot of yours (your password changed since it was made, or "
        "it is another vault's). Nothing was restored. Restore it from the command line with a "
        "password or the recovery key: casework restore FILE FOLDER --user NAME."
    )


def restore(ctx: ServiceContext, source: Path, folder: Path) -> None:
    """Restore a backup into a new, empty folder; the open vault is not touched. Audited."""
    from casework.store.backup import restore_backup

    ctx.require(Permission.BACKUP)
    restore_backup(Path(source), Path(folder), _own_slot_in(ctx))
    with ctx.write() as uow:
        uow.audit("vault.restored_copy", "vault")

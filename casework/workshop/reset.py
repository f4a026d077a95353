"""Reset a workshop vault to the data it was made with, in seconds.

When the generator finishes it writes an encrypted snapshot (the ordinary backup format of
`casework.store.backup`: SQLCipher pages under the same key, plus the wrapped key slots) into
`pristine/` inside the vault folder (0700, file 0600). Nothing in it is readable without a
training password. `reset_workshop` puts that database and those key slots back: any password
changed during the session works again with its published value, and every edit is gone.

The vault must be closed first (the UI asks for confirmation, locks, resets, then unlocks).
"""

from __future__ import annotations

import contextlib
import datetime as dt
import json
import os
import shutil
from collections.abc import Callable
from pathlib import Path

from casework.errors import CaseworkError
from casework.i18n import N_
from casework.store import keyslots
from casework.store.backup import read_backup
from casework.store.engine import DB_FILE
from casework.store.keyslots import KeySlots
from casework.store.throttle import THROTTLE_FILE
from casework.store.vault import Vault, backup_vault
from casework.workshop.accounts import (  # noqa: F401
    PRISTINE_DIR,
    has_pristine,
    pristine_path,
    recipe_path,
)

Progress = Callable[[int, int], None]


class NoPristineCopy(CaseworkError):
    default_message = N_(
        "This vault has no workshop snapshot to reset to. Only vaults made in workshop mode "
        "can be reset."
    )


def save_pristine(vault: Vault) -> Path:
    """Snapshot the freshly generated vault (encrypted) for later resets."""
    target = pristine_path(vault.folder)
    target.parent.mkdir(mode=0o700, exist_ok=True)
    os.chmod(target.parent, 0o700)
    backup_vault(vault, target, workshop_snapshot=True)
    os.chmod(target, 0o600)
    return target


def save_recipe(folder: Path, seed: int, cases: int, today: dt.date, language: str) -> Path:
    """For a bulk vault (thousands of cases) a second copy would double the disk it takes and
    reading it back would need the whole database in memory: reset makes it again instead, from
    these few plain (fictional, non-secret) parameters."""
    target = recipe_path(folder)
    target.parent.mkdir(mode=0o700, exist_ok=True)
    os.chmod(target.parent, 0o700)
    recipe = {"seed": seed, "cases": cases, "today": today.isoformat(), "language": language}
    fd = os.open(target, os.O_WRONLY | os.O_CREAT | os.O_TRUNC, 0o600)
    with os.fdopen(fd, "w", encoding="utf-8") as f:
        json.dump(recipe, f)
        f.flush()
        os.fsync(f.fileno())
    return target


def _regenerate(folder: Path, progress: Progress | None = None) -> None:
    """Make the bulk workshop vault again beside the old one, then swap its files in (about as
    long as making it: some 10 minutes for 500,000 cases, `progress` told as cases are made;
    the disk holds both copies until the swap)."""
    from casework.workshop.generator import generate

    recipe = json.loads(recipe_path(folder).read_text(encoding="utf-8"))
    fresh = folder.parent / f".{folder.name}.regenerating"
    shutil.rmtree(fresh, ignore_errors=True)
    try:
        generate(
            fresh,
            cases=int(recipe["cases"]),
            seed=int(recipe["seed"]),
            language=str(recipe["language"]),
            today=dt.date.fromisoformat(recipe["today"]),
            bulk=True,
            snapshot=False,
            progress=progress,
        )
        slots = keyslots.load(fresh)
        for suffix in ("-wal", "-shm", "-journal"):
            with contextlib.suppress(FileNotFoundError):
                (folder / (DB_FILE + suffix)).unlink()
        os.replace(fresh / DB_FILE, folder / DB_FILE)
        _fsync_dir(folder)
        keyslots.save(folder, slots)
        with contextlib.suppress(FileNotFoundError):
            (folder / THROTTLE_FILE).unlink()
    finally:
        shutil.rmtree(fresh, ignore_errors=True)


def _fsync_dir(folder: Path) -> None:
    fd = os.open(folder, os.O_RDONLY)
    try:
        os.fsync(fd)
    finally:
        os.close(fd)


def reset_workshop(folder: Path | str, progress: Progress | None = None) -> None:
    """Put the workshop vault in `folder` back as it was made. The vault must be closed.

    Order, so an interruption leaves something that opens: the snapshot's database is written
    beside the live one and fsynced; the live write-ahead log is removed (a closed vault has
    none left, and a stale one must never be replayed onto the restored file); the database is
    replaced in one rename; then the key slots are replaced atomically. Running it again
    finishes an interrupted reset.
    """
    folder = Path(folder)
    source = pristine_path(folder)
    if not source.is_file():
        if recipe_path(folder).is_file():
            _regenerate(folder, progress)  # a bulk vault: made again (minutes), not copied back
            return
        raise NoPristineCopy()
    header, data = read_backup(source)
    slots = KeySlots.parse(json.dumps(header["keyslots"]).encode("utf-8"))
    db = folder / DB_FILE
    tmp = folder / (DB_FILE + ".reset")
    with os.fdopen(os.open(tmp, os.O_WRONLY | os.O_CREAT | os.O_TRUNC, 0o600), "wb") as f:
        f.write(data)
        f.flush()
        os.fsync(f.fileno())
    for suffix in ("-wal", "-shm", "-journal"):
        with contextlib.suppress(FileNotFoundError):
            (folder / (DB_FILE + suffix)).unlink()
    os.replace(tmp, db)
    _fsync_dir(folder)
    keyslots.save(folder, slots)
    # Wrong-password delays from the session should not carry over into the next one.
    with contextlib.suppress(FileNotFoundError):
        (folder / THROTTLE_FILE).unlink()

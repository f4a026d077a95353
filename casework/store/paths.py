"""The vault's file names, and telling whether a folder holds a vault, without importing the
database or crypto libraries (the app asks this before showing its first window)."""

from __future__ import annotations

import threading
from pathlib import Path

DB_FILE = "casework.db"
KEYSLOTS_FILE = "keyslots.json"


def is_vault(folder: Path) -> bool:
    return (folder / DB_FILE).exists() or (folder / KEYSLOTS_FILE).exists()


# Folders of the vaults open in this process (registered by Vault, removed on close: a locked
# vault may close on its own thread while the next session's vault opens).
_open_folders: dict[Path, int] = {}
_open_lock = threading.Lock()


def register_open(folder: Path) -> None:
    key = Path(folder).resolve()
    with _open_lock:
        _open_folders[key] = _open_folders.get(key, 0) + 1


def unregister_open(folder: Path) -> None:
    key = Path(folder).resolve()
    with _open_lock:
        if _open_folders.get(key, 0) <= 1:
            _open_folders.pop(key, None)
        else:
            _open_folders[key] -= 1


def check_output_path(path: Path | str) -> Path:
    """Refuse (OutputInVault) a backup, PDF, packet or export written into a vault folder (any
    vault's, or a folder inside one) or over any file of a vault open in this process, also
    through a symbolic or hard link. Returns the path to write. Call it before writing."""
    from casework.errors import OutputInVault

    target = Path(path).expanduser()
    resolved = target.resolve()
    if resolved in _open_folders or (resolved.is_dir() and is_vault(resolved)):
        raise OutputInVault()
    for folder in (target.absolute().parent, *resolved.parents):
        if folder in _open_folders or is_vault(folder):
            raise OutputInVault()
    if target.exists():
        for folder in list(_open_folders):
            for child in _children(folder):
                try:
                    if child.samefile(target):
                        raise OutputInVault()
                except OSError:
                    continue
    return target


def _children(folder: Path) -> list[Path]:
    try:
        return [c for c in folder.iterdir() if c.is_file()]
    except OSError:
        return []

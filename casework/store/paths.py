"""The vault's file names, and telling whether a folder holds a vault, without importing the
database or crypto libraries (the app asks this before showing its first window)."""

from __future__ import annotations

from pathlib import Path

DB_FILE = "casework.db"
KEYSLOTS_FILE = "keyslots.json"


def is_vault(folder: Path) -> bool:
    return (folder / DB_FILE).exists() or (folder / KEYSLOTS_FILE).exists()

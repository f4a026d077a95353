"""The trainer's settings of a workshop vault, kept in the vault folder beside the database.

They must outlive a reset (which puts the database back as it was made) and be readable before
anyone logs in (the login window is projected too): how the screen looks (zoom, presentation
mode, per training account), whether the idle lock runs while presenting, and the language of
the fictional data. None of it says anything about a person: the accounts are public training
accounts and every record is fictional. Only workshop vaults have this file.

Written atomically (temp file, fsync, replace), 0600, like the key slots.
"""

from __future__ import annotations

import contextlib
import json
import os
from dataclasses import asdict, dataclass, field
from pathlib import Path

SETTINGS_FILE = "workshop.json"
# Per-account display settings that follow the trainer across resets (casework/ui/settings.py).
KEPT_KEYS = ("ui.zoom_percent", "ui.presentation_mode")


@dataclass
class TrainerSettings:
    # How the vault was made, so a reset can make it again in another language.
    data_language: str = ""
    seed: int = 1
    cases: int = 60
    # Off by default: a trainer talking in front of the projector must not see the login
    # window come back after five minutes. Real vaults always keep their lock.
    lock_while_presenting: bool = False
    accounts: dict[str, dict[str, str]] = field(default_factory=dict)

    def account_value(self, account: str, key: str) -> str | None:
        return self.accounts.get(account, {}).get(key)


def settings_path(folder: Path | str) -> Path:
    return Path(folder) / SETTINGS_FILE


def load_settings(folder: Path | str) -> TrainerSettings:
    """The folder's trainer settings; defaults when missing or unreadable."""
    try:
        raw = json.loads(settings_path(folder).read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return TrainerSettings()
    if not isinstance(raw, dict):
        return TrainerSettings()
    accounts = raw.get("accounts")
    return TrainerSettings(
        data_language=str(raw.get("data_language") or ""),
        seed=_int(raw.get("seed"), 1),
        cases=_int(raw.get("cases"), 60),
        lock_while_presenting=bool(raw.get("lock_while_presenting", False)),
        accounts={
            str(name): {str(k): str(v) for k, v in values.items()}
            for name, values in (accounts.items() if isinstance(accounts, dict) else ())
            if isinstance(values, dict)
        },
    )


def save_settings(folder: Path | str, settings: TrainerSettings) -> None:
    target = settings_path(folder)
    tmp = target.with_name(target.name + ".tmp")
    data = json.dumps(asdict(settings), indent=1, sort_keys=True).encode("utf-8")
    fd = os.open(tmp, os.O_WRONLY | os.O_CREAT | os.O_TRUNC, 0o600)
    try:
        os.write(fd, data)
        os.fsync(fd)
    finally:
        os.close(fd)
    os.replace(tmp, target)


def set_account_value(folder: Path | str, account: str, key: str, value: str) -> None:
    settings = load_settings(folder)
    settings.accounts.setdefault(account, {})[key] = value
    with contextlib.suppress(OSError):
        save_settings(folder, settings)


def _int(value: object, default: int) -> int:
    try:
        return int(value)  # type: ignore[call-overload]
    except (TypeError, ValueError):
        return default

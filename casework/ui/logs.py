"""The application log: a small rotating file in the per-user log folder, without personal data.

Only events and exception types go in (vault unlocked, window locked, backup written): never user
names, passwords, keys or case data. The file is private to the user (0600).
"""

from __future__ import annotations

import logging
import os
from logging.handlers import RotatingFileHandler
from pathlib import Path

from platformdirs import user_log_dir

LOG_FILE = "casework.log"
_handler: RotatingFileHandler | None = None


def log_folder() -> Path:
    return Path(user_log_dir("Casework", appauthor=False))


def setup_logging(folder: Path | None = None) -> Path:
    """Send the `casework` logger to a rotating file (INFO); returns the file's path."""
    global _handler
    folder = folder or log_folder()
    folder.mkdir(parents=True, exist_ok=True, mode=0o700)
    path = folder / LOG_FILE
    if not path.exists():
        os.close(os.open(path, os.O_WRONLY | os.O_CREAT, 0o600))
    logger = logging.getLogger("casework")
    if _handler is not None:
        logger.removeHandler(_handler)
        _handler.close()
    _handler = RotatingFileHandler(path, maxBytes=1_000_000, backupCount=3, encoding="utf-8")
    _handler.setFormatter(logging.Formatter("%(asctime)s %(levelname)s %(name)s: %(message)s"))
    logger.addHandler(_handler)
    logger.setLevel(logging.INFO)
    return path

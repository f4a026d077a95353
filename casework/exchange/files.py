"""Reading and writing exchange files: size checked before reading, written atomically 0600."""

from __future__ import annotations

import os
import secrets
from pathlib import Path

from casework.exchange.errors import ExchangeError, TooLarge
from casework.i18n import N_


def read_limited(path: Path, limit: int) -> bytes:
    """The file's bytes; a file over `limit` is refused before a byte of it is read."""
    try:
        with open(path, "rb") as f:
            size = os.fstat(f.fileno()).st_size
            if size > limit:
                raise TooLarge(size=size, limit=limit)
            data = f.read(limit + 1)
    except OSError:
        raise ExchangeError(N_("The file could not be read. Nothing was changed.")) from None
    if len(data) > limit:  # grew while reading
        raise TooLarge(size=len(data), limit=limit)
    return data


def write_private(path: Path, data: bytes) -> None:
    """Write `data` to `path` atomically (temporary file, fsync, rename), readable by owner only.
    Never into a vault's folder or over a file of an open vault (OutputInVault)."""
    from casework.store.paths import check_output_path

    path = check_output_path(path)
    tmp = path.with_name(f".{path.name}.{secrets.token_hex(4)}.tmp")
    try:
        fd = os.open(tmp, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
        try:
            os.write(fd, data)
            os.fsync(fd)
        finally:
            os.close(fd)
        os.replace(tmp, path)
    except OSError:
        tmp.unlink(missing_ok=True)
        raise ExchangeError(
            N_("The file could not be written there. Choose another folder; nothing was sent.")
        ) from None

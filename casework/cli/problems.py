"""Bad input to the command line, checked before anything happens, and failures in words.

Every problem ends as a translated message and exit code 1 (refused or failed) or 2 (usage),
never a traceback. Paths are checked up front so a command fails before it opens the vault or
writes anything; what the operating system still refuses (a read-only folder, a full disk) is
reported from its error number.
"""

from __future__ import annotations

import errno
import os
from collections.abc import Sequence
from pathlib import Path

from casework.errors import CaseworkError, ValidationError
from casework.i18n import N_, _
from casework.store.paths import check_output_path, is_vault

MAX_SHOWN = 80  # characters of a path shown in a message


class UsageError(CaseworkError):
    """Wrong arguments: exit code 2, like argparse's own usage errors."""


def shown(path: object) -> str:
    """A path as it can be printed: undecodable bytes escaped, very long paths shortened."""
    text = os.fsdecode(path) if isinstance(path, bytes) else str(path)
    text = "".join(_printable(ch) for ch in text)
    if len(text) > MAX_SHOWN:
        text = text[: MAX_SHOWN // 2 - 1] + "…" + text[-MAX_SHOWN // 2 :]
    return text


def _printable(ch: str) -> str:
    code = ord(ch)
    if 0xDC80 <= code <= 0xDCFF:  # a byte that was not UTF-8 (surrogate escape)
        return f"\\x{code - 0xDC00:02x}"
    if 0xD800 <= code <= 0xDFFF or code == 0:
        return f"\\u{code:04x}" if code else "\\0"
    return ch


def check_arguments(argv: Sequence[str]) -> None:
    from casework.cli.prompts import is_clean_text

    for position, arg in enumerate(argv, start=1):
        if not is_clean_text(arg):
            raise UsageError(
                N_("Argument {number} ({text}) is not valid UTF-8 text."),
                number=position,
                text=shown(arg),
            )


def check_path_text(path: str) -> Path:
    if not path.strip():
        raise UsageError(N_("A path is empty."))
    return Path(path)


def check_vault_folder(path: str) -> Path:
    """An existing folder (that it holds a vault is checked when it is opened)."""
    folder = check_path_text(path)
    if folder.exists() and not folder.is_dir():
        raise CaseworkError(N_("{path} is a file, not a folder."), path=shown(folder))
    return folder


def check_new_folder(path: str) -> Path:
    """A folder for a new vault: absent or empty; its nearest existing parent is a writable
    folder."""
    folder = check_path_text(path)
    for above in folder.absolute().parents:
        if is_vault(above):
            raise CaseworkError(
                N_("Do not write files into the vault's folder ({path}); choose another folder."),
                path=shown(above),
            )
    if folder.exists():
        if not folder.is_dir():
            raise CaseworkError(N_("{path} is a file, not a folder."), path=shown(folder))
        return folder  # a vault or a non-empty folder is refused by the store with its message
    parent = folder.absolute().parent
    while not parent.exists() and parent != parent.parent:
        parent = parent.parent
    if not parent.is_dir():
        raise CaseworkError(N_("{path} is a file, not a folder."), path=shown(parent))
    if not os.access(parent, os.W_OK | os.X_OK):
        raise CaseworkError(
            N_("The folder {path} is read-only for you; nothing was written."), path=shown(parent)
        )
    return folder


def check_output_file(path: str, vault: Path | None = None) -> Path:
    """A file to write: its folder exists and is writable; never inside a vault folder."""
    target = check_path_text(path)
    folder = target.absolute().parent
    if target.is_dir():
        raise CaseworkError(N_("{path} is a folder; give a file name."), path=shown(target))
    if not folder.exists():
        raise CaseworkError(
            N_("The folder {path} does not exist; nothing was written."), path=shown(folder)
        )
    if not folder.is_dir():
        raise CaseworkError(N_("{path} is a file, not a folder."), path=shown(folder))
    if is_vault(folder) or (vault is not None and _same(folder, vault)):
        raise CaseworkError(
            N_("Do not write files into the vault's folder ({path}); choose another folder."),
            path=shown(folder),
        )
    if not os.access(folder, os.W_OK | os.X_OK):
        raise CaseworkError(
            N_("The folder {path} is read-only for you; nothing was written."), path=shown(folder)
        )
    # Also a folder inside a vault, and links to a vault's files (the store's one guard).
    return check_output_path(target)


def _same(a: Path, b: Path) -> bool:
    try:
        return a.resolve() == b.resolve()
    except OSError:
        return False


# --- failures in words -------------------------------------------------------------------------

_OS_MESSAGES = {
    errno.ENOENT: N_("{path}: no such file or folder."),
    errno.ENOTDIR: N_("{path}: a file is in the way where a folder is expected."),
    errno.EISDIR: N_("{path} is a folder; give a file name."),
    errno.EACCES: N_("{path}: permission denied."),
    errno.EPERM: N_("{path}: permission denied."),
    errno.EROFS: N_("{path}: the disk is read-only."),
    errno.ENAMETOOLONG: N_("The path is too long: {path}"),
    errno.ENOSPC: N_("The disk is full ({path})."),
    errno.EDQUOT: N_("The disk quota is used up ({path})."),
    errno.EEXIST: N_("{path} already exists; nothing was overwritten."),
    errno.ELOOP: N_("{path}: too many symbolic links."),
}


def os_error_message(exc: OSError) -> str:
    path = shown(exc.filename) if exc.filename is not None else "?"
    msgid = _OS_MESSAGES.get(exc.errno or 0)
    if msgid is not None:
        return _(msgid).format(path=path)
    return _("{path}: the file could not be read or written (error {number}).").format(
        path=path, number=exc.errno if exc.errno is not None else "?"
    )


# Option names shown for a service's field names.
FIELD_NAMES = {
    "username": N_("user name"),
    "display_name": "--name",
    "roles": "--role",
    "organisation": "--org",
    "admin": "--admin",
    "country": "--country",
}


def error_lines(exc: CaseworkError) -> list[str]:
    lines = [_("Error: {message}").format(message=exc.message())]
    if isinstance(exc, ValidationError):
        for name, text in exc.field_messages().items():
            label = FIELD_NAMES.get(name, name)
            lines.append(f"  - {_(label) if not label.startswith('-') else label}: {text}")
    return lines

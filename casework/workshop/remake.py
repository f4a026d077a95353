"""Reset a workshop into another data language: the vault is made again (same seed and size,
today's date) in that language, and the trainer's settings are carried over.

A reset in the same language restores the pristine snapshot (`casework.workshop.reset`); data in
another language cannot come from a snapshot, so it is generated again (seconds for the usual
60 cases). The new vault is complete before it replaces the old one (two renames in the same
parent folder); the vault must be closed.
"""

from __future__ import annotations

import os
import shutil
import tempfile
from pathlib import Path

from casework.errors import CaseworkError
from casework.i18n import LANGUAGES, N_
from casework.workshop import trainer
from casework.workshop.accounts import has_pristine
from casework.workshop.generator import Progress, generate
from casework.workshop.reset import NoPristineCopy, reset_workshop


class UnknownDataLanguage(CaseworkError):
    default_message = N_("Workshop data can be made in these languages only: {languages}.")


def data_language(folder: Path | str) -> str:
    """The language the workshop's fictional data is in ("" if not known)."""
    return trainer.load_settings(folder).data_language


def reset_to_language(
    folder: Path | str, language: str = "", progress: Progress | None = None
) -> None:
    """Reset the closed workshop vault in `folder`, its data in `language` (default: as now).
    A session locked with writes held behind its page check writes them first (never under
    the reset)."""
    from casework.store.page_check import wait_for_closing

    wait_for_closing()
    folder = Path(folder)
    if not has_pristine(folder):
        raise NoPristineCopy()
    if language and language not in LANGUAGES:
        raise UnknownDataLanguage(languages=", ".join(sorted(LANGUAGES)))
    settings = trainer.load_settings(folder)
    if not language or language == settings.data_language:
        reset_workshop(folder, progress)
        return
    work = Path(tempfile.mkdtemp(prefix=f".{folder.name}.remake-", dir=folder.parent))
    made = work / "vault"
    try:
        generate(
            made, cases=settings.cases, seed=settings.seed, progress=progress, language=language
        )
        settings.data_language = language
        trainer.save_settings(made, settings)
        old = work / "old"
        os.rename(folder, old)
        os.rename(made, folder)
    except BaseException:
        if not folder.exists() and (work / "old").exists():
            os.rename(work / "old", folder)  # put the workshop back as it was
        raise
    finally:
        shutil.rmtree(work, ignore_errors=True)

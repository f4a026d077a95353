"""Workshop mode: fictional data for training sessions, and vaults at scale for benchmarks.

No Qt here. The UI calls `generate` (in a worker thread), `is_workshop` to show the workshop
banner, `reset_workshop` after the vault is closed, and `exercise_texts_for` for the exercises.
"""

from __future__ import annotations

from importlib import import_module
from typing import TYPE_CHECKING

# Resolved on first use (PEP 562): the login window needs ACCOUNTS and has_pristine before any
# vault is open, and must not pay for importing the generator (SQLAlchemy, the services).
_WHERE = {
    "ACCOUNTS": "accounts",
    "Account": "accounts",
    "has_pristine": "accounts",
    "EXERCISES": "exercises",
    "ExerciseText": "exercises",
    "exercise_texts": "exercises",
    "WorkshopInfo": "generator",
    "digest": "generator",
    "exercise_texts_for": "generator",
    "generate": "generator",
    "is_workshop": "generator",
    "NoPristineCopy": "reset",
    "reset_workshop": "reset",
}


def __getattr__(name: str) -> object:
    if name in _WHERE:
        value = getattr(import_module(f"casework.workshop.{_WHERE[name]}"), name)
        globals()[name] = value
        return value
    raise AttributeError(name)


if TYPE_CHECKING:
    from casework.workshop.accounts import ACCOUNTS, Account, has_pristine
    from casework.workshop.exercises import EXERCISES, ExerciseText, exercise_texts
    from casework.workshop.generator import (
        WorkshopInfo,
        digest,
        exercise_texts_for,
        generate,
        is_workshop,
    )
    from casework.workshop.reset import NoPristineCopy, reset_workshop

__all__ = [
    "ACCOUNTS",
    "EXERCISES",
    "Account",
    "ExerciseText",
    "NoPristineCopy",
    "WorkshopInfo",
    "digest",
    "exercise_texts",
    "exercise_texts_for",
    "generate",
    "has_pristine",
    "is_workshop",
    "reset_workshop",
]

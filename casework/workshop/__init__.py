"""Workshop mode: fictional data for training sessions, and vaults at scale for benchmarks.

No Qt here. The UI calls `generate` (in a worker thread), `is_workshop` to show the workshop
banner, `reset_workshop` after the vault is closed, and `exercise_texts_for` for the exercises.
"""

from __future__ import annotations

from casework.workshop.exercises import EXERCISES, ExerciseText, exercise_texts
from casework.workshop.generator import (
    ACCOUNTS,
    Account,
    WorkshopInfo,
    digest,
    exercise_texts_for,
    generate,
    is_workshop,
)
from casework.workshop.reset import NoPristineCopy, has_pristine, reset_workshop

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

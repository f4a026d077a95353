"""The training accounts and the folder marker: light enough to import before any vault is
open (the login window lists the accounts of a workshop vault)."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from casework.i18n import N_
from casework.model.enums import Role

PRISTINE_DIR = "pristine"
PRISTINE_FILE = "workshop.backup"
RECIPE_FILE = "recipe.json"


def pristine_path(folder: Path | str) -> Path:
    return Path(folder) / PRISTINE_DIR / PRISTINE_FILE


def recipe_path(folder: Path | str) -> Path:
    """How a large (bulk) workshop vault was made: reset makes it again from this."""
    return Path(folder) / PRISTINE_DIR / RECIPE_FILE


def has_pristine(folder: Path | str) -> bool:
    """Whether the folder holds a workshop vault that can be reset."""
    return pristine_path(folder).is_file() or recipe_path(folder).is_file()


@dataclass(frozen=True)
class Account:
    """A training account. The passwords are public by design, in workshop vaults only."""

    name: str
    password: str
    roles: tuple[Role, ...]
    display_name: str  # msgid, stored in the data language


ACCOUNTS: tuple[Account, ...] = (
    Account(
        "admin",
        "copper lantern above the valley",
        (Role.ADMINISTRATOR,),
        N_("Workshop administrator"),
    ),
    Account(
        "supervisor", "quiet baobab sells sweet tea", (Role.SUPERVISOR,), N_("Workshop supervisor")
    ),
    Account(
        "caseworker1",
        "purple kettle crosses the river",
        (Role.CASEWORKER,),
        N_("Caseworker one (workshop)"),
    ),
    Account(
        "caseworker2",
        "seven mango kites drift east",
        (Role.CASEWORKER,),
        N_("Caseworker two (workshop)"),
    ),
    # DOMAIN.md has no trainer role: the trainer holds administrator and supervisor.
    Account(
        "trainer",
        "desert owl paints tall bridges",
        (Role.ADMINISTRATOR, Role.SUPERVISOR),
        N_("Workshop trainer"),
    ),
)

"""Shared fixtures: real SQLCipher vaults in tmp_path, cheap KDF through the one test setting."""

from __future__ import annotations

import os

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
os.environ["CASEWORK_TEST_KDF"] = "1"  # the explicit cheap-KDF policy (casework/store/kdf.py)

from collections.abc import Iterator  # noqa: E402
from dataclasses import dataclass  # noqa: E402
from pathlib import Path  # noqa: E402

import pytest  # noqa: E402

from casework.i18n import set_language, set_region  # noqa: E402
from casework.model.enums import Role  # noqa: E402
from casework.services import users  # noqa: E402
from casework.services.context import ServiceContext  # noqa: E402
from casework.store.vault import Vault  # noqa: E402

# A real PostgreSQL for the office-server tests (started only when a test asks for it).
pytest_plugins = ["pg_server"]

ADMIN = "admin"
ADMIN_PASSWORD = "orchard lantern quietly ninety"
SUPERVISOR_PASSWORD = "copper kettle over the dune"
CASEWORKER_PASSWORD = "seven blue camels at dusk"
OTHER_PASSWORD = "mango river boat sings loud"


@pytest.fixture(autouse=True)
def _english() -> Iterator[None]:
    set_language("en")
    set_region("")
    yield
    set_language("en")
    set_region("")


@dataclass
class Office:
    """A vault with one user per role, as a small CSO would have it."""

    folder: Path
    recovery_key: str
    admin: ServiceContext
    supervisor: ServiceContext
    caseworker: ServiceContext
    other_caseworker: ServiceContext
    vaults: list[Vault]

    def close(self) -> None:
        for vault in self.vaults:
            vault.close()


@pytest.fixture
def vault_dir(tmp_path: Path) -> Path:
    return tmp_path / "vault"


@pytest.fixture
def new_vault(vault_dir: Path) -> Iterator[tuple[Vault, str]]:
    vault, recovery = Vault.create(
        vault_dir, organisation="Sahel Hope", admin_username=ADMIN, admin_password=ADMIN_PASSWORD
    )
    yield vault, recovery
    vault.close()


@pytest.fixture
def office(vault_dir: Path) -> Iterator[Office]:
    vault, recovery = Vault.create(
        vault_dir, organisation="Sahel Hope", admin_username=ADMIN, admin_password=ADMIN_PASSWORD
    )
    admin = ServiceContext.for_vault(vault)
    users.create_user(admin, "sara", "Sara Supervisor", {Role.SUPERVISOR}, SUPERVISOR_PASSWORD)
    users.create_user(admin, "carl", "Carl Caseworker", {Role.CASEWORKER}, CASEWORKER_PASSWORD)
    users.create_user(admin, "omar", "Omar Caseworker", {Role.CASEWORKER}, OTHER_PASSWORD)
    opened = [vault]

    def login(name: str, password: str) -> ServiceContext:
        v = Vault.open(vault_dir, name, password, verify_pages=False)
        v.check_pages()  # as the app does right after login; writes the held login event
        opened.append(v)
        return ServiceContext.for_vault(v)

    o = Office(
        vault_dir,
        recovery,
        admin,
        login("sara", SUPERVISOR_PASSWORD),
        login("carl", CASEWORKER_PASSWORD),
        login("omar", OTHER_PASSWORD),
        opened,
    )
    yield o
    o.close()

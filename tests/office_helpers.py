"""The test office: one user per role, as a small CSO would have it (constants and the vault
office, shared by tests/conftest.py and the services' two-backend fixture)."""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import AbstractContextManager
from dataclasses import dataclass
from pathlib import Path

from sqlalchemy.orm import Session

from casework.model.enums import Role
from casework.services import users
from casework.services.context import ServiceContext
from casework.store.vault import Vault

ADMIN = "admin"
ADMIN_PASSWORD = "orchard lantern quietly ninety"
SUPERVISOR_PASSWORD = "copper kettle over the dune"
CASEWORKER_PASSWORD = "seven blue camels at dusk"
OTHER_PASSWORD = "mango river boat sings loud"


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

    def as_owner(self) -> AbstractContextManager[Session]:
        """A write transaction with the rights of whoever holds the database itself (on a
        vault any unlocked handle; on a server the schema's owner), e.g. to run migration
        steps by hand."""
        return self.supervisor.vault.write()

    def add_user(
        self, username: str, display_name: str, roles: set[Role], password: str
    ) -> ServiceContext:
        """A new user of the office, created by its administrator, logged in."""
        users.create_user(self.admin, username, display_name, roles, password)
        vault = Vault.open(self.folder, username, password, verify_pages=False)
        self.vaults.append(vault)
        return ServiceContext.for_vault(vault)


def vault_office(vault_dir: Path) -> Iterator[Office]:
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
    try:
        yield o
    finally:
        o.close()

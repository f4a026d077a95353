"""Shared fixtures: real SQLCipher vaults in tmp_path, cheap KDF through the one test setting."""

from __future__ import annotations

import os

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
os.environ["CASEWORK_TEST_KDF"] = "1"  # the explicit cheap-KDF policy (casework/store/kdf.py)

from collections.abc import Iterator  # noqa: E402
from pathlib import Path  # noqa: E402

import pytest  # noqa: E402
from office_helpers import (  # noqa: E402
    ADMIN,
    ADMIN_PASSWORD,
    CASEWORKER_PASSWORD,
    OTHER_PASSWORD,
    SUPERVISOR_PASSWORD,
    Office,
    vault_office,
)

from casework.i18n import set_language, set_region  # noqa: E402
from casework.store.vault import Vault  # noqa: E402

__all__ = [
    "ADMIN",
    "ADMIN_PASSWORD",
    "CASEWORKER_PASSWORD",
    "OTHER_PASSWORD",
    "SUPERVISOR_PASSWORD",
    "Office",
]

# A real PostgreSQL for the office-server tests (started only when a test asks for it).
pytest_plugins = ["pg_server"]


@pytest.fixture(autouse=True)
def _english() -> Iterator[None]:
    set_language("en")
    set_region("")
    yield
    set_language("en")
    set_region("")


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
    yield from vault_office(vault_dir)

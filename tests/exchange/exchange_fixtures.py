"""Fixtures: two organisations, each with its own real vault (a CSO and a probation office).

A plugin module, not a conftest.py: tests/store import names from the root conftest by module
name, which a second conftest.py here would shadow.
"""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest
from exchange_helpers import Org, exchange_cards, make_org

from casework.model.enums import OrgType


@pytest.fixture
def two_orgs(tmp_path: Path) -> Iterator[tuple[Org, Org]]:
    cso = make_org(tmp_path, "Sahel Hope", "ML")
    probation = make_org(tmp_path, "Bamako Probation", "ML")
    yield cso, probation
    for org in (cso, probation):
        for v in org.vaults:
            v.close()


@pytest.fixture
def linked(two_orgs: tuple[Org, Org]) -> tuple[Org, Org]:
    cso, probation = two_orgs
    exchange_cards(cso, probation, OrgType.CSO, OrgType.PROBATION)
    return cso, probation


@pytest.fixture
def synchronous_pool() -> Iterator[None]:
    """Pages read on the pool (the Partners page): run those reads at once, as tests/ui does,
    so a flow can be driven step by step."""
    from casework.ui.background import use_synchronous_pool

    use_synchronous_pool(True)
    yield
    use_synchronous_pool(False)

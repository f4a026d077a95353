"""Shared set-up for the case, referral and directory screen tests: a small directory, a pathway
and cases made through the services, as a supervisor would have them before a session.

Import the fixtures into a test module with `from fixtures_screens import *` is avoided; import
the names you use (`from fixtures_screens import world, World`)."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterator
from dataclasses import dataclass

import pytest
from PySide6.QtCore import QAbstractItemModel, Qt
from PySide6.QtWidgets import QWidget

from casework.model.enums import (
    ClientCategory,
    ConsentMethod,
    ConsentPurpose,
    CustodyStatus,
    InfoScope,
    OrgType,
    ServiceType,
)
from casework.services import cases, consents, directory, pathways
from casework.services.cases import CaseInput
from casework.services.consents import ConsentInput
from casework.services.context import ServiceContext
from casework.services.directory import OrganisationInput, ServiceOffer
from casework.ui.background import use_synchronous_pool


@dataclass
class World:
    office: object
    pathway_id: int
    training_org: int  # offers vocational training in Kenya
    mentor_org: int  # offers religious dialogue in Kenya
    carl_case: int  # assigned to Carl (caseworker)
    omar_case: int  # assigned to Omar (the other caseworker)

    @property
    def supervisor(self) -> ServiceContext:
        return self.office.supervisor  # type: ignore[attr-defined]

    @property
    def caseworker(self) -> ServiceContext:
        return self.office.caseworker  # type: ignore[attr-defined]


def make_case(
    ctx: ServiceContext,
    alias: str,
    *,
    country: str = "KE",
    caseworker_id: int | None = None,
    pathway_id: int | None = None,
    category: ClientCategory = ClientCategory.RETURNEE_FTF,
) -> int:
    return cases.create_case(
        ctx,
        CaseInput(
            alias=alias,
            category=category,
            custody_status=CustodyStatus.RELEASED,
            country=country,
            caseworker_id=caseworker_id,
            pathway_id=pathway_id,
            legal_name=f"Legal name of {alias}",
        ),
    )


def give_consent(ctx: ServiceContext, case_id: int, org_id: int | None) -> int:
    return consents.record_consent(
        ctx,
        case_id,
        ConsentInput(
            purpose=ConsentPurpose.INFORMATION_SHARING,
            given_on=ctx.today(),
            method=ConsentMethod.SIGNED_FORM,
            scope=frozenset({InfoScope.IDENTITY, InfoScope.PLAN}),
            recipient_org_id=org_id,
        ),
    )


@pytest.fixture
def world(office) -> Iterator[World]:  # noqa: ANN001
    use_synchronous_pool(True)
    sup = office.supervisor
    pathway = pathways.create_default_pathway(sup, "Kenya community pathway", country="KE")
    training = directory.create_organisation(
        sup,
        OrganisationInput(
            "Nairobi Youth Futures",
            OrgType.CSO,
            country="KE",
            locality="Nairobi",
            focal_person="Grace W.",
            services=(ServiceOffer(ServiceType.VOCATIONAL_TRAINING, "Tailoring"),),
        ),
    )
    mentor = directory.create_organisation(
        sup,
        OrganisationInput(
            "Coast Imams Council",
            OrgType.RELIGIOUS_LEADER,
            country="KE",
            services=(ServiceOffer(ServiceType.RELIGIOUS_DIALOGUE),),
        ),
    )
    carl = office.caseworker.actor.user_id
    omar = office.other_caseworker.actor.user_id
    carl_case = make_case(sup, "Amina Carlcase", caseworker_id=carl, pathway_id=pathway)
    omar_case = make_case(sup, "Yusuf Omarcase", caseworker_id=omar, pathway_id=pathway)
    yield World(office, pathway, training, mentor, carl_case, omar_case)
    use_synchronous_pool(False)


@pytest.fixture
def real_pool(world: World) -> Iterator[World]:
    """The world, with jobs delivered as in production: from pool threads, through the event
    loop (not the synchronous test pool)."""
    use_synchronous_pool(False)
    yield world
    use_synchronous_pool(True)


def today() -> dt.date:
    return dt.date.today()


def model_texts(model: QAbstractItemModel) -> list[str]:
    """Every display and tooltip text a model holds (to prove nothing is left behind)."""
    out: list[str] = []

    def walk(parent) -> None:  # noqa: ANN001
        for row in range(model.rowCount(parent)):
            for col in range(model.columnCount(parent)):
                index = model.index(row, col, parent)
                for role in (Qt.ItemDataRole.DisplayRole, Qt.ItemDataRole.ToolTipRole):
                    value = model.data(index, role)
                    if value:
                        out.append(str(value))
                if col == 0 and model.rowCount(index) > 0:
                    walk(index)

    from PySide6.QtCore import QModelIndex

    walk(QModelIndex())
    return out


def all_model_texts(root: QWidget) -> list[str]:
    texts: list[str] = []
    for model in root.findChildren(QAbstractItemModel):
        texts += model_texts(model)
    return texts


def column_of(model: QAbstractItemModel, title: str) -> int:
    for col in range(model.columnCount()):
        if model.headerData(col, Qt.Orientation.Horizontal) == title:
            return col
    raise AssertionError(f"no column {title!r}")


def column_values(model: QAbstractItemModel, title: str) -> list[str]:
    col = column_of(model, title)
    return [model.index(r, col).data() for r in range(model.rowCount())]

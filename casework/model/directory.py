"""The service directory: organisations and community actors, their services, pathways."""

from __future__ import annotations

import datetime as dt

from sqlalchemy import JSON, ForeignKey, String, Text, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column, relationship

from casework.model.base import Base, UTCDateTime, Versioned, enum_type, utcnow
from casework.model.enums import OrgType, ServiceType, Subregion


class Organisation(Versioned, Base):
    """An organisation or community actor (a religious leader or a family is one too)."""

    __tablename__ = "organisations"

    id: Mapped[int] = mapped_column(primary_key=True)
    name: Mapped[str] = mapped_column(String(200), index=True)
    org_type: Mapped[OrgType] = mapped_column(enum_type(OrgType), index=True)
    subregion: Mapped[Subregion | None] = mapped_column(enum_type(Subregion), index=True)
    country: Mapped[str] = mapped_column(String(2), default="", index=True)
    locality: Mapped[str] = mapped_column(String(200), default="")
    focal_person: Mapped[str] = mapped_column(String(200), default="")
    phone: Mapped[str] = mapped_column(String(80), default="")
    email: Mapped[str] = mapped_column(String(200), default="")
    address: Mapped[str] = mapped_column(Text, default="")
    # Partners may need their involvement kept quiet: contacts are then a pseudonym.
    pseudonymous: Mapped[bool] = mapped_column(default=False)
    notes: Mapped[str] = mapped_column(Text, default="")
    active: Mapped[bool] = mapped_column(default=True)
    created_at: Mapped[dt.datetime] = mapped_column(UTCDateTime, default=utcnow)

    services: Mapped[list[OrganisationService]] = relationship(
        back_populates="organisation", cascade="all, delete-orphan", lazy="selectin"
    )


class OrganisationService(Base):
    """A service an organisation offers."""

    __tablename__ = "organisation_services"
    __table_args__ = (UniqueConstraint("organisation_id", "service_type"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    organisation_id: Mapped[int] = mapped_column(
        ForeignKey("organisations.id", ondelete="CASCADE"), index=True
    )
    service_type: Mapped[ServiceType] = mapped_column(enum_type(ServiceType), index=True)
    description: Mapped[str] = mapped_column(Text, default="")
    capacity_note: Mapped[str] = mapped_column(String(200), default="")

    organisation: Mapped[Organisation] = relationship(back_populates="services")


class Pathway(Versioned, Base):
    """A referral pathway: a template of ordered stages, per country or programme."""

    __tablename__ = "pathways"

    id: Mapped[int] = mapped_column(primary_key=True)
    name: Mapped[str] = mapped_column(String(200))
    subregion: Mapped[Subregion | None] = mapped_column(enum_type(Subregion))
    country: Mapped[str] = mapped_column(String(2), default="")
    description: Mapped[str] = mapped_column(Text, default="")
    active: Mapped[bool] = mapped_column(default=True)

    stages: Mapped[list[PathwayStage]] = relationship(
        back_populates="pathway",
        cascade="all, delete-orphan",
        order_by="PathwayStage.position",
        lazy="selectin",
    )


class PathwayStage(Versioned, Base):
    __tablename__ = "pathway_stages"
    __table_args__ = (UniqueConstraint("pathway_id", "position"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    pathway_id: Mapped[int] = mapped_column(
        ForeignKey("pathways.id", ondelete="CASCADE"), index=True
    )
    position: Mapped[int]
    name: Mapped[str] = mapped_column(String(200))
    sending_types: Mapped[list[str]] = mapped_column(JSON, default=list)
    receiving_types: Mapped[list[str]] = mapped_column(JSON, default=list)
    service_types: Mapped[list[str]] = mapped_column(JSON, default=list)
    expected_days: Mapped[int] = mapped_column(default=14)

    pathway: Mapped[Pathway] = relationship(back_populates="stages")

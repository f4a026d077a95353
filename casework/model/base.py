"""Declarative base and the column types every entity shares.

Types are portable (no SQLite-only column types) so a PostgreSQL backend can reuse the model.
"""

from __future__ import annotations

import datetime as dt
from enum import StrEnum
from typing import Any

from sqlalchemy import DateTime, Enum, MetaData, TypeDecorator
from sqlalchemy.orm import DeclarativeBase, Mapped, declared_attr, mapped_column

NAMING = {
    "ix": "ix_%(column_0_label)s",
    "uq": "uq_%(table_name)s_%(column_0_name)s",
    "ck": "ck_%(table_name)s_%(constraint_name)s",
    "fk": "fk_%(table_name)s_%(column_0_name)s_%(referred_table_name)s",
    "pk": "pk_%(table_name)s",
}


class Base(DeclarativeBase):
    metadata = MetaData(naming_convention=NAMING)


class UTCDateTime(TypeDecorator[dt.datetime]):
    """Stores naive UTC, returns aware UTC: no local-time ambiguity between laptops."""

    impl = DateTime
    cache_ok = True

    def process_bind_param(self, value: dt.datetime | None, dialect: object) -> dt.datetime | None:
        if value is None:
            return None
        if value.tzinfo is None:
            raise ValueError("naive datetime given to a UTC column")
        return value.astimezone(dt.UTC).replace(tzinfo=None)

    def process_result_value(
        self, value: dt.datetime | None, dialect: object
    ) -> dt.datetime | None:
        return None if value is None else value.replace(tzinfo=dt.UTC)


def enum_type(enum_cls: type[StrEnum]) -> Enum:
    """A portable string column for a StrEnum (no native enum, values stored as text)."""
    return Enum(
        enum_cls,
        native_enum=False,
        create_constraint=False,
        length=32,
        values_callable=lambda e: [m.value for m in e],
        validate_strings=True,
    )


def utcnow() -> dt.datetime:
    return dt.datetime.now(dt.UTC)


class Versioned:
    """A record people edit in forms: optimistic concurrency (issue 9).

    `row_version` goes up by one with every UPDATE, and every UPDATE carries
    `WHERE row_version = <the version loaded>` (SQLAlchemy's `version_id_col`), so two writers
    never overwrite each other silently, on a vault or a server. A form remembers the version it
    loaded and the service refuses a save made over a newer one (services/concurrency.py), naming
    who changed it last and when (`changed_by_id`, `changed_at`, stamped on every write).
    `changed_by_id` is a plain id (no foreign key), so adding it needs no table rebuild on a vault.
    """

    row_version: Mapped[int] = mapped_column(default=1, server_default="1")
    changed_by_id: Mapped[int | None] = mapped_column()
    changed_at: Mapped[dt.datetime | None] = mapped_column(UTCDateTime)

    @declared_attr.directive
    def __mapper_args__(cls) -> dict[str, Any]:  # noqa: N805 - a declarative directive
        return {"version_id_col": cls.__table__.c.row_version}  # type: ignore[attr-defined]

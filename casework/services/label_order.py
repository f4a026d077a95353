"""Columns of codes sorted as their labels read in the user's language.

A list shows a referral's state, a service or an organisation's country by its label ("Accepté",
"Santé mentale", "Somalie"); sorting by the stored value ("accepted", "mental_health", "SO")
put them in an order no reader recognises, and a different one in each language. These give
each value its rank among the labels, case and accents aside (i18n.reading_key), as a SQL
CASE for a small list, or the values in order for a walk of a large one, value by value.
"""

from __future__ import annotations

from enum import StrEnum
from typing import Any, TypeVar

from sqlalchemy import case as sql_case

from casework.i18n import country_name, reading_key
from casework.model.geography import COUNTRIES
from casework.model.labels import label

E = TypeVar("E", bound=StrEnum)


def ranked(enum_type: type[E]) -> list[E]:
    """The members in their labels' reading order."""
    return sorted(enum_type, key=lambda member: reading_key(label(member)))


def rank_of(values: list[Any], column: Any) -> Any:
    """`column`'s value's place among `values` (in their order), as SQL; any other last."""
    return sql_case({v: rank for rank, v in enumerate(values)}, value=column, else_=len(values))


def label_order(enum_type: type[StrEnum], column: Any) -> Any:
    """`column`'s values ranked by their labels: "Employeur" before "Famille" in French, not
    the stored values' English order."""
    return rank_of(ranked(enum_type), column)


def ranked_countries() -> list[str]:
    """The subregions' country codes in their names' reading order."""
    return sorted(
        (code for codes in COUNTRIES.values() for code in codes),
        key=lambda code: reading_key(country_name(code)),
    )


def country_order(column: Any) -> Any:
    """A column of country codes ranked by the countries' names; none ('') and unknown last."""
    return rank_of(ranked_countries(), column)

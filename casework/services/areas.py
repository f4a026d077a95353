"""Where an organisation or a pathway works: a country code and the subregion it lies in."""

from __future__ import annotations

from casework.i18n import N_
from casework.model.enums import Subregion
from casework.services.cases import subregion_of


def normalised_area(
    country: str, subregion: Subregion | None, errors: dict[str, str]
) -> tuple[str, Subregion | None]:
    """Normalise a country code and derive its subregion; an empty country keeps the subregion."""
    country = country.strip().upper()
    if not country:
        return "", subregion
    derived = subregion_of(country)
    if derived is None:
        errors["country"] = N_("Choose a country.")
        return country, subregion
    return country, derived

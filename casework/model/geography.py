"""Countries by subregion (DOMAIN.md defaults), shared by forms, services and the generator."""

from __future__ import annotations

from casework.model.enums import Subregion

COUNTRIES: dict[Subregion, tuple[str, ...]] = {
    Subregion.SAHEL_MAGHREB: ("DZ", "BF", "TD", "LY", "ML", "MR", "MA", "NE", "TN"),
    Subregion.GREATER_HORN: ("DJ", "ER", "ET", "KE", "SO", "SS", "SD", "UG", "TZ"),
    Subregion.SOUTHEAST_ASIA: ("ID", "MY", "PH", "SG", "TH"),
}


def subregion_of(country: str) -> Subregion | None:
    return next((s for s, codes in COUNTRIES.items() if country in codes), None)

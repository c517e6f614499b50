"""Totals and shares of a fiche: one unit, its région and France entière, per flow.

All values are integer euros (sums of the four quarters of the year). "France entière" is the
sum of all 101 DGDDI units of the same files (Monaco included), as in the published fiche. The
région of a unit is its DGDDI région (PACA includes Monaco; the five DROM form the
"ensemble des DROM"); for Corse the région is the unit itself, so no région comparison is made.
"""

from __future__ import annotations

from dataclasses import dataclass

import pandas as pd

from .errors import ConfigError
from .geography import Unit, dgddi_region_units

FLOWS = ("E", "I")


@dataclass(frozen=True)
class FlowTotals:
    """Totals of one flow (``"E"`` exports, FAB; ``"I"`` imports, CAF), in euros."""

    flow: str
    unit_eur: int
    region_eur: int | None  # None when the région is the unit itself (Corse)
    france_eur: int
    region_name: str | None

    @property
    def region_share(self) -> float | None:
        """Share of the région, as a fraction (0.0398 for 3.98 %)."""
        return None if not self.region_eur else self.unit_eur / self.region_eur

    @property
    def france_share(self) -> float:
        """Share of France entière, as a fraction."""
        return self.unit_eur / self.france_eur if self.france_eur else float("nan")


def sum_value(totals: pd.DataFrame, *, year: int, flow: str, deps: list[str] | None = None) -> int:
    """Σ ``value_eur`` of ``totals`` for the year and flow, over ``deps`` (all units if None), in euros."""
    mask = (totals["year"] == year) & (totals["flow"] == flow)
    if deps is not None:
        mask &= totals["dep"].isin(deps)
    return int(totals.loc[mask, "value_eur"].sum())


def available_years(totals: pd.DataFrame) -> list[int]:
    return sorted(int(y) for y in totals["year"].unique())


def flow_totals(totals: pd.DataFrame, unit: Unit, year: int, flow: str) -> FlowTotals:
    """The totals block of one flow for ``unit`` in ``year``.

    Raises :class:`ConfigError` when the data hold no record for that year.
    """
    years = available_years(totals)
    if year not in years:
        raise ConfigError(f"Aucune donnée pour l'année {year} ; années disponibles : {', '.join(map(str, years)) or 'aucune'}.")
    region_units = [u.dgddi_code for u in dgddi_region_units(unit.dgddi_region)]
    own_region = region_units == [unit.dgddi_code]
    return FlowTotals(
        flow=flow,
        unit_eur=sum_value(totals, year=year, flow=flow, deps=[unit.dgddi_code]),
        region_eur=None if own_region else sum_value(totals, year=year, flow=flow, deps=region_units),
        france_eur=sum_value(totals, year=year, flow=flow),
        region_name=None if own_region else unit.region.dgddi_name,
    )


def fiche_totals(totals: pd.DataFrame, unit: Unit, year: int) -> dict[str, FlowTotals]:
    """Export and import totals blocks of one fiche, keyed by flow."""
    return {flow: flow_totals(totals, unit, year, flow) for flow in FLOWS}

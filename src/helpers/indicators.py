"""Totals and shares of a page: its place (a unit, a région, France), the unit's région, France.

All values are integer euros (sums of the four quarters of the year). "France entière" is the
sum of all 101 DGDDI units of the same files (Monaco included), as in the published fiche. The
région of a unit is its DGDDI région (PACA includes Monaco; the five DROM form the
"ensemble des DROM"); for Corse the région is the unit itself, so no région comparison is made.
A région's page compares with France only; the France page has nothing to compare with.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
import pandas as pd

from .errors import ConfigError
from .geography import Place, Unit, dgddi_region_units, unit_codes

FLOWS = ("E", "I")


@dataclass(frozen=True)
class FlowTotals:
    """Totals of one flow (``"E"`` exports, FAB; ``"I"`` imports, CAF), in euros."""

    flow: str
    unit_eur: int  # the page's own total: its unit, its région or France entière
    region_eur: int | None  # None when the région is the unit itself (Corse), or not a unit's page
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
    return _sum_over(*_year_flow_rows(totals, year, flow), deps)


def _year_flow_rows(totals: pd.DataFrame, year: int, flow: str) -> tuple[np.ndarray, np.ndarray]:
    """Unit codes and ``value_eur`` (euros) of the rows of ``totals`` for the year and flow.

    On NumPy arrays: a page and the reconciliation sum a small table hundreds of times.
    """
    mask = (totals["year"].to_numpy() == year) & (totals["flow"].to_numpy(dtype=object) == flow)
    return totals["dep"].to_numpy(dtype=object)[mask], totals["value_eur"].to_numpy()[mask]


def _sum_over(row_deps: np.ndarray, values: np.ndarray, deps: list[str] | None) -> int:
    """Σ ``values`` (euros) of the rows whose unit is in ``deps`` (all rows if None)."""
    if deps is None:
        return int(values.sum())
    wanted = set(deps)
    return int(values[np.fromiter((dep in wanted for dep in row_deps), dtype=bool, count=len(row_deps))].sum())


def available_years(totals: pd.DataFrame) -> list[int]:
    return sorted(int(y) for y in totals["year"].unique())


def flow_totals(totals: pd.DataFrame, place: Place, year: int, flow: str) -> FlowTotals:
    """The totals block of one flow for ``place`` (a unit, a région, France) in ``year``.

    Raises :class:`ConfigError` when the data hold no record for that year.
    """
    years = available_years(totals)
    if year not in years:
        raise ConfigError(f"Aucune donnée pour l'année {year} ; années disponibles : {', '.join(map(str, years)) or 'aucune'}.")
    region_units = [u.dgddi_code for u in dgddi_region_units(place.dgddi_region)] if isinstance(place, Unit) else None
    compared = region_units is not None and region_units != [place.dgddi_code]
    rows = _year_flow_rows(totals, year, flow)
    return FlowTotals(
        flow=flow,
        unit_eur=_sum_over(*rows, unit_codes(place)),
        region_eur=_sum_over(*rows, region_units) if compared else None,
        france_eur=_sum_over(*rows, None),
        region_name=place.region.dgddi_name if compared else None,
    )


def fiche_totals(totals: pd.DataFrame, place: Place, year: int) -> dict[str, FlowTotals]:
    """Export and import totals blocks of one page, keyed by flow."""
    return {flow: flow_totals(totals, place, year, flow) for flow in FLOWS}

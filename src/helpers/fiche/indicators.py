"""Totals and shares of a page: its place (a unit, a région, France), the unit's région, France.

All values are integer euros (sums of the four quarters of the year). "France entière" is the
sum of all 101 DGDDI units of the same files (Monaco included), as in the published fiche. The
région of a unit is its DGDDI région (PACA includes Monaco; the five DROM form the
"ensemble des DROM"); for Corse the région is the unit itself, so no région comparison is made.
A région's page compares with France only; the France page has nothing to compare with.
"""

from __future__ import annotations

from dataclasses import dataclass

import pandas as pd

from ..common.errors import ConfigError
from ..places.geography import Place, Unit, dgddi_region_units, unit_codes

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


def unit_sums(totals: pd.DataFrame, year: int) -> dict[tuple[str, str], int]:
    """Σ ``value_eur`` of ``totals`` for the year, by (flow, unit code), in euros.

    One pass over the columns as Python lists (a few hundred rows: cheaper than filtering the
    frame); the sums of a page's blocks are then taken from this small dict.
    """
    columns = (totals[name].tolist() for name in ("year", "flow", "dep", "value_eur"))
    sums: dict[tuple[str, str], int] = {}
    for row_year, flow, dep, value in zip(*columns, strict=True):
        if row_year == year:
            sums[(flow, dep)] = sums.get((flow, dep), 0) + value
    return sums


def sum_over(sums: dict[tuple[str, str], int], flow: str, deps: list[str] | None) -> int:
    """Σ of :func:`unit_sums` for ``flow`` over ``deps`` (all units if None), in euros."""
    wanted = None if deps is None else set(deps)
    return int(sum(value for (f, dep), value in sums.items() if f == flow and (wanted is None or dep in wanted)))


def sum_value(totals: pd.DataFrame, *, year: int, flow: str, deps: list[str] | None = None) -> int:
    """Σ ``value_eur`` of ``totals`` for the year and flow, over ``deps`` (all units if None), in euros.

    For many sums of one year, take :func:`unit_sums` once and :func:`sum_over` each time.
    """
    return sum_over(unit_sums(totals, year), flow, deps)


def available_years(totals: pd.DataFrame) -> list[int]:
    return sorted(int(y) for y in totals["year"].unique())


def flow_totals(totals: pd.DataFrame, place: Place, year: int, flow: str) -> FlowTotals:
    """The totals block of one flow for ``place`` (a unit, a région, France) in ``year``.

    Raises :class:`ConfigError` when the data hold no record for that year.
    """
    _check_year(totals, year)
    return _block(unit_sums(totals, year), place, flow)


def _check_year(totals: pd.DataFrame, year: int) -> None:
    years = available_years(totals)
    if year not in years:
        raise ConfigError(f"Aucune donnée pour l'année {year} ; années disponibles : {', '.join(map(str, years)) or 'aucune'}.")


def _block(sums: dict[tuple[str, str], int], place: Place, flow: str) -> FlowTotals:
    """The totals block of ``flow`` for ``place`` from the year's :func:`unit_sums`."""
    region_units = [u.dgddi_code for u in dgddi_region_units(place.dgddi_region)] if isinstance(place, Unit) else None
    compared = region_units is not None and region_units != [place.dgddi_code]
    return FlowTotals(
        flow=flow,
        unit_eur=sum_over(sums, flow, unit_codes(place)),
        region_eur=sum_over(sums, flow, region_units) if compared else None,
        france_eur=sum_over(sums, flow, None),
        region_name=place.region.dgddi_name if compared else None,
    )


def fiche_totals(totals: pd.DataFrame, place: Place, year: int) -> dict[str, FlowTotals]:
    """Export and import totals blocks of one page, keyed by flow."""
    _check_year(totals, year)
    sums = unit_sums(totals, year)
    return {flow: _block(sums, place, flow) for flow in FLOWS}

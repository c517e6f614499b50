"""Exposure indicators of a place's exports (« Points clés »): pure functions on sums by code.

Every function takes sums in euros (by partner or product code: a ``pd.Series`` or a dict, or plain
integers) and returns a float, or ``None`` when the indicator is not defined (« n. d. » on the
page). Units:

* shares (:func:`share_to`, :func:`top_share`), the coverage ratio and the change of exports are
  **percentages** (12.3 for 12.3 %), unrounded;
* the Herfindahl–Hirschman index (:func:`hhi`) is the sum of the squared percentage shares,
  from 0 to 10 000 (10 000: one single partner or product).

« Pays » are real countries: the special partner codes (:data:`helpers.places.partners.SPECIAL_PARTNER_CODES`
and any code labelled as not a country) are left out of the shares' denominators and of the
partners' index; the products' index covers every export (a special partner code still has a
product). The coverage ratio and the change of exports use the page's totals (every code).
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import asdict, dataclass

from ..places.partners import EU27_2020, UNITED_STATES

#: Thresholds of the Herfindahl–Hirschman index (0–10 000): below 1 500 « peu concentré »; from
#: 1 500 to 2 500, both included, « moyennement concentré »; above 2 500 « très concentré ».
HHI_LOW, HHI_HIGH = 1500.0, 2500.0


@dataclass(frozen=True)
class Indicator:
    """One indicator of the « Points clés »: its key (column of the ranks table), French label,
    anchor on the methodology page and unit."""

    key: str
    label: str
    anchor: str
    unit: str  # "%" or "indice 0–10 000"


#: The seven indicators, in the box's order (1 = the largest value for each, in ranks).
INDICATORS: tuple[Indicator, ...] = (
    Indicator("us_share", "Part des exportations vers les États-Unis", "ind-etats-unis", "%"),
    Indicator("eu_share", "Part des exportations vers l’Union européenne (UE à 27)", "ind-union-europeenne", "%"),
    Indicator("hhi_partners", "Concentration des pays clients (indice HHI)", "ind-hhi-pays", "indice 0–10 000"),
    Indicator("hhi_products", "Concentration des produits exportés (indice HHI)", "ind-hhi-produits", "indice 0–10 000"),
    Indicator("top3_share", "Part des trois premiers pays clients", "ind-trois-premiers", "%"),
    Indicator("coverage", "Taux de couverture (exportations / importations)", "ind-couverture", "%"),
    Indicator("export_change", "Évolution des exportations sur un an", "ind-evolution", "%"),
)
KEYS = tuple(i.key for i in INDICATORS)


@dataclass(frozen=True)
class Exposure:
    """The seven indicators of one place and year (see :data:`INDICATORS` for units); ``None``: not defined."""

    us_share: float | None
    eu_share: float | None
    hhi_partners: float | None
    hhi_products: float | None
    top3_share: float | None
    coverage: float | None
    export_change: float | None

    def as_dict(self) -> dict[str, float | None]:
        return asdict(self)


def countries_only(by_partner: Mapping[str, int], special: Iterable[str]) -> dict[str, int]:
    """``by_partner`` (euros by partner code: a ``pd.Series`` or a dict) without the special codes and zero values."""
    excluded = set(special)
    return {code: int(value) for code, value in by_partner.items() if code not in excluded and value}


def share_to(by_country: Mapping[str, int], codes: Iterable[str]) -> float | None:
    """Share (%) of the exports to real countries ``by_country`` (euros by code) going to ``codes``.

    ``None`` when there is no export to a real country.
    """
    total = sum(int(v) for _, v in by_country.items())
    if total == 0:
        return None
    wanted = set(codes)
    return 100.0 * sum(int(v) for code, v in by_country.items() if code in wanted) / total


def hhi(values: Mapping[str, int]) -> float | None:
    """Herfindahl–Hirschman index of ``values`` (euros by code): Σ (100 · vᵢ / Σ v)², 0–10 000.

    Computed as 10 000 · Σ vᵢ² / (Σ vᵢ)² on Python integers (exact, then one division). ``None``
    when the values sum to zero.
    """
    ints = [int(v) for _, v in values.items() if v]
    total = sum(ints)
    if total == 0:
        return None
    return 10_000 * sum(v * v for v in ints) / (total * total)


def concentration(index: float | None) -> str | None:
    """« peu concentré » (< 1 500), « moyennement concentré » (1 500 to 2 500 included), « très concentré » (> 2 500)."""
    if index is None:
        return None
    if index < HHI_LOW:
        return "peu concentré"
    return "moyennement concentré" if index <= HHI_HIGH else "très concentré"


def top_share(by_country: Mapping[str, int], n: int = 3) -> float | None:
    """Share (%) of the ``n`` first real countries in ``by_country`` (euros); ``None`` without exports."""
    values = sorted((int(v) for _, v in by_country.items()), reverse=True)
    total = sum(values)
    return None if total == 0 else 100.0 * sum(values[:n]) / total


def coverage(exports_eur: int, imports_eur: int) -> float | None:
    """Coverage ratio exports / imports (%); ``None`` when there is no import."""
    return None if imports_eur == 0 else 100.0 * exports_eur / imports_eur


def change(current_eur: int, previous_eur: int | None) -> float | None:
    """Change (%) from ``previous_eur`` to ``current_eur``; ``None`` without a previous year or from zero."""
    if previous_eur is None or previous_eur == 0:
        return None
    return 100.0 * (current_eur - previous_eur) / previous_eur


def exposure(exports_by_partner: Mapping[str, int], exports_by_product: Mapping[str, int], *, exports_eur: int, imports_eur: int,
             previous_exports_eur: int | None, special: Iterable[str]) -> Exposure:
    """The seven indicators of one place and year from its exports by partner and by product
    (euros, every code), its export and import totals and last year's exports (``None``: no
    previous year in the data)."""
    countries = countries_only(exports_by_partner, special)
    return Exposure(
        us_share=share_to(countries, {UNITED_STATES}),
        eu_share=share_to(countries, EU27_2020),
        hhi_partners=hhi(countries),
        hhi_products=hhi(exports_by_product),
        top3_share=top_share(countries, 3),
        coverage=coverage(exports_eur, imports_eur),
        export_change=change(exports_eur, previous_exports_eur),
    )


def competition_ranks(values: dict[str, float | None]) -> dict[str, int | None]:
    """Rank of each key, 1 = the largest value; ties share a rank (« 1, 2, 2, 4 »); ``None`` stays unranked.

    Values are compared as they are (full precision): two figures that print the same may rank apart.
    """
    ordered = sorted((v for v in values.values() if v is not None), reverse=True)
    first: dict[float, int] = {}
    for position, value in enumerate(ordered, start=1):
        first.setdefault(value, position)
    return {key: (None if value is None else first[value]) for key, value in values.items()}

"""The « Évolution » section's numbers: yearly series, index, movers and the United States' share.

Every value is in **euros courants** (integer sums of the records of a year, no deflation); the
charts show them in M€. The years are the data's (:func:`shown_years`: those of the cache's totals
up to the page's year, never hard-coded); the most recent year of the data is provisional
(:func:`provisional_year`: DGDDI revises a year when it publishes the next one). « Since the
previous year » compares with the previous year *of the data* (the year before in
:func:`shown_years`), « since the first year » with the first of them.

A page compares its place with the scopes it already shows (:func:`compared_places`): a
département with its région (the « ensemble des DROM » for a DROM, none for Corse) and France; a
région with France; France with nothing.
"""

from __future__ import annotations

import functools
from collections.abc import Iterable
from dataclasses import dataclass
from decimal import ROUND_HALF_UP, Decimal
from pathlib import Path
from typing import TYPE_CHECKING

import numpy as np
import pandas as pd
from IPython.display import Markdown

from ..places.geography import FRANCE, Place, Unit, unit_codes
from ..places.names import FRANCE_NAME, name_of
from .context import FicheContext
from .indicators import available_years

if TYPE_CHECKING:
    import pyarrow as pa

#: The partner whose share of exports the section follows (the publication's context).
UNITED_STATES = "US"
#: How many products or countries count as « the main ones » in a year.
TOP_N = 10
#: Roles of the compared scopes, in display order.
ROLES = ("place", "region", "france")


def shown_years(totals: pd.DataFrame, year: int) -> list[int]:
    """The years of the data up to the page's ``year``, ascending (``totals``: the cache's totals)."""
    return [y for y in available_years(totals) if y <= year]


def provisional_year(totals: pd.DataFrame) -> int | None:
    """The most recent year of the data (provisional), ``None`` when the data hold none."""
    years = available_years(totals)
    return years[-1] if years else None


def year_label(year: int, provisional: int | None, *, long: bool = False) -> str:
    """How a year is written in charts and tables: ``"2024 (p)"`` (``long``: ``"2024 provisoire"``)
    for the provisional year, ``"2023"`` otherwise."""
    if year != provisional:
        return str(year)
    return f"{year} provisoire" if long else f"{year} (p)"


@dataclass(frozen=True)
class Compared:
    """One scope of the section: its ``role`` (:data:`ROLES`), display ``name`` and ``place``."""

    role: str
    name: str
    place: Place


def compared_places(place: Place) -> list[Compared]:
    """The page's place, then (for a département) its région or the ensemble des DROM (none for
    Corse), then France entière (except on the France page)."""
    found = [Compared("place", place.name, place)]
    if isinstance(place, Unit) and not place.is_corse:
        found.append(Compared("region", "ensemble des DROM" if place.is_drom else place.region.name, place.region))
    if place != FRANCE:
        found.append(Compared("france", FRANCE.name, FRANCE))
    return found


@dataclass(frozen=True)
class YearTotals:
    """A scope's exports (FAB) and imports (CAF) of one year, euros courants."""

    year: int
    export_eur: int
    import_eur: int

    @property
    def balance_eur(self) -> int:
        """Exports − imports, euros."""
        return self.export_eur - self.import_eur


def yearly_series(totals: pd.DataFrame, place: Place, years: Iterable[int]) -> list[YearTotals]:
    """``place``'s exports and imports for each of ``years`` (euros; 0 for a year without records)."""
    deps = unit_codes(place)
    year, flow, value = (totals[name].to_numpy() for name in ("year", "flow", "value_eur"))
    kept = totals["dep"].isin(deps).to_numpy() if deps is not None else np.ones(len(totals), dtype=bool)
    exports, imports = kept & (flow == "E"), kept & (flow == "I")
    found = []
    for y in years:  # a few masks over the few hundred rows of the totals
        this_year = year == y
        found.append(YearTotals(y, int(value[exports & this_year].sum()), int(value[imports & this_year].sum())))
    return found


def index_series(values: list[int]) -> list[float | None]:
    """``values`` indexed on the first = 100, rounded half-up to one decimal (points); all ``None``
    when the first is 0 (no base)."""
    if not values or values[0] == 0:
        return [None] * len(values)
    base = Decimal(values[0])
    return [float((Decimal(v) * 100 / base).quantize(Decimal("0.1"), rounding=ROUND_HALF_UP)) for v in values]


def percent_change(before: int, after: int) -> float | None:
    """Change from ``before`` to ``after`` in %, rounded half-up to one decimal; ``None`` when
    ``before`` is not positive (no base: a new item)."""
    if before <= 0:
        return None
    return float((Decimal(after - before) * 100 / Decimal(before)).quantize(Decimal("0.1"), rounding=ROUND_HALF_UP))


def top_codes(values: dict[str, int], n: int = TOP_N, *, excluded: Iterable[str] = ()) -> list[str]:
    """The ``n`` largest positive values' codes, best first, ties by code; ``excluded`` codes (the
    special partner codes) never count."""
    skip = set(excluded)
    ranked = sorted(((c, v) for c, v in values.items() if v > 0 and c not in skip), key=lambda cv: (-cv[1], cv[0]))
    return [c for c, _ in ranked[:n]]


def sums_by_year(records: pd.DataFrame, *, flow: str, column: str) -> dict[int, dict[str, int]]:
    """Σ ``value_eur`` of ``flow`` by year and code of ``column`` (``"a129"``, ``"cpf4"``, ``"country"``), euros."""
    found: dict[int, dict[str, int]] = {}
    columns = (records[name].tolist() for name in ("year", "flow", column, "value_eur"))
    for year, record_flow, code, value in zip(*columns, strict=True):
        if record_flow == flow:
            by_code = found.setdefault(int(year), {})
            by_code[str(code)] = by_code.get(str(code), 0) + int(value)
    return found


#: Columns of :func:`movers` (euros; % rounded to one decimal, NaN when the base is 0).
MOVER_COLUMNS = [
    "code", "first_eur", "previous_eur", "last_eur", "change_previous_eur", "change_previous_pct",
    "change_first_eur", "change_first_pct", "top_last",
]


def movers(
    records: pd.DataFrame, *, flow: str, column: str, years: list[int], n: int = TOP_N, excluded: Iterable[str] = ()
) -> pd.DataFrame:
    """What moved among the main products or partners of ``flow`` in ``records`` (:func:`movers_of`
    of their :func:`sums_by_year`)."""
    return movers_of(sums_by_year(records, flow=flow, column=column), years=years, n=n, excluded=excluded)


def movers_of(sums: dict[int, dict[str, int]], *, years: list[int], n: int = TOP_N, excluded: Iterable[str] = ()) -> pd.DataFrame:
    """What moved among the main products or partners (:data:`MOVER_COLUMNS`).

    ``sums``: euros by year and code (:func:`sums_by_year`, :class:`FlowSums`); ``years``: the
    shown years (at least two); first, previous (the one before the last) and last are compared.
    Rows: every code in the top ``n`` of the first, the previous or the last year (so those that
    fell out of the top ``n`` stay, with ``top_last`` False), sorted by change since the previous
    year, largest rise first, ties by code. Values in euros.
    """
    first, previous, last = years[0], years[-2], years[-1]
    by_year = {y: sums.get(y, {}) for y in (first, previous, last)}
    tops = {y: top_codes(by_year[y], n, excluded=excluded) for y in (first, previous, last)}
    codes = sorted(set(tops[first]) | set(tops[previous]) | set(tops[last]))
    rows = []
    for code in codes:
        a, b, c = (by_year[y].get(code, 0) for y in (first, previous, last))
        rows.append((code, a, b, c, c - b, percent_change(b, c), c - a, percent_change(a, c), code in tops[last]))
    rows.sort(key=lambda row: (-row[4], row[0]))  # change since the previous year, largest rise first; codes are unique
    if not rows:
        return pd.DataFrame(rows, columns=MOVER_COLUMNS).astype({k: "int64" for k in MOVER_COLUMNS if k.endswith("_eur")})
    # column by column: the dtypes pandas infers from the rows (codes "str", % float64 with NaN, or
    # object when no value has a base), the euros int64
    columns = dict(zip(MOVER_COLUMNS, (list(values) for values in zip(*rows, strict=True)), strict=True))
    return pd.DataFrame({k: pd.array(v, dtype="int64") if k.endswith("_eur") else v for k, v in columns.items()})


def share_series(part: dict[int, int], whole: dict[int, int], years: Iterable[int]) -> list[float | None]:
    """``part`` / ``whole`` in % for each year, rounded half-up to one decimal; ``None`` when the
    whole is 0. ``part``/``whole``: euros by year."""
    found = []
    for year in years:
        total = whole.get(year, 0)
        value = Decimal(part.get(year, 0)) * 100 / Decimal(total) if total else None
        found.append(None if value is None else float(value.quantize(Decimal("0.1"), rounding=ROUND_HALF_UP)))
    return found


@dataclass(frozen=True)
class FlowSums:
    """A place's values of one flow by year and code, euros: ``products`` by code of the page's
    nomenclature, ``countries`` by partner (as :func:`sums_by_year` gives them). Shared: never modified."""

    products: dict[int, dict[str, int]]
    countries: dict[int, dict[str, int]]


def flow_sums(cache: Path, place: Place, flow: str, level: str) -> FlowSums:
    """The place's records of ``flow`` summed by year and product (``level``: ``"a129"``, ``"cpf4"``)
    and by year and partner country, euros, every year; once per process (the movers and the
    United States' share read the same).

    Only the columns the section reads, summed by Arrow: a unit's from its row group of the
    records (:func:`helpers.data.store.read_unit`), a région's and France's from the cache's scope
    aggregates.
    """
    return _flow_sums(str(Path(cache).resolve()), place, flow, level)


@functools.lru_cache(maxsize=8)
def _flow_sums(cache: str, place: Place, flow: str, level: str) -> FlowSums:
    import pyarrow as pa
    import pyarrow.compute as pc

    from ..data import store

    columns = ["year", "flow", level, "country", "value_eur"]
    if isinstance(place, Unit):
        table = store.read_unit(Path(cache), place.dgddi_code, columns)  # codes dictionary-encoded
        table = table.filter(pc.equal(table["flow"], pa.scalar(flow)))
    else:
        table = _scope_flow(cache, flow, level)
        if place != FRANCE:
            table = table.filter(pc.equal(table["region"], pa.scalar(place.scope.code)))
    return FlowSums(_arrow_sums(table, level), _arrow_sums(table, "country"))


@functools.lru_cache(maxsize=2)
def _scope_flow(cache: str, flow: str, level: str) -> pa.Table:
    """The cache's scope aggregates (``scopes.parquet``) of ``flow``: year, DGDDI région, product
    (``level``), country and euros, codes dictionary-encoded; read once per process for the région
    and France pages a worker serves (a few megabytes)."""
    import pyarrow.compute as pc
    import pyarrow.parquet as pq

    from ..data import scopes

    codes = ["region", level, "country"]
    return pq.read_table(
        scopes.prepare(Path(cache)), columns=["year", *codes, "value_eur"], filters=pc.field("flow") == flow, read_dictionary=codes,
    ).unify_dictionaries()  # one dictionary per column (one per row group as read): Arrow groups by it


def _arrow_sums(table: pa.Table, column: str) -> dict[int, dict[str, int]]:
    """Σ ``value_eur`` of an Arrow ``table`` by year and code of ``column``, euros."""
    import pyarrow as pa

    grouped = table.group_by(["year", column], use_threads=False).aggregate([("value_eur", "sum")])
    codes = grouped[column]
    if pa.types.is_dictionary(codes.type):  # decoded at once: a dictionary's values one by one cost more
        codes = codes.cast(pa.string())
    found: dict[int, dict[str, int]] = {}
    for year, code, value in zip(grouped["year"].to_pylist(), codes.to_pylist(), grouped["value_eur_sum"].to_pylist(), strict=True):
        found.setdefault(int(year), {})[str(code)] = int(value)
    return found


def exports_to(countries: dict[int, dict[str, int]], country: str = UNITED_STATES) -> dict[int, int]:
    """Exports to ``country`` by year, from a scope's exports by year and partner (:attr:`FlowSums.countries`,
    :func:`sums_by_year`), euros; the years with exports to it only."""
    return {year: by_country[country] for year, by_country in sorted(countries.items()) if country in by_country}


def partner_exports(cache: Path, place: Place, country: str = UNITED_STATES) -> dict[int, int]:
    """Exports to ``country`` by year of a région (its DGDDI région) or France, euros.

    Read from the cache's scope aggregates (``scopes.parquet``) once per process, cache folder and
    country: a few hundred rows. A unit's: :func:`exports_to` of its :func:`flow_sums`.
    """
    by_region = _partner_exports(str(Path(cache).resolve()), country)
    codes = None if place == FRANCE else {place.scope.code}
    found: dict[int, int] = {}
    for (year, region), value in by_region.items():
        if codes is None or region in codes:
            found[year] = found.get(year, 0) + value
    return found


@functools.lru_cache(maxsize=8)
def _partner_exports(cache: str, country: str) -> dict[tuple[int, str], int]:
    """Exports to ``country`` by (year, DGDDI région), euros."""
    import pyarrow.compute as pc
    import pyarrow.parquet as pq

    from ..data import scopes

    wanted = (pc.field("flow") == "E") & (pc.field("country") == country)
    table = pq.read_table(scopes.prepare(Path(cache)), columns=["year", "region", "value_eur"], filters=wanted)
    found: dict[tuple[int, str], int] = {}
    for year, region, value in zip(*(table[c].to_pylist() for c in ("year", "region", "value_eur")), strict=True):
        found[(int(year), str(region))] = found.get((int(year), str(region)), 0) + int(value)
    return found


def intro(ctx: FicheContext) -> Markdown:
    """The section's opening sentence: the years and their unit, what the place is compared with,
    the provisional year; or, with one year of data only, one sentence saying so (the charts'
    cells then show nothing)."""
    name = name_of(ctx.place).of
    years = shown_years(ctx.totals, ctx.year)
    if len(years) < 2:
        return Markdown(
            f"Les données disponibles ne couvrent que l'année {ctx.year} : l'évolution des échanges {name} "
            "sur plusieurs années ne peut pas encore être présentée."
        )
    first, last = years[0], years[-1]
    others = [FRANCE_NAME.the if c.role == "france" else _region_words(c) for c in compared_places(ctx.place)[1:]]
    compared = f" ; comparaison avec {' et '.join(others)}" if others else ""
    text = f"Période : de {first} à {last}, en euros courants (sans correction de l'inflation){compared}."
    if provisional_year(ctx.totals) == last:
        text += f" Les chiffres de {last}, notés « {last} (p) », sont provisoires : la DGDDI révise une année en publiant la suivante."
    if any(b != a + 1 for a, b in zip(years, years[1:], strict=False)):
        text += " Des années manquent dans les données : l'« année précédente » est la précédente disponible."
    return Markdown(text)


def _region_words(compared: Compared) -> str:
    """The région as the text names it: « la région Occitanie », « l'ensemble des DROM »."""
    return "l'ensemble des DROM" if compared.name.startswith("ensemble") else f"la région {compared.name}"

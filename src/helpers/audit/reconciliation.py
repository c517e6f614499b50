"""Reconciliation: blocking checks that the published totals add up, exactly, in euros.

Every build (and the test suite) runs :func:`reconcile` on the Parquet cache. The checks, per
year and flow:

* ``region`` — for each DGDDI région, the total of the records whose **région code** (field 5 of
  the files) is that région equals the sum of the records of the units the project's geography
  puts in that région (Monaco in PACA, the five DROM in « DOM »). With one records table this is
  an identity *unless* the DGDDI région code of a record disagrees with the project's mapping;
* ``france`` — the sum of the régions equals the France total (every record), and so does the
  sum of the units known to the project's geography;
* ``page`` — for each unit with a page, the unit, région and France totals a page displays (read
  from ``totals.parquet``, as the fiche does) equal a recomputation from ``records.parquet``.

Shares are never stored: pages compute them from these totals (see :func:`check_page`, run by
each page, which also compares the rendered totals block with one rendered from recomputed
figures). A difference is a failure unless an identical gap is declared in
``resources/tolerances.yml`` (where, why, since when); a declared gap is asserted exactly: if
the difference changes or disappears, the check fails too. :func:`helpers.common.checks.check_partition` is the
same rule for a part/whole split drawn by a chart (named items + « autres » = total).
"""

from __future__ import annotations

import functools
from pathlib import Path
from typing import TYPE_CHECKING

from ..common.checks import FLOW_NAMES, Check, ReconciliationError, Tolerance, expected_gap, read_tolerances
from ..places.geography import Region, regions, units

if TYPE_CHECKING:  # pandas and yaml are imported where used: the CLI imports this module at start
    import pandas as pd

#: Columns of the table returned by :func:`reconcile` (euros for left, right, difference).
COLUMNS = ["check", "code", "scope", "flow", "year", "left", "right", "difference", "expected", "ok"]


# --------------------------------------------------------------------------------------------
# The cache
# --------------------------------------------------------------------------------------------


def _dgddi_regions() -> dict[str, Region]:
    """One :class:`Region` per DGDDI région code (the DROM share ``24``), in code order."""
    found: dict[str, Region] = {}
    for region in regions().values():
        found.setdefault(region.dgddi_code, region)
    return dict(sorted(found.items()))


def _sums(frame: pd.DataFrame, by: list[str]) -> dict[tuple, int]:
    grouped = frame.groupby(by, observed=True, sort=True)["value_eur"].sum()
    return {(k if isinstance(k, tuple) else (k,)): int(v) for k, v in grouped.items()}


def reconcile_records(records: pd.DataFrame, totals: pd.DataFrame, *, tolerances: list[Tolerance] | None = None,
                      years: list[int] | None = None) -> list[Check]:
    """All checks on ``records`` (columns year, flow, dep, region, value_eur) and ``totals``.

    ``totals`` is what pages read (year, flow, dep, region, value_eur); ``years`` limits the
    checks (default: every year of the records).
    """
    from ..fiche.indicators import fiche_totals

    tolerances = read_tolerances() if tolerances is None else tolerances
    geo = units()
    unit_region = {code: u.dgddi_region for code, u in geo.items()}
    # Σ by year, flow, dep and région code first (exact integer sums, missing codes kept): every
    # sum below is a sum of these few hundred rows instead of the records
    records = records.groupby(["year", "flow", "dep", "region"], observed=True, sort=False, dropna=False, as_index=False)["value_eur"].sum()
    all_years = sorted(int(y) for y in records["year"].unique())
    years = [y for y in all_years if years is None or y in years]
    by_region_code = _sums(records, ["year", "flow", "region"])
    mapped = records.assign(geo_region=records["dep"].map(unit_region))
    by_geo_region = _sums(mapped.dropna(subset=["geo_region"]), ["year", "flow", "geo_region"])
    by_dep = _sums(records, ["year", "flow", "dep"])
    france = _sums(records, ["year", "flow"])
    known_regions = set(_dgddi_regions())
    checks: list[Check] = []

    def add(kind: str, code: str, scope: str, flow: str, year: int, left: int, right: int) -> None:
        checks.append(Check(kind, code, scope, flow, year, left, right, expected_gap(tolerances, kind, code, flow, year)))

    for year in years:
        for flow in FLOW_NAMES:
            for code, region in _dgddi_regions().items():
                members = sorted(u for u, r in unit_region.items() if r == code)
                scope = f"{region.dgddi_name if code == '24' else region.name} (région DGDDI {code}) : total des fichiers = Σ de ses {len(members)} unités"
                add("region", code, scope, flow, year, by_region_code.get((year, flow, code), 0), by_geo_region.get((year, flow, code), 0))
            national = france.get((year, flow), 0)
            regions_sum = sum(v for (y, f, r), v in by_region_code.items() if (y, f) == (year, flow) and r in known_regions)
            add("france", "regions", "France entière : Σ des régions DGDDI = total national", flow, year, regions_sum, national)
            units_sum = sum(v for (y, f, d), v in by_dep.items() if (y, f) == (year, flow) and d in geo)
            add("france", "units", f"France entière : Σ des {len(geo)} unités de la géographie = total national", flow, year, units_sum, national)
    shown_years = set(int(y) for y in totals["year"].unique())
    for year in years:
        if year not in shown_years:
            continue
        for unit in (u for u in geo.values() if u.has_page):
            blocks = fiche_totals(totals, unit, year)
            members = [u for u, r in unit_region.items() if r == unit.dgddi_region]
            for flow, block in blocks.items():
                add("page", unit.dgddi_code, f"{unit.label} : total affiché = Σ de ses enregistrements", flow, year,
                    block.unit_eur, by_dep.get((year, flow, unit.dgddi_code), 0))
                if block.region_eur is not None:
                    add("page", f"{unit.dgddi_code}/region", f"{unit.label} : total régional affiché = Σ des enregistrements de la région",
                        flow, year, block.region_eur, sum(by_dep.get((year, flow, m), 0) for m in members))
                add("page", f"{unit.dgddi_code}/france", f"{unit.label} : total national affiché = Σ de tous les enregistrements",
                    flow, year, block.france_eur, france.get((year, flow), 0))
    return checks


def table(checks: list[Check]) -> pd.DataFrame:
    """The checks as a frame of :data:`COLUMNS`."""
    import pandas as pd

    return pd.DataFrame(
        [(c.check, c.code, c.scope, c.flow, c.year, c.left, c.right, c.difference, c.expected, c.ok) for c in checks],
        columns=COLUMNS,
    )


def reconcile(cache: Path, *, years: list[int] | None = None, tolerances: list[Tolerance] | None = None, strict: bool = True) -> pd.DataFrame:
    """Run every check on a Parquet cache; the table of :data:`COLUMNS`.

    With ``strict`` (the default) raises :class:`ReconciliationError` listing every failure.
    """
    import pandas as pd

    records = pd.read_parquet(Path(cache) / "records.parquet", columns=["year", "flow", "dep", "region", "value_eur"])
    totals = pd.read_parquet(Path(cache) / "totals.parquet")
    checks = reconcile_records(records, totals, tolerances=tolerances, years=years)
    from ..fiche import ranks

    ranked = ranks.table(cache)
    checks += rank_checks(ranked if years is None else ranked[ranked["year"].isin(years)], _sums(records, ["year", "flow", "dep"]))
    failures = [c for c in checks if not c.ok]
    if strict and failures:
        raise ReconciliationError(failures)
    return table(checks)


def failures_of(frame: pd.DataFrame) -> list[Check]:
    """The failed rows of a :func:`reconcile` table, as :class:`Check` objects."""
    import pandas as pd

    rows = frame[~frame["ok"]]
    return [
        Check(r.check, r.code, r.scope, r.flow, None if pd.isna(r.year) else int(r.year), int(r.left), int(r.right), int(r.expected))
        for r in rows.itertuples(index=False)
    ]


# --------------------------------------------------------------------------------------------
# One page
# --------------------------------------------------------------------------------------------


@functools.lru_cache(maxsize=8)
def _sums_by_unit(cache: str, year: int) -> dict[tuple[str, str], int]:
    """Σ value_eur of the records of ``year`` by (unit, flow), euros, read once per process and cache
    (a cache folder never changes): a warm kernel checks many pages against the same records.
    Shared between calls: not to be mutated."""
    import pyarrow.parquet as pq

    records = pq.read_table(Path(cache) / "records.parquet", columns=["flow", "dep", "value_eur"], filters=[("year", "==", year)]).to_pandas()
    return _sums(records, ["dep", "flow"])  # type: ignore[return-value]


def _total(sums: dict[tuple[str, str], int], flow: str, deps: list[str] | None) -> int:
    """Σ of :func:`_sums_by_unit` for ``flow`` over the units ``deps`` (every unit if None), euros."""
    wanted = None if deps is None else set(deps)
    return sum(value for (dep, f), value in sums.items() if f == flow and (wanted is None or dep in wanted))


def check_page(ctx) -> None:  # ctx: FicheContext (not imported: keeps this module light)
    """Recompute the page's totals from the records and compare with what it displays.

    The page's own total (its unit, région or France) and, on a département's page, its région's
    total come from the records of their units (``records.parquet``), France's from all records
    of the year. The totals blocks compute their shares (and roundings) from these very totals
    at render time, so equal totals mean equal shares. Raises :class:`ReconciliationError`
    otherwise.
    """
    from ..places.geography import Unit, dgddi_region_units, unit_codes

    place, year = ctx.place, int(ctx.year)
    shown = ctx.totals_blocks
    own = unit_codes(place)
    members = [u.dgddi_code for u in dgddi_region_units(place.dgddi_region)] if isinstance(place, Unit) else []
    every = _sums_by_unit(str(Path(ctx.cache).resolve()), year)
    code = place.dgddi_code if isinstance(place, Unit) else place.command_code
    failures: list[Check] = []
    for flow, block in shown.items():
        unit_eur = _total(every, flow, own)
        region_eur = _total(every, flow, members)
        france_eur = _total(every, flow, None)
        pairs = [("", "total de la page", block.unit_eur, unit_eur), ("/france", "total national", block.france_eur, france_eur)]
        if block.region_eur is not None:
            pairs.append(("/region", "total régional", block.region_eur, region_eur))
        for suffix, what, left, right in pairs:
            check = Check("page", code + suffix, f"{place.label} : {what} affiché = recalcul depuis les enregistrements", flow, year, left, right)
            if not check.ok:
                failures.append(check)
    failures += indicator_failures(ctx)
    if failures:
        raise ReconciliationError(failures, f" sur la fiche {place.label}")


# --------------------------------------------------------------------------------------------
# « Points clés »: indicators and ranks
# --------------------------------------------------------------------------------------------


def millionths(value: float | None) -> int:
    """An indicator (% or HHI points) in millionths of its unit, −1 when not defined (a check's integer figure)."""
    return -1 if value is None else round(value * 1_000_000)


def recompute_indicators(ctx) -> dict[str, float | None]:  # ctx: FicheContext
    """The page's seven indicators by another route than the ranks table: pandas sums of the
    records its charts show (:func:`helpers.data.scopes.records_for`: a région's by its records'
    région code, not by the geography), last year's exports from ``totals.parquet``."""
    from ..data import scopes
    from ..fiche import exposure, ranks
    from ..fiche.indicators import available_years, sum_value
    from ..places.geography import unit_codes

    records = scopes.records_for(ctx.cache, ctx.place.scope, year=int(ctx.year))
    exports = records[records["flow"] == "E"]
    previous = int(ctx.year) - 1
    found = exposure.exposure(
        exports.groupby("country", observed=True)["value_eur"].sum(), exports.groupby("a129", observed=True)["value_eur"].sum(),
        exports_eur=int(exports["value_eur"].sum()), imports_eur=int(records.loc[records["flow"] == "I", "value_eur"].sum()),
        previous_exports_eur=sum_value(ctx.totals, year=previous, flow="E", deps=unit_codes(ctx.place)) if previous in available_years(ctx.totals) else None,
        special=ranks.special_codes(ctx.cache),
    )
    return found.as_dict()


def indicator_failures(ctx) -> list[Check]:  # ctx: FicheContext
    """The indicators of the page's « Points clés » (its row of the ranks table) that differ from
    :func:`recompute_indicators` by more than 10⁻⁹ of their value (float rounding; none in practice)."""
    from ..fiche import ranks

    shown = ranks.row(ctx.cache, ctx.slug, ctx.year) or {}
    failures = []
    for key, value in recompute_indicators(ctx).items():
        left = shown.get(key)
        close = (left is None and value is None) or (left is not None and value is not None and abs(left - value) <= 1e-9 * max(1.0, abs(value)))
        if not close:
            failures.append(Check("indicator", f"{ctx.slug}/{key}", f"{ctx.place.label} : indicateur {key} affiché = recalcul",
                                  None, int(ctx.year), millionths(left), millionths(value)))  # type: ignore[arg-type]
    return failures


def rank_checks(table: pd.DataFrame, by_dep: dict[tuple, int]) -> list[Check]:
    """Once per cache: every rank of the ranks table = the values ranked again (pandas, « min »
    method: ties share the best rank; 1 = the largest), and every row's totals = Σ of its units'
    records (``by_dep``: euros by year, flow, dep)."""
    from ..fiche.exposure import KEYS
    from ..places.geography import FRANCE, resolve_place, unit_codes

    checks: list[Check] = []
    table = table.reset_index(drop=True)
    for key in KEYS:
        again = table[table["kind"] != "france"].groupby(["kind", "year"])[key].rank(method="min", ascending=False)
        for i, row in table.iterrows():
            expected = 0 if i not in again.index or pd_isna(again[i]) else int(again[i])
            shown = 0 if pd_isna(row[f"rank_{key}"]) else int(row[f"rank_{key}"])
            checks.append(Check("rank", f"{row['slug']}/{key}", f"{row['slug']} : rang {key} = reclassement", None, int(row["year"]), shown, expected))
    for row in table.itertuples(index=False):
        place = FRANCE if row.slug == "france" else resolve_place(row.slug)
        deps = unit_codes(place)
        for flow, shown in (("E", row.exports_eur), ("I", row.imports_eur)):
            total = sum(v for (y, f, d), v in by_dep.items() if y == row.year and f == flow and (deps is None or d in deps))
            checks.append(Check("rank", f"{row.slug}/total", f"{row.slug} : total de la table des rangs = Σ des enregistrements", flow, int(row.year),
                                int(shown), int(total)))
    return checks


def pd_isna(value: object) -> bool:
    import pandas as pd

    return bool(pd.isna(value))

"""The charts of one fiche, as page outputs: which scope, which records, which labels.

Each function takes the page's :class:`~helpers.fiche.context.FicheContext` and returns the output of
one notebook cell (a :class:`~helpers.charts.output.ChartOutput` from :mod:`helpers.charts.render`). Région and France charts read the
aggregates computed once per cache (:mod:`helpers.data.scopes`); the chart modules do the rest.
"""

from __future__ import annotations

import html

from IPython.display import Markdown

from ..common import checks, typography
from ..common.formatting import meur
from ..data import store
from ..data.scopes import records_digest, records_for
from ..fiche import evolution
from ..fiche.context import FicheContext
from ..fiche.page import FLOW_WORDS
from ..places.geography import Scope, Unit
from . import butterfly as chart_butterfly
from . import evolution as chart_evolution
from . import movers as chart_movers
from . import ranking, render
from . import sankey as chart_sankey
from . import treemap as chart_treemap
from . import us_share as chart_us_share
from .output import ChartOutput
from .product_labels import country_labels_for, product_labels_for

FRANCE = "France entière"
#: The name of a scope's charts (ids, CSV files): ``sankey-export-dep``, ``…-region``, ``…-france``.
SCOPE_NAMES = {"unit": "dep", "region": "region", "france": "france"}


def _labels(ctx: FicheContext, kind: str):  # noqa: ANN202 (DataFrame code, label)
    return store.read_labels(ctx.cache, kind, ctx.year)


def _digested_labels(ctx: FicheContext, kind: str):  # noqa: ANN202 (chart_cache.Digested of a DataFrame)
    """The labels of ``kind`` with the digest naming them, for :func:`helpers.charts.cache.cached`."""
    from .cache import Digested

    return Digested(_labels(ctx, kind), store.labels_digest(ctx.cache, kind, ctx.year))


def _scope(ctx: FicheContext, kind: str) -> tuple[Scope, str] | None:
    """The scope and its display name.

    ``"unit"`` is the page's own place (a unit, a région or France); ``"region"`` the région of
    a département's unit; ``"france"`` France entière. ``None`` when there is nothing else to
    draw: Corse's région (Corse itself), the région of a page that is not a département's, or a
    scope that is the page's own (France on the France page).
    """
    place = ctx.place
    if kind == "unit":
        return place.scope, place.name
    if kind == "region":
        if not isinstance(place, Unit) or place.is_corse:
            return None
        name = "ensemble des DROM" if place.is_drom else place.region.name
        return Scope("region", place.dgddi_region), name
    return (Scope("france"), FRANCE) if place.kind != "france" else None


def _show(ctx: FicheContext, result: object, lead: str = "") -> ChartOutput:
    return render.show(result, root=ctx.root, page=ctx.slug, lead=lead)  # type: ignore[arg-type]


def butterfly(ctx: FicheContext) -> ChartOutput:
    """« Principaux pays à l'import et à l'export » of the page's place."""
    records = records_for(ctx.cache, ctx.place.scope, year=ctx.year)
    return _show(ctx, chart_butterfly.butterfly(records, year=ctx.year, scope_label=ctx.place.name, country_labels=_labels(ctx, "pays")))


def treemap(ctx: FicheContext) -> ChartOutput:
    """« Principales activités à l'import et à l'export » of the page's place."""
    records = records_for(ctx.cache, ctx.place.scope, year=ctx.year)
    result = chart_treemap.treemap(records, year=ctx.year, scope_label=ctx.place.name, product_labels=_labels(ctx, ctx.level))
    for flow, name in chart_treemap.FLOW_NAMES.items():  # the tiles (named + « autres ») make the flow's total
        tiles = result.data.loc[result.data["Flux"] == name, "Valeur (€)"]
        total = int(records.loc[records["flow"] == flow, "value_eur"].sum())
        checks.check_partition(f"treemap {ctx.place.label}", {str(i): int(v) for i, v in tiles.items()}, total, flow=flow, year=ctx.year)
    return _show(ctx, result)


def sankey(ctx: FicheContext, flow: str, kind: str = "unit") -> ChartOutput | Markdown | None:
    """The export (``"E"``) or import (``"I"``) Sankey of the page's place, a unit's région or France.

    For a région or France (``kind``), the chart is preceded by the scope's total; for Corse's
    région, a sentence says why there is none; ``None`` (nothing shown) for a scope the page does
    not compare with (see :func:`_scope`).
    """
    found = _scope(ctx, kind)
    if found is None:
        if ctx.kind != "unit" or kind == "france":
            return None
        return Markdown("La Corse formant à elle seule une région, le graphique régional répéterait celui du département : il est omis.")
    scope, name = found
    records = records_for(ctx.cache, scope, year=ctx.year)
    options = dict(
        flow=flow, year=ctx.year, scope_label=name, level=ctx.level,
        scope=SCOPE_NAMES[scope.kind],  # names the chart: ids and CSV file differ per scope
    )
    if scope.kind == "unit":
        result = chart_sankey.sankey(records, product_labels=_labels(ctx, ctx.level), country_labels=_labels(ctx, "pays"), **options)
    else:  # a région's or France's Sankey is the same on many pages (its départements', its own): computed
        # once per data cache, its inputs keyed by digests known beforehand (hashing France's records on
        # every page costs more), and served once by the site (helpers.charts.shared)
        from .cache import Digested, cached

        result = cached(
            ctx.cache, chart_sankey.sankey, Digested(records, records_digest(ctx.cache, scope, ctx.year)),
            product_labels=_digested_labels(ctx, ctx.level), country_labels=_digested_labels(ctx, "pays"), **options,
        )
    total = int(records.loc[records["flow"] == flow, "value_eur"].sum())
    bands = zip(result.data["De"].tolist(), result.data["Vers"].tolist(), result.data["Valeur (€)"].tolist(), strict=True)
    links = {f"{a} → {b}": int(v) for a, b, v in bands}
    checks.check_partition(f"Sankey {name}", links, total, flow=flow, year=ctx.year)  # Σ bands = total
    lead = ""
    if kind != "unit":
        noun = FLOW_WORDS[flow][0]
        where = FRANCE if kind == "france" else (name if name.startswith("ensemble") else f"région {name}")
        heading = f"{where[0].upper() + where[1:]} — total des {noun} : {meur(total)} millions d'euros"
        lead = f"<p><strong>{html.escape(typography.text(heading))}</strong></p>"
    return _show(ctx, result, lead)


def _evolution_inputs(ctx: FicheContext) -> tuple[list[int], int | None] | None:
    """(shown years, provisional year) of the « Évolution » section; ``None`` with one year only
    (the section's text then says so, :func:`helpers.fiche.evolution.intro`)."""
    years = evolution.shown_years(ctx.totals, ctx.year)
    return (years, evolution.provisional_year(ctx.totals)) if len(years) > 1 else None


def evolution_chart(ctx: FicheContext) -> ChartOutput | None:
    """« Exportations, importations et solde » over the years, the exports index compared (M€, points)."""
    found = _evolution_inputs(ctx)
    if found is None:
        return None
    years, provisional = found
    compared = evolution.compared_places(ctx.place)
    series = {c.role: evolution.yearly_series(ctx.totals, c.place, years) for c in compared}
    lines = [chart_evolution.IndexLine(c.role, c.name, evolution.index_series([s.export_eur for s in series[c.role]])) for c in compared]
    result = chart_evolution.evolution(series["place"], index_lines=lines, scope_label=ctx.place.name, provisional=provisional)
    return _show(ctx, result)


def movers(ctx: FicheContext, flow: str = "E") -> ChartOutput | None:
    """The main products and partner countries of ``flow`` whose values moved most (M€, %)."""
    found = _evolution_inputs(ctx)
    if found is None:
        return None
    years, provisional = found
    sums = evolution.flow_sums(ctx.cache, ctx.place, flow, ctx.level)  # every year of the place
    country_labels = _labels(ctx, "pays")
    excluded = ranking.special_partner_codes(country_labels)
    products = evolution.movers_of(sums.products, years=years)
    countries = evolution.movers_of(sums.countries, years=years, excluded=excluded)
    result = chart_movers.movers(
        products, countries, flow=flow, years=years, provisional=provisional, scope_label=ctx.place.name,
        product_names=product_labels_for(products["code"].tolist(), level=ctx.level, labels=_labels(ctx, ctx.level)),
        country_names=country_labels_for(countries["code"].tolist(), country_labels),
    )
    return _show(ctx, result)


def us_share(ctx: FicheContext) -> ChartOutput | None:
    """The share of exports going to the United States, each year, of the place, its région and France (%)."""
    found = _evolution_inputs(ctx)
    if found is None:
        return None
    years, provisional = found
    lines = []
    for compared in evolution.compared_places(ctx.place):
        if compared.role == "place":
            to_us = evolution.exports_to(evolution.flow_sums(ctx.cache, ctx.place, "E", ctx.level).countries)  # as the movers
        else:
            to_us = evolution.partner_exports(ctx.cache, compared.place)
        whole = {s.year: s.export_eur for s in evolution.yearly_series(ctx.totals, compared.place, years)}
        lines.append(chart_us_share.ShareLine(compared.role, compared.name, evolution.share_series(to_us, whole, years)))
    return _show(ctx, chart_us_share.us_share(years, lines, scope_label=ctx.place.name, provisional=provisional))


def evolution_charts(ctx: FicheContext) -> list[ChartOutput]:
    """The « Évolution » section's charts, in order: the yearly series, the exports' movers, the
    United States' share; none when the data cover one year only (the section's sentence says so)."""
    if _evolution_inputs(ctx) is None:
        return []
    return [evolution_chart(ctx), movers(ctx, "E"), us_share(ctx)]  # type: ignore[list-item]

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
from ..fiche.context import FicheContext
from ..fiche.page import FLOW_WORDS
from ..places.geography import Scope, Unit
from . import butterfly as chart_butterfly
from . import render
from . import sankey as chart_sankey
from . import treemap as chart_treemap
from .output import ChartOutput

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
    if kind == "unit":
        result = chart_sankey.sankey(records, product_labels=_labels(ctx, ctx.level), country_labels=_labels(ctx, "pays"), **options)
    else:  # a région's or France's Sankey is the same on many pages: computed once per data cache, its
        # inputs keyed by digests known beforehand (hashing France's records on every page costs more)
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

"""Butterfly chart "Principaux pays à l'import et à l'export" (fiche.md, section 5).

Countries shown: the union of the top-``k`` partners at import and the top-``k`` partners at
export, where ``k`` is the **largest** number for which that union has at most ``n`` countries
(``n`` = 10 by default; ``k`` ≥ 1). Special partner codes (:mod:`~helpers.charts.ranking`) are never
shown. Rows are sorted by total trade (imports + exports), largest first, ties by code.

Left panel: imports drawn to the left of zero (blue), exports to the right (violet), axis labels
in M€ as absolute values. Right panel: the balance (exports − imports) as a bar, red when
negative and green when positive, **and** a signed value label ("+125,3", "-48"), so it reads in
greyscale. The butterfly shows only the selected countries (no « autres »).
"""

from __future__ import annotations

from functools import cache
from typing import Any

import altair as alt
import pandas as pd

from . import palette, ranking
from .base import (
    LABEL_FONT_SIZE,
    ChartResult,
    building,
    config,
    empty_chart,
    inline_data,
    layer,
    meur_label,
    round_meur,
    signed_meur,
    spec,
    text_width,
    title_params,
)
from .product_labels import country_labels_for

#: Height of one country row, pixels.
ROW_HEIGHT = 26
#: Width of the imports/exports panel and of the balance panel, pixels.
BARS_WIDTH = 440
BALANCE_WIDTH = 150
IMPORTS = "Importations"
#: Title of the bars axis: each half centred on its side of zero (no-break spaces keep the gap).
AXIS_TITLE = "← Importations (M€)" + "\u00a0" * 16 + "Exportations (M€) →"
EXPORTS = "Exportations"


def select_countries(imports: pd.Series, exports: pd.Series, n: int, *, excluded: frozenset[str]) -> tuple[list[str], int]:
    """(countries, k): union of the top-``k`` of each flow, ``k`` largest with ≤ ``n`` countries.

    ``imports``/``exports``: code → euros. Returns codes sorted by code, and ``k`` (0 if none).
    """
    order_i = ranking.top_n(imports, len(imports), excluded=excluded).codes
    order_e = ranking.top_n(exports, len(exports), excluded=excluded).codes
    return _union_of_tops(order_i, order_e, n)


def _union_of_tops(order_i: list[str], order_e: list[str], n: int) -> tuple[list[str], int]:
    """:func:`select_countries` from each flow's codes, best first."""
    best: list[str] = []
    best_k = 0
    for k in range(1, max(len(order_i), len(order_e)) + 1):
        union = sorted(set(order_i[:k]) | set(order_e[:k]))
        if len(union) > n and k > 1:
            break
        best, best_k = union, k
        if len(union) > n:  # k = 1 already exceeds n (n < 2): keep the top-1 of each
            break
    return best, best_k


def _country_sums(records: pd.DataFrame, year: int) -> dict[str, dict[str, int]]:
    """Σ ``value_eur`` of ``year`` per flow (``"I"``, ``"E"``) and partner code, integer euros."""
    sums: dict[str, dict[str, int]] = {"I": {}, "E": {}}
    for (row_year, flow, country), value in ranking.sums_by(records, ["year", "flow", "country"]).items():
        if row_year == year and flow in sums:
            sums[flow][country] = value
    return sums


def butterfly_table(records: pd.DataFrame, *, year: int, country_labels: pd.DataFrame | None, n: int = 10) -> tuple[pd.DataFrame, int]:
    """(table, k): one row per selected country, sorted by total trade; and the ``k`` used.

    Columns: ``code``, ``label``, ``import_eur``, ``export_eur``, ``balance_eur`` (int euros).
    """
    sums = _country_sums(records, year)
    imports, exports = sums["I"], sums["E"]
    excluded = ranking.special_partner_codes(country_labels)
    order_i = ranking.top_n_of(imports, len(imports), excluded=excluded).codes
    order_e = ranking.top_n_of(exports, len(exports), excluded=excluded).codes
    codes, k = _union_of_tops(order_i, order_e, n)
    names = country_labels_for(codes, country_labels)
    labels = [names[c] for c in codes]
    # the rows are keyed by label: two codes with one label get their code appended
    label_of = {c: f"{lab} ({c})" if labels.count(lab) > 1 else lab for c, lab in zip(codes, labels, strict=True)}
    # largest total trade first, ties by code
    codes = sorted(codes, key=lambda c: (-(imports.get(c, 0) + exports.get(c, 0)), c))
    table = pd.DataFrame(
        {
            "code": codes,
            "label": [label_of[c] for c in codes],
            "import_eur": [int(imports.get(c, 0)) for c in codes],
            "export_eur": [int(exports.get(c, 0)) for c in codes],
        }
    )
    table["balance_eur"] = table["export_eur"] - table["import_eur"]
    return table, k


def french_table(table: pd.DataFrame) -> pd.DataFrame:
    """The table of the page/CSV: French column names, M€ as displayed and euros."""
    return pd.DataFrame(
        {
            "Pays": table["label"],
            "Code pays": table["code"],
            "Importations (M€)": table["import_eur"].map(round_meur),
            "Exportations (M€)": table["export_eur"].map(round_meur),
            "Solde (M€)": table["balance_eur"].map(round_meur),
            "Importations (€)": table["import_eur"].astype("int64"),
            "Exportations (€)": table["export_eur"].astype("int64"),
            "Solde (€)": table["balance_eur"].astype("int64"),
        }
    )


def _drawn_rows(table: pd.DataFrame) -> list[dict[str, object]]:
    """Long data of the bars: two rows per country (imports negative), with tooltip texts."""
    rows = []
    for label, import_eur, export_eur, balance_eur in zip(
        table["label"], table["import_eur"].tolist(), table["export_eur"].tolist(), table["balance_eur"].tolist(), strict=True
    ):
        common = {
            "pays": label,
            "imp": meur_label(import_eur),
            "exp": meur_label(export_eur),
            "solde": signed_meur(balance_eur) + "\u00a0M€",
        }
        rows.append({**common, "flux": IMPORTS, "x": -round_meur(import_eur), "lab": common["imp"].replace("\u00a0M€", "")})
        rows.append({**common, "flux": EXPORTS, "x": round_meur(export_eur), "lab": common["exp"].replace("\u00a0M€", "")})
    return rows


def _balance_rows(table: pd.DataFrame) -> list[dict[str, object]]:
    """Data of the balance panel: one row per country, with sign class and signed label."""
    return [
        {
            "pays": label,
            "solde_x": round_meur(balance_eur),
            "signe": "négatif" if balance_eur < 0 else "positif",
            "solde": signed_meur(balance_eur),
            "imp": meur_label(import_eur),
            "exp": meur_label(export_eur),
        }
        for label, import_eur, export_eur, balance_eur in zip(
            table["label"], table["import_eur"].tolist(), table["export_eur"].tolist(), table["balance_eur"].tolist(), strict=True
        )
    ]


@cache
def _parts() -> dict[str, Any]:
    """The invariant pieces of every butterfly chart, built once per process (Vega-Lite dicts, layers)."""
    def tooltip(balance_title: str) -> list[dict[str, Any]]:
        items = (("pays", "Pays"), ("exp", "Exportations"), ("imp", "Importations"), ("solde", balance_title))
        return [spec(alt.Tooltip(field=name, type="nominal", title=title)) for name, title in items]

    return {
        "bars_tooltip": tooltip("Solde"),
        "balance_tooltip": tooltip("Solde (M€)"),
        "bars_mark": spec(alt.MarkDef(type="bar", height={"band": 0.7})),
        "balance_mark": spec(alt.MarkDef(type="bar", height={"band": 0.5})),
        "country_axis": spec(alt.Axis(labelFontSize=11, labelColor=palette.TEXT, ticks=False, domain=False, labelPadding=6)),
        "bars_axis": spec(
            alt.Axis(labelExpr="format(abs(datum.value), ',.0f')", tickCount=6, grid=True, titleColor=palette.TEXT)
        ),
        "balance_axis": spec(alt.Axis(labels=False, ticks=False, grid=False, titleColor=palette.TEXT)),
        "flow_colours": spec(alt.Scale(domain=[IMPORTS, EXPORTS], range=[palette.IMPORT, palette.EXPORT])),
        "sign_colours": spec(
            alt.Scale(domain=["négatif", "positif"], range=[palette.BALANCE_NEGATIVE, palette.BALANCE_POSITIVE])
        ),
        # value labels at the bar ends: (filter, mark) of imports, then exports
        "value_labels": [
            (
                spec(alt.FilterTransform(filter=alt.datum.flux == flux)),
                spec(alt.MarkDef(type="text", align=align, dx=dx, fontSize=LABEL_FONT_SIZE, color=palette.TEXT_MUTED)),
            )
            for flux, align, dx in ((IMPORTS, "right", -3), (EXPORTS, "left", 3))
        ],
        # signed balance labels: (filter, mark) of negative, then positive balances
        "balance_labels": [
            (spec(alt.FilterTransform(filter=alt.datum.signe == sign)), spec(alt.MarkDef(type="text", align=align, dx=dx, fontWeight="bold")))
            for sign, align, dx in (("négatif", "right", -4), ("positif", "left", 4))
        ],
        "zero": layer(
            data=inline_data([{"zero": 0}]),
            mark=spec(alt.MarkDef(type="rule", color=palette.RULE, strokeWidth=1)),
            encoding={"x": alt.X(field="zero", type="quantitative")},
        ),
        "x_label": spec(alt.X(field="x", type="quantitative")),
        "x_balance": spec(alt.X(field="solde_x", type="quantitative")),
        "resolve": alt.Resolve(scale=alt.ScaleResolveMap(color="independent", x="independent")),
    }


def _bars_panel(table: pd.DataFrame, order: list[str]) -> alt.LayerSpec:
    """Imports left, exports right, value labels at the bar ends, zero rule.

    The panels are plain layer specs (``alt.LayerSpec``), not top-level layered charts
    (``alt.LayerChart``): Altair rebuilds a ``LayerChart``, copying its layers twice, each time
    it copies it, and the concatenation copies its panels when it is built and again when it is
    serialised. Same spec.
    """
    parts = _parts()
    rows = _drawn_rows(table)
    longest = max(text_width(row["lab"], LABEL_FONT_SIZE) for row in rows)
    peak = float(max(abs(row["x"]) for row in rows)) or 1.0
    # room for the value labels beyond the longest bar (label width in data units)
    extent = peak * (1 + 1.4 * longest / BARS_WIDTH * 2)
    x_scale = spec(alt.Scale(domain=[-extent, extent], nice=False))
    y = spec(alt.Y(field="pays", type="nominal", sort=order, title=None, axis=parts["country_axis"]))
    return _panel(
        rows, order, width=BARS_WIDTH, mark=parts["bars_mark"], tooltip=parts["bars_tooltip"], y=y,
        x=alt.X(field="x", type="quantitative", scale=x_scale, title=AXIS_TITLE, axis=parts["bars_axis"]),
        color=alt.Color(field="flux", type="nominal", scale=parts["flow_colours"], legend=None),
        text_x=parts["x_label"], text=alt.Text(field="lab", type="nominal"), texts=parts["value_labels"],
    )


def _panel(
    rows: list[dict[str, Any]], order: list[str], *, width: int, mark: Any, tooltip: Any, y: Any, x: Any, color: Any,
    text_x: Any, text: Any, texts: list[tuple[Any, Any]],
) -> alt.LayerSpec:
    """One panel of the butterfly: bars (``x``, ``y``, ``color``), then one text layer per
    (filter, mark) of ``texts`` sharing ``text_x`` and ``text``, then the zero rule; one data set."""
    data = inline_data(rows)
    bars = layer(data=data, mark=mark, encoding=dict(x=x, y=y, color=color, tooltip=tooltip))
    text_encoding = dict(x=text_x, y=y, text=text, tooltip=tooltip)
    labels = [layer(data=data, mark=text_mark, encoding=text_encoding, transform=[keep]) for keep, text_mark in texts]
    return alt.LayerSpec(layer=[bars, *labels, _parts()["zero"]], width=width, height=ROW_HEIGHT * len(order))


def _balance_panel(table: pd.DataFrame, order: list[str]) -> alt.LayerSpec:
    """Balance bars (red/green) with signed labels, zero rule, no country axis (a layer spec, see :func:`_bars_panel`)."""
    parts = _parts()
    rows = _balance_rows(table)
    longest = max(text_width(row["solde"], LABEL_FONT_SIZE) for row in rows)
    peak = float(max(abs(row["solde_x"]) for row in rows)) or 1.0
    extent = peak / max(0.2, 1 - 2 * (longest + 6) / BALANCE_WIDTH)
    x_scale = spec(alt.Scale(domain=[-extent, extent], nice=False))
    y = spec(alt.Y(field="pays", type="nominal", sort=order, title=None, axis=None))
    return _panel(
        rows, order, width=BALANCE_WIDTH, mark=parts["balance_mark"], tooltip=parts["balance_tooltip"], y=y,
        x=alt.X(field="solde_x", type="quantitative", scale=x_scale, title="Solde (M€)", axis=parts["balance_axis"]),
        color=alt.Color(field="signe", type="nominal", scale=parts["sign_colours"], legend=None),
        text_x=parts["x_balance"], text=alt.Text(field="solde", type="nominal"), texts=parts["balance_labels"],
    )


def _description(table: pd.DataFrame, scope_label: str, year: int) -> str:
    """French screen-reader text: what is drawn and every country's three figures."""
    parts = [
        f"{row.label} : exportations {meur_label(row.export_eur)}, importations {meur_label(row.import_eur)}, "
        f"solde {signed_meur(row.balance_eur)}\u00a0M€"
        for row in table.itertuples(index=False)
    ]
    return (
        f"Graphique en barres opposées, {scope_label}, {year} : principaux pays partenaires, "
        f"importations à gauche, exportations à droite, solde commercial à droite "
        f"(en rouge s'il est négatif, en vert s'il est positif). " + " ; ".join(parts) + "."
    )


def butterfly(
    records: pd.DataFrame,
    *,
    year: int,
    scope_label: str,
    country_labels: pd.DataFrame | None,
    n: int = 10,
    show_title: bool = False,
) -> ChartResult:
    """Butterfly chart of the main partner countries of one scope and year (module docstring).

    ``records``: tidy records of the scope (both flows, any years). ``show_title``: draw the
    title inside the chart too (the page normally shows :attr:`ChartResult.title` itself).
    """
    title = f"Principaux pays à l'import et à l'export, {scope_label} ({year})"
    table, k = butterfly_table(records, year=year, country_labels=country_labels, n=n)
    footnote = (
        "Lecture : importations à gauche (bleu), exportations à droite (violet). Le solde "
        "(exportations − importations) est en vert et précédé de « + » quand il est positif, en rouge "
        "et précédé de « - » quand il est négatif. "
        f"Pays retenus : les {k} premiers partenaires à l'import et les {k} premiers à l'export "
        f"(au plus {n} pays au total), hors codes qui ne désignent pas un pays (pays non déterminés, "
        "avitaillement, haute mer…). Pays classés par montant total des échanges. Valeurs en millions d'euros."
    )
    if table.empty:
        description = f"{scope_label}, {year} : aucun échange avec un pays partenaire."
        chart = empty_chart("Aucune donnée pour cette année.", description=description)
        return ChartResult("butterfly", title, description, chart, french_table(table), footnote)
    order = table["label"].tolist()
    description = _description(table, scope_label, year)
    with building():
        chart = alt.HConcatChart(
            hconcat=[_bars_panel(table, order), _balance_panel(table, order)],
            spacing=12,
            resolve=_parts()["resolve"],
            description=description,
            config=config(),
            **title_params(title, show_title),
        )
    return ChartResult("butterfly", title, description, chart, french_table(table), footnote)

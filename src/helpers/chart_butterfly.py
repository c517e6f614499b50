"""Butterfly chart "Principaux pays à l'import et à l'export" (fiche.md, section 5).

Countries shown: the union of the top-``k`` partners at import and the top-``k`` partners at
export, where ``k`` is the **largest** number for which that union has at most ``n`` countries
(``n`` = 10 by default; ``k`` ≥ 1). Special partner codes (:mod:`~helpers.ranking`) are never
shown. Rows are sorted by total trade (imports + exports), largest first, ties by code.

Left panel: imports drawn to the left of zero (blue), exports to the right (violet), axis labels
in M€ as absolute values. Right panel: the balance (exports − imports) as a bar, red when
negative and green when positive, **and** a signed value label ("+125,3", "-48"), so it reads in
greyscale. The butterfly shows only the selected countries (no « autres »).
"""

from __future__ import annotations

import altair as alt
import pandas as pd

from . import palette, ranking
from .charts import (
    LABEL_FONT_SIZE, ChartResult, configure, empty_chart, meur_label, round_meur, signed_meur, text_width,
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


def butterfly_table(records: pd.DataFrame, *, year: int, country_labels: pd.DataFrame | None, n: int = 10) -> tuple[pd.DataFrame, int]:
    """(table, k): one row per selected country, sorted by total trade; and the ``k`` used.

    Columns: ``code``, ``label``, ``import_eur``, ``export_eur``, ``balance_eur`` (int euros).
    """
    year_records = records[records["year"] == year]
    imports = ranking.totals_by_code(year_records[year_records["flow"] == "I"], "country")
    exports = ranking.totals_by_code(year_records[year_records["flow"] == "E"], "country")
    excluded = ranking.special_partner_codes(country_labels)
    codes, k = select_countries(imports, exports, n, excluded=excluded)
    names = country_labels_for(codes, country_labels)
    labels = [names[c] for c in codes]
    # the rows are keyed by label: two codes with one label get their code appended
    labels = [f"{lab} ({c})" if labels.count(lab) > 1 else lab for c, lab in zip(codes, labels, strict=True)]
    table = pd.DataFrame(
        {
            "code": codes,
            "label": labels,
            "import_eur": [int(imports.get(c, 0)) for c in codes],
            "export_eur": [int(exports.get(c, 0)) for c in codes],
        }
    )
    table["balance_eur"] = table["export_eur"] - table["import_eur"]
    table["trade_eur"] = table["export_eur"] + table["import_eur"]
    table = table.sort_values(["trade_eur", "code"], ascending=[False, True], kind="mergesort")
    return table.drop(columns="trade_eur").reset_index(drop=True), k


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


def _drawn_rows(table: pd.DataFrame) -> pd.DataFrame:
    """Long data of the bars: two rows per country (imports negative), with tooltip texts."""
    rows = []
    for rec in table.itertuples(index=False):
        common = {
            "pays": rec.label,
            "imp": meur_label(rec.import_eur),
            "exp": meur_label(rec.export_eur),
            "solde": signed_meur(rec.balance_eur) + "\u00a0M€",
        }
        rows.append({**common, "flux": IMPORTS, "x": -round_meur(rec.import_eur), "lab": meur_label(rec.import_eur).replace("\u00a0M€", "")})
        rows.append({**common, "flux": EXPORTS, "x": round_meur(rec.export_eur), "lab": meur_label(rec.export_eur).replace("\u00a0M€", "")})
    return pd.DataFrame(rows)


def _balance_rows(table: pd.DataFrame) -> pd.DataFrame:
    """Data of the balance panel: one row per country, with sign class and signed label."""
    return pd.DataFrame(
        {
            "pays": table["label"],
            "solde_x": table["balance_eur"].map(round_meur),
            "signe": ["négatif" if b < 0 else "positif" for b in table["balance_eur"]],
            "solde": [signed_meur(b) for b in table["balance_eur"]],
            "imp": table["import_eur"].map(meur_label),
            "exp": table["export_eur"].map(meur_label),
        }
    )


def _tooltip() -> list[alt.Tooltip]:
    return [
        alt.Tooltip("pays:N", title="Pays"),
        alt.Tooltip("exp:N", title="Exportations"),
        alt.Tooltip("imp:N", title="Importations"),
        alt.Tooltip("solde:N", title="Solde"),
    ]


def _bars_panel(table: pd.DataFrame, order: list[str]) -> alt.LayerChart:
    """Imports left, exports right, value labels at the bar ends, zero rule."""
    data = _drawn_rows(table)
    longest = max(text_width(s, 10) for s in data["lab"])
    peak = float(data["x"].abs().max()) or 1.0
    # room for the value labels beyond the longest bar (label width in data units)
    extent = peak * (1 + 1.4 * longest / BARS_WIDTH * 2)
    x_scale = alt.Scale(domain=[-extent, extent], nice=False)
    y = alt.Y("pays:N", sort=order, title=None, axis=alt.Axis(labelFontSize=11, labelColor=palette.TEXT, ticks=False, domain=False, labelPadding=6))
    base = alt.Chart(data)
    bars = base.mark_bar(height={"band": 0.7}).encode(
        x=alt.X(
            "x:Q", scale=x_scale,
            title=AXIS_TITLE,
            axis=alt.Axis(labelExpr="format(abs(datum.value), ',.0f')", tickCount=6, grid=True, titleColor=palette.TEXT),
        ),
        y=y,
        color=alt.Color("flux:N", scale=alt.Scale(domain=[IMPORTS, EXPORTS], range=[palette.IMPORT, palette.EXPORT]), legend=None),
        tooltip=_tooltip(),
    )
    labels_imp = base.transform_filter(alt.datum.flux == IMPORTS).mark_text(align="right", dx=-3, fontSize=10, color=palette.TEXT_MUTED).encode(
        x="x:Q", y=y, text="lab:N", tooltip=_tooltip()
    )
    labels_exp = base.transform_filter(alt.datum.flux == EXPORTS).mark_text(align="left", dx=3, fontSize=10, color=palette.TEXT_MUTED).encode(
        x="x:Q", y=y, text="lab:N", tooltip=_tooltip()
    )
    zero = alt.Chart(pd.DataFrame({"zero": [0]})).mark_rule(color=palette.RULE, strokeWidth=1).encode(x="zero:Q")
    return alt.layer(bars, labels_imp, labels_exp, zero).properties(width=BARS_WIDTH, height=ROW_HEIGHT * len(order))


def _balance_panel(table: pd.DataFrame, order: list[str]) -> alt.LayerChart:
    """Balance bars (red/green) with signed labels, zero rule, no country axis."""
    data = _balance_rows(table)
    longest = max(text_width(s, LABEL_FONT_SIZE) for s in data["solde"])
    peak = float(data["solde_x"].abs().max()) or 1.0
    extent = peak / max(0.2, 1 - 2 * (longest + 6) / BALANCE_WIDTH)
    x_scale = alt.Scale(domain=[-extent, extent], nice=False)
    y = alt.Y("pays:N", sort=order, title=None, axis=None)
    tooltip = [
        alt.Tooltip("pays:N", title="Pays"),
        alt.Tooltip("exp:N", title="Exportations"),
        alt.Tooltip("imp:N", title="Importations"),
        alt.Tooltip("solde:N", title="Solde (M€)"),
    ]
    base = alt.Chart(data)
    bars = base.mark_bar(height={"band": 0.5}).encode(
        x=alt.X("solde_x:Q", scale=x_scale, title="Solde (M€)", axis=alt.Axis(labels=False, ticks=False, grid=False, titleColor=palette.TEXT)),
        y=y,
        color=alt.Color(
            "signe:N", scale=alt.Scale(domain=["négatif", "positif"], range=[palette.BALANCE_NEGATIVE, palette.BALANCE_POSITIVE]), legend=None
        ),
        tooltip=tooltip,
    )
    text_neg = base.transform_filter(alt.datum.signe == "négatif").mark_text(align="right", dx=-4, fontWeight="bold").encode(
        x="solde_x:Q", y=y, text="solde:N", tooltip=tooltip
    )
    text_pos = base.transform_filter(alt.datum.signe == "positif").mark_text(align="left", dx=4, fontWeight="bold").encode(
        x="solde_x:Q", y=y, text="solde:N", tooltip=tooltip
    )
    zero = alt.Chart(pd.DataFrame({"zero": [0]})).mark_rule(color=palette.RULE, strokeWidth=1).encode(x="zero:Q")
    return alt.layer(bars, text_neg, text_pos, zero).properties(width=BALANCE_WIDTH, height=ROW_HEIGHT * len(order))


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
    chart = (
        alt.hconcat(_bars_panel(table, order), _balance_panel(table, order), spacing=12)
        .resolve_scale(color="independent", x="independent")
        .properties(description=description, **title_params(title, show_title))
    )
    return ChartResult("butterfly", title, description, configure(chart), french_table(table), footnote)

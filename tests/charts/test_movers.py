"""Movers chart: rows, signs and colours, texts at the bar ends, « * » for an item out of the top 10, French table."""

from __future__ import annotations

import json
import math

import altair as alt
import pandas as pd

from helpers.charts import movers as chart_movers
from helpers.charts import palette, render
from helpers.fiche.evolution import MOVER_COLUMNS


def table(rows: list[tuple]) -> pd.DataFrame:
    return pd.DataFrame(rows, columns=MOVER_COLUMNS)


# (code, first, previous, last, Δprev, %prev, Δfirst, %first, top_last), euros
PRODUCTS = table([
    ("C11Z", 100_000_000, 120_000_000, 150_000_000, 30_000_000, 25.0, 50_000_000, 50.0, True),
    ("C10A", 0, 0, 5_000_000, 5_000_000, math.nan, 5_000_000, math.nan, True),
    ("C30C", 90_000_000, 80_000_000, 20_000_000, -60_000_000, -75.0, -70_000_000, -77.8, False),
])
COUNTRIES = table([("US", 10_000_000, 12_000_000, 9_000_000, -3_000_000, -25.0, -1_000_000, -10.0, True)])


def build(years=(2022, 2023, 2024)):  # noqa: ANN001, ANN201
    return chart_movers.movers(
        PRODUCTS, COUNTRIES, product_names={"C11Z": "Boissons", "C10A": "Viandes", "C30C": "Aéronautique et spatial"},
        country_names={"US": "États-Unis"}, flow="E", years=list(years), provisional=2024, scope_label="Aude",
    )


def validated(result) -> dict:  # noqa: ANN001
    """The result's spec (a plain dict) as JSON reads it, validated against the Vega-Lite schema."""
    spec = json.loads(json.dumps(result.chart))
    alt.VConcatChart.validate(spec)
    return spec


def test_no_exchange_at_all_draws_a_message():
    empty = table([])
    result = chart_movers.movers(empty, empty, product_names={}, country_names={}, flow="I", years=[2023, 2024], provisional=None, scope_label="Aude")
    spec = render.chart_spec(result.chart)
    assert spec["mark"]["type"] == "text" and [list(rows) for rows in spec["datasets"].values()] == [[{"message": "Aucun échange à comparer."}]]
    assert result.data.empty and "importations" in result.title


def test_french_texts_of_a_change():
    assert chart_movers.change_text(30_000_000, 25.0) == "+30\u00a0M€ (+25\u00a0%)"
    assert chart_movers.change_text(-60_000_000, -77.8) == "\u221260\u00a0M€ (\u221277,8\u00a0%)"  # minus signs, not hyphens
    assert chart_movers.percent_text(math.nan) == chart_movers.percent_text(None) == "nouveau"


def test_two_blocks_of_two_horizons_with_diverging_coloured_bars():
    spec = validated(build())
    assert [b["title"]["text"] for b in spec["vconcat"]] == ["Produits", "Pays partenaires"]
    products = spec["vconcat"][0]["vconcat"]  # one horizon under the other
    assert [p["encoding"]["x"]["title"] for p in products] == ["Variation depuis 2023 (M€)", "Variation depuis 2022 (M€)"]
    bars, texts = products[0]["layer"]
    assert bars["mark"]["type"] == "bar" and texts["mark"]["type"] == "text"
    assert bars["encoding"]["color"] == {"condition": {"test": "datum.a < 0", "value": palette.BALANCE_NEGATIVE}, "value": palette.BALANCE_POSITIVE}
    assert texts["mark"]["align"] == {"expr": "datum.a < 0 ? 'right' : 'left'"}  # a fall's text left of its bar
    assert products[0]["encoding"]["y"]["sort"] is None and products[1]["encoding"]["y"]["axis"] == products[0]["encoding"]["y"]["axis"]
    rows = spec["datasets"][products[0]["data"]["name"]]
    assert [r["l"] for r in rows] == ["Boissons", "Viandes", "Aéronautique et spatial *"]
    assert rows[2]["ta"] == "\u221260\u00a0M€ (\u221275\u00a0%)" and rows[1]["tb"] == "+5\u00a0M€ (nouveau)" and rows[0]["v2"] == "150"


def test_two_years_one_horizon():
    spec = validated(build(years=(2023, 2024)))
    assert len(spec["vconcat"][0]["vconcat"]) == 1
    assert "Variation depuis 2023 (%)" in build(years=(2023, 2024)).data.columns
    assert "2023 (M€)" in build(years=(2023, 2024)).data.columns and "Variation depuis 2022 (%)" not in build(years=(2023, 2024)).data.columns


def test_table_and_notes():
    result = build()
    data = result.data
    assert data["Catégorie"].tolist() == ["Produit", "Produit", "Produit", "Pays"]
    assert data["Libellé"].tolist()[2] == "Aéronautique et spatial *"
    assert data["2024 (p) (M€)"].tolist() == [150.0, 5.0, 20.0, 9.0]
    assert data["Variation depuis 2023 (%)"].tolist()[1] is None  # empty cell: no base
    assert result.name == "variations-exportations"
    assert "« * » : sorti des 10 premiers en 2024" in result.footnote
    assert "sortis des 10 premiers : Aéronautique et spatial" in result.description


def test_every_end_label_fits_beside_its_bar_in_its_half_of_the_panel():
    """A fall's label is drawn left of its bar, a rise's right of it: bar + label within the half panel."""
    from helpers.charts.base import text_width

    spec = validated(build())
    for block in spec["vconcat"]:
        for panel in block["vconcat"]:
            field = panel["encoding"]["x"]["field"]
            low, high = panel["encoding"]["x"]["scale"]["domain"]
            half = panel["width"] / 2
            for row in spec["datasets"][panel["data"]["name"]]:
                bar = abs(row[field]) / high * half
                assert bar + 3 + text_width(row["t" + field]) <= half, row["t" + field]

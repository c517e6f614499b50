"""Evolution chart: two panels (M€ per year; exports index), colours, French formats, provisional year, spread labels."""

from __future__ import annotations

import json

import altair as alt

from helpers.charts import evolution as chart_evolution
from helpers.charts import palette
from helpers.fiche.evolution import YearTotals

SERIES = [YearTotals(2022, 1_800_000_000, 2_000_000_000), YearTotals(2023, 1_500_000_000, 1_400_000_000), YearTotals(2024, 1_966_000_000, 2_211_900_000)]
LINES = [
    chart_evolution.IndexLine("place", "Aude", [100.0, 83.3, 109.2]),
    chart_evolution.IndexLine("region", "Provence-Alpes-Côte d'Azur", [100.0, 90.0, 109.0]),
    chart_evolution.IndexLine("france", "France entière", [100.0, 95.0, 104.0]),
]


def build(lines=LINES, provisional=2024):  # noqa: ANN001, ANN201
    return chart_evolution.evolution(SERIES, index_lines=lines, scope_label="Aude", provisional=provisional)


def validated(result) -> dict:  # noqa: ANN001
    """The result's spec (a plain dict) as JSON reads it, validated against the Vega-Lite schema."""
    spec = json.loads(json.dumps(result.chart))
    alt.HConcatChart.validate(spec)
    return spec


def test_spec_is_valid_vega_lite_with_two_panels_and_one_without_comparison():
    spec = validated(build())
    assert len(spec["hconcat"]) == 2
    alone = validated(build(lines=LINES[:1]))
    assert len(alone["hconcat"]) == 1  # France: its own series only


def test_left_panel_lines_for_flows_and_bars_for_the_balance_in_fiche_colours():
    left = validated(build())["hconcat"][0]
    bars, lines = left["layer"]
    assert bars["mark"]["type"] == "bar" and lines["mark"]["type"] == "line"
    assert lines["transform"] == [{"fold": ["Exportations", "Importations"], "as": ["s", "v"]}]
    scale = lines["encoding"]["color"]["scale"]
    colours = dict(zip(scale["domain"], scale["range"], strict=True))
    assert colours == {"Exportations": palette.EXPORT, "Importations": palette.IMPORT,
                       "Solde positif": palette.BALANCE_POSITIVE, "Solde négatif": palette.BALANCE_NEGATIVE}
    assert bars["encoding"]["y"]["axis"]["format"] == ",.0f"  # French thousands via the page's formatLocale


def test_rows_carry_french_tooltips_and_mark_the_provisional_year():
    spec = validated(build())
    rows = spec["datasets"][spec["hconcat"][0]["data"]["name"]]
    assert [r["an"] for r in rows] == ["2022", "2023", "2024 (p)"]
    last = rows[-1]
    assert (last["exp"], last["imp"], last["solde"], last["b"]) == ("1\u00a0966\u00a0M€", "2\u00a0211,9\u00a0M€", "\u2212245,9\u00a0M€", -245.9)
    assert spec["hconcat"][0]["encoding"]["x"]["sort"] == ["2022", "2023", "2024 (p)"]



def test_index_panel_one_line_per_scope_in_scope_colours_and_dashes():
    spec = validated(build())
    right = spec["hconcat"][1]
    scale = right["encoding"]["color"]["scale"]
    assert scale["range"] == [palette.SCOPE_PLACE, palette.SCOPE_REGION, palette.SCOPE_FRANCE]
    assert scale["domain"][1] == "Provence-Alpes-Côte d\u2019Azur"  # already in French typography: it names a data field
    assert right["transform"][0]["fold"] == scale["domain"]
    dashes = right["layer"][0]["encoding"]["strokeDash"]["scale"]["range"]
    assert len({tuple(d) for d in dashes}) == 3  # colour is not the only cue
    rows = spec["datasets"][right["data"]["name"]]
    assert rows[0] == {"an": "2022", "Aude": 100.0, "Provence-Alpes-Côte d\u2019Azur": 100.0, "France entière": 100.0}


def test_end_labels_are_spread_at_least_a_gap_apart():
    domain = (90.0, 110.0)
    placed = chart_evolution.spread([100.0, 100.5, 99.8], domain, height=200, gap=13)  # 13 px = 1.3 points here
    ordered = sorted(placed)
    assert all(b - a >= 1.3 - 1e-9 for a, b in zip(ordered, ordered[1:], strict=False))
    assert placed[2] == 99.8  # the lowest stays at its value
    assert chart_evolution.spread([109.9, 109.8], domain, height=200, gap=13) == [110.0, 108.7]  # kept inside the domain


def test_table_in_millions_and_euros_with_each_index():
    data = build().data
    assert data["Année"].tolist() == ["2022", "2023", "2024 provisoire"]
    assert data["Solde (M€)"].tolist() == [-200.0, 100.0, -245.9]
    assert data["Solde (€)"].tolist() == [-200_000_000, 100_000_000, -245_900_000]
    assert data["Indice des exportations, France entière (base 100 en 2022)"].tolist() == [100.0, 95.0, 104.0]


def test_description_and_footnote_in_french():
    result = build()
    assert "2024 provisoire : exportations 1\u00a0966\u00a0M€, importations 2\u00a0211,9\u00a0M€, solde \u2212245,9\u00a0M€" in result.description
    assert "« 2024 (p) » : année provisoire" in result.footnote
    assert {"hconcat", "datasets", "$schema"} <= set(result.chart)  # a Vega-Lite dict: panels side by side

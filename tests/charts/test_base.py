"""Shared chart pieces: the same specs as Altair's shorthands and chained methods, without their costs."""

from __future__ import annotations

import altair as alt
import pandas as pd
import pytest
from altair.utils import schemapi

from helpers.charts import base as charts
from helpers.charts import butterfly as chart_butterfly
from helpers.charts import palette, render
from helpers.charts import sankey as chart_sankey
from helpers.charts import treemap as chart_treemap
from tests.charts.support import tidy_records


def make_records(rows: list[tuple[str, str, str, int]]) -> pd.DataFrame:
    """Tidy records from (flow, a129, country, euros) rows, year 2024."""
    return tidy_records(rows, region="76")


RECORDS = make_records(
    [("E", "C11Z", "ES", 500_000_000), ("E", "C30C", "DE", 120_400_000), ("I", "C11Z", "IT", 45_000_000),
     ("I", "C20B", "ES", 80_000_000), ("E", "C20B", "QU", 7_000_000)]
)


def chained_configure(chart: alt.TopLevelMixin) -> alt.TopLevelMixin:
    """The shared look as it was declared before: chained ``configure_*`` calls."""
    return (
        chart.configure(font=charts.FONT, background="white")
        .configure_view(stroke=None)
        .configure_axis(
            labelFontSize=11, titleFontSize=11, labelColor=palette.TEXT_MUTED, titleColor=palette.TEXT_MUTED,
            domainColor=palette.NEUTRAL, tickColor=palette.NEUTRAL, gridColor="#E6E6E6",
        )
        .configure_title(fontSize=14, anchor="start", color=palette.TEXT, offset=12)
        .configure_text(font=charts.FONT, fontSize=charts.LABEL_FONT_SIZE, color=palette.TEXT)
    )


def test_empty_chart_is_the_shorthand_declaration_byte_for_byte():
    declared = (
        alt.Chart(pd.DataFrame({"message": ["Aucune donnée."]}))
        .mark_text(align="left", baseline="middle", color=palette.TEXT_MUTED)
        .encode(text="message:N")
        .properties(width=400, height=60, description="Rien.")
    )
    expected = chained_configure(declared)
    built = charts.empty_chart("Aucune donnée.", description="Rien.")
    assert render.spec_json(built, "Rien.") == render.spec_json(expected, "Rien.")
    built.to_dict(validate=True)


def test_config_is_one_object_per_process():
    assert charts.config() is charts.config()
    assert charts.config().to_dict()["view"] == {"stroke": None}


def test_inline_data_names_and_holds_datasets_as_a_dataframe_would():
    rows = [
        {"pays": "Espagne", "x": -12.5, "n": 3, "rouge": True},
        {"pays": "Allemagne", "x": 4.0, "n": 0, "rouge": False},
    ]
    from_frame = alt.Chart(pd.DataFrame(rows)).mark_point().encode(x=alt.X(field="x", type="quantitative"))
    from_rows = alt.Chart(charts.inline_data(rows)).mark_point().encode(x=alt.X(field="x", type="quantitative"))
    assert from_rows.to_json() == from_frame.to_json()
    int_instead_of_float = [{**row, "x": int(row["x"])} if row["x"] == 4.0 else row for row in rows]
    other = alt.Chart(charts.inline_data(int_instead_of_float)).mark_point().encode(x=alt.X(field="x", type="quantitative"))
    assert other.to_json() != from_frame.to_json()  # 4 and 4.0 are other values: another dataset


def test_spec_keeps_only_the_properties_set():
    mark = alt.MarkDef(type="text", align="right", dx=-3)
    assert charts.spec(mark) == {"type": "text", "align": "right", "dx": -3}
    assert len(mark._kwds) > 50  # what Altair would copy, property by property, at each copy of a chart


def test_building_skips_validation_at_construction_only_inside():
    with pytest.raises(schemapi.SchemaValidationError):
        alt.MarkDef(type="pas-une-marque")
    with charts.building():
        alt.MarkDef(type="pas-une-marque")
    with pytest.raises(schemapi.SchemaValidationError):
        alt.MarkDef(type="pas-une-marque")


def all_charts() -> list[charts.ChartResult]:
    return [
        chart_butterfly.butterfly(RECORDS, year=2024, scope_label="Aude", country_labels=None),
        chart_treemap.treemap(RECORDS, year=2024, scope_label="Aude", product_labels=None),
        chart_sankey.sankey(RECORDS, flow="E", year=2024, scope_label="Aude", product_labels=None, country_labels=None),
        chart_sankey.sankey(RECORDS, flow="I", year=2024, scope_label="Aude", product_labels=None, country_labels=None),
    ]


def test_charts_parse_no_shorthand_and_sanitise_no_dataframe(monkeypatch):
    def refused(*args, **kwargs):
        raise AssertionError("chemin lent d'Altair emprunté")

    monkeypatch.setattr(schemapi.SchemaBase, "from_dict", classmethod(refused))  # shorthand strings in encode()
    alt.data_transformers.register("refused", refused)
    with alt.data_transformers.enable("refused"):  # a DataFrame as data (sanitised at each to_dict)
        results = all_charts()
        for result in results:
            render.spec_json(result.chart, result.description)
    assert len(results) == 4


def test_charts_are_valid_and_titles_can_be_drawn_inside():
    for result in all_charts():
        result.chart.to_dict(validate=True)
    titled = chart_treemap.treemap(RECORDS, year=2024, scope_label="Aude", product_labels=None, show_title=True)
    spec = titled.chart.to_dict(validate=True)
    assert spec["title"] == {"text": titled.title} and spec["config"]["title"]["anchor"] == "start"


def test_layer_holds_channels_and_transforms_as_dicts_and_gives_the_same_spec():
    data = charts.inline_data([{"x": 1.5, "y": 2.0, "t": "a"}, {"x": 3.0, "y": 4.5, "t": "b"}])
    filter_step = alt.FilterTransform(filter=alt.datum.t == "a")
    calculate = alt.CalculateTransform(calculate="datum.x * 2", **{"as": "x2"})
    with charts.building():
        declared = alt.Chart(
            data=data, mark="text",
            encoding=alt.FacetedEncoding(
                y=alt.Y(field="y", type="quantitative", axis=None), x=alt.X(field="x", type="quantitative", scale=alt.Scale(zero=False)),
                text=alt.Text(field="t", type="nominal"),
            ),
            transform=[calculate, filter_step],
        )
        built = charts.layer(
            data=data, mark="text",
            encoding={"text": charts.spec(alt.Text(field="t", type="nominal")), "x": alt.X(field="x", type="quantitative", scale=alt.Scale(zero=False)),
                      "y": alt.Y(field="y", type="quantitative", axis=None)},
            transform=[calculate, charts.spec(filter_step)],
        )
        assert all(isinstance(built.encoding[name], dict) for name in ("x", "y", "text"))
        assert all(isinstance(step, dict) for step in built.transform)
        assert built.to_json() == declared.to_json()
        layered = [alt.LayerChart(layer=[chart, chart], width=200, height=100, config=charts.config()) for chart in (built, declared)]
        assert render.spec_json(layered[0], "d") == render.spec_json(layered[1], "d")
    layered[0].to_dict(validate=True)


def test_config_spec_and_dataset_name_are_altairs() -> None:
    rows = ({"an": "2024 (p)", "France entière": 9.4},)
    with schemapi.debug_mode(False):
        spec = alt.Chart(data={"values": rows}, mark="point", config=charts.config()).to_dict(validate=False)
    assert charts.config_spec() == spec["config"] and charts.config_spec() is not charts.config_spec()
    assert spec["data"] == {"name": charts.dataset_name(rows)} and list(spec["datasets"]) == [charts.dataset_name(rows)]

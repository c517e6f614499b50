"""United States' share chart: one line per scope, colours and dashes of the evolution chart, labels at the end, French table."""

from __future__ import annotations

import json

import altair as alt
from altair.utils.schemapi import debug_mode

from helpers.charts import evolution as chart_evolution
from helpers.charts import us_share as chart_us_share

LINES = [
    chart_us_share.ShareLine("place", "Aude", [5.0, 6.5, 8.1]),
    chart_us_share.ShareLine("region", "Occitanie", [7.0, 7.2, 8.0]),
    chart_us_share.ShareLine("france", "France entière", [9.0, None, 9.4]),
]


def build():  # noqa: ANN201
    return chart_us_share.us_share([2022, 2023, 2024], LINES, scope_label="Aude", provisional=2024)


def test_spec_lines_and_end_labels():
    spec = json.loads(json.dumps(build().chart))  # a plain Vega-Lite dict (rows as tuples)
    alt.LayerChart.validate(spec)  # against the schema
    with debug_mode(False):
        assert alt.LayerChart.from_dict(spec, validate=False).to_dict(validate=False) == spec  # as Altair writes it
    line, labels = spec["layer"]
    assert line["mark"]["type"] == "line" and labels["mark"]["type"] == "text"
    assert spec["transform"] == [{"fold": ["Aude", "Occitanie", "France entière"], "as": ["lieu", "p"]}]
    assert spec["encoding"]["color"]["scale"]["range"] == [chart_evolution.COLOURS[r] for r in ("place", "region", "france")]
    assert spec["encoding"]["y"]["scale"]["domain"][0] == 0  # shares from 0
    assert {"calculate": "datum.lieu + ' : ' + format(datum.p, ',.1~f') + '\u00a0%'", "as": "fin"} in labels["transform"]
    rows = list(spec["datasets"].values())[0]
    assert rows[1] == {"an": "2023", "Aude": 6.5, "Occitanie": 7.2}  # no value for France in 2023: no point
    assert set(rows[2]) >= {"~Aude", "~Occitanie", "~France entière"}  # label positions, last year only


def test_table_description_and_note_in_french():
    result = build()
    assert result.data["Année"].tolist() == ["2022", "2023", "2024 provisoire"]
    assert result.data["Aude (%)"].tolist() == [5.0, 6.5, 8.1]
    assert result.data["France entière (%)"].tolist() == [9.0, None, 9.4]
    assert "Aude : 2022 5\u00a0%, 2023 6,5\u00a0%, 2024 provisoire 8,1\u00a0%" in result.description
    assert "2023 n.d." in result.description and "droits de douane" in result.footnote

"""A chart cell's outputs: notebook front-ends draw the Vega-Lite spec, the site its own HTML block."""

import json
import re

import altair as alt
import nbformat
import pandas as pd
import pytest

from helpers.charts import output, render
from helpers.charts.base import ChartResult
from helpers.charts.output import FIGURE_MIME, NOTEBOOK_ONLY, ROLE_KEY, VEGALITE_MIME, ChartOutput
from helpers.common import typography
from tests import PROJECT_ROOT


def fake() -> ChartResult:
    data = pd.DataFrame({"Produit": ["Boissons", "autres"], "Valeur (M€)": [1234.5, 0.25], "Valeur (€)": [1_234_500_000, 250_000]})
    chart = alt.Chart(data).mark_bar().encode(x="Valeur (€):Q", y="Produit:N")
    return ChartResult("treemap", "Titre", "Description du graphique", chart, data, "« autres » : le reste.")


@pytest.fixture
def shown(tmp_path) -> ChartOutput:
    return render.show(fake(), root=tmp_path, page="dep-34", lead="<p><strong>Région Occitanie — total</strong></p>")


def test_three_outputs_the_chart_between_notebook_only_head_and_tail(shown):
    (head, head_meta), (chart, chart_meta), (tail, tail_meta) = shown.outputs()
    assert head_meta == tail_meta == {ROLE_KEY: NOTEBOOK_ONLY}
    assert chart_meta[ROLE_KEY] == output.FIGURE
    assert set(chart) == {VEGALITE_MIME, FIGURE_MIME, "text/plain"}  # no text/html: it would be shown instead of the chart
    assert chart[FIGURE_MIME] == shown.data and chart[VEGALITE_MIME] is shown.spec
    assert FIGURE_MIME not in head and FIGURE_MIME not in tail and VEGALITE_MIME not in head and VEGALITE_MIME not in tail
    assert head["text/html"].startswith("<p><strong>Région Occitanie — total</strong></p>") and "Titre" in head["text/html"]
    assert "Titre" in chart["text/plain"]


def parsed(spec: dict) -> dict:
    """A notebook's spec with its datasets read back from their JSON text."""
    return {**spec, "datasets": {name: json.loads(text) for name, text in spec["datasets"].items()}}


def test_the_notebook_draws_the_spec_the_site_draws(shown):
    script = re.search(r'<script type="application/json" id="spec-dep-34-treemap">(.*?)</script>', shown.data).group(1)
    assert parsed(shown.spec) == json.loads(script.replace("<\\/", "</"))
    assert shown.spec["description"] == "Description du graphique" and "$schema" not in shown.spec


def test_the_spec_holds_its_data_and_loads_nothing(shown):
    """Drawn offline: inline datasets, no ``url`` anywhere in the spec."""

    def keys(node):
        if isinstance(node, dict):
            for key, value in node.items():
                yield key
                yield from keys(value)
        elif isinstance(node, list):
            for value in node:
                yield from keys(value)

    assert "url" not in set(keys(parsed(shown.spec)))
    [values] = parsed(shown.spec)["datasets"].values()
    assert [row["Produit"] for row in values] == ["Boissons", "autres"]


def test_notebook_spec_writes_each_dataset_as_json_text_and_nothing_else():
    spec = {"datasets": {"a": [{"x": 1.5, "s": "é</script>", "b": True}], "b": "[]"}, "layer": [{"data": {"name": "a"}}], "width": 300}
    kept = json.dumps(spec)
    out = output.notebook_spec(spec)
    assert out["datasets"] == {"a": '[{"x":1.5,"s":"é</script>","b":true}]', "b": "[]"}  # typed values kept by JSON
    assert out["layer"] == spec["layer"] and out["width"] == 300
    assert json.dumps(spec) == kept  # the site's spec is not modified
    no_data = {"mark": "bar"}
    assert output.notebook_spec(no_data) is no_data


def test_the_tail_has_footnote_csv_path_and_table_and_the_site_block_its_lead(shown):
    tail = shown.outputs()[2][0]
    assert typography.text("« autres » : le reste.") in tail["text/html"] and "<code>extra/donnees/dep-34/treemap.csv</code>" in tail["text/html"]
    assert '<table class="comext-data n2 n3">' in tail["text/html"] and "<td>1\u00a0234,5<td>" in tail["text/html"]
    assert "extra/donnees/dep-34/treemap.csv" in tail["text/plain"] and "<" not in tail["text/plain"]
    assert shown.data.startswith('<p><strong>Région Occitanie — total</strong></p><figure class="comext-figure"')
    assert shown.data.removeprefix("<p><strong>Région Occitanie — total</strong></p>") == render.figure_html(fake(), "dep-34")


def test_nbformat_accepts_the_outputs(shown):
    """papermill validates the executed notebook: the outputs must be valid nbformat 4."""
    cell = nbformat.v4.new_code_cell("figures.treemap(ctx)")
    cell.outputs = [nbformat.v4.new_output("display_data", data=data, metadata=metadata) for data, metadata in shown.outputs()]
    notebook = nbformat.v4.new_notebook(cells=[cell])
    nbformat.validate(notebook)
    back = nbformat.reads(nbformat.writes(notebook), as_version=4)
    assert back.cells[0].outputs[1].data[FIGURE_MIME] == shown.data  # written and read back as one string
    assert back.cells[0].outputs[1].data[VEGALITE_MIME] == shown.spec
    assert all(isinstance(text, str) for text in back.cells[0].outputs[1].data[VEGALITE_MIME]["datasets"].values())


def test_displaying_publishes_the_three_outputs_in_order(shown, monkeypatch):
    import IPython.display

    published = []
    monkeypatch.setattr(IPython.display, "publish_display_data", lambda data, metadata: published.append((data, metadata)))
    shown._ipython_display_()
    assert published == shown.outputs()


def test_embed_options_are_the_site_scripts():
    """The notebook's charts use the options of ``comext-charts.js``: French numbers and menu, SVG."""
    script = (PROJECT_ROOT / "src" / "helpers" / "resources" / "comext-charts.js").read_text(encoding="utf-8")
    options = output.EMBED_OPTIONS
    for key, text in options["i18n"].items():
        assert f'{key}: "{text}"' in script
    assert f'renderer: "{options["renderer"]}"' in script
    locale = options["formatLocale"]
    assert f'decimal: "{locale["decimal"]}"' in script and "thousands: NBSP" in script and locale["thousands"] == "\u00a0"
    actions = ", ".join(f"{k}: {str(v).lower()}" for k, v in options["actions"].items())
    assert f"actions: {{ {actions} }}" in script

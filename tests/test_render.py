"""A chart on a page: inline spec safe in HTML, CSV of the numbers drawn, French table."""

import json
from dataclasses import dataclass

import altair as alt
import pandas as pd

from helpers import render


@dataclass
class Fake:
    name: str
    title: str
    description: str
    chart: alt.Chart
    data: pd.DataFrame
    footnote: str | None = None


def fake(label: str = "Boissons") -> Fake:
    data = pd.DataFrame({"Produit": [label, "autres"], "Valeur (M€)": [1234.5, 0.25], "Valeur (€)": [1_234_500_000, 250_000]})
    chart = alt.Chart(data).mark_bar().encode(x="Valeur (€):Q", y="Produit:N")
    return Fake("treemap", "Titre", "Description du graphique", chart, data, "« autres » : le reste.")


def test_spec_is_inline_json_without_schema_and_with_description():
    spec = json.loads(render.spec_json(fake().chart, "Ma description"))
    assert "$schema" not in spec and spec["description"] == "Ma description"


def test_hostile_label_cannot_close_the_script():
    result = fake("</script><script>alert(1)</script> & ; \"q\"")
    block = render.figure_html(result, "dep-11")
    assert block.count("</script>") == 1  # only the spec's own closing tag
    assert "&lt;/script&gt;&lt;script&gt;alert(1)" in block  # the table shows it as text
    spec_text = block.split('type="application/json" id="spec-dep-11-treemap">')[1].split("</script>")[0]
    [values] = json.loads(spec_text)["datasets"].values()
    assert values[0]["Produit"].startswith("</script>")


def test_figure_ids_links_and_table(tmp_path):
    result = fake()
    out = render.show(result, root=tmp_path, page="dep-34").data
    assert 'id="fig-dep-34-treemap"' in out and 'data-spec="spec-dep-34-treemap"' in out
    assert 'href="../donnees/dep-34/treemap.csv"' in out
    assert "<td class=\"num\">1\u00a0234,5</td>" in out and "<td class=\"num\">0,25</td>" in out
    assert "<td class=\"num\">1\u00a0234\u00a0500\u00a0000</td>" in out
    csv = (tmp_path / "extra" / "donnees" / "dep-34" / "treemap.csv").read_bytes()
    assert csv.startswith(b"\xef\xbb\xbf")
    back = pd.read_csv(tmp_path / "extra" / "donnees" / "dep-34" / "treemap.csv", sep=";", decimal=",", encoding="utf-8-sig")
    assert back["Valeur (€)"].sum() == 1_234_750_000 and back["Valeur (M€)"].tolist() == [1234.5, 0.25]


def test_spec_json_takes_the_spec_as_a_dict_and_leaves_it_unchanged():
    chart = fake().chart
    spec = render.chart_spec(chart)
    assert spec["$schema"].startswith("https://vega.github.io/schema/vega-lite/v6")
    kept = json.dumps(spec)
    assert render.spec_json(spec, "Ma description") == render.spec_json(chart, "Ma description")
    assert json.dumps(spec) == kept  # no "$schema" popped, no description added to the caller's dict
    assert json.loads(render.spec_json({**spec, "description": "La sienne"}, "Autre"))["description"] == "La sienne"

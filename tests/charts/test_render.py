"""A chart on a page: inline spec safe in HTML, CSV of the numbers drawn, French table."""

import json
import re
from dataclasses import dataclass

import altair as alt
import pandas as pd

from helpers.charts import render


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
    assert '<table class="comext-data n2 n3">' in out  # the numeric columns, named once
    assert "<tr><td>Boissons<td>1\u00a0234,5<td>1\u00a0234\u00a0500\u00a0000<tr><td>autres<td>0,25<td>250\u00a0000</tbody>" in out
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


def reference_table_html(data: pd.DataFrame) -> str:
    """The table written row by row, cell by cell (``_cell`` of each value, as iterating the rows gives it)."""
    import html

    head = "".join(f"<th>{html.escape(str(c))}</th>" for c in data.columns)
    numeric = [pd.api.types.is_numeric_dtype(t) for t in data.dtypes]
    classes = "".join(f" n{i + 1}" for i, is_num in enumerate(numeric) if is_num and i < 10)
    rows = []
    for record in data.itertuples(index=False):
        cells = "".join(
            (f'<td class="num">{render._cell(v.item() if hasattr(v, "item") else v)}' if i >= 10 else f"<td>{render._cell(v.item() if hasattr(v, 'item') else v)}")
            if is_num else f"<td>{render._cell(v)}"
            for i, (v, is_num) in enumerate(zip(record, numeric, strict=True))
        )
        rows.append(f"<tr>{cells}")
    return f'<table class="comext-data{classes}"><thead><tr>{head}</tr></thead><tbody>{"".join(rows)}</tbody></table>'


def test_table_is_formatted_column_by_column_as_cell_by_cell():
    frames = [
        fake().data,
        pd.DataFrame({"n": [1, -2, 0, 10**12], "x": [0.5, -0.05, 1234.56, -0.0], "t": ["x<", "&y", "z", "w"], "b": [True, False, True, False]}),
        pd.DataFrame({"n": pd.array([1, None, 3], dtype="Int64"), "t": pd.array(["a", None, "c"], dtype="string"), "x": [1.0, 2.5, 0.125]}),
        pd.DataFrame({"s": pd.array(["a", "b"], dtype="str"), "i16": pd.array([1, 2], dtype="int16"), "f32": pd.array([1.5, 2.25], dtype="float32")}),
        pd.DataFrame({"o": [None, 1, "s"]}),
        pd.DataFrame({"a": []}),
        pd.DataFrame(index=range(2)),
        pd.DataFrame({f"c{i}": [i, -i] if i % 2 else ["a", "b"] for i in range(13)}),  # numeric columns 12 and 14: marked cells
    ]
    for frame in frames:
        assert render.table_html(frame) == reference_table_html(frame)


def test_csv_bytes_are_what_pandas_writes_to_a_file(tmp_path):
    data = pd.DataFrame({"Pays": ["Espagne", "Côte d'Ivoire"], "Valeur (M€)": [1234.5, 0.25], "Valeur (€)": [1_234_500_000, 250_000]})
    reference = tmp_path / "reference.csv"
    data.to_csv(reference, sep=";", decimal=",", index=False, encoding="utf-8-sig", lineterminator="\n")
    assert render.csv_bytes(data) == reference.read_bytes()
    render.write_csv(data, tmp_path / "sub" / "written.csv")
    assert (tmp_path / "sub" / "written.csv").read_bytes() == reference.read_bytes()
    assert not list((tmp_path / "sub").glob("*.tmp"))


def test_show_formats_a_chart_once_and_a_keyed_result_once_per_process(tmp_path, monkeypatch):
    from dataclasses import replace

    from helpers.charts.base import ChartResult

    calls = []
    real = render.table_html
    monkeypatch.setattr(render, "table_html", lambda data: calls.append(len(data)) or real(data))
    monkeypatch.setattr(render, "_FORMATTED", {})
    plain = fake()
    expected = render.show(plain, root=tmp_path, page="dep-11").data
    assert len(calls) == 1
    result = ChartResult(plain.name, plain.title, plain.description, render.chart_spec(plain.chart), plain.data, plain.footnote)
    keyed = replace(result, key="0" * 64)
    blocks = [render.show(keyed, root=tmp_path, page=page).data for page in ("dep-11", "dep-34")]
    assert blocks[1].replace("dep-34", "dep-11") == blocks[0]
    assert len(calls) == 1 + 1  # the keyed result once, the unkeyed one at each show
    assert render.show(result, root=tmp_path, page="dep-11").data == expected and len(calls) == 3
    csv = tmp_path / "extra" / "donnees" / "dep-34" / "treemap.csv"
    assert csv.read_bytes() == render.csv_bytes(plain.data)


def test_a_keyed_result_is_served_once_from_a_file_with_its_spec_and_table(tmp_path, monkeypatch):
    from dataclasses import replace

    from helpers.charts import shared
    from helpers.charts.base import ChartResult

    monkeypatch.setattr(render, "_FORMATTED", {})
    plain = fake()
    inline = render.show(plain, root=tmp_path, page="dep-11").data
    spec_text = inline.split('id="spec-dep-11-treemap">')[1].split("</script>")[0]
    table = re.search(r"<table.*</table>", inline).group(0)
    keyed = replace(ChartResult(plain.name, plain.title, plain.description, render.chart_spec(plain.chart), plain.data, plain.footnote), key="1" * 64)
    blocks = [render.show(keyed, root=tmp_path, page=page).data for page in ("dep-11", "dep-34")]
    digest = shared.chart_digest(spec_text, table)
    [written] = (tmp_path / "extra" / "graphiques").iterdir()
    assert written.name == f"{digest}.js" and shared.referenced(blocks[0]) == shared.referenced(blocks[1]) == [digest]
    call = written.read_text(encoding="utf-8")
    assert call.startswith(f'comextChart("{digest}",') and call.endswith(");\n")
    chart = json.loads(call[len(f'comextChart("{digest}",') : -3])
    assert chart == {"spec": json.loads(spec_text), "table": table}  # the page's inline spec and table, moved
    for block in blocks:  # the page keeps the title, the CSV link and the table's summary; no spec, no cells
        assert 'type="application/json"' not in block and "<td" not in block and f'data-chart="{digest}"' in block
        assert block.endswith(f'</details><script src="../graphiques/{digest}.js"></script></figcaption></figure>')
    assert blocks[0].replace(f' data-chart="{digest}"', "").replace(shared.script_tag(digest), "") == re.sub(
        r'<script type="application/json".*?</script>|<table.*</table>', "", inline
    )


def test_texts_get_french_typography_but_the_csv_keeps_the_labels_as_read():
    result = fake("Machines d'usage général")
    result.title, result.footnote = "Flux à l'export : Aude (2024)", "Lecture : « autres » regroupe le reste."
    block = render.figure_html(result, "dep-11")
    assert '<p class="comext-title">Flux à l’export\u202f: Aude (2024)</p>' in block
    assert "Lecture\u202f: «\u202fautres\u202f» regroupe le reste." in block
    assert "<summary>Tableau des données\u202f: Flux à l’export\u202f: Aude (2024)</summary>" in block
    assert "<td>Machines d’usage général<td>" in block and "'" not in block.split("</script>")[1]
    spec_text = block.split('type="application/json" id="spec-dep-11-treemap">')[1].split("</script>")[0]
    [values] = json.loads(spec_text)["datasets"].values()
    assert values[0]["Produit"] == "Machines d’usage général"
    assert "Machines d'usage général" in render.csv_bytes(result.data).decode("utf-8-sig")  # CSV: the data as read


def test_the_stylesheet_right_aligns_every_numeric_column_a_table_class_names():
    from tests import PROJECT_ROOT

    css = " ".join((PROJECT_ROOT / "_static" / "comext.css").read_text(encoding="utf-8").split())
    rule = css.split("table.comext-data td.num,")[1].split("{")[0]
    assert [f"table.comext-data.n{i} td:nth-child({i})" for i in range(1, render.NUMERIC_CLASSES + 1)] == [s.strip() for s in rule.split(",")]
    assert "text-align: right" in css.split("table.comext-data td.num,")[1].split("}")[0]


def test_the_site_spec_leaves_out_the_shared_config_only():
    from helpers.charts.base import config

    chart = alt.Chart(pd.DataFrame({"x": [1]}), config=config()).mark_bar().encode(x="x:Q")
    spec = render.page_spec(chart, "Description")
    assert spec["config"]["axis"]["labelColor"] == "#555555" and spec["config"] == render.shared_config()
    site = render.site_spec(spec)
    assert "config" not in site and {**site, "config": render.shared_config()} == spec and "config" in spec  # spec left as it was
    own = render.page_spec(fake().chart, "Description")  # a look of its own: kept
    assert render.site_spec(own) is own and own["config"] != render.shared_config()
    keyed = render.formatted(type("Keyed", (), {**vars(fake()), "chart": chart, "key": "2" * 64})())
    assert "config" not in json.loads(keyed.spec) and keyed.notebook_spec["config"] == render.shared_config()  # notebooks and PDFs keep it


def test_a_screen_only_sentence_follows_the_note_in_a_span_of_its_class(tmp_path):
    from dataclasses import replace

    from helpers.charts.base import ChartResult

    plain = fake()
    result = ChartResult(plain.name, plain.title, plain.description, plain.chart, plain.data, plain.footnote, screen_note="Survoler un rectangle.")
    out = render.show(result, root=tmp_path, page="dep-34")
    expected = '<p class="comext-footnote">«\u202fautres\u202f»\u202f: le reste. <span class="comext-screen">Survoler un rectangle.</span></p>'
    assert expected in out.data and expected in out.tail
    assert "comext-screen" not in render.show(replace(result, screen_note=None), root=tmp_path, page="dep-34").data

"""A chart on a page: inline spec safe in HTML, CSV of the numbers drawn, French table."""

import json
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


def reference_table_html(data: pd.DataFrame) -> str:
    """The table written row by row, cell by cell (``_cell`` of each value, as iterating the rows gives it)."""
    import html

    head = "".join(f"<th>{html.escape(str(c))}</th>" for c in data.columns)
    numeric = [pd.api.types.is_numeric_dtype(t) for t in data.dtypes]
    rows = []
    for record in data.itertuples(index=False):
        cells = "".join(
            f'<td class="num">{render._cell(v.item() if hasattr(v, "item") else v)}</td>' if is_num else f"<td>{render._cell(v)}</td>"
            for v, is_num in zip(record, numeric, strict=True)
        )
        rows.append(f"<tr>{cells}</tr>")
    return f'<table class="comext-data"><thead><tr>{head}</tr></thead><tbody>{"".join(rows)}</tbody></table>'


def test_table_is_formatted_column_by_column_as_cell_by_cell():
    frames = [
        fake().data,
        pd.DataFrame({"n": [1, -2, 0, 10**12], "x": [0.5, -0.05, 1234.56, -0.0], "t": ["x<", "&y", "z", "w"], "b": [True, False, True, False]}),
        pd.DataFrame({"n": pd.array([1, None, 3], dtype="Int64"), "t": pd.array(["a", None, "c"], dtype="string"), "x": [1.0, 2.5, 0.125]}),
        pd.DataFrame({"s": pd.array(["a", "b"], dtype="str"), "i16": pd.array([1, 2], dtype="int16"), "f32": pd.array([1.5, 2.25], dtype="float32")}),
        pd.DataFrame({"o": [None, 1, "s"]}),
        pd.DataFrame({"a": []}),
        pd.DataFrame(index=range(2)),
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
    for page in ("dep-11", "dep-34"):
        out = render.show(keyed, root=tmp_path, page=page).data
        assert out == render.show(result, root=tmp_path, page=page).data  # same output as without a key
    assert out.replace("dep-34", "dep-11") == expected
    assert len(calls) == 1 + 1 + 2  # the keyed result once, the unkeyed one at each show
    csv = tmp_path / "extra" / "donnees" / "dep-34" / "treemap.csv"
    assert csv.read_bytes() == render.csv_bytes(plain.data)


def test_texts_get_french_typography_but_the_csv_keeps_the_labels_as_read():
    result = fake("Machines d'usage général")
    result.title, result.footnote = "Flux à l'export : Aude (2024)", "Lecture : « autres » regroupe le reste."
    block = render.figure_html(result, "dep-11")
    assert '<p class="comext-title">Flux à l’export\u202f: Aude (2024)</p>' in block
    assert "Lecture\u202f: «\u202fautres\u202f» regroupe le reste." in block
    assert "<summary>Tableau des données\u202f: Flux à l’export\u202f: Aude (2024)</summary>" in block
    assert "<td>Machines d’usage général</td>" in block and "'" not in block.split("</script>")[1]
    spec_text = block.split('type="application/json" id="spec-dep-11-treemap">')[1].split("</script>")[0]
    [values] = json.loads(spec_text)["datasets"].values()
    assert values[0]["Produit"] == "Machines d’usage général"
    assert "Machines d'usage général" in render.csv_bytes(result.data).decode("utf-8-sig")  # CSV: the data as read


def test_a_screen_only_sentence_follows_the_note_in_a_span_of_its_class(tmp_path):
    from dataclasses import replace

    from helpers.charts.base import ChartResult

    plain = fake()
    result = ChartResult(plain.name, plain.title, plain.description, plain.chart, plain.data, plain.footnote, screen_note="Survoler un rectangle.")
    out = render.show(result, root=tmp_path, page="dep-34")
    expected = '<p class="comext-footnote">«\u202fautres\u202f»\u202f: le reste. <span class="comext-screen">Survoler un rectangle.</span></p>'
    assert expected in out.data and expected in out.tail
    assert "comext-screen" not in render.show(replace(result, screen_note=None), root=tmp_path, page="dep-34").data

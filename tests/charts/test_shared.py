"""Charts several pages show, served once as a script each: names, content, writing, references."""

import json
import os

from helpers.charts import shared

SPEC = '{"mark":"bar","description":"Exportations <\\/script>"}'
TABLE = '<table class="comext-data"><tbody><tr><td>Boissons « vins »</td><td class="num">1\u00a0234,5</td></tr></tbody></table>'


def test_digest_is_a_prefix_of_the_sha256_of_spec_and_table_and_changes_with_either():
    import hashlib

    digest = shared.chart_digest(SPEC, TABLE)
    expected = hashlib.sha256(json.dumps([SPEC, TABLE], ensure_ascii=False).encode("utf-8")).hexdigest()[:20]
    assert digest == expected and len(digest) == 20
    assert shared.chart_digest(SPEC, TABLE + " ") != digest and shared.chart_digest(SPEC.replace("bar", "area"), TABLE) != digest


def test_script_text_calls_comext_chart_with_the_spec_and_the_table_as_json():
    text = shared.script_text("abc", SPEC, TABLE)
    assert text == 'comextChart("abc",{"spec":' + SPEC + ',"table":' + json.dumps(TABLE, ensure_ascii=False) + "});\n"
    chart = json.loads(text[len('comextChart("abc",') : -3])
    assert chart["table"] == TABLE and chart["spec"]["description"] == "Exportations </script>"


def test_write_creates_the_file_once_and_leaves_no_temporary_file(tmp_path):
    path = shared.write(tmp_path, "0123456789abcdef0123", "first")
    assert path == tmp_path / "extra" / "graphiques" / "0123456789abcdef0123.js" and path.read_text(encoding="utf-8") == "first"
    os.utime(path, (1, 1))
    assert shared.write(tmp_path, "0123456789abcdef0123", "first") == path and path.stat().st_mtime == 1  # there: not rewritten
    assert [p.name for p in path.parent.iterdir()] == [path.name]


def test_referenced_reads_the_script_tags_a_page_holds_in_order():
    a, b = "a" * 20, "0" * 20
    html = f"<p>x</p>{shared.script_tag(a)}<p>y</p>{shared.script_tag(b)}<script src=\"../_static/x.js\"></script>"
    assert shared.script_tag(a) == f'<script src="../graphiques/{a}.js"></script>'
    assert shared.referenced(html) == [a, b]
    assert shared.referenced('<script src="../graphiques/short.js"></script>') == []


def test_in_use_reads_the_charts_the_notebooks_load_and_prune_deletes_the_others(tmp_path):
    import nbformat

    kept, other, old = "1" * 20, "2" * 20, "3" * 20
    pages = tmp_path / "pages"
    pages.mkdir()
    for slug, digests in {"dep-11": [kept, other], "dep-34": [kept], "index": []}.items():
        cell = nbformat.v4.new_code_cell(outputs=[nbformat.v4.new_output("display_data", {"text/html": "".join(map(shared.script_tag, digests))})])
        nbformat.write(nbformat.v4.new_notebook(cells=[cell]), pages / f"{slug}.ipynb")
    (pages / "notes.md").write_text(shared.script_tag(old), encoding="utf-8")  # not a notebook: not read
    assert shared.in_use(pages) == {kept, other}
    for digest in (kept, other, old):
        shared.write(tmp_path, digest, "x")
    folder = tmp_path / "extra" / "graphiques"
    (folder / f"{kept}.123.tmp").write_text("half", encoding="utf-8")  # a killed worker's leftover
    assert shared.prune(folder, shared.in_use(pages)) == [folder / f"{kept}.123.tmp", folder / f"{old}.js"]
    assert sorted(p.name for p in folder.iterdir()) == [f"{kept}.js", f"{other}.js"]
    assert shared.prune(tmp_path / "missing", set()) == []

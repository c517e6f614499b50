"""The Sphinx build's two shortcuts give what they replace, byte for byte."""

from __future__ import annotations

import json

import nbformat
import sphinx.util.matching
from sphinx.util.matching import Matcher, _translate_pattern

from helpers.book import sphinx_speed

PATTERNS = [".*", "**/.*", ".venv", "_build", "notebooks", "README.md"]


def page_text(tmp_path, name: str = "p.ipynb", outputs: int = 2) -> str:
    cell = nbformat.v4.new_code_cell("figures.sankey(ctx)", id="c1")
    cell.outputs = [nbformat.v4.new_output("display_data", data={"text/html": f"<p>é {i}</p>", "text/plain": "x"}) for i in range(outputs)]
    nb = nbformat.v4.new_notebook(cells=[nbformat.v4.new_markdown_cell("# Aude", id="m1"), cell], metadata={"comext": {"fingerprint": "abc"}})
    nbformat.write(nb, tmp_path / name)
    return (tmp_path / name).read_text(encoding="utf-8")


def test_cached_matchers_match_as_sphinx_compiles_them_and_are_compiled_once():
    cached = sphinx_speed.cached_compile_matchers(PATTERNS)
    plain = [__import__("re").compile(_translate_pattern(p)).match for p in PATTERNS]
    names = [".git", "pages/.dep-11.123.ipynb", "pages/dep-11.ipynb", "_build/html", "notebooks", "README.md", "src/README.md", ".venv"]
    assert [[bool(m(n)) for m in cached] for n in names] == [[bool(m(n)) for m in plain] for n in names]
    again = sphinx_speed.cached_compile_matchers(iter(PATTERNS))
    assert again == cached and again is not cached and all(a is b for a, b in zip(again, cached, strict=True))


def test_fast_writes_gives_nbformat_writes_bytes_for_the_notebook_just_read(tmp_path):
    text = page_text(tmp_path)
    read = sphinx_speed.remembering(lambda t: nbformat.reads(t, as_version=4))
    notebook = read(text)
    assert sphinx_speed.fast_writes(notebook) == nbformat.writes(notebook) == text[:-1]


def test_fast_writes_falls_back_for_another_notebook_or_another_layout(tmp_path):
    read = sphinx_speed.remembering(lambda t: nbformat.reads(t, as_version=4))
    first = read(page_text(tmp_path, "a.ipynb", outputs=1))
    second = read(page_text(tmp_path, "b.ipynb", outputs=3))
    assert sphinx_speed.fast_writes(first) == nbformat.writes(first)  # not the last one read: serialised
    assert len(sphinx_speed.fast_writes(first)) < len(sphinx_speed.fast_writes(second))
    compact = json.dumps(json.loads(page_text(tmp_path)))  # another writer's layout
    assert not sphinx_speed.written_by_nbformat(compact)
    notebook = read(compact)
    assert sphinx_speed.fast_writes(notebook) == nbformat.writes(notebook) != compact


def test_install_patches_sphinx_and_myst_nb_once():
    import myst_nb.sphinx_

    sphinx_speed.install()
    reader_factory = myst_nb.sphinx_.create_nb_reader
    sphinx_speed.install()
    assert sphinx.util.matching.compile_matchers is sphinx_speed.cached_compile_matchers
    assert myst_nb.sphinx_.nbformat.writes is sphinx_speed.fast_writes and myst_nb.sphinx_.create_nb_reader is reader_factory
    assert Matcher(PATTERNS)("pages/.x.ipynb") and not Matcher(PATTERNS)("pages/dep-11.ipynb")

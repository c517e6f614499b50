"""The Sphinx extension removes sphinx-thebe's scripts (a CDN address) from pages and sets up the search."""

from types import SimpleNamespace

from helpers.book import sphinx_speed
from helpers.book.pdf import pdf_cell
from helpers.book.sphinx_site import add_pdf_link, add_pdf_sizes, declare_parallel_safe, drop_thebe, listings_outdated, pdf_link, pdf_sizes, setup


def script(filename=None, body=None):
    return SimpleNamespace(filename=filename, attributes={"body": body} if body else {})


def test_thebe_scripts_are_dropped_and_others_kept():
    keep = [script("_static/comext-vega.js"), script(None, "var x = 1")]
    context = {"script_files": [script(None, 'const THEBE_JS_URL = "https://x/thebe.js"'), script("_static/sphinx-thebe.js"), *keep]}
    drop_thebe(None, "p", "page.html", context, None)
    assert context["script_files"] == keep


def test_setup_drops_thebe_and_sets_up_the_accent_blind_search():
    extensions: list[str] = []
    handlers: list[tuple[str, object]] = []
    app = SimpleNamespace(
        setup_extension=extensions.append, connect=lambda event, handler: handlers.append((event, handler))
    )
    metadata = setup(app)
    assert extensions == ["helpers.book.sphinx_search", "helpers.book.sphinx_theme", "helpers.book.mime_render"]
    assert handlers == [
        ("html-page-context", drop_thebe), ("html-page-context", add_pdf_link), ("html-page-context", add_pdf_sizes),
        ("env-get-outdated", listings_outdated), ("builder-inited", declare_parallel_safe),
        ("builder-inited", sphinx_speed.install),
    ]
    assert metadata["parallel_read_safe"] and metadata["parallel_write_safe"]


def test_multitoc_numbering_is_declared_safe_for_parallel_builds_and_others_untouched():
    from sphinx.extension import Extension

    multitoc = Extension("sphinx_multitoc_numbering", None)  # declares nothing, as installed
    latex = Extension("sphinx_jupyterbook_latex", None)  # also undeclared: not ours to vouch for
    careful = Extension("sphinx_multitoc_numbering", None, parallel_read_safe=False)
    app = SimpleNamespace(extensions={"sphinx_multitoc_numbering": multitoc, "sphinx_jupyterbook_latex": latex})
    declare_parallel_safe(app)
    assert multitoc.parallel_read_safe is True and multitoc.parallel_write_safe is True
    assert latex.parallel_read_safe is None
    app = SimpleNamespace(extensions={"sphinx_multitoc_numbering": careful})
    declare_parallel_safe(app)
    assert careful.parallel_read_safe is False  # a declaration of its own wins
    declare_parallel_safe(SimpleNamespace(extensions={}))  # not loaded: nothing to do


def test_the_pdf_is_offered_right_under_the_title():
    body = '<section><h1>Aude (11) — commerce extérieur<a class="headerlink" href="#x">#</a></h1><p>Texte</p></section>'
    assert pdf_link(body, "../pdf/dep-11.pdf", "900\u00a0ko") == (
        '<section><h1>Aude (11) — commerce extérieur<a class="headerlink" href="#x">#</a></h1>'
        '<p class="comext-pdf"><a href="../pdf/dep-11.pdf" download>Télécharger la fiche (PDF, 900\u00a0ko)</a></p><p>Texte</p></section>'
    )
    assert pdf_link("<p>sans titre</p>", "x.pdf", "1 ko") == "<p>sans titre</p>"


def test_only_a_fiche_with_its_pdf_among_the_sources_offers_it(tmp_path):
    (tmp_path / "extra" / "pdf").mkdir(parents=True)
    (tmp_path / "extra" / "pdf" / "dep-11.pdf").write_bytes(b"x" * 1_234_567)
    app = SimpleNamespace(srcdir=str(tmp_path))
    with_pdf, without_pdf, other = ({"body": "<h1>T</h1>"} for _ in range(3))
    add_pdf_link(app, "pages/dep-11", "page.html", with_pdf, None)
    add_pdf_link(app, "pages/dep-34", "page.html", without_pdf, None)
    add_pdf_link(app, "index", "page.html", other, None)
    assert with_pdf["body"] == '<h1>T</h1><p class="comext-pdf"><a href="../pdf/dep-11.pdf" download>Télécharger la fiche (PDF, 1,2\u00a0Mo)</a></p>'
    assert without_pdf["body"] == other["body"] == "<h1>T</h1>"


def test_a_listing_links_each_pdf_with_its_size_or_a_dash_without_one(tmp_path):
    (tmp_path / "dep-11.pdf").write_bytes(b"%" * 899_571)
    html = f"<td>{pdf_cell('dep-11')}</td><td>{pdf_cell('dep-34')}</td>"
    assert pdf_sizes(html, tmp_path) == '<td><a class="comext-pdf-size" href="../pdf/dep-11.pdf" download>PDF, 900\u00a0ko</a></td><td>—</td>'


def test_the_listings_are_always_read_again_unless_sphinx_reads_them_anyway():
    env = SimpleNamespace(found_docs={"pages/index", "pages/territoires", "pages/dep-11"})
    assert listings_outdated(None, env, set(), set(), set()) == ["pages/index", "pages/territoires"]
    assert listings_outdated(None, env, {"pages/territoires"}, set(), set()) == ["pages/index"]
    assert listings_outdated(None, SimpleNamespace(found_docs={"pages/dep-11"}), set(), set(), set()) == []

"""The Sphinx extension removes sphinx-thebe's scripts (a CDN address) from pages."""

from types import SimpleNamespace

from helpers.sphinx_site import drop_thebe


def script(filename=None, body=None):
    return SimpleNamespace(filename=filename, attributes={"body": body} if body else {})


def test_thebe_scripts_are_dropped_and_others_kept():
    keep = [script("_static/comext-vega.js"), script(None, "var x = 1")]
    context = {"script_files": [script(None, 'const THEBE_JS_URL = "https://x/thebe.js"'), script("_static/sphinx-thebe.js"), *keep]}
    drop_thebe(None, "p", "page.html", context, None)
    assert context["script_files"] == keep

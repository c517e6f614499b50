"""End to end on the demonstration data: `comext run`, then `comext build` looked at in Chromium.

The book skeleton is copied into a temporary root so that the tests never touch the working tree.
"""

from __future__ import annotations

import json
import shutil
import subprocess
import sys
from pathlib import Path

import nbformat
import pytest

from tests import PROJECT_ROOT

ROOT = PROJECT_ROOT
NBSP = "\u00a0"
pytestmark = pytest.mark.slow


@pytest.fixture(scope="module")
def book_root(tmp_path_factory, demo_data) -> Path:
    root = tmp_path_factory.mktemp("book")
    for name in ("_config.yml", "_toc.yml"):
        shutil.copy(ROOT / name, root / name)
    for name in ("notebooks", "parameters", "_static"):
        if (ROOT / name).is_dir():
            shutil.copytree(ROOT / name, root / name)
    (root / "node_modules").symlink_to(ROOT / "node_modules")  # chart libraries (assets.install)
    return root


def comext(root: Path, *args: str) -> subprocess.CompletedProcess[str]:
    exe = Path(sys.executable).with_name("comext")
    return subprocess.run([str(exe), *args], cwd=root, capture_output=True, text=True, timeout=900)


def outputs_text(path: Path) -> str:
    notebook = nbformat.read(path, as_version=4)
    texts = []
    for cell in notebook.cells:
        for output in cell.get("outputs", []):
            texts.append(str(output.get("data", {}).get("text/markdown", "")))
    return "\n".join(texts).replace(NBSP, " ").replace("\u202f", " ").replace("\u2019", "'")  # content, not typography


def test_run_one_departement_prints_notebook_with_published_totals(book_root, demo_data):
    proc = comext(book_root, "run", "11", "--data", str(demo_data))
    assert proc.returncode == 0, proc.stderr
    lines = [line for line in proc.stdout.splitlines() if line.startswith("notebook: ")]
    assert len(lines) == 1
    path = Path(lines[0].removeprefix("notebook: "))
    assert path.is_file() and path.parent == book_root / "pages"
    text = outputs_text(path)
    assert "Total des exportations : 1 966 millions d'euros" in text
    assert "soit 4 % de la valeur exportée par la région Occitanie" in text
    assert "soit 0,34 % de la valeur exportée au niveau national" in text
    assert "Total des importations : 2 211,9 millions d'euros" in text
    assert "5,9 %" in text and "0,32 %" in text
    assert "Grand Narbonne" in text and "Données de démonstration" in text
    notebook = nbformat.read(path, as_version=4)
    assert notebook.metadata["myst"]["substitutions"]["libelle"] == "Aude (11)"


def test_run_unknown_code_is_a_clear_error(book_root, demo_data):
    proc = comext(book_root, "run", "00", "--data", str(demo_data))
    assert proc.returncode != 0
    assert "comext list" in proc.stderr and "Traceback" not in proc.stderr


def test_build_then_page_is_drawn_in_chromium(book_root, demo_data, tmp_path):
    proc = comext(book_root, "build", "--only", "11,34,2A", "--data", str(demo_data), "--quiet")
    assert proc.returncode == 0, proc.stdout + proc.stderr
    html = book_root / "_build" / "html"
    assert (html / "index.html").is_file()
    page = html / "pages" / "dep-34.html"
    assert page.is_file()
    # PDFs by default: each executed fiche's and each territory's, linked under its title and from the listings
    assert sorted(p.name for p in (html / "pdf").glob("dep-*.pdf")) == ["dep-11.pdf", "dep-2A-2B.pdf", "dep-34.pdf"]  # Corse: one fiche
    assert "Télécharger la fiche (PDF, " in page.read_text(encoding="utf-8")
    territories = sorted((html / "pdf").glob("territoire-*.pdf"))
    assert territories and "Télécharger la fiche (PDF, " in (html / "pages" / f"{territories[0].stem}.html").read_text(encoding="utf-8")
    index = (html / "pages" / "index.html").read_text(encoding="utf-8")
    assert '<a class="comext-pdf-size" href="../pdf/dep-34.pdf" download>PDF, ' in index
    listing = (html / "pages" / "territoires.html").read_text(encoding="utf-8")
    assert f'href="../pdf/{territories[0].name}" download>PDF, ' in listing

    from playwright.sync_api import sync_playwright

    with sync_playwright() as p:
        browser = p.chromium.launch(executable_path=shutil.which("chromium"), args=["--no-sandbox", "--disable-gpu"])
        context = browser.new_context()
        context.set_default_timeout(120_000)  # a safety net under load: the waits are on states
        outside: list[str] = []
        context.route(lambda url: not url.startswith("file://"), lambda route: (outside.append(route.request.url), route.abort()))
        tab = context.new_page()
        errors: list[str] = []
        tab.on("console", lambda m: errors.append(m.text) if m.type == "error" else None)
        tab.goto(page.as_uri())
        assert "Hérault (34)" in tab.title()
        assert tab.locator("h1").first.inner_text().startswith("Hérault (34)")
        banner = tab.locator(".demo-banner")
        assert banner.is_visible() and "démonstration" in banner.inner_text()
        body = tab.locator("main").inner_text().replace(NBSP, " ").replace("\u202f", " ").replace("\u2019", "'")
        assert "Total des exportations : 2 674,2 millions d'euros" in body
        assert "12,8 %" in body and "0,70 %" in body
        assert "Béziers – Sète" in body  # ANCT's official name
        assert "dep_code" not in body  # injected parameters are hidden
        tab.screenshot(path=str(tmp_path / "dep-34.png"), full_page=True)
        tab.goto((html / "pages" / "dep-2A-2B.html").as_uri())
        assert "Corse (2A, 2B)" in tab.title()
        assert "ne distinguent pas la Corse-du-Sud" in tab.locator("main").inner_text()

        # Aude: every chart of the fiche is drawn, offline, with its CSV and table.
        tab.goto((html / "pages" / "dep-11.html").as_uri())
        charts = tab.locator("div.comext-vega")
        assert charts.count() == 11  # butterfly, treemap, 3 export and 3 import Sankeys; evolution, movers, US share
        tab.wait_for_function("document.querySelectorAll('div.comext-vega svg.marks').length === 11", timeout=120_000)
        for index in range(11):
            chart = charts.nth(index)
            marks = chart.locator("svg .mark-rect path, svg .mark-area path, svg .mark-text text, svg .mark-bar path, svg .mark-line path, svg .mark-symbol path")
            assert marks.count() > 5, f"chart {index} drew no marks"
            assert chart.locator("[role=graphics-document]").get_attribute("aria-label"), f"chart {index} has no description"
        assert tab.locator("details.comext-table").count() == 11
        links = tab.locator("a[href$='sankey-export-dep.csv']")
        assert links.count() == 1
        browser.close()
    assert errors == []
    assert outside == []

    import pandas as pd

    csv = pd.read_csv(html / "donnees" / "dep-11" / "sankey-export-dep.csv", sep=";", decimal=",", encoding="utf-8-sig")
    assert int(csv["Valeur (€)"].sum()) == 1_966_000_000  # the page's "1 966 millions d'euros"
    treemap = pd.read_csv(html / "donnees" / "dep-11" / "treemap.csv", sep=";", decimal=",", encoding="utf-8-sig")
    assert treemap.groupby("Flux")["Valeur (€)"].sum().sort_values().tolist() == [1_966_000_000, 2_211_900_000]
    key = json.loads((html / "donnees" / "dep-11" / "chiffres-cles.json").read_text(encoding="utf-8"))
    assert {"exportations": 1_966_000_000, "importations": 2_211_900_000} == {
        r["flux"]: r["valeur_eur"] for r in key["chiffres"] if r["perimetre"] == "Aude (11)"
    }
    assert (html / "_sources" / "pages" / "dep-11.ipynb").is_file()  # the "carnet exécuté" link
    page_html = (html / "pages" / "dep-11.html").read_text(encoding="utf-8")
    assert "cdn." not in page_html and "unpkg" not in page_html and "jsdelivr" not in page_html
    assert len(page_html.encode()) < 500_000

"""The site in Chromium: sortable tables, navigation by région, code one click away, chrome.

A small book (Bretagne's page and its four départements) is built from the project's skeleton in
a temporary root, then looked at in headless Chromium with every non-file request blocked.
"""

from __future__ import annotations

import re
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from tests import PROJECT_ROOT

ROOT = PROJECT_ROOT
PAGES = ("region-53", "dep-22", "dep-29", "dep-35", "dep-56")
pytestmark = [pytest.mark.slow, pytest.mark.browser]


@pytest.fixture(scope="module")
def site(tmp_path_factory, demo_data) -> Path:
    root = tmp_path_factory.mktemp("bretagne")
    shutil.copy(ROOT / "_config.yml", root / "_config.yml")
    for name in ("notebooks", "_static"):
        shutil.copytree(ROOT / name, root / name)
    (root / "node_modules").symlink_to(ROOT / "node_modules")
    (root / "parameters").mkdir()
    for slug in PAGES:
        shutil.copy(ROOT / "parameters" / f"{slug}.yml", root / "parameters")
    exe = Path(sys.executable).with_name("comext")
    proc = subprocess.run([str(exe), "build", "--data", str(demo_data), "--quiet", "--jobs", "2"], check=False, cwd=root, capture_output=True, text=True, timeout=900)
    assert proc.returncode == 0, proc.stdout + proc.stderr
    return root / "_build" / "html"


@pytest.fixture
def tab(browser):
    context = browser.new_context(viewport={"width": 1400, "height": 1000})
    context.set_default_timeout(120_000)  # a safety net under load: the waits are on states
    outside: list[str] = []
    context.route(lambda url: not url.startswith("file://"), lambda route: (outside.append(route.request.url), route.abort()))
    page = context.new_page()
    errors: list[str] = []
    page.on("console", lambda m: errors.append(m.text) if m.type == "error" else None)
    yield page
    context.close()
    assert errors == [] and outside == []


def french_number(text: str) -> float:
    return float(text.replace("\u00a0", "").replace("\u202f", "").replace(" ", "").replace(",", "."))


def column(tab, table: str, index: int) -> list[str]:
    return [t.strip() for t in tab.locator(f"{table} tbody tr td:nth-child({index})").all_inner_texts()]


def test_clicking_a_header_sorts_the_index_table(site, tab):
    tab.goto((site / "pages" / "index.html").as_uri())
    table = "table.comext-sortable"
    assert tab.locator(f"{table}.comext-sort-ready").count() == 1
    assert len(column(tab, table, 1)) == 4
    header = tab.locator(f"{table} thead th", has_text="Exportations")
    header.locator("button").click()
    exports = [french_number(v) for v in column(tab, table, 3)]
    assert exports == sorted(exports, reverse=True) and len(set(exports)) == 4
    assert header.get_attribute("aria-sort") == "descending"
    header.locator("button").click()
    assert [french_number(v) for v in column(tab, table, 3)] == sorted(exports)
    assert header.get_attribute("aria-sort") == "ascending"
    names = column(tab, table, 1)
    tab.locator(f"{table} thead th", has_text="Département").locator("button").click()
    assert column(tab, table, 1) == sorted(names, key=str.casefold)  # text: ascending first
    assert header.get_attribute("aria-sort") is None
    # the row's link still leads to the fiche
    assert tab.locator(f"{table} tbody tr td:nth-child(1) a").first.get_attribute("href").endswith(".html")


def test_sidebar_leads_from_the_index_to_a_region_then_a_departement(site, tab):
    tab.goto((site / "pages" / "index.html").as_uri())
    nav = tab.locator("nav.bd-docs-nav")
    assert nav.locator("a", has_text="Finistère (29)").count() == 0  # other branches are not in the page
    nav.locator("a", has_text="Bretagne").click()
    tab.wait_for_url("**/pages/region-53.html")
    tab.wait_for_load_state("load")  # count() and all_inner_texts() do not wait for the new page
    assert tab.url.endswith("pages/region-53.html")
    assert "Bretagne" in tab.title() and tab.locator("h1").first.inner_text().startswith("Bretagne")
    assert tab.locator("table.comext-sortable tbody tr").count() == 4  # its départements
    tab.locator("nav.bd-docs-nav a", has_text="Finistère (29)").click()
    tab.wait_for_url("**/pages/dep-29.html")
    tab.wait_for_load_state("load")
    assert tab.url.endswith("pages/dep-29.html")
    assert "Finistère (29)" in tab.title()
    current = tab.locator("nav.bd-docs-nav li.current > a")
    assert current.all_inner_texts() == ["Bretagne", "Finistère (29)"]


def test_code_is_hidden_but_one_click_away_and_the_chrome_names_source_and_licence(site, tab):
    tab.goto((site / "pages" / "dep-29.html").as_uri())
    main = tab.locator("main")
    assert "page.data_banner(ctx)" not in main.inner_text()
    toggles = tab.locator("details.hide.above-input summary")
    assert toggles.count() >= 10
    toggles.first.click()
    assert "page.data_banner(ctx)" in main.inner_text()
    assert "dep_code" not in main.inner_text()  # the injected parameters stay hidden
    footer = tab.locator("footer.bd-footer-content").inner_text()
    assert "DGDDI" in footer and "Licence Ouverte 2.0" in footer and "synthétiques" in footer
    icon = tab.locator("link[rel='icon']").get_attribute("href")
    assert icon.endswith("favicon.svg") and (site / "_static" / "favicon.svg").is_file()
    tab.goto((site / "pages" / "sources.html").as_uri())
    assert "Licence Ouverte" in tab.locator("main").inner_text()


MAP = "figure.comext-map.comext-map-ready"
NNBSP, NBSP = "\u202f", "\u00a0"


def test_a_click_on_the_map_opens_the_fiche(site, tab):
    tab.goto((site / "pages" / "index.html").as_uri())
    assert tab.locator(f"{MAP} svg a").count() == 4  # the fiches of this book; the other départements in grey
    tab.locator(f"{MAP} svg a[href='dep-29.html']").click()
    tab.wait_for_url("**/pages/dep-29.html")
    assert "Finistère (29)" in tab.title()


def test_tab_reaches_a_departement_which_shows_its_tooltip_and_enter_opens_its_fiche(site, tab):
    tab.goto((site / "pages" / "index.html").as_uri())
    tab.locator(f"{MAP} input[type=radio]:checked").focus()
    tab.keyboard.press("Tab")  # from the switch to the first département of the map
    first = tab.locator(f"{MAP} svg a").first
    assert first.get_attribute("href") == "dep-22.html"
    assert first.evaluate("a => a === document.activeElement")
    tip = tab.locator(f"{MAP} .comext-map-tip")
    tip.wait_for(state="visible")
    text = tip.inner_text()
    assert text.startswith("Côtes-d\u2019Armor (22)") and re.search(f"Exportations{NNBSP}: [0-9{NBSP}]+(,[0-9])?{NBSP}M€$", text), text
    assert first.get_attribute("aria-label").startswith(f"Côtes-d\u2019Armor (22){NNBSP}: exportations ")
    tab.keyboard.press("Escape")
    tip.wait_for(state="hidden")
    tab.keyboard.press("Enter")
    tab.wait_for_url("**/pages/dep-22.html")


def test_the_switch_recolours_the_map_and_the_tooltip_speaks_french(site, tab):
    tab.goto((site / "pages" / "index.html").as_uri())
    link = tab.locator(f"{MAP} svg a[href='dep-35.html']")
    fills = link.get_attribute("data-f").split()
    path = link.locator("path")
    assert path.get_attribute("fill") == fills[0]
    tab.locator(f"{MAP} label", has_text="Solde commercial").click()
    tab.wait_for_function("f => document.querySelector(\"a[href='dep-35.html'] path\").getAttribute('fill') === f", arg=fills[1])
    assert tab.locator(f"{MAP} .comext-map-legend[data-measure='1']").is_visible()
    assert not tab.locator(f"{MAP} .comext-map-legend[data-measure='0']").is_visible()
    assert " solde commercial " in link.get_attribute("aria-label")
    link.hover()
    tip = tab.locator(f"{MAP} .comext-map-tip")
    tip.wait_for(state="visible")
    assert re.search(f"Solde commercial{NNBSP}: [\u2212]?[0-9{NBSP}]+(,[0-9])?{NBSP}M€$", tip.inner_text()), tip.inner_text()
    tab.locator(f"{MAP} label", has_text="États-Unis").click()
    tab.wait_for_function("f => document.querySelector(\"a[href='dep-35.html'] path\").getAttribute('fill') === f", arg=fills[2])
    link.hover()
    tip.wait_for(state="visible")
    assert re.search(f"États-Unis{NNBSP}: [0-9]+(,[0-9])?{NBSP}%$", tip.inner_text()), tip.inner_text()


def test_a_region_page_shows_its_departements_on_the_map(site, tab):
    tab.goto((site / "pages" / "region-53.html").as_uri())
    links = tab.locator(f"{MAP} svg a")
    assert sorted(links.evaluate_all("l => l.map(a => a.getAttribute('href'))")) == ["dep-22.html", "dep-29.html", "dep-35.html", "dep-56.html"]
    assert tab.locator(f"{MAP} svg path.comext-map-context").count() >= 3  # neighbours, in grey
    links.first.click()
    tab.wait_for_url("**/pages/dep-*.html")


# --- lighter pages: the charts several pages show, served once -----------------------------


def test_shared_charts_are_written_once_and_loaded_by_every_page_of_the_region(site):
    from helpers.charts import shared

    loads = {slug: shared.referenced((site / "pages" / f"{slug}.html").read_text(encoding="utf-8")) for slug in PAGES}
    # each département shows its région's and France's export and import Sankeys; the région its own and France's
    assert all(len(found) == len(set(found)) == 4 for found in loads.values())
    assert all(set(found) == set(loads["region-53"]) for found in loads.values())
    assert sorted(p.name for p in (site / shared.FOLDER).iterdir()) == sorted(f"{d}.js" for d in loads["region-53"])


def test_the_median_fiche_weighs_at_most_200_kib_its_shared_charts_counted_once(site):
    import statistics

    from helpers.book import bench

    weights = bench.page_weights(site)
    assert len(weights) == len(PAGES)
    assert statistics.median(weights) <= 200 * 1024, weights


def draws_every_chart_with_its_table(tab, url: str) -> None:
    """On the fiche at ``url``: the 11 charts drawn, each data table there (a shared chart's filled in
    by its file), numbers right-aligned."""
    tab.goto(url)
    tab.wait_for_function("document.querySelectorAll('div.comext-vega[data-ready]').length === 11")
    assert tab.locator("div.comext-vega svg.marks").count() == 11 and tab.locator("div.comext-vega[data-chart]").count() == 4
    assert tab.locator("details.comext-table").count() == tab.locator("details.comext-table > table.comext-data").count() == 11
    shared_rows = tab.locator("figure:has(div.comext-vega[data-chart]) details.comext-table tbody tr")
    assert shared_rows.count() > 40
    aligns = tab.evaluate(
        """() => Array.from(document.querySelectorAll("figure:has(div[data-chart]) table.comext-data tbody tr:first-child td"))
            .slice(0, 8).map(td => getComputedStyle(td).textAlign)"""
    )
    # a Sankey's table: De, Vers, Code origine, Code destination (text), Valeur (M€), Valeur (€), Part du total (numbers), Flux principal
    assert [a == "right" for a in aligns] == [False] * 4 + [True] * 3 + [False], aligns


def test_every_chart_is_drawn_with_its_table_from_disk(site, tab):
    draws_every_chart_with_its_table(tab, (site / "pages" / "dep-29.html").as_uri())


def test_every_chart_is_drawn_with_its_table_over_http(site, browser):
    import functools
    import threading
    from http.server import SimpleHTTPRequestHandler, ThreadingHTTPServer

    class Quiet(SimpleHTTPRequestHandler):
        def log_message(self, *args) -> None:  # noqa: ANN002 (the test's output stays clean)
            pass

    server = ThreadingHTTPServer(("127.0.0.1", 0), functools.partial(Quiet, directory=str(site)))
    threading.Thread(target=server.serve_forever, daemon=True).start()
    base = f"http://127.0.0.1:{server.server_port}/"
    context = browser.new_context(viewport={"width": 1400, "height": 1000})
    context.set_default_timeout(120_000)
    outside: list[str] = []
    context.route(lambda url: not url.startswith(base), lambda route: (outside.append(route.request.url), route.abort()))
    tab = context.new_page()
    errors: list[str] = []
    tab.on("console", lambda m: errors.append(m.text) if m.type == "error" else None)
    try:
        draws_every_chart_with_its_table(tab, base + "pages/dep-29.html")
    finally:
        context.close()
        server.shutdown()
        server.server_close()
    assert errors == [] and outside == []

"""The site in Chromium: sortable tables, navigation by région, code one click away, chrome.

A small book (Bretagne's page and its four départements) is built from the project's skeleton in
a temporary root, then looked at in headless Chromium with every non-file request blocked.
"""

from __future__ import annotations

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

"""The site for every reader: axe-core finds nothing, in light and dark mode; charts stay readable
on a phone; the methodology's tables fit a laptop screen.

A book with Aude's fiche, Occitanie's and France's pages (plus the index and methodology, written
at each build) is built from the project's skeleton in a temporary root, served over HTTP on the
loopback (axe reads the style sheets, which a page from ``file://`` may not fetch) and looked at
in headless Chromium with every other request blocked. axe-core is the version pinned in
``package.json`` (``node_modules/axe-core``), run with the WCAG 2.0/2.1 A and AA rules and its
best practices.
"""

from __future__ import annotations

import threading
from functools import partial
from http.server import SimpleHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path

import pytest

from tests import PROJECT_ROOT
from tests.book import build_copy

ROOT = PROJECT_ROOT
AXE = ROOT / "node_modules" / "axe-core" / "axe.min.js"
AXE_TAGS = ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa", "best-practice"]
#: The pages axe checks: a fiche, a région, France, the index, the methodology.
PAGES = ("dep-11", "region-76", "france", "index", "methodologie")
#: Smallest text of a chart on screen, in CSS pixels.
MIN_TEXT_PX = 10
pytestmark = [pytest.mark.slow, pytest.mark.browser]


@pytest.fixture(scope="module")
def site(tmp_path_factory, demo_data) -> Path:
    return build_copy(tmp_path_factory.mktemp("a11y"), demo_data, "--only", "11,R76,france")


class QuietHandler(SimpleHTTPRequestHandler):
    def log_message(self, format: str, *args: object) -> None:  # no log line per request
        pass


@pytest.fixture(scope="module")
def server(site):
    """The built site over HTTP on the loopback; yields its address."""
    httpd = ThreadingHTTPServer(("127.0.0.1", 0), partial(QuietHandler, directory=str(site)))
    thread = threading.Thread(target=httpd.serve_forever, daemon=True)
    thread.start()
    yield f"http://127.0.0.1:{httpd.server_address[1]}"
    httpd.shutdown()
    httpd.server_close()
    thread.join()


@pytest.fixture
def open_page(browser, server):
    """Opens ``pages/<slug>.html`` in a new tab: colour ``mode`` (pydata-sphinx-theme reads it
    from localStorage, where its switcher leaves it), offline, charts drawn. At the end, no tab
    logged a console error."""
    contexts, errors = [], []

    def open_(slug: str, *, width: int = 1280, mode: str = "light"):
        context = browser.new_context(viewport={"width": width, "height": 900})
        context.set_default_timeout(120_000)  # a safety net under load: the waits are on states
        contexts.append(context)
        context.add_init_script(f"localStorage.setItem('mode', '{mode}'); localStorage.setItem('theme', '{mode}');")
        context.route(lambda url: not url.startswith(server + "/"), lambda route: route.abort())
        tab = context.new_page()
        tab.on("console", lambda m: errors.append(f"{slug}: {m.text}") if m.type == "error" else None)
        tab.goto(f"{server}/pages/{slug}.html")
        tab.wait_for_function("document.querySelectorAll('div.comext-vega:not([data-ready])').length === 0")
        assert tab.evaluate("document.documentElement.dataset.theme") == mode
        return tab

    yield open_
    for context in contexts:
        context.close()
    assert errors == []


def axe_violations(tab) -> list[dict]:
    tab.add_script_tag(path=str(AXE))
    return tab.evaluate(
        """async (tags) => {
            const result = await axe.run(document, {runOnly: {type: "tag", values: tags}});
            return result.violations.map(v => ({id: v.id, help: v.help, nodes: v.nodes.map(n => n.target.join(" "))}));
        }""",
        AXE_TAGS,
    )


def report(violations: list[dict]) -> str:
    return "\n".join(f"{v['id']} ({len(v['nodes'])}) : {v['help']}\n    " + "\n    ".join(v["nodes"]) for v in violations)


@pytest.mark.parametrize("mode", ["light", "dark"])
@pytest.mark.parametrize("slug", PAGES)
def test_axe_finds_nothing(open_page, slug, mode):
    violations = axe_violations(open_page(slug, mode=mode))
    assert violations == [], f"{slug}, mode {mode} :\n{report(violations)}"


def chart_texts(tab) -> list[dict]:
    """Every non-empty text of every chart: its font size, the chart's scale on screen, its height."""
    return tab.evaluate(
        """() => Array.from(document.querySelectorAll("div.comext-vega svg.marks")).flatMap(svg => {
            const scale = svg.getBoundingClientRect().width / parseFloat(svg.getAttribute("width"));
            const chart = svg.closest("div.comext-vega").dataset.spec;
            return Array.from(svg.querySelectorAll("text")).filter(t => t.textContent.trim()).map(t => ({
                chart, text: t.textContent, size: parseFloat(getComputedStyle(t).fontSize), scale,
                height: t.getBoundingClientRect().height,
            }));
        })"""
    )


def chart_frames(tab) -> list[dict]:
    return tab.evaluate(
        """() => Array.from(document.querySelectorAll("div.comext-vega .chart-wrapper")).map(f => ({
            scrolls: f.scrollWidth > f.clientWidth, tabindex: f.getAttribute("tabindex"), role: f.getAttribute("role"),
            name: f.getAttribute("aria-label") || "",
        }))"""
    )


def test_on_a_phone_every_chart_text_is_readable_and_wide_charts_scroll(open_page):
    tab = open_page("dep-11", width=390)
    texts = chart_texts(tab)
    assert len({t["chart"] for t in texts}) == 11 and len(texts) > 100
    small = [t for t in texts if round(t["size"] * t["scale"], 2) < MIN_TEXT_PX or t["height"] < MIN_TEXT_PX]
    assert small == [], small[:5]
    frames = chart_frames(tab)
    assert len(frames) == 11 and all(f["scrolls"] for f in frames)  # 390 px: none fits at a readable size
    for frame in frames:  # a scrolling frame is a keyboard stop, named (by Vega: the chart's description)
        assert frame["tabindex"] == "0" and frame["role"] == "graphics-document" and "2024" in frame["name"]
    assert "Faire défiler" in tab.locator("div.comext-vega.comext-scrolls").first.evaluate("n => getComputedStyle(n, '::after').content")


def test_on_a_laptop_the_charts_fit_the_column_at_a_readable_size(open_page):
    tab = open_page("dep-11", width=1280)
    texts = chart_texts(tab)
    assert [t for t in texts if round(t["size"] * t["scale"], 2) < MIN_TEXT_PX] == []
    assert any(t["scale"] < 1 for t in texts)  # scaled down to the column, not drawn wider than it
    frames = chart_frames(tab)
    assert len(frames) == 11 and not any(f["scrolls"] for f in frames)
    assert all(f["tabindex"] is None for f in frames)  # no useless keyboard stop


def test_the_image_links_of_a_chart_work_from_the_keyboard(open_page):
    tab = open_page("dep-11")
    menu = tab.locator("#fig-dep-11-treemap .vega-embed > details > summary")
    assert menu.get_attribute("aria-label") == "Enregistrer le graphique en image (SVG ou PNG)"
    menu.focus()
    tab.keyboard.press("Enter")
    tab.keyboard.press("Tab")
    link = tab.locator("#fig-dep-11-treemap .vega-actions a").first
    assert link.evaluate("a => a === document.activeElement") and link.get_attribute("download") == "dep-11-treemap.svg"
    tab.wait_for_function("a => a.href.startsWith('blob:') || a.href.startsWith('data:')", arg=link.element_handle())


def test_the_methodology_tables_do_not_scroll_sideways_at_1280_px(open_page):
    tab = open_page("methodologie")
    tables = tab.evaluate(
        """() => Array.from(document.querySelectorAll("main table")).map(t => ({
            head: t.querySelector("th").textContent.trim(), width: t.scrollWidth,
            room: (t.closest(".pst-scrollable-table-container") || t.parentElement).clientWidth,
        }))"""
    )
    hashes = [t for t in tables if t["head"] == "Fichier"]
    assert len(hashes) == 1 and len(tables) >= 4
    assert [t for t in tables if t["width"] > t["room"]] == []
    sha = tab.locator("table.comext-files tbody tr td:nth-child(2) code").first
    assert len(sha.inner_text().replace("\n", "")) == 64  # wrapped on screen, whole in the text
    assert sha.locator("span.pre").evaluate("s => s.getClientRects().length") >= 2  # on several lines

"""An analyst opens a page's executed notebook in JupyterLab: every chart is drawn, offline.

``comext run 34`` executes Hérault's fiche in a temporary book, as an analyst would. JupyterLab,
pinned in ``requirements-lab.txt`` and installed by ``make test`` into ``.venv-lab`` (never into
``.venv``: README), serves that book on 127.0.0.1; headless Chromium, allowed to reach that server
only, opens the notebook as papermill left it (untrusted: JupyterLab runs none of its scripts)
with every cell attached (``windowingMode: none``), and every chart of the notebook must be drawn
by JupyterLab's own Vega renderer, with its title above and its table below.
"""

from __future__ import annotations

import json
import os
import secrets
import shutil
import subprocess
import sys
import time
from collections.abc import Iterator
from pathlib import Path

import nbformat
import pytest

from helpers.charts.output import VEGALITE_MIME
from tests import PROJECT_ROOT

pytestmark = [pytest.mark.slow, pytest.mark.browser]

LAB = PROJECT_ROOT / ".venv-lab" / "bin" / "jupyter-lab"
#: JupyterLab settings of the test: every cell attached (else cells out of view are not rendered),
#: no autosave (JupyterLab adds a PNG to each drawn Vega output), no news fetched.
SETTINGS = {
    "notebook-extension/tracker": {"windowingMode": "none"},
    "docmanager-extension/plugin": {"autosave": False},
    "apputils-extension/notification": {"fetchNews": "false", "checkForUpdates": False},
}
START_TIMEOUT = 120.0
NBSP = "\u00a0"


@pytest.fixture(scope="module")
def executed(tmp_path_factory, demo_data) -> Path:
    """Hérault's notebook executed by ``comext run 34`` in a copy of the book (the root returned)."""
    root = tmp_path_factory.mktemp("analyst")
    shutil.copy(PROJECT_ROOT / "_config.yml", root / "_config.yml")
    for name in ("notebooks", "parameters"):
        shutil.copytree(PROJECT_ROOT / name, root / name)
    exe = Path(sys.executable).with_name("comext")
    proc = subprocess.run([str(exe), "run", "34", "--data", str(demo_data)], cwd=root, check=False, capture_output=True, text=True, timeout=600)
    assert proc.returncode == 0, proc.stdout + proc.stderr
    assert (root / "pages" / "dep-34.ipynb").is_file()
    return root


def _write_settings(folder: Path) -> None:
    for name, values in SETTINGS.items():
        path = folder / "@jupyterlab" / f"{name}.jupyterlab-settings"
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(json.dumps(values), encoding="utf-8")


def _server_port(proc: subprocess.Popen, info: Path) -> int:
    """The port JupyterLab listens on (it chose it: ``port=0``), once its server file is written whole."""
    deadline = time.monotonic() + START_TIMEOUT
    while True:
        try:
            return int(json.loads(info.read_text(encoding="utf-8"))["port"])
        except (FileNotFoundError, ValueError, KeyError):  # not there yet, or being written
            pass
        assert time.monotonic() < deadline, "JupyterLab n'a pas démarré"
        try:
            proc.wait(timeout=0.1)  # returns at once if the server died, else waits a little
        except subprocess.TimeoutExpired:
            continue
        raise AssertionError(f"JupyterLab s'est arrêté (code {proc.returncode})")


@pytest.fixture(scope="module")
def lab(executed, tmp_path_factory) -> Iterator[str]:
    """JupyterLab serving the book on 127.0.0.1: the base URL and its token (``…/?token=``)."""
    assert LAB.is_file(), f"JupyterLab absent : {LAB} (make lab, que make test lance)"
    home = tmp_path_factory.mktemp("jupyter")
    _write_settings(home / "settings")
    token = secrets.token_hex(16)
    env = {**os.environ, "JUPYTER_CONFIG_DIR": str(home / "config"), "JUPYTER_DATA_DIR": str(home / "data"), "JUPYTER_RUNTIME_DIR": str(home / "runtime")}
    command = [
        str(LAB), "--no-browser", "--allow-root", "--ServerApp.ip=127.0.0.1", "--ServerApp.port=0", "--ServerApp.port_retries=0",
        f"--IdentityProvider.token={token}", f"--ServerApp.root_dir={executed}",
        f"--LabApp.user_settings_dir={home / 'settings'}", f"--LabApp.workspaces_dir={home / 'workspaces'}",
    ]
    log = (home / "server.log").open("w", encoding="utf-8")
    proc = subprocess.Popen(command, env=env, stdout=log, stderr=subprocess.STDOUT)
    try:
        port = _server_port(proc, home / "runtime" / f"jpserver-{proc.pid}.json")
        yield f"http://127.0.0.1:{port}/", token
    finally:
        proc.terminate()
        try:
            proc.wait(timeout=30)
        except subprocess.TimeoutExpired:
            proc.kill()
            proc.wait()
        log.close()


def charts_of(path: Path) -> list[str]:
    """The text fallbacks of the notebook's charts (« Graphique : <title> »): one per output holding a Vega-Lite spec."""
    notebook = nbformat.read(path, as_version=4)
    nbformat.validate(notebook)
    return [
        output["data"]["text/plain"] for cell in notebook.cells for output in cell.get("outputs", []) if VEGALITE_MIME in output.get("data", {})
    ]


def test_every_chart_of_the_executed_notebook_is_drawn_in_jupyterlab(executed, lab, tmp_path):
    from playwright.sync_api import sync_playwright

    fallbacks = charts_of(executed / "pages" / "dep-34.ipynb")
    assert len(fallbacks) == 11  # butterfly, treemap, 3 export and 3 import Sankeys, evolution, movers, US share: as on the site
    titles = [text.split(":", 1)[1].strip() for text in fallbacks]
    base, token = lab
    with sync_playwright() as p:
        browser = p.chromium.launch(executable_path=shutil.which("chromium"), args=["--no-sandbox", "--disable-gpu"])
        context = browser.new_context(viewport={"width": 1400, "height": 1000})
        outside: list[str] = []
        context.route(lambda url: not url.startswith(base), lambda route: (outside.append(route.request.url), route.abort()))
        tab = context.new_page()
        errors: list[str] = []
        tab.on("console", lambda m: errors.append(m.text) if m.type == "error" else None)
        tab.goto(f"{base}lab/tree/pages/dep-34.ipynb?token={token}")
        vega = tab.locator(".jp-RenderedVegaCommon5")
        tab.wait_for_function(
            f"document.querySelectorAll('.jp-RenderedVegaCommon5 svg.marks').length === {len(titles)}", timeout=180_000
        )
        assert vega.count() == len(titles)
        for index in range(len(titles)):
            marks = vega.nth(index).locator("svg .mark-rect path, svg .mark-area path, svg .mark-text text, svg .mark-bar path")
            assert marks.count() > 5, f"graphique {index} sans marques"
        notebook = tab.locator(".jp-Notebook")
        text = notebook.inner_text().replace(NBSP, " ")
        for title in titles:  # each title above its chart (JupyterLab shows the head's HTML)
            assert title.replace(NBSP, " ") in text
        assert not [fallback for fallback in fallbacks if fallback.replace(NBSP, " ") in text]  # no chart shown as its text
        assert tab.locator(".jp-RenderedHTMLCommon details table").count() == len(titles)  # the data tables
        assert "Région Occitanie — total des exportations" in text
        for index in range(len(titles)):  # the site's vega-embed options: French menu, export only (no editor online)
            assert sorted(vega.nth(index).locator(".vega-actions a").all_text_contents()) == ["Enregistrer en PNG", "Enregistrer en SVG"]
        tab.screenshot(path=str(tmp_path / "dep-34-jupyterlab.png"))
        browser.close()
    assert outside == []
    assert errors == []

"""Static files the site serves itself: vega, vega-lite, vega-embed and the page's chart script.

The site must work with no network: the chart libraries come from the npm registry at install
time (exact versions in ``package.json``/``package-lock.json``, installed by ``make`` with
``npm ci``), are checked against the versions Altair targets, and are concatenated with the
project's drawing script into **one** file, ``_static/comext-vega.js``. One file because
Jupyter Book adds every ``.js`` of ``_static`` to the pages in file-system order, and vega-embed
loaded before vega-lite breaks the charts. Nothing is ever fetched from a CDN.
"""

from __future__ import annotations

import json
from pathlib import Path

from ..common.errors import ConfigError
from ..common.paths import resources_dir
from .render import shared_config

BUNDLE = Path("_static") / "comext-vega.js"
#: (npm package, file inside it, Altair attribute giving the version it targets)
LIBRARIES = (
    ("vega", "build/vega.min.js", "VEGA_VERSION"),
    ("vega-lite", "build/vega-lite.min.js", "VEGALITE_VERSION"),
    ("vega-embed", "build/vega-embed.min.js", "VEGAEMBED_VERSION"),
)
PAGE_SCRIPT = "comext-charts.js"


def installed_version(root: Path, package: str) -> str:
    """Version of an npm package under ``<root>/node_modules`` (ConfigError if absent)."""
    manifest = root / "node_modules" / package / "package.json"
    if not manifest.is_file():
        raise ConfigError(
            f"Bibliothèque JavaScript absente : {package} (attendue dans {manifest.parent}). "
            "Lancer `make install` (ou `npm ci --ignore-scripts`) à la racine du projet."
        )
    return str(json.loads(manifest.read_text(encoding="utf-8"))["version"])


def check_versions(root: Path) -> dict[str, str]:
    """The installed versions, refused unless each matches what Altair targets (same prefix)."""
    import altair

    versions = {}
    for package, _, attribute in LIBRARIES:
        version = installed_version(root, package)
        wanted = str(getattr(altair, attribute))
        if version != wanted and not version.startswith(wanted + "."):
            raise ConfigError(f"{package} {version} installé, Altair {altair.__version__} attend {wanted} : mettre package.json à jour.")
        versions[package] = version
    return versions


def bundle_text(root: Path) -> str:
    """The concatenated libraries, the charts' shared config, then the page script, each introduced by a comment."""
    versions = check_versions(root)
    parts = []
    for package, member, _ in LIBRARIES:
        code = (root / "node_modules" / package / member).read_text(encoding="utf-8")
        code = code.split("\n//# sourceMappingURL=")[0]  # the maps are not shipped
        parts.append(f"/* {package} {versions[package]} */\n{code}\n;")
    config = json.dumps(shared_config(), ensure_ascii=False, separators=(",", ":"))
    parts.append(f"/* the charts' shared look (helpers.charts.render.shared_config) */\nwindow.comextChartConfig = {config};")
    parts.append((resources_dir() / PAGE_SCRIPT).read_text(encoding="utf-8"))
    return "\n".join(parts)


def install(root: Path) -> list[Path]:
    """Write ``_static/comext-vega.js`` (only when its content changed); returns it.

    Also makes sure ``extra/`` (the chart CSVs, published by ``html_extra_path``) exists.
    """
    (root / "extra").mkdir(exist_ok=True)
    target = root / BUNDLE
    text = bundle_text(root)
    if not target.is_file() or target.read_text(encoding="utf-8") != text:
        target.parent.mkdir(parents=True, exist_ok=True)
        tmp = target.with_suffix(".tmp")
        tmp.write_text(text, encoding="utf-8")
        tmp.replace(target)
    return [target]

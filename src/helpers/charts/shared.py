"""Charts that several pages show, served once: one small script per chart, loaded by each page.

A région's and France's Sankeys are the same on every fiche of the région (and on the région's and
France's own pages): inline, their specs and data tables would be repeated a hundred times. Such
a chart (a result of :mod:`helpers.charts.cache`, which carries a ``key``) is written once as
``extra/graphiques/<digest>.js`` (published as ``graphiques/<digest>.js`` by ``html_extra_path``,
beside ``donnees/``), named by the digest of its content, and each page's block loads it with a
``<script src>``, which browsers run from ``file://`` as over HTTP (they refuse to *fetch* a data
file from disk, not to run a script).

The file calls ``comextChart(digest, {"spec": …, "table": …})``, defined by the site's chart script
(``comext-charts.js``, loaded in the page's head): it keeps the spec for the chart's
``<div class="comext-vega" data-chart="digest">`` and puts the table into the figure's
``<details class="comext-table">``, while the page is parsed, before the charts are drawn (the
``<script src>`` ends the figure's caption, after that table).
"""

from __future__ import annotations

import hashlib
import json
import os
import re
from pathlib import Path

from ..common.paths import EXTRA

#: Folder of the shared charts, under ``extra/`` and at the site's root.
FOLDER = "graphiques"
#: Hexadecimal digits of a file's name (a SHA-256 prefix of its content: 80 bits).
DIGEST_LENGTH = 20
#: A page's reference to a shared chart, as :func:`script_tag` writes it.
REFERENCE = re.compile(r'<script src="\.\./' + FOLDER + r'/([0-9a-f]{' + str(DIGEST_LENGTH) + r"})\.js\"></script>")


def script_text(digest: str, spec_json: str, table: str) -> str:
    """The content of a shared chart's file, named ``digest``: ``spec_json`` (the spec as JSON,
    :func:`helpers.charts.render.spec_json`) and ``table`` (its data table's HTML) passed to
    ``comextChart``."""
    table_json = json.dumps(table, ensure_ascii=False)
    return f'comextChart("{digest}",{{"spec":{spec_json},"table":{table_json}}});\n'


def chart_digest(spec_json: str, table: str) -> str:
    """The name of the chart made of ``spec_json`` and ``table``: the first :data:`DIGEST_LENGTH`
    hexadecimal digits of their SHA-256 (any change of the chart, or of how it is written, changes it)."""
    content = json.dumps([spec_json, table], ensure_ascii=False).encode("utf-8")
    return hashlib.sha256(content).hexdigest()[:DIGEST_LENGTH]


def file_path(root: Path, digest: str) -> Path:
    """Where the chart ``digest`` is written under the book's ``root``: ``extra/graphiques/<digest>.js``."""
    return root / EXTRA / FOLDER / f"{digest}.js"


def script_tag(digest: str) -> str:
    """The page's ``<script src>`` loading the chart ``digest`` (pages live one folder under the site's root)."""
    return f'<script src="../{FOLDER}/{digest}.js"></script>'


def write(root: Path, digest: str, text: str) -> Path:
    """Write the chart's file under ``root`` unless it is there (its name is its content's digest).

    Several workers may write the same chart at once: each writes its own temporary file (named
    after its process) and renames it over the target, so that a reader never sees half a file.
    """
    path = file_path(root, digest)
    if not path.is_file():
        path.parent.mkdir(parents=True, exist_ok=True)
        tmp = path.with_name(f"{digest}.{os.getpid()}.tmp")
        tmp.write_text(text, encoding="utf-8")
        tmp.replace(path)
    return path


def referenced(html: str) -> list[str]:
    """The digests of the shared charts a page's HTML loads, in order of appearance."""
    return REFERENCE.findall(html)


#: A shared chart's file name wherever it is written (a page's HTML, a notebook's escaped JSON).
_NAME = re.compile(rb"/" + FOLDER.encode() + rb"/([0-9a-f]{" + str(DIGEST_LENGTH).encode() + rb"})\.js")


def in_use(notebooks: Path) -> set[str]:
    """The digests of the shared charts that the executed notebooks in the folder ``notebooks`` load."""
    return {m.decode() for path in notebooks.glob("*.ipynb") for m in _NAME.findall(path.read_bytes())}


def prune(folder: Path, keep: set[str]) -> list[Path]:
    """Delete from ``folder`` (``extra/graphiques``, or the site's ``graphiques``) every file that is
    not a chart of ``keep``: charts no page loads any more (an older version of a chart keeps its
    file, named by its former digest) and temporary files a killed worker left; returns them.

    Only while no page executes (a worker may be writing a chart that no notebook names yet).
    """
    if not folder.is_dir():
        return []
    gone = [path for path in folder.iterdir() if path.is_file() and not (path.suffix == ".js" and path.stem in keep)]
    for path in gone:
        path.unlink()
    return sorted(gone)

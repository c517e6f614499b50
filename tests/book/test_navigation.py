"""The sidebar stays small as the book grows: a page's HTML at 400 pages ≤ 1.5 × at 100 pages.

Two synthetic books (markdown pages, the project's ``_config.yml`` and the toc shape of the real
one: captions, then groups whose page has the others as sections) are built with Jupyter Book;
the same page's HTML is compared. With the theme's ``collapse_navbar`` the sidebar of a page
holds the top-level entries and its own branch only; without it, every page would carry the
whole tree.
"""

from __future__ import annotations

import shutil
import subprocess
import sys
from pathlib import Path

import pytest
import yaml

from tests import PROJECT_ROOT

ROOT = PROJECT_ROOT
pytestmark = pytest.mark.slow
GROUPS = 13
MAX_RATIO = 1.5


def make_book(root: Path, pages: int, groups: int = GROUPS) -> Path:
    """A book of ``pages`` pages: an index, ``groups`` group pages, the rest as their sections."""
    (root / "pages").mkdir(parents=True)
    (root / "extra").mkdir()
    shutil.copy(ROOT / "_config.yml", root / "_config.yml")
    (root / "_static").mkdir()
    for name in ("favicon.svg", "comext.css"):
        shutil.copy(ROOT / "_static" / name, root / "_static" / name)
    (root / "pages" / "index.md").write_text("# Livre d'essai\n\nUne page d'accueil.\n", encoding="utf-8")
    leaves = pages - 1 - groups
    chapters = []
    for g in range(groups):
        (root / "pages" / f"groupe-{g:02d}.md").write_text(f"# Groupe {g}\n\nLa page du groupe {g}.\n", encoding="utf-8")
        sections = []
        for i in range(g, leaves, groups):
            text = f"# Page {i} du groupe {g}\n\n## Une section\n\nQuelques mots sur la page {i}.\n\n## Une autre\n\nEt encore.\n"
            (root / "pages" / f"page-{i:03d}.md").write_text(text, encoding="utf-8")
            sections.append({"file": f"pages/page-{i:03d}", "title": f"Page {i}"})
        chapters.append({"file": f"pages/groupe-{g:02d}", "title": f"Groupe {g}", "sections": sections})
    toc = {"format": "jb-book", "root": "pages/index",
           "parts": [{"caption": "France et régions", "chapters": chapters}, {"caption": "Méthode", "chapters": [{"file": "pages/methode"}]}]}
    (root / "pages" / "methode.md").write_text("# Méthode\n\nLa méthode.\n", encoding="utf-8")
    (root / "_toc.yml").write_text(yaml.safe_dump(toc, allow_unicode=True, sort_keys=False), encoding="utf-8")
    exe = Path(sys.executable).with_name("jupyter-book")
    proc = subprocess.run([str(exe), "build", str(root), "-W", "-n", "--keep-going"], check=False, capture_output=True, text=True, cwd=root, timeout=900)
    assert proc.returncode == 0, proc.stdout[-3000:] + proc.stderr[-3000:]
    return root / "_build" / "html"


def sidebar(html: str) -> str:
    start = html.index('<nav class="bd-links')
    return html[start : html.index("</nav>", start)]


def test_page_size_stays_flat_from_100_to_400_pages(tmp_path):
    small = make_book(tmp_path / "p100", 100)
    large = make_book(tmp_path / "p400", 400)
    page = "pages/page-000.html"  # the first page of the first group
    sizes = {n: len((site / page).read_bytes()) for n, site in ((100, small), (400, large))}
    print(f"\nHTML de {page} : {sizes[100]} octets à 100 pages, {sizes[400]} octets à 400 pages (× {sizes[400] / sizes[100]:.2f})")
    assert sizes[400] <= MAX_RATIO * sizes[100], sizes
    # the sidebar holds the groups and the current branch, not the other groups' pages
    nav = sidebar((large / page).read_text(encoding="utf-8"))
    assert nav.count("groupe-") == GROUPS and "page-001.html" not in nav and "page-013.html" in nav

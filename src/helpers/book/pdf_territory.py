"""The PDFs of the Territoires d'industrie's pages: generated Markdown (no notebook), same layout.

A territory's page (``pages/territoire-<RRNN>.md``, :mod:`helpers.book.territory_pages`) is
Markdown computed by the build; its PDF is that Markdown set by Typst in the fiches' layout
(:mod:`pdf_document`: running header and footer, title band, tables), with the sections it has.
It is written into ``extra/pdf/<slug>.pdf`` beside the fiches' PDFs (published with the site,
offered under the page's title by :mod:`helpers.book.sphinx_site`), only when the page's text
or the code changed: ``_build/pdf-stamps/<slug>`` holds the digest it was made from.
"""

from __future__ import annotations

import hashlib
import re
from pathlib import Path

from ..common import typography
from .execute import PAGES
from .pdf import PUBLISHED, STAMPS, creation_date, is_synthetic, write
from .pdf_document import Running, compile_pdf, preamble
from .pdf_markup import markdown

#: The territories' pages among the generated pages.
PATTERN = "territoire-*.md"


def title_of(text: str) -> str:
    """The page's first heading (plain text), « » when it has none."""
    found = re.search(r"^#\s+(.+)$", text, re.MULTILINE)
    return found[1].strip().replace("\\", "") if found else ""


def render_markdown(text: str, *, year: int, data_dir: Path, root: Path) -> bytes:
    """The A4 PDF (bytes) of a generated Markdown page, in the fiches' layout."""
    running = Running(
        title=title_of(text),
        year=str(year),
        source=typography.text("DGDDI (douanes) ; traitement : comext"),
        demo=is_synthetic(data_dir),
        date=creation_date(data_dir, year),
    )
    return compile_pdf(preamble(running) + "\n" + markdown(text) + "\n", root)


def stamp_of(text: str, year: int, data_dir: Path) -> str:
    """SHA-256 (hex) of what a territory's PDF is made of: its text, year, data kind and date, and
    the PDF code (the layout and the Markdown converter)."""
    code = b"".join(Path(__file__).with_name(name).read_bytes() for name in ("pdf_territory.py", "pdf_document.py", "pdf_markup.py"))
    facts = f"{year}|{is_synthetic(data_dir)}|{creation_date(data_dir, year)}".encode()
    return hashlib.sha256(code + facts + text.encode("utf-8")).hexdigest()


def publish(root: Path, *, year: int, data_dir: Path, make: bool = True) -> list[str]:
    """Write the PDF of every territory page whose PDF is missing or made from another text; remove
    the PDFs of territories no longer in the book. The slugs (re)made, in order. Without ``make``
    (``comext build --no-pdf``) a PDF made from another text is removed instead, never remade."""
    made: list[str] = []
    pages = sorted((root / PAGES).glob(PATTERN))
    for page in pages:
        text = page.read_text(encoding="utf-8")
        slug, digest = page.stem, stamp_of(text, year, data_dir)
        target, stamp = root / PUBLISHED / f"{page.stem}.pdf", root / STAMPS / page.stem
        if target.is_file() and stamp.is_file() and stamp.read_text(encoding="utf-8") == digest:
            continue
        if not make:
            target.unlink(missing_ok=True)
            continue
        write(render_markdown(text, year=year, data_dir=data_dir, root=root), target)
        stamp.parent.mkdir(parents=True, exist_ok=True)
        stamp.write_text(digest, encoding="utf-8")
        made.append(slug)
    drop_orphans(root, {p.stem for p in pages})
    return made


def drop_orphans(root: Path, present: set[str]) -> None:
    """Remove the published PDFs (and stamps) of territories whose page is gone."""
    for old in (root / PUBLISHED).glob("territoire-*.pdf"):
        if old.stem not in present:
            old.unlink()
            (root / STAMPS / old.stem).unlink(missing_ok=True)

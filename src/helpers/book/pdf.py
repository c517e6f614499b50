"""``comext pdf <page>``: the A4 PDF of a page, from its executed notebook.

The PDF reuses what the page's executed notebook (``pages/<slug>.ipynb``) holds — its texts, its
charts' Vega-Lite specs, its tables — and executes the page first (as ``comext run`` does:
:func:`helpers.book.execute.execute_page`) only when the notebook is missing or out of date, that
is when its stored fingerprint is not that of the current inputs (the rule of ``comext build``).

:func:`render` is the whole of it for one notebook: body (:mod:`pdf_content`), SVGs
(:mod:`pdf_charts`), layout and typesetting (:mod:`pdf_document`). The PDF is written under a
temporary name and renamed: a reader never gets half a file.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import json
import os
import re
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from ..common import typography
from ..common.errors import ConfigError
from ..data import provenance
from ..fiche.parameters import PageParameters
from .pdf_charts import svg
from .pdf_content import body, page_text
from .pdf_document import Running, compile_pdf, preamble

#: The executed notebooks (as :data:`helpers.book.execute.PAGES`, which this module imports only
#: when a page must be executed: ``comext pdf`` of a current page needs neither papermill nor the
#: template's modules).
PAGES = Path("pages")
#: Default folder of the PDFs and of the SVG cache shared by every page (under the book's root).
OUT = Path("_build") / "pdf"
SVG_CACHE = Path("_build") / "pdf-svg"


@dataclass(frozen=True)
class PdfResult:
    path: Path  # the PDF written
    executed: bool  # the page had to be executed first
    size: int  # bytes


def creation_date(data_dir: Path, year: int) -> dt.date:
    """The PDF's date, from the data: the latest download date of the data files (official files),
    else 31 December of the data year (demonstration data: nothing was downloaded)."""
    prov = provenance.read(data_dir)
    dates = sorted(f.downloaded for f in (prov.files if prov else []) if f.downloaded)
    return dt.date.fromisoformat(dates[-1][:10]) if dates else dt.date(year, 12, 31)


def is_synthetic(data_dir: Path) -> bool:
    """True unless the data folder's provenance says its files are official (as ``ctx.synthetic``)."""
    prov = provenance.read(data_dir)
    return prov is None or prov.synthetic


def read_notebook(path: Path) -> Any:
    """An executed notebook (nbformat 4, as the build writes it), read without nbformat's schema
    validation (≈ 0.15 s a page: the build has just written and validated it)."""
    from nbformat import from_dict

    with path.open(encoding="utf-8") as handle:
        return from_dict(json.load(handle))


def render(notebook_path: Path, *, data_dir: Path, svg_cache: Path) -> bytes:
    """The PDF (bytes) of an executed page's notebook; charts converted once into ``svg_cache``."""
    notebook = read_notebook(notebook_path)
    text = page_text(notebook)
    year = int(text.year) if text.year.isdigit() else dt.date.today().year
    synthetic = is_synthetic(data_dir)
    running = Running(
        title=text.title,
        year=text.year,
        source=typography.text("DGDDI (douanes) ; traitement : comext"),
        demo=synthetic,
        date=creation_date(data_dir, year),
    )
    svg_cache.mkdir(parents=True, exist_ok=True)

    def chart_file(spec: dict, locale: dict | None) -> str:
        return svg(spec, locale, svg_cache).name

    def image_file(data: bytes, extension: str) -> str:
        path = svg_cache / f"{hashlib.sha256(data).hexdigest()[:32]}.{extension}"
        if not path.is_file():
            path.write_bytes(data)
        return path.name

    source = preamble(running) + "\n" + body(notebook, chart_file, image_file) + "\n"
    return compile_pdf(source, svg_cache)


def write(pdf: bytes, target: Path) -> None:
    """Write ``pdf`` to ``target`` atomically; ConfigError (one French sentence) if impossible."""
    try:
        target.parent.mkdir(parents=True, exist_ok=True)
        partial = target.with_name(f".{target.name}.{os.getpid()}")
        partial.write_bytes(pdf)
        partial.replace(target)
    except OSError as exc:
        raise ConfigError(f"impossible d’écrire le PDF dans {target.parent} ({exc.strerror or exc}) : choisir un autre dossier avec --out.") from None


def current(params: PageParameters, *, root: Path, data_dir: Path, cache: Path) -> bool:
    """True when the page's executed notebook carries the fingerprint of the current inputs."""
    from .execute import fingerprint, stored_fingerprint

    stored = stored_fingerprint(root / PAGES / f"{params.slug}.ipynb")
    return stored is not None and stored == fingerprint(params, root=root, data_dir=data_dir, cache=cache)


def page_pdf(params: PageParameters, *, root: Path, data_dir: Path, cache: Path, out_dir: Path | None = None) -> PdfResult:
    """The PDF of ``params``' page in ``out_dir`` (default ``<root>/_build/pdf``), executing the
    page first when its notebook is missing or out of date.

    Raises ConfigError for a page whose execution failed (naming its cell and error) or an
    ``out_dir`` that cannot be written.
    """
    out_dir = out_dir if out_dir is not None else root / OUT
    check_writable(out_dir)
    executed = False
    if not current(params, root=root, data_dir=data_dir, cache=cache):
        from .execute import execute_page
        from .plan import check_years

        check_years([params], cache)
        result = execute_page(params, root=root, data_dir=data_dir, cache=cache)
        if not result.ok:
            where = f" (cellule {result.cell})" if result.cell is not None else ""
            raise ConfigError(f"la fiche {params.slug} a échoué{where} : {result.error} ; pas de PDF.")
        executed = True
    pdf = render(root / PAGES / f"{params.slug}.ipynb", data_dir=data_dir, svg_cache=root / SVG_CACHE)
    target = out_dir / f"{params.slug}.pdf"
    write(pdf, target)
    return PdfResult(target, executed, len(pdf))


def check_writable(folder: Path) -> None:
    """ConfigError before any work when ``folder`` cannot be created or written."""
    try:
        folder.mkdir(parents=True, exist_ok=True)
    except OSError as exc:
        raise ConfigError(f"impossible de créer le dossier {folder} ({exc.strerror or exc}) : choisir un autre dossier avec --out.") from None
    if not folder.is_dir() or not os.access(folder, os.W_OK | os.X_OK):
        raise ConfigError(f"impossible d’écrire dans le dossier {folder} : choisir un autre dossier avec --out.")


# --- In the book: every page's PDF, published with the site ---------------------------------------

#: Where ``comext build`` writes each page's PDF: ``extra/`` is copied as it is into the site
#: (``html_extra_path``), so the PDFs are published with it, atomically (``pdf/<slug>.pdf``).
PUBLISHED = Path("extra") / "pdf"
#: The fingerprint of the notebook each published PDF was made from (one small file per page).
STAMPS = Path("_build") / "pdf-stamps"


def published_current(slug: str, root: Path) -> bool:
    """True when ``extra/pdf/<slug>.pdf`` was made from the page's notebook as it is now."""
    from .execute import stored_fingerprint

    stamp = root / STAMPS / slug
    stored = stored_fingerprint(root / PAGES / f"{slug}.ipynb")
    return stored is not None and (root / PUBLISHED / f"{slug}.pdf").is_file() and stamp.is_file() and stamp.read_text(encoding="utf-8") == stored


def publish_page_pdf(slug: str, *, root: Path, data_dir: Path) -> bool:
    """Write the PDF of the executed page ``slug`` into the site's sources unless it is current;
    True when it was (re)made. The notebook's fingerprint covers the code, the PDF code included:
    a PDF changes only with its page."""
    from .execute import stored_fingerprint

    if published_current(slug, root):
        return False
    pdf = render(root / PAGES / f"{slug}.ipynb", data_dir=data_dir, svg_cache=root / SVG_CACHE)
    write(pdf, root / PUBLISHED / f"{slug}.pdf")
    stamp = root / STAMPS / slug
    stamp.parent.mkdir(parents=True, exist_ok=True)
    stamp.write_text(stored_fingerprint(root / PAGES / f"{slug}.ipynb") or "", encoding="utf-8")
    return True


def drop_stale_pdf(slug: str, root: Path) -> bool:
    """Remove the published PDF of ``slug`` (and its stamp) unless it was made from the page's
    current notebook; True when one was removed. A build without PDFs calls it for each page it
    executes, so that the site never offers a PDF older than its page."""
    published = root / PUBLISHED / f"{slug}.pdf"
    if not published.is_file() or published_current(slug, root):
        return False
    published.unlink()
    (root / STAMPS / slug).unlink(missing_ok=True)
    return True


def size_label(size: int) -> str:
    """A file size for readers, in French: « 879 ko », « 1,2 Mo » (1 ko = 1 000 octets)."""
    from ..common.formatting import NBSP

    if size < 1_000_000:
        return f"{max(1, round(size / 1000))}{NBSP}ko"
    return f"{size / 1_000_000:.1f}".replace(".", ",") + f"{NBSP}Mo"


#: A listing's link to a page's PDF (:func:`pdf_cell`): the site completes it with the PDF's size,
#: or puts « — » in its place when the build made none (:mod:`helpers.book.sphinx_site`).
PDF_CELL = re.compile(r'<a class="comext-pdf-size" href="(?P<href>[^"]*?(?P<name>[\w-]+\.pdf))" download>PDF</a>')


def pdf_cell(slug: str, depth: int = 1) -> str:
    """The link to the PDF of page ``slug`` from a page ``depth`` folders deep (« PDF, 900 ko » in the site)."""
    return f'<a class="comext-pdf-size" href="{"../" * depth}pdf/{slug}.pdf" download>PDF</a>'

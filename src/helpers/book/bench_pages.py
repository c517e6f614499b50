"""The pages series of the benchmark (``comext bench --pages``): how cost grows with pages.

The site is built from scratch three times, each in a copy of the book holding 25 %, 50 % and
100 % of the départements' parameter files (every 4th, every 2nd, all, in code order: the smaller
sets are part of the larger ones, and each mixes small and large départements), the pages of the
régions that have at least one of them, and the France page — the site the build makes of such
a ``parameters/`` folder (its toc, index, map and territory pages cover those pages only). The
demonstration data is generated once, outside the timings; each build reads and caches it again.

A subset of ``parameters/`` rather than ``comext build --only``: ``--only`` keeps the other pages in
the site (as « page pas encore calculée » notices, which Jupyter Book still builds), so Jupyter
Book's cost would not follow the number of pages.

The subsets' région and France pages link to départements (and territories) left out, which
Sphinx reports as missing references — errors in this book's builds: the series builds with
``--keep-going`` and accepts a build that published its site (:func:`published`); Jupyter Book
still reads and writes every page of the subset.

Reported: for each fraction the pages executed, the site's HTML pages, the build and its
execution and Jupyter Book parts; then the marginal cost per executed page of the execution and
of Jupyter Book (:func:`marginal`), and the 100 % build against the 25 % one (:func:`ratio`;
linear: ≤ :data:`RATIO_TARGET`).
"""

from __future__ import annotations

import os
import tempfile
import time
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

from ..common.formatting import format_number

FRACTIONS = (0.25, 0.5, 1.0)
#: The 100 % build ÷ the 25 % build (issue 16: linear cost, 4 × the pages, some slack).
RATIO_TARGET = 4.4


@dataclass
class PagesFigures:
    """One fraction's build, seconds unless stated."""

    fraction: float
    pages: int = 0  # pages executed (départements, régions, France)
    site_pages: int = 0  # HTML pages of the site (territories, index… included)
    build_seconds: float = 0.0
    execute_seconds: float = 0.0
    book_seconds: float = 0.0


def subset(items: list[str], fraction: float) -> list[str]:
    """Every (1/``fraction``)-th item, the last of each run: ``fraction`` of ``items`` (rounded down), the
    smaller fractions' items among the larger ones' when one fraction divides the other."""
    return [item for i, item in enumerate(items) if int((i + 1) * fraction) > int(i * fraction)]


def marginal(points: list[tuple[int, float]]) -> float:
    """Cost of one more page between the smallest and largest (pages, seconds) points: Δ seconds ÷ Δ pages."""
    (low_pages, low), (high_pages, high) = min(points), max(points)
    return (high - low) / (high_pages - low_pages) if high_pages != low_pages else 0.0


def ratio(small: float, large: float) -> float:
    """``large`` ÷ ``small`` (0 when ``small`` is 0)."""
    return large / small if small else 0.0


def keep_pages(parameters_dir: Path, fraction: float) -> int:
    """Delete, in ``parameters_dir``, the parameter files of the départements outside ``fraction``
    (:func:`subset`) and of the régions left without any; the France page stays. Returns the pages kept."""
    from ..fiche.parameters import read_all

    pages = read_all(parameters_dir)
    units = sorted((p for p in pages if p.place.kind == "unit"), key=lambda p: p.slug)
    kept_units = set(subset([u.slug for u in units], fraction))
    regions = {p.place.region.slug for p in units if p.slug in kept_units}
    kept = 0
    for p in pages:
        if p.slug in kept_units or p.slug in regions or p.place.kind == "france":
            kept += 1
        else:
            (parameters_dir / f"{p.slug}.yml").unlink()
    return kept


def published(returncode: int, stdout: str) -> bool:
    """Whether a ``comext build --keep-going`` published its site: it succeeded, or it printed the
    site's path (a subset's région and France pages link to pages left out: Sphinx reports these
    links as missing, and the build, warnings being errors, publishes with ``--keep-going`` only)."""
    return returncode == 0 or any(line.startswith("site: ") for line in stdout.splitlines())


def measure(source: Path, *, log: Callable[[str], object] = print, jobs: int | None = None, fractions: tuple[float, ...] = FRACTIONS) -> list[PagesFigures]:
    """Each fraction's build from scratch (see the module's doc), in temporary copies of the book."""
    from .bench import _checked, comext, copy_book, parse_summary

    found = []
    with tempfile.TemporaryDirectory(prefix="comext-bench-pages-") as tmp:
        data_dir = Path(tmp) / "demo"
        log("Données de démonstration (une fois, hors mesure)…")
        _checked(comext(copy_book(source, _folder(Path(tmp) / "data-book")), "data", "demo", "--out", str(data_dir)), "data demo")
        for fraction in fractions:
            root = copy_book(source, _folder(Path(tmp) / f"book-{int(fraction * 100)}"))
            figures = PagesFigures(fraction)
            keep_pages(root / "parameters", fraction)
            log(f"{format_number(fraction * 100, 0, drop_zero_decimals=True)} % des pages : site complet depuis zéro (comext build)…")
            run = comext(root, "build", "--data", str(data_dir), "--quiet", "--keep-going", *(["--jobs", str(jobs)] if jobs else []))
            if not published(run.returncode, run.stdout):
                _checked(run, "build")
            figures.build_seconds = run.seconds
            figures.pages, figures.execute_seconds, figures.book_seconds = parse_summary(run.stderr)
            figures.site_pages = sum(1 for _ in (root / "_build" / "html").rglob("*.html"))
            log(f"{format_number(fraction * 100, 0, drop_zero_decimals=True)} % : {figures}")  # each fraction's figures as soon as measured
            found.append(figures)
    return found


def _folder(path: Path) -> Path:
    path.mkdir(parents=True)
    return path


def rows(series: list[PagesFigures]) -> list[list[str]]:
    """Rows of the report: measure, one value per fraction, then the marginal costs and the ratio."""

    def num(value: float, digits: int = 1) -> str:
        return format_number(value, digits, drop_zero_decimals=False)

    blank = [""] * (len(series) - 1)
    execute = marginal([(f.pages, f.execute_seconds) for f in series])
    book = marginal([(f.pages, f.book_seconds) for f in series])
    whole = marginal([(f.pages, f.build_seconds) for f in series])
    first, last = series[0], series[-1]
    growth = ratio(first.build_seconds, last.build_seconds)
    label = f"Construction à {num(last.fraction * 100, 0)} % ÷ à {num(first.fraction * 100, 0)} %"
    return [
        ["Fiches exécutées", *(str(f.pages) for f in series), ""],
        ["Pages HTML du site (territoires, index… compris)", *(str(f.site_pages) for f in series), ""],
        ["Site complet depuis zéro (comext build)", *(f"{num(f.build_seconds)} s" for f in series), ""],
        ["  dont exécution des fiches", *(f"{num(f.execute_seconds)} s" for f in series), ""],
        ["  dont Jupyter Book et publication", *(f"{num(f.book_seconds)} s" for f in series), ""],
        ["  dont le reste (données, cache, vérifications)", *(f"{num(f.build_seconds - f.execute_seconds - f.book_seconds)} s" for f in series), ""],
        ["Coût marginal par fiche : exécution", f"{num(execute, 2)} s", *blank, ""],
        ["Coût marginal par fiche : Jupyter Book (ses territoires compris)", f"{num(book, 2)} s", *blank, ""],
        ["Coût marginal par fiche : construction entière", f"{num(whole, 2)} s", *blank, ""],
        [label, f"×{num(growth, 2)}", *blank, f"{'✓' if growth <= RATIO_TARGET else '✗'} ≤ {num(RATIO_TARGET, 1)}"],
    ]


def series_table(what: str, columns: list[str], body: list[list[str]], *, cores: int | None = None, load: float | None = None):  # noqa: ANN201 (rich.table.Table)
    """A series' report as a rich table: « Coût selon <what> », one column per point of the
    series, with the cores, the load average and the date in the title (shared with
    :mod:`helpers.book.bench_scale`)."""
    from rich.table import Table

    cores = cores or os.cpu_count() or 1
    load = os.getloadavg()[0] if load is None else load
    title = f"Coût selon {what} ({cores} cœurs, charge {format_number(load, 1, drop_zero_decimals=False)}, {time.strftime('%Y-%m-%d')})"
    shown = Table("Mesure", *columns, "Cible", title=title)
    for row in body:
        shown.add_row(*row)
    return shown


def table(series: list[PagesFigures], *, cores: int | None = None, load: float | None = None):  # noqa: ANN201 (rich.table.Table)
    """The report as a rich table: one column per fraction of the pages, with cores, load and date in the title."""
    columns = [f"{format_number(f.fraction * 100, 0, drop_zero_decimals=True)} %" for f in series]
    return series_table("le nombre de pages", columns, rows(series), cores=cores, load=load)

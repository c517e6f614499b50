"""The PDF of the Aude page, from its executed notebook (executed first: it is missing), then
again from the notebook as it is (current): A4, text in reading order, fonts embedded, alt texts,
same bytes, at most 1.5 MB; the date comes from the data."""

from __future__ import annotations

import datetime as dt
import json
import re
import shutil
import subprocess
from pathlib import Path

import pytest

from helpers.book import pdf
from helpers.fiche import parameters
from tests import PROJECT_ROOT

#: The Aude page’s section headings, in the template’s order (pdftotext puts each on its own line;
#: no-break spaces read as spaces).
HEADINGS = [
    "Introduction",
    "Les Territoires d’industrie du département",
    "Contexte et méthodologie",
    "Balance commerciale territoriale",
    "Exportations",
    "Exportations : la région et la France entière",
    "Importations",
    "Importations : la région et la France entière",
    "Évolution sur plusieurs années",
    "Informations pratiques",
]


def poppler(tool: str, path: Path, *args: str) -> str:
    return subprocess.run([tool, *args, str(path)] + (["-"] if tool == "pdftotext" else []), capture_output=True, text=True, check=True).stdout


def spaced(text: str) -> str:
    """``text`` with every run of spaces (no-break ones included) and line breaks as one space."""
    return re.sub(r"[\s\u00a0\u202f]+", " ", text)


@pytest.fixture(scope="module")
def book_root(tmp_path_factory) -> Path:
    root = tmp_path_factory.mktemp("book")
    for name in ("_config.yml", "_toc.yml"):
        shutil.copy(PROJECT_ROOT / name, root / name)
    for name in ("notebooks", "parameters"):
        shutil.copytree(PROJECT_ROOT / name, root / name)
    return root


@pytest.fixture(scope="module")
def aude(book_root, demo_data, demo_cache) -> tuple[pdf.PdfResult, pdf.PdfResult]:
    """The Aude PDF made twice: the first time the page is executed, the second not."""
    params = parameters.for_command("aude", book_root / "parameters")
    first = pdf.page_pdf(params, root=book_root, data_dir=demo_data, cache=demo_cache, out_dir=book_root / "one")
    second = pdf.page_pdf(params, root=book_root, data_dir=demo_data, cache=demo_cache, out_dir=book_root / "two")
    return first, second


@pytest.mark.slow
def test_executed_only_when_missing_then_the_same_bytes(aude, book_root):
    first, second = aude
    assert (first.executed, second.executed) == (True, False)
    assert first.path == book_root / "one" / "dep-11.pdf"
    assert first.path.read_bytes() == second.path.read_bytes()
    assert first.size == first.path.stat().st_size <= 1_500_000
    assert not list((book_root / "one").glob(".*"))  # no partial file left


@pytest.mark.slow
def test_a4_pages_and_metadata(aude):
    info = poppler("pdfinfo", aude[0].path)
    pages = int(re.search(r"Pages:\s+(\d+)", info)[1])
    assert 4 <= pages <= 10  # 9 here: title to Balance, two Sankeys a page, the movers (a tall chart) a page of its own
    assert poppler("pdfinfo", aude[0].path, "-l", str(pages)).count("(A4)") == pages  # every page
    assert "Title:           Aude (11) — commerce extérieur" in info
    assert "Tagged:          yes" in info
    assert "CreationDate:    Tue Dec 31 00:00:00 2024 UTC" in info  # demonstration data: end of the data year
    raw = aude[0].path.read_bytes()
    assert raw.count(b"/Alt<FEFF") == 11  # the eleven charts' alt texts (UTF-16): 8, then the Évolution's 3


@pytest.mark.slow
def test_text_in_reading_order(aude):
    text = poppler("pdftotext", aude[0].path)
    lines = [spaced(line).strip() for line in text.splitlines()]
    at = 0  # every heading on a line of its own, in order (the charts' own words, « Exportations »…, may come between)
    for heading in HEADINGS:
        assert heading in lines[at:], heading
        at = lines.index(heading, at) + 1
    flat = spaced(text)
    at = 0
    for expected in ["Les Territoires d’industrie du département", "Grand Narbonne", "Contexte et méthodologie", "Total des exportations",
                     "1 966 millions d’euros", "soit 4 % de la valeur exportée par la région Occitanie", "soit 0,34 % de la valeur exportée"]:
        found = flat.find(expected, at)
        assert found >= 0, expected
        at = found + len(expected)
    for page in range(1, int(re.search(r"Pages:\s+(\d+)", poppler("pdfinfo", aude[0].path))[1]) + 1):
        assert "Données de démonstration" in poppler("pdftotext", aude[0].path, "-f", str(page), "-l", str(page))


@pytest.mark.slow
def test_every_font_embedded(aude):
    rows = poppler("pdffonts", aude[0].path).splitlines()[2:]
    assert {row.split()[0].split("+")[1] for row in rows} >= {"LiberationSans", "LiberationSans-Bold"}
    assert all(row.split()[-5] == "yes" for row in rows)  # the "emb" column


def test_creation_date_from_the_data(tmp_path):
    assert pdf.creation_date(tmp_path, 2023) == dt.date(2023, 12, 31)  # no provenance: end of the data year
    files = [{"name": n, "sha256": "0", "size": 1, "url": "u", "downloaded": d, "generated": False} for n, d in (("a", "2025-03-02"), ("b", "2025-02-11"))]
    (tmp_path / "provenance.json").write_text(json.dumps({"source": "dgddi", "dataset": "x", "synthetic": False, "files": files}), encoding="utf-8")
    assert pdf.creation_date(tmp_path, 2024) == dt.date(2025, 3, 2)  # official files: the last download
    assert pdf.is_synthetic(tmp_path) is False


def test_size_label_in_french():
    assert pdf.size_label(899_571) == "900\u00a0ko"
    assert pdf.size_label(400) == "1\u00a0ko"
    assert pdf.size_label(1_234_567) == "1,2\u00a0Mo"


@pytest.mark.slow
def test_the_book_publishes_a_pdf_only_when_its_page_changed(aude, book_root, demo_data):
    assert pdf.publish_page_pdf("dep-11", root=book_root, data_dir=demo_data) is True  # none yet
    published = book_root / "extra" / "pdf" / "dep-11.pdf"
    assert published.read_bytes() == aude[0].path.read_bytes()
    assert pdf.publish_page_pdf("dep-11", root=book_root, data_dir=demo_data) is False  # made from this notebook
    (book_root / "_build" / "pdf-stamps" / "dep-11").write_text("an older notebook", encoding="utf-8")
    assert pdf.publish_page_pdf("dep-11", root=book_root, data_dir=demo_data) is True


def test_a_build_without_pdfs_drops_a_pdf_older_than_its_page(tmp_path):
    import nbformat

    (tmp_path / "pages").mkdir()
    nbformat.write(nbformat.v4.new_notebook(metadata={"comext": {"fingerprint": "new"}}), tmp_path / "pages" / "dep-11.ipynb")
    published, stamp = tmp_path / pdf.PUBLISHED / "dep-11.pdf", tmp_path / pdf.STAMPS / "dep-11"
    published.parent.mkdir(parents=True)
    stamp.parent.mkdir(parents=True)
    published.write_bytes(b"%PDF")
    stamp.write_text("new", encoding="utf-8")
    assert pdf.drop_stale_pdf("dep-11", tmp_path) is False and published.is_file()  # made from this notebook: kept
    stamp.write_text("old", encoding="utf-8")
    assert pdf.drop_stale_pdf("dep-11", tmp_path) is True
    assert not published.exists() and not stamp.exists()
    assert pdf.drop_stale_pdf("dep-11", tmp_path) is False  # nothing left to drop

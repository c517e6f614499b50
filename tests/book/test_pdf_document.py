"""The Typst layout of a page's PDF: A4, running footer on every page (year, source, page n / N,
« Données de démonstration » when synthetic), metadata (title, language, date), fonts embedded,
tagged, the same bytes from the same source."""

from __future__ import annotations

import datetime as dt
import re
import subprocess

import pytest

from helpers.book import pdf_document

RUNNING = pdf_document.Running(
    title="Aude (11) — commerce extérieur", year="2024", source="DGDDI (douanes)", demo=True, date=dt.date(2024, 12, 31)
)
#: Three sections of prose, each on a page of its own.
BODY = "#heading(level: 1)[Aude (11)]\n\n" + "\n\n#pagebreak()\n\n".join(f"#heading(level: 2)[Section {n}]\n\n" + "Texte de la section, « assez long ». " * 40 for n in range(1, 4))


def poppler(tool: str, path, *args: str) -> str:
    return subprocess.run([tool, *args, str(path)] + (["-"] if tool == "pdftotext" else []), capture_output=True, text=True, check=True).stdout


@pytest.fixture(scope="module")
def pdf(tmp_path_factory):
    folder = tmp_path_factory.mktemp("doc")
    path = folder / "a.pdf"
    path.write_bytes(pdf_document.compile_pdf(pdf_document.preamble(RUNNING) + BODY, folder))
    return path


def test_a4_pages_with_the_running_footer_on_every_page(pdf):
    info = poppler("pdfinfo", pdf)
    pages = int(re.search(r"Pages:\s+(\d+)", info)[1])
    assert pages == 3
    assert "595.276 x 841.89 pts (A4)" in info
    for page in range(1, pages + 1):
        text = poppler("pdftotext", pdf, "-f", str(page), "-l", str(page))
        assert "Données de démonstration" in text
        assert f"Page {page} / 3" in text
        assert "Données 2024 · Source\u202f: DGDDI (douanes)" in text or "Données 2024 · Source : DGDDI (douanes)" in text
        assert "Aude (11) — commerce extérieur" in text  # the running header


def test_no_demonstration_mention_on_official_data(tmp_path):
    official = pdf_document.Running(**{**RUNNING.__dict__, "demo": False})
    path = tmp_path / "b.pdf"
    path.write_bytes(pdf_document.compile_pdf(pdf_document.preamble(official) + "Texte.", tmp_path))
    assert "démonstration" not in poppler("pdftotext", path)


def test_metadata_title_language_date_and_tags(pdf):
    info = poppler("pdfinfo", pdf)
    assert "Title:           Aude (11) — commerce extérieur" in info
    assert "Tagged:          yes" in info
    assert "CreationDate:    Tue Dec 31 00:00:00 2024 UTC" in info
    raw = pdf.read_bytes()
    assert set(re.findall(rb"/Lang\(([^)]*)\)", raw)) == {b"fr-FR"}
    assert b"pdfuaid:part>1<" in raw  # PDF/UA-1 declared (Typst checked it)


def test_fonts_embedded_only_debian_fonts(pdf):
    rows = poppler("pdffonts", pdf).splitlines()[2:]
    assert rows
    for row in rows:
        assert re.search(r"\s(yes|no)\s+(yes|no)\s+(yes|no)\s+\d+\s+\d+$", row)
        assert row.split()[-5] == "yes", row  # the "emb" column
        assert "Liberation" in row or "DejaVu" in row, row


def test_same_source_same_bytes(pdf, tmp_path):
    again = pdf_document.compile_pdf(pdf_document.preamble(RUNNING) + BODY, tmp_path)
    assert again == pdf.read_bytes()


def test_a_page_outside_pdf_ua_rules_still_gets_a_tagged_pdf(tmp_path):
    path = tmp_path / "c.pdf"
    path.write_bytes(pdf_document.compile_pdf(pdf_document.preamble(RUNNING) + "#heading(level: 3)[Sans titre]\n\nTexte.", tmp_path))
    assert "Tagged:          yes" in poppler("pdfinfo", path)
    assert b"pdfuaid" not in path.read_bytes()

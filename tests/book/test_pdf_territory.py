"""A territory's PDF: its generated Markdown set in the fiches' layout (A4, its sections, fonts
embedded, same bytes twice), remade only when its text changed, dropped with its page."""

from __future__ import annotations

import re
import subprocess
from pathlib import Path

import pandas as pd

from helpers.book import pdf, pdf_territory, site_pages, territory_pages
from helpers.fiche import parameters

TOTALS = pd.DataFrame(
    [(2024, "E", "11", "12", 1_966_000_000), (2024, "I", "11", "12", 2_211_900_000)],
    columns=["year", "flow", "dep", "region", "value_eur"],
)


def poppler(tool: str, path: Path, *args: str) -> str:
    return subprocess.run([tool, *args, str(path)] + (["-"] if tool == "pdftotext" else []), capture_output=True, text=True, check=True).stdout


def book(root: Path) -> Path:
    """Aude and Landes' territories' pages written under ``root``; the data folder (no provenance: demonstration)."""
    pages = [parameters.validate({"dep_code": c}, "t") for c in ("11", "40")]
    territory_pages.write(root, pages, TOTALS, 2024, True, site_pages._write_text)
    data = root / "data"
    data.mkdir()
    return data


def test_a_territory_gets_its_pdf_with_its_sections_and_only_when_its_text_changed(tmp_path):
    data = book(tmp_path)
    assert pdf_territory.publish(tmp_path, year=2024, data_dir=data) == ["territoire-7605", "territoire-7609"]
    made = tmp_path / pdf.PUBLISHED / "territoire-7605.pdf"
    info = poppler("pdfinfo", made)
    assert "595.276 x 841.89 pts (A4)" in info and re.search(r"Pages:\s+1\n", info)
    assert "Title:           Castres Revel Castelnaudary — Territoire d’industrie" in info
    text = re.sub(r"[\s\u00a0\u202f]+", " ", poppler("pdftotext", made, "-layout"))
    for heading in ("Les départements du territoire", "Les chiffres clés de ces départements", "Données de démonstration", "Page 1 / 1"):
        assert heading in text
    assert "Aude (11)" in text and "dep-11.ipynb" not in text  # a link inside the site is printed as text
    assert all(row.split()[-5] == "yes" for row in poppler("pdffonts", made).splitlines()[2:])
    first = made.read_bytes()
    assert pdf_territory.publish(tmp_path, year=2024, data_dir=data) == []  # nothing changed
    made.unlink()
    assert pdf_territory.publish(tmp_path, year=2024, data_dir=data) == ["territoire-7605"]
    assert made.read_bytes() == first  # the same inputs, the same bytes
    page = tmp_path / "pages" / "territoire-7609.md"
    page.write_text(page.read_text(encoding="utf-8") + "\nUne phrase de plus.\n", encoding="utf-8")
    assert pdf_territory.publish(tmp_path, year=2024, data_dir=data) == ["territoire-7609"]


def test_without_pdfs_a_stale_one_goes_and_a_territory_gone_loses_its_pdf(tmp_path):
    data = book(tmp_path)
    pdf_territory.publish(tmp_path, year=2024, data_dir=data)
    page = tmp_path / "pages" / "territoire-7609.md"
    page.write_text("# Autre texte\n", encoding="utf-8")
    assert pdf_territory.publish(tmp_path, year=2024, data_dir=data, make=False) == []
    assert not (tmp_path / pdf.PUBLISHED / "territoire-7609.pdf").exists()
    assert (tmp_path / pdf.PUBLISHED / "territoire-7605.pdf").is_file()  # current: kept
    (tmp_path / "pages" / "territoire-7605.md").unlink()
    pdf_territory.publish(tmp_path, year=2024, data_dir=data, make=False)
    assert not (tmp_path / pdf.PUBLISHED / "territoire-7605.pdf").exists() and not (tmp_path / pdf.STAMPS / "territoire-7605").exists()


def test_title_of_a_page():
    assert pdf_territory.title_of("intro\n# Castres \\— Territoire\n## Plus bas\n") == "Castres — Territoire"
    assert pdf_territory.title_of("pas de titre") == ""

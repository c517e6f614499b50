"""Typesetting a page's PDF with Typst: the A4 layout around the body of :mod:`pdf_content`.

The layout follows the printed series: a neutral running header of our own (no logo), the
page's title block, then its sections in the notebook's order; a running footer with the data
year, the source and « page n / N », and — on every page built from the demonstration data —
« Données de démonstration ». Charts are kept whole on one page with their heading and note
(``#chart``), headings never end a page (Typst's headings stick to what follows).

Typst (PyPI ``typst``) embeds the fonts it uses and writes a tagged PDF: here PDF/UA-1, which
makes it require a title, the language (``fr``) and an alt text for every image. Fonts come only
from Debian's ``fonts-liberation`` (Liberation Sans, Arial's metrics, as in the charts) and
``fonts-dejavu-core`` (DejaVu Sans for the narrow no-break space, DejaVu Sans Mono for code):
system fonts are ignored, nothing is fetched. The creation date is a parameter (from the
data), so the same inputs give the same bytes.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from .pdf_charts import FONT_DIRS
from .pdf_markup import escape, string

#: PDF standard Typst checks (PDF/UA-1: tagged, title, language, alt texts).
STANDARDS = ["ua-1"]
#: Tallest chart, points: two Sankeys with their headings and notes share an A4 page (their
#: smallest labels, 11 px, then print at 6.4 pt).
CHART_MAX_HEIGHT = 275
#: Tallest tall chart (natural height over 1.4 times its width: the movers, four panels one under
#: the other), points: it gets a page of its own rather than labels shrunk to 3 pt.
TALL_CHART_MAX_HEIGHT = 600
#: Colour of titles and rules: the violet of the charts' exports.
ACCENT = "#5B2A6E"


@dataclass(frozen=True)
class Running:
    """What the running header and footer say (texts in French)."""

    title: str  # « Aude (11) — commerce extérieur »
    year: str  # « 2024 »
    source: str  # « DGDDI (douanes), données 2024 ; traitement : ce projet »
    demo: bool  # built on the demonstration data
    date: dt.date  # the document's creation date (from the data)


PREAMBLE = r"""
#let accent = rgb("%(accent)s")
#set document(title: %(title)s, author: "comext (commerce extérieur des territoires)", date: datetime(year: %(y)d, month: %(m)d, day: %(d)d), keywords: ("commerce extérieur", "Territoires d’industrie", "DGDDI"))
#set text(lang: "fr", region: "FR", font: ("Liberation Sans", "DejaVu Sans"), size: 9.5pt, hyphenate: false)
#set par(justify: true, leading: 0.55em, spacing: 0.85em)
#show raw: set text(font: "DejaVu Sans Mono", size: 8pt, lang: "fr")
#show link: set text(fill: rgb("#1F4E99"))
#set list(indent: 0.6em, spacing: 0.5em)
#set enum(indent: 0.6em, spacing: 0.6em)
#set table(stroke: (x: none, y: 0.4pt + luma(200)), inset: (x: 5pt, y: 3.5pt))
#show table: set text(size: 8.5pt)
#show table.cell.where(y: 0): set text(weight: "bold")
#set page(
  paper: "a4",
  margin: (x: 1.7cm, top: 1.8cm, bottom: 1.7cm),
  header: [
    #set text(size: 7.5pt, fill: luma(80))
    #grid(columns: (1fr, auto), align: (left, right), [Commerce extérieur des territoires], [%(header)s])
    #v(-0.4em)
    #line(length: 100%%, stroke: 0.5pt + accent)
  ],
  footer: context [
    #set text(size: 7.5pt, fill: luma(80))
    #line(length: 100%%, stroke: 0.4pt + luma(190))
    #v(-0.3em)
    #grid(columns: (1fr, auto, auto), column-gutter: 1.2em, align: (left, center, right),
      [Données %(year)s · Source : %(source)s],
      [%(demo)s],
      [Page #counter(page).display("1 / 1", both: true)])
  ],
)
#show heading.where(level: 1): it => block(width: 100%%, fill: accent, inset: (x: 10pt, y: 9pt), below: 0.9em, sticky: true)[
  #set text(fill: white, size: 16pt, weight: "bold")
  #it.body
]
#show heading.where(level: 2): it => block(above: 1.5em, below: 0.8em, sticky: true)[
  #set text(fill: accent, size: 13pt, weight: "bold")
  #it.body
  #v(-0.55em)
  #line(length: 100%%, stroke: 0.8pt + accent)
]
#show heading.where(level: 3): it => block(above: 1.2em, below: 0.6em, sticky: true)[
  #set text(fill: accent, size: 11pt, weight: "bold")
  #it.body
]
#let together(body) = block(width: 100%%, breakable: false, body)
#let admonition(title, kind: "note", body) = block(
  width: 100%%, inset: 8pt, radius: 2pt, breakable: true,
  fill: if kind == "warning" { rgb("#FFF4E0") } else { luma(245) },
  stroke: (left: 3pt + if kind == "warning" { rgb("#C05800") } else { accent }),
)[
  #set par(justify: false)
  #if title != "" [#strong(title) #parbreak()]
  #body
]
#let max-height = %(max_height)dpt
#let tall-height = %(tall_height)dpt
#let chart(file, alt: "", head: [], note: []) = block(width: 100%%, breakable: false, above: 0.9em, below: 0.9em)[
  #head
  #v(0.2em)
  #layout(size => {
    let natural = measure(image(file))
    let cap = if natural.height > 1.4 * natural.width { tall-height } else { max-height }
    let width = calc.min(natural.width, size.width, natural.width * (cap / natural.height))
    align(center, image(file, width: width, alt: alt))
  })
  #v(0.2em)
  #set text(size: 7.5pt, fill: luma(60))
  #set par(justify: false)
  #note
]
"""


def preamble(running: Running) -> str:
    """The Typst set-up of a page: metadata, fonts, page, headings, ``#admonition``, ``#chart``."""
    demo = '#text(fill: rgb("#B00020"), weight: "bold")[Données de démonstration]' if running.demo else ""
    return PREAMBLE % {
        "accent": ACCENT,
        "title": string(running.title),
        "y": running.date.year,
        "m": running.date.month,
        "d": running.date.day,
        "header": escape(running.title),
        "year": escape(running.year),
        "source": escape(running.source),
        "demo": demo,
        "max_height": CHART_MAX_HEIGHT,
        "tall_height": TALL_CHART_MAX_HEIGHT,
    }


#: One Typst compiler per root folder and process: its fonts are loaded once, and what it has laid
#: out (SVGs shared by pages) is reused (≈ 0.04 s less a PDF; the same bytes).
_compilers: dict[str, Any] = {}


def compiler(root: Path) -> Any:
    """This process's ``typst.Compiler`` for files under ``root`` (Debian's fonts only)."""
    import typst

    key = str(root)
    if key not in _compilers:
        _compilers[key] = typst.Compiler(root=key, font_paths=[str(folder) for folder in FONT_DIRS if folder.is_dir()], ignore_system_fonts=True)
    return _compilers[key]


def compile_pdf(source: str, root: Path) -> bytes:
    """The PDF of Typst ``source`` whose files (SVGs, images) are under ``root``: PDF/UA-1 when
    the page meets its rules (first heading of level 1, no level skipped…), otherwise a tagged
    PDF without the claim (a notebook laid out otherwise still gets its PDF).

    Raises ``typst.TypstError`` on any other Typst error (a bug of the converter, never the reader's).
    """
    import typst

    typesetter = compiler(root)
    try:
        return typesetter.compile(input=source.encode("utf-8"), pdf_standards=STANDARDS)
    except typst.TypstError as exc:
        if "PDF/UA" not in str(exc):
            raise
    return typesetter.compile(input=source.encode("utf-8"), pdf_standards=[])

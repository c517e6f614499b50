"""MyST Markdown and simple HTML, as the executed notebooks hold them, turned into Typst markup.

The PDF of a page (:mod:`helpers.book.pdf`) is built from the executed notebook's markdown cells
and outputs. This module knows no section of the fiche: it converts whatever it is given.

* Text is never interpreted by Typst: every character that means something in Typst markup
  (``* _ ` # $ [ ] < > @ = - + / ~ " ' .`` and ``\\``) is escaped (:func:`escape`), so French
  prose, URLs and numbers come out exactly as written (no smart quotes, no ``--`` dashes).
* Markdown is parsed by markdown-it (CommonMark + pipe tables), as myst-parser does; MyST
  directives written as fences (```` ```{admonition} Titre ````, ``{note}``, ``{table}``) become a
  framed box or their body; their ``:option:`` lines are read (``:class:``), not shown.
* Links to the web stay links; links inside the site (``dep-09.ipynb``, ``/pages/…``) are
  kept as text only (a printed fiche has no site around it).
* HTML (chart heads and notes, any future HTML output) is read with :mod:`html.parser`:
  paragraphs, emphasis, line breaks, lists, links; ``<details>``, ``<script>``, ``<style>``,
  tables of figures' data and sentences for the screen only (class ``comext-screen``: « survoler… »,
  « un clic sur… ») are left out.
"""

from __future__ import annotations

import re
from html.parser import HTMLParser

from markdown_it import MarkdownIt
from markdown_it.token import Token

from ..common.typography import SCREEN_ONLY

_SPECIAL = re.compile(r"([\\*_`#$\[\]<>@=\-+/~\"'.])")
_MD = MarkdownIt("commonmark").enable("table")
_DIRECTIVE = re.compile(r"^\{(?P<name>[\w:.-]+)\}\s*(?P<argument>.*)$")
_OPTION = re.compile(r"^:(?P<key>[\w-]+):\s*(?P<value>.*)$")

#: Admonition kinds (MyST directive names) with a title of their own when none is written.
ADMONITION_TITLES = {"note": "Note", "warning": "Attention", "important": "Important", "tip": "Conseil", "caution": "Prudence"}


def escape(text: str) -> str:
    """``text`` as literal Typst markup: special characters escaped, line breaks as spaces."""
    return _SPECIAL.sub(r"\\\1", text.replace("\r", "").replace("\n", " "))


def string(text: str) -> str:
    """``text`` as a Typst string literal (for function arguments: alt texts, titles)."""
    return '"' + text.replace("\\", "\\\\").replace('"', '\\"').replace("\n", " ") + '"'


def is_web(href: str) -> bool:
    """True for a link a printed page can keep (web address or e-mail)."""
    return href.startswith(("http://", "https://", "mailto:"))


# --- Markdown ------------------------------------------------------------------------------------


#: A sentence for the screen only (:data:`helpers.common.typography.SCREEN_ONLY`) in Markdown.
_SCREEN_SPAN = re.compile(rf'\s*<span class="{SCREEN_ONLY}">.*?</span>', re.DOTALL)


def markdown(source: str) -> str:
    """Typst markup of MyST Markdown ``source`` (blocks separated by blank lines); sentences for the
    screen only left out."""
    tokens = _MD.parse(_SCREEN_SPAN.sub("", source))
    body, _ = _blocks(tokens, 0, None)
    return body


def _blocks(tokens: list[Token], i: int, stop: str | None) -> tuple[str, int]:
    """Render block tokens from ``i`` until the closing token ``stop``; (markup, index after it)."""
    parts: list[str] = []
    while i < len(tokens):
        tok = tokens[i]
        if stop is not None and tok.type == stop:
            return "".join(parts), i + 1
        if tok.type == "heading_open":
            level = int(tok.tag[1])
            parts.append(f"#heading(level: {level})[{inline(tokens[i + 1])}]\n\n")
            i += 3
        elif tok.type == "paragraph_open":
            text = inline(tokens[i + 1])
            parts.append(text + ("\n" if tok.hidden else "\n\n"))  # a tight list's paragraph
            i += 3
        elif tok.type in ("bullet_list_open", "ordered_list_open"):
            markup, i = _list(tokens, i)
            parts.append(markup)
        elif tok.type == "table_open":
            markup, i = _table(tokens, i)
            parts.append(markup)
        elif tok.type == "fence":
            parts.append(_fence(tok))
            i += 1
        elif tok.type == "code_block":
            parts.append(f"#raw(block: true, {string(tok.content.rstrip())})\n\n")
            i += 1
        elif tok.type == "html_block":
            parts.append(html(tok.content) + "\n\n")
            i += 1
        elif tok.type == "blockquote_open":
            inner, i = _blocks(tokens, i + 1, "blockquote_close")
            parts.append(f"#quote(block: true)[{inner}]\n\n")
        elif tok.type == "hr":
            parts.append("#line(length: 100%, stroke: 0.5pt + luma(180))\n\n")
            i += 1
        else:
            i += 1
    return "".join(parts), i


def _list(tokens: list[Token], i: int) -> tuple[str, int]:
    """A bullet or ordered list starting at ``tokens[i]``: ``#list(…)`` or ``#enum(…)``."""
    ordered = tokens[i].type == "ordered_list_open"
    close = "ordered_list_close" if ordered else "bullet_list_close"
    start = int(tokens[i].attrGet("start") or 1) if ordered else None
    items: list[str] = []
    i += 1
    while tokens[i].type != close:
        inner, i = _blocks(tokens, i + 1, "list_item_close")  # tokens[i] is list_item_open
        items.append("[" + inner.strip() + "]")
    args = ([f"start: {start}"] if ordered and start != 1 else []) + items
    return f"#{'enum' if ordered else 'list'}({', '.join(args)})\n\n", i + 1


def _table(tokens: list[Token], i: int) -> tuple[str, int]:
    """A pipe table starting at ``tokens[i]``: ``#table(…)`` with its header row repeated."""
    header: list[str] = []
    rows: list[list[str]] = []
    aligns: list[str] = []
    row: list[str] = []
    in_head = False
    while tokens[i].type != "table_close":
        tok = tokens[i]
        if tok.type == "thead_open":
            in_head = True
        elif tok.type == "thead_close":
            in_head = False
        elif tok.type in ("th_open", "td_open"):
            cell = "[" + inline(tokens[i + 1]) + "]"
            if in_head:
                style = tok.attrGet("style") or ""
                aligns.append("right" if "right" in style else "center" if "center" in style else "left")
                header.append(cell)
            else:
                row.append(cell)
        elif tok.type == "tr_close" and not in_head:
            rows.append(row)
            row = []
        i += 1
    columns = max([len(header)] + [len(r) for r in rows])
    aligns = (aligns + ["left"] * columns)[:columns]
    cells = ", ".join(c for r in rows for c in (r + ["[]"] * columns)[:columns])
    head = f"table.header({', '.join(header)}), " if header else ""
    return f"#table(columns: {columns}, align: ({', '.join(aligns)},), {head}{cells})\n\n", i + 1


def _fence(tok: Token) -> str:
    """A fenced block: a MyST directive (admonition, note, table…) or code."""
    match = _DIRECTIVE.match(tok.info.strip())
    if not match:
        return f"#raw(block: true, {string(tok.content.rstrip())})\n\n"
    name, argument = match["name"], match["argument"].strip()
    lines = tok.content.split("\n")
    options: dict[str, str] = {}
    while lines and (option := _OPTION.match(lines[0].strip())):
        options[option["key"]] = option["value"]
        lines.pop(0)
    body = markdown("\n".join(lines))
    if name == "admonition" or name in ADMONITION_TITLES:
        title = argument or ADMONITION_TITLES.get(name, "")
        classes = options.get("class", "").split()
        kind = "warning" if name in ("warning", "caution") or "warning" in classes else "note"
        return f"#admonition({string(title)}, kind: {string(kind)})[{body.strip()}]\n\n"
    return body  # {table}, {figure}… : their content


def inline(tok: Token) -> str:
    """Typst markup of one inline token's children (text, emphasis, code, links, HTML tags)."""
    parts: list[str] = []
    closers: list[str] = []
    for child in tok.children or []:
        kind = child.type
        if kind == "text":
            parts.append(escape(child.content))
        elif kind == "softbreak":
            parts.append(" ")
        elif kind == "hardbreak":
            parts.append("\\ ")
        elif kind in ("strong_open", "em_open"):
            parts.append("#strong[" if kind == "strong_open" else "#emph[")
        elif kind in ("strong_close", "em_close"):
            parts.append("]")
        elif kind == "code_inline":
            parts.append(f"#raw({string(child.content)})")
        elif kind == "link_open":
            href = child.attrGet("href") or ""
            parts.append(f"#link({string(href)})[" if is_web(str(href)) else "")
            closers.append("]" if is_web(str(href)) else "")
        elif kind == "link_close":
            parts.append(closers.pop() if closers else "")
        elif kind == "html_inline":
            tag = child.content.strip().lower()
            if re.fullmatch(r"<br\s*/?>", tag):
                parts.append("\\ ")
        elif kind == "image":
            parts.append(escape(child.content))
    return "".join(parts).strip()


# --- HTML ----------------------------------------------------------------------------------------


class _HtmlToTypst(HTMLParser):
    """A small HTML reader for the notebooks' HTML outputs (see :func:`html`)."""

    SKIPPED = {"details", "script", "style", "table", "figure", "svg"}
    BLOCKS = {"p", "div", "h1", "h2", "h3", "h4", "h5", "h6", "li"}

    def __init__(self, keep_class: str | None) -> None:
        super().__init__(convert_charrefs=True)
        self.keep_class = keep_class
        self.out: list[str] = []
        self.stack: list[tuple[str, str]] = []  # (tag, what closes it)
        self.skip = 0  # depth inside a skipped element
        self.dropped = 0  # depth inside a paragraph not of keep_class

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        if tag in ("br", "img", "hr", "meta", "input"):
            if not self.skip and not self.dropped and tag == "br":
                self.out.append("\\ ")
            return
        attr = dict(attrs)
        closer = ""
        if self.skip or tag in self.SKIPPED or SCREEN_ONLY in (attr.get("class") or "").split():
            self.skip += 1
        elif self.dropped:
            self.dropped += 1
        elif tag == "p" and self.keep_class is not None and self.keep_class not in (attr.get("class") or "").split():
            self.dropped = 1
        elif tag in ("strong", "b"):
            self.out.append("#strong[")
            closer = "]"
        elif tag in ("em", "i"):
            self.out.append("#emph[")
            closer = "]"
        elif tag == "code":
            self.out.append("#text(font: \"DejaVu Sans Mono\", size: 0.9em)[")
            closer = "]"
        elif tag == "a" and is_web(attr.get("href") or ""):
            self.out.append(f"#link({string(attr.get('href') or '')})[")
            closer = "]"
        elif tag == "li":
            self.out.append("- ")
            closer = "\n"
        elif tag in self.BLOCKS:
            closer = "\n\n"
        self.stack.append((tag, closer))

    def handle_endtag(self, tag: str) -> None:
        if tag in ("br", "img", "hr", "meta", "input"):
            return
        if self.skip:
            self.skip -= 1
            self.stack.pop() if self.stack else None
            return
        if self.dropped:
            self.dropped -= 1
            self.stack.pop() if self.stack else None
            return
        while self.stack:
            open_tag, closer = self.stack.pop()
            self.out.append(closer)
            if open_tag == tag:
                break

    def handle_data(self, data: str) -> None:
        if not self.skip and not self.dropped:
            self.out.append(escape(data))


#: Elements the PDF never shows, cut out before parsing (a chart's data table is most of its
#: HTML: parsing it only to skip it cost ≈ 0.3 s a page).
_LEFT_OUT = re.compile(r"<(details|script|style|table)\b.*?</\1\s*>", re.DOTALL | re.IGNORECASE)


def html(source: str, keep_class: str | None = None) -> str:
    """Typst markup of an HTML fragment; with ``keep_class``, only the ``<p>`` of that class."""
    parser = _HtmlToTypst(keep_class)
    parser.feed(_LEFT_OUT.sub("", source))
    parser.close()
    return re.sub(r"\n{3,}", "\n\n", "".join(parser.out)).strip()

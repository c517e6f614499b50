"""French typography of the text a reader sees, in one place.

The rules (``fiche.md``, « Number formatting », and French usage):

- a narrow no-break space :data:`NNBSP` (U+202F) before ``;`` ``:`` ``!`` ``?`` — replacing the
  space written there, never inserted where none was written (``https://``, ``&amp;``, ``10:30``
  are left alone) — and inside guillemets (« … »);
- the project's no-break space :data:`~helpers.common.formatting.NBSP` (U+00A0) between the digit
  groups of a number and before a unit (``%``, ``M€``, ``€``, « millions », « milliards »), as
  :mod:`helpers.common.formatting` writes them;
- one apostrophe, ’ (U+2019), after a letter: « l’Aude », « d’euros ».

:func:`text` applies them to plain text (a chart title, a table cell, a tooltip);
:func:`markdown` to the prose of MyST Markdown, leaving its syntax alone (code spans and
fenced code, directive names and options, link targets, autolinks and HTML tags, roles,
substitutions, URLs, entities); :func:`vega` to the reader-visible strings of a Vega-Lite spec
(titles, descriptions, data values), leaving its expressions and field names alone. None of them
is ever applied to code or to CSV files.
"""

from __future__ import annotations

import functools
import re
from typing import Any

from .formatting import NBSP

#: Narrow no-break space (U+202F): before ; : ! ? and inside « ».
NNBSP = "\u202f"
#: The one apostrophe of the site (U+2019).
APOSTROPHE = "\u2019"

_SPACE = "[ \\t\\n\u00a0\u2009\u202f]"
_BEFORE_PUNCTUATION = re.compile(f"{_SPACE}+(?=[;:!?])")
_OPENING = re.compile(f"«{_SPACE}*")
_CLOSING = re.compile(f"{_SPACE}*»")
_APOSTROPHE = re.compile(r"(?<=[^\W\d_])'")
_DIGIT_GROUPS = re.compile(r"(?<![\d,.])\d{1,3}(?:[  ]\d{3})+(?![\d])")
_BEFORE_UNIT = re.compile(r"(?<=\d)[ \t]+(?=%|M€|Md€|k€|€|millions?\b|milliards?\b)")


def text(value: str) -> str:
    """``value`` (plain text, no markup) with the French rules applied (see the module's doc).

    >>> text("Total : 2 211,9 M€ ; « France entière » d'abord")
    'Total\\u202f: 2\\xa0211,9\\xa0M€\\u202f; «\\u202fFrance entière\\u202f» d’abord'
    """
    value = _APOSTROPHE.sub(APOSTROPHE, value)
    value = _BEFORE_PUNCTUATION.sub(NNBSP, value)
    value = _OPENING.sub("«" + NNBSP, value)
    value = _CLOSING.sub(NNBSP + "»", value)
    value = _DIGIT_GROUPS.sub(lambda m: m.group().replace(" ", NBSP), value)
    return _BEFORE_UNIT.sub(NBSP, value)


# --- MyST Markdown -----------------------------------------------------------------------------

#: Inline syntax kept as written: escapes, code spans, substitutions, roles, link targets,
#: autolinks and HTML tags, entities, bare URLs and e-mail addresses.
_PROTECTED = re.compile(
    r"\\[^\s]"
    r"|(?P<ticks>`+).*?(?P=ticks)"
    r"|\{\{.*?\}\}"
    r"|\{[\w:.-]+\}"
    r"|\]\([^)\s]*\)"
    r"|<[^<>\n]*>"
    r"|&#?\w+;"
    r"|\b(?:https?|ftp|mailto):[^\s<>()]*[^\s<>().,;:!?»]"
    r"|[\w.+-]+@[\w-]+(?:\.[\w-]+)+",
    re.DOTALL,
)
_FENCE = re.compile(r"^(?P<indent>\s*)(?P<fence>`{3,}|~{3,}|:{3,})\s*(?P<info>.*)$")
_DIRECTIVE = re.compile(r"^\{(?P<name>[\w:.-]+)\}(?P<argument>.*)$")
_OPTION = re.compile(r"^\s*:[\w-]+:")
#: Directives whose body is not prose.
_LITERAL_DIRECTIVES = {"code", "code-block", "code-cell", "sourcecode", "literalinclude", "raw", "eval-rst", "math", "csv-table"}


def inline(source: str) -> str:
    """:func:`text` applied to the prose of one run of Markdown lines, syntax left as written."""
    out, last = [], 0
    for match in _PROTECTED.finditer(source):
        out += [text(source[last:match.start()]), match.group()]
        last = match.end()
    out.append(text(source[last:]))
    return "".join(out)


def markdown(source: str) -> str:
    """MyST Markdown with :func:`text` applied to its prose only.

    Fenced code is copied as it is; a directive's name and options are kept and its argument
    (an admonition's title) and body are prose, unless the directive shows code
    (:data:`_LITERAL_DIRECTIVES`).
    """
    lines = source.split("\n")
    out: list[str] = []
    prose: list[str] = []
    fences: list[tuple[str, bool]] = []  # open fences: marker, literal body
    options = False  # just after a directive's first line: its ``:key: value`` options

    def flush() -> None:
        if prose:
            out.append(inline("\n".join(prose)))
            prose.clear()

    for line in lines:
        literal = bool(fences) and fences[-1][1]
        found = _FENCE.match(line)
        if fences and found and not found["info"].strip() and _closes(found["fence"], fences[-1][0]):
            flush()
            fences.pop()
            out.append(line)
            options = False
            continue
        if literal:
            out.append(line)
            continue
        if options and _OPTION.match(line):
            out.append(line)
            continue
        options = False
        if found:
            flush()
            directive = _DIRECTIVE.match(found["info"].strip())
            if directive is None:  # fenced code
                fences.append((found["fence"], True))
                out.append(line)
                continue
            fences.append((found["fence"], directive["name"] in _LITERAL_DIRECTIVES))
            stripped = line.rstrip()
            argument = directive["argument"]
            out.append(stripped[: len(stripped) - len(argument)] + inline(argument))
            options = True
            continue
        prose.append(line)
    flush()
    return "\n".join(out)


def _closes(candidate: str, opening: str) -> bool:
    """A fence line closes the open fence when it repeats its character at least as many times."""
    return candidate[0] == opening[0] and len(candidate) >= len(opening)


# --- Vega-Lite -----------------------------------------------------------------------------------

#: Keys of a Vega-Lite spec whose strings are code or identifiers, never shown as such.
_VEGA_CODE = {
    "$schema", "as", "calculate", "expr", "field", "filter", "format", "formatType", "labelExpr", "name",
    "signal", "test", "type", "url", "font", "lineBreak", "align", "baseline", "anchor", "interpolate",
}


def vega(spec: Any) -> Any:
    """A copy of a Vega-Lite spec with :func:`text` applied to its reader-visible strings.

    Titles, descriptions and data values (labels, tooltips) are text; expressions, field names,
    dataset names and other identifiers (:data:`_VEGA_CODE`) are kept. The same string always
    becomes the same string, so a value and the scale domain or sort order naming it still match.
    """
    if isinstance(spec, dict):
        return {key: value if key in _VEGA_CODE else vega(value) for key, value in spec.items()}
    if isinstance(spec, list | tuple):  # Altair keeps inline rows as a tuple (helpers.charts.base.inline_data)
        return [vega(value) for value in spec]
    if isinstance(spec, str):
        return _vega_text(spec)
    return spec


@functools.lru_cache(maxsize=16384)
def _vega_text(value: str) -> str:
    """:func:`text` of a spec's string, once per process: specs repeat their labels, years, names
    and titles (in data rows, domains, sort orders, tooltips) within and across pages."""
    return text(value)


#: The HTML class of a sentence meant for the screen only (hovering, clicking: « survoler… », « un
#: clic sur l'en-tête… »): the site shows it; the PDF (helpers.book.pdf_markup) and the browser's
#: print (``_static/comext.css``) leave it out.
SCREEN_ONLY = "comext-screen"


def screen_only(text: str) -> str:
    """``text`` (HTML-safe French) in a ``<span>`` of class :data:`SCREEN_ONLY`."""
    return f'<span class="{SCREEN_ONLY}">{text}</span>'

"""The one colour palette of every chart of the book.

Choices (checked in ``tests/charts/test_palette.py``):

- **Flows.** Imports are blue, exports violet (fiche.md). The two hues come from ColorBrewer
  (*Paired* blue, *PRGn* purple); they differ in lightness as well as in hue, so they stay apart
  under the common colour-vision deficiencies, and white text on either meets WCAG AA (≥ 4.5:1).
  Colour is never the only cue: imports are also on the left of the butterfly chart, in the left
  block of the treemap and on their own side of the Sankey diagrams, always with a label.
- **Balance.** Red when negative, green when positive (fiche.md). Red/green is the classic
  colour-blind trap, so the two are taken far apart in lightness and every balance also carries
  a signed value label ("+125,3" / "−48,0"): the chart reads in greyscale.
- **Sankey.** The five largest flows are a saturated red, the others a light neutral grey: the
  pair differs strongly in lightness, which survives every colour-vision deficiency.
- **« Autres ».** A mid-dark grey (white text on it meets WCAG AA), distinct from both flows.
"""

from __future__ import annotations

#: Imports (ColorBrewer *Paired* blue).
IMPORT = "#1F78B4"
#: Exports (ColorBrewer *PRGn* purple).
EXPORT = "#762A83"
#: Negative trade balance (ColorBrewer *RdBu* red).
BALANCE_NEGATIVE = "#CA0020"
#: Positive trade balance (ColorBrewer *RdYlGn* green).
BALANCE_POSITIVE = "#1A9850"
#: The largest Sankey flows (ColorBrewer *RdYlBu* red).
SANKEY_RED = "#D7191C"
#: Every other Sankey flow: light neutral grey.
NEUTRAL = "#BDBDBD"
#: « Autres » tiles and nodes: mid-dark grey, white text readable on it.
OTHERS = "#737373"
#: Text on a light background.
TEXT = "#222222"
#: Secondary text (axis labels, notes) on a light background.
TEXT_MUTED = "#555555"
#: Text on the dark fills above (flows, « autres »).
TEXT_ON_DARK = "#FFFFFF"
#: Reference lines (the zero line of the butterfly chart).
RULE = "#4D4D4D"

#: Colour of each flow code (``"I"`` imports, ``"E"`` exports).
FLOW_COLORS: dict[str, str] = {"I": IMPORT, "E": EXPORT}

#: Compared scopes of the evolution charts: the page's place (exports violet), its région (ColorBrewer
#: *PuOr* dark orange), France entière (dark grey, dashed): apart in hue and lightness, each line
#: also named at its end, so the lines read without colour.
SCOPE_PLACE = EXPORT
SCOPE_REGION = "#B35806"
SCOPE_FRANCE = RULE

#: Every named colour, for documentation and tests.
PALETTE: dict[str, str] = {
    "import": IMPORT,
    "export": EXPORT,
    "balance_negative": BALANCE_NEGATIVE,
    "balance_positive": BALANCE_POSITIVE,
    "sankey_red": SANKEY_RED,
    "neutral": NEUTRAL,
    "others": OTHERS,
    "text": TEXT,
    "text_muted": TEXT_MUTED,
    "text_on_dark": TEXT_ON_DARK,
    "rule": RULE,
    "scope_region": SCOPE_REGION,
}


def flow_color(flow: str) -> str:
    """Colour of a flow: ``"I"`` → blue, ``"E"`` → violet."""
    try:
        return FLOW_COLORS[flow]
    except KeyError:
        raise ValueError(f"flux inconnu : {flow!r} (attendu : E ou I)") from None


def balance_color(balance: float) -> str:
    """Colour of a trade balance: red when negative, green otherwise (zero counts as positive)."""
    return BALANCE_NEGATIVE if balance < 0 else BALANCE_POSITIVE

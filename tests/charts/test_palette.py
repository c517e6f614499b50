"""The palette: valid colours, readable text, distinct pairs under colour-vision deficiencies."""

from __future__ import annotations

import math
import re

import pytest

from helpers.charts import palette

# Machado et al. (2009) simulation matrices, severity 1, on linear RGB.
CVD = {
    "deutéranopie": ((0.367322, 0.860646, -0.227968), (0.280085, 0.672501, 0.047413), (-0.011820, 0.042940, 0.968881)),
    "protanopie": ((0.152286, 1.052583, -0.204868), (0.114503, 0.786281, 0.099216), (-0.003882, -0.048116, 1.051998)),
    "tritanopie": ((1.255528, -0.076749, -0.178779), (-0.078411, 0.930809, 0.147602), (0.004733, 0.691367, 0.303900)),
}


def _linear(hex_colour: str) -> list[float]:
    channels = [int(hex_colour[i : i + 2], 16) / 255 for i in (1, 3, 5)]
    return [c / 12.92 if c <= 0.04045 else ((c + 0.055) / 1.055) ** 2.4 for c in channels]


def _luminance(rgb: list[float]) -> float:
    return 0.2126 * rgb[0] + 0.7152 * rgb[1] + 0.0722 * rgb[2]


def contrast(a: str, b: str) -> float:
    """WCAG contrast ratio."""
    la, lb = sorted((_luminance(_linear(a)), _luminance(_linear(b))), reverse=True)
    return (la + 0.05) / (lb + 0.05)


def _lab(rgb: list[float]) -> tuple[float, float, float]:
    r, g, b = rgb
    x = (0.4124 * r + 0.3576 * g + 0.1805 * b) / 0.95047
    y = 0.2126 * r + 0.7152 * g + 0.0722 * b
    z = (0.0193 * r + 0.1192 * g + 0.9505 * b) / 1.08883

    def f(t: float) -> float:
        return t ** (1 / 3) if t > 0.008856 else 7.787 * t + 16 / 116

    return 116 * f(y) - 16, 500 * (f(x) - f(y)), 200 * (f(y) - f(z))


def distance(a: str, b: str, deficiency: str | None = None) -> float:
    """CIE76 ΔE between two colours, optionally as seen with a colour-vision deficiency."""

    def seen(colour: str) -> list[float]:
        rgb = _linear(colour)
        if deficiency is None:
            return rgb
        return [min(1.0, max(0.0, sum(m * c for m, c in zip(row, rgb, strict=True)))) for row in CVD[deficiency]]

    return math.dist(_lab(seen(a)), _lab(seen(b)))


def test_colours_are_hex():
    for name, colour in palette.PALETTE.items():
        assert re.fullmatch(r"#[0-9A-F]{6}", colour), name


def test_flow_colours():
    assert palette.flow_color("I") == palette.IMPORT
    assert palette.flow_color("E") == palette.EXPORT
    with pytest.raises(ValueError):
        palette.flow_color("X")


def test_balance_colour_by_sign():
    assert palette.balance_color(-1) == palette.BALANCE_NEGATIVE
    assert palette.balance_color(5) == palette.BALANCE_POSITIVE
    assert palette.balance_color(0) == palette.BALANCE_POSITIVE


@pytest.mark.parametrize("fill", [palette.IMPORT, palette.EXPORT, palette.OTHERS])
def test_white_text_readable_on_fills(fill):
    assert contrast(palette.TEXT_ON_DARK, fill) >= 4.5


@pytest.mark.parametrize("colour", [palette.TEXT, palette.TEXT_MUTED, palette.IMPORT, palette.EXPORT])
def test_text_readable_on_white(colour):
    assert contrast(colour, "#FFFFFF") >= 4.5


def test_hues_are_what_the_spec_says():
    def rgb(c: str) -> tuple[int, int, int]:
        return tuple(int(c[i : i + 2], 16) for i in (1, 3, 5))

    r, g, b = rgb(palette.IMPORT)
    assert b > r and b > g  # blue
    r, g, b = rgb(palette.EXPORT)
    assert r > g and b > g  # violet
    r, g, b = rgb(palette.BALANCE_NEGATIVE)
    assert r > 2 * g and r > 2 * b  # red
    r, g, b = rgb(palette.BALANCE_POSITIVE)
    assert g > r and g > b  # green
    r, g, b = rgb(palette.SANKEY_RED)
    assert r > 2 * g and r > 2 * b
    for grey in (palette.NEUTRAL, palette.OTHERS):
        assert len(set(rgb(grey))) == 1


@pytest.mark.parametrize("deficiency", [None, *CVD])
@pytest.mark.parametrize(
    "pair, minimum",
    [
        ((palette.IMPORT, palette.EXPORT), 15),
        ((palette.BALANCE_NEGATIVE, palette.BALANCE_POSITIVE), 20),
        ((palette.SANKEY_RED, palette.NEUTRAL), 40),
        ((palette.IMPORT, palette.OTHERS), 15),
        ((palette.EXPORT, palette.OTHERS), 15),
    ],
)
def test_pairs_stay_distinct(pair, minimum, deficiency):
    assert distance(*pair, deficiency) >= minimum


def test_scope_colours_of_the_evolution_charts_stay_apart_and_readable():
    scopes = [palette.SCOPE_PLACE, palette.SCOPE_REGION, palette.SCOPE_FRANCE]
    for a, b in [(0, 1), (0, 2), (1, 2)]:
        for deficiency in (None, *CVD):
            assert distance(scopes[a], scopes[b], deficiency) > 10, (a, b, deficiency)
    for colour in scopes:  # lines and bold end labels on white
        assert contrast(colour, "#FFFFFF") >= 4.5

"""French number formatting of fiche.md: the published strings must come out exactly."""

from decimal import ROUND_HALF_UP, Decimal

import numpy as np
import pytest
from hypothesis import given
from hypothesis import strategies as st

from helpers.common.formatting import NBSP, format_number, meur, meur_unit, share_france, share_region


@pytest.mark.parametrize(
    ("euros", "text"),
    [(1_966_000_000, "1 966"), (2_211_900_000, "2 211,9"), (580_354_500_000, "580 354,5"), (49_453_900_000, "49 453,9"),
     (950_000, "1"), (949_999, "0,9"), (12_345_678_901, "12 345,7"), (-2_500_000, "-2,5"), (0, "0")],
)
def test_meur(euros, text):
    assert meur(euros) == text.replace(" ", NBSP)


def test_meur_unit_has_nbsp_before_unit():
    assert meur_unit(1_966_000_000) == f"1{NBSP}966{NBSP}M€"


@pytest.mark.parametrize(
    ("part", "whole", "region", "france"),
    [
        (1_966_000_000, (49_453_900_000, 580_354_500_000), "4 %", "0,34 %"),
        (2_211_900_000, (37_655_400_000, 684_776_300_000), "5,9 %", "0,32 %"),
        (2_674_200_000, (49_453_900_000, 580_354_500_000), "5,4 %", "0,46 %"),
        (4_818_700_000, (37_655_400_000, 684_776_300_000), "12,8 %", "0,70 %"),
    ],
)
def test_published_shares(part, whole, region, france):
    assert share_region(part, whole[0]) == region.replace(" ", NBSP)
    assert share_france(part, whole[1]) == france.replace(" ", NBSP)


def test_half_up_not_bankers_rounding():
    assert format_number(0.125, 2, drop_zero_decimals=False) == "0,13"
    assert format_number(2.5, 0, drop_zero_decimals=False) == "3"


def test_no_negative_zero_and_zero_share():
    assert format_number(-0.0001, 1, drop_zero_decimals=True) == "0"
    assert share_region(1, 0) == "n.d."


# --- the fast path for Python ints gives what the Decimal path gives ------------------------------


def reference_format(value, decimals: int, *, drop_zero_decimals: bool) -> str:
    """The rules of the module docstring written out with ``Decimal`` only (the slow path, step by step)."""
    rounded = Decimal(str(value)).quantize(Decimal(1).scaleb(-decimals), rounding=ROUND_HALF_UP)
    if rounded == 0:
        rounded = abs(rounded)
    sign = "-" if rounded < 0 else ""
    integer, _, fraction = f"{abs(rounded):.{decimals}f}".partition(".")
    groups = []
    while len(integer) > 3:
        groups.insert(0, integer[-3:])
        integer = integer[:-3]
    groups.insert(0, integer)
    text = sign + NBSP.join(groups)
    if fraction and not (drop_zero_decimals and set(fraction) == {"0"}):
        text += "," + fraction
    return text


@given(st.integers(min_value=-(10**15), max_value=10**15), st.integers(min_value=0, max_value=3), st.booleans())
def test_int_fast_path_equals_decimal_path(value, decimals, drop):
    expected = reference_format(value, decimals, drop_zero_decimals=drop)
    assert format_number(value, decimals, drop_zero_decimals=drop) == expected
    assert format_number(Decimal(value), decimals, drop_zero_decimals=drop) == expected  # the Decimal path itself


@pytest.mark.parametrize("value", [0, -1, 1, 999, -999, 1000, -1000, 999_999, 1_000_000, -1_234_567, 10**12])
@pytest.mark.parametrize("decimals", [0, 1, 2])
@pytest.mark.parametrize("drop", [True, False])
def test_int_fast_path_edges_zero_and_negatives(value, decimals, drop):
    expected = reference_format(value, decimals, drop_zero_decimals=drop)
    assert format_number(value, decimals, drop_zero_decimals=drop) == expected
    assert format_number(np.int64(value), decimals, drop_zero_decimals=drop) == expected  # NumPy ints: the Decimal path


@given(st.floats(min_value=-1e12, max_value=1e12, allow_nan=False), st.integers(min_value=0, max_value=3), st.booleans())
def test_float_path_follows_the_rules(value, decimals, drop):
    assert format_number(value, decimals, drop_zero_decimals=drop) == reference_format(value, decimals, drop_zero_decimals=drop)

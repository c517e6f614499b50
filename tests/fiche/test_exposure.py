"""Exposure indicators on tiny hand-computed fixtures (euros in, % or HHI points out)."""

from __future__ import annotations

import pandas as pd
import pytest

from helpers.fiche import exposure
from helpers.places.partners import SPECIAL_PARTNER_CODES


def sums(**values: int) -> pd.Series:
    return pd.Series(values, dtype="int64")


def test_a_unit_with_no_us_trade_has_a_zero_us_share():
    found = exposure.exposure(sums(DE=600, ES=400), sums(C10=1000), exports_eur=1000, imports_eur=500,
                              previous_exports_eur=800, special=SPECIAL_PARTNER_CODES)
    assert found.us_share == 0.0
    assert found.eu_share == 100.0
    # shares 60 % and 40 %: 3 600 + 1 600
    assert found.hhi_partners == 5200.0
    assert found.hhi_products == 10_000.0
    assert found.top3_share == 100.0
    assert found.coverage == 200.0
    assert found.export_change == 25.0


def test_a_single_partner_gives_10000_and_a_top3_of_100():
    found = exposure.exposure(sums(US=250), sums(C10=100, C11=150), exports_eur=250, imports_eur=1000,
                              previous_exports_eur=None, special=SPECIAL_PARTNER_CODES)
    assert (found.us_share, found.eu_share, found.hhi_partners, found.top3_share) == (100.0, 0.0, 10_000.0, 100.0)
    assert found.hhi_products == 10_000 * (100**2 + 150**2) / 250**2 == 5200.0  # 40 % and 60 %
    assert found.coverage == 25.0
    assert found.export_change is None  # no previous year


def test_special_codes_are_left_out_of_shares_and_the_partners_index():
    # QU (undetermined) and QR (ship supplies) are not countries: shares over US + DE = 400
    by_partner = sums(US=100, DE=300, QU=500, QR=100)
    found = exposure.exposure(by_partner, sums(C10=1000), exports_eur=1000, imports_eur=1000, previous_exports_eur=1000,
                              special=SPECIAL_PARTNER_CODES)
    assert found.us_share == 25.0 and found.eu_share == 75.0
    assert found.hhi_partners == 625.0 + 5625.0
    assert found.coverage == 100.0 and found.export_change == 0.0  # totals: every code


def test_no_imports_leaves_the_coverage_undefined():
    assert exposure.coverage(100, 0) is None
    assert exposure.coverage(0, 100) == 0.0


def test_zero_exports_leave_the_shares_and_indices_undefined():
    found = exposure.exposure(sums(), sums(), exports_eur=0, imports_eur=200, previous_exports_eur=400, special=SPECIAL_PARTNER_CODES)
    assert (found.us_share, found.eu_share, found.hhi_partners, found.hhi_products, found.top3_share) == (None,) * 5
    assert found.coverage == 0.0
    assert found.export_change == -100.0
    assert exposure.change(50, 0) is None  # from nothing: no percentage


def test_top3_takes_the_three_largest_countries():
    assert exposure.top_share(sums(A1=10, B1=40, C1=20, D1=30)) == 90.0


def test_concentration_words_and_boundaries():
    assert exposure.concentration(1499.99) == "peu concentré"
    assert exposure.concentration(1500.0) == "moyennement concentré"
    assert exposure.concentration(2500.0) == "moyennement concentré"
    assert exposure.concentration(2500.01) == "très concentré"
    assert exposure.concentration(None) is None


def test_eu27_is_the_2020_composition_without_the_united_kingdom():
    from helpers.places.partners import EU27_2020

    assert len(EU27_2020) == 27 and "GB" not in EU27_2020 and {"HR", "GR", "FR"} <= EU27_2020


@pytest.mark.parametrize(
    ("values", "expected"),
    [
        ({"a": 3.0, "b": 5.0, "c": 5.0, "d": 1.0}, {"a": 3, "b": 1, "c": 1, "d": 4}),
        ({"a": 2.0, "b": None, "c": 2.0}, {"a": 1, "b": None, "c": 1}),
        ({"a": 1.0, "b": 2.0, "c": 2.0, "d": 3.0}, {"a": 4, "b": 2, "c": 2, "d": 1}),
    ],
)
def test_competition_ranks_share_ties_and_skip(values, expected):
    assert exposure.competition_ranks(values) == expected

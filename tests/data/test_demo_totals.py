"""Unit totals (:mod:`helpers.data.demo_totals`): exact 2024 calibration, published shares, région targets, earlier years
plausible per unit.

Read back from the session's files (``tests/data/conftest.py``).
"""

from __future__ import annotations

import pandas as pd
import pytest

from helpers.common.formatting import NBSP, share_france, share_region
from tests.data.demo_support import YEARS, total

CALIBRATION = {
    "E": {"11": 1_966_000_000, "34": 2_674_200_000, "occitanie": 49_453_900_000, "france": 580_354_500_000},
    "I": {"11": 2_211_900_000, "34": 4_818_700_000, "occitanie": 37_655_400_000, "france": 684_776_300_000},
}


@pytest.mark.parametrize("flow", ["E", "I"])
def test_2024_totals_are_exactly_the_published_ones(demo_frames: dict[tuple[int, str], pd.DataFrame], flow: str) -> None:
    frame = demo_frames[(2024, flow)]
    expected = CALIBRATION[flow]
    assert total(frame, dep="11") == expected["11"]
    assert total(frame, dep="34") == expected["34"]
    assert total(frame, region="12") == expected["occitanie"]
    assert total(frame) == expected["france"]


@pytest.mark.parametrize("year", YEARS)
@pytest.mark.parametrize("flow", ["E", "I"])
def test_no_two_units_share_a_total(demo_frames: dict[tuple[int, str], pd.DataFrame], year: int, flow: str) -> None:
    """Round weights once gave identical totals to several départements: a tell-tale of fake data."""
    shown = demo_frames[(year, flow)].groupby("dep")["valeur"].sum().floordiv(100_000)  # as printed, 0.1 M€
    assert shown.duplicated().sum() == 0, shown[shown.duplicated(keep=False)].sort_values().to_dict()


@pytest.mark.parametrize(
    ("dep", "flow", "region_share", "france_share"),
    [
        ("11", "E", "4 %", "0,34 %"),
        ("11", "I", "5,9 %", "0,32 %"),
        ("34", "E", "5,4 %", "0,46 %"),
        ("34", "I", "12,8 %", "0,70 %"),
    ],
)
def test_published_shares(demo_frames: dict[tuple[int, str], pd.DataFrame], dep: str, flow: str, region_share: str, france_share: str) -> None:
    frame = demo_frames[(2024, flow)]
    part = total(frame, dep=dep)
    assert share_region(part, total(frame, region="12")) == region_share.replace(" ", NBSP)
    assert share_france(part, total(frame)) == france_share.replace(" ", NBSP)


@pytest.mark.parametrize("year", [2019, 2020, 2021, 2022, 2023])
@pytest.mark.parametrize("flow", ["E", "I"])
def test_earlier_years_are_plausible_and_not_one_common_factor(demo_frames: dict[tuple[int, str], pd.DataFrame], year: int, flow: str) -> None:
    by_unit = {y: demo_frames[(y, flow)].groupby("dep")["valeur"].sum() for y in (year, 2024)}
    ratio = by_unit[year] / by_unit[2024]
    assert ratio.between(0.3, 3.0).all()
    assert ratio.std() > 0.03  # per-unit differences, not one global factor


def test_regions_near_published_totals(demo_frames: dict[tuple[int, str], pd.DataFrame]) -> None:
    exports, imports = demo_frames[(2024, "E")], demo_frames[(2024, "I")]
    published = {"03": 141_600e6, "18": 71_300e6, "01": 68_000e6, "13": 67_600e6, "07": 12_300e6}
    for region, value in published.items():
        assert abs(total(exports, region=region) / value - 1) < 0.05, region
    assert abs(total(imports, region="13") / 63_400e6 - 1) < 0.05
    assert abs(total(imports, region="07") / 13_900e6 - 1) < 0.05


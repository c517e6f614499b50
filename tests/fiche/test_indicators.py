"""Totals blocks: unit, its DGDDI région (Monaco in PACA, DROM together, Corse alone) and France."""

import pandas as pd
import pytest
from hypothesis import given
from hypothesis import strategies as st

from helpers.common.errors import ConfigError
from helpers.fiche.indicators import fiche_totals, flow_totals, sum_over, sum_value, unit_sums
from helpers.places.geography import resolve

ROWS = [  # year, flow, dep, value (euros)
    (2024, "E", "11", 100), (2024, "E", "34", 300), (2024, "E", "31", 600),  # Occitanie: 1000
    (2024, "E", "13", 500), (2024, "E", "99", 50),  # PACA incl. Monaco: 550
    (2024, "E", "20", 40),  # Corse
    (2024, "E", "9D", 30), (2024, "E", "9A", 10),  # DROM: 40
    (2024, "I", "11", 7), (2024, "I", "9D", 70),
    (2023, "E", "11", 999_999),  # another year: never mixed in
]


@pytest.fixture
def totals() -> pd.DataFrame:
    frame = pd.DataFrame(ROWS, columns=["year", "flow", "dep", "value_eur"])
    frame["region"] = "?"  # the région comes from geography, not from this column
    return frame


def test_metropolitan_unit(totals):
    block = flow_totals(totals, resolve("11"), 2024, "E")
    assert (block.unit_eur, block.region_eur, block.france_eur) == (100, 1000, 1630)
    assert block.region_name == "Occitanie"
    assert block.region_share == pytest.approx(0.1) and block.france_share == pytest.approx(100 / 1630)


def test_monaco_is_in_paca_and_france(totals):
    block = flow_totals(totals, resolve("13"), 2024, "E")
    assert block.region_eur == 550 and block.france_eur == 1630


def test_drom_compared_with_all_drom(totals):
    block = flow_totals(totals, resolve("974"), 2024, "E")
    assert (block.unit_eur, block.region_eur) == (30, 40)
    assert block.region_name == "ensemble des DROM"


def test_corse_has_no_region_share(totals):
    block = flow_totals(totals, resolve("2A"), 2024, "E")
    assert block.unit_eur == 40 and block.region_eur is None and block.region_share is None


def test_both_flows_and_year_filter(totals):
    blocks = fiche_totals(totals, resolve("11"), 2024)
    assert blocks["I"].unit_eur == 7 and blocks["I"].france_eur == 77
    assert sum_value(totals, year=2023, flow="E") == 999_999


def test_missing_year_is_a_clear_error(totals):
    with pytest.raises(ConfigError, match="2024"):
        flow_totals(totals, resolve("11"), 2030, "E")


def test_region_and_france_pages_compare_with_france_only(totals):
    from helpers.places.geography import FRANCE, regions

    paca = flow_totals(totals, regions()["93"], 2024, "E")  # Monaco included
    assert (paca.unit_eur, paca.region_eur, paca.france_eur, paca.region_name) == (550, None, 1630, None)
    assert paca.france_share == pytest.approx(550 / 1630)
    france = flow_totals(totals, FRANCE, 2024, "E")
    assert (france.unit_eur, france.region_eur, france.france_eur) == (1630, None, 1630)


def reference_sum(totals: pd.DataFrame, *, year: int, flow: str, deps: list[str] | None = None) -> int:
    """Σ value_eur by masks on the frame (the definition of :func:`sum_value`)."""
    mask = (totals["year"] == year) & (totals["flow"] == flow)
    if deps is not None:
        mask &= totals["dep"].isin(deps)
    return int(totals.loc[mask, "value_eur"].sum())


@given(
    st.lists(
        st.tuples(st.sampled_from([2023, 2024]), st.sampled_from(["E", "I"]), st.sampled_from(["11", "34", "13", "99", "9D"]),
                  st.integers(min_value=-(10**12), max_value=10**12)),
        max_size=40,
    ),
    st.sampled_from([2023, 2024]), st.sampled_from(["E", "I"]),
    st.one_of(st.none(), st.lists(st.sampled_from(["11", "34", "13", "99", "9D", "20"]), max_size=4)),
)
def test_sums_equal_the_masked_sums_of_the_frame(rows, year, flow, deps):
    frame = pd.DataFrame(rows, columns=["year", "flow", "dep", "value_eur"]).astype({"year": "int16", "value_eur": "int64"})
    assert sum_value(frame, year=year, flow=flow, deps=deps) == reference_sum(frame, year=year, flow=flow, deps=deps)
    sums = unit_sums(frame, year)
    assert sum(v for (f, _), v in sums.items() if f == flow) == reference_sum(frame, year=year, flow=flow)
    assert sum_over(sums, flow, deps) == reference_sum(frame, year=year, flow=flow, deps=deps)


def test_demo_totals_blocks_equal_the_masked_sums(demo_cache):
    from helpers.data import store

    totals = store.read_totals(demo_cache)
    for code in ("11", "13", "974", "2A"):
        place = resolve(code)
        for flow, block in fiche_totals(totals, place, 2024).items():
            assert block.unit_eur == reference_sum(totals, year=2024, flow=flow, deps=[place.dgddi_code])
            assert block.france_eur == reference_sum(totals, year=2024, flow=flow)


def test_sum_value_equals_a_pandas_filter(totals):
    frame = pd.concat([totals, pd.DataFrame([(2024, "E", None, 5, "?")], columns=totals.columns)], ignore_index=True)
    frame = frame.astype({"year": "int16", "flow": "str", "dep": "str"})  # as read from totals.parquet
    for year in (2023, 2024, 2025):
        for flow in ("E", "I"):
            for deps in (None, [], ["11"], ["11", "34", "31"], ["9D", "9A", "99", "nope"]):
                mask = (frame["year"] == year) & (frame["flow"] == flow)
                if deps is not None:
                    mask &= frame["dep"].isin(deps)
                expected = int(frame.loc[mask, "value_eur"].sum())
                got = sum_value(frame, year=year, flow=flow, deps=deps)
                assert got == expected and type(got) is int, (year, flow, deps)

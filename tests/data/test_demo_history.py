"""The demonstration years 2019–2023 (:mod:`helpers.data.demo_history`): national shape, products, units, partners.

Read back from the session's files (``tests/data/conftest.py``, the default years 2019–2024) with an
independent reader; expected figures are written by hand from ``calibration.md`` (section « France
2019–2024 », headline basis in M€) scaled onto the 2024 regional-file totals of ``fiche.md``.
"""

from __future__ import annotations

import numpy as np
import pandas as pd
import pytest

from helpers.data import demo_history
from tests.data.demo_support import total

#: calibration.md, headline basis (M€): exports and imports per year.
HEADLINE = {
    2019: (508_600, 567_500), 2020: (428_100, 493_300), 2021: (500_100, 584_800),
    2022: (594_500, 758_100), 2023: (607_100, 706_700), 2024: (598_300, 679_400),
}
#: fiche.md, France entière 2024 on the regional-file basis (M€).
REGIONAL_2024 = (580_354.5, 684_776.3)
#: CPF4 codes of energy products (crude oil, natural gas, refined products, electricity, coal).
ENERGY = {"0610", "0620", "1920", "3511", "0510"}
Frames = dict[tuple[int, str], pd.DataFrame]


def _share(frame: pd.DataFrame, codes: set[str]) -> float:
    return frame.loc[frame["cpf4"].isin(codes), "valeur"].sum() / frame["valeur"].sum()


def _change(frames: Frames, flow: str, start: int, end: int, **where: str) -> float:
    return total(frames[(end, flow)], **where) / total(frames[(start, flow)], **where) - 1


@pytest.mark.parametrize("year", sorted(HEADLINE))
@pytest.mark.parametrize("flow", ["E", "I"])
def test_france_follows_the_scaled_national_shape(demo_frames: Frames, year: int, flow: str) -> None:
    column = 0 if flow == "E" else 1
    expected = HEADLINE[year][column] / HEADLINE[2024][column] * REGIONAL_2024[column]  # M€
    assert abs(total(demo_frames[(year, flow)]) / 1e6 / expected - 1) <= 0.02


def test_2020_falls_2021_rebounds_2022_imports_spike(demo_frames: Frames) -> None:
    exports = [total(demo_frames[(y, "E")]) for y in range(2019, 2025)]
    imports = [total(demo_frames[(y, "I")]) for y in range(2019, 2025)]
    assert exports[1] < 0.88 * exports[0] and imports[1] < 0.9 * imports[0]  # 2020
    assert exports[2] > 1.1 * exports[1]  # 2021
    assert imports[3] > 1.2 * imports[2]  # 2022
    assert imports[3] == max(imports) and imports[4] < imports[3]  # 2023: energy prices fall back
    assert exports[3] - imports[3] == min(e - i for e, i in zip(exports, imports))  # the record deficit


def test_energy_share_of_imports_jumps_in_2022(demo_frames: Frames) -> None:
    shares = {y: _share(demo_frames[(y, "I")], ENERGY) for y in range(2019, 2025)}
    assert shares[2022] > 1.5 * shares[2021]
    assert shares[2022] > 1.4 * shares[2023]
    assert shares[2020] < shares[2019]  # low oil prices in 2020
    energy_2022 = demo_frames[(2022, "I")].loc[lambda f: f["cpf4"].isin(ENERGY), "valeur"].sum() / 1e6
    assert 100_000 < energy_2022 < 170_000  # M€: the 2022 energy bill ≈ 115 000 M€ net


def test_aerospace_falls_more_than_pharmaceuticals_in_2020(demo_frames: Frames) -> None:
    aerospace = _change(demo_frames, "E", 2019, 2020, cpf4="3030")
    pharma = _change(demo_frames, "E", 2019, 2020, cpf4="2120")
    assert aerospace < -0.35
    assert pharma > -0.05  # pharmaceuticals hold
    assert _change(demo_frames, "E", 2020, 2023, cpf4="3030") > 0.5  # aerospace recovers by 2023


def test_an_aerospace_and_a_wine_departement_live_different_2020s(demo_frames: Frames) -> None:
    haute_garonne = _change(demo_frames, "E", 2019, 2020, dep="31")  # aircraft ≈ 86 % of its exports
    aude = _change(demo_frames, "E", 2019, 2020, dep="11")  # wine ≈ 40 %
    marne = _change(demo_frames, "E", 2019, 2020, dep="51")  # champagne
    assert haute_garonne < -0.3
    assert -0.25 < aude < 0.0 and -0.25 < marne < 0.0
    assert aude - haute_garonne > 0.2


def test_top_ten_products_change_over_the_years(demo_frames: Frames) -> None:
    """Some products enter or leave a unit's top 10 between 2019 and 2024: « biggest movers » exist."""
    changed = 0
    for dep in ("11", "34", "31", "75", "13", "59"):
        tops = [set(demo_frames[(y, "E")].loc[lambda f: f["dep"] == dep].groupby("cpf4")["valeur"].sum().nlargest(10).index) for y in (2019, 2024)]
        changed += tops[0] != tops[1]
    assert changed >= 4


def test_united_kingdom_weighs_less_after_brexit(demo_frames: Frames) -> None:
    share = {y: total(demo_frames[(y, "E")], pays="GB") / total(demo_frames[(y, "E")]) for y in (2019, 2021)}
    assert share[2021] < 0.92 * share[2019]


def test_profile_tables_cover_every_year_and_end_at_one() -> None:
    demo_history.check_tables()  # raises on a malformed table
    assert demo_history.shape_index(2019) == 0 and demo_history.shape_index(2024) == 5
    assert demo_history.shape_index(2010) == 0 and demo_history.shape_index(2030) == 5  # clamped
    assert demo_history.national_ratio(2024, "E") == 1.0
    assert demo_history.national_ratio(2020, "I") == pytest.approx(493_300 / 679_400)


def test_random_walk_accumulates_one_step_per_year_between() -> None:
    from helpers.data.demo_catalogue import random_walk

    assert not random_walk(1, 2024, 2024, 21, (3,), 0.1).any()  # the reference year does not move
    one = random_walk(1, 2023, 2024, 21, (3,), 0.1)
    two = random_walk(1, 2022, 2024, 21, (3,), 0.1)
    step_2023 = random_walk(1, 2022, 2023, 21, (3,), 0.1)  # the step drawn for 2023 alone
    assert np.allclose(two, one + step_2023)  # 2022's walk = 2023's + one more step
    assert np.allclose(random_walk(1, 2023, 2024, 21, (3,), 0.2), 2 * one)  # sd scales the steps
    assert np.allclose(random_walk(1, 2025, 2024, 21, (3,), 0.1), random_walk(1, 2024, 2025, 21, (3,), 0.1))  # both: the 2025 step

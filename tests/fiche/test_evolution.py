"""« Évolution » numbers on tiny hand-made fixtures: years, provisional marking, series, index, movers, shares."""

from __future__ import annotations

import math
import shutil
from types import SimpleNamespace

import pandas as pd

from helpers.data import store
from helpers.fiche import evolution
from helpers.places.geography import FRANCE, resolve, resolve_place
from tests.data.conftest import FLOWS, label_files


def totals(rows: list[tuple[int, str, str, int]]) -> pd.DataFrame:
    """Totals (year, flow, dep, region, value_eur) from (year, flow, dep, euros) rows."""
    return pd.DataFrame(
        [{"year": y, "flow": f, "dep": d, "region": resolve(d).dgddi_region, "value_eur": v} for y, f, d, v in rows]
    )


def records(rows: list[tuple[int, str, str, str, int]]) -> pd.DataFrame:
    """Scope records (year, flow, a129, country, value_eur) from (year, flow, a129, country, euros) rows."""
    return pd.DataFrame([{"year": y, "flow": f, "a129": p, "country": c, "value_eur": v} for y, f, p, c, v in rows])


TOTALS = totals([
    (2022, "E", "11", 100), (2022, "I", "11", 150), (2022, "E", "34", 300), (2022, "I", "34", 100),
    (2023, "E", "11", 120), (2023, "I", "11", 150), (2023, "E", "34", 330), (2023, "I", "34", 90),
    (2024, "E", "11", 90), (2024, "I", "11", 100), (2024, "E", "34", 360), (2024, "I", "34", 80),
    (2024, "E", "75", 1000),
])


def test_years_are_the_datas_up_to_the_pages_and_the_last_is_provisional():
    assert evolution.shown_years(TOTALS, 2024) == [2022, 2023, 2024]
    assert evolution.shown_years(TOTALS, 2023) == [2022, 2023]
    assert evolution.provisional_year(TOTALS) == 2024
    assert evolution.year_label(2024, 2024) == "2024 (p)" and evolution.year_label(2024, 2024, long=True) == "2024 provisoire"
    assert evolution.year_label(2023, 2024) == "2023"


def test_yearly_series_of_a_unit_a_region_and_france():
    aude = evolution.yearly_series(TOTALS, resolve("11"), [2022, 2023, 2024])
    assert [(s.export_eur, s.import_eur, s.balance_eur) for s in aude] == [(100, 150, -50), (120, 150, -30), (90, 100, -10)]
    occitanie = evolution.yearly_series(TOTALS, resolve("11").region, [2022, 2024])
    assert [(s.export_eur, s.import_eur) for s in occitanie] == [(400, 250), (450, 180)]
    france = evolution.yearly_series(TOTALS, FRANCE, [2024])
    assert (france[0].export_eur, france[0].import_eur) == (1450, 180)  # Paris counts in France only


def test_index_on_the_first_year_rounded_half_up_and_undefined_without_base():
    assert evolution.index_series([100, 120, 90]) == [100.0, 120.0, 90.0]
    assert evolution.index_series([300, 330, 361]) == [100.0, 110.0, 120.3]  # 120,333…
    assert evolution.index_series([8, 9]) == [100.0, 112.5]
    assert evolution.index_series([0, 5]) == [None, None]


def test_percent_change_half_up_and_none_without_base():
    assert evolution.percent_change(200, 201) == 0.5
    assert evolution.percent_change(3, 2) == -33.3
    assert evolution.percent_change(0, 7) is None


def test_compared_places_of_each_kind_of_page():
    assert [(c.role, c.name) for c in evolution.compared_places(resolve("11"))] == [
        ("place", "Aude"), ("region", "Occitanie"), ("france", "France entière")]
    assert [c.role for c in evolution.compared_places(resolve("2A"))] == ["place", "france"]  # Corse: no région
    assert evolution.compared_places(resolve("974"))[1].name == "ensemble des DROM"
    assert [c.role for c in evolution.compared_places(resolve_place("R76"))] == ["place", "france"]
    assert [c.role for c in evolution.compared_places(FRANCE)] == ["place"]


# Products of one scope: P01…P11 in 2023, P11 replaces P10 in the top 10 of 2024; a special code.
MOVER_ROWS = [(2023, "E", f"P{i:02d}", "DE", 1000 - 10 * i) for i in range(1, 11)] + [
    (2023, "E", "P11", "DE", 5),
    (2024, "E", "P01", "DE", 1100), (2024, "E", "P02", "DE", 880), (2024, "E", "P11", "DE", 950),
    *[(2024, "E", f"P{i:02d}", "DE", 1000 - 10 * i) for i in range(3, 10)],
    (2024, "E", "P10", "DE", 20),
    (2024, "I", "P01", "DE", 10**9),  # another flow: ignored
]


def test_movers_keep_an_item_that_fell_out_of_the_top_10_sorted_by_change():
    table = evolution.movers(records(MOVER_ROWS), flow="E", column="a129", years=[2023, 2024], n=10)
    assert set(table["code"]) == {f"P{i:02d}" for i in range(1, 12)}  # top 10 of 2023 ∪ top 10 of 2024
    assert table["code"].tolist()[:2] == ["P11", "P01"]  # +945, then +110
    assert table["code"].tolist()[-1] == "P10"  # 900 → 20: -880, the largest fall
    p10 = table.set_index("code").loc["P10"]
    assert (p10["previous_eur"], p10["last_eur"], p10["change_previous_eur"], p10["change_previous_pct"]) == (900, 20, -880, -97.8)
    assert not p10["top_last"] and table.set_index("code").loc["P11", "top_last"]
    p02 = table.set_index("code").loc["P02"]
    assert (p02["change_previous_eur"], p02["change_previous_pct"]) == (-100, -10.2)  # 980 → 880


def test_movers_since_the_first_year_add_its_top_items():
    rows = [(2022, "E", "A", "DE", 50), (2022, "E", "B", "DE", 10), (2023, "E", "B", "DE", 20), (2023, "E", "C", "DE", 5),
            (2024, "E", "B", "DE", 30), (2024, "E", "C", "DE", 6)]
    table = evolution.movers(records(rows), flow="E", column="a129", years=[2022, 2023, 2024], n=1).set_index("code")
    assert sorted(table.index) == ["A", "B"]  # A: top 1 of 2022 only; C never first
    a = table.loc["A"]
    assert a.tolist()[:4] == [50, 0, 0, 0] and math.isnan(a["change_previous_pct"])  # 0 → 0: no base
    assert (a["change_first_eur"], a["change_first_pct"]) == (-50, -100.0)
    assert (table.loc["B", "change_first_eur"], table.loc["B", "change_first_pct"]) == (20, 200.0)


def test_special_partner_codes_are_never_ranked():
    rows = [(2023, "E", "P", "QU", 500), (2024, "E", "P", "QU", 900), (2023, "E", "P", "DE", 10), (2024, "E", "P", "DE", 20)]
    table = evolution.movers(records(rows), flow="E", column="country", years=[2023, 2024], excluded={"QU"})
    assert table["code"].tolist() == ["DE"]


def test_movers_of_yearly_sums_with_their_dtypes_and_without_any_item():
    table = evolution.movers_of({2023: {"A": 10, "B": 4}, 2024: {"A": 12, "C": 7}}, years=[2023, 2024], n=2)
    assert table["code"].tolist() == ["C", "A", "B"]  # +7 (new), +2, -4
    assert table.loc[0].tolist()[:5] == ["C", 0, 0, 7, 7] and math.isnan(table.loc[0, "change_previous_pct"])
    assert table["change_previous_pct"].tolist()[1:] == [20.0, -100.0] and table["top_last"].tolist() == [True, True, False]
    assert {str(table[k].dtype) for k in evolution.MOVER_COLUMNS if k.endswith("_eur")} == {"int64"}
    assert str(table["change_previous_pct"].dtype) == "float64" and str(table["top_last"].dtype) == "bool"
    empty = evolution.movers_of({}, years=[2023, 2024])
    assert empty.empty and empty.columns.tolist() == evolution.MOVER_COLUMNS


def test_share_of_exports_going_to_the_united_states():
    rows = records([(2023, "E", "P", "US", 25), (2023, "E", "P", "DE", 75), (2024, "E", "P", "DE", 50), (2024, "I", "P", "US", 9)])
    to_us = evolution.exports_to(evolution.sums_by_year(rows, flow="E", column="country"))
    assert to_us == {2023: 25}
    assert evolution.share_series(to_us, {2023: 100, 2024: 50, 2025: 0}, [2023, 2024, 2025]) == [25.0, 0.0, None]
    assert evolution.share_series({2023: 1}, {2023: 3}, [2023]) == [33.3]


def test_flow_sums_of_a_unit_a_region_and_france(tmp_path) -> None:  # noqa: ANN001
    source = tmp_path / "src"
    source.mkdir()
    for path in [FLOWS / "Region_2024_Export.txt", FLOWS / "Region_2024_Import.txt", FLOWS / "validity_warning.txt", *label_files()]:
        shutil.copy(path, source / path.name)
    cache = store.ensure_cache(source, tmp_path / "cache")
    aude = evolution.flow_sums(cache, resolve("11"), "E", "a129")
    assert aude.products == {2023: {"A01Z": 30}, 2024: {"A01Z": 1000, "C20B": 2500}}
    assert aude.countries == {2023: {"BE": 10, "ZZ": 20}, 2024: {"BE": 1000, "DE": 2500}}
    assert evolution.flow_sums(cache, resolve("11"), "I", "cpf4").products == {2024: {"0111": 300}}
    occitanie = evolution.flow_sums(cache, resolve("11").region, "E", "a129")  # Aude, Hérault, Haute-Garonne
    assert occitanie.products == {2023: {"A01Z": 30}, 2024: {"A01Z": 1000, "C20B": 2500, "C30C": 1_500_700_000}}
    assert occitanie.countries[2024] == {"BE": 1000, "DE": 1_500_002_500, "US": 700_000}
    france = evolution.flow_sums(cache, FRANCE, "E", "a129")  # + Paris, the DROM (9D) and Corse (20)
    assert france.products[2024] == {"A01Z": 1015, "B08Z": 42, "C20B": 2500, "C30C": 1_500_700_000}
    assert evolution.exports_to(france.countries) == {2024: 700_000}


def context(years_rows: list[tuple[int, str, str, int]], place, year: int) -> SimpleNamespace:  # noqa: ANN001
    return SimpleNamespace(totals=totals(years_rows), place=place, year=year)


def test_one_year_of_data_says_so_in_one_sentence():
    text = evolution.intro(context([(2024, "E", "11", 5)], resolve("11"), 2024)).data
    assert text == (
        "Les données disponibles ne couvrent que l'année 2024 : l'évolution des échanges de l’Aude sur plusieurs années "
        "ne peut pas encore être présentée."
    )


def test_intro_names_the_period_the_comparisons_and_the_provisional_year():
    text = evolution.intro(context([(2022, "E", "11", 5), (2024, "E", "11", 5)], resolve("11"), 2024)).data
    assert text.startswith("Période : de 2022 à 2024, en euros courants (sans correction de l'inflation) ; comparaison avec "
                           "la région Occitanie et la France entière.")
    assert "Les chiffres de 2024, notés « 2024 (p) », sont provisoires" in text
    assert "Des années manquent" in text  # 2023 is missing
    earlier = evolution.intro(context([(2023, "E", "75", 5), (2024, "E", "75", 5)], FRANCE, 2023)).data
    assert "provisoires" not in earlier and "comparaison" not in earlier  # 2023 is not the data's last year; France alone

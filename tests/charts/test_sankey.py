"""Sankey diagrams drawn: titles and names, one data row per link, the demonstration data, spec size, stability, no data."""

from __future__ import annotations

import pandas as pd
import pytest

from helpers.charts import ranking
from helpers.charts import sankey as chart_sankey
from helpers.data import store
from tests.charts.support import SANKEY_TOTAL, chart_json_in_another_process, sankey_records, tidy_records


def make_records(rows: list[tuple[str, str, str, int]], *, year: int = 2024) -> pd.DataFrame:
    """Tidy records from (flow, a129, country, euros) rows."""
    return tidy_records(rows, year=year)


def test_chart_titles_data_and_one_row_per_link():
    result = chart_sankey.sankey(sankey_records("E"), flow="E", year=2024, scope_label="Aude", product_labels=None,
                                 country_labels=None, n_products=2, n_countries=2, n_red=3)
    assert result.name == "sankey-export-dep"
    assert result.title == "Flux à l'export par produit et par pays, Aude (en valeur, 2024)"
    imports = chart_sankey.sankey(sankey_records("I"), flow="I", year=2024, scope_label="Aude", product_labels=None,
                                  country_labels=None, scope="region")
    assert imports.name == "sankey-import-region"
    assert imports.title == "Flux à l'import par pays et par produit, Aude (en valeur, 2024)"
    data = result.data
    assert data["Valeur (€)"].sum() == SANKEY_TOTAL
    assert (data["Flux principal (rouge)"] == "oui").sum() == 3
    spec = result.chart.to_dict()
    links = next(d for d in spec["datasets"].values() if "sy0" in d[0])
    assert len(links) == len(data) == 9  # 3 × 3 groups, every pair present
    assert spec["description"] == result.description
    assert "sequence(0, 1.0001" in result.chart.to_json()


@pytest.fixture(scope="module")
def aude(demo_cache) -> tuple[pd.DataFrame, pd.DataFrame, pd.DataFrame]:
    cache = demo_cache  # the session\'s demonstration data (conftest)
    return (
        store.read_records(cache, dep="11"),
        store.read_labels(cache, "a129", 2024),
        store.read_labels(cache, "pays", 2024),
    )


@pytest.mark.parametrize("flow", ["E", "I"])
def test_aude_demo(aude, flow):
    records, products, countries = aude
    result = chart_sankey.sankey(records, flow=flow, year=2024, scope_label="Aude", product_labels=products, country_labels=countries)
    total = {"E": 1_966_000_000, "I": 2_211_900_000}[flow]
    assert result.data["Valeur (€)"].sum() == total
    assert (result.data["Flux principal (rouge)"] == "oui").sum() == 5
    red = result.data[result.data["Flux principal (rouge)"] == "oui"]
    assert (red["Code origine"] != "").all() and (red["Code destination"] != "").all()
    country_column = "Code destination" if flow == "E" else "Code origine"
    assert not set(result.data[country_column]) & ranking.special_partner_codes(countries)
    assert result.data[country_column].replace("", pd.NA).dropna().nunique() == 10
    size = len(result.chart.to_json())
    assert size < 60_000, f"spec trop gros : {size} octets"
    result.chart.to_dict(validate=True)


def test_stable_across_processes(aude, demo_data, demo_cache):
    records, products, countries = aude
    here = chart_sankey.sankey(records, flow="E", year=2024, scope_label="Aude", product_labels=products,
                               country_labels=countries).chart.to_json()
    other = chart_json_in_another_process(
        'chart_sankey.sankey(records, flow="E", year=2024, scope_label="Aude", product_labels=labels("a129"), country_labels=labels("pays"))',
        demo_data, demo_cache, hash_seed="4242",
    )
    assert other == here


def test_no_data_gives_a_valid_empty_chart():
    from helpers.charts import butterfly as chart_butterfly
    from helpers.charts import treemap as chart_treemap

    empty = make_records([("I", "C11Z", "ES", 5)], year=2023)  # nothing in 2024
    results = [
        chart_sankey.sankey(empty, flow="E", year=2024, scope_label="X", product_labels=None, country_labels=None),
        chart_butterfly.butterfly(empty, year=2024, scope_label="X", country_labels=None),
        chart_treemap.treemap(empty, year=2024, scope_label="X", product_labels=None),
    ]
    for result in results:
        assert result.data.empty and "aucun échange" in result.description
        result.chart.to_dict(validate=True)

"""Butterfly chart: country selection, sides, balance sign and colour, French table, stability."""

from __future__ import annotations

import json

import pandas as pd
import pytest

from helpers.charts import butterfly as chart_butterfly
from helpers.charts import palette, ranking
from helpers.charts.base import ChartResult
from helpers.data import store
from tests.charts.support import chart_json_in_another_process, tidy_records


def make_records(rows: list[tuple[str, str, int]], *, year: int = 2024) -> pd.DataFrame:
    """Tidy records from (flow, country, euros) rows (one product)."""
    return tidy_records([(f, "C11Z", c, v) for f, c, v in rows], year=year, cpf4="1102")


LABELS = pd.DataFrame(
    {"code": ["AA", "BB", "CC", "DD", "EE", "FF", "GG", "QU"],
     "label": ["Alpha", "Bêta", "Gamma", "Delta", "Epsilon", "Phi", "Gimel", "Pays non déterminés"]}
)


def datasets(result: ChartResult) -> list[list[dict]]:
    return list(result.chart.to_dict()["datasets"].values())


def test_select_countries_largest_k_with_at_most_n():
    imports = pd.Series({"AA": 100, "BB": 90, "CC": 80, "DD": 70})
    exports = pd.Series({"AA": 50, "EE": 45, "FF": 40, "GG": 30})
    codes, k = chart_butterfly.select_countries(imports, exports, 4, excluded=frozenset())
    assert (codes, k) == (["AA", "BB", "EE"], 2)  # k=3 would give 5 countries
    codes, k = chart_butterfly.select_countries(imports, exports, 5, excluded=frozenset())
    assert (codes, k) == (["AA", "BB", "CC", "EE", "FF"], 3)
    codes, k = chart_butterfly.select_countries(imports, exports, 50, excluded=frozenset())
    assert len(codes) == 7 and k == 4


def test_special_codes_never_shown():
    records = make_records([("I", "QU", 10**9), ("I", "AA", 10), ("E", "BB", 20), ("E", "QU", 10**9)])
    table, _ = chart_butterfly.butterfly_table(records, year=2024, country_labels=LABELS, n=10)
    assert "QU" not in table["code"].tolist()
    assert set(table["code"]) == {"AA", "BB"}


def test_imports_left_exports_right_and_balance_sign():
    records = make_records(
        [("I", "AA", 300_000_000), ("E", "AA", 100_000_000), ("I", "BB", 50_000_000), ("E", "BB", 175_250_000),
         ("I", "CC", 10_000_000), ("E", "CC", 10_000_000)]
    )
    result = chart_butterfly.butterfly(records, year=2024, scope_label="Aude", country_labels=LABELS)
    bars, balance = (d for d in datasets(result) if "flux" in d[0] or "solde_x" in d[0] and "signe" in d[0])
    for row in bars:
        assert (row["x"] < 0) if row["flux"] == "Importations" else (row["x"] > 0)
    by_country = {row["pays"]: row for row in balance}
    assert by_country["Alpha"]["signe"] == "négatif" and by_country["Alpha"]["solde"] == "\u2212200"  # a minus sign
    assert by_country["Bêta"]["signe"] == "positif" and by_country["Bêta"]["solde"] == "+125,3"
    assert by_country["Gamma"]["solde"] == "0"
    # the colour scale maps the sign classes to red / green
    spec = json.dumps(result.chart.to_dict())
    assert f'"domain": ["n\\u00e9gatif", "positif"], "range": ["{palette.BALANCE_NEGATIVE}", "{palette.BALANCE_POSITIVE}"]' in spec
    assert f'"range": ["{palette.IMPORT}", "{palette.EXPORT}"]' in spec


def test_sorted_by_total_trade_then_code():
    records = make_records([("I", "CC", 5), ("E", "AA", 3), ("I", "AA", 2), ("E", "BB", 5), ("I", "DD", 9)])
    table, _ = chart_butterfly.butterfly_table(records, year=2024, country_labels=LABELS, n=10)
    assert table["code"].tolist() == ["DD", "AA", "BB", "CC"]  # 9, 5 (AA<BB<CC), 5, 5


def test_french_table_and_texts():
    records = make_records([("I", "AA", 1_234_567_890), ("E", "AA", 49_950_000), ("I", "QU", 7), ("E", "BB", 1_000)])
    result = chart_butterfly.butterfly(records, year=2024, scope_label="Aude", country_labels=LABELS)
    assert result.title == "Principaux pays à l'import et à l'export, Aude (2024)"
    row = result.data.set_index("Code pays").loc["AA"]
    assert row["Importations (M€)"] == 1234.6 and row["Exportations (M€)"] == 50.0
    assert row["Solde (€)"] == 49_950_000 - 1_234_567_890
    assert list(result.data.columns) == [
        "Pays", "Code pays", "Importations (M€)", "Exportations (M€)", "Solde (M€)",
        "Importations (€)", "Exportations (€)", "Solde (€)",
    ]
    assert "1\u00a0234,6\u00a0M€" in result.description
    assert result.chart.to_dict()["description"] == result.description
    assert result.footnote and "« +" in result.footnote


def test_other_years_ignored():
    records = pd.concat([make_records([("I", "AA", 10)]), make_records([("I", "BB", 99)], year=2023)])
    table, _ = chart_butterfly.butterfly_table(records, year=2024, country_labels=LABELS)
    assert table["code"].tolist() == ["AA"]


@pytest.fixture(scope="module")
def aude(demo_cache) -> tuple[pd.DataFrame, pd.DataFrame]:
    cache = demo_cache  # the session\'s demonstration data (conftest)
    return store.read_records(cache, dep="11"), store.read_labels(cache, "pays", 2024)


def test_aude_demo(aude):
    records, labels = aude
    result = chart_butterfly.butterfly(records, year=2024, scope_label="Aude", country_labels=labels)
    data = result.data
    assert 2 <= len(data) <= 10
    assert not set(data["Code pays"]) & ranking.special_partner_codes(labels)
    assert (data["Solde (€)"] == data["Exportations (€)"] - data["Importations (€)"]).all()
    year = records[records["year"] == 2024]
    assert data["Importations (€)"].sum() <= year.loc[year["flow"] == "I", "value_eur"].sum()
    result.chart.to_dict(validate=True)


def test_stable_across_processes(aude, demo_data, demo_cache):
    records, labels = aude
    here = chart_butterfly.butterfly(records, year=2024, scope_label="Aude", country_labels=labels).chart.to_json()
    other = chart_json_in_another_process(
        'chart_butterfly.butterfly(records, year=2024, scope_label="Aude", country_labels=labels("pays"))', demo_data, demo_cache, hash_seed="12345"
    )
    assert other == here


def test_duplicate_labels_are_told_apart():
    labels = pd.DataFrame({"code": ["AA", "BB"], "label": ["Même nom", "Même nom"]})
    records = make_records([("I", "AA", 10), ("E", "BB", 20)])
    table, _ = chart_butterfly.butterfly_table(records, year=2024, country_labels=labels)
    assert sorted(table["label"]) == ["Même nom (AA)", "Même nom (BB)"]

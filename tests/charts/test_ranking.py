"""Top-N with « autres »: order, ties, special partner codes, exact sums."""

from __future__ import annotations

import pandas as pd
import pytest

from helpers.charts import ranking


def series(values: dict[str, int]) -> pd.Series:
    return pd.Series(values, dtype="int64")


def test_ranked_by_value_then_code():
    rank = ranking.top_n(series({"DE": 50, "BE": 70, "AT": 50, "ES": 90, "CH": 50}), 4)
    assert rank.codes == ["ES", "BE", "AT", "CH"]  # ties at 50: AT < CH < DE
    assert rank.named["rank"].tolist() == [1, 2, 3, 4]
    assert rank.others_codes == ("DE",)
    assert rank.others_eur == 50


def test_ties_do_not_depend_on_input_order():
    values = {"ZZ": 10, "AA": 10, "MM": 10, "BB": 10}
    a = ranking.top_n(series(values), 2).codes
    b = ranking.top_n(series(dict(reversed(list(values.items())))), 2).codes
    assert a == b == ["AA", "BB"]


def test_special_codes_go_to_others():
    values = series({"QU": 1_000, "QS": 900, "XK": 800, "ES": 100, "DE": 50, "IT": 10})
    rank = ranking.top_n(values, 2, excluded=ranking.SPECIAL_PARTNER_CODES)
    assert rank.codes == ["ES", "DE"]
    assert set(rank.others_codes) == {"QU", "QS", "XK", "IT"}
    assert rank.others_eur == 1_000 + 900 + 800 + 10


def test_special_codes_constant():
    for code in ("QP", "QQ", "QR", "QS", "QU", "XC", "XL", "XK"):
        assert code in ranking.SPECIAL_PARTNER_CODES
    assert "FR" not in ranking.SPECIAL_PARTNER_CODES and "ES" not in ranking.SPECIAL_PARTNER_CODES


def test_special_codes_from_labels():
    labels = pd.DataFrame(
        {
            "code": ["ES", "Q1", "Q2", "Q3", "DE"],
            "label": ["Espagne", "Pays et territoires non déterminés", "Avitaillement des navires", "Haute mer", "Allemagne"],
        }
    )
    codes = ranking.special_partner_codes(labels)
    assert {"Q1", "Q2", "Q3"} <= codes
    assert ranking.SPECIAL_PARTNER_CODES <= codes
    assert "ES" not in codes and "DE" not in codes


def test_sum_named_plus_others_is_total_exactly():
    values = series({f"C{i:02d}": 1_000_003 * (i + 1) + 7 for i in range(25)})
    rank = ranking.top_n(values, 10)
    assert int(rank.named["value_eur"].sum()) + rank.others_eur == rank.total_eur == int(values.sum())
    assert isinstance(rank.others_eur, int) and isinstance(rank.total_eur, int)


def test_n_larger_than_available():
    rank = ranking.top_n(series({"B": 2, "A": 5}), 10)
    assert rank.codes == ["A", "B"]
    assert rank.others_eur == 0 and rank.others_codes == ()


def test_zero_values_are_not_named():
    rank = ranking.top_n(series({"A": 5, "B": 0}), 10)
    assert rank.codes == ["A"]
    assert rank.others_codes == ("B",) and rank.others_eur == 0


def test_n_zero_and_negative():
    rank = ranking.top_n(series({"A": 5, "B": 3}), 0)
    assert rank.codes == [] and rank.others_eur == 8
    with pytest.raises(ValueError):
        ranking.top_n(series({"A": 5}), -1)


def test_rank_records_aggregates_rows_and_maps_groups():
    records = pd.DataFrame(
        {"country": ["ES", "ES", "DE", "IT", "QU"], "value_eur": [10, 15, 20, 5, 100]}
    )
    rank = ranking.rank_records(records, "country", 2, excluded=ranking.SPECIAL_PARTNER_CODES)
    assert rank.codes == ["ES", "DE"]
    assert rank.named["value_eur"].tolist() == [25, 20]
    assert rank.others_eur == 105
    assert rank.groups(records["country"]).tolist() == ["ES", "ES", "DE", ranking.OTHERS_CODE, ranking.OTHERS_CODE]
    assert rank.mapping() == {"ES": "ES", "DE": "DE", "IT": ranking.OTHERS_CODE, "QU": ranking.OTHERS_CODE}


def test_order_codes_by_value_then_code():
    values = pd.Series({"DE": 50, "BE": 70, "AT": 50, "ES": 90}, dtype="int64")
    assert ranking.order_codes(values) == ["ES", "BE", "AT", "DE"]
    assert ranking.order_codes(values.iloc[::-1]) == ["ES", "BE", "AT", "DE"]


def test_sums_by_adds_the_same_in_python_and_with_pandas(demo_cache, monkeypatch):
    from helpers.data import store

    records = store.read_records(demo_cache, dep="34", year=2024)
    keys = ["flow", "a129", "country"]
    expected = {k: int(v) for k, v in records.groupby(keys, sort=False)["value_eur"].sum().items()}
    plain = ranking.sums_by(records, keys)
    monkeypatch.setattr(ranking, "PLAIN_SUM_ROWS", 0)
    grouped = ranking.sums_by(records, keys)
    assert plain == grouped == expected
    assert list(plain) == list(grouped) == list(expected)  # first-seen order
    assert all(type(v) is int for v in plain.values()) and all(type(v) is int for v in grouped.values())
    assert sum(plain.values()) == int(records["value_eur"].sum())


def test_top_n_of_a_mapping_is_top_n_of_the_series():
    values = {"DE": 50, "BE": 70, "AT": 50, "ES": 90, "CH": 50, "QU": 500, "FR": 0}
    for n in (0, 2, 4, 10):
        a = ranking.top_n_of(values, n, excluded=ranking.SPECIAL_PARTNER_CODES)
        b = ranking.top_n(series(values), n, excluded=ranking.SPECIAL_PARTNER_CODES)
        pd.testing.assert_frame_equal(a.named, b.named)
        assert (a.others_eur, a.total_eur, a.others_codes) == (b.others_eur, b.total_eur, b.others_codes)

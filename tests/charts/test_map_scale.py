"""Classes, colours and legends of the map: round thresholds near the quantiles, French labels."""

import pytest

from helpers.charts import map_scale as s

NBSP = "\u00a0"


@pytest.mark.parametrize(("value", "expected"), [(1340.0, 1000.0), (3500.0, 4000.0), (0.07, 0.07), (-760.0, -800.0), (9.6, 10.0), (0.0, 0.0)])
def test_nice_keeps_one_significant_digit(value, expected):
    assert s.nice(value) == expected


def test_sequential_thresholds_are_nice_sixths_inside_the_range():
    values = [100.0, 200.0, 300.0, 400.0, 500.0, 600.0, 700.0, None]
    # sixths: 200, 300, 400, 500, 600, already round
    assert s.thresholds(values, diverging=False) == [200.0, 300.0, 400.0, 500.0, 600.0]
    assert [s.class_of(v, [200.0, 500.0]) for v in (100.0, 200.0, 499.0, 500.0, 700.0, None)] == [0, 1, 1, 2, 2, None]
    # 12 values 1..12: sixths 2.83, 4.67, 6.5, 8.33, 10.17 → 3, 5, 7, 8, 10
    assert s.thresholds([float(v) for v in range(1, 13)], diverging=False) == [3.0, 5.0, 7.0, 8.0, 10.0]


def test_diverging_thresholds_are_symmetric_around_zero():
    values = [-300.0, -100.0, 50.0, 120.0, 1000.0]
    # |v| sorted 50, 100, 120, 300, 1000: thirds 106.7 → 100, 240 → 200
    bounds = s.thresholds(values, diverging=True)
    assert bounds == [-200.0, -100.0, 0.0, 100.0, 200.0]
    assert [s.class_of(v, bounds) for v in values] == [0, 2, 3, 4, 5]
    assert s.colours(s.MEASURES[1], len(bounds) + 1) == s.RDBU[6]


def test_colours_for_few_classes_keep_the_darkest():
    exports = s.MEASURES[0]
    assert s.colours(exports, 1) == ("#756bb1",) and s.colours(exports, 4) == s.PURPLES[5][1:] and s.colours(exports, 6) == s.PURPLES[7][1:]


def test_legend_and_values_in_french():
    assert s.legend_labels([200.0, 500.0, 1000.0], "M€") == ["moins de 200", "de 200 à 500", "de 500 à 1" + NBSP + "000", "1" + NBSP + "000 et plus"]
    assert s.legend_labels([-1000.0, 0.0], "M€")[0] == "moins de \u22121" + NBSP + "000"
    assert s.value_text(1234.56, "M€") == "1" + NBSP + "234,6" + NBSP + "M€"
    assert s.value_text(-12.0, "M€") == "\u221212" + NBSP + "M€"
    assert s.value_text(4.25, "%") == "4,3" + NBSP + "%"
    assert s.value_text(None, "%") == "n." + NBSP + "d."

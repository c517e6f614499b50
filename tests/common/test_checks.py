"""Partition checks (helpers.common.checks): exact sums in euros, declared gaps read and validated."""

from __future__ import annotations

from pathlib import Path

import pytest

from helpers.common.checks import Check, ReconciliationError, Tolerance, check_partition, expected_gap, read_tolerances
from helpers.common.errors import ConfigError


def test_check_partition() -> None:
    assert check_partition("Aude, exportations, produits", {"A": 60, "B": 30, "autres": 10}, 100).ok
    with pytest.raises(ReconciliationError) as info:
        check_partition("Aude, exportations, produits", {"A": 60, "autres": 30}, 100)
    text = str(info.value)
    assert "Aude, exportations, produits" in text and "90 €" in text and "100 €" in text and "écart -10 €" in text
    with pytest.raises(TypeError):
        check_partition("x", {"A": 0.5}, 1)


def test_tolerance_file_is_validated(tmp_path: Path) -> None:
    assert read_tolerances() == []  # the project declares no gap
    path = tmp_path / "t.yml"
    entry = "{check: region, code: '12', flow: E, year: 2024, difference_eur: 5, where: Occitanie, why: test, since: '2025-01-01'}"
    path.write_text(f"tolerances: [{entry}]\n", encoding="utf-8")
    assert read_tolerances(path) == [Tolerance("region", "12", "E", 2024, 5, "Occitanie", "test", "2025-01-01")]
    path.write_text("tolerances: [{check: region, code: '12', flow: E, year: 2024, difference_eur: 5}]\n", encoding="utf-8")
    with pytest.raises(ConfigError, match="champs attendus"):
        read_tolerances(path)
    path.write_text(f"tolerances: [{entry.replace('difference_eur: 5', 'difference_eur: 0.5')}]\n", encoding="utf-8")
    with pytest.raises(ConfigError, match="entier"):
        read_tolerances(path)


def test_a_check_holds_only_with_its_declared_gap() -> None:
    check = Check("region", "12", "Occitanie", "E", 2024, left=1_000, right=1_003, expected=-3)
    assert check.ok and check.difference == -3
    assert not Check("region", "12", "Occitanie", "E", 2024, left=1_000, right=1_003).ok
    gap = Tolerance("region", "12", "E", 2024, -3, "Occitanie", "test", "2025-01-01")
    assert expected_gap([gap], "region", "12", "E", 2024) == -3
    assert expected_gap([gap], "region", "12", "I", 2024) == 0  # another flow: no gap declared
    assert "Occitanie, exportations 2024 : 1 000 € ≠ 1 003 € (écart -3 €)" in check.message()

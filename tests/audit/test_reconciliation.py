"""Reconciliation checks: the demo data add up exactly; a wrong région code, a wrong total or an
undeclared (or changed) gap is a failure naming scope, both figures and the difference."""

from __future__ import annotations

import dataclasses
from pathlib import Path

import pandas as pd
import pytest

from helpers.audit import reconciliation
from helpers.audit.reconciliation import reconcile, reconcile_records
from helpers.common.checks import Check, ReconciliationError, Tolerance
from helpers.fiche.context import load_context


def _records() -> pd.DataFrame:
    """A tiny records table: Aude and Hérault (Occitanie, DGDDI 12), Alpes-Maritimes and Monaco (PACA, DGDDI 21)."""
    rows = [
        (2024, "E", "11", "12", 1_000),
        (2024, "E", "34", "12", 2_000),
        (2024, "I", "11", "12", 500),
        (2024, "E", "99", "21", 70),  # Monaco, counted in PACA
        (2024, "E", "06", "21", 30),
    ]
    return pd.DataFrame(rows, columns=["year", "flow", "dep", "region", "value_eur"])


def _totals(records: pd.DataFrame) -> pd.DataFrame:
    return records.groupby(["year", "flow", "dep", "region"], as_index=False)["value_eur"].sum()


def _by_key(checks: list[Check]) -> dict[tuple, Check]:
    return {(c.check, c.code, c.flow, c.year): c for c in checks}


def test_region_code_of_monaco_checked_against_geography() -> None:
    from helpers.places.geography import units

    assert units()["99"].dgddi_region == units()["06"].dgddi_region == "21"  # premise: PACA is DGDDI 21
    checks = reconcile_records(_records(), _totals(_records()), tolerances=[])
    assert all(c.ok for c in checks)
    paca = _by_key(checks)[("region", "21", "E", 2024)]
    assert (paca.left, paca.right) == (100, 100)
    france = _by_key(checks)[("france", "regions", "E", 2024)]
    assert (france.left, france.right) == (3_100, 3_100)


def test_record_with_wrong_region_code_is_a_failure_with_figures() -> None:
    records = _records()
    records.loc[1, "region"] = "21"  # Hérault filed under PACA
    checks = reconcile_records(records, _totals(records), tolerances=[])
    failed = {(c.check, c.code, c.flow) for c in checks if not c.ok}
    assert failed == {("region", "12", "E"), ("region", "21", "E")}
    occitanie = _by_key(checks)[("region", "12", "E", 2024)]
    assert (occitanie.left, occitanie.right, occitanie.difference) == (1_000, 3_000, -2_000)
    message = occitanie.message()
    assert "Occitanie" in message and "exportations 2024" in message
    assert "1 000 €" in message and "3 000 €" in message and "écart -2 000 €" in message


def test_unknown_region_code_breaks_the_france_identity() -> None:
    records = _records()
    records.loc[4, "region"] = "77"  # no such DGDDI région
    failed = [c for c in reconcile_records(records, _totals(records), tolerances=[]) if not c.ok]
    assert {(c.check, c.code) for c in failed} == {("region", "21"), ("france", "regions")}
    france = next(c for c in failed if c.check == "france")
    assert (france.left, france.right, france.difference) == (3_070, 3_100, -30)


def test_records_without_region_or_unit_code_still_count_in_the_national_total() -> None:
    records = _records()
    records.loc[4, "region"] = None  # Alpes-Maritimes, 30 €: no région code
    records.loc[2, "dep"] = None  # Aude's imports, 500 €: no unit code
    failed = {(c.check, c.code, c.flow): c for c in reconcile_records(records, _totals(_records()), tolerances=[]) if not c.ok}
    assert (failed[("france", "regions", "E")].left, failed[("france", "regions", "E")].right) == (3_070, 3_100)
    assert (failed[("france", "units", "I")].left, failed[("france", "units", "I")].right) == (0, 500)
    assert (failed[("region", "21", "E")].left, failed[("region", "21", "E")].right) == (70, 100)
    assert (failed[("region", "12", "I")].left, failed[("region", "12", "I")].right) == (500, 0)


def test_displayed_total_differing_from_records_is_a_failure() -> None:
    records = _records()
    totals = _totals(records)
    totals.loc[(totals["dep"] == "34") & (totals["flow"] == "E"), "value_eur"] += 1  # what the page would show
    failed = [c for c in reconcile_records(records, totals, tolerances=[]) if not c.ok]
    codes = {c.code for c in failed if c.check == "page"}
    assert "34" in codes and "34/region" in codes and "11/region" in codes and "34/france" in codes
    hérault = next(c for c in failed if c.code == "34" and c.flow == "E")
    assert (hérault.left, hérault.right, hérault.difference) == (2_001, 2_000, 1)


def test_declared_gap_is_asserted_exactly() -> None:
    records = _records()
    records.loc[1, "region"] = "21"
    gap = Tolerance("region", "12", "E", 2024, -2_000, "Occitanie, exportations", "test", "2025-01-01")
    other = Tolerance("region", "21", "E", 2024, 2_000, "PACA, exportations", "test", "2025-01-01")
    checks = _by_key(reconcile_records(records, _totals(records), tolerances=[gap, other]))
    assert checks[("region", "12", "E", 2024)].ok and checks[("region", "21", "E", 2024)].ok
    wrong = dataclasses.replace(gap, difference_eur=-1_999)
    checks = _by_key(reconcile_records(records, _totals(records), tolerances=[wrong, other]))
    assert not checks[("region", "12", "E", 2024)].ok
    assert "écart toléré déclaré : -1 999 €" in checks[("region", "12", "E", 2024)].message()
    # the gap disappears: the declaration no longer holds, the check fails
    clean = _by_key(reconcile_records(_records(), _totals(_records()), tolerances=[gap]))
    assert not clean[("region", "12", "E", 2024)].ok


def test_demo_data_reconcile_exactly(demo_cache: Path) -> None:
    table = reconcile(demo_cache)
    assert list(table.columns) == reconciliation.COLUMNS and table["ok"].all()
    counts = table.groupby("check").size().to_dict()
    years = sorted(table["year"].unique().tolist())
    assert counts["region"] == len(years) * 2 * 14 and counts["france"] == len(years) * 2 * 2
    france = table[(table["check"] == "france") & (table["year"] == 2024)].set_index(["code", "flow"])["right"]
    assert france[("units", "E")] == 580_354_500_000 and france[("units", "I")] == 684_776_300_000


def test_demo_data_with_a_tampered_total_fails(demo_data: Path, demo_cache: Path, tmp_path: Path) -> None:
    import shutil

    cache = tmp_path / demo_cache.name
    shutil.copytree(demo_cache, cache)
    totals = pd.read_parquet(cache / "totals.parquet")
    mask = (totals["dep"] == "11") & (totals["flow"] == "E") & (totals["year"] == 2024)
    totals.loc[mask, "value_eur"] += 7
    totals.to_parquet(cache / "totals.parquet", index=False)
    with pytest.raises(ReconciliationError) as info:
        reconcile(cache)
    assert "Aude (11)" in str(info.value) and "écart 7 €" in str(info.value)
    # the page's own check sees it too
    ctx = load_context("11", 2024, str(demo_data), str(cache))
    with pytest.raises(ReconciliationError, match="écart 7 €"):
        reconciliation.check_page(ctx)


def test_check_page_passes_on_demo_and_sees_a_changed_slice(demo_data: Path, demo_cache: Path) -> None:
    ctx = load_context("34", 2024, str(demo_data), str(demo_cache))
    reconciliation.check_page(ctx)
    totals = ctx.totals.copy()
    totals.loc[(totals["dep"] == "12") & (totals["flow"] == "I") & (totals["year"] == 2024), "value_eur"] -= 3
    with pytest.raises(ReconciliationError) as info:
        reconciliation.check_page(dataclasses.replace(ctx, totals=totals))
    assert "Hérault (34) : total régional affiché" in str(info.value) and "importations 2024" in str(info.value)


def test_check_page_of_a_region_and_of_france(demo_data: Path, demo_cache: Path) -> None:
    region = load_context("", 2024, str(demo_data), str(demo_cache), region_code="93")
    reconciliation.check_page(region)
    totals = region.totals.copy()
    totals.loc[(totals["dep"] == "99") & (totals["flow"] == "E") & (totals["year"] == 2024), "value_eur"] += 11  # Monaco counts in PACA
    with pytest.raises(ReconciliationError) as info:
        reconciliation.check_page(dataclasses.replace(region, totals=totals))
    assert "Provence-Alpes-Côte d'Azur : total de la page affiché" in str(info.value) and "écart 11 €" in str(info.value)
    france = load_context("", 2024, str(demo_data), str(demo_cache), france=True)
    reconciliation.check_page(france)
    with pytest.raises(ReconciliationError, match="France : total de la page affiché"):
        reconciliation.check_page(dataclasses.replace(france, totals=totals))


def test_check_page_sees_an_indicator_that_differs_from_its_records(demo_data: Path, demo_cache: Path, monkeypatch) -> None:
    from helpers.fiche import ranks

    ctx = load_context("11", 2024, str(demo_data), str(demo_cache))
    shown = dict(ranks.row(demo_cache, "dep-11", 2024))
    recomputed = reconciliation.recompute_indicators(ctx)
    assert {k: shown[k] for k in recomputed} == recomputed  # same figures by the two routes
    shown["us_share"] += 0.001
    monkeypatch.setattr(ranks, "row", lambda cache, slug, year: shown)
    with pytest.raises(ReconciliationError) as info:
        reconciliation.check_page(ctx)
    assert "Aude (11) : indicateur us_share affiché = recalcul" in str(info.value) and "(millionièmes)" in str(info.value)


def test_rank_checks_rank_the_values_again_and_sum_the_records() -> None:
    table = pd.DataFrame({
        "slug": ["dep-11", "dep-34", "dep-06", "france"], "kind": ["unit", "unit", "unit", "france"], "year": [2024] * 4,
        "exports_eur": [1_000, 2_000, 30, 3_000], "imports_eur": [500, 0, 0, 500],
        **{key: [5.0, 5.0, 1.0, 3.0] for key in ("us_share", "eu_share", "hhi_partners", "hhi_products", "top3_share", "coverage", "export_change")},
        **{f"rank_{key}": pd.array([1, 1, 3, None], dtype="Int64") for key in ("us_share", "eu_share", "hhi_partners", "hhi_products",
                                                                             "top3_share", "coverage", "export_change")},
    })
    table.loc[2, "rank_coverage"] = 2  # should be 3: « 1, 1, 3 »
    by_dep = reconciliation._sums(_records(), ["year", "flow", "dep"])
    failed = [c for c in reconciliation.rank_checks(table, by_dep) if not c.ok]
    # dep-06's wrong rank; France's exports in the table (3 000 €) ≠ Σ of every record (1 000 + 2 000 + 70 + 30 €)
    assert [(c.code, c.flow, c.left, c.right) for c in failed] == [("dep-06/coverage", None, 2, 3), ("france/total", "E", 3_000, 3_100)]
    assert "rang" in failed[0].message()

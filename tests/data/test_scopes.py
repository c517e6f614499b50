"""Records of a unit, a région or France, with the région/France aggregate built once."""

import pandas as pd

from helpers.data import store
from helpers.data.scopes import SCOPES_FILE, prepare, records_for
from helpers.places.geography import Scope, dgddi_region_units


def test_region_and_france_equal_the_sum_of_their_units(demo_cache):
    full = store.read_records(demo_cache, year=2024)
    occitanie = [u.dgddi_code for u in dgddi_region_units("12")]
    region = records_for(demo_cache, Scope("region", "12"), year=2024)
    expected = full[full["dep"].isin(occitanie)].groupby("flow")["value_eur"].sum()
    assert region.groupby("flow")["value_eur"].sum().to_dict() == expected.to_dict()
    france = records_for(demo_cache, Scope("france"), year=2024)
    assert france.groupby("flow")["value_eur"].sum().to_dict() == full.groupby("flow")["value_eur"].sum().to_dict()
    assert set(region["year"]) == {2024}


def test_product_country_detail_is_kept(demo_cache):
    full = store.read_records(demo_cache, year=2024, flow="E")
    wine_de = full[(full["cpf4"] == "1102") & (full["country"] == "DE")]["value_eur"].sum()
    france = records_for(demo_cache, Scope("france"), year=2024)
    mask = (france["flow"] == "E") & (france["cpf4"] == "1102") & (france["country"] == "DE")
    assert int(france.loc[mask, "value_eur"].sum()) == int(wine_de)


def test_unit_scope_sums_quarters(demo_cache):
    unit = records_for(demo_cache, Scope("unit", "11"), year=2024)
    assert not unit.duplicated(["flow", "a129", "cpf4", "country"]).any()
    assert int(unit.loc[unit["flow"] == "E", "value_eur"].sum()) == 1_966_000_000


def test_aggregate_is_written_once(demo_cache):
    path = prepare(demo_cache)
    stamp = path.stat().st_mtime_ns
    assert prepare(demo_cache) == path and path.stat().st_mtime_ns == stamp
    assert path.name == SCOPES_FILE
    assert isinstance(pd.read_parquet(path), pd.DataFrame)


def test_records_are_read_once_per_process_and_callers_get_copies(demo_cache, monkeypatch):
    from helpers.data import scopes

    first = scopes.records_for(demo_cache, scopes.Scope("france"), year=2024)
    first["value_eur"] = 0
    calls = []
    monkeypatch.setattr(scopes.pd, "read_parquet", lambda *a, **k: calls.append(a))
    again = scopes.records_for(demo_cache, scopes.Scope("france"), year=2024)
    assert calls == [] and again["value_eur"].sum() > 0


def test_records_digest_names_each_scope_and_year(demo_cache):
    from helpers.data.scopes import records_digest

    names = {
        records_digest(demo_cache, scope, year)
        for scope in (Scope("unit", "11"), Scope("unit", "34"), Scope("region", "12"), Scope("region", "21"), Scope("france"))
        for year in (2023, 2024)
    }
    assert len(names) == 10
    assert records_digest(demo_cache, Scope("region", "12"), 2024) == records_digest(demo_cache, Scope("region", "12"), 2024)
    assert records_digest(demo_cache, Scope("region", "12"), 1990) != records_digest(demo_cache, Scope("region", "21"), 1990)


def test_france_records_digest_changes_when_value_moves_between_regions(demo_cache, monkeypatch):
    from helpers.data import scopes

    real = scopes.digests(demo_cache)
    moved = dict(real)  # value moved between régions 12 and 21: their digests change, France's own does not
    moved["region:12:2024"], moved["region:21:2024"] = real["region:21:2024"], real["region:12:2024"]
    before = scopes.records_digest(demo_cache, Scope("france"), 2024)
    monkeypatch.setattr(scopes, "digests", lambda cache: moved)
    scopes._digests_once.cache_clear()
    try:
        assert moved["france::2024"] == real["france::2024"]
        assert scopes.records_digest(demo_cache, Scope("france"), 2024) != before
        assert scopes.records_digest(demo_cache, Scope("france"), 2023) == scopes.records_digest(demo_cache, Scope("france"), 2023)
    finally:
        scopes._digests_once.cache_clear()


def test_unit_records_are_the_pandas_sums_of_the_units_records(demo_cache):
    from helpers.data.scopes import COLUMNS, KEYS, _unit_records

    for dep in ("11", "20", "9D", "99", "75"):
        for year in (2023, 2024, None, 1990):
            records = store.read_records(demo_cache, dep=dep, year=year)
            expected = records[COLUMNS].groupby(KEYS, observed=True, sort=True, as_index=False)["value_eur"].sum()
            pd.testing.assert_frame_equal(_unit_records(demo_cache, dep, year), expected, check_exact=True)

"""The table of indicators and ranks: who is ranked among whom, ties, Corse once, Monaco apart, stored once."""

from __future__ import annotations

from pathlib import Path

import pandas as pd

from helpers.fiche import ranks
from helpers.places.geography import page_regions, page_units, units

YEAR = 2024


def make_cache(folder: Path, exports: dict[str, list[tuple[str, str, int]]] | None = None, *, years: tuple[int, ...] = (YEAR,)) -> Path:
    """Records: every unit (Monaco included) exports 100 € of C10 to DE and imports 100 €, each year;
    ``exports`` replaces a unit's export records of the last year by (country, a129, euros)."""
    rows = []
    for year in years:
        for unit in units().values():
            wanted = (exports or {}).get(unit.dgddi_code) if year == years[-1] else None
            for country, a129, value in wanted if wanted is not None else [("DE", "C10", 100)]:
                rows.append((year, 1, "E", unit.dgddi_code, unit.dgddi_region, a129, a129 + "A", country, value, 1))
            rows.append((year, 1, "I", unit.dgddi_code, unit.dgddi_region, "C10", "C10A", "DE", 100, 1))
    frame = pd.DataFrame(rows, columns=["year", "quarter", "flow", "dep", "region", "a129", "cpf4", "country", "value_eur", "mass_kg"])
    folder.mkdir(parents=True)
    frame.to_parquet(folder / "records.parquet", index=False)
    pd.DataFrame({"code": ["DE", "US", "QU"], "label": ["Allemagne", "États-Unis", "Pays non déterminés"]}).to_parquet(
        folder / "labels_pays.parquet", index=False)
    return folder


def test_one_row_per_page_corse_once_monaco_not_ranked(tmp_path):
    table = ranks.compute(make_cache(tmp_path / "c"))
    units_rows = table[table["kind"] == "unit"]
    assert len(units_rows) == 100 and units_rows["slug"].is_unique
    assert "dep-2A-2B" in set(units_rows["slug"]) and not any("99" in s for s in units_rows["slug"])
    assert set(table.loc[table["kind"] == "region", "slug"]) == {r.slug for r in page_regions()}
    assert len(page_regions()) == 12
    france = table[table["kind"] == "france"].iloc[0]
    assert france["exports_eur"] == 101 * 100  # Monaco counts in France's figures
    assert all(pd.isna(france[f"rank_{k}"]) for k in ranks.KEYS)


def test_ties_share_a_rank_and_1_is_the_largest_value(tmp_path):
    # Aude and Hérault export half to the US (50 %), Paris all of it (100 %), every other unit 0 %
    half = [("US", "C10", 50), ("DE", "C10", 50)]
    table = ranks.compute(make_cache(tmp_path / "c", {"11": half, "34": half, "75": [("US", "C10", 100)]}))
    row = table.set_index("slug")
    assert row.loc["dep-75", "rank_us_share"] == 1
    assert row.loc["dep-11", "rank_us_share"] == row.loc["dep-34", "rank_us_share"] == 2
    assert row.loc["dep-12", "rank_us_share"] == 4  # « 1, 2, 2, 4 »: the 97 others tie at 4
    assert row.loc["dep-12", "ranked_us_share"] == 100
    # Île-de-France: 100 of its 800 € go to the US (12,5 %); Occitanie: 100 of 1 300 € (7,7 %); the others 0 %
    assert row.loc["region-11", "us_share"] == 12.5 and row.loc["region-76", "us_share"] == 100 * 100 / 1300
    assert (row.loc["region-11", "rank_us_share"], row.loc["region-76", "rank_us_share"], row.loc["region-93", "rank_us_share"]) == (1, 2, 3)
    assert row.loc["region-76", "ranked_us_share"] == 12


def test_paca_counts_monaco_and_special_codes_stay_out(tmp_path):
    table = ranks.compute(make_cache(tmp_path / "c", {"99": [("US", "C10", 700)], "13": [("QU", "C10", 100)]})).set_index("slug")
    # PACA = 6 départements + Monaco: 5 × 100 € to DE, Bouches-du-Rhône 100 € to QU (left out), Monaco 700 € to the US
    assert table.loc["region-93", "exports_eur"] == 1300
    assert table.loc["region-93", "us_share"] == 100 * 700 / 1200
    # Bouches-du-Rhône exports only to a special code: its shares are not defined, not ranked
    assert pd.isna(table.loc["dep-13", "us_share"]) and pd.isna(table.loc["dep-13", "rank_us_share"])
    assert table.loc["dep-11", "ranked_us_share"] == 99
    assert table.loc["dep-13", "coverage"] == 100.0


def test_change_of_exports_needs_the_previous_year(tmp_path):
    table = ranks.compute(make_cache(tmp_path / "c", {"11": [("DE", "C10", 150)]}, years=(2023, 2024)))
    aude = table[(table["slug"] == "dep-11")].set_index("year")
    assert pd.isna(aude.loc[2023, "export_change"]) and aude.loc[2024, "export_change"] == 50.0
    assert aude.loc[2024, "rank_export_change"] == 1


def test_table_is_stored_once_per_cache_and_row_digests_follow_the_row(tmp_path):
    cache = make_cache(tmp_path / "c")
    first = ranks.table(cache)
    stored = list(cache.glob("exposure-*.parquet"))
    assert len(stored) == 1
    assert ranks.row(cache, "dep-11", YEAR)["us_share"] == 0.0
    assert ranks.row(cache, "dep-11", YEAR)["rank_us_share"] == 1 and ranks.row(cache, "france", YEAR)["rank_us_share"] is None
    assert ranks.row_digest(cache, "dep-11", YEAR) != ranks.row_digest(cache, "dep-34", YEAR)  # the slug is in the row
    assert ranks.row_digest(cache, "dep-11", 1999) == "absent"
    other = make_cache(tmp_path / "d", {"11": [("US", "C10", 100)]})
    assert ranks.row_digest(other, "dep-11", YEAR) != ranks.row_digest(cache, "dep-11", YEAR)
    pd.testing.assert_frame_equal(pd.read_parquet(stored[0]), first)
    assert len(page_units()) == 100

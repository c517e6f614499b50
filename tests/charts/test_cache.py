"""Shared charts computed once: same page output on a hit, new entry on any change, corrupt entries recomputed."""

from __future__ import annotations

import dataclasses
import json
from pathlib import Path

import pandas as pd
import pytest

from helpers.charts import cache as chart_cache
from helpers.charts import render
from helpers.charts import sankey as chart_sankey
from helpers.charts.base import ChartResult
from helpers.data import store
from helpers.data.scopes import records_for
from helpers.places.geography import Scope
from tests.charts.support import tidy_records

#: Calls of :func:`counted_sankey` (to tell a hit from a compute).
CALLS: list[str] = []


def counted_sankey(records: pd.DataFrame, **options: object) -> ChartResult:
    """:func:`helpers.charts.sankey.sankey`, counted."""
    CALLS.append(str(options.get("flow")))
    return chart_sankey.sankey(records, **options)


@pytest.fixture(autouse=True)
def _no_calls():
    CALLS.clear()


def make_records(rows: list[tuple[str, str, str, int]]) -> pd.DataFrame:
    """Tidy records from (flow, a129, country, euros) rows, year 2024."""
    return tidy_records(rows, region="76")


RECORDS = make_records(
    [("E", "C11Z", "ES", 500_000_000), ("E", "C11Z", "DE", 120_400_000), ("E", "C30C", "ES", 33_300_000),
     ("E", "C20B", "QU", 7_000_000), ("I", "C11Z", "IT", 45_000_000), ("E", "C30C", "US", 1_250_000)]
)
OPTIONS = {"flow": "E", "year": 2024, "scope_label": "Occitanie", "product_labels": None, "country_labels": None, "scope": "region"}


def page_output(result: ChartResult, tmp_path: Path) -> tuple[str, bytes]:
    """What a page gets from a chart: its HTML block and its CSV bytes. Drawn inline (without its
    key): a keyed result is served as a shared file instead (issue 16, tests/charts/test_shared.py),
    from the same spec and table, so the inline block compares the content read back."""
    csv = tmp_path / "out" / f"{result.name}.csv"
    render.write_csv(result.data, csv)
    return render.figure_html(dataclasses.replace(result, key=None), "dep-11"), csv.read_bytes()


def entries(cache: Path) -> list[Path]:
    return sorted((cache / chart_cache.FOLDER).iterdir())


def test_hit_gives_the_same_page_output_as_a_fresh_compute(tmp_path):
    fresh = chart_sankey.sankey(RECORDS, **OPTIONS)
    first = chart_cache.cached(tmp_path, counted_sankey, RECORDS, **OPTIONS)
    second = chart_cache.cached(tmp_path, counted_sankey, RECORDS, **OPTIONS)
    assert CALLS == ["E"]  # computed once, then read back
    [entry] = entries(tmp_path)
    assert entry.suffix == ".json"
    expected = page_output(fresh, tmp_path)
    assert page_output(first, tmp_path) == expected
    assert page_output(second, tmp_path) == expected
    assert isinstance(second.chart, dict) and second.chart["description"] == fresh.description
    pd.testing.assert_frame_equal(second.data, fresh.data)
    assert (second.name, second.title, second.description, second.footnote) == (fresh.name, fresh.title, fresh.description, fresh.footnote)


@pytest.mark.parametrize("scope", [Scope("region", "76"), Scope("france")])
@pytest.mark.parametrize("flow", ["E", "I"])
def test_demo_region_and_france_sankeys_read_back_identical(demo_cache, tmp_path, scope, flow):
    records = records_for(demo_cache, scope, year=2024)
    options = {
        "flow": flow, "year": 2024, "scope_label": "France entière", "product_labels": store.read_labels(demo_cache, "a129", 2024),
        "country_labels": store.read_labels(demo_cache, "pays", 2024), "level": "a129", "scope": scope.kind,
    }
    fresh = chart_sankey.sankey(records, **options)
    chart_cache.cached(tmp_path, counted_sankey, records, **options)
    hit = chart_cache.cached(tmp_path, counted_sankey, records, **options)
    assert CALLS == [flow]
    assert page_output(hit, tmp_path) == page_output(fresh, tmp_path)
    assert [d.name for d in hit.data.dtypes] == [d.name for d in fresh.data.dtypes]


def test_an_empty_chart_reads_back_with_its_dtypes(tmp_path):
    options = {**OPTIONS, "year": 2023}  # no records that year: an empty table and a message
    fresh = chart_sankey.sankey(RECORDS, **options)
    chart_cache.cached(tmp_path, counted_sankey, RECORDS, **options)
    hit = chart_cache.cached(tmp_path, counted_sankey, RECORDS, **options)
    assert CALLS == ["E"] and hit.data.empty
    pd.testing.assert_frame_equal(hit.data, fresh.data)
    assert page_output(hit, tmp_path) == page_output(fresh, tmp_path)


def test_a_change_in_the_records_gives_another_entry(tmp_path):
    first = chart_cache.cached(tmp_path, counted_sankey, RECORDS, **OPTIONS)
    changed = RECORDS.copy()
    changed.loc[0, "value_eur"] += 100_000
    second = chart_cache.cached(tmp_path, counted_sankey, changed, **OPTIONS)
    assert CALLS == ["E", "E"] and len(entries(tmp_path)) == 2
    assert second.data["Valeur (€)"].sum() == first.data["Valeur (€)"].sum() + 100_000
    renamed = RECORDS.rename(columns={"mass_kg": "masse"})  # same values, other column name
    assert chart_cache.frame_digest(renamed) != chart_cache.frame_digest(RECORDS)
    retyped = RECORDS.astype({"mass_kg": "float64"})  # same values, other dtype
    assert chart_cache.frame_digest(retyped) != chart_cache.frame_digest(RECORDS)
    assert chart_cache.frame_digest(RECORDS.copy()) == chart_cache.frame_digest(RECORDS)


def test_other_arguments_are_keyed_by_value(tmp_path):
    chart_cache.cached(tmp_path, counted_sankey, RECORDS, **OPTIONS)
    chart_cache.cached(tmp_path, counted_sankey, RECORDS, **{**OPTIONS, "scope_label": "Occitanie"})  # equal value: a hit
    chart_cache.cached(tmp_path, counted_sankey, RECORDS, **{**OPTIONS, "scope_label": "Région"})
    chart_cache.cached(tmp_path, counted_sankey, RECORDS, **{**OPTIONS, "flow": "I"})
    assert CALLS == ["E", "E", "I"] and len(entries(tmp_path)) == 3


def test_a_change_in_the_code_gives_another_entry(tmp_path, monkeypatch):
    chart_cache.cached(tmp_path, counted_sankey, RECORDS, **OPTIONS)
    monkeypatch.setattr(chart_cache, "code_digest", lambda: "0" * 64)
    chart_cache.cached(tmp_path, counted_sankey, RECORDS, **OPTIONS)
    assert CALLS == ["E", "E"] and len(entries(tmp_path)) == 2


@pytest.mark.parametrize(
    "damage",
    [
        lambda text: text[: len(text) // 2],  # truncated (a writer killed midway, a full disk)
        lambda text: "",
        lambda text: "\x00\xff garbage",
        lambda text: json.dumps({**json.loads(text), "format": chart_cache.ENTRY_FORMAT + 1}),
        lambda text: json.dumps({**json.loads(text), "data": {"columns": ["x"]}}),
        lambda text: "[1, 2]",
    ],
    ids=["truncated", "empty", "garbage", "other-format", "bad-data", "not-an-object"],
)
def test_a_corrupt_entry_is_recomputed(tmp_path, damage):
    fresh = chart_sankey.sankey(RECORDS, **OPTIONS)
    chart_cache.cached(tmp_path, counted_sankey, RECORDS, **OPTIONS)
    [entry] = entries(tmp_path)
    entry.write_text(damage(entry.read_text(encoding="utf-8")), encoding="utf-8")
    again = chart_cache.cached(tmp_path, counted_sankey, RECORDS, **OPTIONS)
    assert CALLS == ["E", "E"]
    assert page_output(again, tmp_path) == page_output(fresh, tmp_path)
    assert entries(tmp_path) == [entry]  # rewritten whole
    json.loads(entry.read_text(encoding="utf-8"))
    chart_cache.cached(tmp_path, counted_sankey, RECORDS, **OPTIONS)
    assert CALLS == ["E", "E"]


def test_a_failed_write_leaves_no_entry_and_no_temporary_file(tmp_path, monkeypatch):
    def broken_dump(*args, **kwargs):
        args[1].write('{"format": 1, "spec": {')  # half an entry, then the writer dies
        raise OSError("disque plein")

    monkeypatch.setattr(chart_cache.json, "dump", broken_dump)
    with pytest.raises(OSError, match="disque plein"):
        chart_cache.cached(tmp_path, counted_sankey, RECORDS, **OPTIONS)
    assert entries(tmp_path) == []


def test_entry_lives_under_the_cache_charts_folder_named_by_its_key(tmp_path):
    chart_cache.cached(tmp_path, counted_sankey, RECORDS, **OPTIONS)
    key = chart_cache.entry_key(counted_sankey, (RECORDS,), OPTIONS)
    assert entries(tmp_path) == [tmp_path / "charts" / f"{key}.json"]
    assert len(key) == 64


def test_arguments_without_a_faithful_digest_are_refused(tmp_path):
    with pytest.raises(TypeError):
        chart_cache.cached(tmp_path, counted_sankey, RECORDS, **{**OPTIONS, "scope_label": object()})
    with pytest.raises(TypeError):
        chart_cache.cached(tmp_path, lambda records, **options: chart_sankey.sankey(records, **options), RECORDS, **OPTIONS)
    assert CALLS == [] and not (tmp_path / "charts").exists()


def test_a_digested_argument_is_keyed_by_its_digest_and_passed_as_its_value(tmp_path, monkeypatch):
    def refused(frame):
        raise AssertionError("frame hashed although its digest was given")

    monkeypatch.setattr(chart_cache, "frame_digest", refused)
    fresh = chart_sankey.sankey(RECORDS, **OPTIONS)
    first = chart_cache.cached(tmp_path, counted_sankey, chart_cache.Digested(RECORDS, "a" * 64), **OPTIONS)
    assert page_output(first, tmp_path) == page_output(fresh, tmp_path)  # the function got the frame itself
    changed = RECORDS.assign(value_eur=RECORDS["value_eur"] * 2)
    chart_cache.cached(tmp_path, counted_sankey, chart_cache.Digested(changed, "b" * 64), **OPTIONS)  # another digest
    hit = chart_cache.cached(tmp_path, counted_sankey, chart_cache.Digested(RECORDS, "a" * 64), **OPTIONS)
    assert CALLS == ["E", "E"] and len(entries(tmp_path)) == 2
    assert page_output(hit, tmp_path) == page_output(fresh, tmp_path)
    key = chart_cache.entry_key(counted_sankey, (chart_cache.Digested(RECORDS, "a" * 64),), OPTIONS)
    assert key != chart_cache.entry_key(counted_sankey, (chart_cache.Digested(RECORDS, "b" * 64),), OPTIONS)
    assert first.key == hit.key == key  # results carry their entry's key


def test_an_entry_is_parsed_once_per_process_and_each_caller_gets_a_copy(tmp_path, monkeypatch):
    chart_cache.cached(tmp_path, counted_sankey, RECORDS, **OPTIONS)
    loads = []
    real_load = chart_cache.json.load
    monkeypatch.setattr(chart_cache.json, "load", lambda handle: loads.append(1) or real_load(handle))
    first = chart_cache.cached(tmp_path, counted_sankey, RECORDS, **OPTIONS)
    first.data.loc[0, "Valeur (€)"] = -1
    first.chart["description"] = "changé"
    second = chart_cache.cached(tmp_path, counted_sankey, RECORDS, **OPTIONS)
    assert len(loads) == 1 and CALLS == ["E"]
    assert second.data.loc[0, "Valeur (€)"] != -1 and second.chart["description"] != "changé"
    [entry] = entries(tmp_path)
    text = entry.read_text(encoding="utf-8")
    entry.write_text(text.replace('"title":"', '"title":"Autre titre, '), encoding="utf-8")  # same name, new size and time
    third = chart_cache.cached(tmp_path, counted_sankey, RECORDS, **OPTIONS)
    assert len(loads) == 2 and third.title.startswith("Autre titre, ")

"""What a page loads: its place (a département, a région, France), year and data."""

from pathlib import Path

import pytest

from helpers.common.errors import ConfigError
from helpers.fiche import context
from helpers.places.geography import FRANCE


def test_page_place_names_one_place():
    assert context.page_place("11").label == "Aude (11)"
    assert context.page_place("", region_code="76").label == "Occitanie"
    assert context.page_place("", france=True) is FRANCE


@pytest.mark.parametrize(
    ("kwargs", "message"),
    [({"dep_code": "11", "region_code": "76"}, "un seul"), ({"dep_code": "", "france": False}, "aucun"),
     ({"dep_code": "", "region_code": "94"}, "comext run 2A"), ({"dep_code": "", "region_code": "76", "france": True}, "un seul")],
)
def test_page_place_refuses_none_several_or_a_region_without_page(kwargs, message):
    with pytest.raises(ConfigError, match=message):
        context.page_place(**kwargs)


def test_load_context_for_a_region_and_france(demo_data: Path, demo_cache: Path):
    region = context.load_context("", 2024, str(demo_data), str(demo_cache), region_code="76")
    assert (region.kind, region.slug, region.place.name) == ("region", "region-76", "Occitanie")
    with pytest.raises(ConfigError, match="département"):
        _ = region.unit
    france = context.load_context("", 2024, str(demo_data), str(demo_cache), "cpf4", france=True)
    assert (france.kind, france.slug, france.level) == ("france", "france", "cpf4")
    aude = context.load_context("11", 2024, str(demo_data), str(demo_cache))
    assert aude.unit is aude.place and aude.slug == "dep-11" and aude.synthetic
    with pytest.raises(ConfigError, match="Nomenclature"):
        context.load_context("11", 2024, str(demo_data), str(demo_cache), "nc8")


def test_totals_blocks_are_computed_once_per_page(demo_cache, tmp_path, monkeypatch):
    import dataclasses

    from helpers.data import store
    from helpers.fiche import context
    from helpers.fiche.context import FicheContext
    from helpers.fiche.indicators import fiche_totals
    from helpers.places.geography import resolve

    totals = store.read_totals(demo_cache)
    ctx = FicheContext(resolve("34"), 2024, tmp_path, demo_cache, None, totals, tmp_path)
    calls = []
    monkeypatch.setattr(context, "fiche_totals", lambda *a: calls.append(a) or fiche_totals(*a))
    assert ctx.totals_blocks == fiche_totals(totals, resolve("34"), 2024)
    assert ctx.totals_blocks is ctx.totals_blocks and len(calls) == 1
    other = dataclasses.replace(ctx, year=2023)  # another page: its own blocks
    assert other.totals_blocks == fiche_totals(totals, resolve("34"), 2023) and len(calls) == 2

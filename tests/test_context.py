"""What a page loads: its place (a département, a région, France), year and data."""

from pathlib import Path

import pytest

from helpers import context
from helpers.errors import ConfigError
from helpers.geography import FRANCE


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

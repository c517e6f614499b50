"""Page parameters are validated data: unknown keys, bad codes or years are refused."""

from dataclasses import replace

import pytest

from helpers.common.errors import ConfigError
from helpers.fiche import parameters
from helpers.places.geography import FRANCE, Scope, places
from tests import PROJECT_ROOT

ROOT = PROJECT_ROOT


def test_committed_parameters_cover_every_page_once():
    found = parameters.read_all(ROOT / "parameters")
    assert [p.slug for p in found] == [place.slug for place in places()]
    assert {p.kind for p in found} == {"unit", "region", "france"} and len(found) == 113


def test_write_all_round_trips(tmp_path):
    parameters.write_all(tmp_path, year=2023)
    found = parameters.read_all(tmp_path)
    assert len(found) == 113 and {p.year for p in found} == {2023}
    assert (tmp_path / "region-76.yml").read_text(encoding="utf-8") == '# Occitanie\nregion_code: "76"\nyear: 2023\n'
    assert (tmp_path / "france.yml").read_text(encoding="utf-8") == "# France\nfrance: true\nyear: 2023\n"


def test_each_kind_of_page_has_its_slug_label_and_scopes():
    aude = parameters.validate({"dep_code": "11"}, "t")
    assert (aude.slug, aude.label, aude.kind, aude.year, aude.dep_code) == ("dep-11", "Aude (11)", "unit", 2024, "11")
    assert aude.scopes() == [Scope("unit", "11"), Scope("region", "12"), Scope("france")]
    corse = parameters.validate({"dep_code": "2B"}, "t")
    assert corse.scopes() == [Scope("unit", "20"), Scope("france")]  # Corse is a région by itself
    reunion = parameters.validate({"dep_code": "974"}, "t")
    assert reunion.scopes()[1] == Scope("region", "24")  # compared with the ensemble des DROM
    occitanie = parameters.validate({"region_code": "76", "year": 2023}, "t")
    assert (occitanie.slug, occitanie.label, occitanie.kind, occitanie.year, occitanie.dep_code) == ("region-76", "Occitanie", "region", 2023, None)
    assert occitanie.scopes()[:2] == [Scope("region", "12"), Scope("france")]
    assert {s.code for s in occitanie.scopes()[2:]} == {"09", "11", "12", "30", "31", "32", "34", "46", "48", "65", "66", "81", "82"}
    france = parameters.validate({"france": True}, "t")
    assert (france.slug, france.label, france.place) == ("france", "France", FRANCE)
    assert france.scopes()[0] == Scope("france") and len(france.scopes()) == 1 + 12 + 1 + 5  # régions with a page, Corse, DROM
    assert Scope("region", "12") in france.scopes() and Scope("unit", "20") in france.scopes() and Scope("unit", "9D") in france.scopes()
    with pytest.raises(ConfigError, match="département"):
        _ = occitanie.unit


def test_template_parameters_name_the_place_and_empty_the_default_departement():
    assert parameters.validate({"dep_code": "2A"}, "t").template_parameters() == {"dep_code": "20"}
    assert parameters.validate({"region_code": "76"}, "t").template_parameters() == {"dep_code": "", "region_code": "76"}
    assert parameters.validate({"france": True}, "t").template_parameters() == {"dep_code": "", "france": True}


def test_level_is_optional_and_checked():
    assert parameters.validate({"dep_code": "11"}, "t").level == "a129"
    assert parameters.validate({"region_code": "76", "level": "cpf4"}, "t").level == "cpf4"
    with pytest.raises(ConfigError, match="level"):
        parameters.validate({"dep_code": "11", "level": "nc8"}, "t")


@pytest.mark.parametrize(
    ("raw", "message"),
    [
        ({"dep_code": "00"}, "dep_code"),
        ({"dep_code": 11}, "chaîne"),
        ({"dep_code": "11", "year": "2024"}, "year"),
        ({"dep_code": "11", "year": 1789}, "year"),
        ({"dep_code": "11", "extra": "__import__('os')"}, "paramètres attendus"),
        ({"year": 2024}, "une et une seule"),
        ({"dep_code": "11", "region_code": "76"}, "une et une seule"),
        ({"region_code": "94"}, "région à plusieurs départements"),
        ({"region_code": "R76"}, "région à plusieurs départements"),
        ({"region_code": 76}, "chaîne"),
        ({"france": "oui"}, "true"),
        ("11", "paramètres attendus"),
    ],
)
def test_invalid_parameters_are_refused(raw, message):
    with pytest.raises(ConfigError, match=message):
        parameters.validate(raw, "test.yml")


def test_code_injection_is_just_an_unknown_code(tmp_path):
    path = tmp_path / "dep-x.yml"
    path.write_text('dep_code: "11\\"; import os; os.system(\\"true\\")"\n', encoding="utf-8")
    with pytest.raises(ConfigError, match="dep_code"):
        parameters.read(path)


def test_a_file_must_be_named_after_its_page(tmp_path):
    path = tmp_path / "region-75.yml"
    path.write_text('region_code: "76"\n', encoding="utf-8")
    with pytest.raises(ConfigError, match="region-76.yml"):
        parameters.read(path)


def test_for_command_reads_the_page_file_and_overrides_only_the_year(tmp_path):
    (tmp_path / "region-76.yml").write_text('region_code: "76"\nyear: 2023\nlevel: cpf4\n', encoding="utf-8")
    assert parameters.for_command("R76", tmp_path) == parameters.validate({"region_code": "76", "year": 2023, "level": "cpf4"}, "t")
    overridden = parameters.for_command("region-76", tmp_path, year=2024)
    assert (overridden.year, overridden.level) == (2024, "cpf4")
    assert parameters.for_command("france", tmp_path) == replace(parameters.validate({"france": True}, "t"))
    assert parameters.for_command("2B", tmp_path).slug == "dep-2A-2B"
    assert parameters.for_command("76", tmp_path).label == "Seine-Maritime (76)"  # a bare number is a département
    assert parameters.for_command("Occitanie", tmp_path).level == "cpf4"  # by name: the same page file
    assert parameters.for_command("la réunion", tmp_path).slug == "dep-974"
    with pytest.raises(ConfigError, match="year"):
        parameters.for_command("11", tmp_path, year=12)

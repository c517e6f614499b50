"""Places named as people write them (helpers.places.lookup): codes and names, any case, accents or punctuation."""

from __future__ import annotations

import re
import unicodedata

import pytest

from helpers.common.errors import ConfigError
from helpers.places import geography, lookup
from helpers.places.lookup import find_place


def plain(text: str) -> str:
    """``text`` without its accents (written here independently of :func:`lookup.normalise`)."""
    return "".join(c for c in unicodedata.normalize("NFD", text) if unicodedata.category(c) != "Mn")


def test_normalise_ignores_case_accents_and_every_kind_of_apostrophe_and_hyphen():
    assert lookup.normalise("Côte-d’Or") == lookup.normalise("cote d'or") == lookup.normalise("  CÔTE--D OR ") == "cote d or"
    assert lookup.normalise("Côtes-d’Armor") == "cotes d armor" != lookup.normalise("Côte-d’Or")
    assert lookup.normalise("Île-de-France") == "ile de france" and lookup.normalise("Œuf") == "oeuf"


def test_name_words_drop_a_leading_article_only():
    assert lookup.name_words("La Réunion") == lookup.name_words("réunion") == ("reunion",)
    assert lookup.name_words("l’Hérault") == ("herault",)
    assert lookup.name_words("Territoire de Belfort") == ("territoire", "de", "belfort")
    assert lookup.name_words("la") == ("la",)  # nothing else: kept


@pytest.mark.parametrize(
    ("text", "slug"),
    [
        ("herault", "dep-34"), ("Hérault", "dep-34"), ("HÉRAULT", "dep-34"), ("l'Hérault", "dep-34"),
        ("aude", "dep-11"), ("occitanie", "region-76"), ("Occitanie", "region-76"),
        ("la réunion", "dep-974"), ("La Réunion", "dep-974"), ("reunion", "dep-974"),
        ("Côte-d’Or", "dep-21"), ("cote d'or", "dep-21"), ("cote-dor", "dep-21"),
        ("Côtes-d’Armor", "dep-22"), ("cotes d armor", "dep-22"),
        ("paris", "dep-75"), ("Territoire de Belfort", "dep-90"), ("territoire-de-belfort", "dep-90"),
        ("Provence-Alpes-Côte d’Azur", "region-93"), ("provence alpes cote d'azur", "region-93"),
        ("savoie", "dep-73"), ("Haute-Savoie", "dep-74"),  # exact wins: not ambiguous
        ("loire", "dep-42"), ("lot", "dep-46"), ("Nord", "dep-59"),
        ("france", "france"), ("France entière", "france"), ("Île-de-France", "region-11"),
    ],
)
def test_names_whatever_their_case_accents_or_punctuation(text, slug):
    assert find_place(text).slug == slug


@pytest.mark.parametrize("text", ["corse", "Corse", "Corse-du-Sud", "corse du sud", "Haute-Corse", "2A", "2a", "2B", "20"])
def test_corse_its_two_departements_and_its_region_lead_to_the_one_corse_fiche(text):
    assert find_place(text).slug == "dep-2A-2B"


@pytest.mark.parametrize(("text", "slug"), [("guadeloupe", "dep-971"), ("Martinique", "dep-972"), ("guyane", "dep-973"), ("mayotte", "dep-976")])
def test_a_region_of_one_departement_leads_to_its_fiche(text, slug):
    assert geography.regions()[geography.resolve(slug.removeprefix("dep-")).insee_region].has_page is False
    assert find_place(text).slug == slug


@pytest.mark.parametrize(
    ("text", "slug"),
    [("11", "dep-11"), ("1", "dep-01"), ("9d", "dep-974"), ("974", "dep-974"), ("R76", "region-76"), ("r 76", "region-76"),
     ("Région-76", "region-76"), ("region-76", "region-76"), ("dep-2a-2b", "dep-2A-2B"), ("FR", "france")],
)
def test_codes_whatever_their_case_and_spacing(text, slug):
    assert find_place(text).slug == slug


def test_every_page_answers_to_its_own_name_plain_or_shouted():
    for place in geography.places():
        for written in (place.name, plain(place.name).upper(), place.name.replace("'", "’"), place.name.replace("-", " ")):
            assert find_place(written) == place, written


def test_every_alias_leads_where_its_code_does():
    for alias, code in lookup.ALIASES.items():
        assert find_place(alias) == find_place(code) == find_place(alias.lower())
    assert find_place("PACA").slug == "region-93"


def test_a_name_that_starts_one_word_of_a_single_name_is_that_place():
    assert find_place("belfort").slug == "dep-90"
    assert find_place("occitani").slug == "region-76"
    assert find_place("val-d'o").slug == "dep-95"


def test_an_ambiguous_name_lists_every_candidate_with_its_code():
    with pytest.raises(ConfigError) as error:
        find_place("val")
    message = str(error.value)
    assert "« val » désigne plusieurs pages" in message
    found = re.findall(r"([^,:]+?) \(([^)]+)\)", message.split(":", 1)[1])
    assert {code for _, code in found} == {"R24", "94", "95"}  # Centre-Val de Loire, Val-de-Marne, Val-d'Oise
    with pytest.raises(ConfigError, match=r"Haute-Garonne \(31\), Lot-et-Garonne \(47\), Tarn-et-Garonne \(82\)"):
        find_place("garonne")


def test_an_unknown_name_lists_the_closest_names_with_their_codes():
    with pytest.raises(ConfigError, match=r"Aucune page ne porte le nom « herautl »\. Les plus proches : Hérault \(34\)\..*comext list"):
        find_place("herautl")
    with pytest.raises(ConfigError, match=r"Bouches-du-Rhône \(13\)"):
        find_place("bouche du rhone")
    with pytest.raises(ConfigError) as error:
        find_place("zzzz")
    assert "Les plus proches" not in str(error.value) and "R76" in str(error.value)


def test_each_page_name_with_a_typo_suggests_that_page():
    """Two letters swapped at the end of each name: never found silently, always suggested."""
    for place in geography.places():
        word = lookup.normalise(place.name).replace(" ", "")
        typo = word[:-2] + word[-1] + word[-2]
        if typo == word:
            continue
        with pytest.raises(ConfigError) as error:
            find_place(typo)
        assert lookup.Name(place.name, place).described in str(error.value), typo


def test_a_unit_without_a_page_and_regions_without_a_page_by_code_are_refused():
    with pytest.raises(ConfigError, match="Monaco .* n'a pas de fiche"):
        find_place("Monaco")
    with pytest.raises(ConfigError, match="comext run 2A"):
        find_place("R94")  # by code: the région has no page, the message names the fiche's code
    with pytest.raises(ConfigError, match="Code département inconnu"):
        find_place("00")
    with pytest.raises(ConfigError, match="Page non précisée"):
        find_place(" - ")


def test_page_rows_list_every_page_once_in_the_books_order_with_its_groups():
    from helpers.places.geography import places
    from helpers.places.lookup import page_rows

    rows = page_rows()
    assert [r.cells[0] for r in rows] == [p.command_code for p in places()]
    assert rows[0].cells == ("france", "", "", "France entière", "") and rows[0].bold and rows[0].new_group
    occitanie = next(i for i, r in enumerate(rows) if r.cells[3] == "Occitanie")
    assert rows[occitanie].bold and rows[occitanie].new_group and rows[occitanie].cells[1] == "76"
    aude = rows[occitanie + 2]  # Ariège (09), then Aude (11)
    assert aude.cells == ("11", "11", "11", "Aude", "Occitanie") and not aude.bold and not aude.new_group
    assert sum(r.new_group for r in rows) == 1 + 13 + 1  # France, the 13 metropolitan régions with their départements, the DROM

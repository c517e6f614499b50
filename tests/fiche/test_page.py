"""French text blocks of a fiche."""

from types import SimpleNamespace

from helpers.common.formatting import NBSP
from helpers.fiche.indicators import FlowTotals
from helpers.fiche.page import (
    data_banner,
    escape,
    geography_note,
    render_totals,
    substitutions,
    territories_block,
)
from helpers.places.geography import FRANCE, regions, resolve


def plain(text: str) -> str:
    return text.replace(NBSP, " ")


def test_aude_export_block_reads_like_the_fiche():
    block = FlowTotals("E", 1_966_000_000, 49_453_900_000, 580_354_500_000, "Occitanie")
    text = plain(render_totals(resolve("11"), block))
    assert "Total des exportations : 1 966 millions d'euros" in text
    assert "soit 4 % de la valeur exportée par la région Occitanie" in text
    assert "soit 0,34 % de la valeur exportée au niveau national" in text
    assert "Région Occitanie : 49 453,9 M€ ; France entière : 580 354,5 M€" in text


def test_herault_import_block():
    block = FlowTotals("I", 4_818_700_000, 37_655_400_000, 684_776_300_000, "Occitanie")
    text = plain(render_totals(resolve("34"), block))
    assert "Total des importations : 4 818,7 millions d'euros" in text
    assert "12,8 % de la valeur importée par la région Occitanie" in text and "0,70 %" in text


def test_drom_and_corse_wording():
    drom = plain(render_totals(resolve("974"), FlowTotals("I", 70, 100, 1000, "ensemble des DROM")))
    assert "par l'ensemble des DROM" in drom and "Ensemble des DROM :" in drom
    corse = plain(render_totals(resolve("2A"), FlowTotals("E", 40, None, 1000, None)))
    assert "de la valeur exportée par" not in corse and "part régionale n'est pas calculée" in corse


def test_substitutions_carry_the_name_with_its_article():
    subs = substitutions(resolve("34"), 2024)
    assert (subs["libelle"], subs["annee"], subs["le_nom"], subs["de_nom"], subs["Le_nom"]) == (
        "Hérault (34)", "2024", "l’Hérault", "de l’Hérault", "L’Hérault")
    assert (subs["region"], subs["de_region"]) == ("Occitanie", "d’Occitanie")
    region = substitutions(regions()["32"], 2024)
    assert (region["libelle"], region["nom"], region["le_nom"], region["de_nom"], region["De_nom"]) == (
        "Hauts-de-France", "Hauts-de-France", "les Hauts-de-France", "des Hauts-de-France", "Des Hauts-de-France")
    corse = substitutions(resolve("2B"), 2024)  # the island, as its two départements: TNCC 3, its région too
    assert (corse["le_nom"], corse["de_nom"], corse["le_region"], corse["de_region"]) == ("la Corse", "de la Corse", "la Corse", "de la Corse")
    france = substitutions(FRANCE, 2023)
    assert (france["libelle"], france["nom"], france["de_nom"], france["annee"]) == ("France", "France entière", "de la France entière", "2023")


def test_region_block_gives_its_share_of_france_and_france_its_perimeter():
    region = plain(render_totals(regions()["76"], FlowTotals("E", 49_453_900_000, None, 580_354_500_000, None)))
    assert "Total des exportations : 49 453,9 millions d'euros" in region
    assert "soit 8,52 % de la valeur exportée au niveau national" in region and "par la région" not in region
    france = plain(render_totals(FRANCE, FlowTotals("I", 684_776_300_000, None, 684_776_300_000, None)))
    assert "Total des importations : 684 776,3 millions d'euros" in france
    assert "101 unités territoriales" in france and "soit" not in france


def test_escape_neutralises_markup():
    assert escape("<b>A & B</b> *x* (y)") == "\\<b\\>A &amp; B\\</b\\> \\*x\\* (y)"


def _ctx(place):
    return SimpleNamespace(place=place, unit=place, kind=place.kind)


def test_geography_note_for_corse_drom_paca_and_france_only():
    assert geography_note(_ctx(resolve("11"))) is None
    assert "2A" in geography_note(_ctx(resolve("2B"))).data
    assert "ensemble des cinq DROM" in geography_note(_ctx(resolve("976"))).data
    assert "Monaco" in geography_note(_ctx(regions()["93"])).data
    assert geography_note(_ctx(regions()["76"])) is None
    assert "Monaco" in geography_note(_ctx(FRANCE)).data


def test_region_territories_link_each_departement_and_its_territories():
    text = territories_block(_ctx(regions()["76"])).data
    lines = [line for line in text.splitlines() if line.startswith("- ")]
    assert len(lines) == 13
    assert (
        "- [Aude (11)](dep-11.ipynb) : [Castres Revel Castelnaudary](territoire-7605.md) ; [Grand Narbonne](territoire-7609.md)"
        in lines
    )
    assert "liste officielle des Territoires d'industrie 2023-2027 de l'ANCT" in text
    assert "incompl" not in text and "partielle" not in text
    assert territories_block(_ctx(FRANCE)) is None


def test_departement_lists_official_names_linking_to_their_pages():
    aude = territories_block(_ctx(resolve("11"))).data
    assert aude.splitlines()[:2] == [
        "- [Castres Revel Castelnaudary](territoire-7605.md) : s'étend aussi sur la Haute-Garonne (31) et le Tarn (81)",
        "- [Grand Narbonne](territoire-7609.md)",
    ]
    corse = territories_block(_ctx(resolve("2A"))).data
    assert corse.splitlines()[:2] == ["- [Grand Bastia – Marana-Golo](territoire-9401.md)", "- [Pays Ajaccien](territoire-9402.md)"]
    herault = territories_block(_ctx(resolve("34"))).data
    assert "[Béziers – Sète](territoire-7604.md)" in herault and "[Hautes Terres d'Oc](territoire-7610.md) : s'étend aussi sur le Tarn (81)" in herault
    assert territories_block(_ctx(resolve("75"))).data == "Aucun Territoire d'industrie ne touche Paris (75)."
    assert territories_block(_ctx(resolve("40"))).data == "Aucun Territoire d'industrie ne touche les Landes (40)."


def test_sentences_about_a_place_use_its_article():
    assert "La Réunion est un département" in geography_note(_ctx(resolve("974"))).data
    assert "La Guadeloupe est un département" in geography_note(_ctx(resolve("971"))).data
    assert "Mayotte est un département" in geography_note(_ctx(resolve("976"))).data
    synthetic = SimpleNamespace(place=resolve("59"), kind="unit", synthetic=True)
    assert "l'économie réelle du Nord." in data_banner(synthetic).data
    assert "de la France entière." in data_banner(SimpleNamespace(place=FRANCE, kind="france", synthetic=True)).data
    assert "d’Occitanie." in data_banner(SimpleNamespace(place=regions()["76"], kind="region", synthetic=True)).data


def test_territories_sentence_names_the_departement_with_its_article(monkeypatch):
    from helpers.fiche import page
    from helpers.places.territories import TerritoryList

    monkeypatch.setattr(page, "territories_for", lambda codes: TerritoryList(codes[0], []))
    assert territories_block(_ctx(resolve("78"))).data == "Aucun Territoire d'industrie ne touche les Yvelines (78)."
    assert territories_block(_ctx(resolve("2B"))).data == "Aucun Territoire d'industrie ne touche la Corse (2A, 2B)."

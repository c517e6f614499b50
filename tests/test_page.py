"""French text blocks of a fiche."""

from helpers.formatting import NBSP
from helpers.geography import resolve
from helpers.indicators import FlowTotals
from helpers.page import escape, render_totals, substitutions


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


def test_substitutions_carry_the_name():
    subs = substitutions(resolve("34"), 2024)
    assert subs["libelle"] == "Hérault (34)" and subs["annee"] == "2024"


def test_escape_neutralises_markup():
    assert escape("<b>A & B</b> *x* (y)") == "\\<b\\>A &amp; B\\</b\\> \\*x\\* (y)"


def test_geography_note_only_for_corse_and_drom():
    from types import SimpleNamespace

    from helpers.page import geography_note

    assert geography_note(SimpleNamespace(unit=resolve("11"))) is None
    assert "2A" in geography_note(SimpleNamespace(unit=resolve("2B"))).data
    assert "ensemble des cinq DROM" in geography_note(SimpleNamespace(unit=resolve("976"))).data

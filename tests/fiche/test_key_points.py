"""The « Points clés » box: French formats, ranks « 12ᵉ sur 100 », links to the definitions."""

from __future__ import annotations

from helpers.fiche import key_points
from helpers.fiche.exposure import KEYS

NBSP = "\u00a0"


def row(**values: object) -> dict[str, object]:
    found: dict[str, object] = dict.fromkeys(KEYS)
    found.update({f"rank_{k}": None for k in KEYS} | {f"ranked_{k}": None for k in KEYS})
    found.update(values)
    return found


def test_ordinals():
    assert key_points.ordinal(1, 100) == f"1ᵉʳ{NBSP}sur{NBSP}100"
    assert key_points.ordinal(12, 100) == f"12ᵉ{NBSP}sur{NBSP}100"
    assert key_points.ordinal(None, 100) == "—"


def test_values_in_french_formats():
    assert key_points.value_text("us_share", 12.345) == f"12,3{NBSP}%"
    assert key_points.value_text("us_share", 0.0) == f"0,0{NBSP}%"
    assert key_points.value_text("coverage", 1234.56) == f"1{NBSP}234,6{NBSP}%"
    assert key_points.value_text("export_change", 3.25) == f"+3,3{NBSP}%"
    assert key_points.value_text("export_change", -1.04) == f"\u22121,0{NBSP}%"
    assert key_points.value_text("export_change", 0.01) == f"0,0{NBSP}%"
    assert key_points.value_text("hhi_partners", 1234.5) == f"1{NBSP}235 (peu concentré)"
    assert key_points.value_text("hhi_products", 2500.0) == "2\u00a0500 (moyennement concentré)"
    assert key_points.value_text("hhi_products", 10_000.0) == "10\u00a0000 (très concentré)"
    assert key_points.value_text("coverage", None) == "n.\u00a0d."


def test_box_of_a_departement_links_each_figure_and_ranks_it():
    text = key_points.box_markdown(row(us_share=8.14, rank_us_share=73, ranked_us_share=100, coverage=None), kind="unit", year=2024)
    assert text.startswith("````{admonition} Points clés 2024\n:class: note comext-keys\n")
    assert "| Indicateur | Valeur | Rang |" in text
    assert f'| <a href="methodologie.html#ind-etats-unis">Part des exportations vers les États-Unis</a> | 8,1{NBSP}% | 73ᵉ{NBSP}sur{NBSP}100 |' in text
    assert '<a href="methodologie.html#ind-couverture">' in text and "| n.\u00a0d. | — |" in text
    assert text.count("methodologie.html#ind-") == 8  # seven figures and the section of definitions
    assert "parmi les 100 départements dotés d’une fiche" in text and "1ᵉʳ = la plus forte valeur" in text


def test_box_of_a_region_ranks_among_regions_and_france_has_no_rank():
    assert "parmi les 12 régions dotées d’une page" in key_points.box_markdown(row(), kind="region", year=2024)
    france = key_points.box_markdown(row(us_share=9.48), kind="france", year=2024)
    assert "| Indicateur | Valeur |\n" in france and "Rang" not in france.split("\n\n")[1].split("\n")[0]
    assert "La France entière n’a pas de rang" in france

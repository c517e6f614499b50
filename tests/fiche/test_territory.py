"""A Territoire d'industrie's page (Markdown): caveat, départements and shares, key figures, members."""

from __future__ import annotations

import re

import pandas as pd

from helpers.common.formatting import NBSP
from helpers.fiche import territory as page
from helpers.places.territories import Member, Share, Territory, territory

TOTALS = pd.DataFrame(
    [
        (2024, "E", "11", "12", 1_966_000_000), (2024, "I", "11", "12", 2_211_900_000),
        (2024, "E", "81", "12", 3_000_000_000), (2024, "I", "81", "12", 1_000_000_000),
        (2024, "E", "20", "94", 100_000_000), (2023, "E", "11", "12", 7),
    ],
    columns=["year", "flow", "dep", "region", "value_eur"],
)
MADE = Territory(
    "ti-7699", "Essai d'Oc", "76",
    (Share("11", 3, 300), Share("81", 1, 100)),
    (Member("200000001", "CC Zéro", "CC", 3, 300, ("11",)), Member("200000002", "CA Alpha", "CA", 1, 100, ("81",))),
)


def plain(text: str) -> str:
    return text.replace(NBSP, " ")


def test_departement_figures_per_customs_unit_of_the_year() -> None:
    rows = page.departement_figures(MADE, TOTALS, 2024)
    assert [(r.unit.dgddi_code, r.exports, r.imports, r.balance) for r in rows] == [
        ("11", 1_966_000_000, 2_211_900_000, -245_900_000), ("81", 3_000_000_000, 1_000_000_000, 2_000_000_000),
    ]
    corse = page.departement_figures(territory("ti-9401"), TOTALS, 2024)  # Haute-Garonne: 2B → Corse (20)
    assert [(r.unit.dgddi_code, r.exports) for r in corse] == [("20", 100_000_000)]


def test_key_figures_side_by_side() -> None:
    text = plain(page.key_figures_table(page.departement_figures(MADE, TOTALS, 2024), 2024))
    assert "| [Aude (11)](dep-11.ipynb) | 1 966 | 2 211,9 | -245,9 |" in text
    assert "| [Tarn (81)](dep-81.ipynb) | 3 000 | 1 000 | 2 000 |" in text
    assert "Montants en millions d'euros (2024)" in text
    unlinked = plain(page.key_figures_table(page.departement_figures(MADE, TOTALS, 2024), 2024, present={"dep-81"}))
    assert "| Aude (11) | 1 966 |" in unlinked and "[Tarn (81)](dep-81.ipynb)" in unlinked


def test_page_says_the_figures_are_the_departements() -> None:
    text = plain(page.markdown(MADE, page.departement_figures(MADE, TOTALS, 2024), 2024, synthetic=True, count=183))
    assert text.startswith("# Essai d'Oc — Territoire d’industrie\n\n```{important}\nLes statistiques douanières n'existent pas en dessous du département")
    assert "Données de démonstration" in text and "synthétiques" in text
    assert "l'un des 183 Territoires d'industrie" in text and "(identifiant de l'ANCT : ti-7699)" in text
    assert "parmi ceux d’[Occitanie](region-76.ipynb)" in text
    assert "Ses 4 communes, réparties entre l’Aude (11) et le Tarn (81), comptent 400 habitants." in text
    assert "| [Aude (11)](dep-11.ipynb) | 3 | 300 | 75 % |" in text and "| [Tarn (81)](dep-81.ipynb) | 1 | 100 | 25 % |" in text
    assert "| **Ensemble du territoire** | **4** | **400** | **100 %** |" in text
    members = [line for line in text.splitlines() if line.startswith("| C")]
    assert members == ["| CA Alpha | 200000002 | 1 | 100 |", "| CC Zéro | 200000001 | 3 | 300 |"]  # by name
    assert "Données de démonstration" not in page.markdown(MADE, [], 2024, synthetic=False, count=183)


def test_one_departement_and_a_region_of_one_departement() -> None:
    ajaccio = territory("ti-9402")
    text = plain(page.markdown(ajaccio, page.departement_figures(ajaccio, TOTALS, 2024), 2024, synthetic=False, count=183))
    assert "parmi ceux de la Corse." in text  # Corse has no région page: no link; named as its fiche
    assert "Ses 10 communes, toutes dans le département de la Corse-du-Sud (2A), comptent 93 835 habitants." in text
    assert "| [Corse-du-Sud (2A)](dep-2A-2B.ipynb) | 10 | 93 835 | 100 % |" in text
    assert "| [Corse (2A, 2B)](dep-2A-2B.ipynb) | 100 | 0 | 100 |" in text


def test_shares_of_every_territory_add_up_to_100() -> None:
    from helpers.places.territories import territories

    for found in territories():
        shares = re.findall(r"\| ([\d,]+) % \|$", plain(page.departements_table(found)), flags=re.M)
        values = [float(s.replace(",", ".")) for s in shares]  # the total row is bold: not matched
        assert len(values) == len(found.departements)
        assert abs(sum(values) - 100) <= 0.05 * len(values), (found.id_ti, values)


KEYS_11 = {
    "us_share": 6.25, "rank_us_share": 12, "ranked_us_share": 100, "eu_share": 50.0, "rank_eu_share": 1, "ranked_eu_share": 100,
    "hhi_partners": 1500.0, "rank_hhi_partners": 40, "ranked_hhi_partners": 100,
    "export_change": -3.25, "rank_export_change": 77, "ranked_export_change": 99,
}


def test_key_points_side_by_side_with_ranks() -> None:
    rows = page.departement_figures(MADE, TOTALS, 2024, key_rows={"dep-11": KEYS_11})
    text = plain(page.key_points_table(rows, 2024))
    head = next(line for line in text.splitlines() if line.startswith("| Indicateur"))
    assert "Aude (11)" in head and "Tarn (81)" in head  # one column per département, in the table's order
    us = next(line for line in text.splitlines() if "#ind-etats-unis" in line)
    assert us.endswith("| 6,3 %<br>12ᵉ sur 100 | n. d. |")  # half-up to one decimal; the Tarn has no row
    assert "| 50,0 %<br>1ᵉʳ sur 100 |" in next(line for line in text.splitlines() if "#ind-union-europeenne" in line)
    assert "1 500 (moyennement concentré)<br>40ᵉ sur 100" in text  # 1 500 is still « moyennement »
    assert "−3,3 %<br>77ᵉ sur 99" in text  # a minus sign, not a hyphen
    assert len([line for line in text.splitlines() if line.startswith("| <a href")]) == 7


def test_no_key_points_without_rows_and_in_the_page_with_them() -> None:
    assert page.key_points_table(page.departement_figures(MADE, TOTALS, 2024), 2024) == ""
    without = page.markdown(MADE, page.departement_figures(MADE, TOTALS, 2024), 2024, synthetic=True, count=183)
    with_keys = page.markdown(MADE, page.departement_figures(MADE, TOTALS, 2024, key_rows={"dep-11": KEYS_11}), 2024, synthetic=True, count=183)
    assert "points clés" not in without and "## Les points clés de ces départements" in with_keys


def test_regions_are_named_as_the_book_names_them() -> None:
    assert page.region_name("76").of == "d’Occitanie"
    assert page.region_name("94").of == "de la Corse"  # as its fiche, not the COG région's « de Corse »
    assert "parmi ceux de la Corse" in page.markdown(territory("ti-9401"), [], 2024, synthetic=False, count=183)

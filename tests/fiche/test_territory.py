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
    assert "parmi ceux de Corse." in text  # Corse has no région page: no link
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

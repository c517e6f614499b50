"""Generated pages: table of contents (a tree by région) and the index."""


import pandas as pd
import yaml

from helpers.book import site_pages
from helpers.fiche import parameters
from tests import PROJECT_ROOT

ROOT = PROJECT_ROOT


def _toc(pages: list[parameters.PageParameters]) -> dict:
    return yaml.safe_load(site_pages.toc_yaml(pages))


def test_toc_is_france_then_regions_with_their_departements_then_overseas_and_method():
    toc = _toc(parameters.read_all(ROOT / "parameters"))
    assert toc["root"] == "pages/index"
    assert [part["caption"] for part in toc["parts"]] == ["France et régions", "Outre-mer", "Territoires d’industrie", "Méthode"]
    main, overseas, _, method = (part["chapters"] for part in toc["parts"])
    assert main[0] == {"file": "pages/france", "title": "France"}
    assert [c["title"] for c in main[1:]][:2] == ["Île-de-France", "Centre-Val de Loire"]
    assert len(main) == 1 + 12 + 1 and main[-1] == {"file": "pages/dep-2A-2B", "title": "Corse (2A, 2B)"}  # Corse: its fiche directly
    occitanie = next(c for c in main if c.get("title") == "Occitanie")
    assert occitanie["file"] == "pages/region-76" and len(occitanie["sections"]) == 13
    assert {"file": "pages/dep-11", "title": "Aude (11)"} in occitanie["sections"]
    assert [c["file"] for c in overseas] == ["pages/dep-971", "pages/dep-972", "pages/dep-973", "pages/dep-974", "pages/dep-976"]
    assert method == [{"file": "pages/methodologie"}, {"file": "pages/sources"}]  # generated at build time
    files = [c["file"] for part in toc["parts"] for c in part["chapters"]] + [s["file"] for c in main for s in c.get("sections", [])]
    assert len(files) == 113 + 1 + 2 and len(set(files)) == len(files)  # the territories' overview (its tree: test_territory_pages)


def test_a_book_without_region_pages_lists_its_departements_as_chapters():
    toc = _toc([parameters.validate({"dep_code": c}, "t") for c in ("11", "34", "974")])
    main, overseas = toc["parts"][0]["chapters"], toc["parts"][1]["chapters"]
    assert main == [{"file": "pages/dep-11", "title": "Aude (11)"}, {"file": "pages/dep-34", "title": "Hérault (34)"}]
    assert overseas == [{"file": "pages/dep-974", "title": "La Réunion (974)"}]


def test_committed_toc_is_the_generated_one():
    pages = parameters.read_all(ROOT / "parameters")
    assert (ROOT / "_toc.yml").read_text(encoding="utf-8") == site_pages.toc_yaml(pages)


def _totals() -> pd.DataFrame:
    return pd.DataFrame(
        [(2024, "E", "11", "12", 1_966_000_000), (2024, "I", "11", "12", 2_211_900_000), (2024, "E", "34", "12", 1)],
        columns=["year", "flow", "dep", "region", "value_eur"],
    )


def test_index_lists_every_page_with_balance_in_a_sortable_table():
    pages = [parameters.validate({"dep_code": "11"}, "t"), parameters.validate({"dep_code": "34"}, "t")]
    text = site_pages.index_markdown(pages, _totals(), 2024, synthetic=True).replace("\u00a0", " ")
    assert "| [Aude (11)](dep-11.ipynb) | Occitanie | 1 966 | 2 211,9 | -245,9 |" in text
    assert "```{table}\n:class: comext-sortable" in text
    assert "Hérault (34)" in text and "Données de démonstration" in text
    assert "Vues d’ensemble" not in text and "Vues d'ensemble" not in text  # no région or France page in this book


def test_index_links_the_region_pages_and_france():
    pages = [parameters.validate(raw, "t") for raw in ({"france": True}, {"region_code": "76"}, {"dep_code": "11"})]
    text = site_pages.index_markdown(pages, _totals(), 2024, synthetic=False)
    assert "- La France entière\u202f: [France](france.ipynb)" in text and "[Occitanie](region-76.ipynb)" in text
    assert "| [Aude (11)](dep-11.ipynb) | [Occitanie](region-76.ipynb) |" in text
    assert "Données de démonstration" not in text


def _indicators() -> pd.DataFrame:
    """A ranks table of two départements (hand-written, see helpers.fiche.ranks.COLUMNS)."""
    from helpers.fiche import ranks

    values = {"us_share": [8.14226, 12.5], "eu_share": [61.0, None], "hhi_partners": [971.29, 10_000.0], "hhi_products": [2156.3, 1499.5],
              "top3_share": [43.65, 100.0], "coverage": [88.88286, None], "export_change": [-0.31, 2.04]}
    frame = pd.DataFrame({"slug": ["dep-11", "dep-34"], "kind": ["unit", "unit"], "year": [2024, 2024],
                          "exports_eur": [1_966_000_000, 1], "imports_eur": [2_211_900_000, 0], **values})
    return ranks.add_ranks(frame)


def test_index_shows_the_indicators_in_sortable_columns_and_links_the_csv():
    pages = [parameters.validate({"dep_code": "11"}, "t"), parameters.validate({"dep_code": "34"}, "t")]
    text = site_pages.index_markdown(pages, _totals(), 2024, synthetic=False, indicators=_indicators()).replace("\u00a0", " ")
    assert ("| Département | Région | Exportations | Importations | Solde | États-Unis (%) | UE à 27 (%) | HHI pays | HHI produits "
            "| 3 premiers pays (%) | Couverture (%) | Évolution (%) |") in text
    assert "|---|---|--:|--:|--:|--:|--:|--:|--:|--:|--:|--:|" in text
    assert "| [Aude (11)](dep-11.ipynb) | Occitanie | 1 966 | 2 211,9 | -245,9 | 8,1 | 61,0 | 971 | 2 156 | 43,7 | 88,9 | \u22120,3 |" in text
    assert "| 12,5 | n. d. | 10 000 | 1 500 | 100,0 | n. d. | +2,0 |" in text
    assert '<a href="../donnees/indicateurs-departements.csv" download>CSV</a>' in text
    assert '<a href="methodologie.html#ind-definitions">définitions</a>' in text


def test_index_csv_has_exact_values_ranks_and_the_number_ranked():
    pages = [parameters.validate({"dep_code": "11"}, "t"), parameters.validate({"dep_code": "34"}, "t")]
    lines = site_pages.indicators_csv(_indicators(), 2024, pages).splitlines()
    head = lines[0].split(";")
    assert head[:6] == ["code_insee", "departement", "region", "annee", "exportations_eur", "importations_eur"]
    assert head[6:9] == ["etats-unis_pct", "etats-unis_rang", "etats-unis_sur"] and "hhi-pays_hhi" in head
    aude = dict(zip(head, lines[1].split(";"), strict=True))
    herault = dict(zip(head, lines[2].split(";"), strict=True))
    assert (aude["code_insee"], aude["departement"], aude["region"], aude["exportations_eur"]) == ("11", "Aude", "Occitanie", "1966000000")
    assert (aude["etats-unis_pct"], aude["etats-unis_rang"], aude["etats-unis_sur"]) == ("8,14226", "2", "2")
    assert (herault["couverture_pct"], herault["couverture_rang"], herault["couverture_sur"]) == ("", "", "")
    assert (aude["couverture_rang"], aude["couverture_sur"]) == ("1", "1")
    assert len(lines) == 3


def test_index_links_every_pdf_in_its_last_column_and_after_each_region():
    pages = [parameters.validate(raw, "t") for raw in ({"france": True}, {"region_code": "76"}, {"dep_code": "11"})]
    text = site_pages.index_markdown(pages, _totals(), 2024, synthetic=False)
    link = '<a class="comext-pdf-size" href="../pdf/{}.pdf" download>PDF</a>'
    assert "| Département | Région | Exportations | Importations | Solde | PDF |" in text
    assert f"| [Aude (11)](dep-11.ipynb) | [Occitanie](region-76.ipynb) | 1\u00a0966 | 2\u00a0211,9 | -245,9 | {link.format('dep-11')} |" in text
    assert f"[Occitanie](region-76.ipynb) ({link.format('region-76')})" in text and f"[France](france.ipynb) ({link.format('france')})" in text
    with_indicators = site_pages.index_markdown(pages, _totals(), 2024, synthetic=False, indicators=_indicators())
    assert f"| \u22120,3 | {link.format('dep-11')} |" in with_indicators

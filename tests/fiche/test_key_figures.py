"""Key figures of a page as JSON and CSV: the text's figures, recomputable exactly."""

import csv
import json

from helpers.common.formatting import share_france, share_region
from helpers.data import store
from helpers.fiche import key_figures
from helpers.fiche.context import FicheContext
from helpers.places.geography import resolve


def test_aude_key_figures_reproduce_the_published_ones(demo_cache, tmp_path):
    ctx = FicheContext(resolve("11"), 2024, tmp_path, demo_cache, None, store.read_totals(demo_cache), tmp_path)
    json_path, csv_path = key_figures.write(ctx)
    payload = json.loads(json_path.read_text(encoding="utf-8"))
    assert payload["donnees_de_demonstration"] is True and payload["unite"] == "euros"
    exports = {r["perimetre"]: r for r in payload["chiffres"] if r["flux"] == "exportations"}
    assert exports["Aude (11)"]["valeur_eur"] == 1_966_000_000
    assert exports["Occitanie"]["valeur_eur"] == 49_453_900_000
    assert exports["France entière"]["valeur_eur"] == 580_354_500_000
    assert share_region(1, 1 / exports["Aude (11)"]["part_region"]).replace("\u00a0", " ") == "4 %"
    assert share_france(exports["Aude (11)"]["part_france"], 1).replace("\u00a0", " ") == "0,34 %"
    with csv_path.open(encoding="utf-8") as handle:
        table = list(csv.DictReader(handle))
    totals, indicators = table[:6], table[6:]
    assert {r["flux"] for r in totals} == {"exportations", "importations"}
    assert sum(int(r["valeur_eur"]) for r in totals if r["perimetre"] == "Aude (11)") == 1_966_000_000 + 2_211_900_000
    assert [r["indicateur"] for r in indicators] == ["etats-unis", "union-europeenne", "hhi-pays", "hhi-produits", "trois-premiers",
                                                     "couverture", "evolution"]
    coverage = indicators[5]
    # exports / imports of Aude, in %, unrounded: 1 966 / 2 211,9 M€
    assert (coverage["unite"], float(coverage["valeur"]), coverage["sur"]) == ("%", 100 * 1_966_000_000 / 2_211_900_000, "100")
    assert 1 <= int(coverage["rang"]) <= 100
    assert payload["indicateurs"][2]["unite"] == "indice 0–10 000" and 0 < payload["indicateurs"][2]["valeur"] <= 10_000


def test_corse_has_no_region_row(demo_cache, tmp_path):
    ctx = FicheContext(resolve("2A"), 2024, tmp_path, demo_cache, None, store.read_totals(demo_cache), tmp_path)
    scopes = {r["perimetre"] for r in key_figures.rows(ctx)}
    assert scopes == {"Corse (2A, 2B)", "France entière"}
    assert "chiffres-cles.json" in key_figures.links(ctx).data


def test_region_and_france_pages_have_their_own_rows(demo_cache, tmp_path):
    from helpers.places.geography import FRANCE, regions

    totals = store.read_totals(demo_cache)
    region = FicheContext(regions()["76"], 2024, tmp_path, demo_cache, None, totals, tmp_path)
    rows = key_figures.rows(region)
    assert [(r["perimetre"], r["flux"]) for r in rows] == [("Occitanie", "exportations"), ("France entière", "exportations"),
                                                           ("Occitanie", "importations"), ("France entière", "importations")]
    assert rows[0]["valeur_eur"] == 49_453_900_000 and rows[0]["code"] == "12" and rows[0]["part_region"] is None
    assert share_france(rows[0]["part_france"], 1).replace("\u00a0", " ") == "8,52 %"
    json_path, _ = key_figures.write(region)
    assert json_path == tmp_path / "extra" / "donnees" / "region-76" / "chiffres-cles.json"
    france = FicheContext(FRANCE, 2024, tmp_path, demo_cache, None, totals, tmp_path)
    assert {(r["perimetre"], r["valeur_eur"]) for r in key_figures.rows(france)} == {("France entière", 580_354_500_000), ("France entière", 684_776_300_000)}
    assert "donnees/france/chiffres-cles.csv" in key_figures.links(france).data

"""Which scope each chart of a page draws, and the totals shown above région/France charts."""

import dataclasses
import json
import re

import pytest
from IPython.display import Markdown

from helpers.charts import figures
from helpers.charts.output import ChartOutput
from helpers.data import store
from helpers.fiche.context import FicheContext
from helpers.places.geography import resolve

NBSP = "\u00a0"


@pytest.fixture
def ctx_for(demo_cache, tmp_path):
    totals = store.read_totals(demo_cache)

    def make(code: str) -> FicheContext:
        return FicheContext(resolve(code), 2024, tmp_path, demo_cache, None, totals, tmp_path)

    return make


def spec_of(block: str) -> dict:
    return json.loads(re.search(r'type="application/json" id="[^"]+">(.*?)</script>', block).group(1))


def test_unit_sankey_writes_its_csv_and_stable_ids(ctx_for, tmp_path):
    out = figures.sankey(ctx_for("11"), "E")
    assert isinstance(out, ChartOutput)
    assert 'id="fig-dep-11-sankey-export-dep"' in out.data
    csv = tmp_path / "extra" / "donnees" / "dep-11" / "sankey-export-dep.csv"
    assert csv.is_file()
    assert spec_of(out.data)["description"]


def test_each_scope_has_its_own_chart_name(ctx_for, tmp_path):
    blocks = [figures.sankey(ctx_for("11"), "E", kind).data for kind in ("unit", "region", "france")]
    ids = [re.search(r'id="(fig-[^"]+)"', b).group(1) for b in blocks]
    assert len(set(ids)) == 3
    assert len(list((tmp_path / "extra" / "donnees" / "dep-11").glob("sankey-export-*.csv"))) == 3


def test_region_and_france_sankeys_carry_their_totals(ctx_for):
    region = figures.sankey(ctx_for("34"), "E", "region").data.replace(NBSP, " ")
    assert "Région Occitanie — total des exportations\u202f: 49 453,9 millions d’euros" in region  # French typography
    france = figures.sankey(ctx_for("34"), "I", "france").data.replace(NBSP, " ")
    assert "France entière — total des importations\u202f: 684 776,3 millions d’euros" in france


def test_drom_region_is_all_drom_and_corse_has_none(ctx_for):
    drom = figures.sankey(ctx_for("974"), "I", "region").data
    assert "Ensemble des DROM — total des importations" in drom
    corse = figures.sankey(ctx_for("2A"), "E", "region")
    assert isinstance(corse, Markdown) and "omis" in corse.data


def test_butterfly_and_treemap_of_the_unit(ctx_for):
    assert "Aude" in figures.butterfly(ctx_for("11")).data
    treemap = figures.treemap(ctx_for("11")).data
    assert 'id="fig-dep-11-treemap"' in treemap


def test_a_chart_that_loses_a_band_or_tile_stops_the_page(ctx_for, monkeypatch):
    from dataclasses import replace

    from helpers.charts import sankey as chart_sankey
    from helpers.charts import treemap as chart_treemap
    from helpers.common.checks import ReconciliationError

    real_sankey, real_treemap = chart_sankey.sankey, chart_treemap.treemap
    monkeypatch.setattr(chart_sankey, "sankey", lambda *a, **k: replace(real_sankey(*a, **k), data=real_sankey(*a, **k).data.iloc[1:]))
    with pytest.raises(ReconciliationError, match="Sankey"):
        figures.sankey(ctx_for("11"), "E")
    monkeypatch.setattr(chart_treemap, "treemap", lambda *a, **k: replace(real_treemap(*a, **k), data=real_treemap(*a, **k).data.iloc[:-1]))
    with pytest.raises(ReconciliationError, match="treemap"):
        figures.treemap(ctx_for("11"))


def test_crafted_labels_show_as_text(demo_cache, tmp_path):
    """A label file with markup, quotes and ';' gives text on the page, never markup."""
    from helpers.charts import render
    from helpers.charts import sankey as chart_sankey
    from helpers.data import labels
    from helpers.data.scopes import records_for
    from helpers.places.geography import Scope

    crafted = labels.read_label_file(
        "Libelle_PAYS.txt",
        '"DE";"<img src=x onerror=alert(1)> & \\"Allemagne\\"; </script>";190001;999912\r\n'.replace('\\"', '""').encode("utf-8"),
    )
    assert crafted.loc[0, "label"].startswith("<img")
    records = records_for(demo_cache, Scope("unit", "11"), year=2024)
    result = chart_sankey.sankey(records, flow="E", year=2024, scope_label="Aude", product_labels=store.read_labels(demo_cache, "a129", 2024), country_labels=crafted)
    block = render.figure_html(result, "dep-11")
    outside_json = re.sub(r'(<script type="application/json"[^>]*>).*?(</script>)', r"\1\2", block)
    assert "<img" not in outside_json and block.count("</script>") == 1  # inside the JSON block it is inert text
    assert "&lt;img src=x onerror=alert" in outside_json  # shown as text in the table
    assert "<img" in json.dumps(spec_of(block), ensure_ascii=False)  # in the chart, the label is data (drawn as text)


def test_region_and_france_pages_draw_their_own_scope_once(demo_cache, tmp_path):
    from helpers.places.geography import FRANCE, regions

    totals = store.read_totals(demo_cache)
    region = FicheContext(regions()["76"], 2024, tmp_path, demo_cache, None, totals, tmp_path)
    own = figures.sankey(region, "E").data
    assert 'id="fig-region-76-sankey-export-region"' in own and "total des exportations" not in own  # the totals block precedes it
    assert figures.sankey(region, "E", "region") is None  # no « région of the unit » on a région's page
    assert "France entière — total des exportations" in figures.sankey(region, "E", "france").data.replace(NBSP, " ")
    assert 'id="fig-region-76-butterfly"' in figures.butterfly(region).data and "Occitanie" in figures.treemap(region).data
    france = FicheContext(FRANCE, 2024, tmp_path, demo_cache, None, totals, tmp_path)
    assert 'id="fig-france-sankey-import-france"' in figures.sankey(france, "I").data
    assert figures.sankey(france, "I", "france") is None and figures.sankey(france, "I", "region") is None
    assert (tmp_path / "extra" / "donnees" / "france" / "sankey-import-france.csv").is_file()


@pytest.mark.parametrize("kind", ["region", "france"])
def test_shared_sankeys_are_keyed_by_digests_and_show_the_fresh_chart(ctx_for, tmp_path, monkeypatch, kind):
    from helpers.charts import cache as chart_cache
    from helpers.charts import render, shared
    from helpers.charts import sankey as chart_sankey
    from helpers.data.scopes import records_for
    from helpers.places.geography import Scope

    ctx = ctx_for("34")
    scope = Scope("region", ctx.unit.dgddi_region) if kind == "region" else Scope("france")
    name = "région Occitanie" if kind == "region" else figures.FRANCE
    records = records_for(ctx.cache, scope, year=2024)
    labels = {"product_labels": store.read_labels(ctx.cache, "a129", 2024), "country_labels": store.read_labels(ctx.cache, "pays", 2024)}
    fresh = chart_sankey.sankey(records, flow="E", year=2024, scope_label=name.removeprefix("région "), level="a129", scope=kind, **labels)

    def refused(frame):
        raise AssertionError("records or labels hashed on a page")

    monkeypatch.setattr(chart_cache, "frame_digest", refused)
    served = dataclasses.replace(fresh, key=f"fresh-{kind}")  # the fresh chart, served as a shared one
    for _ in range(2):  # computed (or read), then read back or taken from memory
        block = figures.sankey(ctx, "E", kind).data
        assert render.figure_html(served, "dep-34") in block
    [digest] = shared.referenced(block)
    assert shared.file_path(tmp_path, digest).is_file()
    csv = tmp_path / "extra" / "donnees" / "dep-34" / f"sankey-export-{kind}.csv"
    assert csv.read_bytes() == render.csv_bytes(fresh.data)

"""One template, three kinds of page: each kind keeps its cells; empty toggles are removed."""


import nbformat
import pytest

from helpers.fiche import parameters, template
from tests import PROJECT_ROOT

ROOT = PROJECT_ROOT
TEMPLATE = ROOT / "notebooks" / "fiche.ipynb"


def headings(kind: str) -> list[str]:
    nb = template.select_cells(nbformat.read(TEMPLATE, as_version=4), kind)
    return [line for cell in nb.cells if cell.cell_type == "markdown" for line in cell.source.splitlines() if line.startswith("#")]


def test_each_kind_of_page_has_its_sections():
    assert headings("unit") == [
        "# {{ libelle }} — commerce extérieur", "## Introduction", "## Les Territoires d'industrie du département",
        "## Contexte et méthodologie", "## Balance commerciale territoriale", "## Exportations",
        "### Exportations : la région et la France entière", "## Importations", "### Importations : la région et la France entière",
        "## Évolution sur plusieurs années", "## Informations pratiques",
    ]
    region = headings("region")
    assert "## Les Territoires d'industrie de la région" in region and "### Exportations : la France entière" in region
    assert region.index("## Les départements de la région") == region.index("## Informations pratiques") - 1
    # the evolution after the imports, before the région's départements
    assert region.index("## Importations") < region.index("## Évolution sur plusieurs années") == region.index("## Les départements de la région") - 1
    france = headings("france")
    assert "## Les régions" in france and not any("Territoires d'industrie" in h or h.startswith("###") for h in france)
    assert france.index("## Évolution sur plusieurs années") == france.index("## Les régions") - 1


def test_template_cells_are_tagged_with_known_kinds_and_code_is_one_click_away():
    nb = nbformat.read(TEMPLATE, as_version=4)
    known = set(template.KIND_TAGS.values())
    for cell in nb.cells:
        tags = cell.metadata.get("tags", [])
        assert {t for t in tags if t.startswith("for-")} <= known, cell.id
        if cell.cell_type == "code" and "remove-cell" not in tags:
            assert "hide-input" in tags and "remove-input" not in tags, cell.id
    assert len({c.id for c in nb.cells}) == len(nb.cells)


@pytest.mark.parametrize(("kind", "kept"), [("unit", ["all", "unit", "unit+region"]), ("region", ["all", "region", "unit+region"]), ("france", ["all"])])
def test_select_cells_keeps_untagged_and_own_kind(kind, kept):
    nb = nbformat.v4.new_notebook()
    for name, tags in (("all", []), ("unit", ["for-unit"]), ("region", ["for-region", "hide-input"]), ("unit+region", ["for-unit", "for-region"])):
        cell = nbformat.v4.new_markdown_cell(name)
        cell.metadata["tags"] = tags
        nb.cells.append(cell)
    assert [c.source for c in template.select_cells(nb, kind).cells] == kept
    with pytest.raises(ValueError):
        template.select_cells(nb, "canton")


def test_adapt_sets_substitutions_and_removes_empty_toggles():
    nb = nbformat.read(TEMPLATE, as_version=4)
    for cell in nb.cells:
        if cell.cell_type == "code" and "page.data_banner" in cell.source:
            cell.outputs = [nbformat.v4.new_output("display_data", data={"text/markdown": "bandeau"})]
    template.adapt(nb, parameters.validate({"region_code": "76"}, "t"))
    assert nb.metadata["myst"]["substitutions"]["libelle"] == "Occitanie"
    banner = next(c for c in nb.cells if "page.data_banner" in c.source)
    note = next(c for c in nb.cells if "page.geography_note" in c.source)
    assert "remove-cell" not in banner.metadata["tags"] and "remove-cell" in note.metadata["tags"]
    assert not any("for-unit" in c.metadata.get("tags", []) and "for-region" not in c.metadata["tags"] for c in nb.cells)


def test_adapt_gives_the_page_its_french_typography_but_not_its_code():
    nb = nbformat.read(TEMPLATE, as_version=4)
    code = next(c for c in nb.cells if c.cell_type == "code" and "page.source_line" in c.source)
    code.outputs = [nbformat.v4.new_output("display_data", data={"text/markdown": ["*Source : DGDDI, ", "l'open data* `a : b`"]})]
    before = [c.source for c in nb.cells if c.cell_type == "code"]
    template.adapt(nb, parameters.validate({"dep_code": "11"}, "t"))
    subs = nb.metadata["myst"]["substitutions"]
    assert (subs["de_nom"], subs["le_nom"]) == ("de l\u2019Aude", "l\u2019Aude")
    prose = "\n".join(c.source for c in nb.cells if c.cell_type == "markdown")
    assert "'" not in prose and " :" not in prose and " ;" not in prose  # one apostrophe, narrow spaces
    assert "Exportations\u202f: la région et la France entière" in prose
    assert code.outputs[0]["data"]["text/markdown"] == "*Source\u202f: DGDDI, l\u2019open data* `a : b`"
    assert [c.source for c in nb.cells if c.cell_type == "code"] == [s for s in before if s in {c.source for c in nb.cells}]


def test_the_template_names_places_only_through_their_forms():
    """No preposition or article written before a bare name: the forms ``{{ de_nom }}``, ``{{ le_nom }}`` carry them."""
    text = "\n".join(c.source for c in nbformat.read(TEMPLATE, as_version=4).cells if c.cell_type == "markdown")
    assert "{{ de_nom }}" in text
    for word in ("de", "du", "des", "à", "au", "aux", "en", "dans", "pour", "par", "sur", "le", "la", "les", "l'", "d'", "région", "département"):
        for key in ("nom", "region"):
            assert f"{word} {{{{ {key} }}}}" not in text.replace("\n", " "), (word, key)

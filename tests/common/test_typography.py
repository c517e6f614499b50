"""French typography of reader text: narrow spaces, no-break spaces, one apostrophe, never in code."""

import pytest

from helpers.common import typography
from helpers.common.typography import markdown, text, vega

N = "\u202f"  # narrow no-break space, written by hand here
B = "\u00a0"  # no-break space
A = "\u2019"  # apostrophe


@pytest.mark.parametrize(("source", "expected"), [
    ("Lecture : importations", f"Lecture{N}: importations"),
    ("Exportations\u00a0: 2 211,9 M€", f"Exportations{N}: 2{B}211,9{B}M€"),  # NBSP before « : » becomes narrow
    ("la Corse ; la France", f"la Corse{N}; la France"),
    ("Vraiment ! Et alors ?", f"Vraiment{N}! Et alors{N}?"),
    ("« autres »", f"«{N}autres{N}»"),
    ("«autres»", f"«{N}autres{N}»"),  # inside guillemets the space is always there
    ("l'Aude et d'euros", f"l{A}Aude et d{A}euros"),
    ("soit 4 % et 12,8 %", f"soit 4{B}% et 12,8{B}%"),
    ("1 966 millions d'euros", f"1{B}966{B}millions d{A}euros"),
    ("écart 5 €", f"écart 5{B}€"),
    ("2 211 900 000", f"2{B}211{B}900{B}000"),
])
def test_text_applies_the_french_rules(source, expected):
    assert text(source) == expected


@pytest.mark.parametrize("source", ["https://anct.gouv.fr/a?b=c", "10:30", "A&amp;B", "rien ici", "année 2024 101 unités"])
def test_text_inserts_no_space_where_none_was_written(source):
    assert text(source) == source  # URLs, times, entities; a year then a count is no number's digit groups


@pytest.mark.parametrize("source", ["Total : 1 966 M€ ; « x » d'abord !", "«x»", "a\n: b"])
def test_text_is_idempotent(source):
    assert text(text(source)) == text(source)


def test_markdown_keeps_code_directive_options_links_and_substitutions():
    source = "\n".join([
        "# {{ libelle }} — commerce extérieur",
        "",
        "Deux vues d'ensemble des échanges {{ de_nom }} : voir `comext run 11 : 'x'` ; [la méthode](/pages/m.md?a=b).",
        "```{admonition} Données de démonstration : ici",
        ":class: warning demo-banner",
        "Les chiffres : <https://x.fr/a?b=c> et <a href=\"x\" title=\"a : b\">lien</a> !",
        "```",
        "````{admonition} Reproduire cette page",
        ":class: dropdown note",
        "Cette commande :",
        "",
        "```console",
        "comext run 11 : 'x' ; echo \"d'accord\"",
        "```",
        "",
        "puis {code}`x : y`.",
        "````",
        "| Région | Solde |",
        "|---|--:|",
        "| Côtes-d'Armor | 5 % |",
    ])
    lines = markdown(source).split("\n")
    assert lines[0] == "# {{ libelle }} — commerce extérieur"
    assert lines[2] == f"Deux vues d{A}ensemble des échanges {{{{ de_nom }}}}{N}: voir `comext run 11 : 'x'`{N}; [la méthode](/pages/m.md?a=b)."
    assert lines[3] == f"```{{admonition}} Données de démonstration{N}: ici"
    assert lines[4] == ":class: warning demo-banner"
    assert lines[5] == f"Les chiffres{N}: <https://x.fr/a?b=c> et <a href=\"x\" title=\"a : b\">lien</a>{N}!"
    assert lines[9] == f"Cette commande{N}:"
    assert lines[12] == "comext run 11 : 'x' ; echo \"d'accord\""  # code inside a directive: untouched
    assert lines[15] == "puis {code}`x : y`."
    assert lines[17:19] == ["| Région | Solde |", "|---|--:|"]
    assert lines[19] == f"| Côtes-d{A}Armor | 5{B}% |"
    assert markdown(markdown(source)) == markdown(source)


def test_markdown_joins_a_line_that_starts_with_punctuation_but_keeps_option_lines():
    assert markdown("La France entière\n: total") == f"La France entière{N}: total"
    assert markdown("```{note}\n:class: x\nTexte\n```") == "```{note}\n:class: x\nTexte\n```"


def test_fenced_code_without_a_directive_is_copied_as_it_is():
    source = "```python\nx = {'a' : 1} ; print(\"l'Aude\")\n```\nAprès : fin"
    assert markdown(source) == f"```python\nx = {{'a' : 1}} ; print(\"l'Aude\")\n```\nAprès{N}: fin"


def test_vega_changes_reader_strings_and_keeps_expressions_and_fields():
    spec = {
        "description": "Graphique, Aude, 2024 : principaux pays",
        "title": {"text": "Flux à l'export"},
        "transform": [{"filter": "(datum.flux === 'l\\'x : y')"}, {"calculate": "datum.a + ' : '", "as": "l'étiquette"}],
        "encoding": {"tooltip": [{"field": "d'usage", "title": "Produit : nom"}]},
        "datasets": {"data-1": ({"d'usage": "Machines d'usage général", "valeur": "1 966\u00a0M€", "n": 3},)},
    }
    out = vega(spec)
    assert out["description"] == f"Graphique, Aude, 2024{N}: principaux pays"
    assert out["title"] == {"text": f"Flux à l{A}export"}
    assert out["transform"] == spec["transform"]  # expressions and field names: code
    assert out["encoding"]["tooltip"] == [{"field": "d'usage", "title": f"Produit{N}: nom"}]
    assert out["datasets"]["data-1"] == [{"d'usage": f"Machines d{A}usage général", "valeur": f"1{B}966{B}M€", "n": 3}]
    assert spec["title"] == {"text": "Flux à l'export"}  # the input is not changed


def test_the_characters_are_the_ones_the_spec_asks_for():
    assert (typography.NNBSP, typography.APOSTROPHE) == (N, A)
    from helpers.common.formatting import NBSP

    assert NBSP == B  # the number formatting's no-break space is the one kept


def test_vega_texts_are_the_same_the_second_time() -> None:
    spec = {"title": "Total : 2 211,9 M€", "datasets": {"d": [{"l": "d'abord « x »"}]}, "encoding": {"x": {"field": "l : x", "type": "nominal"}}}
    first, second = typography.vega(spec), typography.vega(spec)  # the second from the memo
    assert first == second == {
        "title": "Total\u202f: 2\u00a0211,9\u00a0M€", "datasets": {"d": [{"l": "d’abord «\u202fx\u202f»"}]},
        "encoding": {"x": {"field": "l : x", "type": "nominal"}},
    }

"""MyST Markdown and HTML of the notebooks as Typst markup: text never interpreted, structure kept."""

from __future__ import annotations

from helpers.book import pdf_markup


def test_escape_leaves_no_typst_syntax_in_text():
    assert pdf_markup.escape("a*b_c #1 [x] <y> @z = - + ~ \"q\" 'r' s.t") == (
        "a\\*b\\_c \\#1 \\[x\\] \\<y\\> \\@z \\= \\- \\+ \\~ \\\"q\\\" \\'r\\' s\\.t"
    )
    # a URL's // would start a Typst comment; -- and ... would become dashes and an ellipsis
    assert pdf_markup.escape("https://x.fr -- ...") == "https:\\/\\/x\\.fr \\-\\- \\.\\.\\."
    assert pdf_markup.escape("deux\nlignes") == "deux lignes"


def test_string_literal():
    assert pdf_markup.string('a "b" \\ c\nd') == '"a \\"b\\" \\\\ c d"'


def test_headings_paragraphs_emphasis_and_breaks():
    source = "# Titre\n\n**Gras**<br>\n*Italique* · 2024\n\nUn paragraphe\nsur deux lignes."
    assert pdf_markup.markdown(source) == (
        "#heading(level: 1)[Titre]\n\n"
        "#strong[Gras]\\  #emph[Italique] · 2024\n\n"
        "Un paragraphe sur deux lignes\\.\n\n"
    )


def test_lists_tight_and_ordered():
    assert pdf_markup.markdown("- un\n- deux") == "#list([un], [deux])\n\n"
    assert pdf_markup.markdown("1. **A.** texte\n2. B") == "#enum([#strong[A\\.] texte], [B])\n\n"


def test_links_to_the_web_stay_links_links_inside_the_site_become_text():
    assert pdf_markup.markdown("Voir [le site](https://anct.gouv.fr) et la [méthodologie](/pages/methodologie.md).") == (
        "Voir #link(\"https://anct.gouv.fr\")[le site] et la méthodologie\\.\n\n"
    )
    assert pdf_markup.markdown("<https://a.fr/b>") == "#link(\"https://a.fr/b\")[https:\\/\\/a\\.fr\\/b]\n\n"


def test_pipe_table_with_its_alignment_and_header():
    source = "| Département | Exportations |\n|---|--:|\n| [Aude (11)](dep-11.ipynb) | 1\u00a0966 |\n"
    assert pdf_markup.markdown(source) == (
        "#table(columns: 2, align: (left, right,), table.header([Département], [Exportations]), [Aude (11)], [1\u00a0966])\n\n"
    )


def test_myst_directives_admonition_note_table_and_code():
    banner = "```{admonition} Données de démonstration\n:class: warning demo-banner\nChiffres **synthétiques**.\n```\n"
    assert pdf_markup.markdown(banner) == '#admonition("Données de démonstration", kind: "warning")[Chiffres #strong[synthétiques]\\.]\n\n'
    assert pdf_markup.markdown("```{note}\nUne note.\n```\n") == '#admonition("Note", kind: "note")[Une note\\.]\n\n'
    table = "```{table}\n:class: comext-sortable\n\n| A | B |\n|---|---|\n| 1 | 2 |\n```\n"
    assert pdf_markup.markdown(table) == "#table(columns: 2, align: (left, left,), table.header([A], [B]), [1], [2])\n\n"
    nested = "````{admonition} Reproduire\n:class: dropdown note\nCommande :\n\n```console\ncomext run 11\n```\n````\n"
    assert pdf_markup.markdown(nested) == '#admonition("Reproduire", kind: "note")[Commande :\n\n#raw(block: true, "comext run 11")]\n\n'


def test_html_paragraphs_emphasis_and_what_is_left_out():
    head = "<p><strong>Région Occitanie — total</strong></p><p><strong>Flux à l’export</strong></p>"
    assert pdf_markup.html(head) == "#strong[Région Occitanie — total]\n\n#strong[Flux à l’export]"
    tail = '<p class="comext-footnote">Lecture : « Autres ».</p><p>CSV : <code>a.csv</code></p><details><summary>Tableau</summary><table><tr><td>1</td></tr></table></details>'
    assert pdf_markup.html(tail, keep_class="comext-footnote") == "Lecture : « Autres »\\."
    assert pdf_markup.html("<ul><li>un</li><li>deux<br>suite</li></ul>") == "- un\n- deux\\ suite"


def test_sentences_for_the_screen_only_are_not_printed():
    source = 'Montants en M€. <span class="comext-screen">Un clic sur l’en-tête trie le tableau.</span>\n\nSuite.'
    assert pdf_markup.markdown(source) == "Montants en M€\\.\n\nSuite\\.\n\n"
    note = '<p class="comext-footnote">La surface. <span class="comext-screen">Survoler le rectangle.</span></p><p>CSV</p>'
    assert pdf_markup.html(note, keep_class="comext-footnote") == "La surface\\."

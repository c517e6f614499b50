"""French text blocks of a page, rendered as MyST Markdown outputs.

Each function returns an :class:`IPython.display.Markdown` whose text the book renders (the
book sets ``nb_render_markdown_format: myst``, so admonitions work in outputs), or ``None``
when the block does not apply to the page (the cell then shows nothing). Headings are never
emitted here: they stay in the template's markdown cells. A page shows a département (its
unit), a région or France entière (:data:`helpers.places.geography.Place`); the wording follows.
"""

from __future__ import annotations

import re

from IPython.display import Markdown

from ..common.formatting import NBSP, meur, share_france, share_region
from ..places.geography import FRANCE, MONACO, Place, Region, Unit, dgddi_region_units, units
from ..places.names import departement, name_of
from ..places.territories import Territory, territories_for
from .context import FicheContext
from .indicators import FlowTotals

_MD_SPECIAL = re.compile(r"([\\`*_\[\]<>|~])")
FLOW_WORDS = {"E": ("exportations", "exportée"), "I": ("importations", "importée")}
METHODOLOGY_DOC = "/pages/methodologie.md"


def escape(text: str) -> str:
    """``text`` shown literally in Markdown (labels come from data files)."""
    return _MD_SPECIAL.sub(r"\\\1", text).replace("&", "&amp;")


def of_place(place: Place) -> str:
    """« de » and the place's name as French writes it (INSEE's TNCC, :mod:`helpers.places.names`):
    « de l’Aude », « du Nord », « de Paris », « d’Occitanie », « de la France entière »."""
    return name_of(place).of


def substitutions(place: Place, year: int) -> dict[str, str]:
    """Values for the ``{{ … }}`` substitutions of the template's static markdown.

    ``nom`` the name, ``le_nom`` with its article (« l’Aude », « le Nord », « Paris »), ``de_nom``
    after « de » (« de l’Aude », « du Nord »), ``Le_nom`` and ``De_nom`` at the start of a
    sentence; ``region``, ``le_region``, ``de_region`` the same for a département's région (its
    own name when the région is the département alone: Corse, a DROM); ``libelle`` the title
    (« Aude (11) »), ``codes`` the INSEE codes, ``annee`` the year.
    """
    name = name_of(place)
    if isinstance(place, Unit):
        codes, region = ", ".join(place.insee_codes), name if not place.region.has_page else name_of(place.region)
    elif isinstance(place, Region):
        codes, region = place.insee_code, name
    else:
        codes, region = "", None
    return {
        "nom": name.name,
        "le_nom": name.the,
        "Le_nom": name.the_capitalised,
        "de_nom": name.of,
        "De_nom": name.of_capitalised,
        "libelle": place.label,
        "codes": codes,
        "annee": str(year),
        "region": region.name if region else "",
        "le_region": region.the if region else "",
        "de_region": region.of if region else "",
    }


def data_banner(ctx: FicheContext) -> Markdown:
    """The visible notice saying whether the figures are demonstration or official data."""
    if ctx.synthetic:
        return Markdown(
            "```{admonition} Données de démonstration\n:class: warning demo-banner\n"
            "Les chiffres de cette page sont **synthétiques** : ils ont été générés par le projet au "
            "format officiel de la DGDDI et calibrés pour reproduire les totaux publiés pour 2024 "
            "(Aude, Hérault, Occitanie, France entière). Ils ne décrivent pas l'économie réelle "
            f"{name_of(ctx.place).of}. Voir la [méthodologie]({METHODOLOGY_DOC}).\n```\n"
        )
    files = ", ".join(f.name for f in ctx.provenance.files) if ctx.provenance else "?"
    return Markdown(
        "```{admonition} Données officielles\n:class: note\n"
        f"Chiffres calculés à partir des fichiers de la DGDDI ({escape(files)}). "
        f"Voir la [méthodologie]({METHODOLOGY_DOC}).\n```\n"
    )


#: Where the territories' list comes from, as the fiches say it.
TERRITORIES_SOURCE = (
    "Source : liste officielle des Territoires d'industrie 2023-2027 de l'ANCT ; communes et départements "
    "d'après le Code officiel géographique de l'Insee."
)


def territory_link(territory: Territory) -> str:
    """A territory's official name linking to its page (``territoire-7605.md``, beside the fiches)."""
    return f"[{escape(territory.name)}]({territory.slug}.md)"


def and_list(items: list[str]) -> str:
    """« a », « a et b », « a, b et c »."""
    return items[0] if len(items) == 1 else ", ".join(items[:-1]) + " et " + items[-1]


def territories_block(ctx: FicheContext) -> Markdown | None:
    """The official Territoires d'industrie touching the unit, each linking to its page, with
    the other départements it spans; one sentence when there is none.

    On a région's page, one line per département (:func:`region_territories`); nothing on the
    France page.
    """
    if isinstance(ctx.place, Region):
        return region_territories(ctx.place)
    if not isinstance(ctx.place, Unit):
        return None
    codes = ctx.unit.insee_codes
    listing = territories_for(codes)
    where = f"{name_of(ctx.unit).the} ({', '.join(codes)})"
    if not listing.territories:
        return Markdown(f"Aucun Territoire d'industrie ne touche {where}.")
    lines = []
    for territory in listing.territories:
        others = [f"{departement(c).the} ({c})" for c in territory.dep_codes if c not in codes]
        lines.append(f"- {territory_link(territory)}" + (f" : s'étend aussi sur {and_list(others)}" if others else ""))
    return Markdown("\n".join(lines) + "\n\n" + TERRITORIES_SOURCE + "\n")


def region_territories(region: Region) -> Markdown:
    """The Territoires d'industrie of a région, one line per département linking to its fiche,
    each territory linking to its page."""
    lines = []
    for unit in region.units:
        listing = territories_for(unit.insee_codes)
        names = " ; ".join(territory_link(t) for t in listing.territories) or "aucun Territoire d'industrie"
        lines.append(f"- [{escape(unit.label)}]({unit.slug}.ipynb) : {names}")
    return Markdown("\n".join(lines) + "\n\n" + TERRITORIES_SOURCE + "\n")


def source_line(ctx: FicheContext) -> Markdown:
    """The source line of the fiche (official or demonstration)."""
    kind = "données de démonstration au format" if ctx.synthetic else "données"
    return Markdown(
        f"*Source : DGDDI, {kind} du commerce extérieur régional et départemental, année "
        f"{ctx.year}, en données ouvertes ; traitement : ce projet.*"
    )


def totals_block(ctx: FicheContext, flow: str) -> Markdown:
    """"Total des exportations : X millions d'euros" with the région and France shares and totals."""
    block = ctx.totals_blocks[flow]
    return Markdown(render_totals(ctx.place, block))


def render_totals(place: Place, block: FlowTotals) -> str:
    """The totals block as Markdown text (see ``fiche.md``, sections 6 and 7).

    A région's block gives its share of France; France's says what its total adds up.
    """
    noun, participle = FLOW_WORDS[block.flow]
    lines = [f"**Total des {noun} : {meur(block.unit_eur)} millions d'euros**", ""]
    if place == FRANCE:
        lines.append(
            f"Valeur {participle} par l'ensemble des {len(units())} unités territoriales des fichiers de la DGDDI "
            "(départements métropolitains, Corse, DROM et Monaco)."
        )
        return "\n".join(lines) + "\n"
    if isinstance(place, Region):
        lines.append(f"- soit {share_france(block.unit_eur, block.france_eur)} de la valeur {participle} au niveau national.")
        lines += ["", f"France entière : {meur(block.france_eur)}{NBSP}M€."]
        return "\n".join(lines) + "\n"
    unit = place
    if block.region_eur:
        perimeter = "l'ensemble des DROM" if unit.is_drom else f"la région {block.region_name}"
        lines.append(f"- soit {share_region(block.unit_eur, block.region_eur)} de la valeur {participle} par {perimeter} ;")
    lines.append(f"- soit {share_france(block.unit_eur, block.france_eur)} de la valeur {participle} au niveau national.")
    lines.append("")
    if block.region_eur:
        perimeter = "Ensemble des DROM" if unit.is_drom else f"Région {block.region_name}"
        lines.append(f"{perimeter} : {meur(block.region_eur)}{NBSP}M€ ; France entière : {meur(block.france_eur)}{NBSP}M€.")
    else:
        lines.append(
            f"La Corse forme à elle seule une région : la part régionale n'est pas calculée. "
            f"France entière : {meur(block.france_eur)}{NBSP}M€."
        )
    return "\n".join(lines) + "\n"


def geography_note(ctx: FicheContext) -> Markdown | None:
    """A note for Corse (one customs unit for 2A and 2B) and the DROM (compared together), for
    a région that counts Monaco (PACA) and for France entière (what it adds up).

    ``None`` (the cell then shows nothing) for the other pages.
    """
    place = ctx.place
    if isinstance(place, Region):
        if MONACO not in {u.dgddi_code for u in dgddi_region_units(place.dgddi_code)}:
            return None
        text = (
            "La DGDDI compte Monaco dans les échanges de la région : ses montants entrent dans les totaux "
            "régionaux et nationaux et figurent sur une ligne du tableau des départements, sans fiche propre."
        )
        return Markdown("```{note}\n" + text + "\n```\n")
    if place == FRANCE:
        text = (
            "« France entière » désigne ici la somme des unités territoriales des fichiers régionaux et "
            "départementaux de la DGDDI : départements métropolitains, Corse, cinq DROM et Monaco. Ce total peut "
            "différer du chiffre national de référence publié par les douanes."
        )
        return Markdown("```{note}\n" + text + "\n```\n")
    unit = ctx.unit
    if unit.is_corse:
        text = (
            "Les statistiques douanières ne distinguent pas la Corse-du-Sud (2A) de la Haute-Corse "
            "(2B) : la DGDDI publie un seul ensemble « Corse » (code 20). Cette fiche couvre donc les "
            "deux départements ; la Corse formant une région à elle seule, aucune part régionale "
            "n'est calculée."
        )
    elif unit.is_drom:
        text = (
            f"{escape(name_of(unit).the_capitalised)} est un département et une région d'outre-mer : la comparaison "
            "« régionale » se fait avec l'ensemble des cinq DROM, regroupés par la DGDDI."
        )
    else:
        return None
    return Markdown("```{note}\n" + text + "\n```\n")

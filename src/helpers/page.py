"""French text blocks of a fiche, rendered as MyST Markdown outputs.

Each function returns an :class:`IPython.display.Markdown` whose text the book renders (the
book sets ``nb_render_markdown_format: myst``, so admonitions work in outputs). Headings are
never emitted here: they stay in the template's markdown cells.
"""

from __future__ import annotations

import re

from IPython.display import Markdown

from .context import FicheContext
from .formatting import NBSP, meur, share_france, share_region
from .geography import Unit
from .indicators import FlowTotals, fiche_totals
from .territories import territories_for

_MD_SPECIAL = re.compile(r"([\\`*_\[\]<>|~])")
FLOW_WORDS = {"E": ("exportations", "exportée"), "I": ("importations", "importée")}
METHODOLOGY_DOC = "/pages/methodologie.md"


def escape(text: str) -> str:
    """``text`` shown literally in Markdown (labels come from data files)."""
    return _MD_SPECIAL.sub(r"\\\1", text).replace("&", "&amp;")


def substitutions(unit: Unit, year: int) -> dict[str, str]:
    """Values for the ``{{ … }}`` substitutions of the template's static markdown."""
    return {
        "nom": unit.name,
        "libelle": unit.label,
        "codes": ", ".join(unit.insee_codes),
        "annee": str(year),
        "region": unit.region.name,
    }


def data_banner(ctx: FicheContext) -> Markdown:
    """The visible notice saying whether the figures are demonstration or official data."""
    if ctx.synthetic:
        return Markdown(
            "```{admonition} Données de démonstration\n:class: warning demo-banner\n"
            "Les chiffres de cette page sont **synthétiques** : ils ont été générés par le projet au "
            "format officiel de la DGDDI et calibrés pour reproduire les totaux publiés pour 2024 "
            "(Aude, Hérault, Occitanie, France entière). Ils ne décrivent pas l'économie réelle du "
            f"département. Voir la [méthodologie]({METHODOLOGY_DOC}).\n```\n"
        )
    files = ", ".join(f.name for f in ctx.provenance.files) if ctx.provenance else "?"
    return Markdown(
        "```{admonition} Données officielles\n:class: note\n"
        f"Chiffres calculés à partir des fichiers de la DGDDI ({escape(files)}). "
        f"Voir la [méthodologie]({METHODOLOGY_DOC}).\n```\n"
    )


def territories_block(ctx: FicheContext) -> Markdown:
    """Bulleted list of the Territoires d'industrie touching the unit, with the list's status."""
    listing = territories_for(ctx.unit.insee_codes)
    where = f"le département {ctx.unit.label}" if not ctx.unit.is_corse else "la Corse (2A, 2B)"
    if listing.status == "unavailable":
        return Markdown(
            f"La liste des Territoires d'industrie pour {where} n'est pas disponible dans les données "
            "embarquées. La liste officielle est publiée par l'ANCT (jeu de données « Programme "
            "Territoires d'industrie » sur data.gouv.fr) ; `comext data territoires` reconstruit la table."
        )
    if not listing.territories:
        return Markdown(f"Aucun Territoire d'industrie ne touche {where}.")
    lines = [f"- {escape(t.name)}" + (f" ({escape(t.note)})" if t.note else "") for t in listing.territories]
    links = sorted({url for t in listing.territories for url in t.urls})
    if listing.status == "partial":
        note = (
            "Cette liste provient d'une compilation partielle de pages publiques et **peut être "
            "incomplète** ; source : " + ", ".join(f"<{url}>" for url in links) + "."
        )
    else:
        note = "Source : liste officielle de l'ANCT (" + ", ".join(escape(s) for s in listing.sources) + ")."
    return Markdown("\n".join(lines) + "\n\n" + note + "\n")


def source_line(ctx: FicheContext) -> Markdown:
    """The source line of the fiche (official or demonstration)."""
    kind = "données de démonstration au format" if ctx.synthetic else "données"
    return Markdown(
        f"*Source : DGDDI, {kind} du commerce extérieur régional et départemental, année "
        f"{ctx.year}, en open data ; traitement : ce projet.*"
    )


def totals_block(ctx: FicheContext, flow: str) -> Markdown:
    """"Total des exportations : X millions d'euros" with the région and France shares and totals."""
    block = fiche_totals(ctx.totals, ctx.unit, ctx.year)[flow]
    return Markdown(render_totals(ctx.unit, block))


def render_totals(unit: Unit, block: FlowTotals) -> str:
    """The totals block as Markdown text (see ``fiche.md``, sections 6 and 7)."""
    noun, participle = FLOW_WORDS[block.flow]
    lines = [f"**Total des {noun} : {meur(block.unit_eur)} millions d'euros**", ""]
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
    """A note for Corse (one customs unit for 2A and 2B) and the DROM (compared together).

    ``None`` (the cell then shows nothing) for the other départements.
    """
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
            f"{escape(unit.name)} est un département et une région d'outre-mer : la comparaison "
            "« régionale » se fait avec l'ensemble des cinq DROM, regroupés par la DGDDI."
        )
    else:
        return None
    return Markdown("```{note}\n" + text + "\n```\n")

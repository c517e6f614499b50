"""« Définitions des indicateurs »: the section of the methodology page that defines the « Points clés ».

One target per indicator (``(ind-etats-unis)=`` …, the anchors of
:data:`helpers.fiche.exposure.INDICATORS`), which each page's box links to
(``methodologie.html#ind-etats-unis``): formula, unit, thresholds, the codes left out, how the
DROM, Corse and Monaco are treated, and how ranks are given.
"""

from __future__ import annotations

from ..fiche.exposure import HHI_HIGH, HHI_LOW, INDICATORS
from ..places.geography import page_regions, page_units
from ..places.partners import EU27_2020, SPECIAL_PARTNER_CODES

#: What each indicator is, after its title (MyST Markdown); keys: :data:`INDICATORS`' keys.
FORMULAS = {
    "us_share": "valeur des exportations vers les États-Unis (code `US`) ÷ valeur des exportations vers l’ensemble "
                "des pays réels × 100, en %. Porto Rico et les autres territoires ont leur propre code et n’y sont pas comptés.",
    "eu_share": "valeur des exportations vers les 27 pays de l’Union européenne dans sa composition de 2020, sans le "
                "Royaume-Uni, ÷ exportations vers les pays réels × 100, en %. La même liste sert pour toutes les années, "
                "afin qu’une évolution ne soit jamais un changement de périmètre : " + ", ".join(f"`{c}`" for c in sorted(EU27_2020)) + ".",
    "hhi_partners": "indice de Herfindahl-Hirschman des pays clients : somme des carrés des parts (en %) de chaque pays "
                    "réel dans les exportations, HHI = Σ (100 × vᵢ / Σ v)², de 0 à 10 000 (10 000 : un seul pays client).",
    "hhi_products": "même indice sur les produits exportés de la nomenclature A129, calculé sur toutes les exportations "
                    "(un code partenaire spécial a, lui aussi, un produit).",
    "top3_share": "valeur des exportations vers les trois premiers pays réels ÷ exportations vers les pays réels × 100, en %.",
    "coverage": "exportations ÷ importations × 100, en %, sur les totaux de la page (tous codes compris) ; non défini "
                "(« n. d. ») sans importation.",
    "export_change": "(exportations de l’année − exportations de l’année précédente) ÷ exportations de l’année précédente "
                     "× 100, en %, en euros courants ; non défini la première année des données.",
}


def section() -> str:
    """The section (MyST Markdown), with its targets."""
    special = ", ".join(f"`{c}`" for c in sorted(SPECIAL_PARTNER_CODES))
    low, high = f"{HHI_LOW:,.0f}".replace(",", " "), f"{HHI_HIGH:,.0f}".replace(",", " ")
    lines = [
        "(ind-definitions)=",
        "## Définitions des indicateurs",
        "",
        "L’encadré « Points clés » en tête de chaque page donne sept indicateurs des exportations de l’année de la "
        "page, chacun avec son rang. Les valeurs sont calculées à partir des enregistrements, en euros, sans arrondi "
        "intermédiaire ; la page les arrondit à une décimale (l’indice HHI à l’unité). Les fichiers de chiffres clés "
        "de chaque page les donnent sans arrondi.",
        "",
        f"**Pays** : seuls les pays réels entrent dans les parts et les indices de pays. Les codes partenaires "
        f"spéciaux ({special} : haute mer, autocorrections, avitaillement et soutage, pays non déterminés, ainsi que "
        "Ceuta, Melilla et le Kosovo, que la DGDDI traite à part) et tout code dont le libellé indique qu’il n’est "
        "pas un pays en sont exclus, au numérateur comme au dénominateur ; ils restent comptés dans les totaux, le taux "
        "de couverture et l’évolution. Sans exportation vers un pays réel, les parts et l’indice des pays ne sont pas "
        "définis (« n. d. »).",
        "",
        f"**Rangs** : 1 = la plus forte valeur, pour chaque indicateur ; les ex æquo partagent un rang (« 1, 2, 2, 4 ») ; "
        f"« 12ᵉ sur 100 ». Une fiche est classée parmi les {len(page_units())} départements dotés d’une fiche : la "
        "**Corse** y compte pour un (la DGDDI ne distingue pas la Corse-du-Sud de la Haute-Corse), les cinq **DROM** "
        "y sont classés comme les autres départements, **Monaco**, sans fiche, n’est pas classé. Une page de région est "
        f"classée parmi les {len(page_regions())} régions dotées d’une page (Provence-Alpes-Côte d’Azur avec Monaco, "
        "comme dans ses totaux ; la Corse et les DROM, régions d’un seul département, sont classés avec les départements). "
        "La France entière n’a pas de rang. Un indicateur non défini n’est pas classé et le nombre de classés "
        "diminue d’autant.",
        "",
    ]
    for indicator in INDICATORS:
        lines += [f"({indicator.anchor})=", f"### {indicator.label}", "", FORMULAS[indicator.key][0].upper() + FORMULAS[indicator.key][1:], ""]
        if indicator.key.startswith("hhi_"):
            lines += [
                f"Seuils : moins de {low} « peu concentré » ; de {low} à {high} inclus « moyennement concentré » ; "
                f"plus de {high} « très concentré ».",
                "",
            ]
    return "\n".join(lines)

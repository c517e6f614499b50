"""The « Sources et licences » page, generated at every build from the inputs actually read.

``comext build`` writes ``pages/sources.md``: the DGDDI files read (from ``provenance.json``
and the cache's manifest, never typed), their licence (Licence Ouverte 2.0) and how to credit
them, the Territoires d'industrie (ANCT's list, the COG package that resolves it), where the names
of the départements and régions and their articles come from (the package, version and licence
recorded in the table, :func:`helpers.places.names.source`), the map's outlines (npm packages,
versions read from ``node_modules``, licences and credit), the demonstration-data caveat, and
the libraries the site serves itself. Nothing depends on the
clock: the only dates are the provenance's download dates.
"""

from __future__ import annotations

from collections import Counter
from pathlib import Path

from ..charts import map_geometry
from ..common import paths, typography
from ..data import provenance as provenance_mod
from ..data import store
from ..places import names, territories
from ..places.territories import Territory

#: Where the page is written, relative to the book's root (its toc entry is this without ``.md``).
PAGE = Path("pages") / "sources.md"
DATASET_URL = "https://www.data.gouv.fr/fr/datasets/statistiques-regionales-et-departementales-du-commerce-exterieur/"
LICENCE_URL = "https://www.etalab.gouv.fr/licence-ouverte-open-licence/"
TERRITORIES_URL = "https://www.data.gouv.fr/fr/datasets/programme-territoires-dindustrie/"
COG_URL = "https://www.insee.fr/fr/information/2560452"
NPM_URL = "https://www.npmjs.com/package/"
CC_BY_URL = "https://creativecommons.org/licenses/by/4.0/deed.fr"
NATURAL_EARTH_URL = "https://www.naturalearthdata.com/"
#: The credit line the Licence Ouverte asks for.
CREDIT = "Source : Direction générale des douanes et droits indirects (DGDDI), statistiques régionales et départementales du commerce extérieur"


def demo_caveat() -> str:
    return (
        "```{admonition} Données de démonstration\n:class: warning demo-banner\n"
        "Les chiffres de ce site sont **synthétiques** : les machines qui le construisent n'accèdent pas aux "
        "sites publics, et le projet génère des fichiers au format exact de la DGDDI, calibrés pour reproduire "
        "les totaux publiés pour 2024 (Aude, Hérault, Occitanie, France entière). Ils ne décrivent pas "
        "l'économie réelle et ne doivent pas être cités comme des statistiques officielles. Le même programme "
        "lit les fichiers officiels (`comext data download --year 2024`, puis `comext build --data data/raw`).\n"
        "```\n"
    )


def trade_section(data_dir: Path, cache: Path) -> str:
    """The DGDDI dataset, the files read and their origin, the licence and the credit line."""
    prov = provenance_mod.read(data_dir)
    lines = [
        "## Commerce extérieur : la DGDDI",
        "",
        "Les fiches reposent sur les **statistiques régionales et départementales du commerce extérieur** de la "
        "Direction générale des douanes et droits indirects (DGDDI), publiées en données ouvertes sur "
        f"[data.gouv.fr]({DATASET_URL}) et sur le site « Le chiffre du commerce extérieur ». Chaque archive "
        "contient un fichier de flux (importations ou exportations) et les fichiers de libellés (pays, "
        "produits CPF et A129, départements et régions).",
        "",
        "Fichiers lus pour cette construction :",
        "",
        "| Fichier | Origine |",
        "|---|---|",
    ]
    for f in store.read_manifest(cache)["files"]:
        record = prov.find(f["name"]) if prov else None
        if record is None:
            origin = "non renseignée (pas de provenance.json)"
        elif record.generated:
            origin = "générée par le projet (données de démonstration)"
        else:
            origin = "téléchargée" + (f" le {record.downloaded}" if record.downloaded else "") + (f" depuis <{record.url}>" if record.url else "")
        lines.append(f"| `{f['name']}` | {origin} |")
    lines += [
        "",
        "Leur empreinte SHA-256, leur taille, les années et trimestres couverts et les contrôles de cohérence "
        "sont détaillés sur la page [Méthodologie](methodologie.md).",
        "",
        "## Licence",
        "",
        f"Les données de la DGDDI sont diffusées sous la [Licence Ouverte / Open Licence 2.0]({LICENCE_URL}) "
        "d'Etalab : elles peuvent être reproduites, redistribuées, adaptées et exploitées, y compris à des fins "
        "commerciales, à condition d'en mentionner la source et la date de dernière mise à jour. Mention à "
        "reprendre :",
        "",
        f"> {CREDIT}, traitement : projet « Commerce extérieur des territoires ».",
        "",
        "Les chiffres, tableaux et graphiques de ce site, calculés à partir de ces fichiers, sont réutilisables "
        "aux mêmes conditions ; leurs données sont téléchargeables sous chaque graphique (CSV) et en fin de "
        "chaque page (chiffres clés en JSON et CSV).",
        "",
    ]
    return "\n".join(lines)


def territories_section(table: tuple[Territory, ...] | None = None, source: dict | None = None) -> str:
    """The Territoires d'industrie: ANCT's list and the COG package that resolves its members."""
    found = territories.territories() if table is None else table
    origin = territories.source() if source is None else source
    listed, cog = origin["list"], origin["geography"]
    kinds = Counter("EPT" if m.kind == "EPT" else "commune" if m.kind == "COM" else "EPCI" for t in found for m in t.members)
    departements = len({c for t in found for c in t.dep_codes})
    package = cog["package"]
    return (
        "## Territoires d'industrie\n\n"
        f"Les {len(found)} Territoires d'industrie du programme 2023-2027 et leurs membres ({kinds['EPCI']} EPCI, "
        f"{kinds['EPT']} établissements publics territoriaux du Grand Paris, {kinds['commune']} communes) viennent de "
        f"la liste officielle de l'ANCT (fichier `{listed['file']}`, [jeu de données « Programme Territoires "
        f"d'industrie »]({TERRITORIES_URL}), {listed['licence']} ; mention : « {listed['producer']} »). Chaque "
        f"membre, désigné par son SIREN, est rattaché à ses communes, à leur département et à leur population "
        f"municipale par le paquet npm [`{package}`]({NPM_URL}{package}) version {cog['version']} (licence "
        f"{cog['licence']}), construit à partir du [Code officiel géographique]({COG_URL}) de l'Insee. Un territoire "
        f"appartient à chaque département où il compte au moins une commune ({departements} départements en ont un) ; "
        "sa page donne la part de sa population dans chacun. `comext data territoires` reconstruit la table.\n"
    )


def names_section(source: dict[str, str] | None = None) -> str:
    """Where the names of the départements and régions and their articles come from."""
    found = names.source() if source is None else source
    package = found["package"]
    aude, nord, paris = (names.departement(code) for code in ("11", "59", "75"))
    examples = ", ".join(f"« {form} »" for form in (aude.the, aude.of, nord.the, nord.of, paris.of))
    return (
        "## Noms des départements et des régions\n\n"
        f"Les noms des départements et des régions et la manière de les écrire avec leur article ({examples}) "
        "suivent le type de nom en clair (TNCC) du "
        f"[Code officiel géographique]({COG_URL}) de l'Insee. Ils sont repris du paquet npm "
        f"[`{package}`]({NPM_URL}{package}) version {found['version']} (licence {found['licence']}), construit à "
        "partir du Code officiel géographique ; la table du projet en est tirée par `comext data noms`.\n"
    )


def map_section(versions: dict[str, str] | None = None) -> str:
    """Where the map's outlines come from: the two npm packages, their versions and licences, the credit."""
    if versions is None:
        modules = paths.project_root() / "node_modules"
        versions = {p: map_geometry.version_of(modules, p) for p in (map_geometry.SVG_PACKAGE, map_geometry.ATLAS_PACKAGE)}
    svg, atlas = map_geometry.SVG_PACKAGE, map_geometry.ATLAS_PACKAGE
    return (
        "## Carte des départements\n\n"
        "La carte de la page d'accueil et celles des pages régionales dessinent les départements métropolitains "
        f"d'après le paquet npm [`{svg}`]({NPM_URL}{svg}) version {versions[svg]}, de Victor Cazanave, sous licence "
        f"[Creative Commons Attribution 4.0 (CC BY 4.0)]({CC_BY_URL}). Les contours des cinq départements d'outre-mer "
        f"viennent de [Natural Earth]({NATURAL_EARTH_URL}) (domaine public, échelle 1/10 000 000), par le paquet npm "
        f"[`{atlas}`]({NPM_URL}{atlas}) version {versions[atlas]} (licence ISC). Le projet simplifie ces tracés et place "
        "les outre-mer et Paris avec sa petite couronne dans des encarts, chacun à son échelle, à chaque construction "
        "du site (`helpers.charts.map_geometry`) ; rien n'est dessiné à la main ni chargé d'un serveur de tuiles. "
        "Mention à reprendre : « Contours : Victor Cazanave, svg-maps (CC BY 4.0) ; Natural Earth ».\n"
    )


SOFTWARE = """## Logiciels

Les pages sont calculées par le code du projet (Python : pandas, pyarrow, Altair) et assemblées par
Jupyter Book. Les graphiques sont dessinés dans le navigateur par vega, vega-lite et vega-embed
(licence BSD-3), servis par le site lui-même : aucune page ne charge de ressource extérieure. Le code
exécuté pour chaque fiche est consultable sous chaque bloc (« Afficher le code ») et dans le carnet
exécuté téléchargeable en fin de page.
"""


def markdown(*, data_dir: Path, cache: Path, territories: list[dict[str, str]] | None = None) -> str:
    """The whole page (MyST Markdown)."""
    prov = provenance_mod.read(data_dir)
    synthetic = prov is None or prov.synthetic
    parts = [
        "# Sources et licences\n\nD'où viennent les données de ce site, à quelles conditions les réutiliser, et "
        "comment les citer.\n",
        demo_caveat() if synthetic else "",
        trade_section(data_dir, cache),
        territories_section(territories),
        names_section(),
        map_section(),
        SOFTWARE,
    ]
    return typography.markdown("\n".join(p.rstrip("\n") + "\n" for p in parts if p))

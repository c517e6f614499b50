"""The methodology page, generated at every build from the data actually read.

``comext build`` writes ``pages/methodologie.md``: source and release (files, SHA-256, sizes,
download date or « généré », years and quarters — read from ``provenance.json`` and the cache's
``manifest.json``, never typed), definitions, the rules the fiche applies, nomenclatures, the
geography mapping (the 101 DGDDI units), the reconciliation table with its results, declared
tolerances, and how to re-execute one département. Nothing depends on the clock: the only date
is the provenance's download date.
"""

from __future__ import annotations

from pathlib import Path

import pandas as pd

from ..common import typography
from ..common.checks import KIND_LABELS, Tolerance, read_tolerances
from ..common.formatting import NBSP, meur
from ..data import provenance as provenance_mod
from ..data import store
from ..data.labels import LABEL_FILENAMES
from ..fiche.page import escape
from ..places.geography import DROM_REGION, page_units, units
from . import definitions, reconciliation

#: Where the page is written, relative to the book's root (its toc entry is this without ``.md``).
PAGE = Path("pages") / "methodologie.md"
FLOW_NAMES = {"E": "Exportations", "I": "Importations"}


def _table_start(css_class: str) -> list[str]:
    """First lines of a table that carries ``css_class`` (styled by ``_static/comext.css``); a line
    ``:::`` closes it. ``comext-files``: the hashes wrap; ``comext-wide``: many columns in a smaller
    type. Either way the table fits the text column of a 1280 px screen instead of scrolling."""
    return [":::{table}", f":class: {css_class}", ""]


def _size(n: int) -> str:
    return f"{n:,}".replace(",", NBSP)


def _euros(n: int) -> str:
    return f"{int(n):,}".replace(",", NBSP)


def source_section(data_dir: Path, cache: Path) -> str:
    prov = provenance_mod.read(data_dir)
    manifest = store.read_manifest(cache)
    lines = ["## Source et version des données", ""]
    if prov is None or prov.synthetic:
        lines += [
            "```{admonition} Données de démonstration",
            ":class: warning",
            "Les machines qui construisent ce site n'accèdent pas aux sites publics. Le site est construit sur des "
            "**données de démonstration** : des fichiers synthétiques générés par le projet au format officiel "
            "exact de la DGDDI, calibrés pour reproduire les totaux publiés pour 2024 (Aude, Hérault, Occitanie, "
            "France entière). Ils ne décrivent pas l'économie réelle. Le même programme lit les fichiers officiels "
            "(`comext data download --year 2024`, puis `comext build --data data/raw`).",
            "```",
            "",
        ]
    lines += [
        "Statistiques régionales et départementales du commerce extérieur de la Direction générale des douanes et "
        "droits indirects (DGDDI), diffusées en données ouvertes (jeu de données « Statistiques régionales et "
        "départementales du commerce extérieur » sur data.gouv.fr, Licence Ouverte 2.0).",
        "",
    ]
    if prov is not None:
        lines += [f"Jeu de données lu : {escape(prov.dataset)} (source `{prov.source}`).", ""]
    lines += [*_table_start("comext-files"), "| Fichier | SHA-256 | Taille (octets) | Téléchargé le |", "|---|---|--:|---|"]
    for f in manifest["files"]:
        record = prov.find(f["name"]) if prov else None
        if record is None:
            when = "non renseigné (pas de provenance.json)"
        elif record.generated:
            when = "généré (données de démonstration)"
        else:
            when = record.downloaded or "non renseigné"
            if record.url:
                when += f" ({escape(record.url)})"
        if record is not None and record.sha256 != f["sha256"]:
            when += " — **SHA-256 différent de provenance.json**"
        lines.append(f"| `{f['name']}` | `{f['sha256']}` | {_size(f['size'])} | {when} |")
    lines.append(":::")
    quarters = manifest.get("quarters", {})
    covered = "; ".join(f"{year} : T{', T'.join(str(q) for q in quarters[year])}" for year in sorted(quarters))
    lines += [
        "",
        f"Années et trimestres couverts : {covered}. Enregistrements lus et validés : {_size(manifest['records'])}. "
        f"Clé du cache Parquet : `{Path(cache).name}`.",
        "",
    ]
    warnings = manifest.get("warnings", [])
    if warnings:
        lines += [f"Avertissements de lecture ({len(warnings)}, libellés hors période de validité) :", ""]
        lines += [f"- {escape(w)}" for w in warnings[:20]]
        if len(warnings) > 20:
            lines.append(f"- … et {len(warnings) - 20} autre(s).")
        lines.append("")
    else:
        lines += ["Aucun avertissement de lecture (tous les codes ont un libellé valide pour leur année).", ""]
    return "\n".join(lines)


DEFINITIONS = """## Définitions

- **Enregistrement** : pour un trimestre, un flux (importation ou exportation), un département, un
  produit (nomenclature A129 et CPF rév. 2.1 à 4 positions) et un pays partenaire, la valeur en euros
  et la masse en kilogrammes. Le total annuel est la somme des quatre trimestres.
- **Exportations** : valeur **FAB** (franco à bord), rattachée au département d'où les marchandises
  sont expédiées (et non au siège de l'entreprise) ; pays = destination finale déclarée.
- **Importations** : valeur **CAF** (coût, assurance, fret compris), rattachée au département de
  destination réelle des marchandises ; pays = origine. Par convention, les importations de gaz
  naturel et d'électricité sont attribuées à Paris (75).
- **Lieu de dédouanement** : les montants suivent le lieu de dédouanement, qui n'est pas toujours le
  lieu de production ; les grandes infrastructures (ports industriels) concentrent des flux, par
  exemple d'hydrocarbures, qui ne sont pas consommés seulement sur place.
- **Exclusions** : le matériel militaire et les marchandises hors du champ de la statistique ne sont
  pas comptés.
- **Collecte brute** : depuis janvier 2022 (enquête EMEBI pour les échanges intra-UE), les données
  sont des données brutes de collecte, **sans correction de la non-réponse** ; des ruptures de série
  sont possibles d'une année à l'autre.
- **Codes partenaires spéciaux** : haute mer (QP), autocorrections (QQ), avitaillement et soutage
  (QR, QS), pays non déterminés (QU), Ceuta (XC), Melilla (XL), Kosovo (XK) sont conservés et comptés
  dans les totaux ; ils ne prennent jamais une place nommée dans les graphiques (ils vont dans
  « autres »).
"""

RULES = """## Règles appliquées par chaque fiche

- **Totaux** : somme des valeurs en euros des enregistrements de l'année (quatre trimestres), calculée
  en entiers, sans arrondi intermédiaire.
- **France entière** : somme des 101 unités territoriales des mêmes fichiers (Monaco compris), comme
  dans la fiche publiée ; ce total peut différer du chiffre national de référence des douanes.
- **Part de la région** : valeur du département divisée par celle de sa région au sens de la DGDDI
  (Monaco compté dans la région Provence-Alpes-Côte d'Azur). Pour les cinq DROM, la comparaison se fait avec
  l'ensemble des DROM ; pour la Corse, qui forme une région à elle seule, elle n'est pas calculée.
  **Part de la France** : valeur du département divisée par le total France entière. Les parts sont
  toujours recalculées à partir des totaux affichés.
- **Arrondis** : montants en millions d'euros à une décimale (« ,0 » final omis : « 1 966 »,
  « 2 211,9 ») ; part de la région à une décimale (« ,0 » omis : « 4 % », « 5,9 % ») ; part de la
  France à deux décimales, toujours écrites (« 0,34 % ») ; arrondi au plus proche, la moitié vers le
  haut, sur la valeur exacte ; virgule décimale ; espace insécable comme séparateur des milliers et
  avant « % » et « M€ ».
- **Principaux pays et produits** : classés par valeur dans le flux et le périmètre du graphique, du
  plus grand au plus petit, ex æquo départagés par le code (ordre croissant) : le résultat est
  déterministe. Les diagrammes de flux (Sankey) montrent les **10 premiers produits** et les **10
  premiers pays**, le reste regroupé en « autres » de chaque côté ; la somme des valeurs nommées et
  de « autres » égale exactement le total du périmètre.
- **Flux en rouge** : les **5 plus grands flux** produit → pays (ou pays → produit) entre deux
  nœuds nommés ; un flux qui touche « autres » n'est jamais en rouge.
- **Pays à l'import et à l'export** : l'union des premiers partenaires à l'import et à l'export
  (une dizaine de pays), sans « autres » ; le solde (exportations − importations) est en rouge quand
  il est négatif, en vert quand il est positif.
- **Carte des produits** (carte proportionnelle) : l'aire d'une case est proportionnelle à la valeur du produit
  dans son flux ; les deux blocs (importations en bleu, exportations en violet) sont dimensionnés par
  leurs totaux.
"""


def nomenclature_section(cache: Path, year: int) -> str:
    lines = [
        "## Nomenclatures",
        "",
        "Les libellés viennent des fichiers annexes livrés avec les données (mêmes archives) ; un code absent "
        "de son fichier de libellés est une erreur de lecture, un code présent mais hors de sa période de "
        "validité reçoit le libellé de la période la plus proche (avertissement).",
        "",
        "| Nomenclature | Fichier | Codes | Codes valides en " + str(year) + " | Périodes de validité |",
        "|---|---|--:|--:|---|",
    ]
    names = {
        "cpf4": "Produits : CPF rév. 2.1, 4 positions (classification des produits française)",
        "a129": "Produits agrégés : A129 (NA 2008, niveau 129)",
        "pays": "Pays partenaires : codes à deux lettres (ISO 3166-1 et codes spéciaux DGDDI)",
    }
    for kind, label in names.items():
        table = pd.read_parquet(Path(cache) / f"labels_{kind}.parquet")
        valid = table[(table["start"] // 100 <= year) & (table["end"] // 100 >= year)]["code"].nunique()
        periods = f"{int(table['start'].min())} à {int(table['end'].max())} (AAAAMM ; 999912 = toujours valide)"
        lines.append(f"| {label} | `{LABEL_FILENAMES[kind]}` | {table['code'].nunique()} | {valid} | {periods} |")
    return "\n".join(lines) + "\n"


def geography_section(cache: Path, pages: set[str] | None = None) -> str:
    """The 101 units; ``pages`` (DGDDI codes) are the units with a page in this book (all by default)."""
    labels = pd.read_parquet(Path(cache) / "labels_departements.parquet").set_index("code")
    geo = units()
    lines = [
        "## Géographie",
        "",
        "Les fichiers de la DGDDI décrivent 101 unités : 94 départements métropolitains, la **Corse** en un "
        "seul ensemble (code 20, qui réunit 2A et 2B : les données douanières ne les distinguent pas), "
        "**Monaco** (code 99, compté dans la région Provence-Alpes-Côte d'Azur et dans la France entière, sans fiche "
        "propre) et les cinq **DROM** (codes 9A à 9E pour 971 à 976), que la DGDDI regroupe dans une région "
        f"« DOM » (code {DROM_REGION}). Les codes de région de la DGDDI ne sont pas ceux de l'Insee "
        "(Occitanie : 12 pour la DGDDI, 76 pour l'Insee). Le site est organisé selon les régions de l'Insee, "
        "les cinq DROM formant chacun leur région ; la part « régionale » d'un DROM se calcule sur "
        "l'ensemble des DROM.",
        "",
        f"Table de correspondance du projet ({len(geo)} unités ; colonne « Fichier » : code région lu dans "
        "`Departement_region.txt`, qui doit être celui du projet) :",
        "",
        *_table_start("comext-wide"),
        "| DGDDI | Insee | Unité | Région DGDDI | Fichier | Région Insee | Fiche |",
        "|---|---|---|---|---|---|---|",
    ]
    with_page = {u.dgddi_code for u in page_units() if pages is None or u.dgddi_code in pages}
    for code, unit in geo.items():
        region = unit.region
        listed = str(labels["region_code"].get(code, "absent"))
        flag = "" if listed == unit.dgddi_region else " **≠**"
        page = f"[{escape(unit.label)}]({unit.slug}.ipynb)" if code in with_page else ("—" if unit.has_page else "sans fiche")
        lines.append(
            f"| {code} | {', '.join(unit.insee_codes) or '—'} | {escape(unit.name)} | {region.dgddi_code} "
            f"({escape(region.dgddi_name)}) | {listed}{flag} | {region.insee_code} ({escape(region.name)}) | {page} |"
        )
    lines.append(":::")
    return "\n".join(lines) + "\n"


def reconciliation_section(checks: pd.DataFrame, tolerances: list[Tolerance]) -> str:
    failed = checks[~checks["ok"]]
    lines = [
        "## Rapprochements",
        "",
        "Chaque construction du site vérifie, en euros et sans tolérance implicite, que les totaux s'emboîtent. "
        "Un écart arrête la publication avec un message donnant le périmètre, les deux montants et l'écart. "
        "Tout écart accepté est déclaré, au montant exact, dans `src/helpers/resources/tolerances.yml` "
        "(où, pourquoi, depuis quand) et vérifié tel quel.",
        "",
        "| Contrôle | Nombre | Exacts | Écarts tolérés | En échec |",
        "|---|--:|--:|--:|--:|",
    ]
    for kind, group in checks.groupby("check", sort=False):
        tolerated = int(((group["expected"] != 0) & group["ok"]).sum())
        lines.append(
            f"| {KIND_LABELS.get(kind, kind)} | {len(group)} | {int((group['ok'] & (group['expected'] == 0)).sum())} "
            f"| {tolerated} | {int((~group['ok']).sum())} |"
        )
    lines += [""]
    if len(failed):
        lines += ["```{admonition} Écarts constatés", ":class: error", "Ce site n'aurait pas dû être publié : "]
        lines += [f"- {escape(c.message())}" for c in reconciliation.failures_of(failed)[:50]]
        lines += ["```", ""]
    lines += [
        "Contrôles « région » et « France », détail (montants en euros ; gauche = total des fichiers ou somme "
        "des régions, droite = somme des unités ou total national) :",
        "",
        *_table_start("comext-wide"),
        "| Année | Flux | Périmètre | Gauche | Droite | Écart | Résultat |",
        "|---|---|---|--:|--:|--:|---|",
    ]
    detail = checks[checks["check"].isin(["region", "france"])].sort_values(["year", "flow", "check", "code"], kind="stable")
    for r in detail.itertuples(index=False):
        result = "exact" if r.ok and r.expected == 0 else ("écart toléré" if r.ok else "**ÉCHEC**")
        lines.append(
            f"| {r.year} | {FLOW_NAMES.get(r.flow, r.flow)} | {escape(r.scope)} | {_euros(r.left)} | {_euros(r.right)} "
            f"| {_euros(r.difference)} | {result} |"
        )
    lines += [":::", "", "Écarts tolérés déclarés :", ""]
    if tolerances:
        lines += [*_table_start("comext-wide"), "| Contrôle | Code | Flux | Année | Écart (€) | Où | Pourquoi | Depuis |", "|---|---|---|--:|--:|---|---|---|"]
        lines += [
            f"| {t.check} | {escape(t.code)} | {t.flow} | {t.year} | {_euros(t.difference_eur)} | {escape(t.where)} | {escape(t.why)} | {escape(t.since)} |"
            for t in tolerances
        ]
        lines.append(":::")
    else:
        lines.append("aucun : tous les contrôles doivent être exacts.")
    return "\n".join(lines) + "\n"


def reproduce_section(year: int, example: str = "11") -> str:
    return f"""## Refaire une fiche

Chaque fiche se termine par un encadré « Reproduire cette page » qui donne la commande exacte et les
versions avec lesquelles elle a été construite. En général, depuis la racine du projet :

```console
comext run {example} --year {year}        # réexécute la fiche (carnet pages/dep-{example}.ipynb, ouvrable dans Jupyter)
comext run R76 --year {year}       # la page d'une région : R suivi de son code Insee (ici la région Occitanie)
comext run france --year {year}    # la page France entière
comext build --only {example}             # la réexécute et republie le site avec elle
comext build --data data/raw              # tout le site sur les fichiers officiels téléchargés
```

Les paramètres de chaque page sont dans `parameters/` (un fichier par page : `dep_code`,
`region_code` ou `france: true`, puis `year` et, au besoin, `level: cpf4` pour les produits en
CPF à 4 positions) et sont validés avant toute exécution. Deux constructions à partir des mêmes entrées écrivent des carnets identiques, octet
pour octet. Le site n'est remplacé que lorsque toutes les fiches et tous les contrôles ont réussi ;
sinon le site publié précédent reste en place.
"""


TERRITORIES = """## Territoires d'industrie

La liste des Territoires d'industrie (vague 2023-2027) de chaque département vient d'une table de
référence du projet, dont chaque ligne cite sa source. Tant qu'elle n'a pas été reconstruite à partir
du fichier communal officiel de l'ANCT (`comext data territoires`), elle provient d'une compilation
partielle de pages publiques : les fiches concernées le signalent.
"""


def national_totals(checks: pd.DataFrame) -> str:
    """One sentence per year: France entière by flow (M€), from the reconciliation table."""
    rows = checks[(checks["check"] == "france") & (checks["code"] == "units")]
    parts = []
    for year, group in rows.groupby("year", sort=True):
        values = {r.flow: r.right for r in group.itertuples(index=False)}
        parts.append(
            f"{year} : exportations {meur(values.get('E', 0))}{NBSP}M€, importations {meur(values.get('I', 0))}{NBSP}M€"
        )
    return "Totaux France entière des fichiers lus — " + " ; ".join(parts) + "." if parts else ""


def markdown(*, data_dir: Path, cache: Path, checks: pd.DataFrame, year: int,
             tolerances: list[Tolerance] | None = None, pages: set[str] | None = None) -> str:
    """The whole page (MyST Markdown); ``pages``: DGDDI codes of the units with a page in the book."""
    tolerances = read_tolerances() if tolerances is None else tolerances
    intro = (
        "# Méthodologie\n\nCette page, écrite à chaque construction du site à partir des fichiers lus, décrit "
        "d'où viennent les chiffres des fiches, comment ils sont calculés et contrôlés. "
        + national_totals(checks) + "\n"
    )
    parts = [
        intro,
        source_section(data_dir, cache),
        DEFINITIONS,
        RULES,
        definitions.section(),
        nomenclature_section(cache, year),
        geography_section(cache, pages),
        reconciliation_section(checks, tolerances),
        reproduce_section(year),
        TERRITORIES,
    ]
    return typography.markdown("\n".join(p.rstrip("\n") + "\n" for p in parts))


def write(root: Path, **kwargs) -> Path:
    """Write :data:`PAGE` under ``root`` (atomically, only when its text changed); returns its path."""
    target = Path(root) / PAGE
    text = markdown(**kwargs)
    if target.is_file() and target.read_text(encoding="utf-8") == text:
        return target
    target.parent.mkdir(parents=True, exist_ok=True)
    tmp = target.with_name(f".{target.name}.tmp")
    tmp.write_text(text, encoding="utf-8")
    tmp.replace(target)
    return target



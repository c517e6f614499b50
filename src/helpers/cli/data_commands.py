"""``comext data …``: check, generate, download and rebuild the input tables."""

from __future__ import annotations

import json
import sys
from pathlib import Path
from typing import Annotated

import typer

from ..common import paths
from .shared import data_app, err, guarded, out


@data_app.command("check")
def data_check(
    path: Annotated[Path, typer.Argument(help="Fichier .txt, archive .zip ou dossier au format officiel DGDDI.")],
    as_json: Annotated[bool, typer.Option("--json", help="Résumé en JSON (valeurs en euros).")] = False,
) -> None:
    """Lire et valider des fichiers DGDDI, puis résumer : enregistrements, années, trimestres, totaux."""
    from ..data import check

    summary = guarded(lambda: check.summarize(path))
    if as_json:
        sys.stdout.write(json.dumps(summary, ensure_ascii=False, indent=2, sort_keys=True) + "\n")
    else:
        out.print(check.render(summary))


@data_app.command("demo")
def data_demo(
    out_dir: Annotated[Path | None, typer.Option("--out", help="Dossier de sortie (défaut : data/demo).")] = None,
    force: Annotated[bool, typer.Option("--force", help="Régénérer même si les fichiers existent.")] = False,
    years: Annotated[str | None, typer.Option("--years", help="Années à générer : 2019-2024 (défaut), 2022,2024 ou 2024.")] = None,
    year: Annotated[list[int] | None, typer.Option("--year", help="Une année à générer (option répétable, s'ajoute à --years).")] = None,
    scale: Annotated[
        int, typer.Option("--scale", help="Multiplier les enregistrements (chacun réparti sur des codes CPF4 plus fins, mêmes totaux) : banc d'essai à l'échelle.")
    ] = 1,
) -> None:
    """Générer les données de démonstration (synthétiques, au format officiel, 2019 à 2024, calibrées sur 2024)."""
    from ..data import demo

    target = out_dir or paths.demo_dir()
    written = guarded(lambda: demo.generate(target, years=demo.requested_years(years, year, demo.DEFAULT_YEARS), force=force, scale=scale))
    for file in written:
        out.print(str(file), soft_wrap=True)


@data_app.command("bench")
def data_bench(
    years: Annotated[str | None, typer.Option("--years", help="Années à générer : 2019-2024 (défaut), 2022,2024 ou 2024.")] = None,
) -> None:
    """Mesurer la génération des données de démonstration, la construction du cache et les vérifications (dossier temporaire)."""
    from ..book import data_bench
    from ..data import demo

    figures = guarded(lambda: data_bench.measure(demo.requested_years(years, None, demo.DEFAULT_YEARS), log=err.print))
    out.print(data_bench.table(figures))


@data_app.command("download")
def data_download(
    year: Annotated[list[int] | None, typer.Option("--year", help="Année des fichiers annuels à télécharger (option répétable ; défaut : 2024).")] = None,
    years: Annotated[str | None, typer.Option("--years", help="Plusieurs années : 2019-2024 ou 2022,2024 (s'ajoute à --year).")] = None,
    dest: Annotated[Path | None, typer.Option("--dest", help="Dossier de cache (défaut : data/raw).")] = None,
    config: Annotated[Path | None, typer.Option("--config", help="Fichier TOML d'URL explicites (remplace la résolution par l'API).")] = None,
) -> None:
    """Télécharger les fichiers officiels DGDDI d'une ou plusieurs années (via l'API data.gouv.fr), avec leur provenance."""
    from ..data import demo, download

    target = dest or paths.raw_dir()

    def fetch_all() -> list[Path]:
        return [path for y in demo.requested_years(years, year, (2024,)) for path in download.download(y, target, config=config, log=out.print)]

    files = guarded(fetch_all)
    for file in files:
        out.print(str(file), soft_wrap=True)


@data_app.command("territoires")
def data_territoires(
    source: Annotated[
        str | None, typer.Option("--source", help="Liste officielle ANCT (territoires_industrie_2023_anct.csv) ou fichier communal liste-ti-com…csv (chemin local ou URL).")
    ] = None,
    out_path: Annotated[Path | None, typer.Option("--out", help="Table à écrire (défaut : la table de référence du projet).")] = None,
) -> None:
    """Reconstruire la table des Territoires d'industrie (membres, départements, populations) depuis la liste ANCT et le COG (node_modules)."""
    from ..places import territory_table

    path = guarded(lambda: territory_table.rebuild(source, log=out.print, out=out_path))
    out.print(str(path), soft_wrap=True)


@data_app.command("noms")
def data_names(
    out_path: Annotated[Path | None, typer.Option("--out", help="Table à écrire (défaut : la table du projet).")] = None,
) -> None:
    """Reconstruire la table des noms des départements et régions et de leurs articles (TNCC du COG) depuis node_modules."""
    from ..places import names

    path = guarded(lambda: names.rebuild(paths.project_root() / "node_modules", out_path))
    out.print(str(path), soft_wrap=True)

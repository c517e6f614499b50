"""The ``comext`` command: data verbs, one département's run, the whole book.

Every user-facing failure (bad data, unknown code, no network) is printed as one clear message
on stderr, without a traceback, and the exit code is non-zero (1 for bad input, 2 for usage).
Heavy modules are imported inside the commands so that ``comext --help`` stays instant.
"""

from __future__ import annotations

import json
import sys
from collections.abc import Callable
from pathlib import Path
from typing import Annotated, TypeVar

import typer
from rich.console import Console

from . import paths
from .errors import ConfigError, DataError, NetworkError

app = typer.Typer(
    help="Le livre du commerce extérieur territorial : données DGDDI → fiches par département.",
    no_args_is_help=True,
    pretty_exceptions_enable=False,
    add_completion=False,
)
data_app = typer.Typer(help="Lire, vérifier, télécharger ou générer les fichiers DGDDI.", no_args_is_help=True)
app.add_typer(data_app, name="data")

err = Console(stderr=True, highlight=False)
out = Console(highlight=False)
T = TypeVar("T")


def guarded(action: Callable[[], T]) -> T:
    """Run ``action``; turn known errors into a clear message and a non-zero exit."""
    try:
        return action()
    except DataError as exc:
        err.print(f"[bold red]Erreur[/] {exc}", markup=True, soft_wrap=True)
        raise typer.Exit(1) from None
    except (ConfigError, NetworkError) as exc:
        err.print(f"[bold red]Erreur[/] : {exc}", markup=True, soft_wrap=True)
        raise typer.Exit(1) from None


DataOption = Annotated[
    Path | None,
    typer.Option("--data", help="Dossier des fichiers au format officiel (défaut : données de démonstration, générées au besoin)."),
]


@data_app.command("check")
def data_check(
    path: Annotated[Path, typer.Argument(help="Fichier .txt, archive .zip ou dossier au format officiel DGDDI.")],
    as_json: Annotated[bool, typer.Option("--json", help="Résumé en JSON (valeurs en euros).")] = False,
) -> None:
    """Lire et valider des fichiers DGDDI, puis résumer : enregistrements, années, trimestres, totaux."""
    from . import check

    summary = guarded(lambda: check.summarize(path))
    if as_json:
        sys.stdout.write(json.dumps(summary, ensure_ascii=False, indent=2, sort_keys=True) + "\n")
    else:
        out.print(check.render(summary))


@data_app.command("demo")
def data_demo(
    out_dir: Annotated[Path | None, typer.Option("--out", help="Dossier de sortie (défaut : data/demo).")] = None,
    force: Annotated[bool, typer.Option("--force", help="Régénérer même si les fichiers existent.")] = False,
) -> None:
    """Générer les données de démonstration (synthétiques, au format officiel, calibrées sur 2024)."""
    from . import demo

    target = out_dir or paths.demo_dir()
    written = guarded(lambda: demo.generate(target, force=force))
    for file in written:
        out.print(str(file))


@data_app.command("download")
def data_download(
    year: Annotated[int, typer.Option("--year", help="Année des fichiers annuels à télécharger.")] = 2024,
    dest: Annotated[Path | None, typer.Option("--dest", help="Dossier de cache (défaut : data/raw).")] = None,
    config: Annotated[Path | None, typer.Option("--config", help="Fichier TOML d'URL explicites (remplace la résolution par l'API).")] = None,
) -> None:
    """Télécharger les fichiers officiels DGDDI (via l'API data.gouv.fr), avec leur provenance."""
    from . import download

    target = dest or paths.raw_dir()
    files = guarded(lambda: download.download(year, target, config=config, log=out.print))
    for file in files:
        out.print(str(file))


@data_app.command("territoires")
def data_territoires(
    source: Annotated[str | None, typer.Option("--source", help="Fichier communal officiel ANCT (chemin local ou URL).")] = None,
) -> None:
    """Reconstruire la table département → Territoires d'industrie depuis le fichier communal ANCT."""
    from . import territories

    path = guarded(lambda: territories.rebuild(source, log=out.print))
    out.print(str(path))

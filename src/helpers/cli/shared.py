"""What every ``comext`` command shares: the typer apps, the consoles, the error guard, Ctrl-C handling,
the data preparation and the build report.

Every user-facing failure (bad data, unknown code, no network) is printed as one clear message
on stderr, without a traceback, and the exit code is non-zero (1 for bad input, 2 for usage).
Heavy modules are imported inside the commands so that ``comext --help`` stays instant.
"""

from __future__ import annotations

import contextlib
import signal
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Annotated, TypeVar

import typer
from rich.console import Console
from rich.markup import escape

from ..common import paths
from ..common.checks import ReconciliationError
from ..common.errors import ConfigError, DataError, NetworkError

app = typer.Typer(help="Le livre du commerce extérieur territorial : données DGDDI → fiches par département.", no_args_is_help=True,
                  pretty_exceptions_enable=False, add_completion=False)
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
        err.print(f"[bold red]Erreur[/] {escape(str(exc))}", soft_wrap=True)
        raise typer.Exit(1) from None
    except (ConfigError, NetworkError, ReconciliationError) as exc:
        err.print(f"[bold red]Erreur[/] : {escape(str(exc))}", soft_wrap=True)
        raise typer.Exit(1) from None


INTERRUPTED = ("Construction interrompue : le site publié (_build/html) n'a pas changé. Relancer la même commande "
               "reprend le travail (les fiches déjà exécutées et inchangées sont réutilisées).")


@contextlib.contextmanager
def ctrl_c_until_published() -> Iterator[None]:
    """For a command that publishes the site: a Ctrl-C raises KeyboardInterrupt (exit code 130, the
    published site as it was) until the new site is in place (``publish.SITE_PUBLISHED``), and is
    ignored afterwards: the build is then complete, too late to cancel. A SIGINT that the caller
    left ignored (a background job) stays ignored."""
    from ..book.publish import SITE_PUBLISHED

    SITE_PUBLISHED.clear()
    if signal.getsignal(signal.SIGINT) is not signal.default_int_handler:
        yield
        return

    def ctrl_c(signum: int, frame: object) -> None:
        if not SITE_PUBLISHED.is_set():
            raise KeyboardInterrupt

    signal.signal(signal.SIGINT, ctrl_c)
    try:
        yield
    finally:
        signal.signal(signal.SIGINT, signal.default_int_handler)


DataOption = Annotated[
    Path | None,
    typer.Option("--data", help="Dossier des fichiers au format officiel (défaut : données de démonstration, générées au besoin)."),
]


def prepare(data: Path | None) -> tuple[Path, Path, Path]:
    """Project root, data folder (demo generated if needed) and its Parquet cache."""
    from ..data import scopes, store
    from ..fiche.context import resolve_data_dir

    root = paths.project_root()
    data_dir = resolve_data_dir(data, log=err.print)
    with err.status("Lecture et validation des fichiers (mise en cache Parquet)…"):
        cache = store.ensure_cache(data_dir)
        scopes.prepare(cache)  # région and France aggregates, once, before pages run in parallel
        scopes.digests(cache)  # what each page's data fingerprint is made of
    return root, data_dir, cache


def report_problems(report) -> bool:  # report: book.BuildReport
    """Print the build's repairs, failures and outcome; True when a site was published."""
    from ..common.checks import ReconciliationError

    for note in report.notes:
        err.print(f"Réparé : {note}.")
    if report.check_failures:
        err.print(f"[bold red]Erreur[/] : {escape(str(ReconciliationError(report.check_failures)))}", soft_wrap=True)
    for failure in report.failures:
        where = f", cellule {failure.cell}" if failure.cell is not None else ""
        err.print(f"[bold red]Échec[/] {failure.slug}{where} : {escape(str(failure.error))}", soft_wrap=True)
    if report.book_ran and not report.book_ok:
        err.print(report.book_log[-6000:], markup=False)
        err.print("[bold red]Erreur[/] : la construction Jupyter Book a signalé des erreurs (journal ci-dessus).")
    if not report.published:
        err.print("[bold red]Site non publié[/] : le site précédent (_build/html) est inchangé.")
    return report.published

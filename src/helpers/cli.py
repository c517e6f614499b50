"""The ``comext`` command: data verbs, one département's run, the whole book.

Every user-facing failure (bad data, unknown code, no network) is printed as one clear message
on stderr, without a traceback, and the exit code is non-zero (1 for bad input, 2 for usage).
Heavy modules are imported inside the commands so that ``comext --help`` stays instant.
"""

from __future__ import annotations

import contextlib
import json
import os
import signal
import sys
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Annotated, TypeVar

import typer
from rich.console import Console
from rich.markup import escape

from .common import paths
from .common.checks import ReconciliationError
from .common.errors import ConfigError, DataError, NetworkError

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
    from .book.publish import SITE_PUBLISHED

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


@data_app.command("check")
def data_check(
    path: Annotated[Path, typer.Argument(help="Fichier .txt, archive .zip ou dossier au format officiel DGDDI.")],
    as_json: Annotated[bool, typer.Option("--json", help="Résumé en JSON (valeurs en euros).")] = False,
) -> None:
    """Lire et valider des fichiers DGDDI, puis résumer : enregistrements, années, trimestres, totaux."""
    from .data import check

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
) -> None:
    """Générer les données de démonstration (synthétiques, au format officiel, 2019 à 2024, calibrées sur 2024)."""
    from .data import demo

    target = out_dir or paths.demo_dir()
    written = guarded(lambda: demo.generate(target, years=demo.requested_years(years, year, demo.DEFAULT_YEARS), force=force))
    for file in written:
        out.print(str(file), soft_wrap=True)


@data_app.command("bench")
def data_bench(
    years: Annotated[str | None, typer.Option("--years", help="Années à générer : 2019-2024 (défaut), 2022,2024 ou 2024.")] = None,
) -> None:
    """Mesurer la génération des données de démonstration, la construction du cache et les vérifications (dossier temporaire)."""
    from .book import data_bench
    from .data import demo

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
    from .data import demo, download

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
    from .places import territory_table

    path = guarded(lambda: territory_table.rebuild(source, log=out.print, out=out_path))
    out.print(str(path), soft_wrap=True)


@data_app.command("noms")
def data_names(
    out_path: Annotated[Path | None, typer.Option("--out", help="Table à écrire (défaut : la table du projet).")] = None,
) -> None:
    """Reconstruire la table des noms des départements et régions et de leurs articles (TNCC du COG) depuis node_modules."""
    from .places import names

    path = guarded(lambda: names.rebuild(paths.project_root() / "node_modules", out_path))
    out.print(str(path), soft_wrap=True)


@app.command("list")
def list_pages() -> None:
    """Lister les pages : France, régions (en gras) et leurs départements, avec le code à donner à `comext run` ou `--only`."""
    from rich.table import Table

    from .places.lookup import page_rows

    table = Table("Code", "INSEE", "DGDDI", "Page", "Région", title="Pages disponibles (`comext run <code ou nom>`)")
    for row in page_rows():
        if row.new_group and table.row_count:
            table.add_section()  # a line between France, each région with its départements, the DROM
        table.add_row(*row.cells, style="bold" if row.bold else None)
    out.print(table)


def _prepare(data: Path | None) -> tuple[Path, Path, Path]:
    """Project root, data folder (demo generated if needed) and its Parquet cache."""
    from .data import scopes, store
    from .fiche.context import resolve_data_dir

    root = paths.project_root()
    data_dir = resolve_data_dir(data, log=err.print)
    with err.status("Lecture et validation des fichiers (mise en cache Parquet)…"):
        cache = store.ensure_cache(data_dir)
        scopes.prepare(cache)  # région and France aggregates, once, before pages run in parallel
        scopes.digests(cache)  # what each page's data fingerprint is made of
    return root, data_dir, cache


@app.command("run")
def run(
    dep: Annotated[str, typer.Argument(help="La page, par son nom ou son code : un département (hérault, « la réunion », INSEE 11, 2A, 974… ou DGDDI 20, 9D…), une région (occitanie, R76 ou region-76) ou france.", metavar="PAGE")],
    year: Annotated[int | None, typer.Option("--year", help="Année (défaut : celle de parameters/).")] = None,
    data: DataOption = None,
    book: Annotated[bool, typer.Option("--book", help="Reconstruire aussi le site et indiquer la page HTML.")] = False,
) -> None:
    """Exécuter la fiche d'un département, d'une région ou de la France ; affiche `notebook: <chemin>` (et `page: <chemin>` avec --book)."""
    from .book.kernels import KernelFailure, WarmKernel

    try:  # first: the kernel starts and imports pandas, altair… while this process prepares the data
        kernel: WarmKernel | None = WarmKernel(paths.project_root(), wait=False)
    except KernelFailure:
        kernel = None  # execute_page starts a fresh one (and retries once)
    from .book.build import publish_current
    from .book.execute import execute_page
    from .book.layout import HTML
    from .book.plan import check_years
    from .fiche import parameters as page_parameters

    def prepare() -> tuple[page_parameters.PageParameters, Path, Path, Path]:
        # 11, 2A, R76, france, herault…: an unknown or ambiguous name stops here (the kernel is stopped)
        params = page_parameters.for_command(dep, paths.project_root() / "parameters", year=year)
        prepared = _prepare(data)
        check_years([params], prepared[2])  # before papermill: a clear message, not a failed cell
        return (params, *prepared)

    try:
        params, root, data_dir, cache = guarded(prepare)
        result = execute_page(params, root=root, data_dir=data_dir, cache=cache, kernel=kernel)
    except KeyboardInterrupt:
        err.print("Exécution interrompue : le carnet précédent de la fiche (s'il existe) est inchangé.")
        raise typer.Exit(130) from None
    finally:
        if kernel is not None:
            kernel.shutdown()
    if not result.ok:
        where = f" (cellule {result.cell})" if result.cell is not None else ""
        err.print(f"[bold red]Erreur[/] : la fiche {params.slug} a échoué{where} : {escape(str(result.error))}")
        raise typer.Exit(1)
    out.print(f"notebook: {result.path}", soft_wrap=True)
    err.print(f"Fiche exécutée en {result.seconds:.1f} s.")
    if book:
        with ctrl_c_until_published():
            try:
                report = guarded(lambda: publish_current(root, data_dir=data_dir, cache=cache))
            except KeyboardInterrupt:
                err.print(INTERRUPTED)
                raise typer.Exit(130) from None
            if not _report_problems(report):
                raise typer.Exit(1)
            out.print(f"page: {root / HTML / 'pages' / (params.slug + '.html')}", soft_wrap=True)


@app.command("pdf")
def pdf(
    dep: Annotated[str, typer.Argument(help="La page, par son nom ou son code, comme pour `comext run` (11, hérault, R76, france…).", metavar="PAGE")],
    out_dir: Annotated[Path | None, typer.Option("--out", help="Dossier du PDF (défaut : _build/pdf).")] = None,
    year: Annotated[int | None, typer.Option("--year", help="Année (défaut : celle de parameters/).")] = None,
    data: DataOption = None,
) -> None:
    """Écrire la fiche d'une page en PDF A4 (exécutée d'abord si son carnet manque ou n'est pas à jour) ; affiche `pdf: <chemin>`."""
    from .book import pdf as pdf_module
    from .fiche import parameters as page_parameters

    def make() -> pdf_module.PdfResult:
        params = page_parameters.for_command(dep, paths.project_root() / "parameters", year=year)
        target = out_dir if out_dir is not None else paths.project_root() / pdf_module.OUT
        pdf_module.check_writable(target)  # before any work
        root, data_dir, cache = _prepare(data)
        return pdf_module.page_pdf(params, root=root, data_dir=data_dir, cache=cache, out_dir=target)

    result = guarded(make)
    if result.executed:
        err.print("Fiche exécutée d'abord (carnet absent ou pas à jour).")
    out.print(f"pdf: {result.path}", soft_wrap=True)


def _report_problems(report) -> bool:  # report: book.BuildReport
    """Print the build's repairs, failures and outcome; True when a site was published."""
    from .common.checks import ReconciliationError

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


@app.command("build")
def build(
    only: Annotated[
        str | None,
        typer.Option("--only", help="Pages à réexécuter, par code ou par nom, séparées par des virgules (ex. 11,34 ou aude,hérault,occitanie) ; les autres restent telles quelles."),
    ] = None,
    data: DataOption = None,
    jobs: Annotated[int | None, typer.Option("--jobs", "-j", help="Processus en parallèle (défaut : nombre de cœurs).")] = None,
    keep_going: Annotated[bool, typer.Option("--keep-going", help="Publier malgré des fiches en échec (remplacées par un avis « page indisponible »).")] = False,
    force: Annotated[bool, typer.Option("--force", help="Réexécuter toutes les fiches, même celles dont les entrées n'ont pas changé.")] = False,
    quiet: Annotated[bool, typer.Option("--quiet", help="Pas de barre de progression (journaux de CI).")] = False,
    fresh_kernels: Annotated[
        bool, typer.Option("--fresh-kernels", help="Un noyau neuf par fiche (plus lent ; même résultat que les noyaux réutilisés).")
    ] = False,
    pdf: Annotated[bool, typer.Option("--pdf", help="Faire aussi le PDF A4 de chaque fiche exécutée (≈ 0,5 s par fiche ; sinon : comext pdf).")] = False,
) -> None:
    """Exécuter les fiches, vérifier les totaux, puis publier le site dans _build/html si tout a réussi."""
    from .book import build as book_module
    from .book.workers import start_workers
    from .places.lookup import find_place

    if only:  # an unknown or ambiguous name stops here, before the workers and their kernels start
        only = ",".join(guarded(lambda: [find_place(code).command_code for code in only.split(",") if code.strip()]))
    with ctrl_c_until_published():
        # Workers first: their kernels start and import pandas, Altair… while the data is prepared.
        workers = start_workers(paths.project_root(), jobs or os.cpu_count() or 1, fresh_kernels=fresh_kernels)
        try:
            _build(book_module, workers, only=only, data=data, jobs=jobs, keep_going=keep_going, force=force, quiet=quiet, fresh_kernels=fresh_kernels, pdf=pdf)
        finally:
            workers.shutdown(cancel_futures=True)


def _build(book_module, workers, *, only, data, jobs, keep_going, force, quiet, fresh_kernels, pdf) -> None:  # noqa: ANN001 (see build)
    """``comext build`` once its worker processes are started."""
    from rich.progress import BarColumn, MofNCompleteColumn, Progress, TextColumn, TimeElapsedColumn, TimeRemainingColumn

    from .book.execute import PageResult
    from .book.layout import HTML

    root, data_dir, cache = guarded(lambda: _prepare(data))
    codes = [c.strip() for c in only.split(",") if c.strip()] if only else None
    progress = Progress(
        TextColumn("Fiches"), BarColumn(), MofNCompleteColumn(), TextColumn("{task.fields[failed]} échec(s)"),
        TimeElapsedColumn(), TimeRemainingColumn(), console=err, disable=quiet,
    )
    try:
        with progress:
            task = progress.add_task("fiches", total=0, failed=0)
            failed = 0

            def on_done(result: PageResult) -> None:
                nonlocal failed
                failed += not result.ok
                progress.update(task, advance=1, failed=failed)

            report = guarded(
                lambda: book_module.build(
                    root, data_dir=data_dir, cache=cache, only=codes, jobs=jobs, keep_going=keep_going, force=force, fresh_kernels=fresh_kernels, pdf=pdf,
                    on_start=lambda n: progress.update(task, total=n), on_done=on_done, workers=workers,
                )
            )
    except KeyboardInterrupt:
        err.print(INTERRUPTED)
        raise typer.Exit(130) from None
    reused = f", {len(report.reused)} réutilisée(s) telle(s) quelle(s)" if report.reused else ""
    book_time = f" ; site construit en {report.book_seconds:.1f} s" if report.book_ran else ""
    if report.up_to_date:
        book_time = " ; site déjà à jour (aucune entrée de Jupyter Book n'a changé)"
    retried = [r.slug for r in report.results if r.attempts > 1]
    if retried:
        err.print(f"Noyau relancé puis fiche réessayée une fois : {', '.join(retried)}.")
    err.print(f"{len(report.results)} fiche(s) exécutée(s) en {report.execute_seconds:.1f} s{reused}{book_time}.")
    published = _report_problems(report)
    if published:
        out.print(f"site: {root / HTML / 'index.html'}", soft_wrap=True)
        if not report.ok:
            err.print(f"Site publié malgré {len(report.failures)} fiche(s) en échec (--keep-going) ; code de sortie non nul.")
    if not report.ok:
        raise typer.Exit(1)


@app.command("bench")
def bench(
    data: DataOption = None,
    jobs: Annotated[int | None, typer.Option("--jobs", "-j", help="Processus en parallèle pour les constructions (défaut : nombre de cœurs).")] = None,
) -> None:
    """Mesurer la construction (site complet, sans changement, un département, comext run) et l'afficher."""
    from rich.table import Table

    from .book import bench as bench_module
    from .fiche.context import resolve_data_dir

    root = paths.project_root()
    # Without --data (nor $COMEXT_DATA) the demonstration data is generated in the bench's copy.
    data_dir = guarded(lambda: resolve_data_dir(data, log=err.print)) if data or os.environ.get("COMEXT_DATA") else None
    try:
        figures = bench_module.measure(root, data_dir, log=lambda m: err.print(m), jobs=jobs)
    except RuntimeError as exc:
        err.print(f"[bold red]Erreur[/] : {escape(str(exc))}", soft_wrap=True)
        raise typer.Exit(1) from None
    table = Table("Mesure", "Valeur", "Cible", title=f"Banc d'essai de la construction ({figures.cores} cœurs)")
    for row in bench_module.rows(figures):
        table.add_row(*row)
    out.print(table)

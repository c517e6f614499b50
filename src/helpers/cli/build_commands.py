"""``comext build`` (every page, checks, publication) and ``comext bench`` (the build's benchmark)."""

from __future__ import annotations

import enum
import os
from typing import Annotated

import typer
from rich.markup import escape

from ..common import paths
from . import shared
from .shared import INTERRUPTED, DataOption, app, ctrl_c_until_published, err, guarded, out


class Executor(enum.StrEnum):
    """Where ``comext build`` executes the pages."""

    local = "local"  # this machine's worker processes (helpers.book.workers)
    dask = "dask"  # a dask.distributed cluster (helpers.book.dask_executor)


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
    pdf: Annotated[
        bool, typer.Option("--pdf/--no-pdf", help="Faire le PDF A4 de chaque fiche exécutée (par défaut ; --no-pdf : aucun PDF, comext pdf en fait un à la demande).")
    ] = True,
    executor: Annotated[
        Executor, typer.Option("--executor", help="Où exécuter les fiches : « local » (processus de cette machine) ou « dask » (grappe dask.distributed).")
    ] = Executor.local,
    scheduler: Annotated[
        str | None, typer.Option("--scheduler", help="Avec --executor dask : adresse de l'ordonnanceur (ex. tcp://hôte:8786) ; sans elle, un LocalCluster.")
    ] = None,
) -> None:
    """Exécuter les fiches, vérifier les totaux, puis publier le site dans _build/html si tout a réussi."""
    from ..book import build as book_module
    from ..book.workers import start_workers
    from ..places.lookup import find_place

    if scheduler and executor is not Executor.dask:
        raise typer.BadParameter("--scheduler ne s'emploie qu'avec --executor dask.", param_hint="--scheduler")
    if only:  # an unknown or ambiguous name stops here, before the workers and their kernels start
        only = ",".join(guarded(lambda: [find_place(code).command_code for code in only.split(",") if code.strip()]))
    options = {"only": only, "data": data, "jobs": jobs, "keep_going": keep_going, "force": force, "quiet": quiet, "fresh_kernels": fresh_kernels, "pdf": pdf}
    with ctrl_c_until_published():
        if executor is Executor.dask:  # the cluster first: its workers' kernels start while the data is prepared
            dask = guarded(lambda: _dask_executor(jobs, scheduler, fresh_kernels))
            try:
                _build(book_module, None, execute=dask, **options)
            finally:
                dask.close()
            return
        # Workers first: their kernels start and import pandas, Altair… while the data is prepared.
        workers = start_workers(paths.project_root(), jobs or os.cpu_count() or 1, fresh_kernels=fresh_kernels)
        try:
            _build(book_module, workers, **options)
        finally:
            workers.shutdown(cancel_futures=True)


def _dask_executor(jobs: int | None, scheduler: str | None, fresh_kernels: bool):  # noqa: ANN202 (a DaskExecutor: dask is optional)
    """The dask executor (:mod:`helpers.book.dask_executor`), or a clear error without the ``dask`` extra."""
    from ..common.errors import ConfigError

    try:
        from ..book.dask_executor import DaskExecutor
    except ImportError:
        raise ConfigError("dask.distributed n'est pas installé : pip install -e '.[dask]' (ou make install), puis relancer.") from None
    return DaskExecutor(paths.project_root(), jobs=jobs or os.cpu_count() or 1, scheduler=scheduler, fresh_kernels=fresh_kernels)


def _build(book_module, workers, *, only, data, jobs, keep_going, force, quiet, fresh_kernels, pdf, execute=None) -> None:  # noqa: ANN001 (see build)
    """``comext build`` once its worker processes are started."""
    from rich.progress import BarColumn, MofNCompleteColumn, Progress, TextColumn, TimeElapsedColumn, TimeRemainingColumn

    from ..book.execute import PageResult
    from ..book.layout import HTML

    root, data_dir, cache = guarded(lambda: shared.prepare(data))
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
                    **({"execute": execute} if execute is not None else {}),
                )
            )
    except KeyboardInterrupt:
        err.print(INTERRUPTED)
        raise typer.Exit(130) from None
    reused = f", {len(report.reused)} réutilisée(s) telle(s) quelle(s)" if report.reused else ""
    book_time = f" ; site construit en {report.book_seconds:.1f} s" if report.book_ran else ""
    if report.up_to_date:
        book_time = " ; site déjà à jour (aucune entrée de Jupyter Book n'a changé)"
    retried = [f"{r.slug} ({r.attempts} tentatives)" for r in report.results if r.attempts > 1]
    if retried:
        err.print(f"Fiche(s) réessayée(s) après la perte d'un noyau ou d'un worker : {', '.join(retried)}.", soft_wrap=True)
    err.print(f"{len(report.results)} fiche(s) exécutée(s) en {report.execute_seconds:.1f} s{reused}{book_time}.")
    published = shared.report_problems(report)
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
    scale: Annotated[
        str | None,
        typer.Option("--scale", help="Série selon le volume : données de démonstration ×K (ex. 1,2,4), lecture + cache, mémoire, calcul d'une fiche, site complet."),
    ] = None,
    pages: Annotated[bool, typer.Option("--pages", help="Série selon le nombre de pages : site complet avec 25 %, 50 % et 100 % des départements.")] = False,
) -> None:
    """Mesurer la construction (site complet, sans changement, un département, comext run) et l'afficher.

    Avec --scale ou --pages, seulement ces séries (chacune dans une copie temporaire du livre)."""
    from rich.table import Table

    from ..book import bench as bench_module
    from ..fiche.context import resolve_data_dir

    root = paths.project_root()
    if scale or pages:
        _bench_series(root, scale=scale, pages=pages, data=data, jobs=jobs)
        return
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


def _bench_series(root, *, scale: str | None, pages: bool, data, jobs: int | None) -> None:  # noqa: ANN001 (Path, DataOption)
    """``comext bench --scale K,… / --pages``: the series of :mod:`helpers.book.bench_scale` and
    :mod:`helpers.book.bench_pages`, each printed as a table."""
    from ..book import bench_pages, bench_scale

    if data or os.environ.get("COMEXT_DATA"):
        err.print("[bold red]Erreur[/] : --scale et --pages mesurent les données de démonstration (sans --data ni COMEXT_DATA).")
        raise typer.Exit(2)
    try:
        scales = bench_scale.parse_scales(scale) if scale else []
    except ValueError as exc:
        err.print(f"[bold red]Erreur[/] : {escape(str(exc))}")
        raise typer.Exit(2) from None
    try:
        if scales:
            load = os.getloadavg()[0]
            out.print(bench_scale.table(bench_scale.measure(root, scales, log=lambda m: err.print(m), jobs=jobs), load=load))
        if pages:
            load = os.getloadavg()[0]
            out.print(bench_pages.table(bench_pages.measure(root, log=lambda m: err.print(m), jobs=jobs), load=load))
    except RuntimeError as exc:
        err.print(f"[bold red]Erreur[/] : {escape(str(exc))}", soft_wrap=True)
        raise typer.Exit(1) from None

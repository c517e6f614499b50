"""``comext list``, ``comext run <page>`` and ``comext pdf <page>``: one page at a time."""

from __future__ import annotations

from pathlib import Path
from typing import Annotated

import typer
from rich.markup import escape

from ..common import paths
from . import shared
from .shared import INTERRUPTED, DataOption, app, ctrl_c_until_published, err, guarded, out


@app.command("list")
def list_pages() -> None:
    """Lister les pages : France, régions (en gras) et leurs départements, avec le code à donner à `comext run` ou `--only`."""
    from rich.table import Table

    from ..places.lookup import page_rows

    table = Table("Code", "INSEE", "DGDDI", "Page", "Région", title="Pages disponibles (`comext run <code ou nom>`)")
    for row in page_rows():
        if row.new_group and table.row_count:
            table.add_section()  # a line between France, each région with its départements, the DROM
        table.add_row(*row.cells, style="bold" if row.bold else None)
    out.print(table)


@app.command("run")
def run(
    dep: Annotated[str, typer.Argument(help="La page, par son nom ou son code : un département (hérault, « la réunion », INSEE 11, 2A, 974… ou DGDDI 20, 9D…), une région (occitanie, R76 ou region-76) ou france.", metavar="PAGE")],
    year: Annotated[int | None, typer.Option("--year", help="Année (défaut : celle de parameters/).")] = None,
    data: DataOption = None,
    book: Annotated[bool, typer.Option("--book", help="Reconstruire aussi le site et indiquer la page HTML.")] = False,
) -> None:
    """Exécuter la fiche d'un département, d'une région ou de la France ; affiche `notebook: <chemin>` (et `page: <chemin>` avec --book)."""
    from ..book.kernels import KernelFailure, WarmKernel

    try:  # first: the kernel starts and imports pandas, altair… while this process prepares the data
        kernel: WarmKernel | None = WarmKernel(paths.project_root(), wait=False)
    except KernelFailure:
        kernel = None  # execute_page starts a fresh one (and retries once)
    from ..book.build import publish_current
    from ..book.execute import execute_page
    from ..book.layout import HTML
    from ..book.plan import check_years
    from ..fiche import parameters as page_parameters

    def prepare() -> tuple[page_parameters.PageParameters, Path, Path, Path]:
        # 11, 2A, R76, france, herault…: an unknown or ambiguous name stops here (the kernel is stopped)
        params = page_parameters.for_command(dep, paths.project_root() / "parameters", year=year)
        prepared = shared.prepare(data)
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
            if not shared.report_problems(report):
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
    from ..book import pdf as pdf_module
    from ..fiche import parameters as page_parameters

    def make() -> pdf_module.PdfResult:
        params = page_parameters.for_command(dep, paths.project_root() / "parameters", year=year)
        target = out_dir if out_dir is not None else paths.project_root() / pdf_module.OUT
        pdf_module.check_writable(target)  # before any work
        root, data_dir, cache = shared.prepare(data)
        return pdf_module.page_pdf(params, root=root, data_dir=data_dir, cache=cache, out_dir=target)

    result = guarded(make)
    if result.executed:
        err.print("Fiche exécutée d'abord (carnet absent ou pas à jour).")
    out.print(f"pdf: {result.path}", soft_wrap=True)

"""The ``comext`` command reads places by code or name (``run``, ``build --only``), lists every page,
starts its kernels over IPC (no « running over TCP » warning, no socket file left behind), and
what it does with a Ctrl-C."""

from __future__ import annotations

import os
import shutil
import signal
import subprocess
import sys
from pathlib import Path

import pytest
from typer.testing import CliRunner

from helpers import cli
from helpers.book import execute, kernels, plan, publish, workers
from helpers.book.execute import PageResult
from helpers.places import geography
from tests import PROJECT_ROOT

runner = CliRunner()


@pytest.fixture
def started(monkeypatch) -> list[str]:
    """Records every kernel the command would start (none is started) and every page it would run."""
    found: list[str] = []

    class NoKernel:
        def __init__(self, root: Path, *, wait: bool = True) -> None:
            found.append("kernel")

        def shutdown(self) -> None:
            found.append("stopped")

    def run_page(params, *, root, **kw) -> PageResult:
        found.append(params.slug)
        return PageResult(params.slug, root / "pages" / f"{params.slug}.ipynb", True, 0.1)

    monkeypatch.setattr(kernels, "WarmKernel", NoKernel)
    monkeypatch.setattr(execute, "execute_page", run_page)
    monkeypatch.setattr(plan, "check_years", lambda pages, cache: None)
    monkeypatch.setattr(cli.shared, "prepare", lambda data: (PROJECT_ROOT, PROJECT_ROOT / "data", PROJECT_ROOT / "cache"))
    class NoWorkers:
        def __init__(self, *args: object, **kwargs: object) -> None:
            found.append("workers")

        def shutdown(self, **kwargs: object) -> None:
            pass

    monkeypatch.setattr(workers, "start_workers", NoWorkers)
    return found


@pytest.mark.parametrize(
    ("page", "slug"),
    [("herault", "dep-34"), ("Hérault", "dep-34"), ("aude", "dep-11"), ("occitanie", "region-76"), ("la réunion", "dep-974"),
     ("corse", "dep-2A-2B"), ("34", "dep-34"), ("R76", "region-76"), ("france", "france")],
)
def test_run_takes_a_name_or_a_code(started, page, slug):
    result = runner.invoke(cli.app, ["run", page])
    assert result.exit_code == 0, result.output
    assert started == ["kernel", slug, "stopped"]
    assert f"notebook: {PROJECT_ROOT / 'pages' / slug}.ipynb" in result.stdout


def test_run_an_ambiguous_name_lists_the_candidates_and_runs_nothing(started):
    result = runner.invoke(cli.app, ["run", "val"])
    assert result.exit_code == 1 and started == ["kernel", "stopped"]  # launched first (speed), stopped
    assert "« val » désigne plusieurs pages" in result.stderr and "Val-de-Marne (94)" in result.stderr
    assert "Traceback" not in result.output


def test_run_an_unknown_name_suggests_the_closest_and_runs_nothing(started):
    result = runner.invoke(cli.app, ["run", "herautl"])
    assert result.exit_code == 1 and started == ["kernel", "stopped"]
    assert "Aucune page ne porte le nom « herautl »" in result.stderr and "Hérault (34)" in result.stderr


def test_build_only_takes_names_and_codes(started, monkeypatch):
    seen = {}
    monkeypatch.setattr(cli.build_commands, "_build", lambda book_module, pool, **kw: seen.update(kw))
    result = runner.invoke(cli.app, ["build", "--only", "aude, Hérault,occitanie,,la réunion,2B,france"])
    assert result.exit_code == 0, result.output
    assert seen["only"] == "11,34,R76,974,2A,france" and started == ["workers"]
    assert seen["pdf"] is True  # PDFs by default


def test_build_makes_no_pdf_with_no_pdf(started, monkeypatch):
    seen = {}
    monkeypatch.setattr(cli.build_commands, "_build", lambda book_module, pool, **kw: seen.update(kw))
    assert runner.invoke(cli.app, ["build", "--no-pdf"]).exit_code == 0
    assert seen["pdf"] is False


def test_build_only_with_an_unknown_name_stops_before_any_worker(started, monkeypatch):
    monkeypatch.setattr(cli.build_commands, "_build", lambda *a, **kw: pytest.fail("built"))
    result = runner.invoke(cli.app, ["build", "--only", "aude,herautl"])
    assert result.exit_code == 1 and started == []
    assert "« herautl »" in result.stderr and "Hérault (34)" in result.stderr


def test_build_scheduler_without_the_dask_executor_is_a_usage_error(started, monkeypatch):
    monkeypatch.setattr(cli.build_commands, "_build", lambda *a, **kw: pytest.fail("built"))
    result = runner.invoke(cli.app, ["build", "--scheduler", "tcp://127.0.0.1:8786"])
    assert result.exit_code == 2 and started == []
    assert "--scheduler ne s'emploie qu'avec --executor dask" in " ".join(result.stderr.replace("│", " ").split())  # rich's box, unwrapped


def test_list_shows_every_page_with_the_code_run_takes():
    result = runner.invoke(cli.app, ["list"])
    assert result.exit_code == 0
    rows = [line.split("│") for line in result.stdout.splitlines() if line.startswith("│")]
    codes = [cells[1].strip() for cells in rows if cells[1].strip()]
    assert codes == [place.command_code for place in geography.places()]  # France, régions, départements, DROM
    assert any(cells[1].strip() == "R76" and cells[4].strip() == "Occitanie" for cells in rows)


# --------------------------------------------------------------------------------------------
# The kernels of a real `comext run`: over IPC, nothing left behind
# --------------------------------------------------------------------------------------------


@pytest.fixture
def book_root(tmp_path) -> Path:
    """The book's sources in a temporary root (the working tree is never touched)."""
    root = tmp_path / "book"
    root.mkdir()
    for name in ("_config.yml", "_toc.yml"):
        shutil.copy(PROJECT_ROOT / name, root / name)
    for name in ("notebooks", "parameters", "_static"):
        shutil.copytree(PROJECT_ROOT / name, root / name)
    return root


@pytest.mark.slow
def test_run_starts_no_tcp_kernel_and_leaves_no_socket(book_root, demo_data, tmp_path_factory):
    private_tmp = tmp_path_factory.mktemp("t")  # short: the sockets live in it, not in /tmp
    env = {**os.environ, "TMPDIR": str(private_tmp)}
    exe = Path(sys.executable).with_name("comext")
    proc = subprocess.run([str(exe), "run", "11", "--data", str(demo_data)], cwd=book_root, env=env, capture_output=True, text=True, timeout=600, check=False)
    assert proc.returncode == 0, proc.stderr
    assert "TCP" not in proc.stderr and "encryption" not in proc.stderr, proc.stderr
    assert proc.stdout.strip() == f"notebook: {book_root / 'pages' / 'dep-11.ipynb'}"
    assert (book_root / "pages" / "dep-11.ipynb").stat().st_size > 100_000
    assert list(private_tmp.iterdir()) == []  # the kernel's socket folder went with it


def test_comext_ignores_a_ctrl_c_only_once_the_site_is_published():
    with cli.ctrl_c_until_published():
        with pytest.raises(KeyboardInterrupt):
            signal.raise_signal(signal.SIGINT)  # before: the build stops, exit code 130
        publish.SITE_PUBLISHED.set()
        try:
            signal.raise_signal(signal.SIGINT)  # after: too late, ignored
        except KeyboardInterrupt:
            pytest.fail("a Ctrl-C after the publication stopped comext (exit code 130, the site changed)")
    assert signal.getsignal(signal.SIGINT) is signal.default_int_handler


@pytest.mark.parametrize(
    ("args", "years"),
    [([], (2019, 2020, 2021, 2022, 2023, 2024)), (["--years", "2019-2021"], (2019, 2020, 2021)),
     (["--year", "2024", "--year", "2022"], (2022, 2024)), (["--years", "2023", "--year", "2019"], (2019, 2023))],
)
def test_data_demo_takes_years(monkeypatch, tmp_path, args, years):
    from helpers.data import demo

    asked = []
    monkeypatch.setattr(demo, "generate", lambda out, *, years, force, scale=1: asked.append(years) or [])
    result = runner.invoke(cli.app, ["data", "demo", "--out", str(tmp_path), *args])
    assert result.exit_code == 0, result.output
    assert asked == [years]


@pytest.mark.parametrize(
    ("args", "message"),
    [(["--years", "19-24"], "Années invalides : « 19-24 »"), (["--years", "2024-2019"], "Intervalle d'années à l'envers"),
     (["--year", "24"], "années à quatre chiffres attendues"), (["--year", "deux"], "Invalid value")],
)
def test_data_demo_refuses_bad_years_and_writes_nothing(tmp_path, args, message):
    result = runner.invoke(cli.app, ["data", "demo", "--out", str(tmp_path / "out"), *args])
    assert result.exit_code != 0
    assert message in " ".join(result.output.split())
    assert not (tmp_path / "out").exists()


# --------------------------------------------------------------------------------------------
# comext pdf: the same page names as run, clear errors
# --------------------------------------------------------------------------------------------


def test_pdf_prints_the_path_of_the_page_it_wrote(monkeypatch, tmp_path):
    from helpers.book import pdf

    made = []

    def page_pdf(params, *, root, data_dir, cache, out_dir):
        made.append((params.slug, out_dir))
        return pdf.PdfResult(out_dir / f"{params.slug}.pdf", False, 1)

    monkeypatch.setattr(cli.shared, "prepare", lambda data: (PROJECT_ROOT, PROJECT_ROOT / "data", PROJECT_ROOT / "cache"))
    monkeypatch.setattr(pdf, "page_pdf", page_pdf)
    result = runner.invoke(cli.app, ["pdf", "occitanie", "--out", str(tmp_path)])
    assert result.exit_code == 0, result.output
    assert result.stdout == f"pdf: {tmp_path / 'region-76.pdf'}\n"
    assert made == [("region-76", tmp_path)]


def test_pdf_of_an_unknown_page_one_message_no_traceback(monkeypatch):
    monkeypatch.setattr(cli.shared, "prepare", lambda data: pytest.fail("nothing prepared for an unknown page"))
    result = runner.invoke(cli.app, ["pdf", "herautl"])
    assert result.exit_code == 1
    assert "Aucune page ne porte le nom « herautl »" in result.stderr and "Hérault (34)" in result.stderr
    assert "Traceback" not in result.output


def test_pdf_into_an_unwritable_folder_one_message_no_traceback(monkeypatch, tmp_path):
    monkeypatch.setattr(cli.shared, "prepare", lambda data: pytest.fail("nothing prepared when --out cannot be written"))
    blocker = tmp_path / "fichier"
    blocker.write_text("x")
    result = runner.invoke(cli.app, ["pdf", "11", "--out", str(blocker / "sous-dossier")])
    assert result.exit_code == 1
    assert f"impossible de créer le dossier {blocker / 'sous-dossier'}" in " ".join(result.stderr.split())
    assert "--out" in result.stderr and "Traceback" not in result.output


def test_pdf_of_a_page_whose_execution_failed_names_the_cell_and_the_error(monkeypatch, tmp_path):
    from helpers.book import pdf

    monkeypatch.setattr(cli.shared, "prepare", lambda data: (tmp_path, tmp_path / "data", tmp_path / "cache"))
    monkeypatch.setattr(pdf, "current", lambda params, **kw: False)
    monkeypatch.setattr(plan, "check_years", lambda pages, cache: None)
    from helpers.book import execute

    monkeypatch.setattr(execute, "execute_page", lambda params, **kw: PageResult(params.slug, tmp_path / "x.ipynb", False, 0.1, 7, "KeyError: 'C10'"))
    result = runner.invoke(cli.app, ["pdf", "aude", "--out", str(tmp_path / "out")])
    assert result.exit_code == 1
    assert "la fiche dep-11 a échoué (cellule 7) : KeyError: 'C10' ; pas de PDF." in " ".join(result.stderr.split())
    assert "Traceback" not in result.output and not list((tmp_path / "out").iterdir())

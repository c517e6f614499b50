"""The benchmark's pieces (the benchmark itself is run by `make bench`, not by the tests)."""

from __future__ import annotations

import subprocess
import sys
import time

import pytest

from helpers.book import bench, kernels
from tests import PROJECT_ROOT

ROOT = PROJECT_ROOT


def test_parse_summary_reads_the_build_line():
    line = "112 fiche(s) exécutée(s) en 31.4 s, 3 réutilisée(s) telle(s) quelle(s) ; site construit en 22.0 s.\n"
    assert bench.parse_summary("Lecture…\n" + line) == (112, 31.4, 22.0)
    up_to_date = "0 fiche(s) exécutée(s) en 0.0 s, 115 réutilisée(s) telle(s) quelle(s) ; site déjà à jour (aucune entrée…)."
    assert bench.parse_summary(up_to_date) == (0, 0.0, 0.0)
    with pytest.raises(ValueError, match="introuvable"):
        bench.parse_summary("Erreur : rien")


def test_peak_memory_sums_a_process_tree():
    # Parent and child hold 150 MiB each until their standard input closes: the test closes it once
    # the sampler has seen them (120 s only a safety net), not after a fixed second of sleep.
    code = "import subprocess, sys; b = bytearray(150 * 2**20); subprocess.run([sys.executable, '-c', 'import sys; b = bytearray(150 * 2**20); sys.stdin.read()'])"
    proc = subprocess.Popen([sys.executable, "-c", code], stdin=subprocess.PIPE)
    with bench.peak_memory(lambda: proc.pid) as peak:
        deadline = time.monotonic() + 120
        while peak[0] <= 300 and proc.poll() is None and time.monotonic() < deadline:
            time.sleep(0.05)
        proc.stdin.close()
        proc.wait()
    assert peak[0] > 300  # parent and child, 150 MiB each, alive together


def test_change_parameters_changes_only_that_page(tmp_path):
    (tmp_path / "parameters").mkdir()
    for slug in ("dep-34", "dep-11"):
        (tmp_path / "parameters" / f"{slug}.yml").write_text((ROOT / "parameters" / f"{slug}.yml").read_text(encoding="utf-8"), encoding="utf-8")
    path = bench.change_parameters(tmp_path, "34")
    assert path.name == "dep-34.yml" and "year: 2023" in path.read_text(encoding="utf-8")
    assert (tmp_path / "parameters" / "dep-11.yml").read_text(encoding="utf-8") == (ROOT / "parameters" / "dep-11.yml").read_text(encoding="utf-8")


def test_copy_book_leaves_generated_files_and_links_node_modules(tmp_path):
    root = bench.copy_book(ROOT, tmp_path)
    assert (root / "notebooks" / "fiche.ipynb").is_file() and (root / "parameters").is_dir()
    assert not (root / "_static" / "comext-vega.js").exists() and not (root / "pages").exists()
    assert (root / "node_modules").is_symlink()


def test_rows_mark_targets_met_and_missed():
    run = lambda s: bench.Run(s, 0, "", "", 512.0)  # noqa: E731
    figures = bench.Figures(
        cores=2, kernel_start=[0.7, 0.8, 0.9], naive_per_page=[2.0, 2.0], full=run(50.0), pages_executed=100,
        execute_seconds=30.0, book_seconds=15.0, no_change=run(6.0), one_param=run(9.0), one_param_pages=1, run_one=run(3.0),
        pages_built=115, median_page_kib=380.0,
    )
    table = {name.strip(): (value, target) for name, value, target in bench.rows(figures)}
    assert figures.naive_total == 200.0 and figures.speedup == 4.0
    assert table["Site complet depuis zéro"] == ("50.0 s", "✗ ≤ 30")  # no build without PDFs: this one is the HTML build
    assert table["Accélération sur papermill naïf (papermill naïf estimé ÷ comext build complet, sans PDF)"] == ("×4.0", "✗ ≥ 8")
    assert table["Reconstruction sans changement"][1] == "✗ ≤ 2"
    assert table["Poids médian d'une page"] == ("380 Kio", "✗ ≤ 200")
    assert table["dont le reste (données, cache, vérifications)"][0] == "5.0 s"
    assert "PDF : surcoût du site complet (avec − sans)" not in table  # no build without PDFs measured


def test_the_pdfs_added_time_number_and_size_are_reported():
    run = lambda s: bench.Run(s, 0, "", "", 512.0)  # noqa: E731
    figures = bench.Figures(
        cores=2, kernel_start=[0.7], naive_per_page=[2.0], full=run(150.0), full_no_pdf=run(105.5), pages_executed=100,
        execute_seconds=30.0, book_seconds=15.0, no_change=run(2.0), one_param=run(9.0), one_param_pages=1, run_one=run(3.0),
        pages_built=115, median_page_kib=380.0, pdf_count=298, pdf_bytes=120_000_000, site_bytes=400_000_000,
    )
    table = {name.strip(): (value, target) for name, value, target in bench.rows(figures)}
    assert table["PDF : surcoût du site complet (avec − sans)"] == ("44.5 s", "✗ ≤ 40")
    assert table["Site HTML complet depuis zéro, sans PDF"] == ("105.5 s", "✗ ≤ 30")
    assert table["Site complet depuis zéro, avec les PDF"] == ("150.0 s", "✗ ≤ 60")
    assert figures.speedup == 200.0 / 105.5  # naive papermill makes no PDF: compared with the build without
    assert table["PDF : fichiers et poids total"][0] == "298 PDF, 120.0 Mo"
    assert table["Poids du site avec / sans PDF"][0] == "400.0 Mo / 280.0 Mo"


def test_a_clean_clone_counts_the_demonstration_data_against_the_target():
    run = lambda s: bench.Run(s, 0, "", "", 512.0)  # noqa: E731
    figures = bench.Figures(
        cores=2, kernel_start=[0.7], naive_per_page=[2.0], demo=run(12.0), full=run(50.0), pages_executed=100,
        execute_seconds=30.0, book_seconds=15.0, no_change=run(2.0), one_param=run(9.0), one_param_pages=1, run_one=run(3.0),
        pages_built=115, median_page_kib=380.0,
    )
    table = {name.strip(): (value, target) for name, value, target in bench.rows(figures)}
    assert figures.from_scratch == 62.0
    assert table["Site complet depuis zéro (clone neuf)"] == ("62.0 s", "✗ ≤ 30")
    assert table["dont données de démonstration (comext data demo)"][0] == "12.0 s"
    assert table["dont le reste (données, cache, vérifications)"][0] == "5.0 s"  # of the build itself


@pytest.mark.slow
def test_the_bare_kernel_start_is_measured_over_ipc_and_leaves_no_socket(tmp_path_factory, monkeypatch):
    import tempfile

    tmp_path = tmp_path_factory.mktemp("t")  # short: the sockets are made in it
    monkeypatch.setattr(tempfile, "tempdir", str(tmp_path))
    managers = []
    original = kernels.IpcKernelManager.__init__

    def recorded(self, **kwargs):
        original(self, **kwargs)
        managers.append(self)

    monkeypatch.setattr(kernels.IpcKernelManager, "__init__", recorded)
    (seconds,) = bench.kernel_start_seconds(samples=1)
    assert 0 < seconds < 60 and [km.transport for km in managers] == ["ipc"]
    assert list(tmp_path.iterdir()) == []


def test_page_weights_are_the_executed_pages_only(tmp_path):
    pages = tmp_path / "pages"
    pages.mkdir()
    for name, size in {"dep-11": 300, "region-76": 200, "france": 100, "territoire-7605": 5, "territoires": 4, "methodologie": 9, "index": 1}.items():
        (pages / f"{name}.html").write_bytes(b"x" * size)
    assert bench.page_weights(tmp_path) == [100, 200, 300]


def test_page_weights_count_the_chart_files_only_that_page_loads(tmp_path):
    from helpers.charts import shared

    pages, charts = tmp_path / "pages", tmp_path / "graphiques"
    pages.mkdir()
    charts.mkdir()
    alone, common = "a" * 20, "c" * 20
    (charts / f"{alone}.js").write_bytes(b"j" * 1000)
    (charts / f"{common}.js").write_bytes(b"j" * 5000)
    tags = {"dep-11": shared.script_tag(alone) + shared.script_tag(common), "dep-34": shared.script_tag(common), "territoire-7605": ""}
    for name, html in tags.items():
        (pages / f"{name}.html").write_text(html, encoding="utf-8")
    own, both = len(tags["dep-11"].encode()), len(tags["dep-34"].encode())
    # dep-11: its HTML and the file it alone loads; the file both load is the site's, counted in neither
    assert bench.page_weights(tmp_path) == sorted([own + 1000, both])
    (pages / "territoires.html").write_text(shared.script_tag(alone), encoding="utf-8")  # any page of the site shares it
    assert bench.page_weights(tmp_path) == sorted([own, both])

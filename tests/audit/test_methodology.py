"""The generated methodology page and the « Reproduire cette page » block."""

from __future__ import annotations

import json
import re
import shutil
from pathlib import Path

import pandas as pd
import pytest

from helpers.audit import methodology, reconciliation
from helpers.data import provenance, store
from helpers.fiche import reproduce
from helpers.fiche.context import load_context
from helpers.places.geography import units


@pytest.fixture(scope="module")
def demo_checks(demo_cache: Path) -> pd.DataFrame:
    return reconciliation.reconcile(demo_cache)


def _page(demo_data: Path, demo_cache: Path, checks: pd.DataFrame | None = None, **kwargs) -> str:
    checks = reconciliation.reconcile(demo_cache) if checks is None else checks
    return methodology.markdown(data_dir=demo_data, cache=demo_cache, checks=checks, year=2024, tolerances=[], **kwargs)


def test_source_section_is_read_from_provenance_and_manifest(demo_data: Path, demo_cache: Path, demo_checks) -> None:
    text = _page(demo_data, demo_cache, demo_checks)
    prov = provenance.read(demo_data)
    manifest = store.read_manifest(demo_cache)
    for record in prov.files:
        assert f"| `{record.name}` | `{record.sha256}` |" in text
    assert text.count("généré (données de démonstration)") == len(manifest["files"])
    for year, quarters in manifest["quarters"].items():
        assert f"{year}\u202f: " + ", ".join(f"T{q}" for q in quarters) in text  # narrow no-break space before « : »
    assert f"`{demo_cache.name}`" in text and "Données de démonstration" in text
    assert "CAF" in text and "FAB" in text and "EMEBI" in text and "10 premiers produits" in text
    assert text == _page(demo_data, demo_cache, demo_checks)  # deterministic: no clock
    assert not re.search(r"20\d\d-\d\d-\d\d", text)  # no date at all for generated data


def test_downloaded_files_show_their_date_and_a_checksum_mismatch(demo_data: Path, demo_cache: Path, demo_checks, tmp_path: Path) -> None:
    folder = tmp_path / "raw"
    folder.mkdir()
    prov = provenance.read(demo_data)
    first, second = prov.files[0], prov.files[1]
    first.generated, first.downloaded, first.url = False, "2025-06-30", "https://example.org/a.zip"
    second.generated, second.downloaded, second.sha256 = False, "2025-06-30", "0" * 64
    prov.synthetic, prov.source, prov.dataset = False, "dgddi", "Statistiques régionales (test)"
    provenance.write(folder, prov)
    text = methodology.markdown(data_dir=folder, cache=demo_cache, checks=demo_checks, year=2024, tolerances=[])
    assert "2025-06-30 (https://example.org/a.zip)" in text
    assert text.count("SHA-256 différent de provenance.json") == 1
    assert "Données de démonstration" not in text


def test_geography_table_lists_the_101_units(demo_data: Path, demo_cache: Path, demo_checks) -> None:
    text = _page(demo_data, demo_cache, demo_checks, pages={"11", "34"})
    rows = [line for line in text.splitlines() if re.match(r"\| [0-9][0-9A-E] \| ", line)]
    assert len(rows) == len(units()) == 101
    assert any(r.startswith("| 99 | — | Monaco | 21 ") and "sans fiche" in r for r in rows)
    assert any(r.startswith("| 20 | 2A, 2B | Corse ") for r in rows)
    assert any(r.startswith("| 9D | 974 | La Réunion | 24 ") for r in rows)
    assert "[Aude (11)](dep-11.ipynb)" in text and "(dep-12.ipynb)" not in text  # only pages of this book
    assert "**≠**" not in text


def test_reconciliation_results_and_failures_are_shown(demo_data: Path, demo_cache: Path, demo_checks) -> None:
    checks = demo_checks
    text = _page(demo_data, demo_cache, checks)
    assert "aucun\u202f: tous les contrôles doivent être exacts." in text
    assert "Écarts constatés" not in text and "**ÉCHEC**" not in text
    assert text.count("| exact |") == int(checks["check"].isin(["region", "france"]).sum())
    broken = checks.copy()
    broken.loc[0, ["left", "difference", "ok"]] = [broken.loc[0, "left"] + 5, 5, False]
    text = _page(demo_data, demo_cache, broken)
    assert "Écarts constatés" in text and "**ÉCHEC**" in text and "écart 5\u00a0€" in text  # no-break space before the unit


def test_write_only_rewrites_a_changed_page(demo_data: Path, demo_cache: Path, demo_checks, tmp_path: Path) -> None:
    checks = demo_checks
    path = methodology.write(tmp_path, data_dir=demo_data, cache=demo_cache, checks=checks, year=2024, tolerances=[])
    assert path == tmp_path / "pages" / "methodologie.md"
    stamp = path.stat().st_mtime_ns
    methodology.write(tmp_path, data_dir=demo_data, cache=demo_cache, checks=checks, year=2024, tolerances=[])
    assert path.stat().st_mtime_ns == stamp


def test_reproduce_block_gives_command_versions_and_inputs(demo_data: Path, demo_cache: Path) -> None:
    ctx = load_context("2A", 2024, str(demo_data), str(demo_cache))
    text = reproduce.reproduce_block(ctx).data
    assert f"comext run 2A --year 2024 --data {demo_data}" in text
    assert f"comext build --only 2A --data {demo_data}" in text
    assert "parameters/dep-2A-2B.yml" in text and "pandas " in text and "Python " in text
    for record in store.read_manifest(demo_cache)["files"]:  # named; their SHA-256 on the methodology page
        assert f"`{record['name']}`" in text and record["sha256"] not in text
    assert "(/pages/methodologie.md)" in text
    assert text == reproduce.reproduce_block(ctx).data


def test_commands_omit_the_default_demo_folder(tmp_path: Path) -> None:
    assert reproduce.commands("11", 2024, tmp_path / "data" / "demo", tmp_path) == ("comext run 11 --year 2024", "comext build --only 11")
    assert reproduce.commands("11", 2023, tmp_path / "data" / "raw", tmp_path)[0] == "comext run 11 --year 2023 --data data/raw"


def test_fingerprint_follows_every_input(tmp_path: Path, demo_cache: Path) -> None:
    from helpers.places.geography import Scope

    template = tmp_path / "fiche.ipynb"
    template.write_text(json.dumps({"cells": []}), encoding="utf-8")
    params = {"dep_code": "11", "year": 2024, "data_dir": str(tmp_path), "cache": str(demo_cache)}
    shown = [Scope("unit", "11"), Scope("region", "12"), Scope("france")]

    def fp(template: Path = template, params: dict = params, shown: list = shown, year: int = 2024) -> str:
        return reproduce.fingerprint(template, params, demo_cache, scopes=shown, year=year, root=tmp_path)

    first = fp()
    assert first == fp(params=dict(reversed(params.items())))
    assert first == fp(params={**params, "cache": "/ailleurs/même-contenu"})  # the cache's content counts, not its name
    assert first != fp(params={**params, "year": 2023})
    assert first != fp(year=2023)  # other data slices
    assert first != fp(shown=[Scope("unit", "34"), *shown[1:]])
    assert first != fp(shown=shown[:2])
    (tmp_path / "requirements.txt").write_text("pandas==0\n", encoding="utf-8")
    assert first != fp()
    (tmp_path / "requirements.txt").unlink()
    (tmp_path / "provenance.json").write_text("{}", encoding="utf-8")
    assert first != fp()
    (tmp_path / "provenance.json").unlink()
    shutil.copy(template, tmp_path / "copy.ipynb")
    template.write_text(json.dumps({"cells": [1]}), encoding="utf-8")
    assert first != fp()
    assert first == fp(template=tmp_path / "copy.ipynb")

"""``check.summarize`` / ``check.render`` and the ``comext data check`` command."""

from __future__ import annotations

import hashlib
import json
from pathlib import Path

import pytest
from rich.console import Console
from typer.testing import CliRunner

from helpers.cli import app
from helpers.common.errors import DataError
from helpers.common.formatting import NBSP
from helpers.data import check
from tests.data.conftest import FLOWS

runner = CliRunner()


@pytest.fixture
def valid(source_dir) -> Path:
    return source_dir("Region_2024_Export.txt", "Region_2024_Import.txt")


def test_summarize(valid: Path) -> None:
    summary = check.summarize(valid)
    assert summary["records"] == 11
    assert summary["years"] == [2024]
    assert summary["quarters"] == {"2024": [1, 2, 3, 4]}
    assert summary["totals"] == {"2024": {"E": 1_500_703_557, "I": 250_053_300}}
    files = {f["name"]: f for f in summary["files"]}
    data = (FLOWS / "Region_2024_Export.txt").read_bytes()
    assert files["Region_2024_Export.txt"] == {"name": "Region_2024_Export.txt", "sha256": hashlib.sha256(data).hexdigest(), "size": len(data)}
    assert summary["warnings"] == []
    json.dumps(summary)  # JSON-able


def test_summarize_rolling_file_two_years(source_dir) -> None:
    summary = check.summarize(source_dir("REGIONAL_CPF4PAYSE.txt") / "REGIONAL_CPF4PAYSE.txt")
    assert summary["quarters"] == {"2024": [1, 2, 3, 4], "2025": [1]}
    assert summary["totals"] == {"2024": {"E": 1000}, "2025": {"E": 500}}


def test_summarize_invalid_raises(source_dir) -> None:
    with pytest.raises(DataError):
        check.summarize(source_dir("year.txt"))


def test_render_in_millions(valid: Path) -> None:
    console = Console(width=200, record=True)
    console.print(check.render(check.summarize(valid)))
    text = console.export_text()
    assert f"1{NBSP}500,7" in text  # 1 500 703 557 €
    assert "250,1" in text  # 250 053 300 €
    assert "Region_2024_Import.txt" in text


def test_cli_check_valid(valid: Path) -> None:
    result = runner.invoke(app, ["data", "check", str(valid)])
    assert result.exit_code == 0, result.output
    assert f"1{NBSP}500,7" in result.stdout
    assert "11" in result.stdout


def test_cli_check_json(valid: Path) -> None:
    result = runner.invoke(app, ["data", "check", str(valid), "--json"])
    assert result.exit_code == 0, result.output
    summary = json.loads(result.stdout)
    assert summary["totals"]["2024"] == {"E": 1_500_703_557, "I": 250_053_300}
    assert summary["records"] == 11


def test_cli_check_invalid(source_dir) -> None:
    folder = source_dir("Region_2024_Export.txt", ("country_unknown.txt", "Region_2023_Export.txt"))
    result = runner.invoke(app, ["data", "check", str(folder)])
    assert result.exit_code != 0
    message = " ".join(result.output.split())
    assert "Region_2023_Export.txt" in message
    assert "ligne 2" in message
    assert "code pays" in message
    assert "absent de Libelle_PAYS.txt" in message
    assert "Traceback" not in result.output
    assert not isinstance(result.exception, DataError)


@pytest.mark.parametrize("make", ["truncated_zip", "empty_folder"])
def test_cli_check_unreadable_inputs(make: str, tmp_path: Path) -> None:
    if make == "truncated_zip":
        target = tmp_path / "cut.zip"
        target.write_bytes(b"PK\x03\x04 not really a zip")
    else:
        target = tmp_path / "empty"
        target.mkdir()
    result = runner.invoke(app, ["data", "check", str(target)])
    assert result.exit_code == 1
    assert "Traceback" not in result.output
    assert target.name in result.output

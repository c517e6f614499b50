"""Which zips to download: resolution in the recorded data.gouv.fr API response, the TOML configuration.

Nothing here contacts the network: the API response is the recorded fixture
(``fixtures/download/datagouv_dataset.json``, :func:`tests.data.conftest.api_response`).
"""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest

from helpers.common.errors import ConfigError
from helpers.data import datagouv

# --------------------------------------------------------------------------- resolution


def test_resolve_2024_from_recorded_response(api_response: dict[str, Any]) -> None:
    resources = datagouv.resolve_resources(2024, api_response)
    assert [r.flow for r in resources] == ["E", "I"]
    base = "https://static.data.gouv.fr/resources/statistiques-regionales-et-departementales-du-commerce-exterieur/20250214-103000/"
    # the latest publication (202502) wins over the replaced one (202501)
    assert [r.url for r in resources] == [base + "202502_regional_2024_export.zip", base + "202502_regional_2024_import.zip"]
    assert [r.filename for r in resources] == ["202502_regional_2024_export.zip", "202502_regional_2024_import.zip"]
    assert resources[0].title == "202502_regional_2024_export.zip"


def test_latest_publication_wins_whatever_the_order(api_response: dict[str, Any]) -> None:
    forward = datagouv.resolve_resources(2024, api_response)
    api_response["resources"].reverse()
    assert datagouv.resolve_resources(2024, api_response) == forward
    assert forward[0].url.endswith("/202502_regional_2024_export.zip")


def test_resolve_takes_filename_from_title_when_url_has_none(api_response: dict[str, Any]) -> None:
    export, import_ = datagouv.resolve_resources(2022, api_response)
    assert export.url.endswith("/attachments/202302_regional_2022_export_zip/")
    assert export.filename == "202302_regional_2022_export.zip"
    assert import_.filename == "202302_regional_2022_import.zip"


def test_unrelated_resources_are_ignored(api_response: dict[str, Any]) -> None:
    # 2021 only exists as a community resource: not offered
    assert datagouv.available_years(api_response) == [2022, 2023, 2024]
    urls = {r.url for year in (2022, 2023, 2024) for r in datagouv.resolve_resources(year, api_response)}
    assert len(urls) == 6
    assert not any(u.endswith((".csv", ".pdf", ".txt")) or "cpf4pays" in u or "comparaison" in u for u in urls)


def test_missing_year_lists_available_years(api_response: dict[str, Any]) -> None:
    with pytest.raises(ConfigError) as caught:
        datagouv.resolve_resources(2019, api_response)
    message = str(caught.value)
    assert "2019" in message
    assert "Années disponibles : 2022, 2023, 2024" in message


def test_missing_flow_is_named(api_response: dict[str, Any]) -> None:
    api_response["resources"] = [r for r in api_response["resources"] if r["title"] != "202402_regional_2023_import.zip"]
    with pytest.raises(ConfigError, match="pas de fichier annuel import pour 2023"):
        datagouv.resolve_resources(2023, api_response)


# --------------------------------------------------------------------------- configuration


@pytest.mark.parametrize(
    "text, fragment",
    [
        ('[years.2024]\nexport = "ftp://x/y.zip"\n', "URL http(s)"),
        ('[years.2024]\nexports = "https://x/y.zip"\n', "exports"),
        ("[years.24]\n", "years.24"),
        ("[years.2024\n", "illisible"),
    ],
)
def test_bad_config_is_a_config_error(toml_config: Callable[[str], Path], text: str, fragment: str) -> None:
    with pytest.raises(ConfigError) as caught:
        datagouv.load_config(toml_config(text))
    assert fragment in str(caught.value)


def test_missing_config_file(tmp_path: Path) -> None:
    with pytest.raises(ConfigError, match="introuvable"):
        datagouv.load_config(tmp_path / "absent.toml")

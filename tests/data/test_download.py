"""Download of the official DGDDI zips: configuration overriding the API, caching, provenance, errors.

No test contacts an outside address: the API response is the recorded fixture, downloads go
through a fake session, and the "unreachable" cases use a session that raises or a dead local
port (127.0.0.1:9).
"""

from __future__ import annotations

import hashlib
import io
import json
import zipfile
from collections.abc import Callable
from datetime import date
from pathlib import Path
from typing import Any

import pytest
import requests
from typer.testing import CliRunner

from helpers.common.errors import ConfigError, DataError, NetworkError
from helpers.data import datagouv, download, provenance

DEAD_API = "http://127.0.0.1:9/api/1/datasets/5369a0c7a3a729239d206446/"
URL_E = "https://files.invalid/202502_regional_2024_export.zip"
URL_I = "https://files.invalid/202502_regional_2024_import.zip"


@pytest.fixture(autouse=True)
def no_proxy(monkeypatch: pytest.MonkeyPatch) -> None:
    """Requests to the dead local port must not be routed through a proxy of the environment."""
    for name in ("HTTP_PROXY", "HTTPS_PROXY", "ALL_PROXY", "http_proxy", "https_proxy", "all_proxy"):
        monkeypatch.delenv(name, raising=False)
    monkeypatch.delenv(datagouv.API_ENV, raising=False)


# --------------------------------------------------------------------------- fakes


class FakeResponse:
    def __init__(self, body: bytes, status: int = 200) -> None:
        self.body = body
        self.status_code = status
        self.closed = False

    def json(self) -> Any:
        return json.loads(self.body)

    def iter_content(self, chunk_size: int = 1) -> Any:
        for start in range(0, len(self.body), 7):  # small chunks: exercise streaming
            yield self.body[start:start + 7]

    def close(self) -> None:
        self.closed = True


class FakeSession:
    """Serves bytes by URL; anything else fails as an unreachable host would."""

    def __init__(self, routes: dict[str, bytes | tuple[int, bytes]]) -> None:
        self.routes = routes
        self.calls: list[tuple[str, Any, bool]] = []

    def get(self, url: str, timeout: Any = None, stream: bool = False) -> FakeResponse:
        self.calls.append((url, timeout, stream))
        if url not in self.routes:
            raise requests.ConnectionError(f"fake: no route to {url}")
        body = self.routes[url]
        if isinstance(body, tuple):
            return FakeResponse(body[1], status=body[0])
        return FakeResponse(body)

    def close(self) -> None:
        pass


class RaisingSession:
    def __init__(self, exc: Exception) -> None:
        self.exc = exc

    def get(self, url: str, timeout: Any = None, stream: bool = False) -> Any:
        raise self.exc

    def close(self) -> None:
        pass


# --------------------------------------------------------------------------- tiny official-format zips

LABELS = {
    "Libelle_PAYS.txt": "ES;Espagne;190001;999912\r\nDE;Allemagne;190001;999912\r\n",
    "Libelle_CPF4_rev2.1.txt": "1011;Viandes de boucherie et produits d'abattage;201501;999912\r\n",
    "Libelle_A129.txt": "C10A;Viande et produits à base de viande;200901;999912\r\n",
    "Departement_region.txt": "11;Aude;12;Occitanie\r\n34;Hérault;12;Occitanie\r\n",
}


def flow_lines(flow: str, year: int = 2024) -> str:
    return "".join(
        f"{flow};{q};{year};{dep};12;C10A;1011;{country};{1000 * q};{10 * q}\r\n"
        for q in (1, 2, 3, 4)
        for dep, country in (("11", "ES"), ("34", "DE"))
    )


def official_zip(flow: str, year: int = 2024, body: str | None = None) -> bytes:
    """A zip in the official layout: ``Regional-<YYYY>-export/Region_<YYYY>_Export.txt`` + labels."""
    word = "export" if flow == "E" else "import"
    folder = f"Regional-{year}-{word}"
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as archive:
        archive.writestr(f"{folder}/Region_{year}_{word.capitalize()}.txt", body if body is not None else flow_lines(flow, year))
        for name, text in LABELS.items():
            archive.writestr(f"{folder}/{name}", text.encode("utf-8"))
    return buffer.getvalue()


def labels_only_zip() -> bytes:
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as archive:
        for name, text in LABELS.items():
            archive.writestr(name, text)
    return buffer.getvalue()


def api_body(export_url: str = URL_E, import_url: str = URL_I, **extra: Any) -> bytes:
    """A minimal API response (real shape) pointing at the fake URLs."""
    def res(title: str, url: str) -> dict[str, Any]:
        return {"id": title, "title": title, "format": "zip", "url": url, "filetype": "remote",
                "type": "main", "checksum": None, "filesize": None, "last_modified": "2025-02-14T10:30:00+00:00",
                **extra.get(title, {})}
    return json.dumps({"id": datagouv.DATASET_ID, "resources": [
        res("202502_regional_2024_export.zip", export_url),
        res("202502_regional_2024_import.zip", import_url),
    ]}).encode()


# --------------------------------------------------------------------------- configuration


def test_toml_config_overrides_api(tmp_path: Path, toml_config: Callable[[str], Path]) -> None:
    config = toml_config(f'[years.2024]\nexport = "{URL_E}"\nimport = "{URL_I}"\n')
    assert datagouv.load_config(config)["years"] == {2024: {"E": URL_E, "I": URL_I}}
    session = FakeSession({URL_E: official_zip("E"), URL_I: official_zip("I")})
    paths = download.download(2024, tmp_path / "raw", config=config, log=lambda _: None, session=session)
    assert [p.name for p in paths] == ["202502_regional_2024_export.zip", "202502_regional_2024_import.zip"]
    assert [c[0] for c in session.calls] == [URL_E, URL_I]  # the API was not asked


def test_toml_config_partial_override_uses_api_for_the_rest(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, toml_config: Callable[[str], Path]
) -> None:
    other = "https://mirror.invalid/download/42"  # no file name: one is constructed
    config = toml_config(f'[years.2024]\nexport = "{other}"\n')
    monkeypatch.setenv(datagouv.API_ENV, "https://api.invalid/dataset/")
    session = FakeSession({"https://api.invalid/dataset/": api_body(), other: official_zip("E"), URL_I: official_zip("I")})
    paths = download.download(2024, tmp_path / "raw", config=config, log=lambda _: None, session=session)
    assert [c[0] for c in session.calls] == ["https://api.invalid/dataset/", other, URL_I]
    assert [p.name for p in paths] == ["regional_2024_export.zip", "202502_regional_2024_import.zip"]


# --------------------------------------------------------------------------- network failures


def assert_unreachable_message(message: str) -> None:
    assert "injoignable depuis cette machine" in message
    assert "comext data demo" in message
    assert "data/raw/" in message
    assert "comext data check data/raw" in message


@pytest.mark.parametrize(
    "exc", [requests.ConnectionError("Name or service not known"), requests.ConnectTimeout("timed out"), requests.ReadTimeout("read")]
)
def test_unreachable_session_gives_french_message(tmp_path: Path, exc: Exception) -> None:
    with pytest.raises(NetworkError) as caught:
        download.download(2024, tmp_path, log=lambda _: None, session=RaisingSession(exc))
    assert_unreachable_message(str(caught.value))
    assert "www.data.gouv.fr" in str(caught.value)
    assert not (tmp_path / provenance.FILENAME).exists()


def test_dead_local_port_gives_network_error(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv(datagouv.API_ENV, DEAD_API)
    with pytest.raises(NetworkError) as caught:
        download.download(2024, tmp_path, log=lambda _: None)  # real requests session, local dead port
    assert_unreachable_message(str(caught.value))
    assert "127.0.0.1:9" in str(caught.value)


def test_cli_download_unreachable_exits_cleanly(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    from helpers.cli import app

    monkeypatch.setenv(datagouv.API_ENV, DEAD_API)
    result = CliRunner().invoke(app, ["data", "download", "--year", "2024", "--dest", str(tmp_path)])
    text = result.output + (getattr(result, "stderr", "") or "")
    assert result.exit_code != 0
    assert "Traceback" not in text
    assert result.exception is None or isinstance(result.exception, SystemExit)
    assert "injoignable" in text and "comext data demo" in text


def test_cli_download_missing_year_lists_years(tmp_path: Path, monkeypatch: pytest.MonkeyPatch, api_response: dict[str, Any]) -> None:
    from helpers.cli import app

    monkeypatch.setattr(download, "fetch_api", lambda session, url=None: api_response)
    result = CliRunner().invoke(app, ["data", "download", "--year", "2019", "--dest", str(tmp_path)])
    text = result.output + (getattr(result, "stderr", "") or "")
    assert result.exit_code == 1
    assert "Traceback" not in text
    assert "Années disponibles : 2022, 2023, 2024" in text
    assert "years.<année>" in text  # not swallowed as console markup


def test_cli_download_prints_paths(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    from helpers.cli import app

    session = FakeSession({datagouv.API_URL: api_body(), URL_E: official_zip("E"), URL_I: official_zip("I")})
    monkeypatch.setattr(download.requests, "Session", lambda: session)
    result = CliRunner().invoke(app, ["data", "download", "--year", "2024", "--dest", str(tmp_path)])
    assert result.exit_code == 0, result.output
    flat = result.output.replace("\n", "")  # the CLI's console wraps long lines at 80 columns
    assert str(tmp_path / "202502_regional_2024_export.zip") in flat
    assert str(tmp_path / "202502_regional_2024_import.zip") in flat
    assert (tmp_path / provenance.FILENAME).is_file()


def test_http_error_is_network_error(tmp_path: Path) -> None:
    session = FakeSession({datagouv.API_URL: api_body(), URL_E: (404, b"not found")})
    with pytest.raises(NetworkError, match="HTTP 404"):
        download.download(2024, tmp_path, log=lambda _: None, session=session)
    assert list(tmp_path.glob("*.zip")) == [] and list(tmp_path.glob(".*part")) == []


def test_stream_interrupted_leaves_no_partial_file(tmp_path: Path) -> None:
    class Broken(FakeResponse):
        def iter_content(self, chunk_size: int = 1) -> Any:
            yield b"PK\x03\x04partial"
            raise requests.exceptions.ChunkedEncodingError("connection reset")

    class BrokenSession(FakeSession):
        def get(self, url: str, timeout: Any = None, stream: bool = False) -> FakeResponse:
            response = super().get(url, timeout, stream)
            return Broken(response.body) if url == URL_E else response

    session = BrokenSession({datagouv.API_URL: api_body(), URL_E: official_zip("E"), URL_I: official_zip("I")})
    with pytest.raises(NetworkError):
        download.download(2024, tmp_path, log=lambda _: None, session=session)
    assert sorted(p.name for p in tmp_path.iterdir()) == []


# --------------------------------------------------------------------------- full download path


def test_full_download_caches_and_records_provenance(tmp_path: Path) -> None:
    export, import_ = official_zip("E"), official_zip("I")
    session = FakeSession({datagouv.API_URL: api_body(), URL_E: export, URL_I: import_})
    dest = tmp_path / "raw"
    messages: list[str] = []

    paths = download.download(2024, dest, log=messages.append, session=session)

    assert [p.name for p in paths] == ["202502_regional_2024_export.zip", "202502_regional_2024_import.zip"]
    assert paths[0].read_bytes() == export and paths[1].read_bytes() == import_
    assert [c[0] for c in session.calls] == [datagouv.API_URL, URL_E, URL_I]
    assert all(c[1] is not None for c in session.calls)  # every request has a timeout
    assert [c[2] for c in session.calls] == [False, True, True]  # zips are streamed
    prov = provenance.read(dest)
    assert prov is not None
    assert (prov.source, prov.synthetic) == ("dgddi", False)
    assert datagouv.DATASET_ID in prov.dataset
    by_name = {f.name: f for f in prov.files}
    assert set(by_name) == {p.name for p in paths}
    record = by_name["202502_regional_2024_export.zip"]
    assert record.sha256 == hashlib.sha256(export).hexdigest()
    assert record.size == len(export)
    assert record.url == URL_E
    assert record.downloaded == date.today().isoformat()
    assert record.generated is False
    assert by_name["202502_regional_2024_import.zip"].url == URL_I
    assert not [p for p in dest.iterdir() if p.name.endswith(".part")]

    # second call: the API is asked again, but no zip is fetched
    session.calls.clear()
    again = download.download(2024, dest, log=messages.append, session=session)
    assert again == paths
    assert [c[0] for c in session.calls] == [datagouv.API_URL]
    assert any("déjà présent" in m for m in messages)


def test_second_call_with_config_makes_no_request(tmp_path: Path, toml_config: Callable[[str], Path]) -> None:
    config = toml_config(f'[years.2024]\nexport = "{URL_E}"\nimport = "{URL_I}"\n')
    session = FakeSession({URL_E: official_zip("E"), URL_I: official_zip("I")})
    dest = tmp_path / "raw"
    download.download(2024, dest, config=config, log=lambda _: None, session=session)
    session.calls.clear()
    download.download(2024, dest, config=config, log=lambda _: None, session=session)
    assert session.calls == []


def test_changed_file_is_downloaded_again(tmp_path: Path, toml_config: Callable[[str], Path]) -> None:
    config = toml_config(f'[years.2024]\nexport = "{URL_E}"\nimport = "{URL_I}"\n')
    session = FakeSession({URL_E: official_zip("E"), URL_I: official_zip("I")})
    dest = tmp_path / "raw"
    first = download.download(2024, dest, config=config, log=lambda _: None, session=session)
    first[0].write_bytes(b"tampered")
    session.calls.clear()
    download.download(2024, dest, config=config, log=lambda _: None, session=session)
    assert [c[0] for c in session.calls] == [URL_E]
    assert first[0].read_bytes() == official_zip("E")


def test_announced_checksum_is_verified(tmp_path: Path) -> None:
    export = official_zip("E")
    good = {"202502_regional_2024_export.zip": {"checksum": {"type": "sha1", "value": hashlib.sha1(export).hexdigest()}}}
    session = FakeSession({datagouv.API_URL: api_body(**good), URL_E: export, URL_I: official_zip("I")})
    download.download(2024, tmp_path / "ok", log=lambda _: None, session=session)

    bad = {"202502_regional_2024_export.zip": {"checksum": {"type": "sha1", "value": "0" * 40}}}
    session = FakeSession({datagouv.API_URL: api_body(**bad), URL_E: export, URL_I: official_zip("I")})
    with pytest.raises(DataError, match="somme de contrôle"):
        download.download(2024, tmp_path / "bad", log=lambda _: None, session=session)
    assert not (tmp_path / "bad" / "202502_regional_2024_export.zip").exists()


@pytest.mark.parametrize(
    "body, rule", [(b"<html>maintenance</html>", "archive zip lisible"), (labels_only_zip(), "aucun fichier de flux")]
)
def test_download_that_is_not_a_flow_zip_is_refused(tmp_path: Path, body: bytes, rule: str) -> None:
    session = FakeSession({datagouv.API_URL: api_body(), URL_E: body, URL_I: official_zip("I")})
    with pytest.raises(DataError) as caught:
        download.download(2024, tmp_path, log=lambda _: None, session=session)
    assert "202502_regional_2024_export.zip" in str(caught.value) and rule in str(caught.value)
    assert list(tmp_path.iterdir()) == []


def test_demo_folder_is_not_mixed_with_official_files(tmp_path: Path) -> None:
    provenance.write(tmp_path, provenance.Provenance(source="demo", dataset="demo", synthetic=True))
    with pytest.raises(ConfigError, match="demo"):
        download.download(2024, tmp_path, log=lambda _: None, session=FakeSession({}))


# --------------------------------------------------------------------------- unzip + read


def test_downloaded_files_are_read_by_flows_reader(tmp_path: Path) -> None:
    from helpers.data import flows

    session = FakeSession({datagouv.API_URL: api_body(), URL_E: official_zip("E"), URL_I: official_zip("I")})
    dest = tmp_path / "raw"
    download.download(2024, dest, log=lambda _: None, session=session)
    dataset = flows.read_source(dest)
    assert dataset is not None

    # the download only checks that a flow file is there; the reader refuses bad records
    bad = tmp_path / "bad"
    wrong = official_zip("I", body=flow_lines("E"))  # export records in the import file
    session = FakeSession({datagouv.API_URL: api_body(), URL_E: official_zip("E"), URL_I: wrong})
    download.download(2024, bad, log=lambda _: None, session=session)
    with pytest.raises(DataError):
        flows.read_source(bad)


def test_cli_downloads_several_years_into_one_folder_read_together(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    from helpers.cli import app
    from helpers.data import flows

    urls = {y: {f: f"https://files.invalid/{y + 1}02_regional_{y}_{'export' if f == 'E' else 'import'}.zip" for f in "EI"} for y in (2022, 2023, 2024)}

    def res(year: int, flow: str) -> dict[str, Any]:
        url = urls[year][flow]
        return {"id": url, "title": url.rsplit("/", 1)[1], "format": "zip", "url": url, "filetype": "remote", "type": "main",
                "checksum": None, "filesize": None, "last_modified": "2025-02-14T10:30:00+00:00"}

    api = json.dumps({"id": datagouv.DATASET_ID, "resources": [res(y, f) for y in urls for f in "EI"]}).encode()
    routes: dict[str, bytes | tuple[int, bytes]] = {datagouv.API_URL: api}
    routes.update({urls[y][f]: official_zip(f, y) for y in urls for f in "EI"})
    session = FakeSession(routes)
    monkeypatch.setattr(download.requests, "Session", lambda: session)
    dest = tmp_path / "raw"
    result = CliRunner().invoke(app, ["data", "download", "--years", "2023-2024", "--year", "2022", "--dest", str(dest)])
    assert result.exit_code == 0, result.output
    assert sorted(p.name for p in dest.glob("*.zip")) == sorted(u.rsplit("/", 1)[1] for y in urls for u in urls[y].values())
    records = flows.read_source(dest).records
    assert sorted(records["year"].unique().tolist()) == [2022, 2023, 2024]
    assert len(records) == 3 * 2 * 8  # years × flows × (4 quarters × 2 départements)

    single = tmp_path / "one"
    assert CliRunner().invoke(app, ["data", "download", "--year", "2023", "--dest", str(single)]).exit_code == 0
    assert flows.read_source(single).records["year"].unique().tolist() == [2023]


def test_cli_download_refuses_bad_years(tmp_path: Path) -> None:
    from helpers.cli import app

    result = CliRunner().invoke(app, ["data", "download", "--years", "2024-2019", "--dest", str(tmp_path / "raw")])
    assert result.exit_code == 1
    assert "Intervalle d'années à l'envers" in result.output
    assert not (tmp_path / "raw").exists()

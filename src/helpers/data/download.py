"""Download the official DGDDI annual files (one zip per flow) and record their provenance.

Resolution: the year's two zips (export, import) are found in the resource list of the
data.gouv.fr dataset :data:`DATASET_ID` (API v1, ``GET /api/1/datasets/<id>/``), by their
title or file name ``<YYYYMM>_regional_<YYYY>_export.zip`` / ``…_import.zip``. An optional
TOML file gives explicit URLs that override the API::

    [years.2024]
    export = "https://…/202502_regional_2024_export.zip"
    import = "https://…/202502_regional_2024_import.zip"

Download: each zip is streamed into a temporary file of the destination folder, its archive is
checked (it must carry a flow file), then it is renamed into place (atomic). A file already
present with the SHA-256 recorded in ``provenance.json`` (same URL) is not fetched again. The
full reading and validation of the records is :func:`helpers.data.flows.read_source`'s job.

The API address can be changed with the environment variable :data:`API_ENV` (tests point it
at a dead local port; nothing in the tests contacts an outside address).
"""

from __future__ import annotations

import hashlib
import os
import re
import tempfile
import tomllib
import zipfile
from collections.abc import Callable
from dataclasses import dataclass
from datetime import date
from pathlib import Path, PurePosixPath
from typing import Any
from urllib.parse import unquote, urlparse

import requests

from ..common.errors import ConfigError, DataError, NetworkError, Problem
from . import provenance

#: data.gouv.fr id of "Statistiques régionales et départementales du commerce extérieur".
DATASET_ID = "5369a0c7a3a729239d206446"
#: Human-readable name of the dataset, recorded in ``provenance.json``.
DATASET_NAME = f"Statistiques régionales et départementales du commerce extérieur (data.gouv.fr {DATASET_ID})"
#: API v1 endpoint of the dataset.
API_URL = f"https://www.data.gouv.fr/api/1/datasets/{DATASET_ID}/"
#: Environment variable overriding :data:`API_URL` (full URL of the dataset endpoint).
API_ENV = "COMEXT_DATAGOUV_API"
#: (connect, read) timeouts in seconds for every request.
TIMEOUT: tuple[float, float] = (10.0, 60.0)
#: Size of the chunks written while streaming.
CHUNK = 1 << 16
#: Flow code → word used in file names and in the TOML configuration.
FLOWS = {"E": "export", "I": "import"}
#: Checksum algorithms of data.gouv.fr that can be verified here (udata ``CHECKSUM_TYPES``).
HASHES = {"sha1": "sha1", "sha2": "sha256", "sha256": "sha256", "md5": "md5"}

# "202502_regional_2024_export.zip", "Regional-2024-export", "regional_2024_import"…
_ANNUAL = re.compile(r"(?:^|[^0-9])(?:(?P<pub>\d{6})[_-])?regional[_-](?P<year>\d{4})[_-](?P<flow>export|import)(?![a-z])", re.I)

Log = Callable[[str], object]


@dataclass(frozen=True)
class Resource:
    """One zip to download: the annual file of one flow."""

    flow: str  # "E" (exports) or "I" (imports)
    title: str
    url: str
    filename: str  # name of the cached file in the destination folder
    checksum_type: str | None = None  # as announced by data.gouv.fr, if any
    checksum: str | None = None
    filesize: int | None = None


# --------------------------------------------------------------------------- resolution


def api_url() -> str:
    """The dataset endpoint: :data:`API_ENV` if set, else :data:`API_URL`."""
    return os.environ.get(API_ENV) or API_URL


def _url_name(url: str) -> str:
    """Last segment of a URL's path, unquoted (``""`` if none)."""
    return unquote(PurePosixPath(urlparse(url).path).name)


def _match(resource: dict[str, Any]) -> tuple[int, str, str] | None:
    """(year, flow, publication YYYYMM or "") of an annual zip resource, else ``None``."""
    url = str(resource.get("url") or "")
    title = str(resource.get("title") or "")
    fmt = str(resource.get("format") or "").lower().lstrip(".")
    if fmt != "zip" and not _url_name(url).lower().endswith(".zip") and not title.lower().endswith(".zip"):
        return None
    for text in (title, _url_name(url)):
        found = _ANNUAL.search(text)
        if found:
            flow = "E" if found["flow"].lower() == "export" else "I"
            return int(found["year"]), flow, found["pub"] or ""
    return None


def _filename(resource: dict[str, Any], year: int, flow: str) -> str:
    """Name of the cached zip: the URL's file name, else the title, else a constructed one."""
    for candidate in (_url_name(str(resource.get("url") or "")), str(resource.get("title") or "").strip()):
        name = PurePosixPath(candidate).name
        if name.lower().endswith(".zip") and _ANNUAL.search(name):
            return name
    return f"regional_{year}_{FLOWS[flow]}.zip"


def _resource(resource: dict[str, Any], year: int, flow: str) -> Resource:
    checksum = resource.get("checksum") or None
    size = resource.get("filesize")
    return Resource(
        flow=flow,
        title=str(resource.get("title") or ""),
        url=str(resource["url"]),
        filename=_filename(resource, year, flow),
        checksum_type=str(checksum.get("type") or "sha1") if isinstance(checksum, dict) else None,
        checksum=str(checksum.get("value")) if isinstance(checksum, dict) and checksum.get("value") else None,
        filesize=int(size) if isinstance(size, int) else None,
    )


def available_years(api_response: dict[str, Any]) -> list[int]:
    """Years having at least one annual zip in the API response, ascending."""
    return sorted({m[0] for r in api_response.get("resources") or [] if (m := _match(r))})


def resolve_resources(year: int, api_response: dict[str, Any]) -> list[Resource]:
    """The export and import annual zips of ``year`` in a data.gouv.fr API v1 dataset response.

    Only the dataset's own ``resources`` are considered (not ``community_resources``); other
    files (latest-quarters files, documentation, CSV previews) are ignored. When a year has
    been published several times, the latest publication wins (``YYYYMM`` prefix, then
    ``last_modified``). Raises :class:`ConfigError` naming the available years if the year
    or one of its flows is missing.
    """
    best: dict[str, tuple[tuple[str, str], dict[str, Any]]] = {}
    for res in api_response.get("resources") or []:
        found = _match(res)
        if found is None or found[0] != year or not res.get("url"):
            continue
        _, flow, pub = found
        rank = (pub, str(res.get("last_modified") or ""))
        if flow not in best or rank > best[flow][0]:
            best[flow] = (rank, res)
    missing = [FLOWS[f] for f in FLOWS if f not in best]
    if missing:
        years = available_years(api_response)
        shown = ", ".join(map(str, years)) if years else "aucune"
        what = "aucun fichier annuel" if len(missing) == 2 else f"pas de fichier annuel {missing[0]}"
        raise ConfigError(
            f"data.gouv.fr ne publie {what} pour {year} dans le jeu {DATASET_ID}. "
            f"Années disponibles : {shown}. Choisissez une autre année (--year) ou donnez les URL "
            "explicites dans un fichier de configuration (--config, table « years.<année> » avec export et import)."
        )
    return [_resource(best[f][1], year, f) for f in FLOWS]


# --------------------------------------------------------------------------- configuration


def load_config(path: Path) -> dict[str, Any]:
    """Read the optional TOML configuration and check its shape.

    Returns ``{"years": {2024: {"E": url, "I": url}}, "api": url | None}`` (flows may be
    partial: a missing flow is resolved through the API).
    """
    try:
        raw = tomllib.loads(path.read_text(encoding="utf-8"))
    except FileNotFoundError:
        raise ConfigError(f"Fichier de configuration introuvable : {path}") from None
    except (tomllib.TOMLDecodeError, UnicodeDecodeError) as exc:
        raise ConfigError(f"Fichier de configuration illisible ({path}) : {exc}") from None
    years: dict[int, dict[str, str]] = {}
    for key, section in (raw.get("years") or {}).items():
        if not re.fullmatch(r"\d{4}", str(key)) or not isinstance(section, dict):
            raise ConfigError(f"{path} : table « years.{key} » invalide ; attendu « years.<année sur 4 chiffres> ».")
        urls: dict[str, str] = {}
        for flow, word in FLOWS.items():
            value = section.get(word)
            if value is None:
                continue
            if not isinstance(value, str) or urlparse(value).scheme not in ("http", "https"):
                raise ConfigError(f"{path} : years.{key}.{word} doit être une URL http(s), pas {value!r}.")
            urls[flow] = value
        unknown = sorted(set(section) - set(FLOWS.values()))
        if unknown:
            raise ConfigError(f"{path} : years.{key} : clé(s) inconnue(s) {', '.join(unknown)} ; attendu export, import.")
        years[int(key)] = urls
    api = raw.get("api")
    if api is not None and not isinstance(api, str):
        raise ConfigError(f"{path} : « api » doit être une URL.")
    return {"years": years, "api": api}


def _configured(year: int, urls: dict[str, str]) -> list[Resource]:
    """Resources given explicitly in the configuration for ``year``."""
    out = []
    for flow, url in urls.items():
        name = _url_name(url)
        filename = name if name.lower().endswith(".zip") else f"regional_{year}_{FLOWS[flow]}.zip"
        out.append(Resource(flow=flow, title=filename, url=url, filename=filename))
    return out


# --------------------------------------------------------------------------- network


def unreachable(url: str, exc: BaseException | str) -> NetworkError:
    """The user-facing error for a network failure, saying what to do instead."""
    host = urlparse(url).netloc or url
    return NetworkError(
        f"le site {host} est injoignable depuis cette machine ({_reason(exc)}). "
        "Les fichiers officiels ne peuvent pas être téléchargés ici. À la place : "
        "`comext data demo` génère les données de démonstration (au format officiel) ; "
        "ou bien récupérez les zips officiels (export et import) sur une machine connectée, "
        "copiez-les dans data/raw/, puis lancez `comext data check data/raw`."
    )


def _reason(exc: BaseException | str) -> str:
    if isinstance(exc, str):
        return exc
    if isinstance(exc, requests.Timeout):
        return "délai d'attente dépassé"
    text = str(exc)
    if "Name or service not known" in text or "getaddrinfo" in text or "NameResolution" in text:
        return "nom de domaine introuvable"
    if "refused" in text.lower():
        return "connexion refusée"
    return "connexion impossible"


def _get(session: Any, url: str, *, stream: bool) -> requests.Response:
    """GET with timeouts; network failures and HTTP errors become :class:`NetworkError`."""
    try:
        response = session.get(url, timeout=TIMEOUT, stream=stream)
    except (requests.exceptions.MissingSchema, requests.exceptions.InvalidSchema, requests.exceptions.InvalidURL) as exc:
        raise ConfigError(f"URL invalide : {url!r} ({exc}).") from None
    except (requests.ConnectionError, requests.Timeout) as exc:
        raise unreachable(url, exc) from None
    if response.status_code >= 400:
        raise NetworkError(
            f"le serveur a répondu « HTTP {response.status_code} » pour {url}. Vérifiez l'URL (ou l'année) ; "
            "sans accès aux fichiers officiels : `comext data demo` pour les données de démonstration, "
            "ou copiez les zips officiels dans data/raw/ puis lancez `comext data check data/raw`."
        )
    return response


def fetch_api(session: Any, url: str | None = None) -> dict[str, Any]:
    """The dataset's API v1 response (JSON)."""
    url = url or api_url()
    response = _get(session, url, stream=False)
    try:
        body = response.json()
    except ValueError:
        raise NetworkError(f"réponse inattendue de {url} : ce n'est pas du JSON.") from None
    if not isinstance(body, dict) or not isinstance(body.get("resources"), list):
        raise NetworkError(f"réponse inattendue de {url} : pas de liste « resources ».")
    return body


# --------------------------------------------------------------------------- archive check


def _is_label(name: str) -> bool:
    stem = PurePosixPath(name).name.lower()
    return stem.startswith("libelle") or stem.startswith("departement_region")


def flow_members(path: Path) -> list[str]:
    """Members of a zip that look like flow files (``.txt`` that are not label files)."""
    with zipfile.ZipFile(path) as archive:
        return [
            n for n in archive.namelist()
            if n.lower().endswith(".txt") and not n.endswith("/") and not _is_label(n)
        ]


def check_archive(path: Path, name: str) -> None:
    """Raise :class:`DataError` unless ``path`` is a readable zip carrying a flow file."""
    try:
        members = flow_members(path)
    except zipfile.BadZipFile:
        raise DataError([Problem(name, None, None, None, "ce n'est pas une archive zip lisible")]) from None
    if not members:
        raise DataError([Problem(name, None, None, None, "l'archive ne contient aucun fichier de flux (.txt hors libellés)")])


def _verify_checksum(resource: Resource, digests: dict[str, Any]) -> None:
    """Compare with the checksum announced by data.gouv.fr, when it is one we can compute."""
    if not resource.checksum or not resource.checksum_type:
        return
    algo = HASHES.get(resource.checksum_type.lower())
    if algo is None:
        return
    got = digests[algo].hexdigest()
    if got.lower() != resource.checksum.lower():
        raise DataError([Problem(
            resource.filename, None, "checksum", got,
            f"somme de contrôle {resource.checksum_type} différente de celle annoncée par data.gouv.fr ({resource.checksum})",
        )])


# --------------------------------------------------------------------------- download


def _stream_to(session: Any, resource: Resource, dest: Path) -> Path:
    """Stream ``resource`` into ``dest`` atomically (temporary file, checks, rename)."""
    response = _get(session, resource.url, stream=True)
    digests = {algo: hashlib.new(algo) for algo in set(HASHES.values())}
    handle = tempfile.NamedTemporaryFile(dir=dest, prefix=f".{resource.filename}.", suffix=".part", delete=False)
    tmp = Path(handle.name)
    try:
        with handle:
            try:
                for chunk in response.iter_content(chunk_size=CHUNK):
                    if chunk:
                        handle.write(chunk)
                        for digest in digests.values():
                            digest.update(chunk)
            except (requests.ConnectionError, requests.Timeout, requests.exceptions.ChunkedEncodingError) as exc:
                raise unreachable(resource.url, exc) from None
        _verify_checksum(resource, digests)
        check_archive(tmp, resource.filename)
        target = dest / resource.filename
        os.replace(tmp, target)
        return target
    finally:
        close = getattr(response, "close", None)
        if callable(close):
            close()
        tmp.unlink(missing_ok=True)


def _cached(dest: Path, prov: provenance.Provenance, resource: Resource) -> bool:
    """True if the file is present with the checksum recorded for the same URL."""
    path = dest / resource.filename
    if not path.is_file():
        return False
    record = next((f for f in prov.files if f.name == resource.filename), None)
    return record is not None and record.url == resource.url and record.sha256 == provenance.sha256_of(path)


def _open_provenance(dest: Path) -> provenance.Provenance:
    """The folder's provenance (a new one if absent); refuses a folder of generated data."""
    prov = provenance.read(dest)
    if prov is None:
        return provenance.Provenance(source="dgddi", dataset=DATASET_NAME, synthetic=False)
    if prov.synthetic or prov.source != "dgddi":
        raise ConfigError(
            f"{dest} contient des données « {prov.source} » (synthétiques : {prov.synthetic}) ; "
            "choisissez un autre dossier (--dest) pour les fichiers officiels."
        )
    return prov


def resources_for(year: int, *, config: Path | None, session: Any, log: Log) -> list[Resource]:
    """The year's resources: explicit URLs from ``config`` first, the API for the rest."""
    settings = load_config(config) if config else {"years": {}, "api": None}
    explicit = _configured(year, settings["years"].get(year, {}))
    if {r.flow for r in explicit} == set(FLOWS):
        log(f"URL explicites de {config} pour {year}.")
        return sorted(explicit, key=lambda r: list(FLOWS).index(r.flow))
    url = settings["api"] or api_url()
    log(f"Résolution des fichiers {year} via l'API data.gouv.fr ({url})…")
    resolved = resolve_resources(year, fetch_api(session, url))
    given = {r.flow: r for r in explicit}
    return [given.get(r.flow, r) for r in resolved]


def download(
    year: int,
    dest: Path,
    *,
    config: Path | None = None,
    log: Log = print,
    session: Any = None,
) -> list[Path]:
    """Download the export and import zips of ``year`` into ``dest``; return their paths.

    Records each file in ``dest/provenance.json`` (URL, SHA-256, size, download date). A file
    already there with its recorded checksum is kept without a new request. Raises
    :class:`NetworkError` (unreachable site), :class:`ConfigError` (unknown year, bad
    configuration) or :class:`DataError` (not a zip, no flow file, wrong checksum).
    """
    dest = Path(dest)
    dest.mkdir(parents=True, exist_ok=True)
    prov = _open_provenance(dest)
    own = session is None
    session = session or requests.Session()
    try:
        resources = resources_for(year, config=config, session=session, log=log)
        paths: list[Path] = []
        for res in resources:
            if _cached(dest, prov, res):
                log(f"{res.filename} : déjà présent (SHA-256 vérifié), pas de nouveau téléchargement.")
                check_archive(dest / res.filename, res.filename)
                paths.append(dest / res.filename)
                continue
            log(f"Téléchargement de {res.url}…")
            path = _stream_to(session, res, dest)
            record = provenance.record_for(path, url=res.url, downloaded=date.today().isoformat(), generated=False)
            prov.upsert(record)
            provenance.write(dest, prov)
            log(f"{res.filename} : {record.size} octets, SHA-256 {record.sha256[:12]}…")
            paths.append(path)
        return paths
    finally:
        if own:
            session.close()

"""Download the official DGDDI annual files (one zip per flow) and record their provenance.

The year's two zips are found by :func:`resources_for`: explicit URLs of the TOML configuration,
else the data.gouv.fr API response (fetched here by :func:`fetch_api`, read by
:mod:`helpers.data.datagouv`).

Download: each zip is streamed into a temporary file of the destination folder, its archive is
checked (it must carry a flow file), then it is renamed into place (atomic). A file already
present with the SHA-256 recorded in ``provenance.json`` (same URL) is not fetched again. The
full reading and validation of the records is :func:`helpers.data.flows.read_source`'s job.
"""

from __future__ import annotations

import hashlib
import os
import tempfile
import zipfile
from collections.abc import Callable
from datetime import date
from pathlib import Path, PurePosixPath
from typing import Any
from urllib.parse import urlparse

import requests

from ..common.errors import ConfigError, DataError, NetworkError, Problem
from . import provenance
from .datagouv import (
    DATASET_NAME,
    FLOWS,
    Resource,
    api_url,
    configured_resources,
    load_config,
    resolve_resources,
)

#: (connect, read) timeouts in seconds for every request.
TIMEOUT: tuple[float, float] = (10.0, 60.0)
#: Size of the chunks written while streaming.
CHUNK = 1 << 16
#: Checksum algorithms of data.gouv.fr that can be verified here (udata ``CHECKSUM_TYPES``).
HASHES = {"sha1": "sha1", "sha2": "sha256", "sha256": "sha256", "md5": "md5"}

Log = Callable[[str], object]


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
    explicit = configured_resources(year, settings["years"].get(year, {}))
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

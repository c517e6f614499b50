"""Which official DGDDI zips to download for a year: the data.gouv.fr dataset and the TOML configuration.

Resolution: the year's two zips (export, import) are found in the resource list of the
data.gouv.fr dataset :data:`DATASET_ID` (API v1, ``GET /api/1/datasets/<id>/``), by their
title or file name ``<YYYYMM>_regional_<YYYY>_export.zip`` / ``…_import.zip``. An optional
TOML file gives explicit URLs that override the API::

    [years.2024]
    export = "https://…/202502_regional_2024_export.zip"
    import = "https://…/202502_regional_2024_import.zip"

Nothing here contacts the network: :func:`resolve_resources` reads an API response that
:func:`helpers.data.download.fetch_api` fetched, and :func:`helpers.data.download.resources_for`
combines both sources. The API address can be changed with the environment variable
:data:`API_ENV` (tests point it at a dead local port; nothing in the tests contacts an outside
address).
"""

from __future__ import annotations

import os
import re
import tomllib
from dataclasses import dataclass
from pathlib import Path, PurePosixPath
from typing import Any
from urllib.parse import unquote, urlparse

from ..common.errors import ConfigError

#: data.gouv.fr id of "Statistiques régionales et départementales du commerce extérieur".
DATASET_ID = "5369a0c7a3a729239d206446"
#: Human-readable name of the dataset, recorded in ``provenance.json``.
DATASET_NAME = f"Statistiques régionales et départementales du commerce extérieur (data.gouv.fr {DATASET_ID})"
#: API v1 endpoint of the dataset.
API_URL = f"https://www.data.gouv.fr/api/1/datasets/{DATASET_ID}/"
#: Environment variable overriding :data:`API_URL` (full URL of the dataset endpoint).
API_ENV = "COMEXT_DATAGOUV_API"
#: Flow code → word used in file names and in the TOML configuration.
FLOWS = {"E": "export", "I": "import"}

# "202502_regional_2024_export.zip", "Regional-2024-export", "regional_2024_import"…
_ANNUAL = re.compile(r"(?:^|[^0-9])(?:(?P<pub>\d{6})[_-])?regional[_-](?P<year>\d{4})[_-](?P<flow>export|import)(?![a-z])", re.I)


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


def configured_resources(year: int, urls: dict[str, str]) -> list[Resource]:
    """Resources given explicitly in the configuration for ``year``."""
    out = []
    for flow, url in urls.items():
        name = _url_name(url)
        filename = name if name.lower().endswith(".zip") else f"regional_{year}_{FLOWS[flow]}.zip"
        out.append(Resource(flow=flow, title=filename, url=url, filename=filename))
    return out

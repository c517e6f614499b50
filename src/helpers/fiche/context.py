"""What one page needs before it renders: its place, year, data folder, cache and provenance.

A page shows one place (:data:`helpers.places.geography.Place`): a département's unit, a région or
France entière; the same template renders all three.

The template notebook calls :func:`load_context` once; the CLI resolves the data folder with
:func:`resolve_data_dir` and passes the cache folder down so that no page re-hashes the inputs.
"""

from __future__ import annotations

import functools
import os
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

import pandas as pd

from ..common import paths
from ..common.errors import ConfigError
from ..data import provenance
from ..places.geography import FRANCE, Place, resolve, resolve_place
from .indicators import FlowTotals, fiche_totals
from .parameters import DEFAULT_LEVEL, LEVELS, OnPlace


@dataclass(frozen=True)
class FicheContext(OnPlace):
    place: Place  # what the page shows: a unit, a région or France entière
    year: int
    data_dir: Path
    cache: Path
    provenance: provenance.Provenance | None
    totals: pd.DataFrame  # year, flow, dep, region, value_eur (euros)
    root: Path  # the book's root (where chart CSVs are written)
    level: str = DEFAULT_LEVEL  # product nomenclature of the charts: "a129" or "cpf4"

    @functools.cached_property
    def totals_blocks(self) -> dict[str, FlowTotals]:
        """The page's export and import totals blocks (:func:`helpers.fiche.indicators.fiche_totals`,
        euros), computed on first use: the text, the key figures and the page check show them."""
        return fiche_totals(self.totals, self.place, self.year)

    @property
    def synthetic(self) -> bool:
        """True unless the provenance file says the inputs are official files."""
        return self.provenance is None or self.provenance.synthetic


def resolve_data_dir(explicit: Path | str | None = None, *, log: Callable[[str], object] = print) -> Path:
    """The folder of official-format files to read.

    ``explicit`` (a CLI ``--data`` or a notebook parameter), else ``$COMEXT_DATA``, else the
    demonstration data in ``data/demo``, generated on first use.
    """
    chosen = explicit or os.environ.get("COMEXT_DATA") or None
    if chosen:
        folder = Path(chosen).expanduser().resolve()
        if not folder.exists():
            raise ConfigError(f"Dossier de données introuvable : {folder}")
        return folder
    from ..data import demo

    folder = paths.demo_dir()
    if not demo.is_current(folder):
        log(f"Génération des données de démonstration dans {folder}…")
        demo.generate(folder)
    return folder


def page_place(dep_code: str = "", region_code: str = "", france: bool = False) -> Place:
    """The place named by the template's parameters: exactly one of the three must be given.

    ``dep_code``: INSEE or DGDDI code of a département; ``region_code``: INSEE code of a région
    of several départements; ``france``: France entière.
    """
    given = [name for name, value in (("dep_code", dep_code), ("region_code", region_code), ("france", france)) if value]
    if len(given) != 1:
        raise ConfigError(
            "Une page porte sur un département (dep_code), une région (region_code) ou la France (france=True), "
            f"et un seul : reçu {', '.join(given) or 'aucun'}."
        )
    if france:
        return FRANCE
    if region_code:
        return resolve_place(f"region-{str(region_code).strip()}")
    return resolve(str(dep_code))


def load_context(dep_code: str = "", year: int = 2024, data_dir: str = "", cache: str = "", level: str = "a129", *,
                 region_code: str = "", france: bool = False) -> FicheContext:
    """Everything a page reads, for its place (see :func:`page_place`) and ``year``.

    ``level`` is the product nomenclature of the charts (``a129`` by default, or ``cpf4``).
    """
    from ..data import store

    if level not in LEVELS:
        raise ConfigError(f"Nomenclature de produits inconnue : {level!r} ; valeurs possibles : {', '.join(LEVELS)}.")
    place = page_place(dep_code, region_code, france)
    folder = resolve_data_dir(data_dir or None)
    cache_path = Path(cache) if cache else store.ensure_cache(folder)
    return FicheContext(
        place=place,
        year=int(year),
        data_dir=folder,
        cache=cache_path,
        provenance=provenance.read(folder),
        totals=store.read_totals(cache_path),
        root=paths.project_root(),
        level=level,
    )

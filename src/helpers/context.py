"""What one page needs before it renders: its unit, year, data folder, cache and provenance.

The template notebook calls :func:`load_context` once; the CLI resolves the data folder with
:func:`resolve_data_dir` and passes the cache folder down so that no page re-hashes the inputs.
"""

from __future__ import annotations

import os
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

import pandas as pd

from . import paths, provenance
from .errors import ConfigError
from .geography import Unit, resolve


@dataclass(frozen=True)
class FicheContext:
    unit: Unit
    year: int
    data_dir: Path
    cache: Path
    provenance: provenance.Provenance | None
    totals: pd.DataFrame  # year, flow, dep, region, value_eur (euros)
    root: Path  # the book's root (where chart CSVs are written)
    level: str = "a129"  # product nomenclature of the charts: "a129" or "cpf4"

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
    from . import demo

    folder = paths.demo_dir()
    if not demo.is_current(folder):
        log(f"Génération des données de démonstration dans {folder}…")
        demo.generate(folder)
    return folder


LEVELS = ("a129", "cpf4")


def load_context(dep_code: str, year: int, data_dir: str = "", cache: str = "", level: str = "a129") -> FicheContext:
    """Everything a fiche reads, for département ``dep_code`` (INSEE or DGDDI code) and ``year``.

    ``level`` is the product nomenclature of the charts (``a129`` by default, or ``cpf4``).
    """
    from . import store

    if level not in LEVELS:
        raise ConfigError(f"Nomenclature de produits inconnue : {level!r} ; valeurs possibles : {', '.join(LEVELS)}.")
    unit = resolve(str(dep_code))
    folder = resolve_data_dir(data_dir or None)
    cache_path = Path(cache) if cache else store.ensure_cache(folder)
    return FicheContext(
        unit=unit,
        year=int(year),
        data_dir=folder,
        cache=cache_path,
        provenance=provenance.read(folder),
        totals=store.read_totals(cache_path),
        root=paths.project_root(),
        level=level,
    )

"""What a build will do, decided before any page runs: which pages (``--only``, fingerprints),
whether their years are in the data, and the reconciliation table (once per cache and code)."""

from __future__ import annotations

import os
from collections.abc import Iterable
from pathlib import Path

import pandas as pd

from ..audit import reconciliation
from ..common.errors import ConfigError
from ..fiche.parameters import PageParameters
from ..places.lookup import find_place
from .execute import PAGES, fingerprint, stored_fingerprint


def select(all_params: list[PageParameters], only: Iterable[str] | None) -> list[PageParameters]:
    """The pages to execute: all, or those listed by code or name (INSEE or DGDDI département
    codes, ``R76`` / ``region-76`` for a région, ``france``, or names: ``herault``, ``Occitanie``;
    see :func:`helpers.places.lookup.find_place`)."""
    if not only:
        return all_params
    wanted = {find_place(code).slug for code in only}
    return [p for p in all_params if p.slug in wanted]


def plan(
    all_params: list[PageParameters], only: Iterable[str] | None, *, force: bool, root: Path, data_dir: Path, cache: Path
) -> tuple[list[PageParameters], list[PageParameters]]:
    """(pages to execute, pages reused as they are).

    With ``only``: the listed pages, the others kept as they are. Otherwise every page whose
    executed notebook does not carry the current inputs' fingerprint (all of them with ``force``).
    """
    if only:
        todo = select(all_params, only)
        return todo, [p for p in all_params if p not in todo]
    if force:
        return list(all_params), []
    todo, reused = [], []
    for p in all_params:
        current = stored_fingerprint(root / PAGES / f"{p.slug}.ipynb") == fingerprint(p, root=root, data_dir=data_dir, cache=cache)
        (reused if current else todo).append(p)
    return todo, reused


def select_or_fail(all_params: list[PageParameters], only: Iterable[str]) -> list[PageParameters]:
    """:func:`select`, refusing a code that has no page in ``parameters/``."""
    chosen = select(all_params, only)
    wanted = {find_place(code).slug for code in only}
    missing = sorted(wanted - {p.slug for p in chosen})
    if missing:
        raise ConfigError(f"--only : pas de fichier de paramètres pour la ou les page(s) {', '.join(missing)} dans parameters/.")
    return chosen


def check_years(pages: list[PageParameters], cache: Path) -> None:
    """Every page's year must be in the data (before any papermill run)."""
    from ..data import store

    years = store.read_manifest(cache)["years"]
    missing = sorted({p.year for p in pages} - set(years))
    if missing:
        raise ConfigError(
            f"Année(s) {', '.join(map(str, missing))} demandée(s) par parameters/ mais absente(s) des données "
            f"(années disponibles : {', '.join(map(str, years)) or 'aucune'})."
        )


def reconcile_once(cache: Path) -> pd.DataFrame:
    """The reconciliation table of ``cache``, computed once per cache and code version.

    The checks depend only on the cache's content (a cache folder never changes: its name is a
    digest of the input files) and on the code and tolerances (``code_digest``): the table is
    stored beside the data (``checks-<code>.parquet``) and read back by the next builds, which
    thus start in well under a second.
    """
    from ..fiche.reproduce import code_digest

    stored = Path(cache) / f"checks-{code_digest()[:16]}.parquet"
    if stored.is_file():
        try:
            return pd.read_parquet(stored)
        except Exception:  # noqa: BLE001 (truncated by a kill: computed again)
            pass
    checks = reconciliation.reconcile(cache, strict=False)
    tmp = stored.with_name(f".{stored.name}.{os.getpid()}")
    checks.to_parquet(tmp, index=False)
    tmp.replace(stored)
    return checks

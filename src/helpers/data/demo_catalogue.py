"""The demonstration generator's catalogue as numpy arrays, and its seeded random streams.

Units (DGDDI codes), products (CPF4) and partners in the sorted orders that every index of the
generator refers to. Randomness comes only from ``numpy.random.default_rng`` seeded with
:data:`SEED` and integer keys (never ``hash()``), so outputs are the same from one run, process
or machine to the next.
"""

from __future__ import annotations

from dataclasses import dataclass
from functools import cache

import numpy as np

from ..places.geography import units
from .demo_partners import partner_labels
from .demo_products import products
from .demo_targets import FLOWS

#: Seed of every random stream of the generator.
SEED = 20_240_611


@dataclass(frozen=True)
class Catalogue:
    """Codes and static matrices, in the sorted orders used for indices."""

    unit_codes: np.ndarray  # (U,) DGDDI unit codes, sorted
    unit_regions: np.ndarray  # (U,) DGDDI région codes
    cpf4: np.ndarray  # (P,) CPF4 codes, sorted
    a129: np.ndarray  # (P,) A129 parent of each product
    product_group: np.ndarray  # (P,) index into groups
    eur_per_kg: np.ndarray  # (P,) euros per kg, NaN when no mass
    groups: tuple[str, ...]
    partners: np.ndarray  # (C,) partner codes, sorted


@cache
def catalogue() -> Catalogue:
    """The catalogue of units, products and partners the generator uses."""
    unit_list = list(units().values())
    prods = products()
    groups = tuple(sorted({p.group for p in prods}))
    return Catalogue(
        unit_codes=np.array([u.dgddi_code for u in unit_list], dtype=object),
        unit_regions=np.array([u.dgddi_region for u in unit_list], dtype=object),
        cpf4=np.array([p.cpf4 for p in prods], dtype=object),
        a129=np.array([p.a129 for p in prods], dtype=object),
        product_group=np.array([groups.index(p.group) for p in prods]),
        eur_per_kg=np.array([p.eur_per_kg if p.eur_per_kg else np.nan for p in prods]),
        groups=groups,
        partners=np.array(list(partner_labels()), dtype=object),
    )


def random_stream(*keys: int) -> np.random.Generator:
    """An independent random stream for ``keys`` (flow, year, purpose…), fixed by :data:`SEED`."""
    return np.random.default_rng([SEED, *keys])


def random_walk(key: int, year: int, reference: int, purpose: int, shape: tuple[int, ...], step: float) -> np.ndarray:
    """Log-scale random walk from ``reference`` (0) to ``year``: one normal step of sd ``step`` for each
    year after ``reference`` up to ``year``, or from ``year + 1`` up to ``reference``.

    A given year's step (stream ``key``, that year, ``purpose``) is the same whichever ``year`` is
    asked, so 2019's walk is 2020's plus one step: what moved from 2023 to 2024 also moved from 2019.
    """
    walk = np.zeros(shape)
    for between in range(year + 1, reference + 1) if year < reference else range(reference + 1, year + 1):
        walk += step * random_stream(key, between, purpose).normal(size=shape)
    return walk


def flow_key(flow: str) -> int:
    """The key of ``flow``'s random streams (1 for exports, 2 for imports)."""
    return FLOWS.index(flow) + 1

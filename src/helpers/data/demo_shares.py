"""The demonstration generator's mixes: product shares of each unit, partner weights of each unit×product.

Product shares (:func:`product_shares`): each unit's total split over products, fixed shares for
its known specialisations (:data:`helpers.data.demo_products.UNIT_ANCHORS`) and a noisy generic mix
over its K first products, K growing with the unit's size. Partner weights
(:func:`pair_partner_weights`): the product group's partner mix (:mod:`helpers.data.demo_partners`)
tilted by région, unit and unit×group, blended with a DROM's own neighbourhood; in a year other
than 2024, tilted by the partner's year profile and a small random walk per partner
(:func:`partner_year_factors`).

Shares and weights are fractions: each row sums to 1.
"""

from __future__ import annotations

from functools import cache

import numpy as np

from .demo_catalogue import catalogue, flow_key, random_stream, random_walk
from .demo_history import PARTNER_PROFILES, shape_index
from .demo_partners import (
    GROUP_BLEND,
    GROUP_PARTNERS,
    PARTNER_WEIGHTS,
    REGION_PARTNER_TILTS,
    TAIL_PARTNER_WEIGHT,
    UNIT_GROUP_PARTNER_TILTS,
    UNIT_PARTNER_SHARE,
    UNIT_PARTNER_TILTS,
    UNIT_PARTNERS,
)
from .demo_products import REGION_PRODUCT_TILTS, UNIT_ANCHORS, products
from .demo_targets import REFERENCE_YEAR

# Shape parameters (see the module docstring).
PRODUCT_NOISE = 0.7  # log-sd of a unit's generic product weights (stable over years)
YEAR_NOISE = 0.15  # log-sd of the year-to-year change of weights
ANCHOR_NOISE = 0.04  # log-sd of anchored shares from year to year
PARTNER_DRIFT = 0.04  # log-sd per year of the random walk of a partner's weight away from 2024
MIN_PRODUCTS = 30  # products of the smallest unit
PRODUCTS_PER_LOG = 7.0  # more products per e-fold of the unit's total beyond 100 M€


def product_shares(year: int, flow: str, totals: np.ndarray) -> np.ndarray:
    """(U, P) share of each product in each unit's total (rows sum to 1)."""
    cat = catalogue()
    prods = products()
    n_units, n_products = len(cat.unit_codes), len(prods)
    key = flow_key(flow)

    anchors = np.zeros((n_units, n_products))
    cpf4_index = {c: j for j, c in enumerate(cat.cpf4)}
    unit_index = {c: i for i, c in enumerate(cat.unit_codes)}
    for unit, by_flow in UNIT_ANCHORS.items():
        for cpf4, share in by_flow.get(flow, {}).items():
            anchors[unit_index[unit], cpf4_index[cpf4]] = share
    anchors *= np.exp(ANCHOR_NOISE * random_stream(key, year, 11).normal(size=anchors.shape))

    tilt = np.ones((n_units, n_products))
    for region, factors in REGION_PRODUCT_TILTS.items():
        rows = cat.unit_regions == region
        for prefix, factor in factors.items():
            cols = np.array([a.startswith(prefix) for a in cat.a129])
            tilt[np.ix_(rows, cols)] *= factor

    base = np.array([p.weight(flow) for p in prods])
    noise = PRODUCT_NOISE * random_stream(key, 0, 1).normal(size=(n_units, n_products))
    noise += YEAR_NOISE * random_stream(key, year, 1).normal(size=(n_units, n_products))
    generic = base * tilt * np.exp(noise)
    generic[anchors > 0] = 0.0

    eligible = (generic > 0).sum(axis=1)
    keep = np.clip(np.rint(MIN_PRODUCTS + PRODUCTS_PER_LOG * np.log(np.maximum(totals, 1) / 1e8)), MIN_PRODUCTS, None)
    keep = np.minimum(keep, eligible).astype(np.int64)
    rank = np.argsort(np.argsort(-generic, axis=1, kind="stable"), axis=1, kind="stable")
    generic[rank >= keep[:, None]] = 0.0

    free_share = 1.0 - anchors.sum(axis=1)
    if np.any(free_share <= 0.05):
        raise ValueError("demo_shares: anchored shares leave no room for the generic mix")
    return anchors + free_share[:, None] * generic / generic.sum(axis=1, keepdims=True)


@cache
def partner_weights(flow: str) -> np.ndarray:
    """(G, C) partner mix of each product group for ``flow`` (rows sum to 1)."""
    cat = catalogue()
    explicit = PARTNER_WEIGHTS[flow]
    tail = TAIL_PARTNER_WEIGHT[flow] * np.exp(random_stream(flow_key(flow), 0, 3).normal(scale=0.9, size=len(cat.partners)))
    base = np.array([explicit.get(c, t) for c, t in zip(cat.partners, tail, strict=True)])
    base /= base.sum()
    rows = []
    for group in cat.groups:
        own = GROUP_PARTNERS.get(group, {}).get(flow)
        if own is None:
            rows.append(base)
            continue
        row = np.array([own.get(c, 0.0) for c in cat.partners])
        rows.append((1 - GROUP_BLEND) * row / row.sum() + GROUP_BLEND * base)
    return np.vstack(rows)


@cache
def unit_partner_tilts() -> np.ndarray:
    """(U, C) factor on partner weights by unit (région neighbours, DROM neighbourhoods…)."""
    cat = catalogue()
    tilt = np.ones((len(cat.unit_codes), len(cat.partners)))
    partner_index = {c: j for j, c in enumerate(cat.partners)}
    for region, factors in REGION_PARTNER_TILTS.items():
        rows = cat.unit_regions == region
        for code, factor in factors.items():
            tilt[rows, partner_index[code]] *= factor
    for unit, factors in UNIT_PARTNER_TILTS.items():
        row = int(np.flatnonzero(cat.unit_codes == unit)[0])
        for code, factor in factors.items():
            tilt[row, partner_index[code]] *= factor
    return tilt


def partner_year_factors(year: int, flow: str) -> np.ndarray:
    """(C,) factor on each partner's weight in ``year`` relative to 2024 (all ones in 2024).

    The partner's profile (:data:`helpers.data.demo_history.PARTNER_PROFILES`: Brexit, China,
    United States, Russia) times a log-scale random walk of sd :data:`PARTNER_DRIFT` per year.
    """
    cat = catalogue()
    factors = np.ones(len(cat.partners))
    if year == REFERENCE_YEAR:
        return factors
    index = shape_index(year)
    for code, by_flow in PARTNER_PROFILES.items():
        if flow in by_flow:
            factors[int(np.flatnonzero(cat.partners == code)[0])] = by_flow[flow][index]
    return factors * np.exp(random_walk(flow_key(flow), year, REFERENCE_YEAR, 23, (len(cat.partners),), PARTNER_DRIFT))


def pair_partner_weights(flow: str, pair_unit: np.ndarray, pair_product: np.ndarray, year: int = REFERENCE_YEAR) -> np.ndarray:
    """(pairs, C) partner weights of each unit×product pair in ``year``, rows summing to 1."""
    cat = catalogue()
    weights = partner_weights(flow)[cat.product_group[pair_product]] * unit_partner_tilts()[pair_unit]
    if year != REFERENCE_YEAR:
        weights *= partner_year_factors(year, flow)[None, :]
    for (unit, group, tilt_flow), factors in UNIT_GROUP_PARTNER_TILTS.items():
        if tilt_flow != flow:
            continue
        rows = (cat.unit_codes[pair_unit] == unit) & (cat.product_group[pair_product] == cat.groups.index(group))
        for code, factor in factors.items():
            weights[rows, int(np.flatnonzero(cat.partners == code)[0])] *= factor
    weights /= weights.sum(axis=1, keepdims=True)
    for unit, by_flow in UNIT_PARTNERS.items():
        own = np.array([by_flow[flow].get(c, 0.0) for c in cat.partners])
        rows = cat.unit_codes[pair_unit] == unit
        weights[rows] = UNIT_PARTNER_SHARE * own / own.sum() + (1 - UNIT_PARTNER_SHARE) * weights[rows]
    return weights

"""Steps 1–2 of the demonstration generator: each unit's total and product mix for a year and flow.

2024 is calibrated exactly: France entière, Occitanie, Aude and Hérault get their published
totals (:mod:`helpers.data.demo_targets`), the other régions share the rest of France in
proportion to their targets, the other units the rest of their région in proportion to their
(jittered) weights; each unit's product mix is :func:`helpers.data.demo_shares.product_shares`.

Another year (:func:`year_mix`) starts from each unit's 2024 total spread over that year's product
mix, then moves each unit×product value by its product group's profile of the year
(:data:`helpers.data.demo_history.GROUP_PROFILES`: aircraft collapse in 2020, energy imports
spike in 2022…), a random walk per unit×product (products enter and leave a unit's top 10) and a
random walk per unit; a unit's total is the sum of its products, so a wine département and an
aerospace one live different years. Finally France's total per flow is rescaled onto the national
shape (:func:`helpers.data.demo_history.national_ratio` times the 2024 regional-file total) and
split exactly over units.
"""

from __future__ import annotations

import numpy as np

from .demo_allocate import allocate
from .demo_catalogue import catalogue, flow_key, random_stream, random_walk
from .demo_history import GROUP_PROFILES, national_ratio, shape_index
from .demo_shares import product_shares
from .demo_targets import FLOWS, FRANCE_TOTAL_2024, REFERENCE_YEAR, REGION_TARGETS_2024, REGION_TOTAL_2024, UNIT_TOTAL_2024, UNIT_WEIGHTS

#: Spread (log scale) of the fixed per-unit jitter applied to the round unit weights.
UNIT_WEIGHT_NOISE = 0.06
#: Log-sd per year of the random walk of a unit×product value away from 2024 (mix changes).
MIX_DRIFT = 0.10
#: Log-sd per year of the random walk of a unit's whole total away from 2024.
UNIT_DRIFT = 0.03


def _reference_totals(flow: str) -> np.ndarray:
    """2024 totals per unit (euros, catalogue order): France, Occitanie, Aude and Hérault exact."""
    cat = catalogue()
    region_codes = sorted(set(cat.unit_regions))
    fixed_regions = {r: v[flow] for r, v in REGION_TOTAL_2024.items()}
    free = [r for r in region_codes if r not in fixed_regions]
    free_totals = allocate(
        np.array([FRANCE_TOTAL_2024[flow] - sum(fixed_regions.values())]),
        np.zeros(len(free), dtype=np.int64),
        np.array([REGION_TARGETS_2024[r][FLOWS.index(flow)] for r in free]),
    )
    region_total = {**fixed_regions, **dict(zip(free, free_totals.tolist(), strict=True))}

    totals = np.zeros(len(cat.unit_codes), dtype=np.int64)
    fixed_units = {u: v[flow] for u, v in UNIT_TOTAL_2024.items()}
    for i, code in enumerate(cat.unit_codes):
        if code in fixed_units:
            totals[i] = fixed_units[code]
    free_idx = np.array([i for i, c in enumerate(cat.unit_codes) if c not in fixed_units])
    free_region = np.array([region_codes.index(r) for r in cat.unit_regions[free_idx]])
    rest = np.array([region_total[r] - totals[cat.unit_regions == r].sum() for r in region_codes], dtype=np.int64)
    weights = np.array([UNIT_WEIGHTS[c][FLOWS.index(flow)] for c in cat.unit_codes[free_idx]])
    # The weights are round figures: a fixed per-unit jitter keeps two units from sharing a total.
    weights = weights * np.exp(UNIT_WEIGHT_NOISE * random_stream(flow_key(flow), 0, 2).normal(size=len(weights)))
    totals[free_idx] = allocate(rest, free_region, weights)
    return totals


def group_profile(year: int, flow: str) -> np.ndarray:
    """(G,) value factor of each product group in ``year`` relative to 2024 (catalogue order of groups).

    A group without a profile follows the national ratio of ``flow``
    (:func:`helpers.data.demo_history.national_ratio`).
    """
    index = shape_index(year)
    default = national_ratio(year, flow)
    return np.array([GROUP_PROFILES.get(g, {}).get(flow, (default,) * (index + 1))[index] for g in catalogue().groups])


def year_mix(year: int, flow: str) -> tuple[np.ndarray, np.ndarray]:
    """Each unit's total (euros, (U,)) and product shares ((U, P), rows summing to 1) for ``year`` and ``flow``.

    2024 is the calibrated reference; another year moves the 2024 totals by product profile, mix
    and unit random walks, then rescales France onto the national shape (module docstring).
    """
    reference = _reference_totals(flow)
    if year == REFERENCE_YEAR:
        return reference, product_shares(year, flow, reference)
    cat = catalogue()
    n_units, n_products = len(cat.unit_codes), len(cat.cpf4)
    values = reference[:, None] * product_shares(year, flow, reference)
    values *= group_profile(year, flow)[cat.product_group][None, :]
    key = flow_key(flow)
    values *= np.exp(random_walk(key, year, REFERENCE_YEAR, 21, (n_units, n_products), MIX_DRIFT))
    values *= np.exp(random_walk(key, year, REFERENCE_YEAR, 22, (n_units, 1), UNIT_DRIFT))
    unit_values = values.sum(axis=1)
    target = round(FRANCE_TOTAL_2024[flow] * national_ratio(year, flow))
    totals = allocate(np.array([target]), np.zeros(n_units, dtype=np.int64), unit_values)
    return np.maximum(totals, 1), values / unit_values[:, None]


def unit_totals(year: int, flow: str) -> np.ndarray:
    """Total per unit (euros, catalogue order) for ``year`` and ``flow`` (``"E"``/``"I"``).

    2024 is calibrated exactly; another year follows :func:`year_mix`.
    """
    return year_mix(year, flow)[0]

"""Step 1 of the demonstration generator: each unit's total for a year and flow, in euros.

2024 is calibrated exactly: France entière, Occitanie, Aude and Hérault get their published
totals (:mod:`helpers.data.demo_targets`), the other régions share the rest of France in
proportion to their targets, the other units the rest of their région in proportion to their
(jittered) weights. Another year is 2024 times a per-unit random drift.
"""

from __future__ import annotations

import numpy as np

from .demo_allocate import allocate
from .demo_catalogue import catalogue, flow_key, random_stream
from .demo_targets import FLOWS, FRANCE_TOTAL_2024, REGION_TARGETS_2024, REGION_TOTAL_2024, UNIT_TOTAL_2024, UNIT_WEIGHTS, YEAR_DRIFT

#: Spread (log scale) of the fixed per-unit jitter applied to the round unit weights.
UNIT_WEIGHT_NOISE = 0.06
#: Calibrated year (exact published totals).
REFERENCE_YEAR = 2024


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


def unit_totals(year: int, flow: str) -> np.ndarray:
    """Total per unit (euros, catalogue order) for ``year`` and ``flow`` (``"E"``/``"I"``).

    2024 is calibrated exactly; another year is 2024 times a per-unit random drift
    (:data:`helpers.data.demo_targets.YEAR_DRIFT`), so its totals differ by a few percent.
    """
    reference = _reference_totals(flow)
    if year == REFERENCE_YEAR:
        return reference
    drift, spread = YEAR_DRIFT[flow]
    gap = REFERENCE_YEAR - year
    noise = random_stream(flow_key(flow), year, 0).normal(size=len(reference))
    factor = np.exp(drift * gap + spread * np.sqrt(abs(gap)) * noise)
    return np.maximum(np.rint(reference * factor), 1).astype(np.int64)

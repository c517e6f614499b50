"""The demonstration economy's years before (and after) 2024: national shape, product and partner profiles.

Static facts :mod:`helpers.data.demo_totals` turns into each unit's total and product mix for a
year other than the calibrated 2024, and :mod:`helpers.data.demo_records` into partner weights.
Nothing here is random; figures are orders of magnitude from ``calibration.md`` (section
« France 2019–2024 ») or plausible guesses from the published story of those years.

Units: :data:`NATIONAL_SHAPE` in **M€** (customs headline basis, FAB/FAB); every profile is a
**factor relative to 2024** (1.0 = as in 2024) on the value of a product group or on the weight of
a partner. Flows are ``"E"`` (exports) and ``"I"`` (imports). A year outside :data:`SHAPE_YEARS`
takes the profile of the nearest year of the table.
"""

from __future__ import annotations

from .demo_targets import FLOWS

#: Years of the tables below, in order; the last one is the calibrated reference year.
SHAPE_YEARS: tuple[int, ...] = (2019, 2020, 2021, 2022, 2023, 2024)

#: France's exports and imports per year, M€, customs headline basis (calibration.md). Only the
#: ratios year / 2024 are used: they are applied to the 2024 regional-file totals.
NATIONAL_SHAPE: dict[str, tuple[float, ...]] = {
    "E": (508_600, 428_100, 500_100, 594_500, 607_100, 598_300),
    "I": (567_500, 493_300, 584_800, 758_100, 706_700, 679_400),
}

#: Product group → flow → value factor per year of :data:`SHAPE_YEARS` (2024 = 1). A group or
#: flow absent follows the national ratio of its flow (the final rescaling then makes France exact).
#: The story: Covid in 2020 (aircraft and cars collapse, pharmaceuticals hold, wine, spirits and
#: luxury dip), the 2021 rebound, the 2022 energy-price spike (gas, electricity, crude, refined
#: products, coal, and grain and metal prices), energy falling back and aerospace recovering in 2023.
GROUP_PROFILES: dict[str, dict[str, tuple[float, ...]]] = {
    "aircraft": {"E": (1.08, 0.56, 0.60, 0.76, 0.93, 1.0), "I": (1.05, 0.60, 0.62, 0.78, 0.94, 1.0)},
    "cars": {"E": (1.02, 0.76, 0.85, 0.92, 1.04, 1.0), "I": (0.95, 0.78, 0.86, 0.95, 1.05, 1.0)},
    "pharma": {"E": (0.80, 0.84, 0.88, 1.00, 0.98, 1.0), "I": (0.78, 0.82, 0.90, 1.00, 0.98, 1.0)},
    "wine": {"E": (0.84, 0.72, 0.96, 1.07, 1.03, 1.0), "I": (0.85, 0.80, 0.92, 1.02, 1.01, 1.0)},
    "luxury": {"E": (0.72, 0.60, 0.82, 0.96, 1.02, 1.0), "I": (0.80, 0.66, 0.85, 0.97, 1.02, 1.0)},
    "cosmetics": {"E": (0.86, 0.72, 0.83, 0.95, 1.03, 1.0), "I": (0.85, 0.76, 0.86, 0.96, 1.02, 1.0)},
    "watches": {"E": (0.85, 0.68, 0.86, 0.97, 1.02, 1.0), "I": (0.85, 0.68, 0.86, 0.97, 1.02, 1.0)},
    "crude": {"E": (0.95, 0.52, 0.85, 1.55, 1.15, 1.0), "I": (0.95, 0.52, 0.85, 1.60, 1.15, 1.0)},
    "refined": {"E": (0.92, 0.55, 0.88, 1.65, 1.18, 1.0), "I": (0.90, 0.55, 0.88, 1.75, 1.20, 1.0)},
    "gas": {"E": (0.70, 0.45, 1.20, 3.00, 1.50, 1.0), "I": (0.70, 0.45, 1.15, 3.30, 1.55, 1.0)},
    "electricity": {"E": (0.55, 0.40, 1.00, 1.10, 0.95, 1.0), "I": (0.35, 0.30, 0.85, 4.50, 1.05, 1.0)},
    "coal": {"E": (0.90, 0.50, 1.00, 2.10, 1.20, 1.0), "I": (0.90, 0.50, 1.00, 2.30, 1.20, 1.0)},
    "cereals": {"E": (0.74, 0.74, 0.95, 1.32, 1.10, 1.0), "I": (0.80, 0.78, 0.95, 1.30, 1.10, 1.0)},
    "steel": {"E": (0.86, 0.70, 1.02, 1.16, 1.05, 1.0), "I": (0.86, 0.70, 1.05, 1.20, 1.05, 1.0)},
    "ore": {"E": (0.86, 0.72, 1.05, 1.15, 1.02, 1.0), "I": (0.86, 0.72, 1.08, 1.20, 1.02, 1.0)},
    "ships": {"E": (0.95, 0.80, 0.88, 0.92, 1.02, 1.0), "I": (0.95, 0.80, 0.88, 0.92, 1.02, 1.0)},
    "electronics": {"E": (0.86, 0.80, 0.92, 1.02, 1.02, 1.0), "I": (0.84, 0.85, 0.96, 1.08, 1.03, 1.0)},
}
#: Product groups whose imports make the energy bill (gas, oil, electricity, coal).
ENERGY_GROUPS: tuple[str, ...] = ("crude", "refined", "gas", "electricity", "coal")

#: Partner → flow → weight factor per year of :data:`SHAPE_YEARS` (2024 = 1), before each
#: partner×product row is normalised again: a tilt of the partner's share, not of France's total.
#: The United Kingdom weighs less after Brexit (2021), China's imports peak in 2020–2022 (masks,
#: then prices), American LNG grows with the 2022 crisis, Russian gas fades after 2022.
PARTNER_PROFILES: dict[str, dict[str, tuple[float, ...]]] = {
    "GB": {"E": (1.16, 1.10, 0.92, 0.95, 0.99, 1.0), "I": (1.22, 1.12, 0.86, 1.02, 1.00, 1.0)},
    "CN": {"E": (0.92, 0.98, 1.10, 1.04, 1.03, 1.0), "I": (0.86, 1.05, 1.08, 1.18, 1.04, 1.0)},
    "US": {"E": (0.92, 0.86, 0.86, 0.98, 1.00, 1.0), "I": (0.92, 0.90, 0.95, 1.25, 1.08, 1.0)},
    "RU": {"E": (3.00, 3.00, 3.00, 1.60, 1.10, 1.0), "I": (2.60, 2.20, 2.60, 2.00, 1.00, 1.0)},
}


def shape_index(year: int) -> int:
    """Position of ``year`` in :data:`SHAPE_YEARS`, clamped to the table's first or last year."""
    return min(max(int(year), SHAPE_YEARS[0]), SHAPE_YEARS[-1]) - SHAPE_YEARS[0]


def national_ratio(year: int, flow: str) -> float:
    """France's total of ``year`` relative to 2024 for ``flow`` (a fraction, headline basis)."""
    shape = NATIONAL_SHAPE[flow]
    return shape[shape_index(year)] / shape[-1]


def check_tables() -> None:
    """Raise ``ValueError`` when a profile does not cover every year or does not end at 1 in 2024."""
    for name, table in (("NATIONAL_SHAPE", {"*": NATIONAL_SHAPE}), ("GROUP_PROFILES", GROUP_PROFILES), ("PARTNER_PROFILES", PARTNER_PROFILES)):
        for key, by_flow in table.items():
            for flow, factors in by_flow.items():
                if flow not in FLOWS or len(factors) != len(SHAPE_YEARS) or (name != "NATIONAL_SHAPE" and factors[-1] != 1.0):
                    raise ValueError(f"demo_history: {name}[{key}][{flow}] must give one factor per year, 1.0 in 2024")

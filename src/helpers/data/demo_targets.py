"""The demonstration economy's totals: exact 2024 reference totals, région and unit targets.

Static facts :mod:`helpers.data.demo_totals` turns into each unit's total. Nothing here is random;
figures are orders of magnitude from ``calibration.md`` (published DGDDI-based figures) or
plausible guesses, except the reference totals of ``fiche.md``, which are exact.

Units: totals in **euros** (integers), weights are relative (written as millions of euros for
readability). Flows are ``"E"`` (exports) and ``"I"`` (imports). Codes are DGDDI's: units
``01``…``9E``, DGDDI régions (Occitanie ``12``).
"""

from __future__ import annotations

FLOWS: tuple[str, str] = ("E", "I")
#: The calibrated year: exact published totals; other years are shaped relative to it.
REFERENCE_YEAR = 2024

# --- Exact 2024 reference totals (fiche.md), euros -------------------------------------------

#: France entière = all 101 units, Monaco included.
FRANCE_TOTAL_2024: dict[str, int] = {"E": 580_354_500_000, "I": 684_776_300_000}
#: DGDDI régions whose 2024 total is published (Occitanie).
REGION_TOTAL_2024: dict[str, dict[str, int]] = {"12": {"E": 49_453_900_000, "I": 37_655_400_000}}
#: Units whose 2024 total is published (Aude, Hérault).
UNIT_TOTAL_2024: dict[str, dict[str, int]] = {
    "11": {"E": 1_966_000_000, "I": 2_211_900_000},
    "34": {"E": 2_674_200_000, "I": 4_818_700_000},
}

# --- Approximate 2024 région totals (M€, calibration.md or plausible), scaled to France ----

#: DGDDI région → (exports, imports) in M€. Occitanie's entry is ignored (exact above); the
#: others are rescaled together so that France comes out exactly.
REGION_TARGETS_2024: dict[str, tuple[float, float]] = {
    "01": (68_000, 82_000),  # Hauts-de-France
    "03": (141_600, 195_000),  # Île-de-France
    "04": (23_000, 23_000),  # Centre-Val de Loire
    "05": (37_500, 47_500),  # Normandie
    "07": (12_300, 13_900),  # Bretagne
    "08": (25_000, 34_000),  # Pays de la Loire
    "09": (30_000, 32_000),  # Nouvelle-Aquitaine
    "12": (49_453.9, 37_655.4),  # Occitanie (exact, see REGION_TOTAL_2024)
    "13": (67_600, 63_400),  # Grand Est
    "16": (16_500, 14_500),  # Bourgogne-Franche-Comté
    "18": (71_300, 80_000),  # Auvergne-Rhône-Alpes
    "21": (34_000, 52_000),  # Provence-Alpes-Côte d'Azur (Monaco included)
    "22": (150, 600),  # Corse
    "24": (1_420, 12_700),  # the five DROM: far more imports than exports
}

#: Unit → (exports, imports) weights within its DGDDI région, in M€ (plausible orders of
#: magnitude; Occitanie's shape follows calibration.md: Haute-Garonne ≈ 61 % of exports…).
UNIT_WEIGHTS: dict[str, tuple[float, float]] = {
    # Hauts-de-France
    "02": (4_500, 3_500), "59": (30_000, 42_000), "60": (10_000, 10_000), "62": (12_000, 14_000), "80": (5_000, 4_500),
    # Île-de-France
    "75": (25_000, 62_000), "77": (10_000, 15_000), "78": (16_000, 18_000), "91": (14_000, 16_000),
    "92": (35_000, 40_000), "93": (12_000, 20_000), "94": (13_000, 16_000), "95": (16_000, 20_000),
    # Centre-Val de Loire
    "18": (2_000, 1_500), "28": (5_000, 5_000), "36": (1_000, 900), "37": (4_000, 4_000), "41": (2_500, 2_500), "45": (8_500, 9_000),
    # Normandie
    "14": (3_000, 3_500), "27": (6_000, 5_500), "50": (1_500, 1_500), "61": (1_000, 900), "76": (26_000, 36_000),
    # Bretagne
    "22": (2_500, 2_500), "29": (3_000, 3_500), "35": (4_700, 5_500), "56": (2_100, 2_400),
    # Pays de la Loire
    "44": (11_000, 16_000), "49": (4_500, 5_000), "53": (2_000, 2_000), "72": (3_000, 4_500), "85": (3_500, 3_500),
    # Nouvelle-Aquitaine
    "16": (5_000, 1_200), "17": (2_500, 2_500), "19": (600, 500), "23": (150, 150), "24": (900, 700), "33": (9_500, 10_000),
    "40": (1_500, 1_800), "47": (1_200, 1_300), "64": (4_000, 4_500), "79": (1_400, 1_500), "86": (1_500, 1_700), "87": (1_300, 1_100),
    # Occitanie (Aude and Hérault are exact; the others share the rest)
    "09": (500, 400), "11": (1_966, 2_211.9), "12": (1_050, 700), "30": (2_950, 3_300), "31": (30_200, 17_500),
    "32": (700, 500), "34": (2_674.2, 4_818.7), "46": (500, 500), "48": (120, 100), "65": (3_200, 1_200),
    "66": (2_770, 3_600), "81": (1_550, 1_300), "82": (1_250, 1_300),
    # Grand Est
    "08": (2_200, 1_800), "10": (2_000, 1_500), "51": (9_000, 4_000), "52": (1_400, 900), "54": (5_000, 5_000),
    "55": (1_500, 1_200), "57": (14_000, 14_000), "67": (15_000, 16_000), "68": (12_000, 12_000), "88": (3_000, 2_500),
    # Bourgogne-Franche-Comté
    "21": (3_000, 3_000), "25": (5_000, 3_500), "39": (1_500, 1_200), "58": (600, 500), "70": (1_200, 1_000),
    "71": (3_200, 3_000), "89": (1_300, 1_500), "90": (1_600, 1_000),
    # Auvergne-Rhône-Alpes
    "01": (6_500, 6_000), "03": (1_500, 1_400), "07": (1_300, 1_200), "15": (250, 200), "26": (3_500, 3_800),
    "38": (12_000, 11_000), "42": (3_500, 4_000), "43": (1_200, 800), "63": (6_500, 4_500), "69": (22_000, 30_000),
    "73": (3_000, 2_500), "74": (7_000, 6_000),
    # Provence-Alpes-Côte d'Azur and Monaco
    "04": (700, 500), "05": (100, 150), "06": (4_000, 4_500), "13": (19_000, 33_000), "83": (3_000, 4_000),
    "84": (3_500, 4_500), "99": (600, 900),
    # Corse
    "20": (150, 600),
    # DROM
    "9A": (250, 3_000), "9B": (400, 3_000), "9C": (300, 1_800), "9D": (450, 4_200), "9E": (20, 700),
}

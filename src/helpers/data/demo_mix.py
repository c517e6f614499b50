"""The shape of the demonstration economy: catalogues, 2024 targets and mixes.

Static facts the generator (:mod:`helpers.data.demo`) turns into records. Nothing here is random;
figures are orders of magnitude from ``calibration.md`` (published DGDDI-based figures) or
plausible guesses, except the reference totals of ``fiche.md``, which are exact.

Units: totals in **euros** (integers), weights are relative (written as millions of euros for
readability), prices in **euros per kilogram**. Flows are ``"E"`` (exports) and ``"I"``
(imports). Codes are DGDDI's: units ``01``…``9E``, DGDDI régions (Occitanie ``12``), CPF4,
A129 and two-letter partner codes.

The product and A129 labels (``resources/demo_products.csv``, ``resources/demo_a129.csv``)
are the project's own French wording; country names come from pycountry's French
translations; the special partner codes are labelled here.
"""

from __future__ import annotations

import csv
import gettext
from dataclasses import dataclass
from functools import cache

import pycountry

from ..common.paths import resources_dir

FLOWS: tuple[str, str] = ("E", "I")

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

#: Year-over-year drift of unit totals for years other than 2024: log change per year back
#: from 2024 (2023 had higher import prices, energy above all) and its per-unit spread.
YEAR_DRIFT: dict[str, tuple[float, float]] = {"E": (0.005, 0.035), "I": (0.04, 0.04)}

# --- Product specialisations --------------------------------------------------------------

#: Unit → flow → {CPF4: exact share of the unit's total}. Expresses the known facts
#: (aircraft in Haute-Garonne, wine in Aude and Hérault, hydrocarbons in the port
#: départements, gas and electricity imports attributed to Paris, clothing in the Aube…).
#: The rest of each unit's total follows the generic mix of ``demo_products.csv``.
UNIT_ANCHORS: dict[str, dict[str, dict[str, float]]] = {
    # Occitanie
    "31": {"E": {"3030": 0.86}, "I": {"3030": 0.55}},
    "65": {"E": {"3030": 0.35, "3020": 0.08}, "I": {"3030": 0.15}},
    "82": {"E": {"3030": 0.12, "0124": 0.10}},
    "81": {"E": {"2120": 0.18, "3030": 0.06}},
    "12": {"E": {"2932": 0.20, "1051": 0.15}},
    "32": {"E": {"1101": 0.30, "0111": 0.20, "3030": 0.08}},
    "11": {"E": {"1102": 0.40, "1101": 0.03, "0111": 0.07}, "I": {"1920": 0.18, "1102": 0.16, "0111": 0.05}},
    "34": {"E": {"1102": 0.26, "2120": 0.07, "2651": 0.06}, "I": {"1920": 0.10, "0113": 0.06, "2120": 0.05}},
    "30": {"E": {"1102": 0.12, "1107": 0.12, "2059": 0.08, "0893": 0.015}, "I": {"0113": 0.06, "2059": 0.06}},
    "66": {"E": {"0113": 0.15, "0124": 0.10, "1102": 0.12}, "I": {"0113": 0.25, "0124": 0.10, "0122": 0.06, "1102": 0.06}},
    "09": {"E": {"3030": 0.20, "2442": 0.10}},
    "46": {"E": {"3030": 0.15, "1051": 0.08}},
    "48": {"E": {"1051": 0.15, "1011": 0.10}},
    # Grand Est
    "10": {"E": {"1413": 0.14, "1414": 0.06, "1439": 0.05, "1102": 0.18}, "I": {"1413": 0.10, "1439": 0.06}},
    "51": {"E": {"1102": 0.45, "0111": 0.08, "1081": 0.06}},
    "57": {"E": {"2910": 0.15, "2932": 0.12}, "I": {"2910": 0.10, "2932": 0.08}},
    "68": {"E": {"2910": 0.20, "2120": 0.08}, "I": {"2910": 0.10, "2932": 0.06}},
    "67": {"E": {"2120": 0.10, "2042": 0.04}},
    "08": {"E": {"2599": 0.15, "2932": 0.08}},
    "88": {"E": {"1610": 0.10, "1712": 0.08}},
    "54": {"E": {"2410": 0.10}},
    "55": {"E": {"1051": 0.10}},
    "52": {"E": {"2599": 0.10, "2573": 0.05}},
    # Nouvelle-Aquitaine
    "33": {"E": {"1102": 0.28, "3030": 0.15}, "I": {"3030": 0.08, "1920": 0.06}},
    "16": {"E": {"1101": 0.60}},
    "17": {"E": {"1101": 0.12, "3030": 0.10, "3020": 0.08}},
    "64": {"E": {"3030": 0.30, "2014": 0.10}, "I": {"3030": 0.15}},
    "40": {"E": {"1610": 0.12, "1012": 0.08}},
    "47": {"E": {"0124": 0.10, "2120": 0.10}},
    "24": {"E": {"1102": 0.10, "2120": 0.06}},
    "19": {"E": {"1011": 0.10}},
    "23": {"E": {"1011": 0.10, "0142": 0.12}},
    "79": {"E": {"1051": 0.10}},
    "86": {"E": {"2932": 0.08}},
    "87": {"E": {"2790": 0.10}},
    # Provence-Alpes-Côte d'Azur, Monaco, Corse
    "13": {"E": {"1920": 0.18, "3030": 0.18, "2014": 0.08, "2016": 0.06}, "I": {"0610": 0.30, "1920": 0.10}},
    "83": {"E": {"3012": 0.12, "3011": 0.10}, "I": {"3012": 0.08}},
    "06": {"E": {"2042": 0.15, "2651": 0.08}},
    "84": {"E": {"1039": 0.10, "1102": 0.10}},
    "04": {"E": {"2042": 0.15, "2014": 0.15}},
    "05": {"E": {"0124": 0.10}},
    "99": {"E": {"2042": 0.15, "3212": 0.10}, "I": {"3012": 0.10, "3212": 0.10}},
    "20": {"E": {"1102": 0.20, "1051": 0.10, "1107": 0.05}, "I": {"1920": 0.25, "2910": 0.08}},
    # Normandie
    "76": {"E": {"1920": 0.25, "2016": 0.08, "2120": 0.06, "0111": 0.08}, "I": {"0610": 0.30, "1920": 0.12}},
    "27": {"E": {"2042": 0.12, "2120": 0.22}, "I": {"2120": 0.12}},
    "14": {"E": {"1051": 0.10, "2910": 0.05}},
    "50": {"E": {"1051": 0.18, "3011": 0.10}},
    "61": {"E": {"2932": 0.08}},
    # Pays de la Loire
    "44": {"E": {"3030": 0.22, "3011": 0.15, "1920": 0.08}, "I": {"0610": 0.30, "1920": 0.06, "3030": 0.08}},
    "85": {"E": {"3012": 0.12}},
    "72": {"E": {"2932": 0.10}},
    "53": {"E": {"1051": 0.20}},
    "49": {"E": {"1102": 0.06, "1089": 0.05}},
    # Bretagne
    "56": {"E": {"3011": 0.15, "1011": 0.08}, "I": {"1091": 0.06, "0300": 0.06}},
    "29": {"E": {"1011": 0.10, "1020": 0.08, "0300": 0.05}, "I": {"0300": 0.08}},
    "22": {"E": {"1012": 0.12, "1011": 0.10}, "I": {"1091": 0.06}},
    "35": {"E": {"2910": 0.12, "1051": 0.08}},
    # Centre-Val de Loire
    "45": {"E": {"2042": 0.22, "2120": 0.12}, "I": {"2120": 0.10, "2042": 0.06}},
    "28": {"E": {"2042": 0.25, "2120": 0.10}, "I": {"2042": 0.08, "2120": 0.08}},
    "37": {"E": {"2120": 0.10, "1102": 0.05}},
    "41": {"E": {"2120": 0.06, "2042": 0.08}},
    "36": {"E": {"1413": 0.05, "2932": 0.08}},
    "18": {"E": {"2120": 0.05}},
    # Île-de-France
    "75": {
        "E": {"1512": 0.25, "3212": 0.12, "2042": 0.10, "9003": 0.03, "1413": 0.06, "3511": 0.04},
        "I": {"0620": 0.30, "3511": 0.05, "1512": 0.05, "3212": 0.04},
    },
    "92": {"E": {"2042": 0.12, "3212": 0.05, "1512": 0.10, "2120": 0.10, "3030": 0.08}, "I": {"2910": 0.12, "2630": 0.08, "2620": 0.08, "2120": 0.08}},
    "91": {"E": {"3030": 0.18, "2651": 0.08, "2611": 0.06}, "I": {"2620": 0.10, "2611": 0.06, "3030": 0.08}},
    "78": {"E": {"2910": 0.30, "3030": 0.10}, "I": {"2910": 0.25}},
    "77": {"E": {"3030": 0.10, "2120": 0.08}, "I": {"2120": 0.06, "2751": 0.05}},
    "93": {"E": {"3030": 0.08, "2042": 0.10}, "I": {"1413": 0.10, "2630": 0.06, "2640": 0.05}},
    "94": {"E": {"2120": 0.12, "1089": 0.05}, "I": {"2120": 0.10, "1039": 0.06, "0113": 0.05}},
    "95": {"E": {"3030": 0.15, "2042": 0.10}, "I": {"3030": 0.10, "2630": 0.06, "1413": 0.08}},
    # Hauts-de-France
    "59": {"E": {"2910": 0.10, "2410": 0.08, "2932": 0.06, "3020": 0.05}, "I": {"2410": 0.08, "2910": 0.08, "1920": 0.04, "0710": 0.04}},
    "62": {"E": {"2910": 0.10, "1039": 0.08, "2313": 0.06}, "I": {"2910": 0.06, "1413": 0.04}},
    "02": {"E": {"1081": 0.12, "2313": 0.05}},
    "80": {"E": {"3030": 0.10, "1039": 0.08}},
    "60": {"E": {"2120": 0.08, "2042": 0.06}},
    # Bourgogne-Franche-Comté
    "25": {"E": {"2910": 0.35, "2652": 0.04}, "I": {"2932": 0.15, "2652": 0.06}},
    "90": {"E": {"2811": 0.45, "3020": 0.15}},
    "21": {"E": {"1102": 0.20, "2120": 0.06}},
    "71": {"E": {"1102": 0.10, "2410": 0.08}},
    "89": {"E": {"1102": 0.20}},
    "39": {"E": {"1051": 0.12, "2229": 0.06}},
    "70": {"E": {"2932": 0.12}},
    "58": {"E": {"2932": 0.08}},
    # Auvergne-Rhône-Alpes
    "69": {"E": {"2120": 0.15, "2014": 0.08, "2910": 0.06}, "I": {"2120": 0.12, "2014": 0.08}},
    "63": {"E": {"2211": 0.40}, "I": {"2017": 0.12}},
    "38": {"E": {"2611": 0.15, "2711": 0.06}, "I": {"2611": 0.10}},
    "74": {"E": {"2599": 0.12, "3230": 0.10}},
    "01": {"E": {"2229": 0.10, "2221": 0.06}},
    "03": {"E": {"0142": 0.12, "2932": 0.08}},
    "15": {"E": {"1051": 0.20, "0142": 0.15}},
    "43": {"E": {"2229": 0.10, "1051": 0.05}},
    "07": {"E": {"2910": 0.15}},
    "26": {"E": {"2059": 0.05}},
    "42": {"E": {"2573": 0.06, "2599": 0.05}},
    "73": {"E": {"2442": 0.12, "1051": 0.06}},
    # DROM: a few export staples; imports of fuel, cars, food and medicines
    "9A": {"E": {"0122": 0.30, "1101": 0.15, "1081": 0.10}, "I": {"1920": 0.20, "2910": 0.08, "1011": 0.05, "2120": 0.05}},
    "9B": {"E": {"0122": 0.30, "1101": 0.20, "1920": 0.15}, "I": {"0610": 0.15, "2910": 0.08, "1011": 0.05, "2120": 0.05}},
    "9C": {"E": {"2441": 0.35, "0300": 0.10}, "I": {"1920": 0.20, "2910": 0.08, "1011": 0.05, "2120": 0.05}},
    "9D": {"E": {"1081": 0.30, "0300": 0.12, "1101": 0.06}, "I": {"1920": 0.20, "2910": 0.08, "1011": 0.05, "2120": 0.05}},
    "9E": {"E": {"0300": 0.15, "0128": 0.15}, "I": {"1920": 0.20, "2910": 0.08, "1011": 0.08, "2120": 0.05}},
}

#: DGDDI région → {A129 prefix: factor} on the generic product mix (both flows).
REGION_PRODUCT_TILTS: dict[str, dict[str, float]] = {
    "03": {"A0": 0.2, "C10": 0.5, "C15": 1.5, "C20B": 1.5, "C21": 1.3, "C26": 1.5, "C32A": 1.5},
    "07": {"A0": 2.0, "C10": 2.5},
    "08": {"A0": 1.5, "C10": 2.0, "C28": 1.3},
    "05": {"A0": 1.5, "C10": 1.5, "C20": 1.4},
    "18": {"C22": 1.4, "C25": 1.5, "C27": 1.4, "C28": 1.4, "C20": 1.3},
    "13": {"C24": 1.5, "C29": 1.3, "C17": 1.4, "C16": 1.4},
    "01": {"C24": 1.5, "C29": 1.3, "C10": 1.3},
    "09": {"A0": 1.5, "C10": 1.3, "C16": 1.5},
    "12": {"A0": 1.6, "C10": 1.3, "C11": 1.3},
    "16": {"C25": 1.5, "C28": 1.3, "C10E": 1.5},
    "24": {"A0": 2.0, "C10": 2.0, "C26": 0.4, "C28": 0.4, "C20A": 0.3},
    "22": {"A0": 2.0, "C10": 2.0, "C26": 0.3, "C20A": 0.2},
}

# --- Partner mixes ------------------------------------------------------------------------

#: Special partner codes (not countries) and their French labels, written by the project.
SPECIAL_PARTNERS: dict[str, str] = {
    "QP": "Haute mer (hors eaux territoriales)",
    "QQ": "Corrections automatiques",
    "QR": "Avitaillement et soutage de navires et d'aéronefs (échanges avec l'UE)",
    "QS": "Avitaillement et soutage de navires et d'aéronefs (échanges hors UE)",
    "QU": "Pays et territoires non précisés",
    "XC": "Ceuta",
    "XL": "Melilla",
    "XK": "Kosovo",
}
#: Earlier labels of some codes: (code, label, start YYYYMM, end YYYYMM). The current label
#: of these codes then starts the month after; this exercises the choice of the label valid
#: for the data's year.
HISTORICAL_PARTNER_LABELS: tuple[tuple[str, str, str, str], ...] = (
    ("QU", "Pays non déterminés (ancienne codification)", "190001", "201112"),
    ("XK", "Yougoslavie (ancien code, 1992)", "199201", "199212"),
    ("CZ", "République tchèque", "199301", "202012"),
    ("MK", "Macédoine (ex-République yougoslave de)", "199301", "201902"),
)
#: Start of validity of codes created after 1900 (YYYYMM); others are valid from 190001.
PARTNER_STARTS: dict[str, str] = {
    "QU": "201201", "XK": "200803", "CZ": "202101", "MK": "201903", "QP": "201301",
    "SS": "201107", "ME": "200607", "RS": "200607", "CW": "201101", "SX": "201101",
    "BQ": "201101", "BL": "201301", "MF": "201401", "TL": "200205", "XC": "199901", "XL": "199901",
}
#: ISO codes that are not foreign partners for French customs (France, its DROM, Monaco).
NOT_PARTNERS: frozenset[str] = frozenset({"FR", "GP", "MQ", "GF", "RE", "YT", "MC"})

#: Generic partner weights, M€ (France 2024 top 10 from calibration.md, then plausible).
PARTNER_WEIGHTS: dict[str, dict[str, float]] = {
    "E": {
        "DE": 77_964, "US": 48_622, "IT": 48_095, "BE": 45_317, "ES": 43_919, "GB": 37_773, "CN": 24_277,
        "NL": 23_116, "CH": 17_000, "PL": 15_124, "JP": 8_000, "SG": 7_000, "AE": 6_500, "HK": 6_000,
        "KR": 6_000, "PT": 6_000, "MA": 6_000, "TR": 5_500, "SE": 5_500, "AT": 5_000, "IN": 5_000,
        "CA": 5_000, "CZ": 4_500, "IE": 4_000, "DZ": 4_000, "SA": 3_500, "DK": 3_500, "RO": 3_500,
        "HU": 3_500, "BR": 3_500, "GR": 3_000, "LU": 3_000, "MX": 3_000, "AU": 3_000, "TN": 2_500,
        "TW": 2_500, "QA": 2_000, "NO": 2_000, "SK": 1_800, "TH": 1_800, "IL": 1_500, "FI": 1_500,
        "CI": 1_500, "EG": 1_500, "ZA": 1_500, "MY": 1_500, "UA": 1_500, "SN": 1_200, "VN": 1_200,
        "ID": 1_200, "BG": 1_200, "NC": 1_200, "SI": 1_000, "HR": 1_000, "KZ": 1_000, "PF": 800,
        "LT": 800, "CL": 800, "CO": 800, "AR": 700, "AD": 600, "CM": 600, "KW": 600, "PH": 600,
        "QU": 1_500, "QS": 1_200, "QR": 800, "QQ": 100, "QP": 30, "XC": 40, "XL": 30, "XK": 15,
    },
    "I": {
        "DE": 100_000, "CN": 70_584, "US": 62_000, "BE": 66_000, "IT": 52_000, "ES": 47_139, "NL": 31_000,
        "GB": 32_000, "CH": 15_000, "PL": 20_000, "IE": 12_000, "IN": 9_000, "NO": 9_000, "JP": 8_000,
        "TR": 8_000, "PT": 8_000, "CZ": 8_000, "MA": 8_000, "VN": 7_000, "KR": 6_000, "SE": 6_000,
        "AT": 6_000, "TN": 5_500, "DZ": 5_000, "RO": 5_000, "SK": 5_000, "HU": 5_000, "KZ": 4_000,
        "TW": 4_000, "BD": 4_000, "DK": 4_000, "NG": 3_500, "SA": 3_500, "TH": 3_500, "BR": 3_500,
        "LY": 3_000, "AE": 3_000, "MY": 3_000, "CA": 3_000, "QA": 2_500, "RU": 2_500, "FI": 2_500,
        "SG": 2_500, "ID": 2_000, "LU": 2_000, "SI": 1_500, "BG": 1_500, "GR": 1_200, "IL": 1_200,
        "ZA": 1_500, "PK": 1_200, "KH": 1_000, "UA": 1_200, "MX": 1_200, "AU": 1_000, "CL": 900,
        "AR": 900, "CI": 1_200, "EG": 800, "LT": 800, "EE": 500, "HR": 500, "LK": 500, "MM": 400,
        "QU": 1_000, "QP": 200, "QQ": 100, "QR": 50, "QS": 50, "XC": 5, "XL": 5, "XK": 10,
    },
}
#: Median weight (M€) of a partner not listed above; each gets a fixed random factor.
TAIL_PARTNER_WEIGHT: dict[str, float] = {"E": 200.0, "I": 120.0}

#: Product group → flow → partner weights replacing the generic mix (blended with a small
#: share of it, :data:`GROUP_BLEND`). A flow absent means the generic mix.
GROUP_PARTNERS: dict[str, dict[str, dict[str, float]]] = {
    "crude": {
        "I": {"NO": 14, "US": 16, "KZ": 14, "LY": 10, "NG": 12, "SA": 8, "DZ": 8, "IQ": 6, "AZ": 5, "GB": 4, "AO": 3, "GY": 2},
        "E": {"NL": 30, "ES": 20, "DE": 20, "IT": 15, "BE": 15},
    },
    "gas": {
        "I": {"NO": 45, "US": 20, "RU": 12, "QA": 6, "DZ": 6, "NL": 4, "BE": 4, "NG": 3},
        "E": {"BE": 30, "DE": 20, "CH": 20, "IT": 15, "ES": 15},
    },
    "electricity": {
        "I": {"ES": 30, "DE": 20, "CH": 15, "BE": 15, "GB": 10, "IT": 10},
        "E": {"IT": 22, "CH": 20, "GB": 18, "BE": 16, "DE": 14, "ES": 10},
    },
    "refined": {
        "I": {"US": 14, "BE": 12, "NL": 12, "IN": 8, "SA": 10, "AE": 6, "KR": 4, "ES": 6, "GB": 5, "DE": 4, "IT": 4, "NO": 3, "KW": 3, "SG": 2},
        "E": {"BE": 12, "ES": 10, "NL": 10, "GB": 10, "CH": 8, "DE": 8, "IT": 6, "US": 6, "QS": 8, "QR": 6, "MA": 3, "SN": 3, "CI": 2},
    },
    "coal": {"I": {"AU": 30, "US": 25, "CO": 12, "ZA": 10, "RU": 8, "CA": 6, "PL": 3}},
    "ore": {"I": {"BR": 25, "CA": 20, "AU": 10, "SE": 10, "GN": 6, "ZA": 6, "MR": 6, "NC": 8, "CL": 5}},
    "wine": {
        "E": {"US": 14, "GB": 12, "DE": 9, "BE": 7, "CN": 5, "JP": 5, "CH": 5, "CA": 4, "SG": 3, "NL": 4, "HK": 2, "IT": 3, "SE": 2, "DK": 2},
        "I": {"ES": 35, "IT": 25, "GB": 18, "PT": 8, "DE": 3, "US": 3, "CL": 3, "AR": 2, "ZA": 2, "AU": 2},
    },
    "aircraft": {
        "E": {"CN": 18, "DE": 11, "US": 7, "IN": 10, "GB": 6, "AE": 5, "SG": 4, "QA": 3, "TR": 4, "IE": 4, "JP": 3,
              "SA": 3, "KR": 2, "ES": 3, "IT": 2, "BR": 2, "TH": 2, "VN": 2, "MY": 2, "PH": 2, "MX": 2, "CA": 2, "CH": 1},
        "I": {"US": 30, "DE": 25, "GB": 15, "ES": 8, "CA": 5, "IT": 4, "IE": 3, "CN": 2, "SG": 2, "CH": 2},
    },
    "cars": {
        "E": {"DE": 18, "BE": 12, "ES": 12, "IT": 12, "GB": 10, "TR": 4, "NL": 4, "CH": 4, "PL": 3, "MA": 3, "DZ": 3, "US": 3},
        "I": {"DE": 22, "ES": 20, "BE": 8, "SK": 7, "CZ": 6, "IT": 6, "CN": 8, "TR": 5, "MA": 6, "JP": 4, "RO": 5,
              "SI": 2, "PT": 3, "PL": 3, "KR": 3, "HU": 2, "GB": 2},
    },
    "clothing": {
        "E": {"IT": 12, "DE": 10, "ES": 10, "BE": 10, "CH": 8, "GB": 8, "US": 8, "HK": 4, "JP": 4, "CN": 6, "KR": 4, "AE": 3, "NL": 4, "PL": 2},
        "I": {"CN": 25, "BD": 12, "IT": 10, "TR": 7, "IN": 6, "MA": 6, "TN": 5, "VN": 5, "ES": 5, "PK": 3, "KH": 3,
              "MM": 2, "BE": 3, "DE": 3, "NL": 3, "PT": 3, "LK": 1},
    },
    "luxury": {
        "E": {"US": 12, "CH": 6, "CN": 6, "HK": 8, "JP": 8, "KR": 6, "SG": 5, "GB": 5, "AE": 5, "IT": 6, "DE": 6, "ES": 3},
        "I": {"IT": 40, "CH": 5, "CN": 10, "ES": 6, "IN": 4, "VN": 4, "TN": 3, "RO": 3, "PT": 3, "BE": 3},
    },
    "cosmetics": {
        "E": {"US": 14, "DE": 10, "GB": 7, "CN": 7, "BE": 5, "IT": 5, "ES": 5, "AE": 5, "HK": 4, "SG": 4, "CH": 3,
              "JP": 3, "NL": 3, "KR": 3, "PL": 2, "SA": 2, "CA": 2},
        "I": {"DE": 15, "IT": 15, "ES": 10, "BE": 10, "US": 8, "GB": 6, "NL": 6, "PL": 5, "CN": 5, "CH": 3, "KR": 3},
    },
    "pharma": {
        "E": {"US": 13, "BE": 12, "DE": 12, "IT": 8, "CH": 4, "GB": 6, "CN": 5, "ES": 5, "NL": 3, "JP": 3, "DZ": 2, "CA": 2},
        "I": {"US": 14, "DE": 14, "CH": 9, "BE": 12, "IE": 12, "IT": 8, "NL": 5, "GB": 5, "ES": 4, "IN": 3, "DK": 3,
              "SE": 2, "CN": 2, "AT": 2},
    },
    "electronics": {
        "I": {"CN": 40, "VN": 8, "DE": 8, "US": 6, "NL": 6, "TW": 5, "KR": 4, "MY": 4, "TH": 3, "JP": 3, "CZ": 2,
              "IT": 2, "IE": 2, "MX": 1, "SG": 2},
    },
    "fruitveg": {
        "I": {"ES": 40, "MA": 15, "IT": 8, "NL": 8, "BE": 7, "PT": 3, "ZA": 3, "CL": 2, "PE": 3, "TR": 3, "IL": 1, "SN": 2},
    },
    "tropical": {
        "I": {"CI": 15, "CM": 8, "EC": 8, "CO": 8, "CR": 8, "DO": 6, "ES": 10, "NL": 10, "BR": 6, "PE": 6, "ZA": 4, "KE": 4, "IL": 2},
    },
    "fish": {
        "I": {"NO": 25, "GB": 10, "ES": 8, "NL": 8, "DK": 6, "EC": 3, "VN": 3, "MA": 4, "CL": 3, "IN": 3, "SC": 2,
              "TH": 3, "CN": 3, "IE": 3, "QP": 2},
        "E": {"ES": 25, "IT": 20, "BE": 8, "DE": 5, "PT": 5, "NL": 4, "CH": 4, "GB": 4, "QP": 1},
    },
    "meat": {
        "E": {"IT": 20, "DE": 12, "BE": 10, "ES": 8, "GR": 6, "NL": 6, "GB": 5, "CH": 3, "PT": 3, "JP": 2, "CN": 2,
              "HK": 2, "PH": 1, "BJ": 1, "GH": 1},
        "I": {"ES": 18, "BE": 15, "DE": 14, "NL": 14, "PL": 10, "IE": 8, "IT": 6, "BR": 3, "GB": 2},
    },
    "cattle": {
        "E": {"IT": 65, "ES": 25, "DZ": 3, "DE": 2, "BE": 2, "GR": 2, "TR": 1},
        "I": {"BE": 30, "DE": 20, "ES": 10, "NL": 10, "IT": 10, "IE": 10},
    },
    "dairy": {
        "E": {"BE": 12, "DE": 10, "ES": 10, "IT": 10, "GB": 8, "NL": 6, "CN": 5, "US": 4, "DZ": 4, "CH": 3, "SA": 3, "JP": 2},
        "I": {"DE": 20, "BE": 15, "NL": 15, "IT": 12, "ES": 8, "IE": 8, "DK": 5, "GB": 3, "CH": 3},
    },
    "cereals": {
        "E": {"BE": 12, "NL": 10, "IT": 10, "ES": 8, "DE": 6, "DZ": 8, "MA": 8, "CN": 6, "EG": 5, "SN": 2, "GB": 5,
              "PT": 3, "CI": 2, "SA": 3, "CM": 2, "TN": 2},
        "I": {"UA": 15, "ES": 8, "DE": 10, "BE": 8, "CA": 6, "RO": 8, "BR": 8, "AR": 5, "HU": 4, "BG": 4, "US": 3},
    },
    "gold": {
        "E": {"CH": 20, "GB": 12, "HK": 8, "AE": 8, "IN": 6, "US": 6, "DE": 6, "IT": 5, "BE": 4},
        "I": {"CH": 25, "GB": 10, "IT": 8, "DE": 6, "AE": 5, "US": 5, "BE": 5, "ZA": 3, "HK": 3},
    },
    "watches": {
        "E": {"CH": 30, "HK": 10, "US": 10, "SG": 6, "JP": 6, "CN": 6, "GB": 5, "AE": 5, "DE": 4, "IT": 4},
        "I": {"CH": 70, "CN": 8, "HK": 5, "DE": 3, "IT": 3, "JP": 3},
    },
    "ships": {
        "E": {"US": 20, "IT": 12, "GB": 8, "MT": 6, "PA": 6, "NL": 5, "BS": 5, "GR": 4, "ES": 5, "DE": 5, "AE": 4,
              "LR": 4, "KY": 3, "VG": 3, "HR": 3},
        "I": {"IT": 20, "DE": 10, "NL": 10, "PL": 8, "ES": 6, "FI": 5, "TR": 5, "HR": 3, "NO": 5, "CN": 4, "US": 4, "GB": 4},
    },
    "steel": {
        "I": {"DE": 18, "BE": 12, "IT": 10, "ES": 8, "NL": 5, "TR": 5, "IN": 4, "KR": 4, "CN": 6, "AT": 4, "SE": 4,
              "FI": 3, "PL": 4, "CZ": 3},
    },
    "waste": {"E": {"BE": 20, "ES": 15, "DE": 15, "IT": 10, "NL": 8, "IN": 6, "TR": 6, "PK": 3, "CN": 3, "MA": 3, "LU": 2}},
}
#: Share of the generic partner mix kept under a group's own partners (re-exports, small
#: traders…), so that no product is limited to a handful of countries.
GROUP_BLEND: float = 0.15

#: DGDDI région → {partner: factor} on every product's partner mix (neighbours weigh more).
REGION_PARTNER_TILTS: dict[str, dict[str, float]] = {
    "01": {"BE": 1.8, "NL": 1.3, "GB": 1.2},
    "13": {"DE": 2.0, "BE": 1.2, "LU": 4.0, "CH": 1.5},
    "18": {"IT": 1.6, "CH": 1.6},
    "16": {"CH": 2.0, "DE": 1.3},
    "21": {"IT": 1.8, "DZ": 1.8, "TN": 1.8, "MA": 1.3},
    "12": {"ES": 2.5, "IN": 1.2, "MA": 1.3},
    "09": {"ES": 1.8, "PT": 1.5},
    "07": {"GB": 1.4, "ES": 1.3, "IT": 1.2},
    "08": {"GB": 1.2, "ES": 1.2},
    "05": {"GB": 1.2, "US": 1.5, "NL": 1.2},
    "03": {"US": 1.25, "HK": 1.2, "AE": 1.3, "KR": 1.1},
    "22": {"IT": 3.0, "ES": 1.2},
}

#: Unit → {partner: factor} for units whose partners lean differently from their région's.
UNIT_PARTNER_TILTS: dict[str, dict[str, float]] = {
    "99": {"IT": 2.0, "CH": 2.0, "US": 1.5, "AE": 2.0},
    "66": {"ES": 2.5, "MA": 2.5},
}

#: Unit → flow → own partner mix (relative weights) for the DROM, which trade with their
#: neighbourhood (Caribbean, South America, Indian Ocean) as well as with Europe and Asia.
#: It makes :data:`UNIT_PARTNER_SHARE` of each product's partner weights, the product's
#: usual partners the rest.
UNIT_PARTNERS: dict[str, dict[str, dict[str, float]]] = {
    "9A": {
        "E": {"US": 15, "GB": 8, "DE": 8, "BE": 8, "IT": 6, "ES": 6, "LC": 8, "DM": 7, "AG": 6, "BB": 5, "TT": 5,
              "SX": 5, "CW": 4, "CA": 4, "DO": 4, "KN": 3},
        "I": {"US": 15, "TT": 12, "DE": 8, "CN": 8, "IT": 6, "ES": 6, "BE": 5, "NL": 5, "DO": 5, "CO": 4, "BR": 3,
              "CA": 3, "GB": 3, "JP": 2, "PR": 3, "CW": 3},
    },
    "9B": {
        "E": {"US": 14, "GB": 8, "DE": 8, "BE": 8, "IT": 6, "ES": 6, "LC": 10, "DM": 6, "BB": 6, "AG": 4, "TT": 6,
              "CW": 4, "CA": 4, "VC": 3, "DO": 3},
        "I": {"US": 14, "TT": 10, "DE": 8, "CN": 8, "IT": 6, "ES": 6, "BE": 5, "NL": 5, "DO": 4, "CO": 4, "NO": 6,
              "BR": 3, "CA": 3, "GB": 3, "PR": 2, "LC": 2},
    },
    "9C": {
        "E": {"CH": 35, "BR": 10, "SR": 10, "US": 8, "DE": 5, "IT": 4, "ES": 4, "NL": 4, "BE": 4, "TT": 3, "GY": 3, "JP": 3},
        "I": {"TT": 15, "BR": 12, "US": 10, "CN": 10, "SR": 8, "DE": 6, "IT": 5, "ES": 5, "NL": 4, "BE": 4, "CA": 3, "GY": 2},
    },
    "9D": {
        "E": {"MU": 20, "MG": 15, "SC": 8, "IN": 6, "KM": 5, "ZA": 5, "CN": 5, "JP": 4, "DE": 5, "ES": 4, "IT": 4,
              "BE": 4, "US": 4, "AU": 3, "SG": 3, "HK": 3},
        "I": {"CN": 20, "SG": 12, "ZA": 8, "DE": 8, "IT": 6, "ES": 6, "MU": 6, "IN": 6, "BE": 5, "TH": 5, "AE": 4,
              "US": 3, "AU": 3, "KR": 3, "MG": 3, "NZ": 2},
    },
    "9E": {
        "E": {"KM": 40, "MG": 30, "MU": 10, "ZA": 5, "TZ": 4, "IN": 3, "AE": 3, "KE": 3},
        "I": {"CN": 15, "MG": 10, "ZA": 10, "IN": 10, "KM": 8, "TR": 8, "AE": 8, "TH": 6, "BR": 6, "MU": 5, "TZ": 5,
              "KE": 4, "DE": 4, "ES": 3, "BE": 3},
    },
}
UNIT_PARTNER_SHARE: float = 0.6

#: (unit, product group, flow) → {partner: factor}: Languedoc-Roussillon wine goes first to
#: Germany (calibration.md).
UNIT_GROUP_PARTNER_TILTS: dict[tuple[str, str, str], dict[str, float]] = {
    (unit, "wine", "E"): {"DE": 4.0, "BE": 1.8, "NL": 1.8, "CN": 1.5, "US": 0.6, "GB": 0.8}
    for unit in ("11", "30", "34", "66")
}

#: Product group → relative weight of quarters 1–4 (seasonality).
SEASONS: dict[str, tuple[float, float, float, float]] = {
    "wine": (0.9, 0.95, 0.95, 1.3),
    "gas": (1.4, 0.75, 0.6, 1.25),
    "electricity": (1.3, 0.8, 0.7, 1.2),
    "fruitveg": (0.8, 1.3, 1.2, 0.7),
    "luxury": (0.9, 1.0, 0.95, 1.15),
    "cosmetics": (0.95, 1.0, 1.0, 1.05),
}


# --- Catalogues -----------------------------------------------------------------------------


@dataclass(frozen=True)
class Product:
    """One CPF4 product of the demonstration catalogue.

    ``export_weight``/``import_weight``: weight in the generic mix (M€-like scale);
    ``eur_per_kg``: typical unit value in euros per kg, ``None`` when no mass is declared.
    """

    cpf4: str
    a129: str
    label: str
    export_weight: float
    import_weight: float
    eur_per_kg: float | None
    group: str

    def weight(self, flow: str) -> float:
        return self.export_weight if flow == "E" else self.import_weight


@cache
def products() -> tuple[Product, ...]:
    """The CPF4 catalogue, sorted by code."""
    with (resources_dir() / "demo_products.csv").open(encoding="utf-8", newline="") as handle:
        rows = [
            Product(
                r["cpf4"], r["a129"], r["label"], float(r["export_weight"]), float(r["import_weight"]),
                float(r["eur_per_kg"]) if r["eur_per_kg"] else None, r["group"],
            )
            for r in csv.DictReader(handle)
        ]
    return tuple(sorted(rows, key=lambda p: p.cpf4))


@cache
def a129_labels() -> dict[str, str]:
    """French labels of the A129 codes the catalogue uses, by code."""
    with (resources_dir() / "demo_a129.csv").open(encoding="utf-8", newline="") as handle:
        return {r["a129"]: r["label"] for r in csv.DictReader(handle)}


@cache
def partner_labels() -> dict[str, str]:
    """Current French label of every partner code the generator may use, sorted by code.

    Countries: ISO 3166 codes from pycountry (minus France, its DROM and Monaco), named by
    pycountry's French translation (common name when there is one); plus the special codes.
    """
    french = gettext.translation("iso3166-1", pycountry.LOCALES_DIR, languages=["fr"])
    labels = {
        c.alpha_2: french.gettext(getattr(c, "common_name", None) or c.name)
        for c in pycountry.countries
        if c.alpha_2 not in NOT_PARTNERS
    }
    labels.update(SPECIAL_PARTNERS)
    return dict(sorted(labels.items()))

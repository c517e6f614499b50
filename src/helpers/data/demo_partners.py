"""The demonstration economy's partners: codes and labels, generic and per-product mixes, tilts.

Static facts the generator turns into partner weights (:mod:`helpers.data.demo_shares`) and
into the country label file (:mod:`helpers.data.demo_labels`). Nothing here is random; weights
are France's 2024 top 10 from ``calibration.md``, then plausible guesses.

Units: weights are relative (written as millions of euros for readability), factors multiply
weights, validity dates are YYYYMM. Flows are ``"E"`` (exports) and ``"I"`` (imports). Codes
are DGDDI's: units ``01``…``9E``, DGDDI régions and two-letter partner codes.

Country names come from pycountry's French translations; the special partner codes are
labelled here.
"""

from __future__ import annotations

import gettext
from functools import cache

import pycountry

# --- Partner codes and labels -------------------------------------------------------------

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

# --- Partner mixes ------------------------------------------------------------------------

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


# --- Labels -------------------------------------------------------------------------------


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

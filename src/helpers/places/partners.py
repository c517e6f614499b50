"""Partner codes: which are real countries, the European Union (EU27, 2020 composition), the United States.

DGDDI's partner field holds ISO 3166-1 alpha-2 codes plus codes that are not countries, or that its
grouping treats apart (``../shared/spec/data.md``, ``Libelle_PAYS.txt``): high seas (QP), automatic
corrections (QQ), ship and aircraft supplies (QR, QS, QT), undetermined countries (QU, QV, QW, QY,
QZ), Ceuta (XC), Melilla (XL) and Kosovo (XK). The charts never name them (they go to « autres »,
:mod:`helpers.charts.ranking`); the exposure indicators (:mod:`helpers.fiche.exposure`) leave them
out of every share's denominator and of the concentration indices. The same set serves both.
"""

from __future__ import annotations

import re

import pandas as pd

#: Partner codes that are not countries, or that DGDDI's grouping treats apart: high seas (QP),
#: automatic corrections (QQ), ship and aircraft supplies (QR, QS, QT), undetermined countries
#: (QU, QV, QW, QY, QZ), Ceuta (XC), Melilla (XL) and Kosovo (XK).
SPECIAL_PARTNER_CODES: frozenset[str] = frozenset(
    {"QP", "QQ", "QR", "QS", "QT", "QU", "QV", "QW", "QY", "QZ", "XC", "XL", "XK"}
)

#: Words of a partner label that mark a code as "not a country" (case- and accent-insensitive
#: match on the label as published or as written by the project).
_NOT_A_COUNTRY = re.compile(
    r"non d[ée]termin|non pr[ée]cis|ind[ée]termin|\bNDA\b|avitaillement|soutage|haute mer|"
    r"autocorrection|corrections? automatique|secret",
    re.IGNORECASE,
)

#: The 27 member states of the European Union in its composition since 1 February 2020 (without the
#: United Kingdom), as ISO 3166-1 alpha-2 codes (Greece is ``GR`` in DGDDI's files, not Eurostat's
#: ``EL``). The same set is used for every year, so that a change over the years is never a change
#: of composition.
EU27_2020: frozenset[str] = frozenset(
    {"AT", "BE", "BG", "CY", "CZ", "DE", "DK", "EE", "ES", "FI", "FR", "GR", "HR", "HU", "IE", "IT", "LT",
     "LU", "LV", "MT", "NL", "PL", "PT", "RO", "SE", "SI", "SK"}
)

#: ISO code of the United States (Puerto Rico, ``PR``, and the other territories have codes of their own).
UNITED_STATES = "US"


def special_partner_codes(country_labels: pd.DataFrame | None = None) -> frozenset[str]:
    """:data:`SPECIAL_PARTNER_CODES` plus any code whose label says it is not a country.

    ``country_labels``: DataFrame with columns ``code``, ``label`` (``store.read_labels``).
    """
    codes = set(SPECIAL_PARTNER_CODES)
    if country_labels is not None and len(country_labels):
        pairs = zip(country_labels["code"].astype(str).tolist(), country_labels["label"].astype(str).tolist(), strict=True)
        codes.update(code for code, label in pairs if _NOT_A_COUNTRY.search(label))
    return frozenset(codes)

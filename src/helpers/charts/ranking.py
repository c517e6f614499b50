"""Top-N selection with « autres », shared by every chart (fiche.md, "Chart rules … decided").

- Codes (countries, products) are ranked by value within the flow and scope of the chart,
  largest first; ties are broken by code (ascending), so the result is deterministic.
- Special partner codes (undetermined countries, high seas, ship supplies, autocorrections…)
  never take a named slot: they always go to « autres ».
- Only codes with a positive value can be named.
- Σ named + « autres » = the scope's total, exactly, in integer euros.
"""

from __future__ import annotations

from collections.abc import Hashable, Iterable, Mapping
from dataclasses import dataclass

import pandas as pd

from ..places.partners import SPECIAL_PARTNER_CODES, special_partner_codes  # noqa: F401 (re-exported: the charts' name for them)

#: Code of the « autres » group (never a real DGDDI code: those have no underscore).
OTHERS_CODE = "_autres"
#: Label of the « autres » group in charts.
OTHERS_LABEL = "Autres"


@dataclass(frozen=True)
class Ranking:
    """Result of :func:`top_n`.

    ``named``: the named codes, best first, with columns ``code``, ``value_eur`` (int) and
    ``rank`` (1…). ``others_eur``: value of « autres » (int, ≥ 0 when values are).
    ``total_eur``: the total of every code. ``others_codes``: codes grouped in « autres », sorted.
    """

    named: pd.DataFrame
    others_eur: int
    total_eur: int
    others_codes: tuple[str, ...]

    @property
    def codes(self) -> list[str]:
        """Named codes, best first."""
        return self.named["code"].tolist()

    def group_of(self, code: str) -> str:
        """The group a code is drawn in: itself when named, :data:`OTHERS_CODE` otherwise."""
        return code if code in self.codes else OTHERS_CODE

    def groups(self, codes: pd.Series) -> pd.Series:
        """:meth:`group_of` of every code of a Series (vectorised)."""
        codes = codes.astype(str)
        return codes.where(codes.isin(self.codes), OTHERS_CODE)

    def mapping(self) -> dict[str, str]:
        """Code → group for every code of the ranking (named and « autres »)."""
        out = {code: code for code in self.codes}
        out.update({code: OTHERS_CODE for code in self.others_codes})
        return out


def totals_by_code(records: pd.DataFrame, column: str) -> pd.Series:
    """Σ ``value_eur`` per value of ``column`` (int64 euros), index sorted by code."""
    sums = records.groupby(column, observed=True, sort=True)["value_eur"].sum().astype("int64")
    sums.index = sums.index.astype(str)
    return sums.sort_index()


def _by_value_then_code(pair: tuple[str, int]) -> tuple[int, str]:
    """Sort key of (code, value) pairs: value descending, ties by code ascending."""
    code, value = pair
    return -value, code


def order_codes(values: pd.Series) -> list[str]:
    """Codes of ``values`` (code → integer value) by value descending, ties by code ascending."""
    pairs = zip(values.index.astype(str).tolist(), values.astype("int64").tolist(), strict=True)
    return [code for code, _ in sorted(pairs, key=_by_value_then_code)]


def top_n(values: pd.Series, n: int, *, excluded: Iterable[str] = ()) -> Ranking:
    """The ``n`` largest codes of ``values`` (code → integer euros) and « autres ».

    Codes in ``excluded`` and codes with a value ≤ 0 are never named. ``n`` may exceed the
    number of codes (then every eligible code is named and « autres » may be 0).
    """
    return _top(list(zip(values.index.astype(str).tolist(), values.astype("int64").tolist(), strict=True)), n, excluded)


def top_n_of(sums: Mapping[str, int], n: int, *, excluded: Iterable[str] = ()) -> Ranking:
    """:func:`top_n` of a code → integer euros mapping (e.g. :func:`sums_by_code`)."""
    return _top(list(sums.items()), n, excluded)


def _top(pairs: list[tuple[str, int]], n: int, excluded: Iterable[str]) -> Ranking:
    """:func:`top_n` of (code, integer euros) pairs."""
    if n < 0:
        raise ValueError(f"n doit être positif ou nul : {n}")
    excluded = frozenset(excluded)
    eligible = [(code, value) for code, value in pairs if value > 0 and code not in excluded]
    eligible.sort(key=_by_value_then_code)
    chosen = eligible[:n]
    named = pd.DataFrame(
        {
            "code": [code for code, _ in chosen],
            "value_eur": [value for _, value in chosen],
            "rank": range(1, len(chosen) + 1),
        }
    )
    total = sum(value for _, value in pairs)
    named_codes = {code for code, _ in chosen}
    others_codes = tuple(sorted({code for code, _ in pairs} - named_codes))
    return Ranking(named=named, others_eur=total - sum(value for _, value in chosen), total_eur=total, others_codes=others_codes)


def sums_by_code(codes: Iterable[Hashable], values: Iterable[int]) -> dict:
    """Σ ``values`` (integer euros) per code, codes in first-seen order (plain Python)."""
    sums: dict = {}
    for code, value in zip(codes, values, strict=True):
        sums[code] = sums.get(code, 0) + value
    return sums


#: Rows up to which :func:`sums_by` adds in plain Python (a unit's records: a few thousand rows,
#: where each pandas call costs more than the sums); above, one pandas ``groupby`` is faster.
PLAIN_SUM_ROWS = 20_000


def sums_by(records: pd.DataFrame, keys: list[str]) -> dict[tuple, int]:
    """Σ ``value_eur`` of ``records`` per combination of the ``keys`` columns (tuples), integer
    euros, combinations in first-seen order. Keys are never missing (the reader refuses empty
    codes): both ways of adding give the same dict."""
    if len(records) <= PLAIN_SUM_ROWS:
        return sums_by_code(zip(*(records[key].tolist() for key in keys)), records["value_eur"].tolist())
    grouped = records.groupby(keys, observed=True, sort=False)["value_eur"].sum()
    return dict(zip(grouped.index.tolist(), grouped.tolist(), strict=True))


def rank_records(
    records: pd.DataFrame, column: str, n: int, *, excluded: Iterable[str] = ()
) -> Ranking:
    """:func:`top_n` of ``records`` (already one flow and one scope) aggregated by ``column``."""
    return top_n(totals_by_code(records, column), n, excluded=excluded)

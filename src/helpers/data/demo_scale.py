"""Demonstration data × K: the same totals in K times as many records (``comext bench --scale``).

The real files may hold several times the demonstration records. To measure how reading,
validation, the cache and the pages grow with the number of records, the generator can split each
record into ``K`` records that differ only by a finer product code: the record's own CPF4 code and
``K − 1`` codes of the same CPF division (first two digits) that the catalogue does not use, added
to ``Libelle_CPF4_rev2.1.txt`` with their parent's label. Every other field (flow, quarter, year,
département, région, A129, partner) is kept, and the value (euros) and mass (kilograms) are split
exactly on integers: part *i* of *K* gets ``v // K`` plus one euro when ``i < v % K`` (an empty
mass stays empty in every part). Hence every sum by any key but the CPF4 code (in particular by
A129 product and by partner, all the fiche reads) is unchanged to the euro, and summing the finer
codes back onto their parent (:func:`parent_codes`) gives back the original records.
"""

from __future__ import annotations

import numpy as np
import pandas as pd
import pyarrow as pa

from ..common.errors import ConfigError

#: Largest scale accepted (each code needs K − 1 free codes in its CPF division).
MAX_SCALE = 8


def finer_codes(codes: list[str], k: int) -> dict[str, list[str]]:
    """Each 4-digit CPF4 code of ``codes`` → its ``k`` codes: itself first, then ``k − 1`` unused codes of
    its division (same first two digits), the next ones above it first, then those below.

    Deterministic; no code is given twice, and none of ``codes`` is given to another. Raises
    :class:`~helpers.common.errors.ConfigError` when ``k`` is not 1 to :data:`MAX_SCALE` or a
    division has no room left.
    """
    if not 1 <= k <= MAX_SCALE:
        raise ConfigError(f"Échelle invalide : ×{k} (attendu : un entier de 1 à {MAX_SCALE}).")
    taken = set(codes)
    result: dict[str, list[str]] = {}
    for code in sorted(taken):
        division, number = code[:2], int(code)
        free = [f"{n:04d}" for n in range(number + 1, int(division) * 100 + 100)] + [f"{n:04d}" for n in range(int(division) * 100, number)]
        free = [c for c in free if c not in taken]
        if len(free) < k - 1:
            raise ConfigError(f"Échelle ×{k} impossible : plus assez de codes CPF4 libres dans la division {division}.")
        result[code] = [code, *free[: k - 1]]
        taken.update(free[: k - 1])
    return result


def parent_codes(finer: dict[str, list[str]]) -> dict[str, str]:
    """Each finer code → the original code it was split from (an original code → itself)."""
    return {child: parent for parent, children in finer.items() for child in children}


def _split_integers(values: np.ndarray, k: int) -> np.ndarray:
    """Each integer of ``values`` split into ``k`` integers summing to it, repeated in place
    (``[a, b]`` → ``[a₀ … a_{k−1}, b₀ … b_{k−1}]``): part i is ``v // k + (i < v % k)``."""
    part = np.tile(np.arange(k, dtype=np.int64), len(values))
    repeated = np.repeat(values.astype(np.int64), k)
    return repeated // k + (part < repeated % k)


def split_records(records: pd.DataFrame, k: int, finer: dict[str, list[str]]) -> pd.DataFrame:
    """The demonstration records (columns of :func:`helpers.data.demo_records.flow_records`: ``cpf4``,
    ``valeur`` euros, ``masse`` nullable kilograms…) with each record split into ``k`` consecutive
    records over the finer codes of its CPF4 code (:func:`finer_codes`); ``k = 1`` returns ``records``."""
    if k == 1:
        return records
    out = records.loc[records.index.repeat(k)].reset_index(drop=True)
    codes, uniques = pd.factorize(records["cpf4"])
    children = pa.array([child for code in uniques for child in finer[code]], type=pa.string())
    which = (np.repeat(codes.astype(np.int64), k) * k + np.tile(np.arange(k, dtype=np.int64), len(records)))
    out["cpf4"] = pd.Series(children.take(pa.array(which)).to_pandas(), dtype="str")
    out["valeur"] = _split_integers(records["valeur"].to_numpy(dtype=np.int64), k)
    mass = records["masse"]
    unknown = np.repeat(mass.isna().to_numpy(), k)
    masses = _split_integers(mass.fillna(0).to_numpy(dtype=np.int64), k)
    out["masse"] = pd.arrays.IntegerArray(np.where(unknown, 0, masses), unknown)
    return out


def scaled_label_rows(rows: list[tuple[str, str, str, str]], finer: dict[str, list[str]]) -> list[tuple[str, str, str, str]]:
    """The CPF4 label rows (code, label, start, end) with the finer codes added after their parent,
    with its label and validity."""
    out = []
    for code, label, start, end in rows:
        out.extend((child, label, start, end) for child in finer.get(code, [code]))
    return out

"""Exact integer splitting (largest remainder): how the demonstration generator splits euros.

Every split of the generator (unit totals, products, partners, quarters) goes through
:func:`allocate`, so that totals add up to the euro.
"""

from __future__ import annotations

import numpy as np


def allocate(totals: np.ndarray, groups: np.ndarray, weights: np.ndarray) -> np.ndarray:
    """Split integer ``totals[g]`` over the pieces of each group ``g``, in proportion to ``weights``.

    Largest-remainder method: each piece gets the floor of its proportional share, then the
    groups' remainders go one unit each to the pieces with the largest fractional parts
    (ties by position). Returns int64 pieces whose sum per group is exactly ``totals[g]``.
    A group with a positive total must have a positive weight.
    """
    totals = np.asarray(totals, dtype=np.int64)
    groups = np.asarray(groups, dtype=np.int64)
    weights = np.asarray(weights, dtype=np.float64)
    sums = np.bincount(groups, weights=weights, minlength=len(totals))
    if np.any((sums[groups] <= 0)):
        raise ValueError("allocate: a group has no positive weight")
    raw = totals[groups].astype(np.float64) * (weights / sums[groups])
    floor = np.floor(raw * (1 - 1e-12)).astype(np.int64)  # never above the exact share
    given = np.zeros(len(totals), dtype=np.int64)
    np.add.at(given, groups, floor)
    rest = totals - given
    counts = np.bincount(groups, minlength=len(totals))
    if np.any(rest < 0) or np.any(rest > counts):
        raise ArithmeticError("allocate: remainder out of range")  # cannot happen with finite weights
    order = np.lexsort((-(raw - floor), groups))
    sorted_groups = groups[order]
    rank = np.arange(len(order)) - np.searchsorted(sorted_groups, sorted_groups, side="left")
    result = floor.copy()
    result[order[rank < rest[sorted_groups]]] += 1
    return result

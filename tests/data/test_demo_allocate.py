"""Exact integer splitting (:mod:`helpers.data.demo_allocate`): exact per group, proportional, largest remainders."""

from __future__ import annotations

import numpy as np

from helpers.data import demo_allocate


def test_allocate_is_exact_and_proportional() -> None:
    rng = np.random.default_rng(7)
    groups = np.sort(rng.integers(0, 50, size=5_000))
    groups = np.searchsorted(np.unique(groups), groups)
    totals = rng.integers(0, 10**12, size=groups.max() + 1)
    weights = rng.lognormal(size=len(groups))
    pieces = demo_allocate.allocate(totals, groups, weights)
    assert pieces.dtype == np.int64 and (pieces >= 0).all()
    sums = np.zeros(len(totals), dtype=np.int64)
    np.add.at(sums, groups, pieces)
    assert (sums == totals).all()
    exact = totals[groups] * weights / np.bincount(groups, weights=weights)[groups]
    assert np.abs(pieces - exact).max() < 1.001  # never more than one euro from the exact share


def test_allocate_gives_remainders_to_largest_fractions() -> None:
    pieces = demo_allocate.allocate(np.array([10]), np.zeros(3, dtype=np.int64), np.array([1.0, 1.0, 1.0]))
    assert pieces.tolist() == [4, 3, 3]
    pieces = demo_allocate.allocate(np.array([5, 7]), np.array([0, 0, 1, 1]), np.array([0.2, 0.8, 0.5, 0.5]))
    assert pieces.tolist() == [1, 4, 4, 3]


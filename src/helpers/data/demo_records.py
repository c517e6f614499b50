"""One year's records of the demonstration generator: euros per unit×product×partner×quarter, masses in kg.

:func:`flow_records` builds them, all vectorised with numpy (no loop over records): unit totals
(:mod:`helpers.data.demo_totals`), split over products (:mod:`helpers.data.demo_shares`), then
over partners drawn by weighted sampling without replacement (Gumbel top-k), more partners for
larger flows, plus a few occasional partners carrying a tiny share (a long tail of small flows),
then over 1 to 4 quarters. Every split is exact on integers
(:func:`helpers.data.demo_allocate.allocate`), so totals add up to the euro.
"""

from __future__ import annotations

from dataclasses import dataclass
from functools import cache

import numpy as np
import pandas as pd
import pyarrow as pa

from .demo_allocate import allocate
from .demo_catalogue import catalogue, flow_key, random_stream
from .demo_products import SEASONS
from .demo_shares import YEAR_NOISE, pair_partner_weights
from .demo_totals import year_mix

# Shape parameters (see the module docstring).
PARTNERS_SCALE = 0.55  # partners of a flow ≈ scale × ln(value / 3 000 €) ** 1.5
CELL_NOISE = 1.2  # log-sd of a small unit×product×partner value around its expected weight
CELL_NOISE_SMALL = 0.2  # log-sd for a main partner (share ≫ MAIN_PARTNER_SHARE)
MAIN_PARTNER_SHARE = 0.005  # expected share above which a partner is stable
INCLUSION_CORRECTION = 0.5  # 0…1: how much drawn small partners stand for the undrawn ones
TINY_PARTNERS = 0.45  # occasional partners per main partner of a flow (long tail of small records)
TINY_SHARE = 0.004  # share of a flow's value going to its occasional partners
FOUR_QUARTERS_AT = 1e6  # euros: flows above this are usually present in all four quarters
EMPTY_MASS_SHARE = 0.003  # share of records with an empty mass (unknown)
PRICE_NOISE = 0.3  # log-sd of euros per kg around the product's typical value


@dataclass(frozen=True)
class StaticDraws:
    """The year-independent random draws of a flow, one per unit×product×partner cell (dense,
    (U·P, C)): the same for every year, so drawn once per flow and process (read-only)."""

    gumbel: np.ndarray  # standard Gumbel: a unit×product's lasting preference among partners
    normal: np.ndarray  # standard normal: a cell's lasting deviation from its expected weight


@cache
def static_draws(flow: str) -> StaticDraws:
    """:class:`StaticDraws` of ``flow``, from the streams (flow, 0, 2) and (flow, 0, 4)."""
    cat = catalogue()
    shape = (len(cat.unit_codes) * len(cat.cpf4), len(cat.partners))
    key = flow_key(flow)
    draws = StaticDraws(random_stream(key, 0, 2).gumbel(size=shape), random_stream(key, 0, 4).normal(size=shape))
    draws.gumbel.flags.writeable = False
    draws.normal.flags.writeable = False
    return draws


def _partner_cells(
    year: int, flow: str, pair_unit: np.ndarray, pair_product: np.ndarray, pair_value: np.ndarray
) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """Split each unit×product value (euros) over partners: (cell's pair, partner, euros).

    Main partners are drawn by weighted sampling without replacement (Gumbel top-k), more
    of them for larger flows; a few occasional partners share :data:`TINY_SHARE` of the
    value, which makes the long tail of small records.
    """
    cat = catalogue()
    key = flow_key(flow)
    n_cells_dense = (len(cat.unit_codes) * len(cat.cpf4), len(cat.partners))
    weights = pair_partner_weights(flow, pair_unit, pair_product, year)
    flat = pair_unit * len(cat.cpf4) + pair_product
    gumbel = static_draws(flow).gumbel[flat]
    gumbel += 0.3 * random_stream(key, year, 2).gumbel(size=n_cells_dense)[flat]
    with np.errstate(divide="ignore"):
        keys = np.where(weights > 0, np.log(weights), -np.inf) + gumbel
    available = (weights > 0).sum(axis=1)
    wanted = np.rint(PARTNERS_SCALE * np.log(np.maximum(pair_value, 3_001) / 3e3) ** 1.5)
    count = np.clip(wanted, 1, available).astype(np.int64)
    extra = np.minimum(np.rint(TINY_PARTNERS * count), available - count).astype(np.int64)
    order = np.argsort(-keys, axis=1, kind="stable")[:, : (count + extra).max()]
    position = np.arange(order.shape[1])[None, :]
    chosen = position < (count + extra)[:, None]
    cell_pair = np.nonzero(chosen)[0]
    cell_partner = order[chosen]
    tiny = (position >= count[:, None])[chosen]

    share = weights[cell_pair, cell_partner]
    inclusion = 1 - (1 - share) ** count[cell_pair]  # ≈ chance of being drawn
    sigma = CELL_NOISE_SMALL + (CELL_NOISE - CELL_NOISE_SMALL) * np.exp(-share / MAIN_PARTNER_SHARE)
    noise = sigma * static_draws(flow).normal[flat[cell_pair], cell_partner]
    noise += YEAR_NOISE * random_stream(key, year, 4).normal(size=len(cell_pair))
    weight = share / inclusion**INCLUSION_CORRECTION * np.exp(noise)
    main_sum = np.bincount(cell_pair, weights=np.where(tiny, 0.0, weight), minlength=len(pair_value))
    tiny_sum = np.bincount(cell_pair, weights=np.where(tiny, weight, 0.0), minlength=len(pair_value))
    has_tiny = tiny_sum > 0
    weight = np.where(
        tiny,
        TINY_SHARE * weight / np.where(has_tiny, tiny_sum, 1.0)[cell_pair],
        np.where(has_tiny, 1 - TINY_SHARE, 1.0)[cell_pair] * weight / main_sum[cell_pair],
    )
    cell_value = allocate(pair_value, cell_pair, weight)
    alive = cell_value > 0
    return cell_pair[alive], cell_partner[alive], cell_value[alive]


def _quarters(
    rng: np.random.Generator, cell_value: np.ndarray, cell_group: np.ndarray
) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """Split each cell's value (euros) over quarters: (record's cell, quarter 0–3, euros).

    Flows above :data:`FOUR_QUARTERS_AT` are usually present in all four quarters, smaller
    ones in one to three; quarter weights follow the product group's seasonality.
    """
    n_cells = len(cell_value)
    four = rng.random(n_cells) < 1 / (1 + np.exp(-(np.log(cell_value) - np.log(FOUR_QUARTERS_AT))))
    present = np.where(four, 4, rng.integers(1, 4, size=n_cells))
    quarter_rank = np.argsort(np.argsort(rng.random((n_cells, 4)), axis=1), axis=1)
    season = np.array([SEASONS.get(g, (1.0, 1.0, 1.0, 1.0)) for g in catalogue().groups])
    weight = season[cell_group] * rng.gamma(6.0, 1 / 6.0, size=(n_cells, 4))
    weight[quarter_rank >= present[:, None]] = 0.0
    rec_cell, rec_quarter = np.nonzero(weight > 0)
    rec_value = allocate(cell_value, rec_cell, weight[rec_cell, rec_quarter])
    alive = rec_value > 0
    return rec_cell[alive], rec_quarter[alive], rec_value[alive]


def _masses(rng: np.random.Generator, value: np.ndarray, product: np.ndarray) -> np.ndarray:
    """Masses in kg (float, NaN = unknown): value / typical euros per kg, with noise.

    Unknown for products without a mass (electricity) and for :data:`EMPTY_MASS_SHARE` of
    the records, as in the real files.
    """
    price = catalogue().eur_per_kg[product] * np.exp(PRICE_NOISE * rng.normal(size=len(value)))
    mass = np.rint(value / price)
    mass[rng.random(len(value)) < EMPTY_MASS_SHARE] = np.nan
    return mass


def flow_records(year: int, flow: str) -> pd.DataFrame:
    """All records of ``year`` and ``flow``, sorted by unit, product, partner and quarter.

    Columns: the 10 official fields (``flux``, ``trimestre``, ``annee``, ``departement``,
    ``region``, ``a129``, ``cpf4``, ``pays``, ``valeur`` in euros, ``masse`` in kg with
    ``<NA>`` for an unknown mass).
    """
    cat = catalogue()
    totals, shares = year_mix(year, flow)
    pair_unit, pair_product = np.nonzero(shares > 0)
    pair_value = allocate(totals, pair_unit, shares[pair_unit, pair_product])
    alive = pair_value > 0
    pair_unit, pair_product, pair_value = pair_unit[alive], pair_product[alive], pair_value[alive]

    cell_pair, cell_partner, cell_value = _partner_cells(year, flow, pair_unit, pair_product, pair_value)
    rng = random_stream(flow_key(flow), year, 5)
    rec_cell, rec_quarter, rec_value = _quarters(rng, cell_value, cat.product_group[pair_product[cell_pair]])

    unit = pair_unit[cell_pair[rec_cell]]
    product = pair_product[cell_pair[rec_cell]]
    partner = cell_partner[rec_cell]
    mass = _masses(rng, rec_value, product)
    # one int64 key per record (unique: a cell is a unit×product×partner, split over quarters);
    # sorting it is an order of magnitude faster than a four-key lexsort
    order = np.argsort(((unit * len(cat.cpf4) + product) * len(cat.partners) + partner) * 4 + rec_quarter, kind="stable")
    unit, product, partner = unit[order], product[order], partner[order]
    return pd.DataFrame(
        {
            "flux": _codes_column(np.array([flow], dtype=object), np.zeros(len(order), dtype=np.int64)),
            "trimestre": rec_quarter[order] + 1,
            "annee": np.full(len(order), year, dtype=np.int64),
            "departement": _codes_column(cat.unit_codes, unit),
            "region": _codes_column(cat.unit_regions, unit),
            "a129": _codes_column(cat.a129, product),
            "cpf4": _codes_column(cat.cpf4, product),
            "pays": _codes_column(cat.partners, partner),
            "valeur": rec_value[order],
            "masse": pd.array(mass[order], dtype="Int64"),
        }
    )


def _codes_column(codes: np.ndarray, index: np.ndarray) -> pd.Series:
    """``codes[index]`` as a pandas ``str`` column, gathered by Arrow (no Python string per row)."""
    return pd.Series(pa.array(codes.tolist(), type=pa.string()).take(pa.array(index)).to_pandas(), dtype="str")

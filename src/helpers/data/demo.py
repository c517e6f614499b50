"""Deterministic generator of demonstration data in the official DGDDI format.

The real regional/departmental files cannot be fetched everywhere, so the project ships
synthetic ones that read exactly like them: per year and flow, one zip
``<Y>12_regional_<Y>_<export|import>.zip`` holding the flow records
(``Regional-<Y>-export/Region_<Y>_Export.txt``: no header, ``;``, 10 fields, CRLF, ASCII)
and the four label files with the real files' encodings (``Libelle_PAYS.txt`` UTF-8,
``Libelle_CPF4_rev2.1.txt`` cp1252 with ``;`` labels double-quoted, ``Libelle_A129.txt``
UTF-8 with a BOM, ``Departement_region.txt`` UTF-8; all CRLF), plus ``provenance.json``.

Values are integer **euros**, masses integer **kilograms** (a few left empty, as in the
real files). The 2024 totals of Aude, Hérault, Occitanie and France entière are exactly the
published ones (``fiche.md``); every other figure is shaped on ``calibration.md`` through
:mod:`helpers.data.demo_mix`. Other years are derived from 2024 with a per-unit drift.

How a year and flow is built, all vectorised with numpy (no loop over records):

1. unit totals (exact, see :func:`unit_totals`);
2. each unit's total split over products: fixed shares for known specialisations
   (``UNIT_ANCHORS``) and a noisy generic mix over its K first products, K growing with
   the unit's size;
3. each unit×product value split over partners drawn by weighted sampling without
   replacement (Gumbel top-k), more partners for larger flows, plus a few occasional
   partners carrying a tiny share: a long tail of small flows;
4. each unit×product×partner value split over 1 to 4 quarters.

Every split is exact on integers (:func:`allocate`, largest remainder), so totals add up to
the euro. Randomness comes only from ``numpy.random.default_rng`` seeded with constants
(never ``hash()``); zip members have fixed timestamps, order and compression, so outputs are
byte-identical from one run, process or machine to the next.

Speed: the text of a flow file is written by pyarrow's CSV writer (C++) from Arrow columns, and
the members are deflated at level 1 (:data:`ZIP_LEVEL`), about five times faster than zlib's
default level for files about 10 % larger.
"""

from __future__ import annotations

import io
import os
import zipfile
from collections.abc import Sequence
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass
from functools import cache
from pathlib import Path

import numpy as np
import pandas as pd
import pyarrow as pa
import pyarrow.csv as pa_csv

from ..common.errors import ConfigError
from ..places.geography import regions, units
from . import demo_mix as mix
from . import provenance

#: Seed of every random stream of the generator.
SEED = 20_240_611
#: Spread (log scale) of the fixed per-unit jitter applied to the round unit weights.
UNIT_WEIGHT_NOISE = 0.06
#: Bump when the generator's output changes, so that existing demo files are regenerated.
GENERATOR_VERSION = "2"
DATASET = (
    "Données de démonstration synthétiques au format des fichiers régionaux et départementaux "
    f"de la DGDDI (générateur v{GENERATOR_VERSION})"
)
#: Calibrated year (exact published totals).
REFERENCE_YEAR = 2024

FLOW_NAMES: dict[str, str] = {"E": "export", "I": "import"}
LABEL_FILES: tuple[str, ...] = ("Libelle_PAYS.txt", "Libelle_CPF4_rev2.1.txt", "Libelle_A129.txt", "Departement_region.txt")
CPF4_VALIDITY = ("201501", "999912")
A129_VALIDITY = ("200801", "999912")
STILL_VALID = "999912"

# Shape parameters (see module docstring).
PRODUCT_NOISE = 0.7  # log-sd of a unit's generic product weights (stable over years)
YEAR_NOISE = 0.15  # log-sd of the year-to-year change of weights
ANCHOR_NOISE = 0.04  # log-sd of anchored shares from year to year
MIN_PRODUCTS = 30  # products of the smallest unit
PRODUCTS_PER_LOG = 7.0  # more products per e-fold of the unit's total beyond 100 M€
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
#: Deflate level of the zip members: 1 is the fastest (the members' text does not depend on it).
ZIP_LEVEL = 1


# --- Exact integer splitting ---------------------------------------------------------------


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


# --- Catalogue as arrays ---------------------------------------------------------------------


@dataclass(frozen=True)
class Catalogue:
    """Codes and static matrices, in the sorted orders used for indices."""

    unit_codes: np.ndarray  # (U,) DGDDI unit codes, sorted
    unit_regions: np.ndarray  # (U,) DGDDI région codes
    cpf4: np.ndarray  # (P,) CPF4 codes, sorted
    a129: np.ndarray  # (P,) A129 parent of each product
    product_group: np.ndarray  # (P,) index into groups
    eur_per_kg: np.ndarray  # (P,) euros per kg, NaN when no mass
    groups: tuple[str, ...]
    partners: np.ndarray  # (C,) partner codes, sorted


@cache
def catalogue() -> Catalogue:
    """The catalogue of units, products and partners the generator uses."""
    unit_list = list(units().values())
    prods = mix.products()
    groups = tuple(sorted({p.group for p in prods}))
    return Catalogue(
        unit_codes=np.array([u.dgddi_code for u in unit_list], dtype=object),
        unit_regions=np.array([u.dgddi_region for u in unit_list], dtype=object),
        cpf4=np.array([p.cpf4 for p in prods], dtype=object),
        a129=np.array([p.a129 for p in prods], dtype=object),
        product_group=np.array([groups.index(p.group) for p in prods]),
        eur_per_kg=np.array([p.eur_per_kg if p.eur_per_kg else np.nan for p in prods]),
        groups=groups,
        partners=np.array(list(mix.partner_labels()), dtype=object),
    )


def _rng(*keys: int) -> np.random.Generator:
    """An independent random stream for ``keys`` (flow, year, purpose…), fixed by :data:`SEED`."""
    return np.random.default_rng([SEED, *keys])


def _flow_key(flow: str) -> int:
    return mix.FLOWS.index(flow) + 1


# --- Unit totals -----------------------------------------------------------------------------


def _reference_totals(flow: str) -> np.ndarray:
    """2024 totals per unit (euros, catalogue order): France, Occitanie, Aude and Hérault exact."""
    cat = catalogue()
    region_codes = sorted(set(cat.unit_regions))
    fixed_regions = {r: v[flow] for r, v in mix.REGION_TOTAL_2024.items()}
    free = [r for r in region_codes if r not in fixed_regions]
    free_totals = allocate(
        np.array([mix.FRANCE_TOTAL_2024[flow] - sum(fixed_regions.values())]),
        np.zeros(len(free), dtype=np.int64),
        np.array([mix.REGION_TARGETS_2024[r][mix.FLOWS.index(flow)] for r in free]),
    )
    region_total = {**fixed_regions, **dict(zip(free, free_totals.tolist(), strict=True))}

    totals = np.zeros(len(cat.unit_codes), dtype=np.int64)
    fixed_units = {u: v[flow] for u, v in mix.UNIT_TOTAL_2024.items()}
    for i, code in enumerate(cat.unit_codes):
        if code in fixed_units:
            totals[i] = fixed_units[code]
    free_idx = np.array([i for i, c in enumerate(cat.unit_codes) if c not in fixed_units])
    free_region = np.array([region_codes.index(r) for r in cat.unit_regions[free_idx]])
    rest = np.array([region_total[r] - totals[cat.unit_regions == r].sum() for r in region_codes], dtype=np.int64)
    weights = np.array([mix.UNIT_WEIGHTS[c][mix.FLOWS.index(flow)] for c in cat.unit_codes[free_idx]])
    # The weights are round figures: a fixed per-unit jitter keeps two units from sharing a total.
    weights = weights * np.exp(UNIT_WEIGHT_NOISE * _rng(_flow_key(flow), 0, 2).normal(size=len(weights)))
    totals[free_idx] = allocate(rest, free_region, weights)
    return totals


def unit_totals(year: int, flow: str) -> np.ndarray:
    """Total per unit (euros, catalogue order) for ``year`` and ``flow`` (``"E"``/``"I"``).

    2024 is calibrated exactly; another year is 2024 times a per-unit random drift
    (:data:`helpers.data.demo_mix.YEAR_DRIFT`), so its totals differ by a few percent.
    """
    reference = _reference_totals(flow)
    if year == REFERENCE_YEAR:
        return reference
    drift, spread = mix.YEAR_DRIFT[flow]
    gap = REFERENCE_YEAR - year
    noise = _rng(_flow_key(flow), year, 0).normal(size=len(reference))
    factor = np.exp(drift * gap + spread * np.sqrt(abs(gap)) * noise)
    return np.maximum(np.rint(reference * factor), 1).astype(np.int64)


# --- Mixes -------------------------------------------------------------------------------------


def _product_shares(year: int, flow: str, totals: np.ndarray) -> np.ndarray:
    """(U, P) share of each product in each unit's total (rows sum to 1)."""
    cat = catalogue()
    prods = mix.products()
    n_units, n_products = len(cat.unit_codes), len(prods)
    key = _flow_key(flow)

    anchors = np.zeros((n_units, n_products))
    cpf4_index = {c: j for j, c in enumerate(cat.cpf4)}
    unit_index = {c: i for i, c in enumerate(cat.unit_codes)}
    for unit, by_flow in mix.UNIT_ANCHORS.items():
        for cpf4, share in by_flow.get(flow, {}).items():
            anchors[unit_index[unit], cpf4_index[cpf4]] = share
    anchors *= np.exp(ANCHOR_NOISE * _rng(key, year, 11).normal(size=anchors.shape))

    tilt = np.ones((n_units, n_products))
    for region, factors in mix.REGION_PRODUCT_TILTS.items():
        rows = cat.unit_regions == region
        for prefix, factor in factors.items():
            cols = np.array([a.startswith(prefix) for a in cat.a129])
            tilt[np.ix_(rows, cols)] *= factor

    base = np.array([p.weight(flow) for p in prods])
    noise = PRODUCT_NOISE * _rng(key, 0, 1).normal(size=(n_units, n_products))
    noise += YEAR_NOISE * _rng(key, year, 1).normal(size=(n_units, n_products))
    generic = base * tilt * np.exp(noise)
    generic[anchors > 0] = 0.0

    eligible = (generic > 0).sum(axis=1)
    keep = np.clip(np.rint(MIN_PRODUCTS + PRODUCTS_PER_LOG * np.log(np.maximum(totals, 1) / 1e8)), MIN_PRODUCTS, None)
    keep = np.minimum(keep, eligible).astype(np.int64)
    rank = np.argsort(np.argsort(-generic, axis=1, kind="stable"), axis=1, kind="stable")
    generic[rank >= keep[:, None]] = 0.0

    free_share = 1.0 - anchors.sum(axis=1)
    if np.any(free_share <= 0.05):
        raise ValueError("demo_mix: anchored shares leave no room for the generic mix")
    return anchors + free_share[:, None] * generic / generic.sum(axis=1, keepdims=True)


@cache
def _partner_weights(flow: str) -> np.ndarray:
    """(G, C) partner mix of each product group for ``flow`` (rows sum to 1)."""
    cat = catalogue()
    explicit = mix.PARTNER_WEIGHTS[flow]
    tail = mix.TAIL_PARTNER_WEIGHT[flow] * np.exp(_rng(_flow_key(flow), 0, 3).normal(scale=0.9, size=len(cat.partners)))
    base = np.array([explicit.get(c, t) for c, t in zip(cat.partners, tail, strict=True)])
    base /= base.sum()
    rows = []
    for group in cat.groups:
        own = mix.GROUP_PARTNERS.get(group, {}).get(flow)
        if own is None:
            rows.append(base)
            continue
        row = np.array([own.get(c, 0.0) for c in cat.partners])
        rows.append((1 - mix.GROUP_BLEND) * row / row.sum() + mix.GROUP_BLEND * base)
    return np.vstack(rows)


@cache
def _unit_partner_tilts() -> np.ndarray:
    """(U, C) factor on partner weights by unit (région neighbours, DROM neighbourhoods…)."""
    cat = catalogue()
    tilt = np.ones((len(cat.unit_codes), len(cat.partners)))
    partner_index = {c: j for j, c in enumerate(cat.partners)}
    for region, factors in mix.REGION_PARTNER_TILTS.items():
        rows = cat.unit_regions == region
        for code, factor in factors.items():
            tilt[rows, partner_index[code]] *= factor
    for unit, factors in mix.UNIT_PARTNER_TILTS.items():
        row = int(np.flatnonzero(cat.unit_codes == unit)[0])
        for code, factor in factors.items():
            tilt[row, partner_index[code]] *= factor
    return tilt


def _pair_partner_weights(flow: str, pair_unit: np.ndarray, pair_product: np.ndarray) -> np.ndarray:
    """(pairs, C) partner weights of each unit×product pair, rows summing to 1."""
    cat = catalogue()
    weights = _partner_weights(flow)[cat.product_group[pair_product]] * _unit_partner_tilts()[pair_unit]
    for (unit, group, tilt_flow), factors in mix.UNIT_GROUP_PARTNER_TILTS.items():
        if tilt_flow != flow:
            continue
        rows = (cat.unit_codes[pair_unit] == unit) & (cat.product_group[pair_product] == cat.groups.index(group))
        for code, factor in factors.items():
            weights[rows, int(np.flatnonzero(cat.partners == code)[0])] *= factor
    weights /= weights.sum(axis=1, keepdims=True)
    for unit, by_flow in mix.UNIT_PARTNERS.items():
        own = np.array([by_flow[flow].get(c, 0.0) for c in cat.partners])
        rows = cat.unit_codes[pair_unit] == unit
        weights[rows] = mix.UNIT_PARTNER_SHARE * own / own.sum() + (1 - mix.UNIT_PARTNER_SHARE) * weights[rows]
    return weights


# --- Records -----------------------------------------------------------------------------------


def _partner_cells(
    year: int, flow: str, pair_unit: np.ndarray, pair_product: np.ndarray, pair_value: np.ndarray
) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """Split each unit×product value (euros) over partners: (cell's pair, partner, euros).

    Main partners are drawn by weighted sampling without replacement (Gumbel top-k), more
    of them for larger flows; a few occasional partners share :data:`TINY_SHARE` of the
    value, which makes the long tail of small records.
    """
    cat = catalogue()
    key = _flow_key(flow)
    n_cells_dense = (len(cat.unit_codes) * len(cat.cpf4), len(cat.partners))
    weights = _pair_partner_weights(flow, pair_unit, pair_product)
    flat = pair_unit * len(cat.cpf4) + pair_product
    gumbel = _rng(key, 0, 2).gumbel(size=n_cells_dense)[flat]
    gumbel += 0.3 * _rng(key, year, 2).gumbel(size=n_cells_dense)[flat]
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
    noise = sigma * _rng(key, 0, 4).normal(size=n_cells_dense)[flat[cell_pair], cell_partner]
    noise += YEAR_NOISE * _rng(key, year, 4).normal(size=len(cell_pair))
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
    season = np.array([mix.SEASONS.get(g, (1.0, 1.0, 1.0, 1.0)) for g in catalogue().groups])
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
    totals = unit_totals(year, flow)

    shares = _product_shares(year, flow, totals)
    pair_unit, pair_product = np.nonzero(shares > 0)
    pair_value = allocate(totals, pair_unit, shares[pair_unit, pair_product])
    alive = pair_value > 0
    pair_unit, pair_product, pair_value = pair_unit[alive], pair_product[alive], pair_value[alive]

    cell_pair, cell_partner, cell_value = _partner_cells(year, flow, pair_unit, pair_product, pair_value)
    rng = _rng(_flow_key(flow), year, 5)
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


#: How the flow records are written: no header, ``;``, CRLF, an empty field for an unknown mass,
#: never quoted (a code holding ``;``, ``"`` or a line end is an error, not a quoted field).
_FLOW_CSV = pa_csv.WriteOptions(include_header=False, delimiter=";", eol="\r\n", null_string="", quoting_style="none")


def flow_text(records: pd.DataFrame) -> bytes:
    """The official flow-file bytes: no header, ``;``, CRLF, ASCII.

    Written by pyarrow's CSV writer: integers in plain decimal, an unknown mass as an empty field.
    Raises ``ValueError`` when a field is not ASCII.
    """
    sink = pa.BufferOutputStream()
    pa_csv.write_csv(pa.Table.from_pandas(records, preserve_index=False), sink, _FLOW_CSV)
    data = sink.getvalue().to_pybytes()
    if not data.isascii():
        raise ValueError("flow_text: the official flow files are ASCII")
    return data


# --- Label files ----------------------------------------------------------------------------


def _field(label: str) -> str:
    """A label as a CSV field: double-quoted when it holds ``;`` or ``"``."""
    if ";" in label or '"' in label:
        return '"' + label.replace('"', '""') + '"'
    return label


def _lines(rows: Sequence[Sequence[str]]) -> str:
    return "".join(";".join(row) + "\r\n" for row in rows)


def label_files() -> dict[str, bytes]:
    """The four label files, by name, with the real files' encodings (all CRLF).

    ``Libelle_PAYS.txt`` UTF-8; ``Libelle_CPF4_rev2.1.txt`` cp1252; ``Libelle_A129.txt``
    UTF-8 with a BOM; ``Departement_region.txt`` UTF-8.
    """
    history = {(code, start): (code, _field(label), start, end) for code, label, start, end in mix.HISTORICAL_PARTNER_LABELS}
    countries = [(code, _field(label), mix.PARTNER_STARTS.get(code, "190001"), STILL_VALID) for code, label in mix.partner_labels().items()]
    pays = sorted([*history.values(), *countries], key=lambda row: (row[0], row[2]))
    cpf4 = [(p.cpf4, _field(p.label), *CPF4_VALIDITY) for p in mix.products()]
    a129 = [(code, _field(label), *A129_VALIDITY) for code, label in sorted(mix.a129_labels().items())]
    region_names = {r.dgddi_code: r.dgddi_name for r in regions().values()}
    departements = sorted(
        ((u.dgddi_code, _field(u.name), u.dgddi_region, _field(region_names[u.dgddi_region])) for u in units().values()),
        key=lambda row: (row[2], row[0]),
    )
    return {
        "Libelle_PAYS.txt": _lines(pays).encode("utf-8"),
        "Libelle_CPF4_rev2.1.txt": _lines(cpf4).encode("cp1252"),
        "Libelle_A129.txt": _lines(a129).encode("utf-8-sig"),
        "Departement_region.txt": _lines(departements).encode("utf-8"),
    }


# --- Files ------------------------------------------------------------------------------------


def zip_name(year: int, flow: str) -> str:
    """``<Y>12_regional_<Y>_export.zip`` (or ``_import``)."""
    return f"{year}12_regional_{year}_{FLOW_NAMES[flow]}.zip"


def zip_members(year: int, flow: str) -> list[str]:
    """Member names of a zip, in their fixed order (flow records first, then the labels)."""
    name = FLOW_NAMES[flow]
    folder = f"Regional-{year}-{name}"
    return [f"{folder}/Region_{year}_{name.capitalize()}.txt", *(f"{folder}/{label}" for label in LABEL_FILES)]


def _zip_bytes(year: int, members: list[str], contents: list[bytes]) -> bytes:
    """A zip with fixed timestamps (1 January of ``year``), permissions and compression (deflate,
    level :data:`ZIP_LEVEL`)."""
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as archive:
        for name, data in zip(members, contents, strict=True):
            info = zipfile.ZipInfo(name, date_time=(year, 1, 1, 0, 0, 0))
            info.compress_type = zipfile.ZIP_DEFLATED
            info.create_system = 3
            info.external_attr = 0o644 << 16
            archive.writestr(info, data, compresslevel=ZIP_LEVEL)
    return buffer.getvalue()


def _write_atomic(path: Path, data: bytes) -> None:
    tmp = path.with_name(path.name + ".tmp")
    tmp.write_bytes(data)
    os.replace(tmp, path)


def _up_to_date(out_dir: Path, names: list[str]) -> bool:
    """Whether ``out_dir`` holds exactly these demo files, unchanged since their provenance."""
    prov = provenance.read(out_dir)
    if prov is None or prov.source != "demo" or prov.dataset != DATASET:
        return False
    if sorted(f.name for f in prov.files) != sorted(names):
        return False
    for record in prov.files:
        path = out_dir / record.name
        if not path.is_file() or path.stat().st_size != record.size or provenance.sha256_of(path) != record.sha256:
            return False
    return True


def is_current(out_dir: Path, years: tuple[int, ...] = (2023, 2024)) -> bool:
    """Whether ``out_dir`` already holds this generator version's files for ``years``, unaltered."""
    return _up_to_date(Path(out_dir), [zip_name(y, f) for y in sorted({int(y) for y in years}) for f in mix.FLOWS])


def generate(out_dir: Path, *, years: tuple[int, ...] = (2023, 2024), force: bool = False) -> list[Path]:
    """Write the demonstration zips and ``provenance.json`` into ``out_dir``; return their paths.

    Per year, an export zip and an import zip (see :func:`zip_name`), then the provenance.
    When the files are already there and match the provenance (and not ``force``), nothing
    is written and the existing paths are returned.
    """
    if not years or any(not 1900 <= int(y) <= 9999 for y in years):
        raise ConfigError(f"Années invalides pour les données de démonstration : {years!r} (années à quatre chiffres attendues).")
    out_dir = Path(out_dir)
    wanted = sorted({int(y) for y in years})
    names = [zip_name(y, f) for y in wanted for f in mix.FLOWS]
    paths = [out_dir / n for n in names]
    if not force and _up_to_date(out_dir, names):
        return [*paths, out_dir / provenance.FILENAME]

    out_dir.mkdir(parents=True, exist_ok=True)
    labels = label_files()
    label_contents = [labels[name] for name in LABEL_FILES]
    catalogue()  # the cached catalogue and partner mixes, built once before the threads share them
    _unit_partner_tilts()
    for flow in mix.FLOWS:
        _partner_weights(flow)

    def write(year: int, flow: str) -> None:
        data = _zip_bytes(year, zip_members(year, flow), [flow_text(flow_records(year, flow)), *label_contents])
        _write_atomic(out_dir / zip_name(year, flow), data)

    # Each file depends only on its year and flow (own random streams), and NumPy, Arrow and zlib
    # release the GIL in their loops: the files are built in parallel, one per core.
    tasks = [(year, flow) for year in wanted for flow in mix.FLOWS]
    with ThreadPoolExecutor(max_workers=min(len(tasks), os.cpu_count() or 1)) as pool:
        for done in [pool.submit(write, year, flow) for year, flow in tasks]:
            done.result()
    prov = provenance.Provenance(source="demo", dataset=DATASET, synthetic=True)
    for path in paths:
        prov.upsert(provenance.record_for(path, generated=True))
    return [*paths, provenance.write(out_dir, prov)]

"""Deterministic generator of demonstration data in the official DGDDI format: the files.

The real regional/departmental files cannot be fetched everywhere, so the project ships
synthetic ones that read exactly like them: per year and flow, one zip
``<Y>12_regional_<Y>_<export|import>.zip`` holding the flow records
(``Regional-<Y>-export/Region_<Y>_Export.txt``: no header, ``;``, 10 fields, CRLF, ASCII)
and the four label files with the real files' encodings (``Libelle_PAYS.txt`` UTF-8,
``Libelle_CPF4_rev2.1.txt`` cp1252 with ``;`` labels double-quoted, ``Libelle_A129.txt``
UTF-8 with a BOM, ``Departement_region.txt`` UTF-8; all CRLF), plus ``provenance.json``.

Values are integer **euros**, masses integer **kilograms** (a few left empty, as in the
real files). The 2024 totals of Aude, Hérault, Occitanie and France entière are exactly the
published ones (``fiche.md``); every other figure is shaped on ``calibration.md`` through the
static facts of :mod:`helpers.data.demo_targets`, :mod:`helpers.data.demo_products` and
:mod:`helpers.data.demo_partners`. Other years are derived from 2024 with a per-unit drift.

How a year and flow is built (:func:`helpers.data.demo_records.flow_records`), all vectorised
with numpy (no loop over records):

1. unit totals (exact, see :func:`helpers.data.demo_totals.unit_totals`);
2. each unit's total split over products: fixed shares for known specialisations
   (``UNIT_ANCHORS``) and a noisy generic mix over its K first products, K growing with
   the unit's size (:mod:`helpers.data.demo_shares`);
3. each unit×product value split over partners drawn by weighted sampling without
   replacement (Gumbel top-k), more partners for larger flows, plus a few occasional
   partners carrying a tiny share: a long tail of small flows;
4. each unit×product×partner value split over 1 to 4 quarters.

Every split is exact on integers (:func:`helpers.data.demo_allocate.allocate`, largest
remainder), so totals add up to the euro. Randomness comes only from ``numpy.random.default_rng``
seeded with constants (never ``hash()``, :mod:`helpers.data.demo_catalogue`); zip members have
fixed timestamps, order and compression, so outputs are byte-identical from one run, process or
machine to the next.

This module writes the files: the flow text, the zips with the label files
(:mod:`helpers.data.demo_labels`), the provenance, the files built in threads.

Speed: the text of a flow file is written by pyarrow's CSV writer (C++) from Arrow columns, and
the members are deflated at level 1 (:data:`ZIP_LEVEL`), about five times faster than zlib's
default level for files about 10 % larger.
"""
from __future__ import annotations

import io
import os
import zipfile
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

import pandas as pd
import pyarrow as pa
import pyarrow.csv as pa_csv

from ..common.errors import ConfigError
from . import demo_records, provenance
from .demo_catalogue import catalogue
from .demo_labels import LABEL_FILES, label_files
from .demo_shares import partner_weights, unit_partner_tilts
from .demo_targets import FLOWS

#: Bump when the generator's output changes, so that existing demo files are regenerated.
GENERATOR_VERSION = "2"
DATASET = (
    "Données de démonstration synthétiques au format des fichiers régionaux et départementaux "
    f"de la DGDDI (générateur v{GENERATOR_VERSION})"
)

FLOW_NAMES: dict[str, str] = {"E": "export", "I": "import"}
#: Deflate level of the zip members: 1 is the fastest (the members' text does not depend on it).
ZIP_LEVEL = 1


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
    return _up_to_date(Path(out_dir), [zip_name(y, f) for y in sorted({int(y) for y in years}) for f in FLOWS])


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
    names = [zip_name(y, f) for y in wanted for f in FLOWS]
    paths = [out_dir / n for n in names]
    if not force and _up_to_date(out_dir, names):
        return [*paths, out_dir / provenance.FILENAME]

    out_dir.mkdir(parents=True, exist_ok=True)
    labels = label_files()
    label_contents = [labels[name] for name in LABEL_FILES]
    catalogue()  # the cached catalogue and partner mixes, built once before the threads share them
    unit_partner_tilts()
    for flow in FLOWS:
        partner_weights(flow)

    def write(year: int, flow: str) -> None:
        data = _zip_bytes(year, zip_members(year, flow), [flow_text(demo_records.flow_records(year, flow)), *label_contents])
        _write_atomic(out_dir / zip_name(year, flow), data)

    # Each file depends only on its year and flow (own random streams), and NumPy, Arrow and zlib
    # release the GIL in their loops: the files are built in parallel, one per core.
    tasks = [(year, flow) for year in wanted for flow in FLOWS]
    with ThreadPoolExecutor(max_workers=min(len(tasks), os.cpu_count() or 1)) as pool:
        for done in [pool.submit(write, year, flow) for year, flow in tasks]:
            done.result()
    prov = provenance.Provenance(source="demo", dataset=DATASET, synthetic=True)
    for path in paths:
        prov.upsert(provenance.record_for(path, generated=True))
    return [*paths, provenance.write(out_dir, prov)]

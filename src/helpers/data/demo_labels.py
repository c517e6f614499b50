"""The four label files of the demonstration zips, with the real files' encodings (all CRLF).

``Libelle_PAYS.txt`` UTF-8 (partner codes with their validity periods, YYYYMM);
``Libelle_CPF4_rev2.1.txt`` cp1252, labels holding ``;`` double-quoted; ``Libelle_A129.txt``
UTF-8 with a BOM; ``Departement_region.txt`` UTF-8 (DGDDI units and régions).
"""

from __future__ import annotations

from collections.abc import Sequence

from ..places.geography import regions, units
from .demo_partners import HISTORICAL_PARTNER_LABELS, PARTNER_STARTS, partner_labels
from .demo_products import a129_labels, products
from .demo_scale import scaled_label_rows

#: The label files, in their order in the zips.
LABEL_FILES: tuple[str, ...] = ("Libelle_PAYS.txt", "Libelle_CPF4_rev2.1.txt", "Libelle_A129.txt", "Departement_region.txt")
CPF4_VALIDITY = ("201501", "999912")
A129_VALIDITY = ("200801", "999912")
STILL_VALID = "999912"


def _field(label: str) -> str:
    """A label as a CSV field: double-quoted when it holds ``;`` or ``"``."""
    if ";" in label or '"' in label:
        return '"' + label.replace('"', '""') + '"'
    return label


def _lines(rows: Sequence[Sequence[str]]) -> str:
    return "".join(";".join(row) + "\r\n" for row in rows)


def label_files(finer: dict[str, list[str]] | None = None) -> dict[str, bytes]:
    """The four label files, by name, with the real files' encodings (all CRLF).

    ``finer``: the finer CPF4 codes of scaled data (:func:`helpers.data.demo_scale.finer_codes`),
    listed after their parent with its label and validity.

    ``Libelle_PAYS.txt`` UTF-8; ``Libelle_CPF4_rev2.1.txt`` cp1252; ``Libelle_A129.txt``
    UTF-8 with a BOM; ``Departement_region.txt`` UTF-8.
    """
    history = {(code, start): (code, _field(label), start, end) for code, label, start, end in HISTORICAL_PARTNER_LABELS}
    countries = [(code, _field(label), PARTNER_STARTS.get(code, "190001"), STILL_VALID) for code, label in partner_labels().items()]
    pays = sorted([*history.values(), *countries], key=lambda row: (row[0], row[2]))
    cpf4 = [(p.cpf4, _field(p.label), *CPF4_VALIDITY) for p in products()]
    if finer:
        cpf4 = scaled_label_rows(cpf4, finer)
    a129 = [(code, _field(label), *A129_VALIDITY) for code, label in sorted(a129_labels().items())]
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

"""The rules of a flow file's ten fields, evaluated alike by both passes of :mod:`helpers.data.flows`.

The raw fields (internal names in file order, official French names as messages show them), the
limits (values in euros, masses in kilograms) and each column rule: an Arrow predicate, true for
every acceptable value, with the rule in French as reported. The general parser evaluates them
through pandera to name each problem, the fast pass directly to accept a whole file at once.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

import pyarrow as arrow
import pyarrow.compute as pc

from .labels import LABEL_FILENAMES, LabelSet

#: Internal column names of the ten raw fields, in file order.
RAW_COLUMNS = ["flow", "quarter", "year", "dep", "region", "a129", "cpf4", "country", "value", "mass"]
#: Official French field names (used in messages), by internal column.
FIELD_NAMES = {
    "flow": "flux",
    "quarter": "trimestre",
    "year": "année",
    "dep": "code département",
    "region": "code région",
    "a129": "code A129",
    "cpf4": "code CPF4",
    "country": "code pays",
    "value": "valeur",
    "mass": "masse",
}
#: Fields of the duplicate-key check: all but value and mass.
KEY_COLUMNS = RAW_COLUMNS[:8]
#: Largest accepted value, euros (a larger one is absurd).
MAX_VALUE_EUR = 10**12
#: Largest accepted mass, kilograms (guard against absurd figures and int64 overflow).
MAX_MASS_KG = 10**15


#: Arrow strings (an array or a chunked array) → Arrow booleans, one per value.
_ArrowPredicate = Callable[[arrow.Array | arrow.ChunkedArray], arrow.Array | arrow.ChunkedArray]


@dataclass(frozen=True)
class _Rule:
    """One check of a raw field: ``passes`` is true for each acceptable value; ``error`` is the rule
    in French, as reported."""

    column: str
    error: str
    passes: _ArrowPredicate


def _fullmatch(pattern: str) -> _ArrowPredicate:
    """Whether each whole value matches the regular expression ``pattern`` (RE2, like pandas'
    ``str.fullmatch`` on Arrow strings)."""
    return lambda values: pc.match_substring_regex(values, f"^(?:{pattern})$")


def _among(codes: list[str]) -> _ArrowPredicate:
    """Whether each value is one of ``codes``."""
    allowed = arrow.array(codes, type=arrow.string())
    return lambda values: pc.is_in(values, value_set=allowed)


def _not_above(limit: int) -> _ArrowPredicate:
    """Whether each value, when it is all digits, is at most ``limit`` (leading zeros ignored)."""
    width, digits = len(str(limit)), _fullmatch("[0-9]+")

    def passes(values: arrow.Array | arrow.ChunkedArray) -> arrow.Array | arrow.ChunkedArray:
        significant = pc.utf8_ltrim(values, characters="0")
        return pc.or_(
            pc.or_(pc.invert(digits(values)), pc.less(pc.utf8_length(significant), width)),
            pc.equal(significant, str(limit)),
        )

    return passes


def _not_negative(values: arrow.Array | arrow.ChunkedArray) -> arrow.Array | arrow.ChunkedArray:
    """Whether each value does not start with a minus sign."""
    return pc.invert(pc.starts_with(values, "-"))


def _rules(labels: LabelSet, expected_flow: str | None) -> list[_Rule]:
    """The column rules of the raw string fields, in report order within a field."""

    def codes_in(column: str, kind: str) -> _Rule:
        return _Rule(column, f"code absent de {LABEL_FILENAMES[kind]}", _among(labels.table(kind)["code"].tolist()))

    rules = [_Rule("flow", "flux I (importation) ou E (exportation) attendu", _among(["I", "E"]))]
    if expected_flow is not None:
        word = "exportations" if expected_flow == "E" else "importations"
        known = _among(["I", "E"])
        rules.append(
            _Rule(
                "flow",
                f"flux contraire au fichier (fichier d'{word} : {expected_flow} attendu)",
                lambda values: pc.or_(pc.invert(known(values)), pc.equal(values, expected_flow)),
            )
        )
    return [
        *rules,
        _Rule("quarter", "trimestre de 1 à 4 attendu", _among(["1", "2", "3", "4"])),
        _Rule("year", "année sur quatre chiffres attendue", _fullmatch("[0-9]{4}")),
        codes_in("dep", "departements"),
        _Rule("region", "code région absent de Departement_region.txt", _among(labels.departements["region_code"].unique().tolist())),
        codes_in("a129", "a129"),
        codes_in("cpf4", "cpf4"),
        codes_in("country", "pays"),
        _Rule("value", "valeur non numérique : un nombre entier d'euros est attendu", _fullmatch("-?[0-9]+")),
        _Rule("value", "valeur négative", _not_negative),
        _Rule("value", "valeur supérieure à 10^12 euros (absurde)", _not_above(MAX_VALUE_EUR)),
        _Rule("mass", "masse non entière : un nombre entier de kilogrammes ou vide est attendu", _fullmatch("-?[0-9]*")),
        _Rule("mass", "masse négative", _not_negative),
        _Rule("mass", "masse supérieure à 10^15 kg (absurde)", _not_above(MAX_MASS_KG)),
    ]

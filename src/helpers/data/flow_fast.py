"""The fast pass of the flow reader: a regular flow file parsed and checked in one go by Arrow.

Regular: valid UTF-8, no header line, ten fields on every line (or eleven, the last empty), no
blank line but at the end — the demonstration files and, as far as is known, the official ones.
pyarrow's CSV reader parses such a file and Arrow compute functions check every rule of
:mod:`~helpers.data.flow_rules`, without naming problems. A file this pass does not accept is
read by the general parser (:mod:`~helpers.data.flow_general`): same fields, same rules, and the
problems named.
"""

from __future__ import annotations

import math

import numpy as np
import pyarrow as arrow
import pyarrow.compute as pc
import pyarrow.csv as arrow_csv

from .flow_general import _UTF8_BOM, _looks_like_header
from .flow_rules import KEY_COLUMNS, RAW_COLUMNS, _rules
from .labels import LabelSet

#: Largest number of distinct keys :func:`_has_duplicate_keys` numbers as int64.
_LARGEST_KEY = 2**63 - 1


#: pyarrow's CSV reader set to the flow files' syntax: ``;``, no quoting or escaping, every
#: field a string (an empty field stays an empty string).
_CSV_PARSE = arrow_csv.ParseOptions(
    delimiter=";", quote_char=False, double_quote=False, escape_char=False, newlines_in_values=False, ignore_empty_lines=False
)


def _parse_regular(data: bytes) -> dict[str, arrow.Array] | None:
    """The ten raw fields of a *regular* flow file, parsed by pyarrow's CSV reader, or ``None``.

    Regular: valid UTF-8 (one BOM dropped), no header line (:func:`_looks_like_header`), no blank
    line but trailing ones, and every line with exactly ten fields — or every line with eleven, the
    last empty (a trailing ``;``). Line ends may be CRLF, LF, lone CR or a mix. For such a file the
    fields, and line *n* being row *n − 1*, are exactly those of the general parser
    (:func:`~helpers.data.flow_general._decode_flow`, :func:`~helpers.data.flow_general._split_lines`,
    :func:`~helpers.data.flow_general._split_fields`), which reads every other file and names its
    problems.
    """
    if data.startswith(_UTF8_BOM):
        data = data[len(_UTF8_BOM):]
    if not data.isascii():
        try:
            data.decode("utf-8")
        except UnicodeDecodeError:
            return None
    if b"\r" in data:  # the general parser's line ends: CRLF, then a lone CR, become LF
        data = data.replace(b"\r\n", b"\n").replace(b"\r", b"\n")
    body = data.rstrip(b"\n")  # trailing empty lines (a trailing line of spaces is not regular)
    # pyarrow would read an empty line as a record of empty fields, and drop a second BOM
    if not body or body.startswith((b"\n", _UTF8_BOM)) or b"\n\n" in body:
        return None
    end = body.find(b"\n")
    first = (body if end < 0 else body[:end]).decode("utf-8")
    width = first.count(";") + 1
    if _looks_like_header(first) or not (width == 10 or (width == 11 and first.endswith(";"))):
        return None
    names = [*RAW_COLUMNS, "trailing"][:width]
    try:
        table = arrow_csv.read_csv(
            arrow.py_buffer(body),
            read_options=arrow_csv.ReadOptions(column_names=names),
            parse_options=_CSV_PARSE,
            convert_options=arrow_csv.ConvertOptions(column_types=dict.fromkeys(names, arrow.string()), strings_can_be_null=False),
        )
    except arrow.ArrowInvalid:  # a line with another number of fields
        return None
    if table.num_rows != body.count(b"\n") + 1:
        return None
    if width == 11 and not pc.all(pc.equal(table["trailing"], "")).as_py():
        return None
    return {column: table[column].combine_chunks() for column in RAW_COLUMNS}


def _passes_all_checks(arrays: dict[str, arrow.Array], labels: LabelSet, expected_flow: str | None) -> bool:
    """Whether the raw fields pass every check of :func:`~helpers.data.flows._read_flow` (column
    rules, région codes, unique keys): vectorised over Arrow arrays, without naming problems.

    The key fields (codes: few distinct values, many records) are dictionary-encoded once: a rule
    passes for every record exactly when it passes for every distinct value present (the
    dictionary), and the région and duplicate checks reuse the same codes.
    """
    encoded = {column: pc.dictionary_encode(arrays[column]) for column in KEY_COLUMNS}
    for rule in _rules(labels, expected_flow):
        values = encoded[rule.column].dictionary if rule.column in encoded else arrays[rule.column]
        if not pc.all(rule.passes(values)).as_py():
            return False
    return _regions_consistent(encoded, labels) and not _has_duplicate_keys(arrays, encoded)


def _regions_consistent(encoded: dict[str, arrow.DictionaryArray], labels: LabelSet) -> bool:
    """Whether no record has a known région code other than its département's in
    ``Departement_region.txt`` (the rule of :func:`~helpers.data.flow_general._region_problems`),
    checked on the distinct (département, région) pairs of the dictionary-encoded fields."""
    dep, region = encoded["dep"], encoded["region"]
    width = max(len(region.dictionary), 1)
    codes = dep.indices.to_numpy(zero_copy_only=False).astype(np.int64) * width + region.indices.to_numpy(zero_copy_only=False)
    pair = np.unique(codes)  # distinct (département, région) pairs, as dep code × width + région code
    pair_dep = dep.dictionary.take(arrow.array(pair // width))
    pair_region = region.dictionary.take(arrow.array(pair % width))
    deps = labels.departements
    position = pc.index_in(pair_dep, value_set=arrow.array(deps["code"].tolist(), type=arrow.string()))
    expected = arrow.array(deps["region_code"].tolist(), type=arrow.string()).take(position)  # null: unknown unit
    known = pc.is_in(pair_region, value_set=arrow.array(deps["region_code"].unique().tolist(), type=arrow.string()))
    bad = pc.and_(known, pc.not_equal(pair_region, expected))
    return not pc.any(bad).as_py()  # nulls (unknown unit) are not inconsistencies


def _has_duplicate_keys(arrays: dict[str, arrow.Array], encoded: dict[str, arrow.DictionaryArray] | None = None) -> bool:
    """Whether two records share their key (all fields but value and mass:
    :func:`~helpers.data.flow_general._duplicate_problems`).

    Each key field is dictionary-encoded and the codes are combined into one int64 per record
    (mixed radix: distinct records, distinct numbers); Arrow's group-by when that would overflow.
    ``encoded``: the key fields already dictionary-encoded (by :func:`_passes_all_checks`).
    """
    encoded = [encoded[column] if encoded else pc.dictionary_encode(arrays[column]) for column in KEY_COLUMNS]
    if math.prod(len(e.dictionary) for e in encoded) > _LARGEST_KEY:
        keys = arrow.table({column: arrays[column] for column in KEY_COLUMNS})
        return keys.group_by(KEY_COLUMNS).aggregate([]).num_rows < keys.num_rows
    key = np.zeros(len(arrays["flow"]), dtype=np.int64)
    for e in encoded:
        key = key * len(e.dictionary) + e.indices.to_numpy(zero_copy_only=False)
    key.sort()
    return bool(np.any(key[1:] == key[:-1]))

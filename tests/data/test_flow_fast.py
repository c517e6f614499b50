"""The fast pass of the flow reader: which files are regular, and that it reads what the general
parser reads (same fields, same records)."""

from __future__ import annotations

import pandas as pd
import pytest

from helpers.data import flow_fast, flow_general, flows
from helpers.data.flow_sources import flow_kind_from_name
from helpers.data.flows import read_flow_bytes
from helpers.data.labels import LabelSet
from tests.data.conftest import FLOWS


def _general_read(name: str, data: bytes, labelset: LabelSet, monkeypatch: pytest.MonkeyPatch) -> pd.DataFrame:
    """``read_flow_bytes`` with the fast pass switched off: every file goes through the general parser."""
    with monkeypatch.context() as patch:
        patch.setattr(flows, "_parse_regular", lambda data: None)  # where flows._read_flow looks it up
        return read_flow_bytes(name, data, labelset, flow_kind_from_name(name))


def test_regular_file_is_read_by_the_fast_pass(labelset: LabelSet, monkeypatch: pytest.MonkeyPatch) -> None:
    data = (FLOWS / "Region_2024_Export.txt").read_bytes()
    expected = _general_read("Region_2024_Export.txt", data, labelset, monkeypatch)

    def general_parser(*args: object) -> None:
        raise AssertionError("a regular, valid file does not need the general parser")

    monkeypatch.setattr(flows, "_split_fields", general_parser)  # where flows._read_flow looks it up
    for variant in (data, data.replace(b"\n", b"\r\n"), data.replace(b"\n", b"\r"), b"\xef\xbb\xbf" + data + b"\r\n\r\n"):
        pd.testing.assert_frame_equal(read_flow_bytes("Region_2024_Export.txt", variant, labelset, "E"), expected, check_exact=True)


def test_every_line_with_a_trailing_semicolon_is_regular(labelset: LabelSet) -> None:
    lines = [line for line in (FLOWS / "Region_2024_Export.txt").read_bytes().split(b"\n") if line]
    assert all(line.count(b";") == 9 for line in lines)  # premise: 10 fields each (some masses empty)
    plain = b"".join(line + b"\r\n" for line in lines)
    trailing = plain.replace(b"\r\n", b";\r\n")
    assert flow_fast._parse_regular(plain) is not None and flow_fast._parse_regular(trailing) is not None
    pd.testing.assert_frame_equal(
        read_flow_bytes("Region_2024_Export.txt", trailing, labelset, "E"), read_flow_bytes("Region_2024_Export.txt", plain, labelset, "E"), check_exact=True
    )


@pytest.mark.parametrize(
    "data",
    [
        b"E;1;2024;11;12;A01Z;0111;BE;5;1\r\n\r\nE;2;2024;11;12;A01Z;0111;BE;5;1\r\n",  # blank line inside
        b"E;1;2024;11;12;A01Z;0111;BE;5;1;\nE;2;2024;11;12;A01Z;0111;BE;5;1\n",  # 11 then 10 fields
        b"E;1;2024;11;12;A01Z;0111;BE;5;1;x\n",  # 11 fields, the last not empty
        b"flux;trimestre;annee;dep;region;a129;cpf4;pays;valeur;masse\nE;1;2024;11;12;A01Z;0111;BE;5;1\n",  # header
        b"\xef\xbb\xbf\xef\xbb\xbfE;1;2024;11;12;A01Z;0111;BE;5;1\n",  # a second BOM is data
        b"E;1;2024;11;12;A01Z;0111;B\xc9;5;1\n",  # not UTF-8
        b"\nE;1;2024;11;12;A01Z;0111;BE;5;1\n",  # blank first line
        b"E;1;2024;11;12;A01Z;0111;BE;5;1\n  \n",  # a last line of spaces
    ],
)
def test_irregular_files_are_left_to_the_general_parser(data: bytes) -> None:
    assert flow_fast._parse_regular(data) is None


def test_quotes_are_characters_for_both_parsers() -> None:
    data = b'E;1;2024;11;12;A01Z;0111;"BE;5";1\r\n'
    regular = flow_fast._parse_regular(data)
    _, arrays, problems = flow_general._split_fields(flow_general._split_lines(data.decode()), set())
    assert regular is not None and not problems
    assert {c: a.to_pylist() for c, a in regular.items()} == {c: a.to_pylist() for c, a in arrays.items()}
    assert regular["country"].to_pylist() == ['"BE'] and regular["value"].to_pylist() == ['5"']


def test_duplicate_keys_found_without_int64_numbering(monkeypatch: pytest.MonkeyPatch) -> None:
    unique = flow_fast._parse_regular((FLOWS / "Region_2024_Export.txt").read_bytes())
    twice = flow_fast._parse_regular((FLOWS / "duplicate.txt").read_bytes())
    assert unique is not None and twice is not None
    assert (flow_fast._has_duplicate_keys(unique), flow_fast._has_duplicate_keys(twice)) == (False, True)
    monkeypatch.setattr(flow_fast, "_LARGEST_KEY", 0)  # every key space "too large": Arrow's group-by
    assert (flow_fast._has_duplicate_keys(unique), flow_fast._has_duplicate_keys(twice)) == (False, True)


@pytest.mark.parametrize(
    ("fixture", "passes"),
    [("Region_2024_Export.txt", True), ("region_inconsistent.txt", False), ("cpf4_unknown.txt", False), ("dep_unknown.txt", False),
     ("quarter.txt", False), ("duplicate.txt", False), ("value_negative.txt", False)],
)
def test_checks_on_distinct_codes_decide_as_on_every_record(labelset: LabelSet, fixture: str, passes: bool) -> None:
    """The fast pass checks the codes' distinct values (dictionary) and distinct (dep, région) pairs;
    a bad code repeated among valid records, or a single one, is still refused."""
    data = (FLOWS / fixture).read_bytes()
    arrays = flow_fast._parse_regular(data)
    assert arrays is not None
    assert flow_fast._passes_all_checks(arrays, labelset, None) is passes
    repeated = flow_fast._parse_regular(b"".join([(FLOWS / "Region_2024_Export.txt").read_bytes()] + [data] * 1))
    assert repeated is not None
    if not passes and fixture != "duplicate.txt":
        assert flow_fast._passes_all_checks(repeated, labelset, None) is False


def test_region_pairs_one_bad_pair_among_good_ones(labelset: LabelSet) -> None:
    good = b"E;1;2024;11;12;A01Z;0111;BE;1000;50\r\nE;2;2024;11;12;A01Z;0111;BE;1000;50\r\nE;1;2024;75;03;A01Z;0111;BE;5;1\r\n"
    bad = good + b"E;3;2024;11;03;A01Z;0111;BE;1000;50\r\n"  # Aude given Île-de-France's code
    assert flow_fast._passes_all_checks(flow_fast._parse_regular(good), labelset, None) is True
    assert flow_fast._passes_all_checks(flow_fast._parse_regular(bad), labelset, None) is False

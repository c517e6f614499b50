"""Property-based tests of the flow reader (hypothesis), on the fixture label files.

- any set of valid records, written with the accepted quirks (BOM, CRLF/LF mix, one trailing
  ``;``, empty mass, trailing blank lines), loads with exactly its totals;
- one record mutated into an invalid one makes the reader refuse, naming that line;
- a mutation that stays valid changes the totals by exactly its amount;
- whatever the bytes, the reader either loads or raises :class:`DataError` (never another
  exception), and a refused source leaves no cache behind (no partial load).
"""

from __future__ import annotations

import shutil
import tempfile
from pathlib import Path

import pytest
from hypothesis import HealthCheck, assume, example, given, settings
from hypothesis import strategies as st

from helpers.common.errors import DataError
from helpers.data import flow_fast, flow_general, store
from helpers.data import labels as labels_mod
from helpers.data.flow_rules import MAX_VALUE_EUR
from helpers.data.flows import read_flow_bytes, read_source
from tests.data.conftest import label_files

DEPS = {"11": "12", "20": "22", "31": "12", "34": "12", "75": "03", "9D": "24"}
A129 = ["A01Z", "B08Z", "C20B", "C30C"]
CPF4 = ["0111", "0893", "2011", "3030"]
COUNTRIES = ["BE", "CN", "DE", "ES", "US", "QU"]  # valid for 2023-2024 (ZZ would only warn)
NAME = "Region_2024_Export.txt"  # an export file: every record must be "E"
SETTINGS = settings(max_examples=30, deadline=None, suppress_health_check=[HealthCheck.too_slow, HealthCheck.function_scoped_fixture])


@pytest.fixture(scope="module")
def labelset() -> labels_mod.LabelSet:
    return labels_mod.read_label_set({k: (p.name, p.read_bytes()) for k, p in zip(labels_mod.LABEL_FILENAMES, label_files(), strict=True)})


@st.composite
def records(draw: st.DrawFn) -> list[list[str]]:
    """1–12 valid export records (10 fields as strings) with distinct keys."""
    record = st.builds(
        lambda quarter, year, dep, a129, cpf4, country, value, mass: [
            "E", str(quarter), str(year), dep, DEPS[dep], a129, cpf4, country, str(value), mass,
        ],
        st.integers(1, 4),
        st.sampled_from([2023, 2024]),
        st.sampled_from(sorted(DEPS)),
        st.sampled_from(A129),
        st.sampled_from(CPF4),
        st.sampled_from(COUNTRIES),
        st.one_of(st.integers(0, 1000), st.integers(0, MAX_VALUE_EUR)),
        st.one_of(st.just(""), st.integers(0, 10**15).map(str)),
    )
    return draw(st.lists(record, min_size=1, max_size=12, unique_by=lambda r: tuple(r[:8])))


@st.composite
def layouts(draw: st.DrawFn, n: int) -> dict:
    """How the file is written: BOM, line ends per line, trailing ';' per line, blank lines at the end."""
    return {
        "bom": draw(st.booleans()),
        "ends": draw(st.lists(st.sampled_from(["\n", "\r\n"]), min_size=n, max_size=n)),
        "trailing": draw(st.lists(st.booleans(), min_size=n, max_size=n)),
        "blank_end": draw(st.sampled_from(["", "\r\n", "\n\n"])),
    }


def write(rows: list[list[str]], layout: dict | None = None) -> bytes:
    layout = layout or {"bom": False, "ends": ["\n"] * len(rows), "trailing": [False] * len(rows), "blank_end": ""}
    text = "".join(";".join(r) + (";" if t else "") + e for r, e, t in zip(rows, layout["ends"], layout["trailing"], strict=True))
    data = (text + layout["blank_end"]).encode("utf-8")
    return (b"\xef\xbb\xbf" + data) if layout["bom"] else data


def total(rows: list[list[str]]) -> int:
    return sum(int(r[8]) for r in rows)


@SETTINGS
@given(data=st.data())
def test_valid_records_load_with_exact_totals(labelset, data) -> None:
    rows = data.draw(records())
    frame = read_flow_bytes(NAME, write(rows, data.draw(layouts(len(rows)))), labelset, "E")
    assert len(frame) == len(rows)
    assert int(frame["value_eur"].sum()) == total(rows)
    for dep in DEPS:
        assert int(frame.loc[frame["dep"] == dep, "value_eur"].sum()) == sum(int(r[8]) for r in rows if r[3] == dep)
    masses = [int(r[9]) for r in rows if r[9] != ""]
    assert int(frame["mass_kg"].sum()) == sum(masses) and int(frame["mass_kg"].isna().sum()) == len(rows) - len(masses)


#: Mutations that make one record invalid: (name, function(row, rows) -> new row or raw line).
def _region_elsewhere(row: list[str]) -> str:
    return next(code for code in ("03", "12", "22", "24") if code != DEPS[row[3]])


INVALID = {
    "quarter": lambda r: _set(r, 1, "5"),
    "quarter_zero": lambda r: _set(r, 1, "0"),
    "year": lambda r: _set(r, 2, "24"),
    "flow_import": lambda r: _set(r, 0, "I"),
    "flow_unknown": lambda r: _set(r, 0, "X"),
    "dep_unknown": lambda r: _set(r, 3, "2A"),
    "region_inconsistent": lambda r: _set(r, 4, _region_elsewhere(r)),
    "a129_unknown": lambda r: _set(r, 5, "Z99Z"),
    "cpf4_unknown": lambda r: _set(r, 6, "9999"),
    "country_unknown": lambda r: _set(r, 7, "XX"),
    "value_text": lambda r: _set(r, 8, "12a"),
    "value_empty": lambda r: _set(r, 8, ""),
    "value_negative": lambda r: _set(r, 8, "-" + r[8]),
    "value_absurd": lambda r: _set(r, 8, str(MAX_VALUE_EUR + 1 + int(r[8]))),
    "value_decimal": lambda r: _set(r, 8, r[8] + ",5"),
    "mass_decimal": lambda r: _set(r, 9, "1.5"),
    "mass_negative": lambda r: _set(r, 9, "-1"),
    "missing_field": lambda r: r[:9],
    "extra_field": lambda r: [*r, "7", "8"],
}


def _set(row: list[str], index: int, value: str) -> list[str]:
    row = list(row)
    row[index] = value
    return row


@SETTINGS
@given(data=st.data())
def test_one_invalid_record_is_refused_naming_its_line(labelset, data) -> None:
    rows = data.draw(records())
    index = data.draw(st.integers(0, len(rows) - 1))
    kind = data.draw(st.sampled_from(sorted(INVALID) + ["duplicate", "not_utf8"]))
    payload: bytes
    if kind == "duplicate":
        assume(len(rows) >= 2)
        source = data.draw(st.integers(0, len(rows) - 1).filter(lambda i: i != index))
        rows = list(rows)
        rows[index] = rows[source][:8] + rows[index][8:]  # same key, its own value and mass
        bad_line = max(index, source) + 1
        payload = write(rows)
    elif kind == "not_utf8":
        bad_line = index + 1
        lines = [";".join(r).encode() for r in rows]
        lines[index] = lines[index].replace(b";" + rows[index][7].encode() + b";", b";B\xc9;", 1)
        payload = b"\n".join(lines) + b"\n"
    else:
        rows = list(rows)
        rows[index] = INVALID[kind](rows[index])
        bad_line = index + 1
        payload = write(rows)
    try:
        read_flow_bytes(NAME, payload, labelset, "E")
    except DataError as error:
        assert bad_line in [p.line for p in error.problems], (kind, str(error))
        assert all(p.file == NAME for p in error.problems)
        assert f"ligne {bad_line}" in str(error)
    else:  # pragma: no cover - the assertion message is the report
        pytest.fail(f"mutation {kind!r} on line {bad_line} was accepted")


@SETTINGS
@given(data=st.data())
def test_a_valid_mutation_changes_totals_by_exactly_its_amount(labelset, data) -> None:
    rows = data.draw(records())
    index = data.draw(st.integers(0, len(rows) - 1))
    old = int(rows[index][8])
    new = data.draw(st.integers(0, MAX_VALUE_EUR))
    mass = data.draw(st.one_of(st.just(""), st.integers(0, 10**15).map(str)))
    before = read_flow_bytes(NAME, write(rows), labelset, "E")
    changed = [list(r) for r in rows]
    changed[index][8], changed[index][9] = str(new), mass
    after = read_flow_bytes(NAME, write(changed), labelset, "E")
    assert int(after["value_eur"].sum()) - int(before["value_eur"].sum()) == new - old
    dep = rows[index][3]
    assert (
        int(after.loc[after["dep"] == dep, "value_eur"].sum()) - int(before.loc[before["dep"] == dep, "value_eur"].sum())
        == new - old
    )
    assert len(after) == len(before)


@settings(max_examples=100, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(
    payload=st.one_of(
        st.binary(max_size=300),
        st.lists(
            st.lists(st.sampled_from(["E", "I", "1", "2024", "11", "12", "A01Z", "0111", "BE", "100", "", "-", "x", "9" * 14, "é", "\x00"]), max_size=12).map(";".join),
            max_size=6,
        ).map(lambda lines: "\r\n".join(lines).encode("utf-8")),
    )
)
# Found by hypothesis (whitespace that str.strip() removes but the empty-file check did not): loaded as zero records.
@example(payload=b"\x0b")
@example(payload=b"\x0c\r\n\x1c")
@example(payload="\u2028\x85 ".encode("utf-8"))
@example(payload=b"\xef\xbb\xbf\x0b\n")
def test_any_bytes_load_or_raise_data_error_only(labelset, payload: bytes) -> None:
    try:
        frame = read_flow_bytes(NAME, payload, labelset, "E")
    except DataError as error:
        assert error.problems and all(p.file == NAME for p in error.problems)
    else:
        assert len(frame) >= 1 and (frame["flow"] == "E").all() and (frame["value_eur"] >= 0).all()


@settings(max_examples=8, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow])
@given(data=st.data())
def test_a_refused_source_loads_nothing_and_writes_no_cache(data) -> None:
    rows = data.draw(records())
    index = data.draw(st.integers(0, len(rows) - 1))
    kind = data.draw(st.sampled_from(sorted(INVALID)))
    with tempfile.TemporaryDirectory() as tmp:
        folder = Path(tmp) / "src"
        folder.mkdir()
        for path in label_files():
            shutil.copy(path, folder / path.name)
        (folder / "Region_2023_Export.txt").write_bytes(write([["E", "1", "2023", "11", "12", "A01Z", "0111", "BE", "5", ""]]))
        broken = list(rows)
        broken[index] = INVALID[kind](broken[index])
        (folder / NAME).write_bytes(write(broken))
        with pytest.raises(DataError) as info:
            read_source(folder)
        assert any(p.file == NAME and p.line == index + 1 for p in info.value.problems)
        cache_root = Path(tmp) / "cache"
        with pytest.raises(DataError):
            store.ensure_cache(folder, cache_root)
        assert not cache_root.exists() or list(cache_root.iterdir()) == []


# --- the fast pass (regular files) and the general parser agree ----------------------------------------


def _general_fields(data: bytes) -> dict[str, list[str]] | None:
    """The raw fields by the general parser, or None when it reports a problem of form (undecodable
    bytes, header, field count)."""
    text, decode_problems = flow_general._decode_flow(data)
    lines = flow_general._split_lines(text)
    if decode_problems or (lines and flow_general._looks_like_header(lines[0])):
        return None
    _, arrays, problems = flow_general._split_fields(lines, set())
    return None if problems else {column: array.to_pylist() for column, array in arrays.items()}


_PIECES = ["E", "I", "1", "2024", "11", "12", "A01Z", "0111", "BE", "100", "", " ", '"', "é", "\ufeff", "\x00", "x"]


@st.composite
def _files(draw: st.DrawFn) -> bytes:
    """Lines of 9 to 12 fields (mostly 10), any line ends, blank lines, BOMs, quotes, stray bytes."""
    width = draw(st.sampled_from([10, 10, 10, 11, 9, 12]))
    lines = draw(
        st.lists(
            st.one_of(
                st.lists(st.sampled_from(_PIECES), min_size=width, max_size=width).map(";".join),
                st.sampled_from(["", "  ", ";" * 9, "flux;trimestre;annee;d;r;a;c;p;v;m"]),
            ),
            min_size=1,
            max_size=6,
        )
    )
    ends = draw(st.lists(st.sampled_from(["\r\n", "\n", "\r"]), min_size=len(lines), max_size=len(lines)))
    data = "".join(line + end for line, end in zip(lines, ends, strict=True)).encode("utf-8")
    if draw(st.booleans()):
        data = data.rstrip(b"\r\n")
    if draw(st.booleans()):
        data = b"\xef\xbb\xbf" + data
    if draw(st.integers(0, 9)) == 0:
        data = data.replace(b"x", b"\xc9")  # not UTF-8
    return data


@settings(max_examples=300, deadline=None)
@given(data=_files())
def test_regular_parser_reads_exactly_what_the_general_parser_reads(data: bytes) -> None:
    regular = flow_fast._parse_regular(data)
    if regular is not None:
        assert {column: array.to_pylist() for column, array in regular.items()} == _general_fields(data)


@SETTINGS
@given(data=st.data())
def test_fast_checks_accept_exactly_the_files_without_problems(labelset, data) -> None:
    rows = data.draw(records())
    if data.draw(st.booleans()):
        index = data.draw(st.integers(0, len(rows) - 1))
        kind = data.draw(st.sampled_from(sorted(set(INVALID) - {"missing_field", "extra_field"}) + ["duplicate"]))
        rows = [list(r) for r in rows]
        if kind == "duplicate":
            rows.append(rows[index][:8] + ["1", ""])
        else:
            rows[index] = INVALID[kind](rows[index])
    layout = data.draw(layouts(len(rows)))
    layout["trailing"] = [layout["trailing"][0]] * len(rows)  # every line with the same number of fields
    payload = write(rows, layout)
    regular = flow_fast._parse_regular(payload)
    assert regular is not None
    frame, _, _ = flow_general._split_fields(flow_general._split_lines(flow_general._decode_flow(payload)[0]), set())
    expected = data.draw(st.sampled_from(["E", "I", None]))
    reported = [*flow_general._column_problems(frame, labelset, expected), *flow_general._region_problems(frame, labelset), *flow_general._duplicate_problems(frame)]
    assert flow_fast._passes_all_checks(regular, labelset, expected) == (not any(len(p) for p in reported))

"""Flow rules: their limits (value at the limit accepted) and the flow the file's name announces."""

from __future__ import annotations

import pytest

from helpers.common.errors import DataError
from helpers.data.flows import read_flow_bytes
from helpers.data.labels import LabelSet
from tests.data.conftest import FLOWS, read_fixture


def test_value_of_exactly_ten_to_the_twelve_is_accepted(labelset: LabelSet) -> None:
    data = (FLOWS / "value_too_large.txt").read_bytes().splitlines(keepends=True)[0]
    frame = read_flow_bytes("ok.txt", data, labelset, None)
    assert frame["value_eur"].item() == 10**12


def test_same_file_name_decides_flow_check(labelset: LabelSet) -> None:
    # the record "I" is fine when the file announces nothing or imports
    frame = read_fixture("flux_contradicts_Export.txt", labelset, name="mixed.txt")
    assert sorted(frame["flow"]) == ["E", "I"]
    with pytest.raises(DataError):
        read_fixture("flux_contradicts_Export.txt", labelset, name="Region_2024_Import.txt")

"""Flow problems report: up to 20 problems listed in reading order, the rest counted."""

from __future__ import annotations

import pytest

from helpers.common.errors import DataError
from helpers.data.labels import LabelSet
from tests.data.conftest import read_fixture


def test_many_problems_listed_up_to_twenty_then_counted(labelset: LabelSet) -> None:
    with pytest.raises(DataError) as info:
        read_fixture("many_errors.txt", labelset)
    error = info.value
    assert error.total == 25
    assert len(error.problems) == 20
    assert [p.line for p in error.problems] == list(range(1, 21))
    assert "5 autre(s)" in str(error)

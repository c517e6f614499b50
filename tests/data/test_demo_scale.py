"""Demonstration data × K: K times the records, the same totals, still files the reader accepts."""

from __future__ import annotations

import pandas as pd
import pytest

from helpers.common.errors import ConfigError
from helpers.data import demo, demo_scale, flows
from helpers.data.demo_labels import label_files
from helpers.data.labels import LABEL_FILENAMES, read_label_set


def test_finer_codes_take_free_codes_of_the_division_above_then_below() -> None:
    finer = demo_scale.finer_codes(["0113", "0111", "1199"], 3)
    assert finer == {"0111": ["0111", "0112", "0114"], "0113": ["0113", "0115", "0116"], "1199": ["1199", "1100", "1101"]}
    assert demo_scale.parent_codes(finer)["0116"] == "0113"
    assert demo_scale.finer_codes(["0111"], 1) == {"0111": ["0111"]}


@pytest.mark.parametrize("k", [0, demo_scale.MAX_SCALE + 1])
def test_scale_out_of_range_is_refused(k: int) -> None:
    with pytest.raises(ConfigError, match="Échelle invalide"):
        demo_scale.finer_codes(["0111"], k)


def test_a_full_division_is_refused() -> None:
    with pytest.raises(ConfigError, match="division 99"):
        demo_scale.finer_codes([f"99{n:02d}" for n in range(100)], 2)


def _records() -> pd.DataFrame:
    """Two records of the generator's shape: 10 € and 7 kg, 1 € and an unknown mass."""
    return pd.DataFrame(
        {
            "flux": ["E", "E"], "trimestre": [1, 2], "annee": [2024, 2024], "departement": ["11", "11"], "region": ["12", "12"],
            "a129": ["C11Z", "A01Z"], "cpf4": ["1102", "0111"], "pays": ["BE", "DE"], "valeur": [10, 1],
            "masse": pd.array([7, None], dtype="Int64"),
        }
    )


def test_each_record_is_split_into_k_with_exact_integer_parts() -> None:
    finer = demo_scale.finer_codes(["0111", "1102"], 3)
    out = demo_scale.split_records(_records(), 3, finer)
    assert len(out) == 6
    assert out["cpf4"].tolist() == ["1102", "1103", "1104", "0111", "0112", "0113"]
    assert out["valeur"].tolist() == [4, 3, 3, 1, 0, 0]  # 10 = 4 + 3 + 3, 1 = 1 + 0 + 0
    assert out["masse"].tolist()[:3] == [3, 2, 2] and out["masse"].isna().tolist()[3:] == [True] * 3
    kept = ["flux", "trimestre", "annee", "departement", "region", "a129", "pays"]
    assert out[kept].drop_duplicates().reset_index(drop=True).equals(_records()[kept])
    records = _records()
    assert demo_scale.split_records(records, 1, finer) is records


def test_scaled_file_is_read_with_the_same_totals_per_coarse_key() -> None:
    finer = demo_scale.finer_codes(["0111", "1102"], 2)
    out = demo_scale.split_records(_records(), 2, finer)
    labels = label_files(finer)
    label_set = read_label_set({kind: (name, labels[name]) for kind, name in LABEL_FILENAMES.items()})
    read = flows.read_flow_bytes("Region_2024_Export.txt", demo.flow_text(out), label_set, "E")
    assert len(read) == 4 and sorted(read["cpf4"]) == ["0111", "0112", "1102", "1103"]
    coarse = ["quarter", "dep", "a129", "country"]
    assert read.groupby(coarse)["value_eur"].sum().tolist() == [10, 1]  # by quarter: 10 € in Q1, 1 € in Q2
    back = read.assign(cpf4=read["cpf4"].map(demo_scale.parent_codes(finer))).groupby(["cpf4"])["value_eur"].sum()
    assert back.to_dict() == {"0111": 1, "1102": 10}

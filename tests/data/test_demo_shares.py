"""Product and partner mixes (:mod:`helpers.data.demo_shares`): the known specialisations and partners show.

Read back from the session's files (``tests/data/conftest.py``).
"""

from __future__ import annotations

import pandas as pd
import pytest

from tests.data.demo_support import top, total


def test_first_export_products(demo_frames: dict[tuple[int, str], pd.DataFrame]) -> None:
    exports = demo_frames[(2024, "E")]
    assert top(exports, "a129", dep="11").index[0] == "C11Z"  # Aude: beverages (wine)
    assert top(exports, "a129", dep="34").index[0] == "C11Z"  # Hérault: beverages (wine)
    assert top(exports, "a129", dep="31").index[0] == "C30C"  # Haute-Garonne: aircraft


def test_paris_imports_natural_gas_and_electricity(demo_frames: dict[tuple[int, str], pd.DataFrame]) -> None:
    imports = demo_frames[(2024, "I")]
    paris = top(imports, "cpf4", dep="75")
    assert paris["0620"] > 0.1 * paris.sum()  # natural gas, attributed to Paris
    assert paris["3511"] > 0
    gas = top(imports, "dep", cpf4="0620")
    assert gas.index[0] == "75" and gas.iloc[0] > 0.9 * gas.sum()


def test_port_departements_import_hydrocarbons(demo_frames: dict[tuple[int, str], pd.DataFrame]) -> None:
    imports = demo_frames[(2024, "I")]
    crude = top(imports, "dep", cpf4="0610")
    assert set(crude.index[:3]) == {"13", "76", "44"}
    for dep in ("13", "76", "44"):
        assert top(imports, "a129", dep=dep).index[0] == "B06Z"


def test_occitanie_shape(demo_frames: dict[tuple[int, str], pd.DataFrame]) -> None:
    exports = demo_frames[(2024, "E")]
    occitanie = total(exports, region="12")
    assert 0.58 < total(exports, dep="31") / occitanie < 0.64
    aerospace = total(exports, region="12", a129="C30C") / occitanie
    assert 0.5 < aerospace < 0.62
    partners = top(exports, "pays", region="12")
    assert {"DE", "ES"} <= set(partners.index[:3])
    assert {"CN", "US", "IN", "GB"} <= set(partners.index[:10])


def test_wine_of_languedoc_goes_first_to_germany(demo_frames: dict[tuple[int, str], pd.DataFrame]) -> None:
    exports = demo_frames[(2024, "E")]
    for dep in ("11", "34"):
        assert top(exports, "pays", dep=dep, cpf4="1102").index[0] == "DE"


def test_aube_exports_clothing(demo_frames: dict[tuple[int, str], pd.DataFrame]) -> None:
    exports = demo_frames[(2024, "E")]
    assert 0.2 < total(exports, dep="10", a129="C14Z") / total(exports, dep="10") < 0.3


def test_france_partners(demo_frames: dict[tuple[int, str], pd.DataFrame]) -> None:
    exports, imports = demo_frames[(2024, "E")], demo_frames[(2024, "I")]
    out, into = top(exports, "pays"), top(imports, "pays")
    assert out.index[0] == "DE" and into.index[0] == "DE"
    assert "CN" in into.index[:3] and into["CN"] > 2 * out["CN"]  # China much bigger at import
    main = {"DE", "US", "IT", "BE", "ES", "GB", "CN", "NL", "CH"}
    assert main <= set(out.index[:12]) and main <= set(into.index[:12])
    for series in (out, into):
        assert 0.58 < series.iloc[:10].sum() / series.sum() < 0.76  # about two thirds


def test_drom_import_far_more_than_they_export(demo_frames: dict[tuple[int, str], pd.DataFrame]) -> None:
    exports, imports = demo_frames[(2024, "E")], demo_frames[(2024, "I")]
    for dep in ("9A", "9B", "9C", "9D", "9E"):
        assert total(imports, dep=dep) > 3 * total(exports, dep=dep)
    assert "KM" in top(exports, "pays", dep="9E").index[:3]  # Mayotte trades with its neighbours
    assert "MU" in top(exports, "pays", dep="9D").index[:5]


def test_special_partner_codes_carry_small_amounts(demo_frames: dict[tuple[int, str], pd.DataFrame]) -> None:
    exports = demo_frames[(2024, "E")]
    special = top(exports, "pays")
    present = {c for c in ("QP", "QQ", "QR", "QS", "QU") if c in special.index}
    assert {"QU", "QR", "QS"} <= present
    assert special[list(present)].sum() < 0.02 * special.sum()


@pytest.mark.parametrize("flow", ["E", "I"])
def test_small_units_look_alive(demo_frames: dict[tuple[int, str], pd.DataFrame], flow: str) -> None:
    frame = demo_frames[(2024, flow)]
    per_unit = frame.groupby("dep").agg(products=("cpf4", "nunique"), partners=("pays", "nunique"))
    assert per_unit["products"].min() >= 24
    assert per_unit["partners"].min() >= 24


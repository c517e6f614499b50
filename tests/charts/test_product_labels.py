"""Short chart labels: coverage of the A129 codes, own wording, wrapping, CPF4 and countries."""

from __future__ import annotations

import re
import unicodedata

import pandas as pd
import pytest

from helpers.charts import product_labels as pl
from tests import SHARED

REFERENCE_A129 = SHARED / "reference" / "dgddi" / "Libelle_A129.txt"


def reference_a129() -> dict[str, str]:
    """Code → label of the real DGDDI A129 file (only used to check coverage and difference)."""
    assert REFERENCE_A129.is_file(), f"fichier de référence absent : {REFERENCE_A129}"
    out = {}
    for line in REFERENCE_A129.read_text(encoding="utf-8-sig").splitlines():
        if line.strip():
            code, label = line.split(";", 1)[0], line.split(";")[1]
            out[code] = label.strip('"')
    return out


def normalised(text: str) -> str:
    text = unicodedata.normalize("NFKD", text.replace("’", "'")).encode("ascii", "ignore").decode().lower()
    return re.sub(r"\s+", " ", text).strip()


def test_every_real_a129_code_has_a_short_label():
    short = pl.a129_short_labels()
    missing = set(reference_a129()) - set(short)
    assert not missing
    assert all(label.strip() for label in short.values())


def test_short_labels_are_our_own_wording():
    short = pl.a129_short_labels()
    same = [code for code, label in reference_a129().items() if normalised(short[code]) == normalised(label)]
    assert same == []


def test_short_labels_are_short():
    assert max(len(label) for label in pl.a129_short_labels().values()) <= 30


@pytest.mark.parametrize(
    "code, expected",
    [("C30C", "Aéronautique et spatial"), ("C20B", "Parfums, cosmétiques"), ("C19Z", "Produits pétroliers raffinés")],
)
def test_examples(code, expected):
    assert pl.product_label(code) == expected


def test_a129_fallback_to_label_file_then_code():
    labels = pd.DataFrame({"code": ["Z99Z"], "label": ["Un produit inconnu (nouveau code) : détail"]})
    assert pl.product_label("Z99Z", labels=labels) == "Un produit inconnu : détail"
    assert pl.product_label("Y00Y") == "Y00Y"


def test_cpf4_uses_label_files_shortened():
    labels = pd.DataFrame(
        {
            "code": ["1920", "0111"],
            "label": [
                "Carburants et combustibles raffinés : gazole, essence, kérosène, fioul",
                "Produits de la culture de céréales (à l'exception du riz), de légumineuses et de graines oléagineuses",
            ],
        }
    )
    assert pl.product_label("1920", level="cpf4", labels=labels) == "Carburants et combustibles raffinés"
    short = pl.product_label("0111", level="cpf4", labels=labels)
    assert "(" not in short and len(short) <= pl.SHORTEN_MAX
    assert short.startswith("Produits de la culture de céréales")
    assert pl.product_labels_for(["1920", "9999"], level="cpf4", labels=labels) == {
        "1920": "Carburants et combustibles raffinés",
        "9999": "9999",
    }
    with pytest.raises(ValueError):
        pl.product_label("1920", level="nc8")


def test_shorten_cuts_at_word_boundary():
    text = "mot " * 30
    short = pl.shorten(text, 20)
    assert len(short) <= 20 and short.endswith("…") and "mo…" not in short


@pytest.mark.parametrize("width", [8, 12, 16, 22])
def test_wrap_never_exceeds_width_except_long_words(width):
    for label in list(pl.a129_short_labels().values()) + ["Anticonstitutionnellement utilisé", "a b c"]:
        lines = pl.wrap(label, width)
        assert " ".join(lines) == " ".join(label.split())
        for line in lines:
            assert len(line) <= width or " " not in line


def test_wrap_keeps_no_break_spaces():
    assert pl.wrap("Boissons, vins et spiritueux 853,3\u00a0M€", 10)[-1] == "853,3\u00a0M€"
    assert pl.wrap_text("Aéronautique et spatial", 16) == "Aéronautique et\nspatial"


def test_country_labels():
    labels = pd.DataFrame({"code": ["KR", "ES", "BO"], "label": ["Corée (République de)", "Espagne", "Bolivie (Etat plurinational de)"]})
    assert pl.country_label("KR", labels) == "Corée du Sud"
    assert pl.country_label("ES", labels) == "Espagne"
    assert pl.country_label("BO", labels) == "Bolivie"
    assert pl.country_label("ZZ", labels) == "ZZ"
    assert pl.country_labels_for(["ES", "KR"], labels) == {"ES": "Espagne", "KR": "Corée du Sud"}

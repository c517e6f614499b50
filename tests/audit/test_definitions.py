"""The methodology's « Définitions des indicateurs »: one anchor per indicator of the box."""

from helpers.audit import definitions
from helpers.fiche.exposure import INDICATORS


def test_one_target_per_indicator_with_its_formula_and_the_thresholds():
    text = definitions.section()
    assert text.startswith("(ind-definitions)=\n## Définitions des indicateurs")
    for indicator in INDICATORS:
        assert f"({indicator.anchor})=\n### {indicator.label}\n" in text
    assert text.count("de 1 500 à 2 500 inclus « moyennement concentré »") == 2
    assert "`QU`" in text and "`XK`" in text and "Royaume-Uni" in text and "`GR`" in text
    assert "parmi les 100 départements" in text and "parmi les 12 régions" in text
    assert "Monaco" in text and "Corse" in text and "DROM" in text

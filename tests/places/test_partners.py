"""Partner codes: special codes (from the list and from labels), EU27 in its 2020 composition."""

from __future__ import annotations

import pandas as pd

from helpers.places import partners


def test_special_codes_cover_the_q_codes_of_the_reference_file_and_the_territories_treated_apart():
    assert {"QP", "QQ", "QR", "QS", "QU", "QV", "QW", "QY", "QZ", "XC", "XL", "XK"} <= partners.SPECIAL_PARTNER_CODES
    assert not {"US", "DE", "GB", "FR"} & partners.SPECIAL_PARTNER_CODES


def test_a_label_saying_not_a_country_adds_its_code():
    labels = pd.DataFrame({"code": ["QX", "DE"], "label": ["Pays non déterminés", "Allemagne"]})
    found = partners.special_partner_codes(labels)
    assert "QX" in found and "DE" not in found


def test_eu27_has_27_codes_and_no_united_kingdom():
    assert len(partners.EU27_2020) == 27 and "GB" not in partners.EU27_2020 and "US" not in partners.EU27_2020

"""Provenance records: finding the record of a file named by the cache manifest."""

from helpers.data.provenance import FileRecord, Provenance


def test_find_matches_whole_name_then_last_path_component():
    prov = Provenance("dgddi", "jeu", synthetic=False, files=[FileRecord("national_2024.zip", "a" * 64, 1), FileRecord("x.zip:y.txt", "b" * 64, 2)])
    assert prov.find("national_2024.zip").sha256 == "a" * 64
    assert prov.find("data/raw/national_2024.zip").sha256 == "a" * 64  # a path: its file name
    assert prov.find("x.zip:y.txt").size == 2
    assert prov.find("absent.zip") is None

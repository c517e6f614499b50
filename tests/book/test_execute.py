"""Page execution: inputs' fingerprint (what re-executes a page) and warm kernels (same output).

The dependency tracking is tested on small hand-made caches (one record per unit and flow), so
that each expected set of re-executed pages can be stated by hand; the kernels on the session's
demonstration data.
"""

from __future__ import annotations

import json
import shutil
from pathlib import Path

import nbformat
import pandas as pd
import pytest

from helpers.book import execute
from helpers.data import scopes
from helpers.fiche import parameters
from helpers.places import geography
from helpers.places.geography import page_units, resolve
from tests import PROJECT_ROOT

ROOT = PROJECT_ROOT
YEAR = 2024


# --------------------------------------------------------------------------------------------
# Fingerprint: exactly the pages whose inputs changed
# --------------------------------------------------------------------------------------------


def make_cache(
    folder: Path, changes: dict[str, int] | None = None, moved_to: dict[str, str] | None = None, *, years: tuple[int, ...] = (YEAR,),
    changed_year: int = YEAR,
) -> Path:
    """A minimal cache: for every unit and year, one export and one import record of 100 €.

    ``changes`` sets a unit's export value; ``moved_to`` gives a unit's export record to
    another unit (same product, country and quarter); both in ``changed_year`` only.
    """
    rows = []
    for year in years:
        for unit in page_units():
            for flow in ("E", "I"):
                value = (changes or {}).get(unit.dgddi_code, 100) if flow == "E" and year == changed_year else 100
                rows.append((year, 1, flow, unit.dgddi_code, unit.dgddi_region, "C10", "C10A", "DE", value, 1))
    frame = pd.DataFrame(rows, columns=["year", "quarter", "flow", "dep", "region", "a129", "cpf4", "country", "value_eur", "mass_kg"])
    for source, target in (moved_to or {}).items():
        mask = (frame["dep"] == source) & (frame["flow"] == "E") & (frame["year"] == changed_year)
        frame.loc[mask, ["dep", "region"]] = [target, resolve(target).dgddi_region]
    frame = frame.groupby(list(frame.columns[:8]), as_index=False, sort=True)[["value_eur", "mass_kg"]].sum()
    folder.mkdir(parents=True)
    frame.to_parquet(folder / "records.parquet", index=False)
    (folder / "manifest.json").write_text(json.dumps({"years": list(years), "files": []}), encoding="utf-8")
    pd.DataFrame({"code": ["C10"], "label": ["Produits"]}).to_parquet(folder / "labels_a129.parquet", index=False)
    return folder


@pytest.fixture(scope="module")
def book(tmp_path_factory) -> Path:
    root = tmp_path_factory.mktemp("fingerprints")
    shutil.copytree(ROOT / "notebooks", root / "notebooks")
    shutil.copytree(ROOT / "parameters", root / "parameters")
    return root


def fingerprints(root: Path, cache: Path, params: list[parameters.PageParameters] | None = None) -> dict[str, str]:
    params = params or parameters.read_all(root / "parameters")
    return {p.slug: execute.fingerprint(p, root=root, data_dir=root / "data", cache=cache) for p in params}


def changed(before: dict[str, str], after: dict[str, str]) -> set[str]:
    return {slug for slug in before if before[slug] != after[slug]}


def test_nothing_changed_nothing_re_executed(book, tmp_path):
    first = fingerprints(book, make_cache(tmp_path / "a"))
    again = fingerprints(book, make_cache(tmp_path / "b"))  # same records, another cache folder
    assert first == again


def test_one_pages_parameters_re_execute_that_page_only(book, tmp_path):
    cache = make_cache(tmp_path / "a")
    params = parameters.read_all(book / "parameters")
    before = fingerprints(book, cache, params)
    herault = parameters.validate({"dep_code": "34", "year": 2023}, "t")
    after = fingerprints(book, cache, [herault if p.dep_code == "34" else p for p in params])
    assert changed(before, after) == {"dep-34"}


def test_records_of_one_departement_re_execute_every_page_showing_france(book, tmp_path):
    before = fingerprints(book, make_cache(tmp_path / "a"))
    after = fingerprints(book, make_cache(tmp_path / "b", changes={"11": 101}))
    assert changed(before, after) == set(before)  # every page shows France's totals


def test_value_moved_within_a_region_re_executes_every_departement_whose_ranks_changed(book, tmp_path):
    before = fingerprints(book, make_cache(tmp_path / "a"))
    after = fingerprints(book, make_cache(tmp_path / "b", moved_to={"11": "34"}))  # Aude → Hérault (Occitanie)
    # Occitanie's and France's aggregates are unchanged; Occitanie's page lists its départements.
    # Points clés: every unit had a coverage of 100 % (all 1ᵉʳ sur 100); now Hérault 200 % (1ᵉʳ),
    # the 98 others 2ᵉ, Aude 0 % (100ᵉ), and Aude's shares are n. d. (no export): the 99 others
    # rank « sur 99 ». Every département's box changes; the régions' figures and ranks do not.
    units = {u.slug for u in page_units()}
    assert changed(before, after) == units | {"region-76"}


def test_values_swapped_within_a_region_leave_the_other_ranks_and_pages_alone(book, tmp_path):
    before = fingerprints(book, make_cache(tmp_path / "a", changes={"11": 300, "34": 200}))
    after = fingerprints(book, make_cache(tmp_path / "b", changes={"11": 200, "34": 300}))
    # coverage: Aude 300 % → 200 % (1ᵉʳ → 2ᵉ), Hérault 200 % → 300 % (2ᵉ → 1ᵉʳ), the 98 others stay
    # 100 % and 3ᵉ sur 100; Occitanie's and France's aggregates are the same
    assert changed(before, after) == {"dep-11", "dep-34", "region-76"}


def test_value_moved_between_regions_re_executes_every_page(book, tmp_path):
    before = fingerprints(book, make_cache(tmp_path / "a"))
    after = fingerprints(book, make_cache(tmp_path / "b", moved_to={"11": "13"}))  # Aude → Bouches-du-Rhône
    occitanie = {u.slug for u in page_units() if u.insee_region == "76"}
    paca = {u.slug for u in page_units() if u.insee_region == "93"}
    assert len(occitanie) == 13 and len(paca) == 6
    # both régions' pages and all their départements' (they show the région), France (lists the
    # régions); the ranks of coverage of every département (as above) and of every région
    # (Provence-Alpes-Côte d'Azur 117 % 1ʳᵉ, Occitanie 92 % last, the ten others 2ᵉ) change too
    assert changed(before, after) == set(before)


def test_records_of_an_earlier_year_re_execute_every_page_showing_its_evolution(book, tmp_path):
    """The « Évolution » section shows every year of the page's place, its région and France."""
    two = (YEAR - 1, YEAR)
    before = fingerprints(book, make_cache(tmp_path / "a", years=two))
    after = fingerprints(book, make_cache(tmp_path / "b", changes={"11": 101}, years=two, changed_year=YEAR - 1))
    assert changed(before, after) == set(before)  # every page shows France's evolution


def test_value_moved_within_a_region_in_an_earlier_year_re_executes_every_departement(book, tmp_path):
    two = (YEAR - 1, YEAR)
    before = fingerprints(book, make_cache(tmp_path / "a", years=two))
    after = fingerprints(book, make_cache(tmp_path / "b", moved_to={"11": "34"}, years=two, changed_year=YEAR - 1))
    # Occitanie's and France's aggregates are unchanged in every year, and Occitanie's page lists its
    # départements for the page's year only: the région and France pages stay. The two départements'
    # evolutions changed, and so did their « évolution des exportations » in Points clés: every unit
    # had +0 % (all 1ᵉʳ sur 100); now Hérault −50 %, Aude n. d. (no exports the year before), so the
    # 99 others are ranked « sur 99 »: every département's box changes.
    assert changed(before, after) == {u.slug for u in page_units()}


def test_value_swapped_within_a_region_in_an_earlier_year_re_executes_the_two_departements_only(book, tmp_path):
    two = (YEAR - 1, YEAR)
    before = fingerprints(book, make_cache(tmp_path / "a", changes={"11": 300, "34": 200}, years=two, changed_year=YEAR - 1))
    after = fingerprints(book, make_cache(tmp_path / "b", changes={"11": 200, "34": 300}, years=two, changed_year=YEAR - 1))
    # change of exports since the year before: Aude −66,7 % (100ᵉ) → −50 % (99ᵉ), Hérault −50 % (99ᵉ)
    # → −66,7 % (100ᵉ), the 98 others +0 % (1ᵉʳ) throughout; Occitanie's and France's aggregates are
    # the same: only the two départements' evolutions and boxes change
    assert changed(before, after) == {"dep-11", "dep-34"}


def test_a_later_year_does_not_enter_a_pages_fingerprint(book, tmp_path):
    """A page of 2023 shows 2023 and before: 2024's records do not re-execute it (the list of years does)."""
    three = (YEAR - 2, YEAR - 1, YEAR)
    params = [parameters.validate({"dep_code": "11", "year": YEAR - 1}, "t")]
    before = fingerprints(book, make_cache(tmp_path / "a", years=three), params)
    after = fingerprints(book, make_cache(tmp_path / "b", changes={"11": 101}, years=three, changed_year=YEAR), params)
    earlier = fingerprints(book, make_cache(tmp_path / "c", changes={"11": 101}, years=three, changed_year=YEAR - 2), params)
    assert before == after and before != earlier


def test_scope_digests_are_stored_once_per_cache(tmp_path):
    cache = make_cache(tmp_path / "a")
    found = scopes.digests(cache)
    assert (cache / scopes.DIGESTS_FILE).is_file()
    key = lambda code: scopes.scope_key(geography.Scope("unit", code), YEAR)  # noqa: E731
    assert found[key("11")] == found[key("34")]  # same records (same région): named by content, not code
    assert found[key("11")] != found[key("13")]  # another région
    (cache / scopes.DIGESTS_FILE).write_text("{tronqu", encoding="utf-8")  # a kill while writing
    assert scopes.digests(cache) == found


def test_stored_fingerprint_reads_plain_json_and_refuses_foreign_files(tmp_path):
    nb = nbformat.v4.new_notebook(metadata={"comext": {"fingerprint": "abc"}})
    nbformat.write(nb, tmp_path / "a.ipynb")
    (tmp_path / "b.ipynb").write_text("{pas du json", encoding="utf-8")
    assert execute.stored_fingerprint(tmp_path / "a.ipynb") == "abc"
    assert execute.stored_fingerprint(tmp_path / "b.ipynb") is None
    assert execute.stored_fingerprint(tmp_path / "absent.ipynb") is None


def test_stored_fingerprint_parses_only_the_top_level_metadata_of_a_page(tmp_path, monkeypatch):
    """Planning reads every page's fingerprint: not the cells, which hold the charts' specs."""
    import json

    cell = nbformat.v4.new_code_cell("x", metadata={"tags": ["t"]})
    spec = {"datasets": {"d": [{"v": i, "s": "\n \"metadata\": {"} for i in range(5000)]}}  # the key's text, inside a string
    cell.outputs = [nbformat.v4.new_output("display_data", data={"application/vnd.vegalite.v5+json": spec}, metadata={"x": {}})]
    nb = nbformat.v4.new_notebook(cells=[cell], metadata={"comext": {"fingerprint": "abc"}, "kernelspec": {"name": "python3", "display_name": "Python 3"}})
    nbformat.write(nb, tmp_path / "page.ipynb")
    parsed: list[int] = []
    real = json.loads
    monkeypatch.setattr(execute.json, "loads", lambda text: parsed.append(len(text)) or real(text))
    assert execute.stored_fingerprint(tmp_path / "page.ipynb") == "abc"
    assert parsed and max(parsed) < 500 < (tmp_path / "page.ipynb").stat().st_size // 100
    compact = tmp_path / "compact.ipynb"  # laid out otherwise (one line): the whole file is read
    compact.write_text(json.dumps(nbformat.v4.new_notebook(metadata={"comext": {"fingerprint": "def"}})), encoding="utf-8")
    assert execute.stored_fingerprint(compact) == "def"
    nbformat.write(nbformat.v4.new_notebook(cells=[cell]), tmp_path / "none.ipynb")
    assert execute.stored_fingerprint(tmp_path / "none.ipynb") is None  # no fingerprint: not current


# --------------------------------------------------------------------------------------------
# Warm kernels: the same bytes as fresh kernels, whatever the order; retry on kernel failure
# --------------------------------------------------------------------------------------------


@pytest.fixture(scope="module")
def kernel_root(tmp_path_factory) -> Path:
    root = tmp_path_factory.mktemp("kernels")
    shutil.copytree(ROOT / "notebooks", root / "notebooks")
    return root


@pytest.mark.slow
def test_warm_kernel_pages_equal_fresh_kernel_pages_in_both_orders(kernel_root, demo_data, demo_cache, tmp_path):
    pages = [parameters.validate({"dep_code": code}, "t") for code in ("11", "2A")]
    kw = {"root": kernel_root, "data_dir": demo_data, "cache": demo_cache}
    for page in pages:
        assert execute.execute_page(page, out_dir=tmp_path / "fresh", **kw).ok
    kernel = execute.WarmKernel(kernel_root)
    try:
        for name, order in (("ab", pages), ("ba", pages[::-1])):
            for page in order:
                result = execute.execute_page(page, out_dir=tmp_path / name, kernel=kernel, **kw)
                assert result.ok and result.attempts == 1, result.error
        assert kernel.pages == 4  # one kernel ran them all
    finally:
        kernel.shutdown()
    for page in pages:
        fresh = (tmp_path / "fresh" / f"{page.slug}.ipynb").read_bytes()
        assert (tmp_path / "ab" / f"{page.slug}.ipynb").read_bytes() == fresh
        assert (tmp_path / "ba" / f"{page.slug}.ipynb").read_bytes() == fresh


@pytest.mark.slow
def test_a_fresh_kernel_talks_over_ipc_and_leaves_no_socket(tmp_path, tmp_path_factory, demo_data, demo_cache, monkeypatch):
    import tempfile

    private = tmp_path_factory.mktemp("t")  # short: the sockets are made in it
    monkeypatch.setattr(tempfile, "tempdir", str(private))
    managers = []

    class Recorded(execute.IpcKernelManager):
        def __init__(self, **kwargs):
            super().__init__(**kwargs)
            managers.append(self)

    monkeypatch.setattr(execute, "IpcKernelManager", Recorded)
    write_template(tmp_path, "import os\nprint(os.getcwd())")
    page = parameters.validate({"dep_code": "11"}, "t")
    result = execute.execute_page(page, root=tmp_path, data_dir=demo_data, cache=demo_cache)
    assert result.ok, result.error
    assert [km.transport for km in managers] == ["ipc"]  # papermill's kernel came from it
    assert list(private.iterdir()) == []  # the kernel's socket folder is gone with it


def write_template(root: Path, *sources: str) -> None:
    nb = nbformat.v4.new_notebook(metadata={"kernelspec": {"name": "python3", "display_name": "Python 3", "language": "python"}})
    params = nbformat.v4.new_code_cell('dep_code = "11"\nyear = 2024\ndata_dir = ""\ncache = ""\nlevel = "a129"', id="parameters")
    params.metadata["tags"] = ["parameters"]
    nb.cells = [params] + [nbformat.v4.new_code_cell(s, id=f"c{i}") for i, s in enumerate(sources)]
    (root / "notebooks").mkdir(parents=True, exist_ok=True)
    nbformat.write(nb, root / execute.TEMPLATE)


@pytest.mark.slow
def test_reset_gives_each_page_a_new_session(tmp_path, demo_data, demo_cache):
    write_template(tmp_path, "assert 'leftover' not in globals(), 'namespace not reset'\nleftover = 1", "import os\nos.getcwd()")
    kernel = execute.WarmKernel(tmp_path, wait=False)  # as `comext run`: imports still running
    try:
        page = parameters.validate({"dep_code": "11"}, "t")
        for run in ("one", "two"):
            result = execute.execute_page(page, root=tmp_path, data_dir=demo_data, cache=demo_cache, out_dir=tmp_path / run, kernel=kernel)
            assert result.ok and result.attempts == 1, result.error
            nb = nbformat.read(tmp_path / run / "dep-11.ipynb", as_version=4)
            counts = [c.execution_count for c in nb.cells if c.cell_type == "code"]
            assert counts == list(range(1, len(counts) + 1))  # counter back to 1 for each page
            assert nb.cells[-1].outputs[0]["data"]["text/plain"] == repr(str(tmp_path))
    finally:
        kernel.shutdown()


@pytest.mark.slow
def test_dead_kernel_is_restarted_and_the_page_retried_once(tmp_path, demo_data, demo_cache):
    write_template(tmp_path, "x = 1")
    kernel = execute.WarmKernel(tmp_path)
    try:
        kernel.km.provisioner.process.kill()  # the kernel dies between two pages
        kernel.km.provisioner.process.wait()
        page = parameters.validate({"dep_code": "11"}, "t")
        result = execute.execute_page(page, root=tmp_path, data_dir=demo_data, cache=demo_cache, kernel=kernel)
        assert result.ok and result.attempts == 2, result.error
        assert kernel.alive() and kernel.pages == 1
    finally:
        kernel.shutdown()
    assert not kernel.alive()


@pytest.mark.slow
def test_error_in_a_cell_is_reported_not_retried(tmp_path, demo_data, demo_cache):
    write_template(tmp_path, "x = 1", "raise ValueError('valeur absurde')")
    kernel = execute.WarmKernel(tmp_path)
    try:
        page = parameters.validate({"dep_code": "11"}, "t")
        result = execute.execute_page(page, root=tmp_path, data_dir=demo_data, cache=demo_cache, kernel=kernel)
        assert not result.ok and result.attempts == 1
        assert result.cell == 3 and result.error == "ValueError: valeur absurde"  # cell 0: papermill's injected parameters
        assert not (tmp_path / "pages" / "dep-11.ipynb").exists() and not list((tmp_path / "pages").glob(".*"))
        assert execute.execute_page(parameters.validate({"dep_code": "34"}, "t"), root=tmp_path, data_dir=demo_data, cache=demo_cache, kernel=kernel).cell == 3
    finally:
        kernel.shutdown()


def test_prepare_for_book_is_deterministic_and_keeps_the_fingerprint():
    nb = nbformat.v4.new_notebook(metadata={"papermill": {"duration": 1.2}})
    injected = nbformat.v4.new_code_cell("dep_code = '11'")
    injected.metadata.update(tags=["injected-parameters"], papermill={"duration": 0.1}, execution={"iopub.status.busy": "t"})
    nb.cells = [injected]
    execute.prepare_for_book(nb, parameters.validate({"dep_code": "11"}, "t"), "abc")
    assert nb.metadata["comext"] == {"fingerprint": "abc"} and "papermill" not in nb.metadata
    assert injected.id == execute.INJECTED_CELL_ID and injected.metadata == {"tags": ["injected-parameters", "remove-cell"]}


def test_page_notebook_injects_the_parameters_and_keeps_only_the_cells_of_the_page_kind(tmp_path):
    write_template(tmp_path, "a = 1", "b = 2", "c = 3")
    nb = nbformat.read(tmp_path / execute.TEMPLATE, as_version=4)
    nb.cells[2].metadata["tags"] = ["for-region"]  # « b = 2 »: région pages only
    nb.cells[3].metadata["tags"] = ["for-unit", "hide-input"]
    nbformat.write(nb, tmp_path / execute.TEMPLATE)
    page, kept = execute.page_notebook(tmp_path / execute.TEMPLATE, {"dep_code": "34"}, "unit")
    # parameterised: parameters (0), injected (1), a (2), b (3), c (4); a unit page drops b
    assert kept == [0, 1, 2, 4]
    assert [c.source for c in page.cells[2:]] == ["a = 1", "c = 3"]
    assert page.cells[1].metadata["tags"] == ["injected-parameters"] and 'dep_code = "34"' in page.cells[1].source
    again, _ = execute.page_notebook(tmp_path / execute.TEMPLATE, {"dep_code": "11"}, "unit")
    assert 'dep_code = "34"' in page.cells[1].source and 'dep_code = "11"' in again.cells[1].source  # separate copies
    region, kept = execute.page_notebook(tmp_path / execute.TEMPLATE, {"dep_code": ""}, "region")
    assert kept == [0, 1, 2, 3] and [c.source for c in region.cells[2:]] == ["a = 1", "b = 2"]


@pytest.mark.slow
def test_a_failing_cell_is_named_by_its_place_in_the_template_even_when_cells_of_other_kinds_are_skipped(tmp_path, demo_data, demo_cache):
    write_template(tmp_path, "x = 1", "y = 2", "raise ValueError('valeur absurde')")
    nb = nbformat.read(tmp_path / execute.TEMPLATE, as_version=4)
    nb.cells[2].metadata["tags"] = ["for-region"]  # « y = 2 »: not run on a département page
    nbformat.write(nb, tmp_path / execute.TEMPLATE)
    kernel = execute.WarmKernel(tmp_path)
    try:
        result = execute.execute_page(parameters.validate({"dep_code": "11"}, "t"), root=tmp_path, data_dir=demo_data, cache=demo_cache, kernel=kernel)
    finally:
        kernel.shutdown()
    # parameterised template: parameters 0, injected 1, x 2, y 3, raise 4 (the 4th of the 4 cells run)
    assert not result.ok and result.cell == 4 and result.error == "ValueError: valeur absurde"

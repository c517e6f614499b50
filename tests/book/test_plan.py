"""Planning a build: which pages (--only, fingerprints), and the reconciliation once per cache and code."""

import nbformat
import pandas as pd
import pytest

from helpers.book import plan
from helpers.common.errors import ConfigError
from helpers.fiche import parameters
from tests import PROJECT_ROOT

ROOT = PROJECT_ROOT


def test_select_only_accepts_insee_and_dgddi_codes():
    pages = parameters.read_all(ROOT / "parameters")
    chosen = plan.select(pages, ["11", "2B", "9D"])
    assert [p.dep_code for p in chosen] == ["11", "20", "9D"]  # book order: the DROM last
    assert [p.slug for p in plan.select(pages, ["R76", "france"])] == ["france", "region-76"]


def test_select_only_accepts_names_and_refuses_unknown_ones():
    pages = parameters.read_all(ROOT / "parameters")
    chosen = plan.select_or_fail(pages, ["Hérault", "occitanie", "la réunion", "corse du sud"])
    assert [p.slug for p in chosen] == ["region-76", "dep-34", "dep-2A-2B", "dep-974"]  # book order
    with pytest.raises(ConfigError, match=r"« herautl ».*Hérault \(34\)"):
        plan.select(pages, ["11", "herautl"])


def _params(*codes: str) -> list[parameters.PageParameters]:
    return [parameters.validate({"dep_code": c}, "t") for c in codes]


def test_plan_reuses_pages_whose_fingerprint_is_current(tmp_path, monkeypatch):
    pages = _params("11", "34", "20")
    monkeypatch.setattr(plan, "fingerprint", lambda p, **kw: f"fp-{p.dep_code}")
    (tmp_path / "pages").mkdir()
    for slug, stored in (("dep-11", "fp-11"), ("dep-34", "old")):  # dep-2A-2B never executed
        nb = nbformat.v4.new_notebook(metadata={"comext": {"fingerprint": stored}})
        nbformat.write(nb, tmp_path / "pages" / f"{slug}.ipynb")
    kw = {"root": tmp_path, "data_dir": tmp_path, "cache": tmp_path}
    todo, reused = plan.plan(pages, None, force=False, **kw)
    assert [p.dep_code for p in todo] == ["34", "20"] and [p.dep_code for p in reused] == ["11"]
    todo, reused = plan.plan(pages, None, force=True, **kw)
    assert len(todo) == 3 and reused == []
    todo, reused = plan.plan(pages, ["11"], force=False, **kw)  # --only: listed pages always run
    assert [p.dep_code for p in todo] == ["11"] and [p.dep_code for p in reused] == ["34", "20"]
    with pytest.raises(ConfigError, match="dep-974"):
        plan.select_or_fail(pages, ["974"])


def test_reconciliation_runs_once_per_cache_and_code(tmp_path, monkeypatch):
    calls = []
    table = pd.DataFrame({"check": ["unité"], "ok": [True], "left": [1], "right": [1]})
    monkeypatch.setattr(plan.reconciliation, "reconcile", lambda cache, strict: calls.append(cache) or table)
    first = plan.reconcile_once(tmp_path)
    pd.testing.assert_frame_equal(plan.reconcile_once(tmp_path), first)
    assert len(calls) == 1  # the second build read the stored table
    for stored in tmp_path.glob("checks-*.parquet"):
        stored.write_bytes(b"PAR1 tronqu")  # a kill while writing
    plan.reconcile_once(tmp_path)
    monkeypatch.setattr("helpers.fiche.reproduce.code_digest", lambda: "f" * 64)  # other code: other table
    plan.reconcile_once(tmp_path)
    assert len(calls) == 3

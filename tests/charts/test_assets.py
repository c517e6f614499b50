"""The site's own copy of vega, vega-lite and vega-embed: one bundle, versions matching Altair."""


import altair
import pytest

from helpers.charts import assets
from helpers.common.errors import ConfigError
from tests import PROJECT_ROOT

ROOT = PROJECT_ROOT


def test_bundle_holds_the_three_libraries_in_order_then_the_page_script(tmp_path):
    (tmp_path / "node_modules").symlink_to(ROOT / "node_modules")
    [bundle] = assets.install(tmp_path)
    text = bundle.read_text(encoding="utf-8")
    positions = [text.index(f"/* {name} ") for name in ("vega", "vega-lite", "vega-embed")]
    assert positions == sorted(positions)
    assert text.index("comext-vega") > positions[-1]
    assert "sourceMappingURL" not in text and "cdn.jsdelivr" not in text
    assert (tmp_path / "extra").is_dir()


def test_versions_match_altair():
    versions = assets.check_versions(ROOT)
    assert versions["vega-lite"] == altair.VEGALITE_VERSION
    assert versions["vega"].split(".")[0] == altair.VEGA_VERSION.split(".")[0]


def test_mismatch_and_absence_are_clear_errors(tmp_path, monkeypatch):
    monkeypatch.setattr(altair, "VEGALITE_VERSION", "5.20.1")
    with pytest.raises(ConfigError, match="vega-lite"):
        assets.check_versions(ROOT)
    with pytest.raises(ConfigError, match="make install"):
        assets.check_versions(tmp_path)


def test_bundle_gives_the_page_script_the_charts_shared_config(tmp_path):
    import json

    from helpers.charts import render

    (tmp_path / "node_modules").symlink_to(ROOT / "node_modules")
    text = assets.bundle_text(tmp_path)
    line = next(ln for ln in text.splitlines() if ln.startswith("window.comextChartConfig = "))
    assert json.loads(line.removeprefix("window.comextChartConfig = ").removesuffix(";")) == render.shared_config()
    assert text.index("window.comextChartConfig") < text.index("OPTIONS.config = window.comextChartConfig")

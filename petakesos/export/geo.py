"""Geometry for the print map: projection choice, simplification to the printed resolution, and fast conversion of
shapely polygons into matplotlib paths (one compound path per region, holes by winding order)."""

from __future__ import annotations

import math
from dataclasses import dataclass, replace

import numpy as np
import shapely
from matplotlib.path import Path as MplPath
from pyproj import CRS, Transformer

from petakesos import i18n

METRES_PER_DEGREE = 111_320.0
# Centre of Indonesia's extent (95°–141° E, 11° S–6° N), for the national projection.
INDONESIA_CENTRE = (118.0, -2.5)


@dataclass(frozen=True)
class Projection:
    crs: CRS
    label: str  # in Bahasa Indonesia; `describe(lang)` in another language
    transformer: Transformer
    text_key: str = ""  # catalogue key of the description (petakesos.i18n) and its values
    text_args: tuple[tuple[str, str], ...] = ()

    def describe(self, lang: str) -> str:
        if not self.text_key:
            return self.label
        T = i18n.texts(lang)
        args = {k: T(f"HEMI.{v}") if k == "hemi" else v for k, v in self.text_args}
        return T(self.text_key, **args)

    def forward(self, geoms: np.ndarray) -> np.ndarray:
        """Project lon/lat geometries (vectorised over all coordinates at once)."""

        def _xy(coords: np.ndarray) -> np.ndarray:
            x, y = self.transformer.transform(coords[:, 0], coords[:, 1])
            return np.column_stack([x, y])

        return shapely.transform(np.asarray(geoms, dtype=object), _xy)

    def point(self, lon: float, lat: float) -> tuple[float, float]:
        x, y = self.transformer.transform(lon, lat)
        return float(x), float(y)


def from_wkb(values) -> np.ndarray:
    """Geometries from WKB as DuckDB returns it (bytes per BLOB; None or pandas NA where a unit has no polygon)."""
    return shapely.from_wkb([bytes(v) if isinstance(v, bytes | bytearray | memoryview) else None for v in values])


def choose_projection(bounds: tuple[float, float, float, float], national: bool = False) -> Projection:
    """UTM zone of the region's centre for a region up to ~12° wide (conformal: shapes and the scale bar hold);
    Lambert azimuthal equal-area centred on Indonesia for the whole country or very wide regions."""
    x0, y0, x1, y1 = bounds
    cx, cy = (x0 + x1) / 2, (y0 + y1) / 2
    if national or (x1 - x0) > 12:
        lon0, lat0 = INDONESIA_CENTRE if national else (round(cx, 1), round(cy, 1))
        crs = CRS.from_proj4(f"+proj=laea +lat_0={lat0} +lon_0={lon0} +x_0=0 +y_0=0 +datum=WGS84 +units=m +no_defs")
        key, args = "PROJ_LAEA", (("lon", f"{lon0:g}"), ("lat", f"{abs(lat0):g}"), ("hemi", "S" if lat0 < 0 else "N"))
    else:
        zone = min(60, max(1, int(math.floor((cx + 180) / 6)) + 1))
        south = cy < 0
        crs = CRS.from_epsg((32700 if south else 32600) + zone)
        key, args = "PROJ_UTM", (("zone", str(zone)), ("ns", "S" if south else "N"))
    projection = Projection(crs, "", Transformer.from_crs("EPSG:4326", crs, always_xy=True), key, args)
    return replace(projection, label=projection.describe(i18n.DEFAULT_LANGUAGE))


def simplify_for_print(geoms: np.ndarray, tolerance_m: float) -> np.ndarray:
    """Drop vertices closer than `tolerance_m` (below one printed pixel): invisible at the output size, and what
    keeps a 300 dpi national map fast. Done in degrees before projecting, so fewer points are projected."""
    tol_deg = tolerance_m / METRES_PER_DEGREE
    if tol_deg <= 0:
        return geoms
    simple = shapely.simplify(np.asarray(geoms, dtype=object), tol_deg, preserve_topology=False)
    return drop_small_holes(simple, (6 * tol_deg) ** 2, min_width=3 * tol_deg)


def drop_small_holes(geoms: np.ndarray, min_area: float, min_width: float = 0.0) -> np.ndarray:
    """Remove holes smaller than `min_area` or thinner than `min_width` (mean width 2·area/perimeter): the survey gaps between neighbouring desa that survive in dissolved
    upper levels, which would otherwise print as stray scratches once simplified."""
    geoms = np.asarray(geoms, dtype=object)
    out = geoms.copy()
    present = np.flatnonzero(~shapely.is_missing(geoms))
    if len(present) == 0:
        return out
    parts, owner = shapely.get_parts(geoms[present], return_index=True)
    is_poly = shapely.get_type_id(parts) == shapely.GeometryType.POLYGON
    n_holes = np.zeros(len(parts), dtype=int)
    n_holes[is_poly] = shapely.get_num_interior_rings(parts[is_poly])
    holed = np.flatnonzero(n_holes)
    if len(holed) == 0:
        return out
    # Only the geometries with a hole are rebuilt; the hole areas are measured in one vectorised call.
    rings, ring_part = _interiors(parts[holed])
    hole_polys = shapely.polygons(rings)
    area = shapely.area(hole_polys)
    width = 2 * area / np.maximum(shapely.length(hole_polys), 1e-15)
    keep = (area >= min_area) & (width >= min_width)
    changed = set()
    for j, part_i in enumerate(holed):
        mine = ring_part == j
        if keep[mine].all():
            continue
        parts[part_i] = shapely.Polygon(parts[part_i].exterior, list(rings[mine & keep]))
        changed.add(owner[part_i])
    for g in changed:
        mine = (owner == g) & is_poly
        polys = parts[mine]
        out[present[g]] = polys[0] if len(polys) == 1 else shapely.multipolygons(polys)
    return out


def drop_small_parts(geoms: np.ndarray, min_area: float) -> np.ndarray:
    """Leave out islands smaller than `min_area` (the largest part of each geometry always stays): for thumbnails."""
    geoms = np.asarray(geoms, dtype=object)
    present = np.flatnonzero(~shapely.is_missing(geoms))
    out = geoms.copy()
    if len(present) == 0:
        return out
    parts, owner = shapely.get_parts(geoms[present], return_index=True)
    area = shapely.area(parts)
    largest = np.zeros(len(parts), dtype=bool)
    order = np.lexsort((-area, owner))
    first = np.r_[True, owner[order][1:] != owner[order][:-1]]
    largest[order[first]] = True
    keep = (area >= min_area) | largest
    keep &= shapely.get_type_id(parts) == shapely.GeometryType.POLYGON
    owners, dense = np.unique(owner[keep], return_inverse=True)
    out[present] = None
    out[present[owners]] = shapely.multipolygons(parts[keep], indices=dense)
    return out


def _interiors(polys: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    """All interior rings of the polygons and the index of the polygon each belongs to."""
    counts = shapely.get_num_interior_rings(polys)
    owner = np.repeat(np.arange(len(polys)), counts)
    rings = np.empty(int(counts.sum()), dtype=object)
    pos = 0
    for poly, n in zip(polys, counts, strict=True):
        for r in range(n):
            rings[pos] = shapely.get_interior_ring(poly, r)
            pos += 1
    return rings, owner


def to_paths(geoms: np.ndarray) -> list[MplPath | None]:
    """One compound matplotlib path per (multi)polygon; exteriors counter-clockwise and holes clockwise, so the
    non-zero fill rule leaves holes empty. Vectorised: a few numpy operations for all geometries."""
    geoms = np.asarray(geoms, dtype=object)
    paths: list[MplPath | None] = [None] * len(geoms)
    present = ~shapely.is_missing(geoms)
    present[present] = ~shapely.is_empty(geoms[present])
    if not present.any():
        return paths
    idx_present = np.flatnonzero(present)
    oriented = shapely.orient_polygons(geoms[idx_present], exterior_cw=False)
    parts, part_geom = shapely.get_parts(oriented, return_index=True)
    parts_types = shapely.get_type_id(parts)
    polys = parts_types == shapely.GeometryType.POLYGON  # collections may hold stray lines after repair
    parts, part_geom = parts[polys], part_geom[polys]
    if len(parts) == 0:
        return paths
    rings, ring_part = shapely.get_rings(parts, return_index=True)
    ring_geom = part_geom[ring_part]
    coords, ring_of_coord = shapely.get_coordinates(rings, return_index=True)
    codes = np.full(len(coords), MplPath.LINETO, dtype=np.uint8)
    starts = np.r_[0, np.flatnonzero(np.diff(ring_of_coord)) + 1]
    ends = np.r_[starts[1:] - 1, len(coords) - 1]
    codes[starts] = MplPath.MOVETO
    codes[ends] = MplPath.CLOSEPOLY
    geom_of_coord = ring_geom[ring_of_coord]
    bounds = np.r_[0, np.flatnonzero(np.diff(geom_of_coord)) + 1, len(coords)]
    for a, b in zip(bounds[:-1], bounds[1:], strict=True):
        paths[idx_present[geom_of_coord[a]]] = MplPath(coords[a:b], codes[a:b])
    return paths


def nice_length(target: float) -> float:
    """1, 2 or 5 × 10ⁿ at or below `target` (scale bar lengths)."""
    if target <= 0:
        return 1.0
    exp = math.floor(math.log10(target))
    for step in (5, 2, 1):
        if step * 10**exp <= target:
            return float(step * 10**exp)
    return float(10**exp)


def nice_scale(denominator: float) -> int:
    """Round a scale denominator for print (1 : 250.000 rather than 1 : 243.871)."""
    if denominator <= 0:
        return 0
    exp = math.floor(math.log10(denominator))
    for step in (1, 1.25, 1.5, 2, 2.5, 3, 4, 5, 6, 7.5, 8, 10):
        if step * 10**exp >= denominator:
            return int(round(step * 10**exp))
    return int(10 ** (exp + 1))

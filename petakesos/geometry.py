"""Geometry work for boundaries: repair, dissolve into upper levels, display simplification, encodings.

Display geometry is simplified with `shapely.coverage_simplify`, which simplifies each shared edge once, so two
neighbours keep one common border (per-polygon simplification would open gaps and overlaps between them).
"""

from __future__ import annotations

import os
from collections.abc import Callable
from concurrent.futures import ThreadPoolExecutor

import numpy as np
import pandas as pd
import shapely
from shapely import GeometryType

# Largest sliver between touching parts that is filled (deg²; 1e-6 ≈ 1.2 ha, as the sliver holes of settings).
DEFAULT_GAP_AREA = 1e-6


def _workers() -> int:
    return max(1, min(os.cpu_count() or 1, 8))


def parallel_map(func: Callable, items: list) -> list:
    """Map over threads: shapely releases the GIL inside GEOS, so unions and encodings run on every core."""
    if len(items) < 2 or _workers() == 1:
        return [func(item) for item in items]
    with ThreadPoolExecutor(_workers()) as pool:
        return list(pool.map(func, items))


def polygonal_part(geom: shapely.Geometry | None) -> shapely.Geometry | None:
    """Keep only the (multi)polygon part of a geometry; make_valid may return collections with lines."""
    if geom is None or geom.is_empty:
        return None
    kind = shapely.get_type_id(geom)
    if kind in (GeometryType.POLYGON, GeometryType.MULTIPOLYGON):
        return geom
    if kind == GeometryType.GEOMETRYCOLLECTION:
        polys = [g for g in shapely.get_parts(geom) if shapely.get_type_id(g) in (3, 6)]
        if not polys:
            return None
        merged = shapely.union_all(polys)
        return merged if not merged.is_empty else None
    return None


def repair(geoms: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    """Make invalid geometries valid; return (geometries, was_repaired). Non-areal results become None."""
    geoms = np.asarray(geoms, dtype=object)
    present = ~shapely.is_missing(geoms)
    invalid = np.zeros(len(geoms), dtype=bool)
    invalid[present] = ~shapely.is_valid(geoms[present])
    out = geoms.copy()
    if invalid.any():
        fixed = shapely.make_valid(geoms[invalid])
        out[invalid] = [polygonal_part(g) for g in fixed]
    # Points or lines in a boundary file are not areas either.
    types = shapely.get_type_id(out)
    areal = np.isin(types, [GeometryType.POLYGON, GeometryType.MULTIPOLYGON])
    out[~areal] = None
    empty = np.zeros(len(out), dtype=bool)
    empty[areal] = shapely.is_empty(out[areal])
    out[empty] = None
    # Parts of one unit that touch across a hairline gap are one area (see merge_touching_parts).
    multi = np.flatnonzero(shapely.get_type_id(out) == GeometryType.MULTIPOLYGON)
    out[multi] = [merge_touching_parts(g, DEFAULT_GAP_AREA) for g in out[multi]]
    return out, invalid


def drop_small_holes(geom: shapely.Geometry, min_area: float) -> shapely.Geometry:
    """Remove interior rings smaller than `min_area` (square degrees).

    Neighbouring desa polygons come from different surveys, so their union is riddled with sliver holes (44,861
    in Jawa Tengah alone); real enclaves and desa without a polygon are far larger and are kept.
    """
    parts = []
    changed = False
    for poly in shapely.get_parts(geom):
        interiors = list(poly.interiors)
        kept = [ring for ring in interiors if shapely.area(shapely.Polygon(ring)) >= min_area]
        changed |= len(kept) != len(interiors)
        parts.append(shapely.Polygon(poly.exterior, kept) if len(kept) != len(interiors) else poly)
    if not changed:
        return geom
    if len(parts) == 1:
        return parts[0]
    merged = shapely.MultiPolygon(parts)
    # An island in a lake whose hole was a sliver now lies inside its shell ("nested shells"): join them.
    return merged if merged.is_valid else polygonal_part(shapely.union_all(parts)) or merged


def pairs_within(queries: np.ndarray, tree_geoms: np.ndarray, distance: float) -> tuple[np.ndarray, np.ndarray]:
    """Index pairs (into `queries`, into `tree_geoms`) of geometries closer than `distance`.

    Same answer as `STRtree.query(predicate="dwithin")`, which tests each pair with the query geometry prepared:
    a small island or sliver tested against a mainland of 70,000 vertices walks the whole mainland every time
    (Sulawesi Tengah: 18 s). Here each candidate pair is tested with the larger geometry prepared."""
    if len(queries) == 0 or len(tree_geoms) == 0:
        return np.empty(0, dtype=np.intp), np.empty(0, dtype=np.intp)
    b = shapely.bounds(queries)
    boxes = shapely.box(b[:, 0] - distance, b[:, 1] - distance, b[:, 2] + distance, b[:, 3] + distance)
    left, right = shapely.STRtree(tree_geoms).query(boxes)
    query_bigger = shapely.get_num_coordinates(queries[left]) >= shapely.get_num_coordinates(tree_geoms[right])
    first = np.where(query_bigger, queries[left], tree_geoms[right])
    second = np.where(query_bigger, tree_geoms[right], queries[left])
    shapely.prepare(first)
    close = shapely.dwithin(first, second, distance)
    shapely.destroy_prepared(first)
    return left[close], right[close]


def merge_touching_parts(geom: shapely.Geometry, max_gap_area: float, gap_width: float = 5e-5) -> shapely.Geometry:
    """Join the parts of a multipolygon that touch, filling the hairline gaps between them.

    Desa of different surveys leave hairline gaps; where two parts of a dissolved region touch with such a gap
    between them, GEOS must keep them as separate parts and every map strokes both sides: a crack line through
    the region (Kec. Magelang Selatan, 1.2 km; Banyuasin, dozens). For parts that touch, the slivers between them
    are filled: the faces their boundaries enclose (smaller than `max_gap_area`) and the channels narrower than
    `gap_width` (degrees; 5e-5 ≈ 5.5 m) that reach two of them. Coastlines and borders elsewhere do not move.
    """
    if geom is None or shapely.get_type_id(geom) != GeometryType.MULTIPOLYGON:
        return geom
    parts = shapely.get_parts(geom)
    left, right = pairs_within(parts, parts, 1e-7)
    pair = left < right
    if not pair.any():
        return geom
    touching = np.unique(np.r_[left[pair], right[pair]])
    involved = parts[touching]
    near = shapely.multipolygons(involved)
    closed = shapely.buffer(shapely.buffer(near, gap_width, quad_segs=2), -gap_width, quad_segs=2)
    channels = shapely.get_parts(shapely.difference(closed, near))
    if len(channels):
        reach = pairs_within(channels, involved, 1e-7)
        touched = pd.DataFrame({"c": reach[0], "p": reach[1]}).groupby("c")["p"].nunique()
        channels = channels[touched.index[touched >= 2].to_numpy()]
    faces = shapely.get_parts(shapely.polygonize(shapely.get_parts(shapely.node(shapely.boundary(near)))))
    if len(faces):
        faces = faces[~shapely.contains_properly(near, shapely.point_on_surface(faces))]
        # An enclosed face is a gap only when small (a lake or an enclave is not); a channel is thin by
        # construction, however long (4.5 km along Kec. 64.08.03).
        faces = faces[shapely.area(faces) < max_gap_area]
    gaps = np.concatenate([channels, faces]) if len(faces) else channels
    # Only the parts that touch, and any other part a gap reaches, take part in the union: snap-rounding a whole
    # archipelago province (Sulawesi Tengah: 1,985 parts, 2 of them touching) costs seconds for nothing.
    joined = np.zeros(len(parts), dtype=bool)
    joined[touching] = True
    if len(gaps):
        joined[pairs_within(gaps, parts, 0.0)[1]] = True
    # On the 1 cm grid, so that the union leaves no needle parts of a few square millimetres behind.
    merged = polygonal_part(shapely.union_all([*parts[joined], *gaps], grid_size=1e-7))
    if merged is None:
        return geom
    # Needles and specks left over from the input (under ~100 m², invisible at any map scale) are dropped.
    pieces = np.concatenate([shapely.get_parts(merged), parts[~joined]])
    needle = shapely.area(pieces) < max_gap_area * 1e-2
    if needle.any() and not needle.all():
        pieces = pieces[~needle]
    return pieces[0] if len(pieces) == 1 else shapely.multipolygons(pieces)


def dissolve(parent_codes: pd.Series, geoms: np.ndarray, min_hole_area: float = 0.0) -> pd.DataFrame:
    """Union the geometries of each parent code: returns DataFrame(kode, geometry), sorted by code."""
    frame = pd.DataFrame({"kode": parent_codes.to_numpy(), "i": np.arange(len(geoms))})
    groups = [(code, geoms[idx.to_numpy()]) for code, idx in frame.groupby("kode", sort=True)["i"]]

    def union(group: tuple[str, np.ndarray]) -> shapely.Geometry:
        part = group[1]
        merged = part[0] if len(part) == 1 else shapely.union_all(part)
        merged = merge_touching_parts(merged, max(min_hole_area, 1e-6))
        return drop_small_holes(merged, min_hole_area) if min_hole_area > 0 else merged

    # Largest groups first so that the threads finish together.
    order = sorted(range(len(groups)), key=lambda i: -len(groups[i][1]))
    merged = parallel_map(union, [groups[i] for i in order])
    out = np.empty(len(groups), dtype=object)
    for i, geom in zip(order, merged, strict=True):
        out[i] = geom
    return pd.DataFrame({"kode": [code for code, _ in groups], "geometry": out})


def simplify_coverage(geoms: np.ndarray, tolerance: float) -> np.ndarray:
    """Simplify a set of neighbouring polygons without opening gaps between them."""
    if len(geoms) == 0 or tolerance <= 0:
        return geoms
    simplified = shapely.coverage_simplify(geoms, tolerance)
    # The simplifier keeps each polygon non-empty and valid for a valid coverage; real data has tiny overlaps,
    # so guard against the rare invalid result rather than draw a broken shape.
    bad = ~shapely.is_valid(simplified)
    if bad.any():
        simplified[bad] = [
            polygonal_part(g) or orig for g, orig in zip(shapely.make_valid(simplified[bad]), geoms[bad], strict=True)
        ]
    return simplified


def simplify_each(geoms: np.ndarray, tolerance: float) -> np.ndarray:
    """Douglas-Peucker per geometry (topology kept within each), on every core."""
    geoms = np.asarray(geoms, dtype=object)
    chunks = np.array_split(geoms, _workers()) if len(geoms) > 8 else [geoms]
    done = parallel_map(lambda chunk: shapely.simplify(chunk, tolerance, preserve_topology=True), chunks)
    return np.concatenate(done) if done else geoms


def drop_small_parts(geoms: np.ndarray, min_area: float) -> np.ndarray:
    """Leave out polygon parts (islets) smaller than `min_area`, always keeping each geometry's largest part."""
    if min_area <= 0:
        return geoms
    out = np.asarray(geoms, dtype=object).copy()
    for i, geom in enumerate(out):
        if geom is None or shapely.get_type_id(geom) != GeometryType.MULTIPOLYGON:
            continue
        parts = shapely.get_parts(geom)
        areas = shapely.area(parts)
        keep = (areas >= min_area) | (areas == areas.max())
        if not keep.all():
            kept = parts[keep]
            out[i] = kept[0] if len(kept) == 1 else shapely.MultiPolygon(list(kept))
    return out


def round_coordinates(geoms: np.ndarray, decimals: int) -> np.ndarray:
    """Coordinates on a grid of `decimals` decimals, keeping every polygon valid: plain rounding folds narrow
    spikes into self-intersections and collapses thin rings to too few points, so GEOS snap-rounds instead
    (`set_precision`). A unit too small for the grid keeps its unrounded shape rather than vanish."""
    geoms = np.asarray(geoms, dtype=object)
    chunks = np.array_split(geoms, _workers()) if len(geoms) > 1000 else [geoms]
    snapped = np.concatenate(parallel_map(lambda c: shapely.set_precision(c, 10.0**-decimals), chunks))
    present = ~shapely.is_missing(geoms)
    lost = present & (shapely.is_missing(snapped) | shapely.is_empty(snapped))
    snapped[lost] = geoms[lost]
    return snapped


def to_geojson_strings(geoms: np.ndarray) -> list[str | None]:
    """Compact GeoJSON geometry text for each geometry."""
    geoms = np.asarray(geoms, dtype=object)
    chunks = np.array_split(geoms, _workers()) if len(geoms) > 1000 else [geoms]
    return [text for chunk in parallel_map(shapely.to_geojson, chunks) for text in chunk]


def largest_parts(geoms: np.ndarray) -> np.ndarray:
    """The largest polygon of each geometry (None stays None)."""
    geoms = np.asarray(geoms, dtype=object)
    out = np.empty(len(geoms), dtype=object)
    present = np.flatnonzero(~shapely.is_missing(geoms) & ~shapely.is_empty(geoms)) if len(geoms) else []
    if len(present) == 0:
        return out
    parts, owner = shapely.get_parts(geoms[present], return_index=True)
    area = shapely.area(parts)
    order = np.lexsort((-area, owner))
    first = np.r_[True, owner[order][1:] != owner[order][:-1]]
    out[present[owner[order][first]]] = parts[order][first]
    return out


def label_anchors(geoms: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    """(points, radii): where a region's name goes — the centre of the largest circle inside its largest part
    (pole of inaccessibility), so that Kab. Gresik is named on Java, not on Bawean, and a ring-shaped kabupaten
    around an enclosed kota is named in its widest place — and that circle's radius (how much room the name
    has)."""
    largest = largest_parts(geoms)
    points = np.empty(len(largest), dtype=object)
    radii = np.zeros(len(largest))
    present = np.flatnonzero(~shapely.is_missing(largest))
    if len(present):
        bounds = shapely.bounds(largest[present])
        tolerance = np.maximum(np.maximum(bounds[:, 2] - bounds[:, 0], bounds[:, 3] - bounds[:, 1]) / 200, 1e-9)
        # The circle search is the costliest step of a national load (83,402 desa): run it on every core.
        chunks = np.array_split(np.arange(len(present)), _workers()) if len(present) > 1000 else [np.arange(len(present))]
        circles = np.concatenate(parallel_map(
            lambda idx: shapely.maximum_inscribed_circle(largest[present[idx]], tolerance[idx]), chunks))
        points[present] = shapely.get_point(circles, 0)
        radii[present] = shapely.length(circles)
    return points, radii


def horizontal_room(parts: np.ndarray, points: np.ndarray, radii: np.ndarray) -> np.ndarray:
    """Width (degrees) of the horizontal band through each label point, as high as the inscribed circle's
    radius, that stays inside the part: how long a name can be there. Sampled on three lines (the point's and
    half a radius above and below), each cut to the stretch that holds the point."""
    room = np.zeros(len(parts))
    for i, (part, point, radius) in enumerate(zip(parts, points, radii, strict=True)):
        if part is None or point is None or radius <= 0:
            continue
        x, y = shapely.get_x(point), shapely.get_y(point)
        x0, _, x1, _ = shapely.bounds(part)
        widths = []
        for dy in (-0.5 * radius, 0.0, 0.5 * radius):
            line = shapely.intersection(shapely.LineString([(x0 - 1, y + dy), (x1 + 1, y + dy)]), part)
            stretch = [s for s in shapely.get_parts(line) if shapely.get_type_id(s) == GeometryType.LINESTRING
                       and shapely.bounds(s)[0] <= x <= shapely.bounds(s)[2]]  # fmt: skip
            widths.append(min((2 * min(x - shapely.bounds(s)[0], shapely.bounds(s)[2] - x) for s in stretch),
                              default=0.0))  # fmt: skip
        room[i] = min(widths)
    return room


def label_points(geoms: np.ndarray) -> np.ndarray:
    """A point well inside each region, on its largest part (see `label_anchors`)."""
    return label_anchors(geoms)[0]


def feature_collection(features: list[dict]) -> dict:
    return {"type": "FeatureCollection", "features": features}


def from_wkb(values) -> np.ndarray:
    """Geometries from WKB as DuckDB returns it (bytearray per BLOB; None where missing)."""
    return shapely.from_wkb([None if v is None else bytes(v) for v in values])

"""Geometry rules of the boundary store: touching parts merged, display coordinates valid, label points."""

from __future__ import annotations

import numpy as np
import shapely

from petakesos import geometry


def test_parts_that_touch_across_a_hairline_gap_are_merged() -> None:
    # Two halves of a region meeting at their ends, with a gap of 1 m between them along 1 km: a crack line.
    left = shapely.Polygon([(0, 0), (0.01, 0), (0.01, 0.00001), (0.01, 0.01), (0, 0.01)])
    right = shapely.Polygon([(0.01, 0), (0.02, 0), (0.02, 0.01), (0.01, 0.01), (0.01001, 0.005)])
    region = shapely.union_all([left, right])
    assert shapely.get_type_id(region) == shapely.GeometryType.MULTIPOLYGON
    merged = geometry.merge_touching_parts(region, 1e-6)
    assert shapely.get_type_id(merged) == shapely.GeometryType.POLYGON and merged.is_valid
    assert abs(merged.area - region.area) < 1e-6  # only the sliver was added


def test_islands_apart_stay_apart() -> None:
    islands = shapely.MultiPolygon([shapely.box(0, 0, 1, 1), shapely.box(2, 0, 3, 1)])
    assert geometry.merge_touching_parts(islands, 1e-6).equals(islands)


def test_pairs_within_gives_the_same_pairs_as_the_tree_query() -> None:
    # A detailed mainland, islands touching it, islands 1e-8 and 1e-3 away, and islands touching each other:
    # the larger-prepared test must find exactly the pairs STRtree's own dwithin query finds.
    rng = np.random.default_rng(7)
    mainland = shapely.Point(0, 0).buffer(1.0, quad_segs=2000)
    islands = [shapely.box(1.0, y, 1.1, y + 0.05) for y in np.linspace(-0.5, 0.5, 5)]
    islands += [shapely.box(1.0 + 1e-8, 0.6, 1.2, 0.62), shapely.box(1.001, 0.7, 1.2, 0.72)]
    islands += [shapely.box(x, 2.0, x + 0.1, 2.1) for x in np.arange(0.0, 1.0, 0.1)]  # a chain, touching
    islands += [shapely.box(x, y, x + 0.01, y + 0.01) for x, y in rng.uniform(-3, 3, (200, 2))]
    parts = np.array([mainland, *islands], dtype=object)
    for distance in (0.0, 1e-7, 1e-2):
        expected = shapely.STRtree(parts).query(parts, predicate="dwithin", distance=distance)
        got = geometry.pairs_within(parts, parts, distance)
        assert set(zip(*expected, strict=True)) == set(zip(*got, strict=True))


def test_a_touching_pair_in_an_archipelago_is_merged_and_the_other_islands_are_kept() -> None:
    left = shapely.Polygon([(0, 0), (0.01, 0), (0.01, 0.00001), (0.01, 0.01), (0, 0.01)])
    right = shapely.Polygon([(0.01, 0), (0.02, 0), (0.02, 0.01), (0.01, 0.01), (0.01001, 0.005)])
    islands = [shapely.box(x, 1.0, x + 0.005, 1.005) for x in np.arange(0.0, 1.0, 0.01)]
    region = shapely.union_all([left, right, *islands])
    merged = geometry.merge_touching_parts(region, 1e-6)
    assert merged.is_valid and shapely.get_num_geometries(merged) == len(islands) + 1
    assert all(merged.contains(island) for island in islands)  # untouched islands keep their exact shape


def test_display_rounding_keeps_every_polygon_valid() -> None:
    # A narrow spike that plain rounding to 2 decimals folds into a self-intersection.
    spike = shapely.Polygon([(0, 0), (1, 0), (1, 1), (0.504, 1), (0.5, 0.1), (0.496, 1), (0, 1)])
    plain = shapely.transform(np.array([spike]), lambda c: np.round(c, 2))[0]
    assert not plain.is_valid
    snapped = geometry.round_coordinates(np.array([spike]), 2)[0]
    assert snapped.is_valid and not snapped.is_empty


def test_label_point_on_the_largest_part_and_inside_a_ring() -> None:
    mainland = shapely.box(0, 0, 10, 4)
    island = shapely.box(20, 20, 21, 21)  # as Bawean for Kab. Gresik
    ring = shapely.Polygon([(0, 0), (10, 0), (10, 10), (0, 10)], [[(2, 2), (8, 2), (8, 8), (2, 8)]])  # a kabupaten around a kota
    points, radii = geometry.label_anchors(np.array([shapely.MultiPolygon([mainland, island]), ring], dtype=object))
    assert mainland.contains(points[0])
    assert ring.contains(points[1]) and radii[1] > 0.8

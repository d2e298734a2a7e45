"""Validity of every stored geometry (issue 12): invalid full and display geometries and multi-part regions whose
parts touch (a crack line through the region on every map), per level, for a store beside a baseline store.

    python bench/bench_geometry_validity.py [--db data/petakesos.duckdb] [--baseline PATH]

The baseline is a store built with plain coordinate rounding and no merging of touching parts (e.g. the national
demo store of the main branch, /work/national/petakesos.duckdb); both are counted in the same run. Target: 0 in
every column for the store.
"""

from __future__ import annotations

import argparse
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

import numpy as np  # noqa: E402
import shapely  # noqa: E402

from petakesos import geometry  # noqa: E402
from petakesos.store import Store  # noqa: E402

LEVELS = ("provinsi", "kabupaten_kota", "kecamatan", "desa_kelurahan")
BATCH = 5000


def touching_parts(geoms: np.ndarray) -> int:
    """Multipolygons with two parts that touch (GEOS keeps them apart; maps stroke the line between them)."""
    count = 0
    multi = geoms[shapely.get_type_id(geoms) == shapely.GeometryType.MULTIPOLYGON]
    for geom in multi:
        parts = shapely.get_parts(geom)
        left, right = shapely.STRtree(parts).query(parts, predicate="touches")
        count += bool((left < right).any())
    return count


def count(db: Path) -> dict[str, dict[str, int]]:
    store = Store(db)
    out = {}
    for level in LEVELS:
        codes = [r[0] for r in store.rows("SELECT kode FROM batas WHERE tingkat = ? ORDER BY kode", [level])]
        tally = {"units": len(codes), "full_invalid": 0, "display_invalid": 0, "touching_parts": 0}
        for start in range(0, len(codes), BATCH):
            rows = store.rows("SELECT geom_full, geojson_display FROM batas WHERE kode IN (SELECT unnest(?))",
                              [codes[start:start + BATCH]])
            full = geometry.from_wkb([r[0] for r in rows])
            display = np.array([shapely.from_geojson(r[1]) if r[1] else None for r in rows], dtype=object)
            tally["full_invalid"] += int((~shapely.is_valid(full[~shapely.is_missing(full)])).sum())
            tally["display_invalid"] += int((~shapely.is_valid(display[~shapely.is_missing(display)])).sum())
            tally["touching_parts"] += touching_parts(full[~shapely.is_missing(full)])
        out[level] = tally
    return out


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--db", type=Path, default=ROOT / "data" / "petakesos.duckdb")
    parser.add_argument("--baseline", type=Path, default=Path("/work/national/petakesos.duckdb"))
    args = parser.parse_args()
    stores = [("store", args.db)] + ([("baseline", args.baseline)] if args.baseline.exists() else [])
    print(f"{'':9} {'level':15} {'units':>7} {'full invalid':>13} {'display invalid':>16} {'touching parts':>15}")
    for name, db in stores:
        started = time.perf_counter()
        result = count(db)
        for level, t in result.items():
            print(f"{name:9} {level:15} {t['units']:7d} {t['full_invalid']:13d} {t['display_invalid']:16d} "
                  f"{t['touching_parts']:15d}")
        total = sum(t["full_invalid"] + t["display_invalid"] + t["touching_parts"] for t in result.values())
        print(f"{name:9} total problems {total} ({db}, counted in {time.perf_counter() - started:.0f} s)")


if __name__ == "__main__":
    main()

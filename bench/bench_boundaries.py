"""Benchmark of the region store on the national desa layer (issue 2).

    python bench/bench_boundaries.py [--db PATH] [--skip-build]

Prints:
- the whole national build (desa + derived kecamatan, kab/kota, provinsi + display geometry): seconds and peak
  memory (measured in a child process), with the time per stage;
- the children query from a warm store: median and worst over every region of each level, against a naive
  query that sends full-detail geometry (converted from WKB to GeoJSON per request) measured in the same run;
- the GeoJSON payload of each drill-down view (Indonesia; the kab/kota of a province; the kecamatan of a kab/kota;
  the desa of a kecamatan) per level, max and median, beside the same view at full detail;
- a naive dissolve (geopandas .dissolve straight from desa, no sliver removal) on one province against ours.
"""

from __future__ import annotations

import argparse
import json
import resource
import statistics
import subprocess
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

import numpy as np  # noqa: E402
import shapely  # noqa: E402

from petakesos import geometry  # noqa: E402
from petakesos.settings import get_settings  # noqa: E402
from petakesos.store import Store  # noqa: E402

BUILD_SCRIPT = """
import json, resource, sys
from etl.boundaries import load_boundaries
r = load_boundaries([sys.argv[1]], db_path=sys.argv[2])
peak_kb = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
print(json.dumps({"seconds": r.seconds, "stages": r.stage_seconds, "written": r.written, "peak_mb": peak_kb / 1024}))
"""


def build(desa: Path, db: Path) -> dict:
    db.unlink(missing_ok=True)
    out = subprocess.run([sys.executable, "-c", BUILD_SCRIPT, str(desa), str(db)], cwd=ROOT, check=True,
                         capture_output=True, text=True)
    return json.loads(out.stdout.strip().splitlines()[-1])


def payload_display(store: Store, kode: str) -> int:
    children = store.children(kode)
    features = [
        f'{{"type":"Feature","properties":{{"kode":{json.dumps(k)},"nama":{json.dumps(n)}}},"geometry":{g}}}'
        for k, n, g in zip(children["kode"], children["nama"], children["geojson_display"], strict=True)
        if isinstance(g, str)
    ]
    return len('{"type":"FeatureCollection","features":[' + ",".join(features) + "]}")


def payload_full(store: Store, kode: str) -> int:
    """The naive view: full-detail geometry of every child converted to GeoJSON on request."""
    children = store.children_full(kode)
    geoms = geometry.from_wkb(children["geom_full"])
    texts = shapely.to_geojson(geoms)
    features = [
        f'{{"type":"Feature","properties":{{"kode":{json.dumps(k)},"nama":{json.dumps(n)}}},"geometry":{g}}}'
        for k, n, g in zip(children["kode"], children["nama"], texts, strict=True)
        if g is not None
    ]
    return len('{"type":"FeatureCollection","features":[' + ",".join(features) + "]}")


def timed(fn, *args) -> tuple[float, object]:
    started = time.perf_counter()
    value = fn(*args)
    return (time.perf_counter() - started) * 1000, value


def stats(values: list[float]) -> str:
    return f"median {statistics.median(values):8.1f}  worst {max(values):8.1f}"


def naive_dissolve_vs_ours(desa: Path, province: str = "33") -> None:
    import geopandas as gpd

    frame = gpd.read_parquet(desa)
    frame = frame[frame["kode"].str.startswith(province + ".")].reset_index(drop=True)
    settings = get_settings()
    started = time.perf_counter()
    for width in (8, 5, 2):  # kecamatan, kab/kota, provinsi straight from the desa
        frame.assign(parent=frame["kode"].str[:width]).dissolve("parent")
    naive = time.perf_counter() - started
    started = time.perf_counter()
    geoms = frame.geometry.to_numpy()
    codes = frame["kode"]
    for width in (8, 5, 2):  # ours: each level from the level below, sliver holes removed
        level = geometry.dissolve(codes.str[:width], geoms, settings.sliver_hole_area)
        codes, geoms = level["kode"], level["geometry"].to_numpy()
    ours = time.perf_counter() - started
    print(f"dissolve of province {province} ({len(frame)} desa) to 3 upper levels: ours {ours:.1f} s, "
          f"naive geopandas dissolve {naive:.1f} s, ratio {naive / ours:.1f}x")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--db", type=Path, default=Path("/tmp/petakesos-bench-national.duckdb"))
    parser.add_argument("--skip-build", action="store_true", help="reuse --db instead of building it")
    parser.add_argument("--sample", type=int, default=40, help="regions per level for the naive comparison")
    args = parser.parse_args()
    desa = get_settings().boundaries_dir / "national" / "desa_kelurahan.parquet"
    if not desa.exists():
        raise SystemExit(f"{desa} not found: set PETAKESOS_DATA_DIR to the reference data folder")

    if not args.skip_build:
        print(f"Building the national store from {desa} …", flush=True)
        result = build(desa, args.db)
        stages = ", ".join(f"{k} {v:.1f} s" for k, v in result["stages"].items())
        print(f"national build: {result['seconds']:.1f} s (target ≤ 120 s), peak memory {result['peak_mb']:.0f} MB "
              f"(target ≤ 6144 MB)\n  stages: {stages}\n  written: {result['written']}")

    store = Store(args.db)
    rng = np.random.default_rng(7)
    levels = {
        "provinsi (Indonesia view)": [""],
        "kabupaten_kota (province views)": store.children("")["kode"].tolist(),
    }
    kab = store.df("SELECT kode FROM kode_wilayah WHERE tingkat = 'kabupaten_kota'")["kode"].tolist()
    kec = store.df("SELECT kode FROM kode_wilayah WHERE tingkat = 'kecamatan'")["kode"].tolist()
    levels["kecamatan (kab/kota views)"] = kab
    levels["desa_kelurahan (kecamatan views)"] = kec
    store.children("")  # warm the connection
    print("\nchildren query, warm store, ms (target ≤ 50 ms median); payload KB (target ≤ 800 KB):")
    for label, parents in levels.items():
        query_ms = [timed(store.children, p)[0] for p in parents]
        sizes = [payload_display(store, p) / 1024 for p in parents]
        sample = list(rng.choice(parents, size=min(args.sample, len(parents)), replace=False))
        naive_ms, naive_kb = [], []
        for p in sample:
            ms, size = timed(payload_full, store, p)
            naive_ms.append(ms)
            naive_kb.append(size / 1024)
        ours_sample_ms = [timed(payload_display, store, p)[0] for p in sample]
        print(f"- {label}: {len(parents)} views")
        print(f"    query ms      {stats(query_ms)}")
        print(f"    payload KB    {stats(sizes)}")
        print(f"    full detail   payload KB {stats(naive_kb)} (sample of {len(sample)})")
        print(f"    view build ms ours {stats(ours_sample_ms)} | naive full-detail {stats(naive_ms)} | "
              f"ratio {statistics.median(naive_ms) / max(statistics.median(ours_sample_ms), 1e-6):.1f}x")
    naive_dissolve_vs_ours(desa)
    print(f"peak memory of this benchmark process: {resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024:.0f} MB")


if __name__ == "__main__":
    main()

"""Benchmark of the print map export (issue 5): 300 dpi A4 PNG of a kab/kota's desa map (target ≤ 3 s) and of
the 38-province national map (target ≤ 6 s), on the national store.

    python bench/bench_export.py [--db /tmp/nat.duckdb] [--kab 33.01] [--repeat 3] [--no-baseline]

The store is only read. When it holds welfare data (view `indikator` not empty) the values come from it, with
public suppression, exactly as `render_map` does for the dashboard; otherwise seeded random values are passed in
as `MapData` (the geometry work, which dominates, is the same). Each case is rendered `--repeat` times after one
warm-up (imports, first DuckDB read, the locator background that is cached per store version) and the median is
printed, split into data and drawing where possible; the warm-up time is printed too.

Naive baseline, measured in the same run: geopandas `GeoDataFrame.plot` of the full-detail geometry (no
simplification to the printed resolution), projected with `to_crs`, saved at the same size and dpi.
"""

from __future__ import annotations

import argparse
import io
import statistics
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

import numpy as np  # noqa: E402
import pandas as pd  # noqa: E402

from petakesos.export import MapData, map_data, render_map  # noqa: E402
from petakesos.export import data as export_data  # noqa: E402
from petakesos.export.map import units_full  # noqa: E402
from petakesos.store import Store  # noqa: E402

A4_300_PX = (3508, 2480)


def has_values(store: Store) -> bool:
    return export_data.has_indicators(store) and bool(export_data.years(store))


def synthetic(store: Store, kode: str, level: str | None, seed: int = 1) -> MapData:
    units = units_full(store, kode, level)
    rng = np.random.default_rng(seed)
    values = pd.DataFrame({"kode": units["kode"], "nilai": rng.uniform(0, 100, len(units)).round(1), "status": ""})
    return MapData(values=values, nama="Cakupan WKSBM", satuan="%", sources=["nilai acak (benchmark)"], contoh=True)


COLD: dict[str, float] = {}


def timed(fn, repeat: int, label: str = "") -> tuple[float, object]:
    t = time.perf_counter()
    fn()  # warm-up: imports, first DuckDB read, the cached locator background
    COLD[label] = time.perf_counter() - t
    times, result = [], None
    for _ in range(repeat):
        t = time.perf_counter()
        result = fn()
        times.append(time.perf_counter() - t)
    return statistics.median(times), result


def naive(store: Store, kode: str, level: str | None, data: MapData) -> bytes:
    """geopandas .plot straight from the full-detail WKB, no print simplification."""
    import geopandas as gpd
    import matplotlib

    matplotlib.use("Agg")
    from matplotlib.figure import Figure

    from petakesos.export.geo import choose_projection
    from petakesos.export.geo import from_wkb as geo_from_wkb

    units = units_full(store, kode, level)
    geoms = geo_from_wkb(units["geom_full"])
    frame = gpd.GeoDataFrame(units[["kode"]], geometry=geoms, crs=4326).merge(data.values, on="kode")
    frame = frame[~frame.geometry.isna()]
    proj = choose_projection(tuple(frame.total_bounds), national=kode == "")
    frame = frame.to_crs(proj.crs)
    fig = Figure(figsize=(297 / 25.4, 210 / 25.4), dpi=300)
    ax = fig.add_axes([0.03, 0.08, 0.7, 0.8])
    frame.plot(column="nilai", cmap="YlOrRd", scheme="quantiles", k=5, ax=ax, edgecolor="white", linewidth=0.2)
    ax.set_axis_off()
    buf = io.BytesIO()
    fig.savefig(buf, format="png", dpi=300)
    return buf.getvalue()


def run_case(store: Store, name: str, kode: str, indikator: str, level: str | None, target: float, args) -> None:
    real = has_values(store)
    tahun = export_data.years(store)[-1] if real else 2025
    data_s = 0.0
    if real:
        data_s, data = timed(lambda: map_data(store, kode, indikator, tahun, level=level), args.repeat)
    else:
        data = synthetic(store, kode, level)
    draw_s, png = timed(
        lambda: render_map(store, kode, indikator, tahun, fmt="png", paper="A4", dpi=300, level=level, data=data),
        args.repeat,
        name,
    )
    from PIL import Image

    size = Image.open(io.BytesIO(png)).size
    total = data_s + draw_s
    n = len(data.values)
    verdict = "OK" if total <= target else "TOO SLOW"
    source = "store values + suppression" if real else "synthetic values"
    print(f"{name}: {n} units, {source}")
    print(f"  ours   : {total:5.2f} s (data {data_s:.2f} s + render {draw_s:.2f} s), {size[0]}×{size[1]} px, "
          f"{len(png) / 1e6:.1f} MB  target ≤ {target:.0f} s → {verdict}")  # fmt: skip
    print(f"  first call in this process (render only): {COLD[name]:.2f} s")
    if not args.no_baseline:
        import warnings

        t = time.perf_counter()
        with warnings.catch_warnings():
            warnings.simplefilter("ignore")  # mapclassify complains about few distinct values
            naive(store, kode, level, data)
        base = time.perf_counter() - t
        print(f"  naive  : {base:5.2f} s (geopandas .plot of full-detail geometry)  ratio naive/ours = "
              f"{base / max(draw_s, 1e-9):.1f}×")  # fmt: skip


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--db", type=Path, default=Path("/tmp/nat.duckdb"))
    parser.add_argument("--kab", default="33.01", help="kab/kota whose desa map is rendered (default Cilacap)")
    parser.add_argument("--indikator", default="cakupan_wksbm_pct")
    parser.add_argument("--repeat", type=int, default=3)
    parser.add_argument("--no-baseline", action="store_true")
    args = parser.parse_args()
    if not args.db.exists():
        print(f"{args.db} not found: build a national store with `python -m etl demo --db {args.db}`", file=sys.stderr)
        return 2
    store = Store(args.db)
    n_desa = store.rows("SELECT count(*) FROM batas WHERE starts_with(kode, ?) AND tingkat = 'desa_kelurahan'",
                        [args.kab + "."])[0][0]  # fmt: skip
    vertices = store.rows("SELECT sum(n_vertices) FROM batas WHERE tingkat = 'provinsi'")[0][0]
    print(f"store {args.db}: kab/kota {args.kab} has {n_desa} desa polygons; provinces {vertices:,} vertices")
    run_case(store, f"Desa map of {args.kab}", args.kab, args.indikator, "desa_kelurahan", 3.0, args)
    run_case(store, "National map (38 provinces)", "", args.indikator, None, 6.0, args)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())

"""Benchmark of the dashboard's drill-down on a national store: server time, bytes sent, browser draw time.

    python bench/bench_dashboard.py --db /tmp/nat.duckdb [--sample 20] [--naive-sample 5] [--browser-sample 6]

For each drill step (Indonesia; a province; a kab/kota; a kecamatan) and a sample of regions of that level:
- server time to produce the view: views.build_view + maps.build_map + the HTML/script generation st_folium does
  before sending (streamlit_folium internals), cold (caches emptied, new Store) and warm (second request);
- data sent to the browser for the map: the st_folium component arguments (script + html + header);
- the naive approach measured in the same run: the children's full-detail geometry as a GeoDataFrame into
  folium.GeoJson with a GeoJsonTooltip (what a first version would do);
- with --browser-sample N > 0 and /usr/bin/chromium: the app is started on the store and, for N regions per level,
  the time from the click on the map to the new map drawn in headless Chromium.
Targets (issue 4): warm ≤ 300 ms, cold ≤ 1 s, ≤ 800 KB per view, drawn ≤ 2 s after the click.
"""

from __future__ import annotations

import argparse
import random
import statistics
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(ROOT / "tests"))

LEVELS = [("indonesia", "Indonesia"), ("provinsi", "provinsi"), ("kabupaten_kota", "kab/kota"),
          ("kecamatan", "kecamatan")]


def sample_regions(store, tingkat: str, n: int, seed: int) -> list[str]:
    if tingkat == "indonesia":
        return [""]
    codes = [r[0] for r in store.rows("SELECT kode FROM batas WHERE tingkat = ? ORDER BY kode", [tingkat])]
    rng = random.Random(seed)
    return sorted(rng.sample(codes, min(n, len(codes))))


def st_folium_payload(m) -> int:
    """Bytes of what st_folium sends for a map (script, html, header), produced the way it does."""
    import streamlit_folium as sf

    m.get_root().render()
    m.render()
    html = sf._get_html(m)
    header = sf._get_header(m)
    script = sf._get_map_string(m)
    sf.generate_js_hash(script, "bench", False)
    return len(script.encode()) + len(html.encode()) + len(header.encode())


def ours(store_path: Path, kode: str, cold: bool, store=None):
    from petakesos import maps, views
    from petakesos.store import Store

    if cold:
        store = Store(store_path)
    t0 = time.perf_counter()
    view = views.build_view(store, views.ViewState(wilayah=kode))
    size = st_folium_payload(maps.build_map(view.spec))
    return time.perf_counter() - t0, size, store


def naive(store, kode: str):
    """Full-detail GeoJSON of the children into folium (GeoJson + GeoJsonTooltip), rendered like st_folium does."""
    import folium
    import geopandas as gpd

    from petakesos.geometry import from_wkb

    t0 = time.perf_counter()
    kids = store.children_full(kode)
    kids = kids[kids["geom_full"].notna()]
    gdf = gpd.GeoDataFrame(kids[["kode", "nama"]], geometry=from_wkb(kids["geom_full"]), crs=4326)
    m = folium.Map(tiles=None)
    folium.GeoJson(gdf, tooltip=folium.GeoJsonTooltip(["nama", "kode"])).add_to(m)
    m.fit_bounds([[gdf.total_bounds[1], gdf.total_bounds[0]], [gdf.total_bounds[3], gdf.total_bounds[2]]])
    size = st_folium_payload(m)
    return time.perf_counter() - t0, size


def fmt_row(name: str, times: list[float], sizes: list[int]) -> str:
    return (f"{name:<34} n={len(times):>3}  time median {statistics.median(times) * 1000:8.0f} ms  "
            f"worst {max(times) * 1000:8.0f} ms   bytes median {statistics.median(sizes) / 1024:8.0f} KB  "
            f"worst {max(sizes) / 1024:8.0f} KB")


def browser_draw(store_path: Path, samples: dict[str, list[str]], per_level: int) -> dict[str, list[float]]:
    """Click → new map drawn, in headless Chromium, for `per_level` regions of each level: the view of a province,
    kab/kota or kecamatan is opened by clicking it on its parent's map; Indonesia by its breadcrumb button."""
    from e2e.browser import (
        CHROMIUM,
        CHROMIUM_ARGS,
        POINT_IN_FEATURE_JS,
        click_feature,
        dashboard_server,
        wait_for_codes,
    )
    from playwright.sync_api import sync_playwright

    from petakesos import codes as kode_util

    out: dict[str, list[float]] = {}
    with dashboard_server(store_path, timeout=120) as base, sync_playwright() as p:
        browser = p.chromium.launch(executable_path=str(CHROMIUM), args=CHROMIUM_ARGS)
        page = browser.new_page(viewport={"width": 1400, "height": 950})
        try:
            for tingkat, _ in LEVELS:
                times: list[float] = []
                candidates = samples["provinsi" if tingkat == "indonesia" else tingkat]
                for kode in candidates:
                    if len(times) >= per_level:
                        break
                    if tingkat == "indonesia":
                        page.goto(f"{base}/?wilayah={kode}")
                        frame, _ = wait_for_codes(page, kode, timeout=60_000)
                        t0 = time.perf_counter()
                        page.locator(".st-key-pk-breadcrumb button", has_text="Indonesia").click()
                        wait_for_codes(page, "", old_frame=frame, timeout=60_000, settle=False)
                    else:
                        parent = kode_util.parent_of(kode)
                        page.goto(f"{base}/?wilayah={parent}" if parent else f"{base}/")
                        frame, _ = wait_for_codes(page, parent, timeout=60_000)
                        if frame.evaluate(POINT_IN_FEATURE_JS, kode) is None:
                            continue  # too small to click at the parent's zoom
                        t0 = time.perf_counter()
                        click_feature(page, frame, kode)
                        wait_for_codes(page, kode, old_frame=frame, timeout=60_000, settle=False)
                    times.append(time.perf_counter() - t0)
                out[tingkat] = times
        finally:
            browser.close()
    return out


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--db", type=Path, default=Path("/tmp/nat.duckdb"), help="a national store (read only)")
    parser.add_argument("--sample", type=int, default=20, help="regions per level for the server figures")
    parser.add_argument("--naive-sample", type=int, default=5, help="regions per level for the naive baseline")
    parser.add_argument("--browser-sample", type=int, default=6, help="clicks per level in Chromium (0 = skip)")
    parser.add_argument("--seed", type=int, default=4)
    args = parser.parse_args(argv)
    if not args.db.exists():
        print(f"Store {args.db} not found: build one with `python -m etl demo --scope national --db {args.db}`.")
        return 2

    from petakesos import assets
    from petakesos.store import Store

    assets.use_local_assets()
    store = Store(args.db)
    counts = dict(store.rows("SELECT tingkat, count(*) FROM batas GROUP BY 1"))
    print(f"Store {args.db}: {counts}")
    samples = {t: sample_regions(store, t, args.sample, args.seed) for t, _ in LEVELS}
    # A running server has imported folium, mapclassify, streamlit_folium… at start-up: do that once, unmeasured,
    # so "cold" means what a first visit to a view costs (empty caches, new store connection), not Python imports.
    t_import = time.perf_counter()
    ours(args.db, samples["kecamatan"][0], cold=True)
    print(f"(process warm-up: imports and first render {time.perf_counter() - t_import:.2f} s, not counted)")
    results = []
    for tingkat, label in LEVELS:
        repeats = args.sample if tingkat == "indonesia" else 1
        cold_t, warm_t, sizes = [], [], []
        for kode in samples[tingkat]:
            for _ in range(repeats):
                t, size, s = ours(args.db, kode, cold=True)
                cold_t.append(t)
                t, size, _ = ours(args.db, kode, cold=False, store=s)
                warm_t.append(t)
                sizes.append(size)
        naive_t, naive_s = [], []
        for kode in samples[tingkat][: max(1, args.naive_sample)]:
            t, size = naive(store, kode)
            naive_t.append(t)
            naive_s.append(size)
        results.append((label, cold_t, warm_t, sizes, naive_t, naive_s))
        print(f"\n== {label} (view of {len(samples[tingkat])} region(s)"
              f"{', each measured ' + str(repeats) + ' times' if repeats > 1 else ''}) ==")
        print(fmt_row("Peta Kesos, cold", cold_t, sizes))
        print(fmt_row("Peta Kesos, warm", warm_t, sizes))
        print(fmt_row("naive full-detail folium.GeoJson", naive_t, naive_s))
        print(f"ratio naive/ours (median): time ×{statistics.median(naive_t) / statistics.median(warm_t):.0f} warm, "
              f"×{statistics.median(naive_t) / statistics.median(cold_t):.1f} cold; "
              f"bytes ×{statistics.median(naive_s) / statistics.median(sizes):.0f}")

    ok = all(max(w) <= 0.3 and max(c) <= 1.0 and max(s) <= 800 * 1024 for _, c, w, s, _, _ in results)
    print(f"\nTargets (warm ≤ 300 ms, cold ≤ 1 s, ≤ 800 KB, worst case): {'MET' if ok else 'NOT MET'}")

    if args.browser_sample > 0:
        from e2e.browser import CHROMIUM

        if not CHROMIUM.exists():
            print("Chromium not installed: browser draw time skipped.")
            return 0
        draw = browser_draw(args.db, samples, args.browser_sample)
        print("\n== headless Chromium: click on the map → new map drawn ==")
        for tingkat, label in LEVELS:
            times = draw.get(tingkat, [])
            if times:
                what = "breadcrumb → Indonesia" if tingkat == "indonesia" else f"click → {label} view"
                print(f"{what:<34} "
                      f"n={len(times):>3}  median {statistics.median(times):.2f} s  worst {max(times):.2f} s")
        worst = max(max(v) for v in draw.values() if v)
        print(f"Target (drawn ≤ 2 s after the click, worst case): {'MET' if worst <= 2 else 'NOT MET'}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())

"""Write the review artefacts of the map work to artifacts/review/ (git-ignored) and print what they show.

    python scripts/review_artifacts.py [--db data/petakesos.duckdb] [--only screens|exports] [--port 8620]

Screens: the dashboard (national, a province, a kab/kota, a kota) at 1600×1000 and 1920×1080, and the forum
screen (`?tampilan=layar`) at 1920×1080 and 1280×720, each taken in headless Chromium. For the forum screen the
map is checked in PIXELS: the map frame is sampled on a grid and the share of painted (non-background) samples is
printed per band from top to bottom, so that an unpainted south (a map drawn before its frame had its size) shows
as a near-zero bottom band. Exports: the print maps of Jawa Tengah, Jawa Timur, Maluku and Kota Magelang (its
kelurahan), landscape and portrait.
"""

from __future__ import annotations

import argparse
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path[:0] = [str(ROOT), str(ROOT / "tests" / "e2e")]
OUT = ROOT / "artifacts" / "review"

SCREENS = {
    "nasional": "",
    "provinsi_jawa_tengah": "?wilayah=33",
    "kabupaten_magelang": "?wilayah=33.08",
    "kota_magelang": "?wilayah=33.71",
}
FORUM = "?tampilan=layar&wilayah=33"
EXPORTS = [("33", None), ("35", None), ("81", None), ("33.71", "desa_kelurahan")]
BACKGROUND = (0xF4, 0xF6, 0xF8)  # petakesos.maps.BACKGROUND


def painted_bands(png: Path, box: dict, bands: int = 5, grid: int = 40) -> list[float]:
    """Share of grid samples in each horizontal band of the map frame that differ from the map background."""
    from PIL import Image

    img = Image.open(png).convert("RGB")
    # Only the part of the frame inside the screenshot (the page may continue below the window).
    box = {**box, "height": min(box["height"], img.height - box["y"]), "width": min(box["width"], img.width - box["x"])}
    out = []
    for b in range(bands):
        hits = total = 0
        for j in range(grid // bands):
            y = box["y"] + box["height"] * (b + (j + 0.5) / (grid // bands)) / bands
            for i in range(grid):
                x = box["x"] + box["width"] * (i + 0.5) / grid
                px = img.getpixel((int(x), int(y)))
                total += 1
                hits += max(abs(a - c) for a, c in zip(px, BACKGROUND, strict=True)) > 12
        out.append(hits / total)
    return out


def screens(db: Path, port: int | None, only: list[str] | None = None) -> None:
    import browser as e2e
    from browser import (
        CHROMIUM,
        CHROMIUM_ARGS,
        dashboard_server,
        map_frame,
        name_boxes,
        names_inked,
        overlapping_names,
        wait_idle,
    )
    from playwright.sync_api import sync_playwright

    if port:
        e2e.free_port = lambda: port
    with dashboard_server(db, timeout=120) as base, sync_playwright() as p:
        browser = p.chromium.launch(executable_path=str(CHROMIUM), args=CHROMIUM_ARGS)
        shots = [(name, query, size) for size in ((1600, 1000), (1920, 1080)) for name, query in SCREENS.items()]
        shots += [("layar_jawa_tengah", FORUM, (1920, 1080)), ("layar_jawa_tengah", FORUM, (1280, 720))]
        if only:
            shots = [s for s in shots if s[0] in only or (s[0].startswith("layar") and "layar" in only)]
        for name, query, (w, h) in shots:
            page = browser.new_page(viewport={"width": w, "height": h})
            page.goto(base + "/" + query)
            map_frame(page, timeout=90_000)
            wait_idle(page, time.monotonic() + 60)
            page.wait_for_timeout(2500)  # the frame settles, the names are placed
            path = OUT / f"{name}_{w}x{h}.png"
            page.screenshot(path=str(path))
            frame = map_frame(page, timeout=10_000)
            box = frame.frame_element().bounding_box()
            rects = name_boxes(frame)
            overlaps = len(overlapping_names(rects))
            inked = names_inked(path, box, rects)
            bands = painted_bands(path, box)
            print(f"{path.name}: map {box['width']:.0f}×{box['height']:.0f} px, {len(rects)} names shown "
                  f"({inked} with dark type in the pixels, {overlaps} overlapping pairs): "
                  f"{', '.join(r['text'] for r in rects[:40])}; painted share per band top→bottom "
                  f"{' '.join(f'{b:.2f}' for b in bands)}")
            page.close()
        browser.close()


def exports(db: Path) -> None:
    from petakesos.export import render_map
    from petakesos.store import Store

    store = Store(db)
    for kode, level in EXPORTS:
        for orientation in ("landscape", "portrait"):
            started = time.perf_counter()
            png = render_map(store, kode, "cakupan_wksbm_pct", 2025, fmt="png", paper="A4", orientation=orientation,
                             dpi=110, level=level)
            path = OUT / f"ekspor_{kode.replace('.', '_')}_{orientation}.png"
            path.write_bytes(png)
            print(f"{path.name}: {len(png) / 1e3:.0f} kB in {time.perf_counter() - started:.1f} s")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--db", type=Path, default=ROOT / "data" / "petakesos.duckdb")
    parser.add_argument("--only", choices=("screens", "exports"))
    parser.add_argument("--port", type=int, help="dashboard port (default: a free one)")
    parser.add_argument("--screens", nargs="*", help="only these screens (names of SCREENS, or layar)")
    args = parser.parse_args()
    OUT.mkdir(parents=True, exist_ok=True)
    if args.only != "screens":
        exports(args.db)
    if args.only != "exports":
        screens(args.db, args.port, args.screens)


if __name__ == "__main__":
    main()

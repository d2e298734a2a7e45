"""Screenshots of the Peta, Tren, Data and Tentang pages in Bahasa Indonesia and English, for looking at.

    python scripts/screenshots.py --db /work/national/petakesos.duckdb --wilayah 33 --wilayah "" \\
        [--indikator pmks_total] [--size 1600x1000] [--out artifacts/screens]

Starts the dashboard on a free local port with headless Chromium (tests/e2e/browser.py) and writes
<out>/<wilayah>_<lang>_<page>.png. The store is only read.
"""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(ROOT / "tests" / "e2e"))

from browser import CHROMIUM, CHROMIUM_ARGS, dashboard_server, page_screenshots  # noqa: E402


def main(argv: list[str] | None = None) -> int:
    p = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    p.add_argument("--db", type=Path, required=True)
    p.add_argument("--wilayah", action="append", default=None, help="region code ('' = Indonesia); repeatable")
    p.add_argument("--indikator", default="")
    p.add_argument("--tahun", default="")
    p.add_argument("--size", default="1600x1000")
    p.add_argument("--out", type=Path, default=ROOT / "artifacts" / "screens")
    p.add_argument("--full", action="store_true", help="a 4000 px high window: the whole page, not the first screen")
    args = p.parse_args(argv)
    width, height = (int(v) for v in args.size.lower().split("x"))
    from playwright.sync_api import sync_playwright

    with dashboard_server(args.db, timeout=120) as base, sync_playwright() as pw:
        browser = pw.chromium.launch(executable_path=str(CHROMIUM), args=CHROMIUM_ARGS)
        page = browser.new_page(viewport={"width": width, "height": 4000 if args.full else height})
        for wilayah in args.wilayah or ["33"]:
            for lang in ("id", "en"):
                query = "&".join(f"{k}={v}" for k, v in (("wilayah", wilayah or "indonesia"), ("indikator",
                                 args.indikator), ("tahun", args.tahun), ("bahasa", lang if lang != "id" else "")) if v)
                for shot in page_screenshots(page, base, args.out, query,
                                             prefix=f"{wilayah.replace('.', '') or 'indonesia'}_{lang}_"
                                             + ("full_" if args.full else "")):
                    print(shot)
        browser.close()
    return 0


if __name__ == "__main__":
    raise SystemExit(main())

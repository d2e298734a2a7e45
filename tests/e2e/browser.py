"""Helpers for the real-browser tests: start the dashboard on a free port, drive the Leaflet map in its iframe.

Used by tests/e2e/test_dashboard_browser.py and bench/bench_dashboard.py (draw time after a click).
"""

from __future__ import annotations

import contextlib
import os
import socket
import subprocess
import sys
import time
import urllib.request
from collections.abc import Iterator
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
CHROMIUM = Path("/usr/bin/chromium")
CHROMIUM_ARGS = ["--headless", "--no-sandbox", "--disable-gpu", "--disable-dev-shm-usage",
                 "--disable-background-networking", "--disable-component-update", "--no-first-run"]
ARTIFACTS = ROOT / "artifacts" / "e2e"


def demo_store_for_browser(folder: Path, *demo_args: str) -> Path:
    """A store built by `python -m etl demo <demo_args>` in `folder` for a browser test; skips clearly when
    Chromium or the Leaflet assets are missing (the build itself must succeed)."""
    import pytest

    from petakesos.assets import missing_assets

    if not CHROMIUM.exists():
        pytest.skip(f"{CHROMIUM} not installed (.ci/run installs Debian chromium)")
    if missing_assets():
        pytest.skip("Leaflet not installed into static/vendor (run `npm ci && scripts/install_assets.sh`)")
    db = folder / "store.duckdb"
    done = subprocess.run([sys.executable, "-m", "etl", "demo", *demo_args, "--db", str(db)], cwd=ROOT,
                          capture_output=True, text=True)
    assert done.returncode == 0, done.stderr
    return db


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


@contextlib.contextmanager
def dashboard_server(db_path: Path, env: dict[str, str] | None = None, timeout: float = 60) -> Iterator[str]:
    """Run `streamlit run dashboard.py` on a free localhost port; yield its base URL; stop it afterwards."""
    port = free_port()
    full_env = {**os.environ, "PETAKESOS_DB": str(db_path), **(env or {})}
    cmd = [sys.executable, "-m", "streamlit", "run", str(ROOT / "dashboard.py"), "--server.port", str(port),
           "--server.address", "127.0.0.1", "--server.headless", "true", "--browser.gatherUsageStats", "false",
           "--server.fileWatcherType", "none"]
    ARTIFACTS.mkdir(parents=True, exist_ok=True)
    log = open(ARTIFACTS.parent / f"streamlit-{port}.log", "w")  # noqa: SIM115 - closed below
    proc = subprocess.Popen(cmd, cwd=ROOT, env=full_env, stdout=log, stderr=subprocess.STDOUT)
    base = f"http://127.0.0.1:{port}"
    try:
        deadline = time.monotonic() + timeout
        while True:
            try:
                with urllib.request.urlopen(f"{base}/_stcore/health", timeout=2) as r:
                    if r.status == 200:
                        break
            except OSError:
                pass
            if proc.poll() is not None or time.monotonic() > deadline:
                raise RuntimeError(f"streamlit did not start (see {log.name})")
            time.sleep(0.3)
        yield base
    finally:
        proc.terminate()
        try:
            proc.wait(timeout=10)
        except subprocess.TimeoutExpired:
            proc.kill()
            proc.wait()
        log.close()


def map_frame(page, timeout: float = 20_000, exclude=None):
    """The streamlit-folium iframe holding a drawn Leaflet map (optionally not the given old frame)."""
    deadline = time.monotonic() + timeout / 1000
    while time.monotonic() < deadline:
        for frame in page.frames:
            if "st_folium" in frame.url and frame is not exclude:
                try:
                    if frame.evaluate("() => !!(window.map && Object.keys(window.map._layers).length)"):
                        return frame
                except Exception:  # noqa: BLE001 - frame navigating or detached
                    pass
        page.wait_for_timeout(100)
    raise AssertionError("no drawn map found")


FEATURE_CODES_JS = """() => {
    const out = [];
    window.map.eachLayer(l => { if (l.feature && l.options.interactive !== false && l._path)
        out.push(l.feature.properties.kode); });
    return out;
}"""

# A point inside the feature's path (checked with elementFromPoint), in the iframe's client coordinates.
POINT_IN_FEATURE_JS = """(kode) => {
    let layer = null;
    window.map.eachLayer(l => { if (l.feature && l.feature.properties.kode === kode && l._path
        && l.options.interactive !== false) layer = l; });
    if (!layer) return null;
    const b = layer.getBounds();
    const c = window.map.latLngToContainerPoint(b.getCenter());
    const rect = window.map.getContainer().getBoundingClientRect();
    const tries = [[0.5, 0.5]];
    for (let i = 1; i < 12; i++) for (let j = 1; j < 12; j++) tries.push([i / 12, j / 12]);
    const sw = window.map.latLngToContainerPoint(b.getSouthWest());
    const ne = window.map.latLngToContainerPoint(b.getNorthEast());
    for (const [fx, fy] of tries) {
        const x = rect.left + sw.x + (ne.x - sw.x) * fx, y = rect.top + ne.y + (sw.y - ne.y) * fy;
        const el = document.elementFromPoint(x, y);
        if (el === layer._path) return {x: x, y: y};
    }
    return null;
}"""


def feature_codes(frame) -> list[str]:
    return frame.evaluate(FEATURE_CODES_JS)


def click_feature(page, frame, kode: str) -> None:
    """Click the map feature of a region code, at a point inside its polygon, once the page layout is still."""
    element = frame.frame_element()
    element.scroll_into_view_if_needed()
    box = element.bounding_box()
    for _ in range(30):  # wait until the iframe stops moving (elements above it may still be rendering)
        page.wait_for_timeout(100)
        again = element.bounding_box()
        if again == box:
            break
        box = again
    point = frame.evaluate(POINT_IN_FEATURE_JS, kode)
    assert point is not None, f"feature {kode} not clickable on the map"
    page.mouse.click(box["x"] + point["x"], box["y"] + point["y"])


def wait_for_codes(page, expected_prefix: str, old_frame=None, timeout: float = 20_000, settle: bool = True):
    """Wait until a map shows features whose codes are children of `expected_prefix`; return (frame, codes).

    With `settle` it also waits until the app has finished its run (the frame returned is then the final one);
    without, it returns as soon as the new map is drawn (for timing the draw)."""
    deadline = time.monotonic() + timeout / 1000
    while time.monotonic() < deadline:
        try:
            frame = map_frame(page, timeout=1000, exclude=old_frame)
            codes = feature_codes(frame)
        except Exception:  # noqa: BLE001 - the map is being replaced
            page.wait_for_timeout(100)
            continue
        if codes and all(_is_child(c, expected_prefix) for c in codes):
            if not settle:
                return frame, codes
            if not wait_idle(page, deadline):
                continue
            try:  # the frame may have been replaced by the last run: take the current one
                frame = map_frame(page, timeout=1000)
                codes = feature_codes(frame)
            except Exception:  # noqa: BLE001
                continue
            if codes and all(_is_child(c, expected_prefix) for c in codes):
                return frame, codes
        page.wait_for_timeout(100)
    raise AssertionError(f"map with the children of {expected_prefix!r} not drawn in time")


def wait_idle(page, deadline: float, quiet_ms: int = 400) -> bool:
    """Wait until the app has stopped running (no status widget) for `quiet_ms`; False when the deadline passed."""
    quiet = 0
    while time.monotonic() < deadline:
        running = page.locator('[data-testid="stStatusWidget"]').count() > 0
        quiet = 0 if running else quiet + 100
        if quiet >= quiet_ms:
            return True
        page.wait_for_timeout(100)
    return False


def _is_child(code: str, parent: str) -> bool:
    if parent == "":
        return "." not in code
    return code.startswith(parent + ".") and code.count(".") == parent.count(".") + 1


PAGE_SHOTS = (("", "peta"), ("tren", "tren"), ("data", "data"), ("tentang", "tentang"))


def page_screenshots(page, base: str, out_dir: Path, query: str, prefix: str = "") -> list[Path]:
    """Screenshots of the Peta, Tren, Data and Tentang pages for `query` (e.g. "wilayah=33&bahasa=en"), each taken
    once the page has finished running (maps drawn, no spinner)."""
    out_dir.mkdir(parents=True, exist_ok=True)
    shots = []
    for path, name in PAGE_SHOTS:
        page.goto(f"{base}/{path}?{query}")
        page.locator('[data-testid="stMainBlockContainer"]').wait_for(timeout=40_000)
        if name in ("peta", "tren"):
            map_frame(page, timeout=60_000)
        wait_idle(page, time.monotonic() + 40)
        page.wait_for_timeout(1200)
        shot = out_dir / f"{prefix}{name}.png"
        page.screenshot(path=str(shot), full_page=False)
        shots.append(shot)
    return shots


# The region names shown on the map: their text and box (px, inside the map frame).
NAME_RECTS_JS = """() => [...document.querySelectorAll('.pk-name')].filter(e => e.style.display !== 'none')
    .map(e => { const r = e.firstChild.getBoundingClientRect();
                return {text: e.firstChild.innerText.replace(/\\n/g, ' '), x0: r.left, y0: r.top, x1: r.right,
                        y1: r.bottom}; })"""


def name_boxes(frame) -> list[dict]:
    """The names shown on the map in `frame`, each with its box."""
    return frame.evaluate(NAME_RECTS_JS)


def overlapping_names(rects: list[dict]) -> list[tuple[str, str]]:
    return [(a["text"], b["text"]) for i, a in enumerate(rects) for b in rects[i + 1:]
            if not (a["x1"] <= b["x0"] or b["x1"] <= a["x0"] or a["y1"] <= b["y0"] or b["y1"] <= a["y0"])]


def names_inked(png: Path, frame_box: dict, rects: list[dict], dark: int = 90) -> int:
    """How many name boxes hold dark type in the screenshot `png` (the name is painted, not only in the DOM)."""
    from PIL import Image

    img = Image.open(png).convert("L")
    count = 0
    for r in rects:
        box = (int(frame_box["x"] + r["x0"]), int(frame_box["y"] + r["y0"]),
               int(frame_box["x"] + r["x1"]) + 1, int(frame_box["y"] + r["y1"]) + 1)
        if box[0] < 0 or box[1] < 0 or box[2] > img.width or box[3] > img.height:
            continue  # outside the screenshot: not seen painted
        count += int(min(img.crop(box).getextrema()) < dark)
    return count

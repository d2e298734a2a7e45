"""End-to-end: the dashboard in headless Chromium, on a store built by `python -m etl demo --scope samples`.

Drills from Indonesia into DI Yogyakarta, Kota Yogyakarta, a kecamatan and a kelurahan by clicking the map, goes
back up with the breadcrumb and the browser's Back, opens a deep link, searches a region, and checks that the page
made no request outside the app's own server. Screenshots go to artifacts/e2e/.
"""

from __future__ import annotations

import contextlib
import re
import time
from collections.abc import Iterator
from pathlib import Path
from urllib.parse import urlparse

import pytest
from browser import (
    ARTIFACTS,
    CHROMIUM,
    CHROMIUM_ARGS,
    click_feature,
    dashboard_server,
    demo_store_for_browser,
    name_boxes,
    names_inked,
    overlapping_names,
    page_screenshots,
    wait_for_codes,
    wait_idle,
)

pytestmark = pytest.mark.browser


@pytest.fixture(scope="module")
def demo_store(shared_data: Path, tmp_path_factory: pytest.TempPathFactory) -> Path:
    return demo_store_for_browser(tmp_path_factory.mktemp("e2e"), "--scope", "samples")


def assert_only_own_server(requests: list[str], base: str) -> None:
    """No request of the page left the app's own server (the dashboard must work offline)."""
    host = urlparse(base).netloc
    outside = [u for u in requests if urlparse(u).scheme in {"http", "https", "ws", "wss"}
               and urlparse(u).netloc != host]
    assert outside == [], f"requests outside the app: {outside[:5]}"


def _crumbs(page) -> str:
    return page.locator(".st-key-pk-breadcrumb").inner_text(timeout=20_000)


def _wait_url(page, pattern: str, timeout: float = 20) -> None:
    """Wait for the address bar to match (Streamlit changes it with history.pushState, without a page load)."""
    deadline = time.monotonic() + timeout
    while not re.search(pattern, page.url):
        if time.monotonic() > deadline:
            raise AssertionError(f"URL {page.url} does not match {pattern}")
        page.wait_for_timeout(100)


def _shot(page, name: str) -> None:
    ARTIFACTS.mkdir(parents=True, exist_ok=True)
    page.wait_for_timeout(400)
    page.screenshot(path=str(ARTIFACTS / f"{name}.png"), full_page=False)


@contextlib.contextmanager
def browser_page(store: Path, width: int, height: int) -> Iterator[tuple[str, object, list[str]]]:
    """The app on `store` and a headless Chromium page; yields (base URL, page, every URL the page requested).
    On leaving, asserts that no request went outside the app's own server."""
    from playwright.sync_api import sync_playwright

    with dashboard_server(store) as base, sync_playwright() as p:
        browser = p.chromium.launch(executable_path=str(CHROMIUM), args=CHROMIUM_ARGS)
        page = browser.new_page(viewport={"width": width, "height": height})
        requests: list[str] = []
        page.on("request", lambda r: requests.append(r.url))
        try:
            yield base, page, requests
        finally:
            browser.close()
    assert_only_own_server(requests, base)


def test_drill_down_breadcrumb_back_deep_link_search_offline(demo_store: Path) -> None:
    timings: dict[str, float] = {}
    with browser_page(demo_store, 1500, 1000) as (base, page, _):
        page.goto(base + "/")
        frame, codes = wait_for_codes(page, "", timeout=40_000)
        assert {"33", "34", "75"} <= set(codes)
        assert "DATA CONTOH" in page.content()
        _shot(page, "01_indonesia")

        steps = [("34", "Daerah Istimewa Yogyakarta", "02_provinsi"), ("34.71", "Kota Yogyakarta", "03_kota"),
                 ("34.71.01", "Tegalrejo", "04_kecamatan")]
        for kode, nama, shot in steps:
            t0 = time.monotonic()
            click_feature(page, frame, kode)
            wait_for_codes(page, kode, old_frame=frame, settle=False)
            timings[kode] = time.monotonic() - t0  # click → the new map drawn
            frame, codes = wait_for_codes(page, kode)
            assert nama in _crumbs(page)
            assert f"wilayah={kode}" in page.url
            _shot(page, shot)

        # Deepest level: clicking a kelurahan selects it (siblings stay on the map).
        desa = sorted(codes)[0]
        click_feature(page, frame, desa)
        _wait_url(page, f"wilayah={re.escape(desa)}")
        frame, codes = wait_for_codes(page, "34.71.01", old_frame=frame)
        assert desa in codes
        _shot(page, "05_kelurahan")

        # Up by the breadcrumb to the province.
        page.locator(".st-key-pk-breadcrumb button", has_text="Daerah Istimewa Yogyakarta").click()
        frame, codes = wait_for_codes(page, "34", old_frame=frame)
        _wait_url(page, r"wilayah=34(&|$)")
        assert "Kota Yogyakarta" not in _crumbs(page)
        _shot(page, "06_breadcrumb_provinsi")

        # The browser's Back returns to the kelurahan view.
        page.go_back()
        _wait_url(page, f"wilayah={re.escape(desa)}")
        frame, codes = wait_for_codes(page, "34.71.01", old_frame=frame)

        # A deep link opens the same view in a fresh page.
        page.goto(base + "/?wilayah=33.71.01&tahun=2024")
        frame, codes = wait_for_codes(page, "33.71.01", timeout=40_000)
        assert "Magelang Selatan" in _crumbs(page)
        assert "Kota Magelang" in _crumbs(page)
        _shot(page, "07_deep_link")

        # Search by name, jump there.
        box = page.get_by_role("textbox", name="Cari wilayah (nama atau kode)")
        box.fill("Kabupaten Gorontalo")
        box.press("Enter")
        page.get_by_role("button", name="Kabupaten Gorontalo — Kabupaten/Kota 75.01").click()
        frame, codes = wait_for_codes(page, "75.01", old_frame=frame)
        assert "Kabupaten Gorontalo" in _crumbs(page)
        _shot(page, "08_search")

        # Choosing a row of the ranking table drills into that region.
        grid = page.locator('[data-testid="stDataFrame"]').first
        grid.scroll_into_view_if_needed()
        page.wait_for_timeout(500)
        box = grid.bounding_box()
        page.mouse.click(box["x"] + 18, box["y"] + 35 + 17)  # the selection cell of the first row
        _wait_url(page, r"wilayah=75\.01\.\d\d(&|$)")
        chosen = re.search(r"wilayah=(75\.01\.\d\d)", page.url).group(1)
        frame, codes = wait_for_codes(page, chosen, old_frame=frame)
        _shot(page, "08b_ranking_row")

        # Other pages open by URL and keep the state.
        for path, text in (("tren", "Tren"), ("data", "Data"), ("tentang", "Tentang Peta Kesos")):
            page.goto(f"{base}/{path}?wilayah=34")
            page.get_by_text(text, exact=False).first.wait_for(timeout=20_000)
            page.wait_for_timeout(1500)
            _shot(page, f"09_{path}")
    assert all(t < 10 for t in timings.values()), timings
    (ARTIFACTS / "timings.txt").write_text("\n".join(f"{k}\t{v:.2f}s" for k, v in timings.items()) + "\n")


def test_presentation_mode_full_screen_slideshow_offline(demo_store: Path) -> None:
    """`?tampilan=layar`: no sidebar or Streamlit chrome, large title and KPIs, the slideshow moves on by itself."""
    with browser_page(demo_store, 1920, 1080) as (base, page, _):
        page.goto(base + "/?tampilan=layar&wilayah=34&putar=anak&detik=6")
        title = page.locator(".pk-layar-title")
        title.wait_for(timeout=40_000)
        wait_for_codes(page, "34.01", timeout=40_000)  # the first slide: the kecamatan of Kulon Progo
        first = title.inner_text()
        assert "Daerah Istimewa Yogyakarta" not in first  # a kab/kota of DIY, not the province itself
        assert page.locator("[data-testid='stSidebar']").is_hidden()
        assert page.locator("header[data-testid='stHeader']").is_hidden()
        assert "DATA CONTOH" in page.content()
        assert page.locator(".pk-layar-kpi").count() == 4
        font_px = float(page.locator(".pk-layar-kpi .v").first.evaluate("e => parseFloat(getComputedStyle(e).fontSize)"))
        assert font_px >= 40  # readable from the back of a hall
        _shot(page, "10_layar")
        deadline = time.monotonic() + 30
        while title.inner_text() == first:
            assert time.monotonic() < deadline, "the slideshow did not move on"
            page.wait_for_timeout(500)
        wait_for_codes(page, "34.02", timeout=20_000)
        _shot(page, "11_layar_next")


# Grid points of the map frame where the DOM has a region of the map (a choropleth path under the point).
# Points under a region name are left out (the name's white halo is painted there, over the region).
REGION_POINTS_JS = """() => {
    const out = [], w = window.innerWidth, h = window.innerHeight;
    const names = [...document.querySelectorAll('.pk-name span')].filter(e => e.offsetParent !== null)
        .map(e => e.getBoundingClientRect());
    for (let i = 0; i < 48; i++) for (let j = 0; j < 27; j++) {
        const x = (i + 0.5) * w / 48, y = (j + 0.5) * h / 27;
        if (names.some(r => x >= r.left - 2 && x <= r.right + 2 && y >= r.top - 2 && y <= r.bottom + 2)) continue;
        const el = document.elementFromPoint(x, y);
        if (el && el.tagName === 'path' && el.classList.contains('leaflet-interactive')) out.push([x, y]);
    }
    return out;
}"""


@pytest.mark.parametrize("size", [(1920, 1080), (1280, 720)])
def test_forum_screen_paints_the_whole_map_and_fits_the_screen(demo_store: Path, size: tuple[int, int]) -> None:
    """Checked in pixels: every grid point where the DOM has a region is painted in the screenshot (a map drawn
    before its frame had its size leaves the south unpainted though the DOM is complete)."""
    from PIL import Image

    width, height = size
    with browser_page(demo_store, width, height) as (base, page, _):
        page.goto(base + "/?tampilan=layar&wilayah=34")
        page.locator(".pk-layar-title").wait_for(timeout=40_000)
        frame, _codes = wait_for_codes(page, "34", timeout=40_000)
        page.wait_for_timeout(3000)  # the frame settles
        box = frame.frame_element().bounding_box()
        points = frame.evaluate(REGION_POINTS_JS)
        assert len(points) > 40, "the map shows almost no region"
        shot = ARTIFACTS / f"20_layar_{width}x{height}.png"
        page.screenshot(path=str(shot))
        img = Image.open(shot).convert("RGB")
        background = (0xF4, 0xF6, 0xF8)
        unpainted = [p for p in points
                     if max(abs(a - b) for a, b in zip(img.getpixel((int(box["x"] + p[0]), int(box["y"] + p[1]))),
                                                       background, strict=True)) <= 12]  # fmt: skip
        assert len(unpainted) <= 0.02 * len(points), f"{len(unpainted)} of {len(points)} region points unpainted"
        lower = [p for p in points if p[1] > box["height"] / 2]
        assert lower, "nothing of the region in the lower half of the map"
        # Everything on one screen: the map frame, the whole legend and the footer; no zoom buttons.
        assert box["y"] + box["height"] <= height
        legend = page.locator(".pk-layar-legend").bounding_box()
        assert legend["y"] + legend["height"] <= height
        foot = page.locator(".pk-layar-foot").bounding_box()
        assert foot["y"] + foot["height"] <= height + 1
        assert frame.locator(".leaflet-control-zoom").count() == 0
        assert frame.evaluate("() => [...document.querySelectorAll('.pk-name')]"
                              ".filter(e => e.style.display !== 'none').length") >= 1


@pytest.mark.parametrize("size", [(1600, 1000), (1920, 1080)])
def test_names_at_the_national_and_province_views_fit_without_overlap(demo_store: Path,
                                                                       size: tuple[int, int]) -> None:
    """Checked in pixels: at the national view and a province view names are shown, none overlaps another, and
    each shown name is painted (dark type inside its box in the screenshot)."""
    width, height = size
    with browser_page(demo_store, width, height) as (base, page, _):
        for query, prefix in (("/", ""), ("/?wilayah=34", "34")):
            page.goto(base + query)
            frame, _codes = wait_for_codes(page, prefix, timeout=40_000)
            frame.frame_element().scroll_into_view_if_needed()  # the whole map on screen for the pixels
            page.wait_for_timeout(2000)  # the frame settles, the names are placed
            rects = name_boxes(frame)
            shot = ARTIFACTS / f"30_names_{prefix or 'indonesia'}_{width}x{height}.png"
            ARTIFACTS.mkdir(parents=True, exist_ok=True)
            page.screenshot(path=str(shot))
            assert len(rects) >= 2, (query, rects)
            assert overlapping_names(rects) == [], query
            assert names_inked(shot, frame.frame_element().bounding_box(), rects) == len(rects), query


def test_language_switch_and_pages_in_both_languages(demo_store: Path) -> None:
    """The sidebar switch turns the interface English (`?bahasa=en` in the URL, kept when drilling down) and back;
    every page is shot at 1600×1000 in both languages; a list has one download button (the table toolbar's own is
    hidden)."""
    with browser_page(demo_store, 1600, 1000) as (base, page, _):
        page.goto(base + "/?wilayah=34&tahun=2025")
        frame, _ = wait_for_codes(page, "34", timeout=40_000)
        sidebar = page.locator("[data-testid='stSidebar']")
        assert "Cakupan WKSBM" in page.content() and "Peringkat" in page.content()
        sidebar.get_by_text("English", exact=True).click()
        _wait_url(page, r"bahasa=en")
        frame, _ = wait_for_codes(page, "34", old_frame=frame)
        wait_idle(page, time.monotonic() + 30)
        main = page.locator("[data-testid='stMain']").inner_text()
        assert "WKSBM coverage" in main and "Ranking" in main and "Peringkat" not in main
        assert "wilayah=34" in page.url
        # Drilling down keeps the language.
        click_feature(page, frame, "34.71")
        _wait_url(page, r"wilayah=34\.71")
        frame, _ = wait_for_codes(page, "34.71", old_frame=frame)
        assert "bahasa=en" in page.url
        # The ranking has our download button only: the toolbar's "Download as CSV" stays hidden on hover.
        grid = page.locator('[data-testid="stDataFrame"]').first
        grid.scroll_into_view_if_needed()
        grid.hover()
        page.wait_for_timeout(500)
        toolbar_download = page.locator('button[aria-label="Download as CSV"]')
        assert toolbar_download.count() >= 1 and not toolbar_download.first.is_visible()  # there, but hidden
        assert page.get_by_role("button", name="Download CSV").count() >= 1
        sidebar.get_by_text("Bahasa Indonesia", exact=True).click()
        _wait_url(page, r"wilayah=34\.71(&|$)")
        page.wait_for_function("() => !location.search.includes('bahasa')", timeout=20_000)
        page.get_by_text("Peringkat", exact=False).first.wait_for(timeout=20_000)

        for lang in ("id", "en"):
            query = "wilayah=34&tahun=2025&indikator=pmks_total" + ("&bahasa=en" if lang == "en" else "")
            shots = page_screenshots(page, base, ARTIFACTS / "pages", query, prefix=f"{lang}_")
            assert all(s.stat().st_size > 20_000 for s in shots)

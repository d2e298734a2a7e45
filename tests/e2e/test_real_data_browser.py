"""End-to-end on real figures: the store built by `python -m etl demo --data nyata` (Jawa Barat's desa boundaries
and the BPS poor population / poverty rate of its 27 kab/kota, 2002–2024) in headless Chromium.

Without PETAKESOS_HOME the dashboard opens at Jawa Barat (all the store's data lie there); the map is painted in
several classes, no DATA CONTOH mark appears, the source is credited, and for a kab/kota the poverty-rate KPI
shows the stored value with its change coloured as good news when it fell, and the Tren page draws one point per
stored year.
Skipped clearly when ../shared/data (open_data/jawa_barat, the national desa parquet) or Chromium is absent.
Screenshots go to artifacts/e2e/.
"""

from __future__ import annotations

from contextlib import closing
from pathlib import Path

import pytest
from browser import ARTIFACTS, CHROMIUM, CHROMIUM_ARGS, dashboard_server, demo_store_for_browser, wait_for_codes

pytestmark = pytest.mark.browser

SOURCE = "BPS / Open Data Jawa Barat"
BOGOR = "32.01"
RATE = "persentase_penduduk_miskin"

# Distinct fill colours of the choropleth paths drawn in the Leaflet frame.
FILLS_JS = """() => {
    const out = new Set();
    window.map.eachLayer(l => { if (l.feature && l._path && l.options.interactive !== false)
        out.add(l._path.getAttribute('fill')); });
    return [...out];
}"""


@pytest.fixture(scope="module")
def real_store(shared_data: Path, tmp_path_factory: pytest.TempPathFactory) -> Path:
    if len(list((shared_data / "open_data" / "jawa_barat").glob("*.csv"))) < 2:
        pytest.skip(f"open_data/jawa_barat not found in {shared_data}")
    if not (shared_data / "boundaries" / "national" / "desa_kelurahan.parquet").exists():
        pytest.skip(f"boundaries/national/desa_kelurahan.parquet not found in {shared_data}")
    return demo_store_for_browser(tmp_path_factory.mktemp("e2e-nyata"), "--data", "nyata")


def _stored(db: Path, kode: str, tahun: int, indikator: str) -> float | None:
    import duckdb

    with closing(duckdb.connect(str(db), read_only=True)) as con:
        rows = con.execute("SELECT nilai FROM indikator WHERE kode = ? AND tahun = ? AND indikator = ?",
                           [kode, tahun, indikator]).fetchall()
    return rows[0][0] if rows else None


def _years_with_values(db: Path, kode: str, indikator: str) -> int:
    import duckdb

    with closing(duckdb.connect(str(db), read_only=True)) as con:
        return con.execute("SELECT count(*) FROM indikator WHERE kode = ? AND indikator = ? AND nilai IS NOT NULL",
                           [kode, indikator]).fetchall()[0][0]


def _shot(page, name: str) -> None:
    ARTIFACTS.mkdir(parents=True, exist_ok=True)
    page.wait_for_timeout(400)
    page.screenshot(path=str(ARTIFACTS / f"{name}.png"), full_page=False)


def test_real_data_dashboard_opens_at_jawa_barat_with_real_values(real_store: Path,
                                                                  monkeypatch: pytest.MonkeyPatch) -> None:
    from playwright.sync_api import sync_playwright

    from petakesos.numbers import format_number

    rate_2024 = _stored(real_store, BOGOR, 2024, RATE)
    rate_2023 = _stored(real_store, BOGOR, 2023, RATE)
    assert rate_2024 is not None and rate_2023 is not None
    monkeypatch.delenv("PETAKESOS_HOME", raising=False)  # unset: the store's one province is the home
    with dashboard_server(real_store) as base, sync_playwright() as p:
        browser = p.chromium.launch(executable_path=str(CHROMIUM), args=CHROMIUM_ARGS)
        try:
            page = browser.new_page(viewport={"width": 1500, "height": 1000})
            page.goto(base + "/")
            # Opens at Jawa Barat (its 27 kab/kota), not at an Indonesia with one province
            frame, codes = wait_for_codes(page, "32", timeout=90_000)
            assert len(codes) == 27
            fills = [f for f in frame.evaluate(FILLS_JS) if f]
            assert len(set(fills)) >= 3, fills  # the map is painted in classes, not one "no data" grey
            content = page.content()
            assert "DATA CONTOH" not in content
            assert SOURCE in content
            _shot(page, "nyata_01_jawa_barat")

            # A kab/kota: the poverty-rate KPI shows the stored value; a fall is good news (green delta)
            # (the rate is published per kab/kota only: the page offers the kab/kota map instead of kecamatan)
            page.goto(f"{base}/?wilayah={BOGOR}&indikator={RATE}&tahun=2024")
            metric = page.locator('[data-testid="stMetric"]', has_text="Persentase penduduk miskin").first
            metric.wait_for(timeout=60_000)
            text = metric.inner_text()
            assert format_number(rate_2024, 2) in text, text
            if rate_2024 < rate_2023:
                delta = metric.locator('[data-testid="stMetricDelta"]')
                colour = delta.evaluate("e => getComputedStyle(e).color")
                r, g, _ = (int(x) for x in colour[colour.index("(") + 1:colour.index(")")].split(",")[:3])
                assert g > r, colour  # green: the rate fell, which is good
            assert "DATA CONTOH" not in page.content()
            # only the cards of data the store has (no empty WKSBM/PMKS cards), no ranking of empty kecamatan
            # rows, no list of desa without a WKSBM in a store without WKSBM data
            page.wait_for_timeout(1500)
            assert page.locator('[data-testid="stMetric"]').count() == 2
            content = page.content()
            assert "Peringkat:" not in content and "tanpa WKSBM" not in content
            _shot(page, "nyata_02_bogor_kpi")

            # Tren: the series of the kab/kota, 2002–2024, drawn with its real points
            page.goto(f"{base}/tren?wilayah={BOGOR}&indikator={RATE}")
            chart = page.locator(".js-plotly-plot", has_text="Kabupaten Bogor").last
            chart.wait_for(timeout=60_000)
            chart.scroll_into_view_if_needed()
            page.wait_for_timeout(1000)
            assert chart.locator(".scatterlayer .point").count() == _years_with_values(real_store, BOGOR, RATE)
            assert SOURCE in page.content() and "DATA CONTOH" not in page.content()
            # the rate has no kecamatan values: the page offers the kab/kota view instead of an empty change map
            offer = page.get_by_role("button", name="Persentase penduduk miskin per kabupaten/kota di Jawa Barat")
            assert offer.count() == 1
            assert page.locator(".js-plotly-plot", has_text="Perubahan").count() == 0
            _shot(page, "nyata_03_tren")
        finally:
            browser.close()

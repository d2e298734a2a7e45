"""End-to-end access control in headless Chromium, on a store built by `python -m etl demo --scope samples` and
accounts made with `python -m etl user add` (password on stdin):

- the public sees public values (small sensitive counts hidden) and no upload control, also when it opens /admin,
  /pengguna or any page by URL, and in presentation mode;
- an analyst of Kota Magelang signs in (from a deep link) and sees the exact values there; sign-out ends it;
- an operator of Kota Magelang uploads a file with a row outside the city (refused, the row named), then a good
  file (dry run, Impor), and the map shows the new value;
- an admin undoes that batch and the old value returns.
Screenshots go to artifacts/e2e/.
"""

from __future__ import annotations

import subprocess
import sys
import time
from collections.abc import Iterator
from pathlib import Path

import pytest
from browser import ARTIFACTS, CHROMIUM, CHROMIUM_ARGS, ROOT, dashboard_server, map_frame, wait_idle

pytestmark = pytest.mark.browser

PASSWORD = "sandi-rahasia-1"
KEL = "33.71.01.1003"  # Rejowinangun Selatan, Kota Magelang
SENSITIVE_VIEW = "wilayah=33.71.01&indikator=pmks:AKTK&tahun=2025"  # child abuse victims: small counts in the demo
OPEN_VIEW = "wilayah=33.71.01&indikator=pmks:ABT&tahun=2025"  # not sensitive: the public sees exact values
TOOLTIP_JS = """(kode) => { let t = null; window.map.eachLayer(l => { if (l.feature && l.feature.properties.kode === kode
    && l.feature.properties.t) t = l.feature.properties.t; }); return t; }"""


@pytest.fixture(scope="module")
def site(shared_data: Path, tmp_path_factory: pytest.TempPathFactory) -> Iterator[tuple[str, Path]]:
    if not CHROMIUM.exists():
        pytest.skip(f"{CHROMIUM} not installed (.ci/run installs Debian chromium)")
    from petakesos.assets import missing_assets

    if missing_assets():
        pytest.skip("Leaflet not installed into static/vendor (run `npm ci && scripts/install_assets.sh`)")
    folder = tmp_path_factory.mktemp("e2e-access")
    db, users = folder / "demo.duckdb", folder / "pengguna.sqlite"
    env = {"PETAKESOS_USERS": str(users)}
    done = subprocess.run([sys.executable, "-m", "etl", "demo", "--scope", "samples", "--db", str(db)], cwd=ROOT,
                          capture_output=True, text=True)
    assert done.returncode == 0, done.stderr
    for name, role, scope in (("admin", "admin", ""), ("opi", "operator", "33.71"), ("ana", "analis", "33.71")):
        done = subprocess.run([sys.executable, "-m", "etl", "user", "--users", str(users), "add", name, "--role", role,
                               "--wilayah", scope], cwd=ROOT, input=PASSWORD + "\n", capture_output=True, text=True)
        assert done.returncode == 0, done.stderr
        assert PASSWORD not in done.stdout + done.stderr
    with dashboard_server(db, env=env) as base:
        yield base, folder


@pytest.fixture(scope="module")
def browser():
    from playwright.sync_api import sync_playwright

    with sync_playwright() as p:
        chromium = p.chromium.launch(executable_path=str(CHROMIUM), args=CHROMIUM_ARGS)
        yield chromium
        chromium.close()


@pytest.fixture()
def page(browser):
    context = browser.new_context(viewport={"width": 1400, "height": 1000})
    page = context.new_page()
    yield page
    context.close()


def settle(page, seconds: float = 30) -> None:
    page.wait_for_timeout(400)
    wait_idle(page, time.monotonic() + seconds)


def tooltip(page, kode: str = KEL) -> str:
    """The map tooltip of a region, once the map of the current run is drawn."""
    map_frame(page, timeout=30_000)
    settle(page)
    return map_frame(page, timeout=30_000).evaluate(TOOLTIP_JS, kode) or ""


def tooltip_becomes(page, text: str, seconds: float = 30) -> str:
    """The tooltip once it contains `text` (the map is redrawn in place after a rerun); the last one otherwise."""
    deadline = time.monotonic() + seconds
    while True:
        try:
            tip = map_frame(page, timeout=10_000).evaluate(TOOLTIP_JS, KEL) or ""
        except Exception:  # noqa: BLE001 - the frame is being replaced
            tip = ""
        if text in tip or time.monotonic() > deadline:
            return tip
        page.wait_for_timeout(250)


def main_text(page) -> str:
    return page.locator('[data-testid="stMain"]').inner_text(timeout=20_000)


def uploaders(page) -> int:
    return page.locator('[data-testid="stFileUploader"]').count()


def sign_in(page, base: str, name: str, query: str = "") -> None:
    page.goto(f"{base}/masuk" + (f"?{query}" if query else ""))
    page.get_by_role("textbox", name="Nama pengguna").fill(name, timeout=30_000)
    page.get_by_role("textbox", name="Kata sandi").fill(PASSWORD)
    page.get_by_role("button", name="Masuk", exact=True).click()
    page.get_by_test_id("stSidebarUserContent").get_by_text(f"Masuk sebagai {name}").wait_for(timeout=30_000)
    settle(page)


def check(page, path: Path) -> None:
    """Upload `path` and run the dry run; returns when its report is shown."""
    page.locator('[data-testid="stFileUploaderDropzoneInput"]').set_input_files(str(path))
    page.locator('[data-testid="stFileUploader"]').get_by_text(path.name).wait_for(timeout=30_000)
    settle(page)
    page.get_by_role("button", name="Uji coba (periksa berkas)").click()
    page.get_by_text(f"Laporan pemeriksaan: {path.name}").wait_for(timeout=120_000)
    settle(page)


def public_value(browser, base: str, query: str) -> str:
    """The tooltip of KEL as a new anonymous visitor sees it."""
    context = browser.new_context(viewport={"width": 1400, "height": 1000})
    try:
        visitor = context.new_page()
        visitor.goto(f"{base}/?{query}")
        return tooltip(visitor)
    finally:
        context.close()


def test_the_public_sees_public_values_and_no_upload_anywhere(site, page) -> None:
    base, _ = site
    page.goto(f"{base}/?{SENSITIVE_VIEW}")
    # Desa rows: sensitive categories are not published below kab/kota at all ("…", docs/privacy.md).
    assert "… (disembunyikan)" in tooltip(page)
    assert "Tampilan publik" in main_text(page) and uploaders(page) == 0
    for path in ("admin", "pengguna", f"admin?tampilan=layar&{SENSITIVE_VIEW}"):
        page.goto(f"{base}/{path}")
        page.get_by_text("Silakan masuk terlebih dahulu").wait_for(timeout=30_000)
        settle(page)
        text = main_text(page)
        assert uploaders(page) == 0 and "opi" not in text and "Riwayat impor" not in text, path
    page.screenshot(path=str(ARTIFACTS / "access-public-admin.png"))
    for path in ("data", "tren", "tentang"):
        page.goto(f"{base}/{path}?{SENSITIVE_VIEW}")
        page.get_by_text("Tampilan publik").first.wait_for(timeout=30_000) if path != "tentang" else settle(page)
        assert uploaders(page) == 0, path
    page.goto(f"{base}/?tampilan=layar&{SENSITIVE_VIEW}")
    assert "disembunyikan" in tooltip(page)


def test_an_analyst_sees_exact_values_in_their_region_until_signing_out(site, page) -> None:
    base, _ = site
    sign_in(page, base, "ana", SENSITIVE_VIEW)  # a deep link survives the sign-in
    exact = tooltip(page)
    assert "disembunyikan" not in exact and "<b>" in exact and "Tampilan analis" in main_text(page)
    assert uploaders(page) == 0
    page.screenshot(path=str(ARTIFACTS / "access-analyst.png"))
    page.get_by_role("button", name="Keluar").click()
    page.get_by_role("link", name="Masuk").first.wait_for(timeout=30_000)
    assert "disembunyikan" in tooltip_becomes(page, "disembunyikan")
    assert "Tampilan publik" in main_text(page)
    # Opening the page again (a new session, e.g. a bookmark) is anonymous too.
    page.goto(f"{base}/?{SENSITIVE_VIEW}")
    assert "disembunyikan" in tooltip(page)


def test_operator_uploads_within_their_region_and_admin_undoes(site, page, browser) -> None:
    base, folder = site
    before = public_value(browser, base, OPEN_VIEW)
    assert "777" not in before
    mixed = folder / "campur.csv"
    mixed.write_text(f"kode,tahun,Anak Balita Terlantar\n{KEL},2025,777\n34.71.01.1001,2025,5\n", encoding="utf-8")
    good = folder / "baik.csv"
    good.write_text(f"kode,tahun,Anak Balita Terlantar\n{KEL},2025,777\n", encoding="utf-8")

    sign_in(page, base, "opi")
    assert "/admin" in page.url
    page.get_by_role("textbox", name="Label sumber data").fill("Pendataan Dinsos 2025")
    page.keyboard.press("Tab")
    check(page, mixed)
    text = main_text(page)
    assert "campur.csv: perbaiki baris 3" in text and "Tidak ada yang dapat diimpor" in text
    assert page.get_by_role("button", name="Impor", exact=True).count() == 0
    page.screenshot(path=str(ARTIFACTS / "access-operator-refused.png"), full_page=True)

    check(page, good)
    page.get_by_text("Berkas lolos pemeriksaan").wait_for(timeout=30_000)
    page.get_by_role("button", name="Impor", exact=True).click()
    page.get_by_text("Impor selesai").wait_for(timeout=120_000)
    settle(page)
    page.screenshot(path=str(ARTIFACTS / "access-operator-imported.png"), full_page=True)
    assert "777" in public_value(browser, base, OPEN_VIEW)  # the map changed
    page.get_by_role("button", name="Keluar").click()
    page.get_by_role("link", name="Masuk").first.wait_for(timeout=30_000)
    assert uploaders(page) == 0

    sign_in(page, base, "admin")
    page.get_by_text("Batalkan impor (admin)").wait_for(timeout=30_000)
    page.get_by_role("button", name="Batalkan batch").click()
    page.get_by_text("dibatalkan: nilai sebelumnya kembali").wait_for(timeout=120_000)
    page.screenshot(path=str(ARTIFACTS / "access-admin-undo.png"), full_page=True)
    assert public_value(browser, base, OPEN_VIEW) == before  # the old value is back

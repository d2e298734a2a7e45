"""AppTest smoke tests: every page runs without an exception on a tiny store and shows its main parts.

AppTest does not render the st_folium component; the map itself is tested in tests/e2e (real browser).
"""

from __future__ import annotations

from pathlib import Path

import pytest
from streamlit.testing.v1 import AppTest
from test_views_fixtures import EVIL, build_store, run_app

from petakesos import i18n

T = i18n.texts("id")

ROOT = Path(__file__).resolve().parent.parent
TIMEOUT = 60


@pytest.fixture()
def tiny_db(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    db = build_store(tmp_path / "tiny.duckdb")
    monkeypatch.setenv("PETAKESOS_DB", str(db))
    return db


def _app(query: dict[str, str] | None = None, page: str | None = None) -> AppTest:
    return run_app(query, page)


def _text(at: AppTest) -> str:
    parts = [m.value for m in at.markdown] + [c.value for c in at.caption] + [w.value for w in at.warning]
    parts += [str(m.label) + " " + str(m.value) for m in at.metric]
    return "\n".join(str(p) for p in parts)


def test_peta_page_shows_region_kpis_legend_and_demo_banner(tiny_db: Path) -> None:
    at = _app({"wilayah": "91.01", "tahun": "2024"})
    text = _text(at)
    assert "Kabupaten Satu" in text
    assert "DATA CONTOH" in text
    assert "Cakupan WKSBM 75,0%" in text
    assert "SPM tercapai" in text  # legend of the SPM classes
    assert [b.label for b in at.button if b.key and b.key.startswith("pk-crumb")] == ["Indonesia", "Provinsi Satu"]
    assert len(at.dataframe) >= 2  # ranking and desa without WKSBM


def test_peta_breadcrumb_and_controls_change_the_url(tiny_db: Path) -> None:
    at = _app({"wilayah": "91.01"})
    next(b for b in at.button if b.label == "Provinsi Satu").click().run()
    assert not at.exception
    assert at.query_params["wilayah"] == "91"
    next(s for s in at.selectbox if s.label == "Indikator").set_value("pmks_total").run()
    assert at.query_params["indikator"] == "pmks_total"
    next(t for t in at.text_input if t.label == T.SEARCH_LABEL).set_value("Kecamatan Dua").run()  # search
    next(b for b in at.button if b.key == "cari-hasil-91.01.02").click().run()
    assert at.query_params["wilayah"] == "91.01.02"
    assert not at.exception


def test_escaped_names_on_the_page(tiny_db: Path) -> None:
    at = _app({"wilayah": "91.71"})
    text = _text(at)
    assert EVIL not in text  # shown escaped, never as HTML
    assert "&lt;script&gt;" in text


def test_store_missing_gives_a_clear_message(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("PETAKESOS_DB", str(tmp_path / "absent.duckdb"))
    at = AppTest.from_file(str(ROOT / "dashboard.py"), default_timeout=TIMEOUT).run()
    assert not at.exception
    shown = at.error[0].value.replace("\\", "")  # markdown escapes removed: the text as the user reads it
    assert "python -m etl demo" in shown and str(tmp_path) not in shown


@pytest.mark.parametrize("query", [{"tahun": "²"}, {"kelas": "²"}, {"detik": "²", "tampilan": "layar"},
                                   {"wilayah": "../../etc"}, {"indikator": "<script>"}, {"metode": "x" * 5000},
                                   {"batas": "1,a,nan,inf"}, {"palet": "'; DROP"}, {"putar": "99,abc"},
                                   {"kelas": "99999999999999999999"}, {"tahun": "-1"}, {"detik": "0"}])
def test_hostile_url_values_fall_back_and_say_so(tiny_db: Path, query: dict[str, str]) -> None:
    at = _app(query)
    assert not at.error, [e.value for e in at.error]
    if "wilayah" in query:  # the region shown instead is named (see views.build_view)
        assert any("tidak dikenal; yang ditampilkan: Indonesia" in c.value for c in at.caption), query
    elif query.get("detik") != "0":  # 0 seconds is a number: clamped to the 5 s minimum without a note
        assert sum("tidak dapat dipakai" in w.value for w in at.warning) == 1, query  # said once


def test_a_region_code_that_is_not_a_code_shows_the_region_it_names(tiny_db: Path) -> None:
    at = _app({"wilayah": "91.9"})
    assert "Kode wilayah “91.9” tidak dikenal; yang ditampilkan: Provinsi Satu." in _text(at)
    assert any(m.value == "## Provinsi Satu" for m in at.markdown)


def test_not_a_store_is_an_error_without_server_paths(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    bad = tmp_path / "rusak.duckdb"
    bad.write_bytes(b"PK\x03\x04" + bytes(300))
    monkeypatch.setenv("PETAKESOS_DB", str(bad))
    at = AppTest.from_file(str(ROOT / "dashboard.py"), default_timeout=TIMEOUT).run()
    assert not at.exception
    shown = at.error[0].value.replace("\\", "")
    assert "bukan basis data" in shown and str(tmp_path) not in shown and "Traceback" not in shown


@pytest.mark.parametrize(
    ("page", "expected"),
    [("pages/tren.py", "Tren: Provinsi Satu"), ("pages/data.py", "Data: Provinsi Satu"),
     ("pages/tentang.py", "Tentang Peta Kesos")],
)
def test_other_pages(tiny_db: Path, page: str, expected: str) -> None:
    at = _app({"wilayah": "91"}, page=page)
    assert expected in _text(at)


def test_tentang_lists_definitions_and_credits(tiny_db: Path) -> None:
    at = _app(page="pages/tentang.py")
    text = _text(at)
    assert "Cakupan WKSBM" in text and "cahyadsn/wilayah\\_boundaries" in text


def test_data_page_tables(tiny_db: Path) -> None:
    at = _app({"wilayah": "91.01", "tahun": "2024"}, page="pages/data.py")
    cols = list(at.dataframe[0].value.columns)
    assert cols[:2] == ["Kode", "Nama"] and "Cakupan WKSBM (%)" in cols


def test_missing_leaflet_is_reported_not_a_blank_map(tiny_db: Path, tmp_path: Path,
                                                      monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("PETAKESOS_STATIC_DIR", str(tmp_path / "no-static"))
    at = _app({"wilayah": "91"})
    assert any("npm ci" in e.value and "install_assets.sh" in e.value for e in at.error)



def test_presentation_mode_is_public_and_has_no_controls(tiny_db: Path) -> None:
    at = _app({"tampilan": "layar", "wilayah": "91", "indikator": "pmks:ODHA", "tahun": "2024"})
    assert not at.exception
    html = " ".join(m.value for m in at.markdown)
    assert "pk-layar-title" in html and "Orang dengan HIV/AIDS" in html
    assert "tidak diterbitkan" in html  # the small ODHA counts of both kab/kota cannot be protected: withheld
    assert not at.selectbox and not at.text_input  # no sidebar controls on the forum screen


def test_a_level_without_values_offers_the_nearest_view_instead_of_a_grey_map(tiny_db: Path) -> None:
    import duckdb

    con = duckdb.connect(str(tiny_db))
    # No PMKS figure below kab/kota at all (the public view recomputes totals from the categories).
    con.execute("DELETE FROM indikator_nilai WHERE indikator LIKE 'pmks%' AND tingkat IN ('kecamatan', 'desa_kelurahan')")
    con.close()
    at = _app({"wilayah": "91.01", "indikator": "pmks_total"})
    assert any("tidak tersedia per kecamatan" in i.value for i in at.info)
    offer = next(b for b in at.button if b.key and b.key.startswith("pk-offer-0"))
    offer.click().run()
    assert not at.exception
    assert at.query_params["wilayah"] == "91" and at.query_params["indikator"] == "pmks_total"


def test_an_unknown_indicator_in_the_url_is_named_and_replaced(tiny_db: Path) -> None:
    at = _app({"wilayah": "91", "indikator": "bukan_indikator"})
    assert "“bukan_indikator” tidak dikenal" in _text(at)


# ---- Indonesian formats and the English interface --------------------------------------------------------------
def test_tables_show_indonesian_numbers(tiny_db: Path) -> None:
    at = _app({"wilayah": "91.01", "tahun": "2024", "indikator": "cakupan_wksbm_pct"})
    ranking = at.dataframe[0].value
    assert list(ranking["Cakupan WKSBM (%)"]) == ["100,0", "50,0"]  # text in Indonesian format, not 100.0
    data = _app({"wilayah": "91.01", "tahun": "2024"}, page="pages/data.py")
    own = data.dataframe[1].value
    assert own.set_index("Indikator").loc["Cakupan WKSBM", "Nilai"] == "75,0"
    # one download button per list: ours (CSV for Excel); the table toolbar's own download is hidden by CSS
    assert len(data.get("download_button")) == 2
    assert any("Download as CSV" in m.value for m in data.markdown)


def test_action_list_names_kab_kota_and_province(tiny_db: Path) -> None:
    at = _app({"wilayah": "", "tahun": "2024"})
    action = at.dataframe[-1].value
    assert list(action.columns) == ["Kode", "Desa/kelurahan", "Kecamatan", "Kabupaten/kota", "Provinsi"]
    row = action.set_index("Kode").loc["91.01.02.2001"]
    assert (row["Kabupaten/kota"], row["Provinsi"]) == ("Kabupaten Satu", "Provinsi Satu")


def test_english_interface_from_the_url_and_the_switch(tiny_db: Path) -> None:
    at = _app({"wilayah": "91.01", "tahun": "2024", "bahasa": "en"})
    text = _text(at)
    assert "WKSBM coverage 75.0%" not in text and "WKSBM coverage 75,0%" in text  # words English, numbers Indonesian
    assert "DATA CONTOH (sample data)" in text and "Ranking" in text
    assert "Cakupan WKSBM" not in text and "Peringkat" not in text
    assert next(s for s in at.selectbox if s.label == "Indicator")
    switch = next(r for r in at.radio if r.label == "Bahasa / Language")
    switch.set_value("id").run()
    assert "bahasa" not in at.query_params  # Bahasa Indonesia is the default, left out of the URL
    assert "Cakupan WKSBM 75,0%" in _text(at)
    next(r for r in at.radio if r.label == "Bahasa / Language").set_value("en").run()
    assert at.query_params["bahasa"] == "en" and at.query_params["wilayah"] == "91.01"


@pytest.mark.parametrize("page", ["pages/tren.py", "pages/data.py", "pages/tentang.py"])
def test_every_page_in_english(tiny_db: Path, page: str) -> None:
    at = _app({"wilayah": "91", "bahasa": "en"}, page=page)
    text = _text(at)
    for indonesian in ("Tahun", "Wilayah bawahan", "Definisi indikator", "Sumber data dan lisensi", "Dari tahun"):
        assert indonesian not in text, indonesian
    assert any(english in text for english in ("Trend: Provinsi Satu", "Data: Provinsi Satu", "About Peta Kesos"))


def test_tentang_has_no_english_column_names_or_server_paths(tiny_db: Path) -> None:
    at = _app(page="pages/tentang.py")
    columns = [c for df in at.dataframe for c in df.value.columns]
    for raw in ("sumber", "contoh", "loaded_at", "kind", "sources", "summary", "id"):
        assert raw not in columns, raw
    cells = " ".join(str(v) for df in at.dataframe for v in df.value.to_numpy().ravel())
    assert str(tiny_db.parent) not in cells and "/" not in " ".join(at.dataframe[-1].value.iloc[:, 2])


def test_tren_years_in_the_url_never_the_same_year(tiny_db: Path) -> None:
    at = _app({"wilayah": "91", "indikator": "pmks_total", "dari": "2024", "ke": "2024"}, page="pages/tren.py")
    von = next(s for s in at.selectbox if s.label == "Dari tahun")
    bis = next(s for s in at.selectbox if s.label == "Ke tahun")
    assert (von.value, bis.value) == (2023, 2024) and 2024 not in von.options
    assert not any(s.label == "Tahun" for s in at.selectbox)  # one way to choose years on this page
    assert "kenaikan berarti memburuk" in _text(at)  # PMKS: an increase is a worsening
    legend = " ".join(m.value for m in at.markdown if "pk-legend" in m.value)
    assert "naik, memburuk" in legend


def test_presentation_screen_in_english(tiny_db: Path) -> None:
    at = _app({"tampilan": "layar", "wilayah": "91", "tahun": "2024", "bahasa": "en"})
    html = " ".join(m.value for m in at.markdown)
    assert "Year 2024" in html and "WKSBM coverage" in html and "Public view" in html
    assert "Tahun 2024" not in html and "Cakupan WKSBM" not in html

"""The UI text catalogues (Bahasa Indonesia and English), number formatting, CSV for Excel, direction of change."""

from __future__ import annotations

import io
import re
import string

import numpy as np
import pandas as pd
import pytest

from petakesos import charts, direction, i18n, privacy
from petakesos.direction import NEUTRAL, UP_BETTER, UP_WORSE, delta_color, direction_of, higher_is_worse
from petakesos.export.safe import csv_bytes
from petakesos.i18n import en
from petakesos.i18n import id as id_
from petakesos.indicators import BASE_DEFINITIONS
from petakesos.numbers import format_cell, format_number, format_signed, format_value, round_value
from petakesos.views import ViewState, change_classification, display_frame


def _placeholders(text: str) -> set[str]:
    return {name for _, name, _, _ in string.Formatter().parse(text) if name}


def test_both_catalogues_have_the_same_keys_and_placeholders() -> None:
    assert set(id_.TEXT) == set(en.TEXT)
    for key in id_.TEXT:
        assert _placeholders(id_.TEXT[key]) == _placeholders(en.TEXT[key]), key
        assert en.TEXT[key].strip(), key


def test_lookup_fills_placeholders_and_unknown_language_is_indonesian() -> None:
    assert i18n.texts("en")("RANK_OF", rank=3, n=35) == "rank 3 of 35"
    assert i18n.texts("id")("RANK_OF", rank=3, n=35) == "peringkat 3 dari 35"
    assert i18n.texts("xx").lang == "id" and i18n.language("EN") == "en" and i18n.language(None) == "id"
    assert i18n.texts("en").SEARCH_LABEL != i18n.texts("id").SEARCH_LABEL
    with pytest.raises(KeyError):
        i18n.texts("en")("NO_SUCH_TEXT")


def test_privacy_marks_and_notices_in_both_languages() -> None:
    statuses = [privacy.PRIMARY, privacy.SECONDARY, privacy.SECONDARY, privacy.WITHHELD]
    for lang, word in (("id", "disembunyikan"), ("en", "hidden")):
        rows = privacy.hatch_legend_rows(5, statuses, lang)
        # one hatching entry per kind of hidden value, starting with the mark the tables use
        assert [(text[:2], n) for text, n in rows] == [("<5", 1), ("×:", 2), ("…:", 1)]
        assert word in rows[0][0] and "1–4" in rows[0][0]
        for sentence in (privacy.notice(5, lang), privacy.map_notice(5, lang)):
            assert all(mark in sentence for mark in ("<5", privacy.SECONDARY_MARK, privacy.WITHHELD_MARK))
    assert privacy.ANALYST_NOTICE == privacy.analyst_notice("id") != privacy.analyst_notice("en")
    assert "Hatched" in privacy.map_notice(5, "en") and "berarsir" in privacy.map_notice(5, "id")


def test_english_names_every_builtin_indicator_and_category() -> None:
    for indikator, *_ in BASE_DEFINITIONS:
        assert f"IND.nama.{indikator}" in en.INDICATOR_TEXT and f"IND.definisi.{indikator}" in en.INDICATOR_TEXT
    pmks = [k for k in en.INDICATOR_TEXT if k.startswith("IND.nama.pmks:")]
    psks = [k for k in en.INDICATOR_TEXT if k.startswith("IND.nama.psks:")]
    assert len(pmks) == 27 and len(psks) == 12  # the 26 of Permensos 08/2012, ODGJ (local default), the 12 PSKS
    defs = pd.DataFrame({"indikator": ["pmks:ABT", "lokal_x"], "nama": ["Anak Balita Terlantar", "Lokal"],
                         "kelompok": ["PMKS", "Wilayah"], "definisi": ["a", "b"]})
    out = i18n.localised_definitions(defs, "en")
    assert list(out["nama"]) == ["Neglected children under five", "Lokal"]  # unknown: the stored text
    assert list(out["kelompok"]) == ["PMKS", "Regions"]
    assert i18n.localised_definitions(defs, "id") is defs
    assert i18n.unit_text("en", "jiwa") == "persons" and i18n.unit_text("id", "jiwa") == "jiwa"
    assert i18n.unit_text("en", "%") == "%"
    assert format_value(12.345, "per 1.000 penduduk", unit_label="per 1000 inhabitants") == "12,3 per 1000 inhabitants"
    assert out["definisi"].iloc[0].startswith("Number of PMKS in the category Neglected children under five (ABT)")


@pytest.mark.parametrize(
    ("value", "satuan", "text"),
    [(95664.0, "jiwa", "95.664"), (64.9, "per 1.000 penduduk", "64,9 per 1.000 penduduk"), (56.84, "%", "56,8%"),
     (1234567.0, "", "1.234.567"), (3.14159, "", "3,14"), (None, "%", "tidak ada data")],
)
def test_indicator_values_in_indonesian_format(value: float | None, satuan: str, text: str) -> None:
    assert format_value(value, satuan) == text


def test_table_cells_and_changes_in_indonesian_format() -> None:
    assert format_cell(95664.0, "jiwa") == "95.664" and format_cell(64.94, "") == "64,9"
    assert format_cell(75.0, "%") == "75,0" and format_cell(float("nan"), "%") == "" and format_cell("<5") == "<5"
    assert format_cell(pd.NA, "unit") == "" and format_cell(np.int64(95664)) == "95.664" and format_value(pd.NA) != "<NA>"
    assert format_signed(1234.0) == "+1.234" and format_signed(-2.5, 1, "poin") == "-2,5 poin"
    assert format_number(-0.04, 1) == "-0,0"
    assert round_value(68.9497, "%") == 68.9 and round_value(95664.4, "jiwa") == 95664 and round_value(None) is None
    frame = pd.DataFrame({"Nama": ["A", "B"], "PMKS": [95664.0, 12.0], "Cakupan (%)": [56.84, None]})
    frame.attrs["satuan"] = {"PMKS": "jiwa", "Cakupan (%)": "%"}
    shown = display_frame(frame)
    assert list(shown["PMKS"]) == ["95.664", "12"] and list(shown["Cakupan (%)"]) == ["56,8", ""]


def test_csv_for_excel_in_indonesian_and_english() -> None:
    frame = pd.DataFrame({"Kode": ["33.71"], "Nama": ["Kota Magelang"], "Cakupan WKSBM (%)": [64.9],
                          "Jumlah PMKS": [95664]})
    payload = csv_bytes(frame, demo=True)
    assert payload.startswith("\ufeff".encode())  # BOM: Excel reads UTF-8
    lines = payload.decode("utf-8-sig").splitlines()
    assert lines[0].startswith("DATA CONTOH")
    assert lines[1] == "Kode;Nama;Cakupan WKSBM (%);Jumlah PMKS"
    assert lines[2] == "33.71;Kota Magelang;64,9;95664"
    back = pd.read_csv(io.StringIO("\n".join(lines[1:])), sep=";", decimal=",")
    assert back["Cakupan WKSBM (%)"].iloc[0] == pytest.approx(64.9)
    english = csv_bytes(frame, lang="en").decode("utf-8-sig").splitlines()
    assert english[0] == "Kode,Nama,Cakupan WKSBM (%),Jumlah PMKS" and english[1].endswith(",64.9,95664")


def test_chart_axes_use_full_indonesian_numbers_and_bar_labels_fit() -> None:
    bars = charts.pmks_bar(pd.DataFrame({"kategori": ["FM", "LUT"], "nama": ["Fakir Miskin", "Lansia"],
                                         "nilai": [520000.0, 105000.0]}), "PMKS")
    assert bars.layout.separators == ",." and bars.layout.xaxis.tickformat == ",~f"  # 500.000, not 0,5M / 105k
    assert bars.layout.xaxis.range[1] > 520000 * 1.1  # room after the longest bar for its label
    assert list(bars.data[0].text) == ["105.000", "520.000"]
    line = charts.trend_line(pd.DataFrame({"tahun": [2023, 2024], "nilai": [105000.0, 98000.0]}), "Tren")
    assert line.layout.yaxis.tickformat == ",~f" and line.layout.xaxis.tickformat == "d"


def test_direction_one_definition_colours_pmks_increase_as_worsening() -> None:
    assert higher_is_worse("pmks_total") and higher_is_worse("pmks:ABT") and higher_is_worse("pmks_per_1000")
    assert higher_is_worse("desa_tanpa_wksbm")
    assert not higher_is_worse("cakupan_wksbm_pct") and not higher_is_worse("psks:TKSK")
    values = [-5.0, -1.0, 0.0, 1.0, 5.0]
    good = change_classification(values, "cakupan_wksbm_pct")
    bad = change_classification(values, "pmks_total")
    rise_good, rise_bad = good.color(5.0), bad.color(5.0)
    assert rise_good == bad.color(-5.0) and rise_bad == good.color(-5.0) and rise_good != rise_bad
    assert rise_good == "#018571"  # teal: better
    labels = [label for _, label, _ in bad.legend()]
    assert "(naik, memburuk)" in labels[-2] and "(turun, membaik)" in labels[0] and "(tetap)" in labels[2]
    assert all(label.count("(") == 1 for label in labels[:5])  # classify's own words replaced, not repeated
    en_labels = [label for _, label, _ in change_classification(values, "pmks_total", lang="en").legend()]
    assert "(increase, worse)" in en_labels[-2]
    bar = charts.change_bar(pd.DataFrame({"nama": ["A", "B"], "selisih": [3.0, -2.0]}), "x", arah=UP_WORSE)
    assert list(bar.data[0].marker.color) == ["#018571", "#a6611a"]  # B fell (better), A rose (worse)


def test_direction_of_poverty_declared_and_neutral_indicators() -> None:
    assert direction_of("jumlah_penduduk_miskin") == UP_WORSE == direction_of("persentase_penduduk_miskin")
    assert direction_of("psks:TKSK") == UP_BETTER == direction_of("wksbm_jumlah")
    assert direction_of("pkh_per_100_miskin") == NEUTRAL == direction_of("penerima_pkh") == direction_of("desa_total")
    assert direction_of("penerima_pkh", direction.parse("naik-baik")) == UP_BETTER
    assert direction.parse("turun-baik") == UP_WORSE
    assert delta_color("jumlah_penduduk_miskin") == "inverse" and delta_color("penerima_pkh") == "off"
    values = [-5.0, -1.0, 0.0, 1.0, 5.0]
    neutral = [label for _, label, _ in change_classification(values, "penerima_pkh").legend()]
    assert "(naik)" in neutral[-2] and not any("membaik" in t or "memburuk" in t for t in neutral)
    assert change_classification(values, "penerima_pkh").color(5.0) not in ("#018571", "#a6611a")
    bar = charts.change_bar(pd.DataFrame({"nama": ["A"], "selisih": [3.0]}), "x", arah=NEUTRAL)
    assert list(bar.data[0].marker.color) == [direction.NEUTRAL_UP]


def test_language_and_compared_years_live_in_the_url() -> None:
    state = ViewState.from_query({"bahasa": "en", "dari": "2021", "ke": "2024"})
    assert (state.bahasa, state.dari, state.ke) == ("en", 2021, 2024)
    assert ViewState.from_query(state.to_query()) == state
    assert "bahasa" not in ViewState().to_query()
    assert ViewState.from_query({"bahasa": "fr", "dari": "²", "ke": "20244"}) == ViewState()
    years = [2020, 2021, 2022, 2023, 2024]
    assert state.compared_years(years) == (2021, 2024)
    assert ViewState().compared_years(years) == (2023, 2024)
    for dari, ke in [(2024, 2024), (2024, 2022), (2020, 2020), (1999, 2030)]:
        a, b = ViewState(dari=dari, ke=ke).compared_years(years)
        assert a < b and a in years and b in years  # never a year with itself
    assert ViewState().compared_years([2024]) is None


# ---- no Indonesian left in the English interface --------------------------------------------------------------
def _words(text: str) -> set[str]:
    return {w.lower() for w in re.findall(r"[A-Za-z]{4,}", text)}


# Everyday Indonesian words, for text written outside the catalogues (which the catalogue words cannot know).
COMMON_INDONESIAN = {"yang", "untuk", "dengan", "tidak", "belum", "sudah", "dari", "pada", "tahun", "semua", "masuk",
                     "unggah", "berkas", "jumlah", "tercapai", "sebelumnya", "dibanding", "halaman", "pilih"}


def indonesian_only_words() -> set[str]:
    """Words of the Indonesian catalogue (and everyday words) that the English catalogue never uses: text that
    must not show in the English interface. Domain terms (WKSBM, PMKS, desa/kelurahan, kab/kota, SPM, DATA
    CONTOH) are in both catalogues and so are not in this set."""
    english = set().union(*(_words(v) for v in [*en.TEXT.values(), *en.INDICATOR_TEXT.values()]))
    indonesian = set().union(*(_words(v) for v in id_.TEXT.values()))
    return (indonesian | COMMON_INDONESIAN) - english


def _visible_text(at) -> str:
    """Every text a person sees on an AppTest page: prose, notes, labels, options, column headers."""
    parts: list[object] = []
    for kind in ("title", "header", "subheader", "markdown", "caption", "info", "warning", "success", "error",
                 "exception"):
        parts += [getattr(e, "value", "") for e in getattr(at, kind)]
    for kind in ("button", "selectbox", "radio", "text_input", "number_input", "multiselect", "checkbox",
                 "toggle", "expander", "tabs", "metric", "select_slider", "slider"):
        for widget in getattr(at, kind):
            parts += [getattr(widget, "label", ""), getattr(widget, "help", "") or ""]
            parts += list(getattr(widget, "options", None) or [])  # AppTest gives the options as shown
    parts += [f"{m.label} {m.value} {m.delta or ''}" for m in at.metric]
    parts += [" ".join(map(str, df.value.columns)) for df in at.dataframe]
    text = "\n".join(str(p) for p in parts)
    text = re.sub(r"<style.*?</style>", " ", text, flags=re.S)  # style sheets and markup are not text
    return re.sub(r"<[^>]+>|&\w+;", " ", text)


ENGLISH_PAGES = [
    ({"wilayah": "91", "bahasa": "en"}, None),
    ({"wilayah": "91.01", "tahun": "2024", "bahasa": "en", "indikator": "cakupan_wksbm_pct"}, None),
    ({"wilayah": "91.01.01", "bahasa": "en"}, None),
    ({"wilayah": "91", "bahasa": "en"}, "pages/tren.py"),
    ({"wilayah": "91", "bahasa": "en"}, "pages/data.py"),
    ({"bahasa": "en"}, "pages/tentang.py"),
    ({"bahasa": "en"}, "pages/masuk.py"),
    ({"bahasa": "en"}, "pages/admin.py"),  # the gate, not signed in
    ({"bahasa": "en", "as": "admin"}, "pages/admin.py"),  # signed in: upload, templates, history
    ({"bahasa": "en", "as": "admin"}, "pages/pengguna.py"),
    ({"tampilan": "layar", "wilayah": "91", "bahasa": "en"}, None),
]


@pytest.mark.parametrize(("query", "page"), ENGLISH_PAGES)
def test_no_indonesian_words_in_the_english_interface(tmp_path, monkeypatch, query: dict, page: str | None):
    from test_views_fixtures import REGIONS, build_store, run_app

    from petakesos.auth.accounts import Accounts

    monkeypatch.setenv("PETAKESOS_DB", str(build_store(tmp_path / "tiny.duckdb")))
    monkeypatch.setenv("PETAKESOS_USERS", str(tmp_path / "users.sqlite"))
    query = dict(query)
    session = {}
    if query.pop("as", None):
        accounts = Accounts(tmp_path / "users.sqlite")
        accounts.add_user("adi", "admin", "", "sandi-rahasia-1", by="test")
        session["pk_token"] = accounts.sign_in("adi", "sandi-rahasia-1")[0]
    at = run_app(query, page, session=session)
    data_words = set().union(*(_words(nama) for nama, _ in REGIONS.values()))  # region names are data
    shown = _words(_visible_text(at)) - data_words
    assert shown, "nothing visible was collected"
    assert sorted(shown & indonesian_only_words()) == []

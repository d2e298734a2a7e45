"""Print map and table exports, checked in the files themselves: PNG size and dpi, title/source/legend text inside
SVG and PDF, the DATA CONTOH mark, suppression of small sensitive values, and the command line."""

from __future__ import annotations

import html
import io
import re
import shutil
import zlib
from pathlib import Path

import duckdb
import numpy as np
import pandas as pd
import pytest
from PIL import Image

from etl.cli import main as etl_main
from petakesos import classify as cls
from petakesos import privacy
from petakesos.export import MapData, export_table, render_map
from petakesos.export import data as export_data
from petakesos.export.map import ExportError, map_data
from petakesos.export.table import column_header, view_frame
from petakesos.settings import BOUNDARY_CREDIT
from petakesos.store import Store

SOURCE = "Laporan WKSBM Dinsos Uji 2025"
DEFINITIONS = [
    ("desa_total", "Jumlah desa/kelurahan", "Wilayah", "desa", "Jumlah desa dan kelurahan.", 1, False),
    ("desa_dengan_wksbm", "Desa/kelurahan dengan WKSBM", "WKSBM", "desa", "Desa yang memiliki WKSBM.", 2, False),
    ("cakupan_wksbm_pct", "Cakupan WKSBM", "WKSBM", "%", "Persentase desa/kelurahan dengan WKSBM.", 3, False),
    ("pmks_total", "Jumlah PMKS", "PMKS", "jiwa", "Jumlah seluruh PMKS.", 4, False),
    ("pmks:LUT", "Lanjut Usia Terlantar", "PMKS", "jiwa", "Lansia terlantar.", 5, False),
    ("pmks:ODHA", "Orang dengan HIV/AIDS", "PMKS", "jiwa", "Orang dengan HIV/AIDS.", 6, True),
    ("pmks:KTK", "Korban Tindak Kekerasan", "PMKS", "jiwa", "Korban tindak kekerasan.", 7, True),
]
KATEGORI = [
    ("PMKS", 8, "LUT", "Lanjut Usia Terlantar", "lansia", False, False),
    ("PMKS", 16, "ODHA", "Orang dengan HIV/AIDS", "", True, False),
    ("PMKS", 19, "KTK", "Korban Tindak Kekerasan", "", True, False),
]


def add_indicators(db: Path, tahun: int = 2025, contoh: bool = True, seed: int = 5) -> None:
    """Tiny welfare data fulfilling the indicator contract: desa values drawn at random, summed up the levels."""
    con = duckdb.connect(str(db))
    try:
        desa = [r[0] for r in con.execute("SELECT kode FROM batas WHERE tingkat = 'desa_kelurahan'").fetchall()]
        rng = np.random.default_rng(seed)
        frame = pd.DataFrame(
            {
                "pmks:LUT": rng.poisson(12, len(desa)),
                "pmks:ODHA": rng.choice([0, 0, 1, 2, 3, 6, 9], len(desa)),
                "pmks:KTK": rng.choice([0, 1, 2, 4, 7], len(desa)),
                "desa_dengan_wksbm": (rng.random(len(desa)) < 0.45).astype(int),
                "desa_total": 1,
            },
            index=desa,
        ).astype(float)
        frame["pmks_total"] = frame[["pmks:LUT", "pmks:ODHA", "pmks:KTK"]].sum(axis=1)
        levels = [frame]
        for n in (8, 5, 2, 0):
            levels.append(levels[-1].groupby([k[:n] for k in levels[-1].index]).sum())
        values = pd.concat(levels)
        values["cakupan_wksbm_pct"] = 100 * values["desa_dengan_wksbm"] / values["desa_total"]
        tingkat = {0: "indonesia", 2: "provinsi", 5: "kabupaten_kota", 8: "kecamatan"}
        long = values.rename_axis("kode").reset_index().melt(id_vars="kode", var_name="indikator", value_name="nilai")
        long["tingkat"] = [tingkat.get(len(k), "desa_kelurahan") for k in long["kode"]]
        long["tahun"] = tahun
        long["sumber"] = SOURCE
        long["contoh"] = contoh
        long = long[["kode", "tingkat", "tahun", "indikator", "nilai", "sumber", "contoh"]]
        con.register("long_df", long)
        con.execute("CREATE OR REPLACE TABLE uji_indikator AS SELECT * FROM long_df")
        con.execute("CREATE OR REPLACE VIEW indikator AS SELECT * FROM uji_indikator")
        defs_df = pd.DataFrame(DEFINITIONS, columns=["indikator", "nama", "kelompok", "satuan", "definisi", "urutan",
                                                  "sensitif"])  # fmt: skip
        con.execute("""CREATE TABLE IF NOT EXISTS indikator_definisi (indikator VARCHAR, nama VARCHAR,
            kelompok VARCHAR, satuan VARCHAR, definisi VARCHAR, urutan INTEGER, sensitif BOOLEAN)""")
        con.execute("DELETE FROM indikator_definisi")
        con.register("defs_df", defs_df)
        con.execute("""INSERT INTO indikator_definisi (indikator, nama, kelompok, satuan, definisi, urutan, sensitif)
            SELECT * FROM defs_df""")
        kat_df = pd.DataFrame(KATEGORI, columns=["jenis", "no", "singkatan", "nama_resmi", "kelompok", "sensitif", "lokal"])
        con.execute("""CREATE TABLE IF NOT EXISTS kategori (jenis VARCHAR, no INTEGER, singkatan VARCHAR,
            nama_resmi VARCHAR, kelompok VARCHAR, sensitif BOOLEAN, lokal BOOLEAN)""")
        con.execute("DELETE FROM kategori")
        con.register("kat_df", kat_df)
        con.execute("""INSERT INTO kategori (jenis, no, singkatan, nama_resmi, kelompok, sensitif, lokal)
            SELECT * FROM kat_df""")
        con.execute("""INSERT INTO load_log (kind, sources, fingerprint, summary)
            VALUES ('welfare', 'uji', 'uji', 'data uji')""")
    finally:
        con.close()


@pytest.fixture(scope="module")
def store(sample_store: Path, tmp_path_factory: pytest.TempPathFactory) -> Store:
    """The real sample boundaries (Kota Magelang, DIY, Gorontalo) with tiny demo indicators."""
    db = tmp_path_factory.mktemp("export") / "export.duckdb"
    shutil.copyfile(sample_store, db)
    add_indicators(db, contoh=True)
    return Store(db)


@pytest.fixture(scope="module")
def real_store(sample_store: Path, tmp_path_factory: pytest.TempPathFactory) -> Store:
    """The same, but the data is not the demo dataset."""
    db = tmp_path_factory.mktemp("export_real") / "export.duckdb"
    shutil.copyfile(sample_store, db)
    add_indicators(db, contoh=False)
    return Store(db)


def svg_text(payload: bytes) -> str:
    """All text of an SVG written with svg.fonttype 'none' (real <text> elements); no-break spaces read as spaces."""
    body = payload.decode("utf-8")
    return html.unescape(" ".join(re.findall(r"<text[^>]*>(.*?)</text>", body, flags=re.S))).replace("\xa0", " ")


def pdf_text(payload: bytes) -> str:
    """Text shown by the PDF's content streams (matplotlib Type 42 fonts: 2-byte codes in TJ/Tj strings)."""
    out = []
    for stream in re.findall(rb"stream\r?\n(.*?)endstream", payload, flags=re.S):
        try:
            content = zlib.decompress(stream)
        except zlib.error:
            continue
        for array in re.findall(rb"\[(.*?)\]\s*TJ", content, flags=re.S):
            raw = b"".join(_pdf_string(s) for s in re.findall(rb"\(((?:\\.|[^\\)])*)\)", array, flags=re.S))
            out.append(raw.decode("utf-16-be", errors="replace") if len(raw) % 2 == 0 else raw.decode("latin-1"))
    return "\n".join(out).replace("\xa0", " ")


def _pdf_string(s: bytes) -> bytes:
    result, i = bytearray(), 0
    while i < len(s):
        c = s[i]
        if c == 0x5C and i + 1 < len(s):  # backslash escape
            nxt = s[i + 1 : i + 2]
            if nxt.isdigit():
                octal = re.match(rb"[0-7]{1,3}", s[i + 1 :]).group(0)
                result.append(int(octal, 8))
                i += 1 + len(octal)
                continue
            result += {b"n": b"\n", b"r": b"\r", b"t": b"\t", b"b": b"\b", b"f": b"\f"}.get(nxt, nxt)
            i += 2
            continue
        result.append(c)
        i += 1
    return bytes(result)


# ---- PNG -----------------------------------------------------------------------------------------------------
def test_png_a4_landscape_300_dpi(store: Store):
    payload = render_map(store, "34", "cakupan_wksbm_pct", 2025, fmt="png", paper="A4", dpi=300)
    image = Image.open(io.BytesIO(payload))
    assert abs(image.size[0] - 3508) <= 1 and abs(image.size[1] - 2480) <= 1
    assert image.info["dpi"][0] == pytest.approx(300, abs=0.5)


def test_png_screen_is_full_hd(store: Store):
    payload = render_map(store, "34.71", "cakupan_wksbm_pct", 2025, fmt="png", paper="screen")
    assert Image.open(io.BytesIO(payload)).size == (1920, 1080)


def test_png_a3_portrait(store: Store):
    payload = render_map(store, "75.01", "pmks_total", 2025, fmt="png", paper="A3", orientation="portrait", dpi=60)
    width, height = Image.open(io.BytesIO(payload)).size
    assert abs(width - round(297 / 25.4 * 60)) <= 1 and abs(height - round(420 / 25.4 * 60)) <= 1


def test_unknown_format_region_or_paper_say_what_to_change(store: Store):
    with pytest.raises(ExportError, match="Format"):
        render_map(store, "34", "cakupan_wksbm_pct", 2025, fmt="gif")
    with pytest.raises(ExportError, match="tidak ada"):
        render_map(store, "98", "cakupan_wksbm_pct", 2025)
    with pytest.raises(ExportError, match="kertas"):
        render_map(store, "34", "cakupan_wksbm_pct", 2025, paper="Letter")
    with pytest.raises(ExportError, match="belum punya batas"):  # in the code list, not among the samples
        render_map(store, "33.72", "cakupan_wksbm_pct", 2025)


# ---- SVG / PDF text ----------------------------------------------------------------------------------------
def test_svg_carries_title_source_credit_legend_and_demo_mark(store: Store):
    payload = render_map(store, "34", "cakupan_wksbm_pct", 2025, fmt="svg", method="quantile")
    text = svg_text(payload)
    assert "Cakupan WKSBM di Daerah Istimewa Yogyakarta, 2025" in text
    assert SOURCE in text
    assert BOUNDARY_CREDIT in text
    assert "DATA CONTOH" in text
    assert "Tanggal data:" in text
    assert "Proyeksi UTM zona 49S" in text  # DIY lies in UTM 49S
    # The legend has exactly the dashboard's classes: same function, same values.
    values = privacy.public_indicator_values(store, "34", 2025, "cakupan_wksbm_pct")
    expected = cls.classify(list(values["nilai"]), method="quantile", k=5, unit="%")  # the dashboard's call
    assert len(expected.bins) == 5
    for _colour, label, count in expected.legend():
        if count or label not in ("0", expected.no_data_label):
            assert label in text, label
    for bin_ in expected.bins:
        assert f'fill: {bin_.color}' in payload.decode() or f"fill:{bin_.color}" in payload.decode()


def test_map_export_follows_the_language(store: Store):
    text = svg_text(render_map(store, "34.71", "pmks_total", 2025, fmt="svg", lang="en"))
    assert "Number of PMKS in Kota Yogyakarta, 2025" in text
    assert "Number of PMKS (persons) by kecamatan, 2025" in text
    for english in ("Data source:", "Data date:", "Made:", "Location in", "Classes: Quantiles", "Boundaries:",
                    "Numbers in brackets", "UTM projection zone 49S"):
        assert english in text, english
    assert "DATA CONTOH" in text  # the demo mark is the same in both languages
    for indonesian in ("Sumber data:", "Tanggal data:", "Dibuat:", "Lokasi di", "Pengelompokan", "Jumlah PMKS",
                       "Proyeksi"):
        assert indonesian not in text, indonesian


def test_coverage_uses_the_spm_scale_by_default_as_the_dashboard(store: Store):
    text = svg_text(render_map(store, "34.71", "cakupan_wksbm_pct", 2025, fmt="svg"))
    values = privacy.public_indicator_values(store, "34.71", 2025, "cakupan_wksbm_pct")
    for b in cls.classify(list(values["nilai"]), method="spm").bins:  # the dashboard's classes of these values
        assert b.label in text
    assert "Target SPM (100%)" in text


def test_a_classification_from_the_dashboard_is_used_as_is_on_an_analyst_map(store: Store):
    given = cls.classify([0.0, 10.0, 20.0, 30.0, 90.0], method="manual", manual_breaks=[15, 45], palette="YlGnBu")
    payload = render_map(store, "34", "pmks_total", 2025, fmt="svg", classification=given, public=False).decode()
    for b in given.bins:
        assert b.label in svg_text(payload.encode())
        assert b.color in payload


def test_a_public_map_never_takes_the_analyst_classification(store: Store):
    # Class bounds from exact values can be the hidden values themselves: a public map classifies public values.
    exact = privacy.public_indicator_values(store, "34", 2025, "pmks:ODHA", public=False)["nilai"].tolist()
    analyst = cls.classify(exact, method="quantile", k=5)
    payload = render_map(store, "34", "pmks:ODHA", 2025, fmt="svg", classification=analyst, method="quantile")
    public_values = privacy.public_indicator_values(store, "34", 2025, "pmks:ODHA")["nilai"].tolist()
    expected = cls.classify(public_values, method="quantile", k=5)
    text = svg_text(payload)
    for b in expected.bins:
        assert b.label in text


def test_title_and_subtitle_are_editable(store: Store):
    payload = render_map(store, "34", "pmks_total", 2025, fmt="svg", title="PMKS DIY 2025", subtitle="Rilis pers")
    text = svg_text(payload)
    assert "PMKS DIY 2025" in text and "Rilis pers" in text
    assert "Jumlah PMKS di" not in text


def test_pdf_carries_title_and_source(store: Store):
    payload = render_map(store, "75", "cakupan_wksbm_pct", 2025, fmt="pdf", paper="A3")
    assert payload.startswith(b"%PDF")
    box = [float(v) for v in re.search(rb"/MediaBox \[\s*([\d.\s]+)\]", payload).group(1).split()]
    assert box[2] == pytest.approx(420 / 25.4 * 72, abs=1) and box[3] == pytest.approx(297 / 25.4 * 72, abs=1)
    text = pdf_text(payload)
    assert "Cakupan WKSBM di Gorontalo, 2025" in text
    assert SOURCE in text
    assert "cahyadsn/wilayah_boundaries" in text
    assert "DATA CONTOH" in text


def test_no_demo_mark_on_real_data(real_store: Store):
    text = svg_text(render_map(real_store, "34", "cakupan_wksbm_pct", 2025, fmt="svg"))
    assert "DATA CONTOH" not in text
    assert SOURCE in text


def test_indonesian_number_format_in_the_legend(store: Store):
    kids = store.children("34")["kode"]
    values = pd.DataFrame({"kode": kids, "nilai": [1234.5, 2500.25, 12000.0, 800.75, 56789.5], "status": ""})
    data = MapData(values=values, nama="Penduduk uji", satuan="jiwa", sources=[SOURCE])
    text = svg_text(render_map(store, "34", "x", 2025, fmt="svg", data=data, method="equal_interval", classes=3))
    assert "800,8" in text and "56.789,5" in text  # dot for thousands, comma for decimals
    assert "56,789.5" not in text


# ---- privacy on the map ------------------------------------------------------------------------------------------
@pytest.mark.parametrize("kode", ["75", "75.01"])
def test_public_map_hides_small_sensitive_values_and_says_so(store: Store, kode: str):
    exact = privacy.public_indicator_values(store, kode, 2025, "pmks:ODHA", public=False)
    public = map_data(store, kode, "pmks:ODHA", 2025)
    merged = exact.merge(public.values, on="kode", suffixes=("_exact", ""))
    small = merged["nilai_exact"].between(1, 4)
    # kab/kota rows: small counts are "<5"; kecamatan rows: the sensitive category is not published at all.
    expected = privacy.PRIMARY if kode == "75" else privacy.WITHHELD
    assert (merged.loc[small, "status"] == expected).all()
    assert merged.loc[merged["status"] != "", "nilai"].isna().all()
    text = svg_text(render_map(store, kode, "pmks:ODHA", 2025, fmt="svg", data=public))
    for legend_text, _ in privacy.hatch_legend_rows(5, public.values["status"]):  # what is hidden and why
        assert legend_text in text
    assert "Wilayah berarsir" in text
    assert privacy.ANALYST_NOTICE not in text


def test_analyst_map_shows_exact_values_and_says_so(store: Store):
    data = map_data(store, "75.01", "pmks:ODHA", 2025, public=False)
    assert (data.values["status"] == "").all()
    text = svg_text(render_map(store, "75.01", "pmks:ODHA", 2025, fmt="svg", public=False))
    assert privacy.ANALYST_NOTICE in text


def test_views_of_neighbouring_levels_agree(store: Store):
    cache: dict = {}
    indonesia = privacy.public_table(store, "", 2025, cache=cache)
    province = privacy.public_table(store, "75", 2025, cache=cache)
    assert province.status.loc["75"].to_dict() == indonesia.status.loc["75"].to_dict()
    sensitive = cache["_meta"]["sensitive"]
    for kab in [k for k in province.status.index if k != "75"]:
        kab_view = privacy.public_table(store, kab, 2025, cache=cache)  # kecamatan rows: sensitive withheld
        assert (kab_view.status[[c for c in sensitive if c in kab_view.status]] == privacy.WITHHELD).all().all()
        others = [c for c in kab_view.values.columns if c.startswith("pmks:") and c not in sensitive]
        assert np.allclose(kab_view.values["pmks_total"], kab_view.values[others].sum(axis=1))


def test_desa_map_of_a_kab_kota(store: Store):
    data = map_data(store, "34.71", "cakupan_wksbm_pct", 2025, level="desa_kelurahan")
    assert data.values["kode"].str.count(r"\.").eq(3).all()
    assert len(data.values) == len(store.df("SELECT kode FROM batas WHERE kode LIKE '34.71.%.%'"))
    text = svg_text(render_map(store, "34.71", "cakupan_wksbm_pct", 2025, fmt="svg", level="desa_kelurahan"))
    assert "per desa/kelurahan" in text
    with pytest.raises(ExportError, match="Tingkat"):
        render_map(store, "34.71", "cakupan_wksbm_pct", 2025, level="provinsi")


# ---- tables --------------------------------------------------------------------------------------------------
def _export_csv(store: Store, kode: str, tahun: int, **kwargs) -> pd.DataFrame:
    """The export CSV read back as Excel set to Indonesian reads it (DATA CONTOH line, `;`, decimal comma), with
    the indicator ids as column names again (the file has human-readable headers)."""
    payload = export_table(store, kode, tahun, "csv", **kwargs)
    text = payload.decode("utf-8-sig")
    demo = text.startswith("DATA CONTOH")
    frame = pd.read_csv(io.StringIO(text), sep=";", decimal=",", skiprows=1 if demo else 0,
                        dtype={"Kode wilayah": str})
    ids, facts = view_frame(store, kode, tahun)
    by_header = {column_header(c, facts): c for c in ids.columns}
    assert set(frame.columns) == set(by_header), "every column has its human-readable header"
    return frame.rename(columns=by_header)


def test_csv_export_below_kab_kota_withholds_sensitive_categories(store: Store):
    payload = export_table(store, "75.01.01", 2025, "csv")
    assert payload.startswith(b"\xef\xbb\xbfDATA CONTOH")  # UTF-8 BOM, then the demo line
    header = payload.decode("utf-8-sig").splitlines()[1]
    assert "pmks:" not in header and "Kode wilayah;Nama wilayah;Tingkat" in header
    public = _export_csv(store, "75.01.01", 2025)
    exact = _export_csv(store, "75.01.01", 2025, public=False)
    assert list(public.columns[:3]) == ["kode", "nama", "tingkat"]
    assert public["kode"].iloc[-1] == "75.01.01" and public["nama"].iloc[-1] == "Total Limboto"
    assert len(public) == len(store.children("75.01.01")) + 1
    assert (public[["pmks:ODHA", "pmks:KTK"]] == privacy.WITHHELD_MARK).all().all()
    assert (pd.to_numeric(exact["pmks:ODHA"]) >= 0).all()
    shown = [c for c in public.columns if c.startswith("pmks:") and c not in ("pmks:ODHA", "pmks:KTK")]
    assert np.allclose(public["pmks_total"], public[shown].apply(pd.to_numeric).sum(axis=1))


def test_csv_export_public_and_analyst(store: Store):
    # A province's kab/kota: the small counts are there.
    public = _export_csv(store, "75", 2025)
    exact = _export_csv(store, "75", 2025, public=False)
    assert list(public.columns[:3]) == ["kode", "nama", "tingkat"]
    assert {"pmks:ODHA", "cakupan_wksbm_pct"} <= set(public.columns)
    small = pd.to_numeric(exact["pmks:ODHA"], errors="coerce").between(1, 4)
    assert (public.loc[small, "pmks:ODHA"] == "<5").all()
    assert not public["pmks:ODHA"].astype(str).isin(["1", "2", "3", "4"]).any()
    # LUT is not sensitive: never "<5", only "×" where it protects a sensitive cell of its row; else exact.
    lut = public["pmks:LUT"].astype(str)
    assert not lut.eq("<5").any()
    shown = ~lut.eq("×")
    assert (pd.to_numeric(lut[shown]) == pd.to_numeric(exact.loc[shown, "pmks:LUT"])).all()
    # Secondary suppression: where the total row is shown, no column has exactly one hidden child.
    children = public.iloc[:-1]
    for col in ("pmks:ODHA", "pmks:KTK"):
        if str(public[col].iloc[-1]) in ("<5", "×"):
            continue
        assert children[col].astype(str).isin(["<5", "×"]).sum() != 1, col


def test_csv_and_xlsx_export_in_english(store: Store):
    text = export_table(store, "34", 2025, "csv", lang="en").decode("utf-8-sig")
    lines = text.splitlines()
    assert lines[0].startswith("DATA CONTOH") and "sample data" in lines[0]
    assert lines[1].startswith("Region code,Region name,Level,") and "People living with HIV/AIDS (persons)" in lines[1]
    sheets = pd.read_excel(io.BytesIO(export_table(store, "34", 2025, "xlsx", lang="en")), sheet_name=None,
                           header=None, engine="openpyxl")
    assert list(sheets) == ["Data", "Notes"]
    title = str(sheets["Data"].iloc[0, 0])
    assert title.startswith("Social welfare indicators by kabupaten/kota in")
    assert "Export date" in " ".join(str(v) for v in sheets["Notes"].to_numpy().ravel())


def test_xlsx_export_has_data_and_notes_sheets(store: Store):
    payload = export_table(store, "34", 2025, "xlsx")
    sheets = pd.read_excel(io.BytesIO(payload), sheet_name=None, header=None, engine="openpyxl")
    assert list(sheets) == ["Data", "Keterangan"]
    data_text = " ".join(str(v) for v in sheets["Data"].to_numpy().ravel())
    assert "DATA CONTOH" in data_text and "Kulon Progo" in data_text and "Orang dengan HIV/AIDS (jiwa)" in data_text
    notes = " ".join(str(v) for v in sheets["Keterangan"].to_numpy().ravel())
    for needle in (SOURCE, BOUNDARY_CREDIT, "Tanggal ekspor", "Definisi indikator", "Korban tindak kekerasan.",
                   privacy.notice(5)):  # fmt: skip
        assert needle in notes, needle


def test_table_of_a_store_without_welfare_data(sample_store: Path):
    frame = pd.read_csv(io.BytesIO(export_table(Store(sample_store), "34", 2025, "csv")), sep=";", encoding="utf-8-sig")
    assert len(frame) == 6  # five kab/kota and the province total
    assert list(frame.columns) == ["Kode wilayah", "Nama wilayah", "Tingkat"]


# ---- command line -------------------------------------------------------------------------------------------
def test_cli_batch_one_map_per_kab_kota(store: Store, tmp_path: Path, capsys: pytest.CaptureFixture):
    code = etl_main(["export-map", "--db", str(store.db_path), "--kode", "34", "--indikator", "pmks:ODHA",
                     "--batch", "--dpi", "40", "--out", str(tmp_path)])  # fmt: skip
    assert code == 0
    files = sorted(p.name for p in tmp_path.glob("*.png"))
    assert files == [f"peta_pmks-odha_{k.replace('.', '')}_2025_publik_a4-landscape.png"
                     for k in store.children("34")["kode"]]  # fmt: skip
    assert all(Image.open(tmp_path / f).size[0] > 400 for f in files)


def test_cli_single_svg_and_table(store: Store, tmp_path: Path):
    assert etl_main(["export-map", "--db", str(store.db_path), "--kode", "33.71", "--indikator",
                     "cakupan_wksbm_pct", "--format", "svg", "--title", "Uji judul", "--out", str(tmp_path)]) == 0  # fmt: skip
    name = "peta_cakupan-wksbm-pct_3371_2025_publik_a4-landscape.svg"
    assert "Uji judul" in svg_text((tmp_path / name).read_bytes())
    for extra in ([], ["--analis"]):
        assert etl_main(["export-table", "--db", str(store.db_path), "--kode", "33.71", "--format", "csv",
                         "--out", str(tmp_path), *extra]) == 0  # fmt: skip
    for audience in ("publik", "analis"):  # an analyst export never overwrites the public one
        assert (tmp_path / f"tabel_3371_2025_{audience}.csv").exists()
        assert (tmp_path / f"tabel_3371_2025_{audience}.keterangan.csv").exists()
    assert etl_main(["export-table", "--db", str(store.db_path), "--kode", "33.71", "--format", "csv",
                     "--bahasa", "en", "--out", str(tmp_path / "en")]) == 0  # fmt: skip
    text = (tmp_path / "en" / "tabel_3371_2025_publik.csv").read_text(encoding="utf-8-sig")
    assert "Region code,Region name" in text


def test_cli_unknown_region_fails_cleanly(store: Store, tmp_path: Path, capsys: pytest.CaptureFixture):
    code = etl_main(["export-map", "--db", str(store.db_path), "--kode", "98", "--indikator", "x", "--tahun", "2025",
                     "--out", str(tmp_path)])  # fmt: skip
    assert code == 2
    assert "GAGAL" in capsys.readouterr().err


def test_cli_bad_code_or_missing_store_say_what_to_fix(tmp_path: Path, capsys: pytest.CaptureFixture):
    assert etl_main(["export-map", "--db", str(tmp_path / "x.duckdb"), "--kode", "33.7", "--indikator", "x"]) == 2
    err = capsys.readouterr().err
    assert "--kode '33.7'" in err and "Traceback" not in err
    assert etl_main(["export-table", "--db", str(tmp_path / "absent.duckdb")]) == 2
    err = capsys.readouterr().err
    assert "absent.duckdb" in err and "python -m etl demo" in err


def test_store_facts(store: Store):
    assert export_data.years(store) == [2025]
    assert "pmks:ODHA" in export_data.sensitive_indicators(store)
    assert export_data.is_demo(store)


def test_logo_from_the_setting_is_placed(store: Store, tmp_path: Path, monkeypatch: pytest.MonkeyPatch):
    logo = tmp_path / "logo.png"
    Image.new("RGBA", (120, 80), (20, 90, 160, 255)).save(logo)
    assert "<image" not in render_map(store, "33.71", "pmks_total", 2025, fmt="svg").decode()
    monkeypatch.setenv("PETAKESOS_LOGO", str(logo))
    assert "<image" in render_map(store, "33.71", "pmks_total", 2025, fmt="svg").decode()


def test_region_card_values_agree_with_the_parent_view(store: Store):
    card = privacy.public_region_values(store, "75.01", 2025).set_index("indikator")
    parent = privacy.public_table(store, "75", 2025)
    for ind, row in card.iterrows():
        assert row["status"] == parent.status.loc["75.01", ind]
        if row["status"] == privacy.PRIMARY:
            assert row["tampil"] == "<5"
    assert privacy.public_region_values(store, "75.01", 2025, public=False)["status"].eq("").all()


def test_every_kab_kota_of_diy_is_named_on_its_map(store: Store):
    # Names carry a white halo, so the SVG draws them as outlines in a group whose id names the unit.
    payload = render_map(store, "34", "pmks_total", 2025, fmt="svg").decode()
    for kode in store.children("34")["kode"]:
        assert f'id="label-{kode}"' in payload, kode


def test_cli_manual_breaks_as_a_comma_list(store: Store, tmp_path: Path):
    assert etl_main(["export-map", "--kode", "34", "--indikator", "pmks_total", "--breaks", "10,25,50",
                     "--format", "svg", "--out", str(tmp_path), "--db", str(store.db_path)]) == 0
    text = svg_text(next(tmp_path.glob("*.svg")).read_bytes())
    assert "25" in text and "50" in text
    assert cls.parse_breaks("10,25,50") == ([10.0, 25.0, 50.0], [])
    assert cls.parse_breaks("12,5;25") == ([12.5, 25.0], [])
    assert cls.parse_breaks("10,abc,inf") == ([10.0], ["abc", "inf"])


def test_a_kota_map_names_its_kelurahan_and_locates_it_in_its_province(store: Store):
    from petakesos.export.map.locator import locator_context

    payload = render_map(store, "33.71", "cakupan_wksbm_pct", 2025, fmt="svg", level="desa_kelurahan").decode()
    kelurahan = [k for kec in store.children("33.71")["kode"] for k in store.children(kec)["kode"]]
    named = [k for k in kelurahan if f'id="label-{k}"' in payload]
    assert len(named) >= 0.8 * len(kelurahan), f"{len(named)} of {len(kelurahan)} kelurahan named"
    # The desa map of coverage lists only the two classes a kelurahan can be in.
    text = svg_text(payload.encode())
    assert "0% (belum ada WKSBM)" in text and "100% (SPM tercapai)" in text and "<25%" not in text
    ctx = locator_context(store, store.region("33.71"))
    assert ctx is None or ctx.place != "Indonesia"  # a kota is placed within its province


def test_demo_mark_is_hollow_grey_and_the_year_stays_with_the_title(store: Store):
    from petakesos.export.map.furniture import keep_last_word_attached

    payload = render_map(store, "34", "cakupan_wksbm_pct", 2025, fmt="svg").decode()
    mark = re.search(r'<g id="demo-watermark">.*?</g>', payload, flags=re.S)
    assert mark is not None
    assert "fill: none" in mark.group(0) and "stroke: #4a4a4a" in mark.group(0)
    for palette in cls.PALETTES.values():
        assert "#4a4a4a" not in {c for colours in palette.values() for c in colours}
    title = keep_last_word_attached("Penyandang Disabilitas per 1.000 penduduk di Kabupaten Gunungkidul, 2025")
    import textwrap

    for width in range(20, 70):
        assert textwrap.fill(title, width=width).splitlines()[-1] != "2025"


# ---- the page layout, measured in the pixels of the PNG ---------------------------------------------------------
LAYOUT_DPI = 60
MAX_BAND = 0.045  # no band of empty paper over 4.5 % of the page (the header's own gap is about 3.8 %)


def _longest_run(flags: np.ndarray) -> int:
    best = run = 0
    for flag in flags:
        run = run + 1 if flag else 0
        best = max(best, run)
    return best


def _title_lines(ink: np.ndarray) -> list[tuple[int, int]]:
    """Row ranges (start, stop) of the lines of near-black title type."""
    rows = ink.any(axis=1)
    lines, start = [], None
    for y, flag in enumerate([*rows, False]):
        if flag and start is None:
            start = y
        elif not flag and start is not None:
            lines.append((start, y))
            start = None
    return lines


@pytest.mark.parametrize("orientation", ["portrait", "landscape"])
@pytest.mark.parametrize("kode", ["75", "33.71"])  # Gorontalo is wide, Kota Magelang tall
def test_page_has_no_empty_bands_the_year_stays_with_the_title_and_the_badge_inside_the_margin(
        store: Store, kode: str, orientation: str):
    long_title = "Cakupan Wahana Kesejahteraan Sosial Berbasis Masyarakat di " + store.region(kode).nama + ", 2025"
    payload = render_map(store, kode, "cakupan_wksbm_pct", 2025, orientation=orientation, dpi=LAYOUT_DPI,
                         title=long_title)
    page = np.asarray(Image.open(io.BytesIO(payload)).convert("RGB")).astype(int)
    height, width = page.shape[:2]
    margin = round(8 / 25.4 * LAYOUT_DPI)  # 8 mm on A4
    inner = page[margin:height - margin, margin:width - margin]
    white = (inner >= 245).all(axis=2)
    assert _longest_run(white.all(axis=1)) <= MAX_BAND * height, "a horizontal band of empty paper"
    assert _longest_run(white.all(axis=0)) <= MAX_BAND * width, "a vertical band of empty paper"

    header = page[: margin + round(24 / 25.4 * LAYOUT_DPI)]
    # The DATA CONTOH badge (neutral #4a4a4a) ends inside the margin, at the top and on the right.
    grey = (np.abs(header - 0x4A) <= 3).all(axis=2)
    box_rows = np.flatnonzero(grey.sum(axis=1) >= 20)  # the badge's rows: a long run of its grey, not type edges
    assert box_rows.size, "no DATA CONTOH badge"
    box_cols = np.flatnonzero(grey[box_rows].sum(axis=0) >= 0.5 * box_rows.size)
    badge = np.array([[box_rows.min(), box_cols.min()], [box_rows.max(), box_cols.max()]])
    # The title (near-black type left of the badge) wraps, and its last line holds more than the year: a line
    # of "2025" alone is less than 5 times as wide as its type is high.
    assert badge[0, 0] >= margin - 1 and badge[1, 1] <= width - margin, badge
    ink = (header[:, : badge[0, 1] - 2] <= 60).all(axis=2)
    ink[:, : margin - 1] = False
    lines = [(a, b) for a, b in _title_lines(ink) if b - a >= 4]
    assert len(lines) >= 2, lines
    last = ink[lines[-1][0]:lines[-1][1]]
    columns = np.flatnonzero(last.any(axis=0))
    assert columns.max() - columns.min() > 5 * (lines[-1][1] - lines[-1][0]), "the year alone on the last line"

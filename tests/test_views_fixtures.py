"""Fixtures (no tests) for the dashboard tests: a tiny store built in code — two provinces, kab/kota, kecamatan and desa as
squares, one desa without a polygon, one name with HTML in it, and indicator values for two years — and `run_app`,
which runs the dashboard in AppTest on a URL."""

from __future__ import annotations

from pathlib import Path

import pandas as pd
import shapely

from petakesos import codes as kode_util
from petakesos.sql import regions as rq
from petakesos.store import atomic_update

ROOT = Path(__file__).resolve().parent.parent
APP_TIMEOUT = 60


def run_app(query: dict[str, str] | None = None, page: str | None = None, session: dict | None = None):
    """The dashboard run in AppTest with these URL parameters (and session values), switched to `page`; fails on
    an exception of the page."""
    from streamlit.testing.v1 import AppTest

    at = AppTest.from_file(str(ROOT / "dashboard.py"), default_timeout=APP_TIMEOUT)
    for key, value in (session or {}).items():
        at.session_state[key] = value
    for key, value in (query or {}).items():
        at.query_params[key] = value
    at.run()
    if page:
        at.switch_page(page)
        at.run()
    assert not at.exception, [e.message for e in at.exception]
    return at


EVIL = "<script>alert('x')</script>Kota & Co"
# kode: (nama, (xmin, ymin, xmax, ymax)) — None = in the code list but without a polygon.
REGIONS: dict[str, tuple[str, tuple[float, float, float, float] | None]] = {
    "91": ("Provinsi Satu", (100, -10, 104, -6)),
    "92": ("Provinsi Dua", (104, -10, 108, -6)),
    "91.01": ("Kabupaten Satu", (100, -10, 102, -6)),
    "91.71": (EVIL, (102, -10, 104, -6)),
    "92.01": ("Kabupaten Dua", (104, -10, 108, -6)),
    "91.01.01": ("Kecamatan Satu", (100, -10, 101, -6)),
    "91.01.02": ("Kecamatan Dua", (101, -10, 102, -6)),
    "91.71.01": ("Kecamatan Kota", (102, -10, 104, -6)),
    "92.01.01": ("Kecamatan Tiga", (104, -10, 108, -6)),
    "91.01.01.2001": ("Desa Satu", (100, -10, 101, -8)),
    "91.01.01.2002": ("Desa Dua", (100, -8, 101, -6)),
    "91.01.02.2001": ("Desa Tiga", (101, -10, 102, -6)),
    "91.01.02.2002": ("Desa Tanpa Poligon", None),
    "91.71.01.1001": ("Kelurahan Kota", (102, -10, 104, -6)),
    "92.01.01.2001": ("Desa Empat", (104, -10, 108, -6)),
}
# Desa-level facts per year: (has a WKSBM, PMKS LUT, PMKS ODHA)
FACTS = {
    2023: {"91.01.01.2001": (1, 5, 0), "91.01.01.2002": (0, 3, 1), "91.01.02.2001": (0, 0, 0),
           "91.01.02.2002": (0, 2, 0), "91.71.01.1001": (1, 7, 2), "92.01.01.2001": (0, 1, 0)},
    2024: {"91.01.01.2001": (1, 6, 0), "91.01.01.2002": (1, 3, 1), "91.01.02.2001": (0, 1, 0),
           "91.01.02.2002": (1, 2, 0), "91.71.01.1001": (1, 9, 3), "92.01.01.2001": (0, 0, 0)},
}
DEFINITIONS = [
    ("desa_total", "Jumlah desa/kelurahan", "Wilayah", "desa", "Jumlah desa dan kelurahan.", 10, False),
    ("desa_dengan_wksbm", "Desa/kelurahan dengan WKSBM", "WKSBM", "desa", "Desa dengan WKSBM.", 20, False),
    ("cakupan_wksbm_pct", "Cakupan WKSBM", "WKSBM", "%", "Persentase desa/kelurahan yang memiliki WKSBM.", 30, False),
    ("desa_tanpa_wksbm", "Desa/kelurahan tanpa WKSBM", "WKSBM", "desa", "Desa tanpa WKSBM.", 40, False),
    ("pmks_total", "Jumlah PMKS", "PMKS", "jiwa", "Jumlah seluruh PMKS.", 50, False),
    ("pmks:LUT", "Lanjut Usia Terlantar", "PMKS", "jiwa", "PMKS kategori LUT.", 60, False),
    ("pmks:ODHA", "Orang dengan HIV/AIDS", "PMKS", "jiwa", "PMKS kategori ODHA <b>sensitif</b>.", 70, True),
]


def _rows_batas() -> pd.DataFrame:
    rows = []
    for kode, (nama, box) in REGIONS.items():
        if box is None:
            continue
        geom = shapely.box(*box)
        pt = shapely.point_on_surface(geom)
        rows.append({
            "kode": kode, "tingkat": kode_util.tingkat_of(kode), "nama": nama, "sumber": "test", "turunan": False,
            "geom_full": shapely.to_wkb(geom), "geojson_display": shapely.to_geojson(geom),
            "xmin": box[0], "ymin": box[1], "xmax": box[2], "ymax": box[3], "label_x": pt.x, "label_y": pt.y,
            "n_vertices": 5, "n_vertices_display": 5, "geojson_outline": None,
        })
    return pd.DataFrame(rows)


def indicator_rows() -> pd.DataFrame:
    recs = []
    for year, facts in FACTS.items():
        for kode, (has, lut, odha) in facts.items():
            recs.append({"kode": kode, "tahun": year, "desa_total": 1.0, "desa_dengan_wksbm": float(has),
                         "pmks:LUT": float(lut), "pmks:ODHA": float(odha)})
    base = pd.DataFrame(recs)
    cols = ["desa_total", "desa_dengan_wksbm", "pmks:LUT", "pmks:ODHA"]
    frames = []
    for n, tingkat in ((13, "desa_kelurahan"), (8, "kecamatan"), (5, "kabupaten_kota"), (2, "provinsi"),
                       (0, "indonesia")):
        g = base.assign(kode=base["kode"].str.slice(0, n)).groupby(["kode", "tahun"], as_index=False)[cols].sum()
        g["tingkat"] = tingkat
        frames.append(g)
    agg = pd.concat(frames, ignore_index=True)
    agg["cakupan_wksbm_pct"] = 100 * agg["desa_dengan_wksbm"] / agg["desa_total"]
    agg["desa_tanpa_wksbm"] = agg["desa_total"] - agg["desa_dengan_wksbm"]
    agg["pmks_total"] = agg["pmks:LUT"] + agg["pmks:ODHA"]
    long = agg.melt(id_vars=["kode", "tingkat", "tahun"], var_name="indikator", value_name="nilai")
    long["sumber"] = "DATA CONTOH"
    long["contoh"] = True
    return long


def build_store(db: Path, with_indicators: bool = True) -> Path:
    kode = pd.DataFrame([
        {"kode": k, "nama": n, "tingkat": kode_util.tingkat_of(k), "kode_induk": kode_util.parent_of(k),
         "edisi": "test"} for k, (n, _) in REGIONS.items()
    ])
    batas = _rows_batas()
    with atomic_update(db) as con:
        con.register("df_kode", kode)
        con.execute("INSERT INTO kode_wilayah SELECT kode, nama, tingkat, kode_induk, edisi FROM df_kode")
        con.register("df_batas", batas)
        con.execute(rq.INSERT_BATAS)
        if with_indicators:
            con.register("df_nilai", indicator_rows())
            con.execute("INSERT INTO indikator_nilai SELECT kode, tingkat, tahun, indikator, nilai, sumber, contoh "
                        "FROM df_nilai")
            con.register("df_def", pd.DataFrame(DEFINITIONS, columns=[
                "indikator", "nama", "kelompok", "satuan", "definisi", "urutan", "sensitif"]))
            con.execute("INSERT INTO indikator_definisi BY NAME SELECT * FROM df_def")
    return db

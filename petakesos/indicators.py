"""Indicators at every level: rebuilding the materialised table and the library API of the indicator contract.

Writers (the welfare import and the demo) call `rebuild(con)` inside their `atomic_update`; readers (dashboard,
exports) use the functions below with a `petakesos.store.Store`. A store without welfare data answers with empty
results instead of failing.
"""

from __future__ import annotations

import duckdb
import pandas as pd

from petakesos.sql import indicators as q
from petakesos.sql import welfare as wq
from petakesos.store import run_with_frame

# (indikator, nama, kelompok, satuan, definisi)
BASE_DEFINITIONS: list[tuple[str, str, str, str, str]] = [
    (
        "desa_total",
        "Jumlah desa/kelurahan",
        "Wilayah",
        "desa",
        "Jumlah desa dan kelurahan di wilayah menurut daftar kode wilayah Kemendagri, termasuk yang belum memiliki "
        "batas (poligon). Menjadi penyebut cakupan WKSBM.",
    ),
    (
        "desa_dengan_wksbm",
        "Desa/kelurahan dengan WKSBM",
        "WKSBM",
        "desa",
        "Jumlah desa/kelurahan yang memiliki paling sedikit satu WKSBM tingkat desa/kelurahan yang tercatat pada "
        "tahun tersebut. WKSBM yang dibentuk per kecamatan tidak dihitung di sini.",
    ),
    (
        "cakupan_wksbm_pct",
        "Cakupan WKSBM",
        "WKSBM",
        "%",
        "Persentase desa/kelurahan yang memiliki WKSBM terhadap seluruh desa/kelurahan dalam daftar kode wilayah "
        "(target SPM: satu WKSBM di setiap desa/kelurahan).",
    ),
    (
        "desa_tanpa_wksbm",
        "Desa/kelurahan tanpa WKSBM",
        "WKSBM",
        "desa",
        "Jumlah desa/kelurahan yang belum memiliki WKSBM pada tahun tersebut (kesenjangan SPM). Wilayah yang tidak "
        "melapor dihitung sebagai belum memiliki WKSBM; lihat indikator pelaporan.",
    ),
    (
        "wksbm_jumlah",
        "Jumlah WKSBM",
        "WKSBM",
        "unit",
        "Jumlah WKSBM yang tercatat pada tahun tersebut, baik tingkat desa/kelurahan maupun tingkat kecamatan. "
        "Di tingkat kecamatan nilainya = jumlah WKSBM di desa/kelurahannya + WKSBM tingkat kecamatan.",
    ),
    ("wksbm_terbentuk", "WKSBM tahap terbentuk", "WKSBM", "unit", "Jumlah WKSBM yang pada tahun tersebut berada "
     "pada tahap terbentuk (baru dibentuk, belum berkegiatan rutin)."),
    ("wksbm_berjalan", "WKSBM tahap berjalan", "WKSBM", "unit", "Jumlah WKSBM yang pada tahun tersebut berada pada "
     "tahap berjalan (sudah berkegiatan dan berjejaring)."),
    ("wksbm_eksis", "WKSBM tahap eksis", "WKSBM", "unit", "Jumlah WKSBM yang pada tahun tersebut berada pada tahap "
     "eksis (mandiri dan berkelanjutan)."),
    (
        "wksbm_kecamatan",
        "WKSBM tingkat kecamatan",
        "WKSBM",
        "unit",
        "Jumlah WKSBM yang dibentuk per kecamatan (bukan per desa/kelurahan) pada tahun tersebut.",
    ),
    (
        "pmks_total",
        "Jumlah PMKS",
        "PMKS",
        "jiwa",
        "Jumlah seluruh Penyandang Masalah Kesejahteraan Sosial (PMKS) dari semua kategori. Satu orang dapat "
        "tercatat pada lebih dari satu kategori, sehingga angka ini adalah jumlah catatan per kategori.",
    ),
    (
        "pmks_per_1000",
        "PMKS per 1.000 penduduk",
        "PMKS",
        "per 1.000 penduduk",
        "Jumlah PMKS dibagi jumlah penduduk (data penduduk Kemendagri 2025), dikali 1.000. Hanya tersedia untuk "
        "kabupaten/kota, provinsi dan nasional, tempat data penduduk tersedia.",
    ),
    (
        "pelaporan_anak",
        "Wilayah bawahan yang melapor",
        "Pelaporan",
        "wilayah",
        "Jumlah wilayah satu tingkat di bawah (mis. kecamatan dalam kabupaten) yang mengirim data apa pun "
        "(PMKS, PSKS atau registri WKSBM) untuk tahun tersebut.",
    ),
    (
        "pelaporan_pct",
        "Kelengkapan pelaporan",
        "Pelaporan",
        "%",
        "Persentase wilayah satu tingkat di bawah yang mengirim data untuk tahun tersebut terhadap seluruh wilayah "
        "bawahan dalam daftar kode wilayah.",
    ),
]
PSKS_UNIT = {"PSP": "orang", "PSM": "orang", "TAGANA": "orang", "TKSK": "orang", "WPKS": "orang", "PS": "orang",
             "KP": "keluarga"}


def definitions_frame(categories: pd.DataFrame) -> pd.DataFrame:
    """Rows of table indikator_definisi for the base indicators and one per PMKS/PSKS category."""
    rows = []
    order = 0
    for indikator, nama, kelompok, satuan, definisi in BASE_DEFINITIONS:
        order += 10
        rows.append((indikator, nama, kelompok, satuan, definisi, order, False))
    for rec in categories.sort_values(["jenis", "no"]).itertuples():
        order += 10
        lokal = " Kategori lokal (tambahan daerah), bukan bagian dari daftar Permensos 08/2012." if rec.lokal else ""
        if rec.jenis == "PMKS":
            definisi = (
                f"Jumlah PMKS kategori {rec.nama_resmi} ({rec.singkatan}). Nilai wilayah induk = jumlah nilai "
                f"wilayah bawahannya.{lokal}"
            )
            if rec.sensitif:
                definisi += " Kategori sensitif: angka kecil disamarkan pada keluaran publik."
            rows.append((f"pmks:{rec.singkatan}", rec.nama_resmi, "PMKS", "jiwa", definisi, order, bool(rec.sensitif)))
        else:
            if rec.singkatan == "WKSBM":
                definisi = "Jumlah WKSBM menurut registri WKSBM (sama dengan indikator Jumlah WKSBM)."
            else:
                definisi = f"Jumlah PSKS {rec.nama_resmi} ({rec.singkatan}) yang tercatat.{lokal}"
            satuan = PSKS_UNIT.get(rec.singkatan, "unit")
            rows.append((f"psks:{rec.singkatan}", rec.nama_resmi, "PSKS", satuan, definisi, order, bool(rec.sensitif)))
    return pd.DataFrame(rows, columns=["indikator", "nama", "kelompok", "satuan", "definisi", "urutan", "sensitif"])


def rebuild(con: duckdb.DuckDBPyConnection) -> int:
    """Recompute every indicator at every level from the current data; returns the number of values."""
    for statement in q.REBUILD:
        if statement == q.BASIS:
            several = con.execute(q.COUNT_SOURCES).fetchall()[0][0] > 1
            statement = q.BASIS_DEDUP if several else q.BASIS_SINGLE
        con.execute(statement)
    cats = con.execute(wq.CATEGORIES).df()
    frame = definitions_frame(cats)
    run_with_frame(con, "df_def", frame, [q.DELETE_DEFINITIONS, q.INSERT_DEFINITIONS])
    return con.execute(q.COUNT_VALUES).fetchall()[0][0]


# ---- the library API ---------------------------------------------------------------------------------------
def _df(store, sql: str, params: list, columns: list[str]) -> pd.DataFrame:
    try:
        return store.df(sql, params)
    except duckdb.CatalogException:  # a store built before the welfare schema existed
        return pd.DataFrame(columns=columns)


def indicator_values(store, parent_kode: str, tahun: int, indikator: str) -> pd.DataFrame:
    """DataFrame(kode, nilai) for every child of `parent_kode` ('' = the provinces); nilai NaN = no data."""
    return _df(store, q.CHILD_VALUES, [int(tahun), indikator, parent_kode], ["kode", "nilai"])


def region_values(store, kode: str, tahun: int) -> dict[str, float | None]:
    """Every indicator of one region ('' = Indonesia) in one year: {indikator: nilai}."""
    frame = _df(store, q.REGION_VALUES, [kode, int(tahun)], ["indikator", "nilai"])
    return {i: (None if pd.isna(v) else float(v)) for i, v in zip(frame["indikator"], frame["nilai"], strict=True)}


def available_years(store) -> list[int]:
    frame = _df(store, q.YEARS, [], ["tahun"])
    return [int(t) for t in frame["tahun"]]


def definitions(store) -> pd.DataFrame:
    """DataFrame(indikator, nama, kelompok, satuan, definisi, urutan, sensitif) in display order."""
    return _df(store, q.DEFINITIONS, [], ["indikator", "nama", "kelompok", "satuan", "definisi", "urutan", "sensitif"])


def series(store, kode: str, indikator: str) -> pd.DataFrame:
    """DataFrame(tahun, nilai) of one indicator of one region over the years."""
    return _df(store, q.SERIES, [kode, indikator], ["tahun", "nilai"])


def is_demo(store) -> bool:
    """True when any indicator value comes from the demo dataset ("DATA CONTOH")."""
    frame = _df(store, q.ANY_DEMO, [], ["x"])
    return bool(len(frame) and frame.iloc[0, 0])


def desa_tanpa_wksbm(store, kode: str, tahun: int) -> pd.DataFrame:
    """DataFrame(kode, nama, kecamatan): desa/kelurahan inside `kode` ('' = all) without a WKSBM that year."""
    return _df(store, q.DESA_WITHOUT_WKSBM, [int(tahun), kode, kode, kode], ["kode", "nama", "kecamatan"])


def sources(store, tahun: int | None = None) -> pd.DataFrame:
    """DataFrame(sumber, contoh): the source labels behind the indicators (of one year, or all)."""
    return _df(store, q.SOURCES, [tahun, tahun], ["sumber", "contoh"])


__all__ = [
    "available_years",
    "definitions",
    "definitions_frame",
    "desa_tanpa_wksbm",
    "indicator_values",
    "is_demo",
    "rebuild",
    "region_values",
    "series",
    "sources",
]

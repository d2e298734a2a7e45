"""Test data for the dashboard tests: synthetic indicator values written into a store through the public
indicator tables (`indikator_nilai`, `indikator_definisi`), labelled "DATA CONTOH" like the demo dataset.

Values are derived deterministically from the region codes (a hash), rolled up from the desa/kelurahan level the
way the contract defines them (counts add up, coverage = with WKSBM / total), so tests can check sums.
"""

from __future__ import annotations

import hashlib
from pathlib import Path

import pandas as pd

from petakesos.store import atomic_update

PMKS = [("pmks:LUT", "Lanjut Usia Terlantar", False), ("pmks:ODHA", "Orang dengan HIV/AIDS", True),
        ("pmks:FM", "Fakir Miskin", False)]
DEFINITIONS = [
    ("desa_total", "Jumlah desa/kelurahan", "Wilayah", "desa", "Jumlah desa dan kelurahan.", 10, False),
    ("desa_dengan_wksbm", "Desa/kelurahan dengan WKSBM", "WKSBM", "desa", "Desa dengan WKSBM.", 20, False),
    ("cakupan_wksbm_pct", "Cakupan WKSBM", "WKSBM", "%", "Persentase desa/kelurahan yang memiliki WKSBM.", 30, False),
    ("desa_tanpa_wksbm", "Desa/kelurahan tanpa WKSBM", "WKSBM", "desa", "Desa tanpa WKSBM.", 40, False),
    ("pmks_total", "Jumlah PMKS", "PMKS", "jiwa", "Jumlah seluruh PMKS.", 50, False),
    *[(k, n, "PMKS", "jiwa", f"Jumlah PMKS kategori {n}.", 60 + i, s) for i, (k, n, s) in enumerate(PMKS)],
]


def _h(text: str) -> int:
    return int(hashlib.sha256(text.encode()).hexdigest()[:8], 16)


def add_indicators(db_path: Path, years: tuple[int, ...] = (2023, 2024)) -> pd.DataFrame:
    """Write synthetic indicator values for every region of the store; returns the desa-level rows."""
    import duckdb

    con = duckdb.connect(str(db_path), read_only=True)
    try:
        desa = con.execute("SELECT kode FROM kode_wilayah WHERE tingkat = 'desa_kelurahan'").df()
    finally:
        con.close()
    rows = []
    for year in years:
        for kode in desa["kode"]:
            h = _h(f"{kode}/{year}")
            has = 1.0 if (h % 100) < (35 + 20 * (year - years[0])) else 0.0
            rec = {"kode": kode, "tahun": year, "desa_total": 1.0, "desa_dengan_wksbm": has}
            for i, (key, _, _) in enumerate(PMKS):
                rec[key] = float((h >> (4 * i)) % 13)
            rows.append(rec)
    base = pd.DataFrame(rows)
    count_cols = ["desa_total", "desa_dengan_wksbm", *[k for k, _, _ in PMKS]]
    frames = []
    for n, tingkat in ((13, "desa_kelurahan"), (8, "kecamatan"), (5, "kabupaten_kota"), (2, "provinsi"),
                       (0, "indonesia")):
        g = base.assign(kode=base["kode"].str.slice(0, n)).groupby(["kode", "tahun"], as_index=False)[count_cols].sum()
        g["tingkat"] = tingkat
        frames.append(g)
    agg = pd.concat(frames, ignore_index=True)
    agg["cakupan_wksbm_pct"] = 100.0 * agg["desa_dengan_wksbm"] / agg["desa_total"]
    agg["desa_tanpa_wksbm"] = agg["desa_total"] - agg["desa_dengan_wksbm"]
    agg["pmks_total"] = agg[[k for k, _, _ in PMKS]].sum(axis=1)
    long = agg.melt(id_vars=["kode", "tingkat", "tahun"], var_name="indikator", value_name="nilai")
    long["sumber"] = "DATA CONTOH"
    long["contoh"] = True
    defs = pd.DataFrame(DEFINITIONS, columns=["indikator", "nama", "kelompok", "satuan", "definisi", "urutan",
                                              "sensitif"])
    with atomic_update(db_path) as w:
        w.register("df_nilai", long[["kode", "tingkat", "tahun", "indikator", "nilai", "sumber", "contoh"]])
        w.register("df_def", defs)
        w.execute("DELETE FROM indikator_nilai")
        w.execute("INSERT INTO indikator_nilai SELECT kode, tingkat, tahun, indikator, nilai, sumber, contoh "
                  "FROM df_nilai")
        w.execute("DELETE FROM indikator_definisi")
        w.execute("INSERT INTO indikator_definisi SELECT * FROM df_def")
    return base

"""After an import the indicators of the years it wrote are rebuilt, not the whole store: the result must be the
same as a full rebuild, table for table. Real store (the sample boundaries), real imports of files built here."""

from __future__ import annotations

import shutil
from pathlib import Path

import duckdb
import pytest

from etl.welfare import import_welfare
from petakesos import indicators

pytestmark = pytest.mark.shared_data

K1, K2, K3 = "33.71.01.1003", "33.71.01.1007", "33.71.01.1008"
TABLES = {
    "indikator_nilai": "SELECT * FROM indikator_nilai ORDER BY ALL",
    "seri_putus": "SELECT * FROM seri_putus ORDER BY ALL",
    "indikator_definisi": "SELECT * FROM indikator_definisi ORDER BY ALL",
}


def _tables(db: Path) -> dict[str, list[tuple]]:
    with duckdb.connect(str(db), read_only=True) as con:
        return {name: con.execute(sql).fetchall() for name, sql in TABLES.items()}


def test_incremental_rebuild_equals_full_rebuild(sample_store: Path, tmp_path: Path,
                                                 monkeypatch: pytest.MonkeyPatch) -> None:
    db = tmp_path / "store.duckdb"
    shutil.copyfile(sample_store, db)
    first = tmp_path / "a.csv"
    first.write_text("kode,tahun,ODHA,FM,PSM\n"
                     f"{K1},2022,3,4,1\n{K2},2022,5,6,2\n{K1},2023,2,2,2\n{K3},2023,7,1,0\n", encoding="utf-8")
    kecamatan = tmp_path / "kecamatan.csv"  # a region reported only as a whole
    kecamatan.write_text("kode,tahun,ODHA\n33.71.02,2023,40\n33.71.02,2022,30\n", encoding="utf-8")
    registry = tmp_path / "registri.csv"
    registry.write_text("kode,tahun,nama_wksbm,tahun_bentuk,tahap\n"
                        f"{K1},2022,WKSBM Mawar,2021,berjalan\n{K2},2023,WKSBM Melati,2020,eksis\n", encoding="utf-8")
    assert import_welfare([first, kecamatan, registry], db_path=db, source_label="Dinas A").written

    calls: list[list[int] | None] = []
    real = indicators.rebuild

    def spy(con, years=None):
        calls.append(years)
        return real(con, years)

    monkeypatch.setattr(indicators, "rebuild", spy)
    # The second import writes 2023 only: changed and new values, a second source, a new WKSBM, a new region.
    second = tmp_path / "b.csv"
    second.write_text(f"kode,tahun,ODHA,FM,KPN\n{K1},2023,9,2,1\n{K2},2023,4,4,4\n", encoding="utf-8")
    registry2 = tmp_path / "registri2.csv"
    registry2.write_text(f"kode,tahun,nama_wksbm,tahun_bentuk,tahap\n{K3},2023,WKSBM Anggrek,2022,terbentuk\n",
                         encoding="utf-8")
    assert import_welfare([second, registry2], db_path=db, source_label="Dinas B").written
    assert calls == [[2023]]
    incremental = _tables(db)

    full = tmp_path / "full.duckdb"
    shutil.copyfile(db, full)
    with duckdb.connect(str(full)) as con:
        real(con)
    expected = _tables(full)
    for name in TABLES:
        assert incremental[name] == expected[name], name
    years = {r[2] for r in incremental["indikator_nilai"]}
    assert years == {2022, 2023} and len(incremental["indikator_nilai"]) > 1000


def test_general_sum_indicators_make_the_rebuild_full(shared_data: Path, tmp_path: Path) -> None:
    # A general `sum` indicator's parent needs every child that existed that year, judged over all years: a rebuild
    # asked for some years must then give what a full rebuild gives (it falls back to one).
    db = tmp_path / "store.duckdb"
    lines = ["id,kode_provinsi,nama_provinsi,kode_kabupaten_kota,nama_kabupaten_kota,penerima_pkh,satuan,tahun"]
    kabkota = ("3401", "3402", "3403", "3404", "3471")
    lines += [f"{i},34,PROVINSI,{k},WILAYAH,{100 + i},KELUARGA,2023" for i, k in enumerate(kabkota[:4])]
    lines += [f"{9 + i},34,PROVINSI,{k},WILAYAH,{200 + i},KELUARGA,2024" for i, k in enumerate(kabkota)]
    pkh = tmp_path / "pkh.csv"
    pkh.write_text("\n".join(lines) + "\n", encoding="utf-8")
    pmks = tmp_path / "pmks.csv"
    pmks.write_text("kode;tahun;Lanjut Usia Terlantar\n34.01;2024;7\n34.02;2023;5\n", encoding="utf-8")
    assert import_welfare([pkh, pmks], db_path=db).written
    partial, full = tmp_path / "partial.duckdb", tmp_path / "full.duckdb"
    shutil.copyfile(db, partial)
    shutil.copyfile(db, full)
    with duckdb.connect(str(partial)) as con:
        con.execute("UPDATE indikator_nilai SET nilai = -1 WHERE tahun = 2023")  # stale: must be recomputed
        indicators.rebuild(con, [2024])
    with duckdb.connect(str(full)) as con:
        indicators.rebuild(con)
    assert _tables(partial) == _tables(full)

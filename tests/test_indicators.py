"""Indicators at every level and the library API (petakesos.indicators), on the demo store of the real samples
(Kota Magelang, DI Yogyakarta, Gorontalo) and on small imports."""

from __future__ import annotations

from pathlib import Path

import duckdb
import pytest

from etl.cli import main
from etl.welfare import import_welfare
from petakesos import indicators as ind
from petakesos.store import Store

pytestmark = pytest.mark.shared_data

COUNT_INDICATORS_EXCLUDED = ("cakupan_wksbm_pct", "pmks_per_1000", "pelaporan_anak", "pelaporan_pct")
CONTRACT_IDS = {
    "desa_total", "desa_dengan_wksbm", "cakupan_wksbm_pct", "desa_tanpa_wksbm", "wksbm_jumlah", "wksbm_terbentuk",
    "wksbm_berjalan", "wksbm_eksis", "wksbm_kecamatan", "pmks_total", "pmks_per_1000", "pelaporan_anak",
    "pelaporan_pct", "pmks:ODHA", "pmks:LUT", "psks:TKSK",
}


@pytest.fixture(scope="module")
def demo_db(shared_data: Path, tmp_path_factory: pytest.TempPathFactory) -> Path:
    db = tmp_path_factory.mktemp("demo") / "demo.duckdb"
    assert main(["demo", "--scope", "samples", "--db", str(db)]) == 0
    return db


@pytest.fixture(scope="module")
def store(demo_db: Path) -> Store:
    s = Store(demo_db)
    yield s
    s.close()


def q(db: Path, sql: str, params: list | None = None) -> list[tuple]:
    with duckdb.connect(str(db), read_only=True) as con:
        return con.execute(sql, params or []).fetchall()


def test_parent_equals_sum_of_children_at_every_level(demo_db: Path) -> None:
    # Every count indicator of every parent (Indonesia, provinsi, kab/kota, kecamatan) against its children; for the
    # WKSBM counts a kecamatan also holds its own kecamatan-level WKSBM (wksbm_kecamatan / stage of those).
    mismatches = q(
        demo_db,
        f"""
        WITH kids AS (
            SELECT left(kode, CASE length(kode) WHEN 2 THEN 0 WHEN 5 THEN 2 WHEN 8 THEN 5 ELSE 8 END) AS induk,
                   tahun, indikator, sum(nilai) AS s, count(*) AS n
            FROM indikator WHERE tingkat <> 'indonesia' GROUP BY 1, 2, 3),
        own AS (  -- kecamatan-level WKSBM belong to the kecamatan itself
            SELECT kode, tahun, count(*) AS jumlah, count(*) FILTER (WHERE tahap = 'terbentuk') AS terbentuk,
                   count(*) FILTER (WHERE tahap = 'berjalan') AS berjalan,
                   count(*) FILTER (WHERE tahap = 'eksis') AS eksis
            FROM wksbm WHERE tingkat = 'kecamatan' GROUP BY 1, 2)
        SELECT p.kode, p.tahun, p.indikator, p.nilai, k.s FROM indikator p
        JOIN kids k ON k.induk = p.kode AND k.tahun = p.tahun AND k.indikator = p.indikator
        LEFT JOIN own o ON o.kode = p.kode AND o.tahun = p.tahun
        WHERE p.indikator NOT IN {COUNT_INDICATORS_EXCLUDED}
          AND abs(p.nilai - k.s - CASE p.indikator
                WHEN 'wksbm_jumlah' THEN coalesce(o.jumlah, 0) WHEN 'psks:WKSBM' THEN coalesce(o.jumlah, 0)
                WHEN 'wksbm_kecamatan' THEN coalesce(o.jumlah, 0) WHEN 'wksbm_terbentuk' THEN coalesce(o.terbentuk, 0)
                WHEN 'wksbm_berjalan' THEN coalesce(o.berjalan, 0) WHEN 'wksbm_eksis' THEN coalesce(o.eksis, 0)
                ELSE 0 END) > 1e-9
        LIMIT 5""",
    )
    assert mismatches == []
    checked = q(demo_db, "SELECT count(DISTINCT tingkat), count(DISTINCT indikator) FROM indikator")[0]
    assert checked[0] == 5 and checked[1] > 40


def test_coverage_uses_all_desa_of_the_code_list(demo_db: Path) -> None:
    total = q(demo_db, "SELECT count(*) FROM kode_wilayah WHERE tingkat = 'desa_kelurahan'")[0][0]
    assert total == 83762
    values = dict(q(demo_db, "SELECT indikator, nilai FROM indikator WHERE kode = '' AND tahun = 2024"))
    assert values["desa_total"] == total
    assert values["cakupan_wksbm_pct"] == pytest.approx(100 * values["desa_dengan_wksbm"] / total)
    assert values["desa_tanpa_wksbm"] == total - values["desa_dengan_wksbm"]
    # a province without any loaded region still has its desa counted (and no WKSBM)
    aceh = dict(q(demo_db, "SELECT indikator, nilai FROM indikator WHERE kode = '11' AND tahun = 2024"))
    assert aceh["desa_total"] > 6000 and aceh["desa_dengan_wksbm"] == 0 and aceh["pelaporan_anak"] == 0


def test_population_ratio_and_completeness(demo_db: Path) -> None:
    v = dict(q(demo_db, "SELECT indikator, nilai FROM indikator WHERE kode = '33.71' AND tahun = 2024"))
    pop = q(demo_db, "SELECT total FROM penduduk WHERE kode = '33.71'")[0][0]
    assert v["pmks_per_1000"] == pytest.approx(1000 * v["pmks_total"] / pop)
    assert v["pelaporan_anak"] == 3 and v["pelaporan_pct"] == 100
    jateng = dict(q(demo_db, "SELECT indikator, nilai FROM indikator WHERE kode = '33' AND tahun = 2024"))
    assert jateng["pelaporan_anak"] == 1 and jateng["pelaporan_pct"] == pytest.approx(100 / 35)
    # no population for kecamatan and desa: no ratio there
    assert q(demo_db, "SELECT count(*) FROM indikator WHERE indikator = 'pmks_per_1000' AND length(kode) > 5") == [(0,)]
    # PMKS total = sum of the categories
    cats = q(demo_db, "SELECT sum(nilai) FROM indikator WHERE kode = '33.71' AND tahun = 2024 AND indikator LIKE 'pmks:%'")
    assert cats[0][0] == v["pmks_total"]


def test_library_api(store: Store) -> None:
    assert ind.available_years(store) == list(range(2019, 2026))
    children = ind.indicator_values(store, "33.71", 2024, "desa_dengan_wksbm")
    assert list(children.columns) == ["kode", "nilai"] and len(children) == 3
    assert children["nilai"].sum() == 5
    provinces = ind.indicator_values(store, "", 2024, "pmks_total")
    assert len(provinces) == 38 and provinces["nilai"].notna().sum() == 3  # no data elsewhere: NaN
    values = ind.region_values(store, "75.01", 2019)
    assert values["desa_total"] == 205 and values["desa_dengan_wksbm"] == 51
    defs = ind.definitions(store)
    assert set(defs["indikator"]) >= CONTRACT_IDS
    assert list(defs.columns) == ["indikator", "nama", "kelompok", "satuan", "definisi", "urutan", "sensitif",
                                  "desimal", "agregasi", "arah"]
    assert dict(zip(defs["indikator"], defs["arah"], strict=True))["pmks_total"] == "naik-buruk"
    sens = dict(zip(defs["indikator"], defs["sensitif"], strict=True))
    assert sens["pmks:ODHA"] and sens["pmks:ODGJ"] and sens["pmks:KTR"] and not sens["pmks:LUT"]
    assert defs["urutan"].is_monotonic_increasing
    series = ind.series(store, "34", "wksbm_jumlah")
    assert series["tahun"].tolist() == list(range(2019, 2026)) and series["nilai"].is_monotonic_increasing
    assert ind.is_demo(store)
    gap = ind.desa_tanpa_wksbm(store, "33.71", 2024)
    assert list(gap.columns) == ["kode", "nama", "kecamatan"] and len(gap) == 12
    assert set(gap["kecamatan"]) <= {"Magelang Selatan", "Magelang Tengah", "Magelang Utara"}
    assert "DATA CONTOH" in set(ind.sources(store, 2024)["sumber"])


def test_api_on_a_store_without_welfare_data(sample_store: Path) -> None:
    s = Store(sample_store)
    try:
        assert ind.available_years(s) == [] and not ind.is_demo(s)
        assert ind.indicator_values(s, "33.71", 2024, "pmks_total")["nilai"].isna().all()
    finally:
        s.close()


def test_detail_wins_and_mixed_report_levels(shared_data: Path, tmp_path: Path) -> None:
    db = tmp_path / "s.duckdb"
    kab = tmp_path / "kab.csv"
    kab.write_text("kode,tahun,ODHA\n34.01,2024,10\n34.02,2024,20\n33.71,2024,99\n")
    desa = tmp_path / "desa.csv"
    desa.write_text("kode,tahun,ODHA\n33.71.01.1003,2024,2\n33.71.01.1007,2024,3\n")
    assert import_welfare([kab], db_path=db, source_label="Kab").written
    assert import_welfare([desa], db_path=db, source_label="Desa").written
    v = dict(q(db, "SELECT kode, nilai FROM indikator WHERE indikator = 'pmks:ODHA' AND tahun = 2024 "
                   "AND kode IN ('', '33', '34', '33.71', '34.01')"))
    assert v["34.01"] == 10 and v["34"] == 30
    assert v["33.71"] == 5  # desa detail wins over the kab/kota figure of another source
    assert v["33"] == 5 and v[""] == 35
    srcs = q(db, "SELECT sumber, contoh FROM indikator WHERE kode = '' AND indikator = 'pmks:ODHA'")
    assert srcs == [("Desa; Kab", False)]

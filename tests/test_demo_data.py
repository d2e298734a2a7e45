"""The demo welfare dataset: deterministic, calibrated on the published figures, labelled DATA CONTOH."""

from __future__ import annotations

from pathlib import Path

import duckdb
import pandas as pd
import pytest

from etl.demo_data import YEARS, generate, load_demo_data
from petakesos import reference
from petakesos.welfare import DEMO_SOURCE
from petakesos.welfare.categories import read_categories

pytestmark = pytest.mark.shared_data


@pytest.fixture(scope="module")
def demo_db(sample_store: Path, tmp_path_factory: pytest.TempPathFactory) -> Path:
    db = tmp_path_factory.mktemp("demo_data") / "d.duckdb"
    db.write_bytes(sample_store.read_bytes())  # the shared sample store stays untouched
    load_demo_data(db)
    return db


def q(db: Path, sql: str, params: list | None = None) -> list[tuple]:
    with duckdb.connect(str(db), read_only=True) as con:
        return con.execute(sql, params or []).fetchall()


def _inputs(shared_data: Path) -> tuple:
    codes = reference.read_code_list(shared_data)
    desa = codes[(codes["tingkat"] == "desa_kelurahan") & codes["kode"].str.startswith(("33.71.", "75."))]
    desa = pd.DataFrame({"kode": desa["kode"], "nama": desa["nama"], "kecamatan": desa["kode_induk"],
                         "kab": desa["kode"].str.slice(0, 5)})
    kec = codes[codes["tingkat"] == "kecamatan"]
    pop = reference.read_population(shared_data)
    return desa, dict(zip(kec["kode"], kec["nama"], strict=True)), dict(zip(pop["kode"], pop["total"], strict=True))


def test_generation_is_deterministic(shared_data: Path) -> None:
    desa, kec, pop = _inputs(shared_data)
    cats = read_categories(shared_data)
    a_counts, a_w = generate(desa, kec, pop, cats)
    b_counts, b_w = generate(desa, kec, pop, cats)
    pd.testing.assert_frame_equal(a_counts, b_counts)
    pd.testing.assert_frame_equal(a_w, b_w)
    c_counts, _ = generate(desa, kec, pop, cats, seed=1)
    assert not a_counts["nilai"].equals(c_counts["nilai"])


def test_calibrated_on_published_figures(demo_db: Path) -> None:
    def value(kode: str, tahun: int, indikator: str) -> float:
        return q(demo_db, "SELECT nilai FROM indikator WHERE kode = ? AND tahun = ? AND indikator = ?",
                 [kode, tahun, indikator])[0][0]

    # Kabupaten Gorontalo: WKSBM in about 25% of its 205 desa/kelurahan in 2019
    assert value("75.01", 2019, "desa_total") == 205
    assert value("75.01", 2019, "cakupan_wksbm_pct") == pytest.approx(25, abs=1)
    # Kota Magelang: 5 WKSBM in 5 of its 17 kelurahan in 2024
    assert value("33.71", 2024, "wksbm_jumlah") == 5 and value("33.71", 2024, "desa_dengan_wksbm") == 5
    assert value("33.71", 2024, "desa_total") == 17
    # DI Yogyakarta: 193 WKSBM by 2019
    assert value("34", 2019, "wksbm_jumlah") == 193


def test_plausible_content_and_label(demo_db: Path) -> None:
    assert q(demo_db, "SELECT DISTINCT sumber FROM jumlah_kategori") == [(DEMO_SOURCE,)]
    assert q(demo_db, "SELECT min(tahun), max(tahun) FROM wksbm") == [(min(YEARS), max(YEARS))]
    assert q(demo_db, "SELECT bool_and(contoh) FROM indikator WHERE indikator LIKE 'pmks%'") == [(True,)]
    assert q(demo_db, "SELECT bool_or(contoh) FROM indikator WHERE indikator = 'desa_total'") == [(False,)]
    names = q(demo_db, "SELECT nama, jumlah_anggota, tahap, tahun_bentuk, tahun FROM wksbm WHERE kode = '33.71.01.1010'")
    assert names and all(n.startswith("WKSBM ") and m >= 3 and t in {"terbentuk", "berjalan", "eksis"} and b <= y
                         for n, m, t, b, y in names)
    # the stages move forward over the years
    stages = dict(q(demo_db, "SELECT tahun, avg(CASE tahap WHEN 'terbentuk' THEN 0 WHEN 'berjalan' THEN 1 ELSE 2 END) "
                             "FROM wksbm GROUP BY tahun"))
    assert stages[2025] > stages[2019]
    # magnitudes: PMKS per 1,000 inhabitants of a kab/kota stays plausible (tens, not thousands)
    ratios = [r[0] for r in q(demo_db, "SELECT nilai FROM indikator WHERE indikator = 'pmks_per_1000' AND "
                                       "tingkat = 'kabupaten_kota'")]
    assert ratios and min(ratios) > 10 and max(ratios) < 400
    # kecamatan-level TKSK and kab/kota-level LKS exist as PSKS counts
    assert q(demo_db, "SELECT count(*) > 0 FROM psks WHERE kategori = 'TKSK' AND length(kode) = 8") == [(True,)]


def test_reloading_replaces_only_the_demo(demo_db: Path, tmp_path: Path) -> None:
    before = q(demo_db, "SELECT count(*), sum(nilai) FROM jumlah_kategori")
    load_demo_data(demo_db)
    assert q(demo_db, "SELECT count(*), sum(nilai) FROM jumlah_kategori") == before
    assert q(demo_db, "SELECT count(*) FROM impor_batch WHERE sumber = ?", [DEMO_SOURCE]) == [(1,)]

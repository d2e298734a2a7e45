"""Boundary ETL on tiny fixtures built in code: formats, column detection, code spellings, bad units, atomicity."""

from __future__ import annotations

import zipfile
from pathlib import Path

import duckdb
import geopandas as gpd
import pytest
import shapely
from shapely.geometry import Polygon

from etl.boundaries import load_boundaries
from etl.cli import main as cli_main
from etl.report import FatalInput
from petakesos.settings import get_settings
from petakesos.store import Store
from tests.fixtures import DESA, desa_frame, write_data_dir


@pytest.fixture()
def env(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    monkeypatch.setenv("PETAKESOS_DATA_DIR", str(write_data_dir(tmp_path / "ref")))
    monkeypatch.setenv("PETAKESOS_DB", str(tmp_path / "store.duckdb"))
    return tmp_path


def _store() -> Store:
    return Store(get_settings().db_path)


@pytest.mark.parametrize("fmt", ["geojson", "gpkg", "parquet", "shp", "zip"])
def test_reads_every_format(env: Path, fmt: str):
    frame = desa_frame()
    path = env / f"desa.{fmt}"
    if fmt == "geojson":
        frame.to_file(path, driver="GeoJSON")
    elif fmt == "gpkg":
        frame.to_file(path, driver="GPKG")
    elif fmt == "parquet":
        frame.to_parquet(path)
    else:
        shp_dir = env / "shp"
        shp_dir.mkdir()
        frame.to_file(shp_dir / "desa.shp")
        path = shp_dir / "desa.shp"
        if fmt == "zip":
            path = env / "desa.zip"
            with zipfile.ZipFile(path, "w") as zf:
                for part in shp_dir.iterdir():
                    zf.write(part, part.name)
    result = load_boundaries([path])
    assert result.written["desa_kelurahan"] == len(DESA)
    store = _store()
    assert set(store.children("99.01.01")["kode"]) == {"99.01.01.2001", "99.01.01.2002"}


def test_reprojects_to_wgs84(env: Path):
    path = env / "utm.gpkg"
    desa_frame().to_crs(32749).to_file(path, driver="GPKG")
    result = load_boundaries([path])
    assert any("reprojected" in n for n in result.report.notes)
    bbox = _store().region("99.01.01.2001").bbox
    assert bbox == pytest.approx((110.0, -7.0, 110.01, -6.99), abs=1e-6)


def test_projected_without_crs_stops_with_clear_message(env: Path):
    path = env / "nocrs.geojson"
    frame = desa_frame().to_crs(32749)
    frame = frame.set_crs(None, allow_override=True)
    frame.to_file(path, driver="GeoJSON")
    # GeoJSON always implies WGS84 to GDAL, so write the projected numbers into a file without a CRS instead:
    shp_dir = env / "noprj"
    shp_dir.mkdir()
    frame.to_file(shp_dir / "desa.shp")
    (shp_dir / "desa.prj").unlink(missing_ok=True)
    with pytest.raises(FatalInput) as info:
        load_boundaries([shp_dir / "desa.shp"])
    assert info.value.problem.code == "crs_tidak_ada"
    assert "desa.shp" in str(info.value) and ".prj" in str(info.value)


def test_big_schema_and_float_codes(env: Path):
    frame = desa_frame()
    big = gpd.GeoDataFrame(
        {
            "KDPPUM": ["99"] * len(frame),
            "WADMPR": ["Provinsi Uji"] * len(frame),
            "KDEPUM": [k.replace(".", "") for k in frame["kode"]],
            "WADMKD": frame["nama"],
        },
        geometry=frame.geometry,
        crs=4326,
    )
    path = env / "big.gpkg"
    big.to_file(path, driver="GPKG")
    result = load_boundaries([path])
    assert any("KDEPUM" in n for n in result.report.notes)  # says which mapping it chose
    assert result.written["desa_kelurahan"] == len(DESA)

    floats = gpd.GeoDataFrame({"kode": [99.0], "nama": ["Provinsi Uji"]}, geometry=[frame.union_all()], crs=4326)
    path2 = env / "prov.gpkg"
    floats.to_file(path2, driver="GPKG")
    load_boundaries([path2])
    assert _store().region("99").bbox is not None


def test_explicit_columns_and_unknown_columns(env: Path):
    frame = desa_frame().rename(columns={"kode": "ID_DESA", "nama": "NAMA_DESA"})
    path = env / "custom.geojson"
    frame.to_file(path, driver="GeoJSON")
    with pytest.raises(FatalInput) as info:
        load_boundaries([path])
    assert info.value.problem.code == "kolom_kode_tidak_dikenali"
    assert "--code-column" in str(info.value) and "ID_DESA" in str(info.value)
    result = load_boundaries([path], code_column="ID_DESA", name_column="NAMA_DESA")
    assert result.written["desa_kelurahan"] == len(DESA)


def test_messy_units_are_skipped_with_report_lines(env: Path):
    frame = desa_frame()
    bowtie = Polygon([(110.04, -7.0), (110.05, -6.99), (110.05, -7.0), (110.04, -6.99)])
    extra = gpd.GeoDataFrame(
        {
            "kode": ["71.05/71.10", "99.01.01.2099", "99.01.01.2001", "99.02.01.2003", "99.01.01.2002"],
            "nama": ["Sengketa", "Tidak Dikenal", "Desa Satu (duplikat)", "Desa Kosong", "Desa Dua"],
        },
        geometry=[frame.geometry[0], frame.geometry[1], frame.geometry[0], Polygon(), None],
        crs=4326,
    )
    messy = gpd.GeoDataFrame(
        {"kode": list(frame["kode"]) + list(extra["kode"]), "nama": list(frame["nama"]) + list(extra["nama"])},
        geometry=list(frame.geometry) + list(extra.geometry),
        crs=4326,
    )
    messy.loc[0, "geometry"] = bowtie  # invalid ring: repaired, not skipped
    path = env / "messy.geojson"
    messy.to_file(path, driver="GeoJSON")

    result = load_boundaries([path])
    codes = {(p.code, p.kode) for p in result.report.problems}
    assert ("kode_tidak_valid", "71.05/71.10") in codes
    assert ("kode_tidak_dikenal", "99.01.01.2099") in codes
    assert ("kode_duplikat", "99.01.01.2001") in codes
    assert ("geometri_kosong", "99.02.01.2003") in codes
    assert ("geometri_diperbaiki", "99.01.01.2001") in codes
    rows = {p.code: p.row for p in result.report.problems}
    assert rows["kode_tidak_valid"] == 7  # the row as the user counts features
    assert result.written["desa_kelurahan"] == len(DESA)
    stored = _store().df("SELECT geom_full FROM batas WHERE kode = '99.01.01.2001'")
    assert shapely.is_valid(shapely.from_wkb(bytes(stored.iloc[0, 0])))
    # every unit of the code list is in the public view, also the one without a polygon
    wilayah = _store().df("SELECT * FROM wilayah WHERE kode = '99.02.01.2003'")
    assert len(wilayah) == 1 and not wilayah.iloc[0]["ada_poligon"]

    # --strict stops instead, leaving the store as it was
    before = Path(get_settings().db_path).read_bytes()
    messy.loc[1, "nama"] = "changed so the fingerprint differs"
    messy.to_file(path, driver="GeoJSON")
    strict = load_boundaries([path], strict=True)
    assert strict.stopped
    assert Path(get_settings().db_path).read_bytes() == before


def test_mixed_levels_loaded_per_level_and_upper_derived(env: Path):
    frame = desa_frame()
    prov = gpd.GeoDataFrame({"kode": ["99"], "nama": ["Provinsi Uji"]}, geometry=[frame.union_all()], crs=4326)
    mixed = gpd.GeoDataFrame(
        {"kode": list(frame["kode"]) + ["99"], "nama": list(frame["nama"]) + ["Provinsi Uji"]},
        geometry=list(frame.geometry) + list(prov.geometry),
        crs=4326,
    )
    path = env / "mixed.geojson"
    mixed.to_file(path, driver="GeoJSON")
    result = load_boundaries([path])
    assert any("mixes levels" in n for n in result.report.notes)
    assert result.written == {
        "desa_kelurahan": 6,
        "provinsi": 1,
        "kecamatan (turunan)": 3,
        "kabupaten_kota (turunan)": 2,
    } or result.written == {
        "provinsi": 1,
        "desa_kelurahan": 6,
        "kecamatan (turunan)": 3,
        "kabupaten_kota (turunan)": 2,
    }
    store = _store()
    src = store.df("SELECT kode, turunan FROM batas WHERE tingkat <> 'desa_kelurahan' ORDER BY kode")
    assert dict(zip(src["kode"], src["turunan"], strict=True))["99"] == False  # noqa: E712 - from the file
    kec = shapely.from_wkb(bytes(store.df("SELECT geom_full FROM batas WHERE kode = '99.01.01'").iloc[0, 0]))
    assert kec.symmetric_difference(frame.geometry[0].union(frame.geometry[1])).area < 1e-12
    assert store.completeness("99.02.01") == {
        "anak_di_daftar": 3, "anak_berpoligon": 2, "desa_di_daftar": 3, "desa_berpoligon": 2,
    }
    assert store.completeness("99")["desa_di_daftar"] == 7


def test_same_input_twice_changes_nothing(env: Path):
    path = env / "desa.geojson"
    desa_frame().to_file(path, driver="GeoJSON")
    load_boundaries([path])
    db = get_settings().db_path
    before = db.read_bytes()
    again = load_boundaries([path])
    assert again.unchanged
    assert db.read_bytes() == before


def test_failed_load_leaves_old_store_readable(env: Path, monkeypatch: pytest.MonkeyPatch):
    path = env / "desa.geojson"
    desa_frame().to_file(path, driver="GeoJSON")
    load_boundaries([path])
    db = get_settings().db_path
    reader = Store(db)
    assert len(reader.children("99.01")) == 2

    from etl.boundaries import load as load_stage

    def explode(*args, **kwargs):
        raise RuntimeError("disk full in the middle of the load")

    monkeypatch.setattr(load_stage, "derive_upper_levels", explode)
    desa_frame(step=5).to_file(path, driver="GeoJSON")  # different input, so the load really runs
    with pytest.raises(RuntimeError):
        load_boundaries([path])
    assert len(reader.children("99.01")) == 2  # the running reader still works
    assert len(Store(db).children("99.01")) == 2  # and a new one sees the old, complete store
    assert not [p for p in db.parent.iterdir() if p.name.endswith(".tmp")]
    with duckdb.connect(str(db), read_only=True) as con:
        assert con.execute("SELECT count(*) FROM batas WHERE tingkat = 'desa_kelurahan'").fetchone()[0] == 6


def test_cli_reports_missing_file_without_traceback(env: Path, capsys: pytest.CaptureFixture):
    code = cli_main(["boundaries", str(env / "nope.geojson")])
    err = capsys.readouterr().err
    assert code == 2
    assert "nope.geojson" in err and "not found" in err and "Traceback" not in err


def test_cli_rejects_unsupported_format(env: Path, capsys: pytest.CaptureFixture):
    bad = env / "table.csv"
    bad.write_text("kode,nama\n33,Jawa Tengah\n")
    assert cli_main(["boundaries", str(bad)]) == 2
    err = capsys.readouterr().err
    assert "table.csv" in err and "GeoJSON" in err


def test_demo_without_reference_data_says_what_to_get(tmp_path: Path, capsys: pytest.CaptureFixture):
    code = cli_main(["demo", "--source", str(tmp_path / "nowhere"), "--db", str(tmp_path / "s.duckdb")])
    err = capsys.readouterr().err
    assert code == 2
    assert "desa_kelurahan.parquet" in err and "PETAKESOS_DATA_DIR" in err and "cahyadsn/wilayah_boundaries" in err
    assert not (tmp_path / "s.duckdb").exists()

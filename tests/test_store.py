"""The region query API on a tiny store built in code."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from etl.boundaries import load_boundaries
from petakesos.settings import SCHEMA_VERSION
from petakesos.store import Store, StoreMissing
from tests.fixtures import desa_frame, write_data_dir


@pytest.fixture()
def store(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Store:
    monkeypatch.setenv("PETAKESOS_DATA_DIR", str(write_data_dir(tmp_path / "ref")))
    db = tmp_path / "store.duckdb"
    path = tmp_path / "desa.geojson"
    desa_frame().to_file(path, driver="GeoJSON")
    load_boundaries([path], db_path=db)
    return Store(db)


def test_children_of_every_level(store: Store):
    assert list(store.children("")["kode"]) == ["99"]
    assert list(store.children("99")["kode"]) == ["99.01", "99.02"]
    kec = store.children("99.02.01")
    assert list(kec["kode"]) == ["99.02.01.2001", "99.02.01.2002", "99.02.01.2003"]
    # the unit without a polygon is listed, with no geometry
    assert kec.set_index("kode")["geojson_display"].isna().to_dict()["99.02.01.2003"]
    geom = json.loads(kec.iloc[0]["geojson_display"])
    assert geom["type"] == "Polygon"


def test_ancestors_give_the_breadcrumb(store: Store):
    crumbs = store.ancestors("99.01.02.1002")
    assert [c.nama for c in crumbs] == ["Indonesia", "Provinsi Uji", "Kabupaten Uji", "Kecamatan B", "Kelurahan Empat"]
    assert [c.kode for c in crumbs][:2] == ["", "99"]


def test_bbox_and_region(store: Store):
    region = store.region("99.01")
    assert region.nama == "Kabupaten Uji" and region.tingkat == "kabupaten_kota"
    assert region.bbox == pytest.approx((110.0, -7.0, 110.04, -6.99), abs=1e-9)
    assert store.region("98") is None
    assert store.region("").nama == "Indonesia"


@pytest.mark.parametrize(
    ("text", "first"),
    [("kecamatan b", "99.01.02"), ("99.01.02", "99.01.02"), ("990102", "99.01.02"), ("empat", "99.01.02.1002"),
     ("UJI", "99")],
)
def test_search_by_name_or_code(store: Store, text: str, first: str):
    found = store.search(text)
    assert found.iloc[0]["kode"] == first


def test_search_binds_parameters(store: Store):
    assert store.search("'; DROP TABLE batas; --").empty
    assert len(store.children("99")) == 2


def test_missing_store_says_how_to_build_it(tmp_path: Path):
    with pytest.raises(StoreMissing) as info:
        Store(tmp_path / "none.duckdb").children("")
    assert "python -m etl demo" in str(info.value)


def test_reader_sees_a_swapped_in_store(store: Store, tmp_path: Path):
    assert len(store.children("99.01.01")) == 2
    frame = desa_frame(step=3)
    frame = frame[frame["kode"] != "99.01.01.2002"]
    path = tmp_path / "desa2.geojson"
    frame.to_file(path, driver="GeoJSON")
    load_boundaries([path], db_path=store.db_path)
    # the store object notices the new file and reads it
    assert store.meta("schema_version") == str(SCHEMA_VERSION)
    assert len(store.load_history()) == 2


def test_display_geometry_of_a_clean_coverage_has_no_gaps_or_overlaps(store: Store):
    import shapely

    kids = store.df("SELECT geojson_display, n_vertices, n_vertices_display FROM batas WHERE tingkat = 'desa_kelurahan'")
    display = shapely.from_geojson(kids["geojson_display"].to_numpy())
    union = shapely.union_all(display)
    assert float(shapely.area(display).sum() - union.area) < 1e-12  # no overlap
    assert shapely.get_num_interior_rings(shapely.get_parts(union)).sum() == 0  # no gap
    assert (kids["n_vertices_display"] < kids["n_vertices"]).all()  # and it was simplified


def test_outline_follows_the_children_display_detail(store: Store):
    import shapely

    outline = shapely.from_geojson(store.outline("99.01.01"))
    kids = shapely.from_geojson(store.children("99.01.01")["geojson_display"].dropna().to_numpy())
    # the outline is the children's union at their own detail: no child sticks out of it, no gap along its edge
    assert shapely.union_all(kids).symmetric_difference(outline).area < 1e-9
    assert store.outline("99.01.01.2001") == store.df(
        "SELECT geojson_display FROM batas WHERE kode = '99.01.01.2001'").iloc[0, 0]  # a desa: its own shape


@pytest.mark.parametrize(
    ("text", "first"),
    [("Magelang", ["Kabupaten Magelang", "Kota Magelang"]), ("Kab. Magelang", ["Kabupaten Magelang"]),
     ("kab magelang", ["Kabupaten Magelang"]), ("Kota Yogyakarta", ["Kota Yogyakarta"]),
     ("Yogyakarta", ["Kota Yogyakarta"]), ("Prov. Gorontalo", ["Gorontalo"])],
)
def test_search_ranks_provinces_and_kab_kota_before_desa_of_the_same_name(sample_store: Path, text: str,
                                                                         first: list[str]) -> None:
    found = Store(sample_store).search(text, limit=25)
    assert list(found["nama"].head(len(first))) == first
    upper = found["tingkat"].isin(["provinsi", "kabupaten_kota"])
    bare = first[0].split()[-1].lower()
    exact = found[found["nama"].str.lower().str.replace(r"^(kabupaten|kota|provinsi) ", "", regex=True) == bare]
    # every province or kab/kota with that name comes before any desa/kelurahan of that name
    levels = list(exact["tingkat"].map({"provinsi": 0, "kabupaten_kota": 1, "kecamatan": 2, "desa_kelurahan": 3}))
    assert levels == sorted(levels) and upper.iloc[0]


def test_load_history_for_readers_names_files_not_server_folders(store: Store, tmp_path: Path) -> None:
    from petakesos import views

    history = views.load_history(store)
    assert list(history.columns) == ["Waktu pemuatan", "Jenis data", "Berkas", "Ringkasan"]
    assert list(history["Jenis data"]) == ["Batas wilayah"] and list(history["Berkas"]) == ["desa.geojson"]
    assert "_" not in history["Ringkasan"].iloc[0]  # "kabupaten/kota", not the id kabupaten_kota
    assert str(tmp_path) in store.load_history()["sources"].iloc[0]  # the store keeps the full path
    assert list(views.load_history(store, "en").columns) == ["Loaded at", "Kind of data", "Files", "Summary"]


def test_the_store_writer_does_not_compress_geometry_text_with_zstd(tmp_path: Path) -> None:
    """Reading a few rows of a ZSTD string segment decompresses all of it: on the national store the Indonesia
    view's 38 provinces (sharing a row group with the kab/kota) took 200 ms instead of 5. GeoJSON-like text that
    DuckDB would store as ZSTD is written otherwise by every writer of the store."""
    import duckdb
    import numpy as np

    from petakesos.store import atomic_update

    rng = np.random.default_rng(1)
    texts = [json.dumps({"type": "Polygon", "coordinates": [
        (110 + np.cumsum(rng.normal(0, 0.01, (800, 2)), axis=0)).round(4).tolist()]}) for _ in range(552)]
    db = tmp_path / "store.duckdb"
    with atomic_update(db) as con:
        con.execute("CREATE TABLE shapes (geojson VARCHAR)")
        con.executemany("INSERT INTO shapes VALUES (?)", [[t] for t in texts])
    with duckdb.connect(str(db), read_only=True) as con:
        used = {r[0] for r in con.execute(
            "SELECT DISTINCT compression FROM pragma_storage_info('shapes') WHERE segment_type = 'VARCHAR'").fetchall()}
    assert used and "ZSTD" not in used

"""Small, data-free tests of the welfare building blocks: numbers, categories, region names, header detection."""

from __future__ import annotations

import numpy as np
import pandas as pd

from etl.welfare.normalise import parse_numbers
from etl.welfare.read import locate_header
from etl.welfare.validate import row_ranges
from petakesos.welfare.categories import CategoryMatcher, add_local, parse_local_option
from petakesos.welfare.regions import RegionIndex, name_key, same_name


def _cats() -> pd.DataFrame:
    rows = [
        ("PMKS", 1, "ABT", "Anak Balita Terlantar", "anak", False, False),
        ("PMKS", 2, "AT", "Anak Terlantar", "anak", False, False),
        ("PMKS", 9, "PD", "Penyandang Disabilitas", "disabilitas", False, False),
        ("PMKS", 16, "ODHA", "Orang dengan HIV/AIDS", None, True, False),
        ("PSKS", 11, "TKSK", "Tenaga Kesejahteraan Sosial Kecamatan", None, False, False),
    ]
    return pd.DataFrame(rows, columns=["jenis", "no", "singkatan", "nama_resmi", "kelompok", "sensitif", "lokal"])


def test_parse_numbers_indonesian_conventions() -> None:
    values, bad = parse_numbers(pd.Series(["1.234", "1.234.567", "12", "12,0", "-", "", "abc", "3,5", "7.0", " 8 "]))
    assert values[:4].tolist() == [1234, 1234567, 12, 12]
    assert np.isnan(values[4]) and np.isnan(values[5]) and np.isnan(values[6])
    assert values[7] == 3.5 and values[8] == 7 and values[9] == 8
    assert bad.tolist() == [False, False, False, False, False, False, True, False, False, False]


def test_category_matching_exact_alias_close_and_unknown() -> None:
    m = CategoryMatcher(_cats())
    assert m.match("ODHA").how == "singkatan"
    assert (m.match("anak terlantar").singkatan, m.match("anak terlantar").how) == ("AT", "nama")
    assert m.match("Penyandang Cacat").singkatan == "PD"  # older official term
    assert m.match("jumlah_penyandang_disabilitas").singkatan == "PD"
    close = m.match("Anak Terlantarr")
    assert close.singkatan == "AT" and close.how == "mirip"
    assert m.match("Keterangan") is None
    assert m.match("tksk").jenis == "PSKS"


def test_local_categories_extend_the_list() -> None:
    jenis, singkatan, nama, sensitif = parse_local_option("odgj=Orang dengan Gangguan Jiwa;sensitif")
    cats = add_local(_cats(), jenis, singkatan, nama, None, sensitif)
    row = cats[cats["singkatan"] == "ODGJ"].iloc[0]
    assert bool(row["lokal"]) and bool(row["sensitif"]) and row["no"] == 17
    assert CategoryMatcher(cats).match("Orang dengan Gangguan Jiwa").singkatan == "ODGJ"


def test_region_names_normalised_within_parent() -> None:
    codes = pd.DataFrame(
        {
            "kode": ["32", "32.01", "32.71", "32.01.01", "32.01.01.2001", "32.71.01", "32.71.01.1001"],
            "nama": ["Jawa Barat", "Kabupaten Bogor", "Kota Bogor", "Cibinong", "Pakansari", "Bogor Selatan",
                     "Pakansari"],
        }
    )
    codes["tingkat"] = ["provinsi", "kabupaten_kota", "kabupaten_kota", "kecamatan", "desa_kelurahan", "kecamatan",
                        "desa_kelurahan"]
    index = RegionIndex(codes)
    assert index.by_name("KAB. BOGOR", "32", "kabupaten_kota").kode == "32.01"
    assert index.by_name("KOTA  BOGOR", "32", "kabupaten_kota").kode == "32.71"
    assert index.by_name("BOGOR", "32", "kabupaten_kota").how == "ambigu"
    assert index.by_name("pakansari", None, "desa_kelurahan").how == "ambigu"
    assert index.by_name("Desa Pakansari", "32.01.01", "desa_kelurahan").kode == "32.01.01.2001"
    assert name_key("D.I. Yogyakarta", "provinsi") == name_key("DI YOGYAKARTA", "provinsi")
    assert same_name("KABUPATEN BOGOR", "Kab. Bogor", "kabupaten_kota")
    assert not same_name("Kota Bogor", "Kabupaten Bogor", "kabupaten_kota")


def test_header_detection_skips_titles_and_joins_two_rows() -> None:
    raw = pd.DataFrame(
        [
            ["DATA PMKS KOTA X TAHUN 2024", "", "", ""],
            ["", "", "", ""],
            ["Kode", "Nama", "PMKS Anak", ""],
            ["", "", "Anak Terlantar", "Anak Jalanan"],
            ["33.71.01.1003", "A", "1", "2"],
        ]
    )
    assert locate_header(raw) == (2, 2)
    assert locate_header(raw.drop(index=3).reset_index(drop=True)) == (2, 1)


def test_row_ranges_are_short() -> None:
    assert row_ranges({3, 4, 5, 9, 11, 12}) == "3–5, 9, 11–12"

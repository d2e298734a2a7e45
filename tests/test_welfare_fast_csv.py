"""The fast CSV path (etl/welfare/fast_csv.py) gives exactly what the general path gives: the same stored values,
the same problems (code, severity, file, row, column, region, message) and the same counts, on files built here;
and files it does not handle go through the general path. Needs the reference code list (../shared/data)."""

from __future__ import annotations

from pathlib import Path

import duckdb
import pytest

from etl.welfare import fast_csv, import_welfare

pytestmark = pytest.mark.shared_data

K1, K2, K3 = "33.71.01.1003", "33.71.01.1007", "33.71.01.1008"
N1, N2, N3 = "Rejowinangun Selatan", "Magersari", "Jurangombo Utara"


def _import(path: Path, db: Path, *, fast: bool, monkeypatch: pytest.MonkeyPatch, **options):
    used: list[bool] = []
    real_plan, real_run = fast_csv.plan, fast_csv._run

    def spy(*args, **kwargs):
        tables = real_run(*args, **kwargs)
        used.append(tables is not None)
        return tables

    monkeypatch.setattr(fast_csv, "_run", spy)
    if not fast:
        monkeypatch.setattr(fast_csv, "plan", lambda *args, **kwargs: None)
    result = import_welfare([path], db_path=db, source_label="Uji", **options)
    monkeypatch.setattr(fast_csv, "plan", real_plan)
    monkeypatch.setattr(fast_csv, "_run", real_run)
    return result, any(used)


def _problems(result) -> list[tuple]:
    return sorted((p.severity, p.code, p.file, p.sheet, p.row or 0, p.column or "", p.kode or "", p.message)
                  for p in result.report.problems)


def _stored(db: Path) -> list[tuple]:
    if not db.exists():
        return []
    with duckdb.connect(str(db), read_only=True) as con:
        return con.execute("SELECT kode, tahun, jenis, kategori, nilai, sumber FROM jumlah_kategori ORDER BY ALL").fetchall()


def _both(tmp_path: Path, monkeypatch, text: str, *, expect_fast: bool = True, **options):
    path = tmp_path / "data.csv"
    path.write_text(text, encoding="utf-8")
    general, used_general = _import(path, tmp_path / "general.duckdb", fast=False, monkeypatch=monkeypatch, **options)
    fast, used_fast = _import(path, tmp_path / "fast.duckdb", fast=True, monkeypatch=monkeypatch, **options)
    assert not used_general and used_fast == expect_fast
    assert _problems(fast) == _problems(general)
    assert (fast.status, fast.ignored_rows, fast.stopped, fast.written) == (
        general.status, general.ignored_rows, general.stopped, general.written)
    assert _stored(tmp_path / "fast.duckdb") == _stored(tmp_path / "general.duckdb")
    assert [n for n in fast.report.notes if "baris data" in n] == [n for n in general.report.notes if "baris data" in n]
    return fast


CLEAN = (f"kode,nama,tahun,ODHA,Lanjut Usia Terlantar,FM,PSM\n"
         f'{K1},{N1},2024,1.234,5,7,0\n{K2},"{N2}",2024,2,3,-,\n{K3},{N3},2023,,,,\n{K3},{N3},2024,300.000.000,1,2,3\n')


def test_clean_file_same_values_and_report(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    fast = _both(tmp_path, monkeypatch, CLEAN)
    assert fast.written and fast.status["baru"] == 10 and not fast.report.problems


# Every row-level problem the general path knows, mixed with clean rows; ';' as separator.
PROBLEMS = "\n".join([
    "kode;nama;tahun;ODHA;FM;Anak Terlantar",
    f"{K1};{N1};2024;1;2;3",
    f"{K2};{N2};2024;12,5;2;3",                   # fraction
    f"{K3};{N3};2024;-4;2;3",                     # negative
    f"{K1};{N1};2023;300.000.001;2;3",            # above MAX_COUNT
    f"{K2};{N2};2023;99999999999999999999999;1;1",  # would overflow
    f"{K3};{N3};1999;1;2;3",                      # impossible year
    f"{K3};{N3};;1;2;3",                          # empty year
    f"{K1};{N1};dua ribu;1;2;3",                  # year not a number
    "33.71.01.9999;Entah;2022;1;2;3",            # unknown code
    f";{N2};2022;1;2;3",                          # name only (found by name)
    f"{K1};Magersari;2022;5;6;7",                 # name of another kelurahan
    f"{K2};{N2};2022;abc;2;3",                    # not a number
    f"{K3};{N3};2022; 7 ;2;3",                    # padded number
    f"{K3};{N3};2021;1;2;3",
    f"{K3};{N3};2021;1;2;3",                      # identical duplicate → ignored
    f"{K2};{N2};2021;1;2;3",
    f"{K2};{N2};2021;9;2;3",                      # different duplicate → both rows errors
    f"{K1};{N1};2021;;;",                         # empty row: skipped
    f"{K1};{N1};2020;1.5;2;3",                    # '1.5' is not a thousands number
]) + "\n"


@pytest.mark.parametrize("skip_invalid", [False, True])
def test_problem_rows_same_problems_as_general_path(tmp_path: Path, monkeypatch: pytest.MonkeyPatch,
                                                    skip_invalid: bool) -> None:
    fast = _both(tmp_path, monkeypatch, PROBLEMS, skip_invalid=skip_invalid)
    codes = {p.code for p in fast.report.problems}
    assert {"bukan_angka", "negatif", "nilai_terlalu_besar", "tahun_mustahil", "tahun_kosong",
            "wilayah_tidak_dikenal", "cocok_nama", "nama_tidak_cocok", "baris_ganda"} <= codes
    assert fast.written == skip_invalid


def test_duplicates_between_clean_and_problem_rows(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    text = f"kode,tahun,ODHA,FM\n{K1},2024,1,2\n{K2},2024,x,1\n{K1},2024,1,2\n{K1},2024,5,2\n{K3},2024,1,1\n"
    _both(tmp_path, monkeypatch, text, skip_invalid=True)


# Office exports name every level above the desa too. The general path checks the name of the codes' own level
# (or a generic `nama`) and ignores the others; so does the fast path (a wrong kecamatan name changes nothing, a
# wrong desa name is the general path's `nama_tidak_cocok`).
LEVEL_NAMES = [
    ("kode", "nama_provinsi", "kabupaten_kota", "nama_kecamatan", "nama_desa", "tahun", "ODHA", "FM"),
    (K1, "Jawa Tengah", "Kota Magelang", "Magelang Selatan", N1, "2024", "1", "2"),
    (K2, "Jawa Tengah", "Kota Magelang", "Magelang Utara", N2, "2024", "3", "4"),   # kecamatan of another code
    (K3, "Jawa Tengah", "Kota Magelang", "Magelang Selatan", N2, "2024", "5", "6"),  # desa name of another code
    (K3, "Jawa Tengah", "Kota Magelang", "Magelang Selatan", "", "2023", "7", "8"),
]


def _level_names(desa_column: str | None) -> str:
    """LEVEL_NAMES as CSV, its desa name column named `desa_column`, or left out (None)."""
    header = [desa_column if i == 4 else c for i, c in enumerate(LEVEL_NAMES[0])]
    keep = [i for i in range(len(header)) if header[i] is not None]
    return "".join(",".join(row[i] for i in keep) + "\n" for row in [header, *LEVEL_NAMES[1:]])


@pytest.mark.parametrize("desa_column", ["nama_desa", "nama", None])  # level name, generic name, none
@pytest.mark.parametrize("skip_invalid", [False, True])
def test_name_columns_of_every_level(tmp_path: Path, monkeypatch: pytest.MonkeyPatch, desa_column: str | None,
                                     skip_invalid: bool) -> None:
    fast = _both(tmp_path, monkeypatch, _level_names(desa_column), skip_invalid=skip_invalid)
    mismatches = [(p.row, p.kode) for p in fast.report.problems if p.code == "nama_tidak_cocok"]
    assert mismatches == ([(4, K3)] if desa_column else [])
    assert fast.written and fast.status["baru"] == 8


def test_columns_the_general_path_ignores(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    # A row number and a remark column, as office exports have; a row with only its number and remark filled.
    text = (f"No,kode,nama,tahun,ODHA,FM,Keterangan\n1,{K1},{N1},2024,1,2,\n2,{K2},{N2},2024,3,x,cek lagi\n"
            f"3,{K3},{N3},2024,,,belum ada data\n4,{K3},{N3},2023,5,6,\n")
    for skip_invalid in (False, True):
        (tmp_path / str(skip_invalid)).mkdir()
        fast = _both(tmp_path / str(skip_invalid), monkeypatch, text, skip_invalid=skip_invalid)
        assert [(p.code, p.row) for p in fast.report.problems] == [("bukan_angka", 3)]


@pytest.mark.parametrize("text", [
    "kode,tahun,ODHA\n3371,2024,5\n",                                  # undotted (BPS or Kemendagri?)
    f"kode,tahun,ODHA\n{K1},2024,5\n33.71.01,2024,6\n",                # mixed levels
    f"Data PMKS 2024\nkode,ODHA\n{K1},5\n",                            # title row, no year column
    f"kode,tahun,ODHA,Jumlah\n{K1},2024,5,5\n",                        # total column
    f"kode,tahun,ODHA,Odha lama\n{K1},2024,5,1\n",                     # unknown column
    f'kode,tahun,ODHA\n{K1},2024,"5\n"\n',                              # quoted line break
    f"kode,tahun,ODHA\n{K1},2024,5\n\n{K2},2024,6\n",                  # blank line
    f"kode,tahun,kategori,jumlah\n{K1},2024,ODHA,5\n",                 # long layout
    f"kode,desa,nama_desa,tahun,ODHA\n{K1},{N1},{N1},2024,5\n",          # two name columns of one level
])
def test_files_it_does_not_handle_go_the_general_way(tmp_path: Path, monkeypatch: pytest.MonkeyPatch,
                                                     text: str) -> None:
    _both(tmp_path, monkeypatch, text, expect_fast=False)


def test_options_it_does_not_handle_go_the_general_way(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    _both(tmp_path, monkeypatch, CLEAN, expect_fast=False, scope="33.71")
    _both(tmp_path, monkeypatch, CLEAN, expect_fast=False, code_scheme="kemendagri")


def test_many_chunks_same_result(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    # Small chunks: the general path reads 40 chunks, the fast path stages everything at once; the same
    # duplicates across chunks and the same problems are found.
    from etl.welfare import read

    monkeypatch.setattr(read, "CHUNK_CELLS", 20)
    lines = ["kode,tahun,ODHA,FM,PSM"]
    for year in range(2005, 2025):
        for k in (K1, K2, K3):
            lines.append(f"{k},{year},{year % 7},{'-' if year % 5 else '1.000'},{year % 3}")
    lines += [f"{K1},2010,3,-,0", f"{K2},2011,9,9,9", f"{K3},2012,-1,2,2"]
    _both(tmp_path, monkeypatch, "\n".join(lines) + "\n", skip_invalid=True)


@pytest.mark.parametrize("chunk_cells", [None, 40])
def test_quality_warnings_same_as_general_path(tmp_path: Path, monkeypatch: pytest.MonkeyPatch, shared_data: Path,
                                               chunk_cells: int | None) -> None:
    # issue 9's data-quality warnings (a jump from last year, an outlier among siblings) are computed over the
    # whole file: the fast path gives the same, also when the general path reads many chunks.
    from etl.welfare import read
    from petakesos import reference

    if chunk_cells:
        monkeypatch.setattr(read, "CHUNK_CELLS", chunk_cells)
    codes = reference.read_code_list(shared_data)
    kel = codes[codes["kode"].str.startswith("33.71.01.") & (codes["tingkat"] == "desa_kelurahan")]["kode"].tolist()
    lines = ["kode,tahun,ODHA,FM"]
    lines += [f"{k},2023,5,{7 + i}" for i, k in enumerate(kel)]
    lines += [f"{k},2024,{5000 if i == 0 else 5},{7 + i}" for i, k in enumerate(kel)]
    lines += [f"{kel[1]},2022,x,1"]
    fast = _both(tmp_path, monkeypatch, "\n".join(lines) + "\n", skip_invalid=True)
    assert {"lonjakan", "bukan_angka", "pencilan"} <= {p.code for p in fast.report.problems}

"""Hostile and unlucky welfare files, built here: each is refused with a message naming the file and the fix, or
read correctly (UTF-16, hidden first sheet), and never stores a wrong value (overflow, error cells)."""

from __future__ import annotations

from pathlib import Path

import duckdb
import pytest
from openpyxl import Workbook

from etl.report import FatalInput, Report
from etl.welfare import import_welfare, read

pytestmark = pytest.mark.shared_data
K1, K2, K3 = "33.71.01.1003", "33.71.01.1007", "33.71.01.1008"


@pytest.fixture()
def db(shared_data: Path, tmp_path: Path) -> Path:
    return tmp_path / "store.duckdb"


def values(db: Path) -> dict[tuple[str, str], int]:
    with duckdb.connect(str(db), read_only=True) as con:
        return {(k, c): v for k, c, v in con.execute("SELECT kode, kategori, jumlah FROM pmks").fetchall()}


def codes(report: Report) -> set[str]:
    return {p.code for p in report.problems}


@pytest.mark.parametrize(("data", "code", "words"), [
    (b"", "file_kosong", "file kosong"),
    (b"  \r\n\t\n \n", "file_kosong", "file kosong"),
    (b"\x89PNG\r\n\x1a\n" + bytes(64), "bukan_csv", "gambar PNG"),
    (b"PK\x03\x04" + bytes(64), "bukan_csv", "ZIP"),
    (bytes(range(256)) * 4, "bukan_csv", "biner"),
    (f'kode,tahun,ODHA\n{K1},2024,5\n"{K2},2024,3\n{K3},2024,1\n'.encode(), "kutip_tidak_tertutup", "baris 3"),
    (b"kode;tahun;ODHA\n", "tidak_ada_baris_data", "tanpa baris data"),
    (b"kode;tahun;ODHA\n;;\n;;\n\n", "tidak_ada_baris_data", "tanpa baris data"),
])
def test_unusable_files_are_refused_with_the_reason(db: Path, tmp_path: Path, data: bytes, code: str,
                                                     words: str) -> None:
    path = tmp_path / "data.csv"
    path.write_bytes(data)
    with pytest.raises(FatalInput) as info:
        import_welfare([path], db_path=db)
    assert info.value.problem.code == code and words in str(info.value) and "data.csv" in str(info.value)
    assert str(tmp_path) not in str(info.value)  # no server path (the web upload shows this message)
    assert not db.exists()


@pytest.mark.parametrize("encoding", ["utf-16", "utf-16-le", "utf-16-be"])
def test_utf16_files_are_read(db: Path, tmp_path: Path, encoding: str) -> None:
    path = tmp_path / "u16.csv"
    path.write_bytes(f"kode\ttahun\tODHA\n{K1}\t2024\t7\n{K2}\t2024\t1.234\n".encode(encoding))
    result = import_welfare([path], db_path=db, source_label="Uji")
    assert result.written and not result.report.errors, result.report.format()
    assert values(db) == {(K1, "ODHA"): 7, (K2, "ODHA"): 1234}


def test_too_large_file_is_refused(db: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("PETAKESOS_MAX_IMPORT_MB", "1")
    path = tmp_path / "besar.csv"
    path.write_text("kode,tahun,ODHA\n" + f"{K1},2024,1\n" * 80_000)
    with pytest.raises(FatalInput) as info:
        import_welfare([path], db_path=db)
    assert info.value.problem.code == "file_terlalu_besar" and "PETAKESOS_MAX_IMPORT_MB" in str(info.value)


@pytest.mark.parametrize("big", ["99999999999999999999999", "300.000.001", "1e30"])
def test_counts_above_the_population_are_row_errors_never_wrapped(db: Path, tmp_path: Path, big: str) -> None:
    path = tmp_path / "besar.csv"
    path.write_text(f"kode;tahun;ODHA;LUT\n{K1};2024;{big};4\n{K2};2024;300.000.000;2\n")
    result = import_welfare([path], db_path=db)
    assert result.stopped and "nilai_terlalu_besar" in codes(result.report)
    bad = next(p for p in result.report.problems if p.code == "nilai_terlalu_besar")
    assert bad.row == 2 and bad.column == "ODHA"
    # The number as a reader can check it: 300.000.001, or a huge one by its digits, not Python's 1e+23.
    assert {"99999999999999999999999": "dengan 23 digit", "300.000.001": "300.000.001",
            "1e30": "dengan 31 digit"}[big] in bad.message
    result = import_welfare([path], db_path=db, skip_invalid=True)
    assert values(db) == {(K2, "ODHA"): 300_000_000, (K2, "LUT"): 2}  # row 2 held back whole; nothing negative


def test_registry_numbers_above_the_range_are_row_errors(db: Path, tmp_path: Path) -> None:
    path = tmp_path / "reg.csv"
    path.write_text(f"kode,tahun,nama_wksbm,tahap,jumlah_anggota\n{K1},2024,WKSBM A,eksis,99999999999999\n"
                    f"{K2},2024,WKSBM B,eksis,12\n")
    result = import_welfare([path], db_path=db, skip_invalid=True)
    assert "nilai_terlalu_besar" in codes(result.report) and result.written
    with duckdb.connect(str(db), read_only=True) as con:
        assert con.execute("SELECT kode, jumlah_anggota FROM wksbm").fetchall() == [(K2, 12)]


def test_hidden_first_sheet_is_skipped_and_said(db: Path, tmp_path: Path) -> None:
    wb = Workbook()
    hidden = wb.active
    hidden.title = "lama"
    hidden.append(["kode", "tahun", "ODHA"])
    hidden.append([K1, 2024, 999])
    hidden.sheet_state = "hidden"
    shown = wb.create_sheet("data")
    shown.append(["kode", "tahun", "ODHA"])
    shown.append([K1, 2024, 5])
    wb.save(tmp_path / "h.xlsx")
    result = import_welfare([tmp_path / "h.xlsx"], db_path=db)
    assert result.written and values(db) == {(K1, "ODHA"): 5}
    warn = next(p for p in result.report.problems if p.code == "sheet_tersembunyi")
    assert "'lama'" in warn.message and "'data'" in warn.message


def test_error_cells_and_formulas_without_value_are_reported_by_address(db: Path, tmp_path: Path) -> None:
    wb = Workbook()
    ws = wb.active
    ws.append(["kode", "tahun", "ODHA", "LUT"])
    ws.append([K1, 2024, "=1/0", 3])  # a formula saved without a computed value
    ws.append([K2, 2024, "#DIV/0!", 4])  # an error value
    ws.append([K3, 2024, 2, 5])
    wb.save(tmp_path / "rumus.xlsx")
    result = import_welfare([tmp_path / "rumus.xlsx"], db_path=db)
    found = {p.column: p for p in result.report.problems if p.code == "sel_tanpa_nilai"}
    assert set(found) == {"C2", "C3"} and found["C2"].row == 2 and "#DIV/0!" in found["C3"].message
    assert result.stopped and not db.exists()
    result = import_welfare([tmp_path / "rumus.xlsx"], db_path=db, skip_invalid=True)
    assert values(db) == {(K3, "ODHA"): 2, (K3, "LUT"): 5}  # rows 2 and 3 held back whole


def test_chunks_agree_with_a_whole_read_and_find_duplicates_across_chunks(db: Path, tmp_path: Path,
                                                                          monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(read, "CHUNK_CELLS", 3)  # one row per chunk
    path = tmp_path / "ganda.csv"
    path.write_text(f"kode,tahun,ODHA\n{K1},2024,5\n{K2},2024,6\n{K1},2024,5\n{K3},2024,1\n{K3},2024,2\n")
    chunks = list(read.iter_tables(path, Report()))
    assert [list(c.frame.index) for c in chunks] == [[2], [3], [4], [5], [6]]
    result = import_welfare([path], db_path=db, skip_invalid=True)
    dup = sorted((p.severity, p.row) for p in result.report.problems if p.code == "baris_ganda")
    assert dup == [("error", 6), ("warning", 4)]
    assert values(db) == {(K1, "ODHA"): 5, (K2, "ODHA"): 6}


def test_template_headers_check_the_name_against_the_code(db: Path, tmp_path: Path) -> None:
    path = tmp_path / "templat.csv"
    path.write_text(f"kode,nama_desa_kelurahan,kecamatan,kabupaten_kota,tahun,ODHA\n"
                    f"{K1},Magersari,Magelang Selatan,Kota Magelang,2024,3\n"
                    f"{K2},Magersari,Magelang Selatan,Kota Magelang,2024,4\n")
    result = import_welfare([path], db_path=db, dry_run=True)
    wrong = [p for p in result.report.problems if p.code == "nama_tidak_cocok"]
    assert [(p.row, p.kode, p.column) for p in wrong] == [(2, K1, "nama_desa_kelurahan")]


def test_four_digit_codes_valid_in_both_schemes_say_which_was_assumed(db: Path, tmp_path: Path,
                                                                       capsys: pytest.CaptureFixture) -> None:
    from etl.cli import main

    path = tmp_path / "kab.csv"
    path.write_text("kode,tahun,ODHA\n7501,2024,3\n")
    result = import_welfare([path], db_path=db, dry_run=True)
    warn = next(p for p in result.report.problems if p.code == "kode_ambigu")
    assert "Kabupaten Gorontalo" in warn.message and "Boalemo" in warn.message and "--skema-kode" in warn.message
    assert "dibaca sebagai kode Kemendagri" in warn.message
    assert main(["welfare", str(path), "--db", str(db), "--skema-kode", "bps", "--source-label", "Uji"]) == 0
    with duckdb.connect(str(db), read_only=True) as con:
        kode = con.execute("SELECT kode FROM jumlah_kategori").fetchall()[0][0]
        nama = con.execute("SELECT nama FROM kode_wilayah WHERE kode = ?", [kode]).fetchall()[0][0]
    assert "Boalemo" in nama

"""The welfare importer on real (tiny) files built here, into a real DuckDB file: every layout, every problem
code, idempotence, atomicity, dry run, history. Needs the reference code list (../shared/data)."""

from __future__ import annotations

import hashlib
from pathlib import Path

import duckdb
import pytest
from openpyxl import Workbook

from etl.cli import main
from etl.welfare import import_welfare

pytestmark = pytest.mark.shared_data

# Real Kota Magelang kelurahan (Kemendagri 2025).
K1, K2, K3 = "33.71.01.1003", "33.71.01.1007", "33.71.01.1008"


@pytest.fixture()
def db(shared_data: Path, tmp_path: Path) -> Path:
    return tmp_path / "store.duckdb"


def write(path: Path, text: str, encoding: str = "utf-8") -> Path:
    path.write_bytes(text.encode(encoding))
    return path


def codes(report) -> set[str]:
    return {p.code for p in report.problems}


def rows(db: Path, sql: str, params: list | None = None) -> list[tuple]:
    with duckdb.connect(str(db), read_only=True) as con:
        return con.execute(sql, params or []).fetchall()


def digest(path: Path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()


WIDE = f"kode;nama;tahun;ODHA;Lanjut Usia Terlantar;FM\n{K1};Rejowinangun Selatan;2024;1.234;5;7\n{K2};Magersari;2024;2;3;-\n"


def test_wide_csv_semicolon_indonesian_numbers(db: Path, tmp_path: Path) -> None:
    result = import_welfare([write(tmp_path / "wide.csv", WIDE)], db_path=db, source_label="Uji")
    assert result.written and not result.report.errors
    assert result.status["baru"] == 5
    got = dict(((k, c), v) for k, c, v in rows(db, "SELECT kode, kategori, jumlah FROM pmks WHERE tahun = 2024"))
    assert got[(K1, "ODHA")] == 1234 and got[(K1, "LUT")] == 5 and (K2, "FM") not in got
    batch = rows(db, "SELECT file, sha256, sumber, tata_letak FROM impor_batch")[0]
    assert batch[0] == "wide.csv" and batch[2] == "Uji" and batch[3] == "lebar" and len(batch[1]) == 64


def test_windows_1252_file_and_name_match(db: Path, tmp_path: Path) -> None:
    # No code column: regions by name within their parents; the file is real Windows-1252 (é is one byte).
    text = (
        "kabupaten_kota,kecamatan,desa,tahun,Anak Terlantar,keterangan\n"
        "Kota Magelang,Magelang Selatan,Rejowinangun Selatan,2023,4,catatan: réview\n"
        "KOTA MAGELANG,MAGELANG SELATAN,MAGERSARI,2023,6,\n"
    )
    path = write(tmp_path / "cp1252.csv", text, "cp1252")
    assert b"r\xe9view" in path.read_bytes()
    result = import_welfare([path], db_path=db, source_label="Uji")
    assert result.written, result.report.format()
    assert "cocok_nama" in codes(result.report)
    assert sorted(rows(db, "SELECT kode, jumlah FROM pmks")) == [(K1, 4), (K2, 6)]


def test_bom_csv_long_layout(db: Path, tmp_path: Path) -> None:
    text = f"kode,tahun,kategori,jumlah\n{K1},2024,ODHA,3\n{K1},2024,Anak Terlantarr,2\n{K2},2024,TKSK,1\n"
    path = write(tmp_path / "bom.csv", "\ufeff" + text, "utf-8")
    assert path.read_bytes().startswith(b"\xef\xbb\xbf")
    result = import_welfare([path], db_path=db, source_label="Uji")
    assert result.written, result.report.format()
    assert "kategori_mirip" in codes(result.report)  # close spelling: imported but reported
    assert sorted(rows(db, "SELECT kode, kategori, jumlah FROM pmks")) == [(K1, "AT", 2), (K1, "ODHA", 3)]
    assert rows(db, "SELECT kode, kategori, jumlah FROM psks") == [(K2, "TKSK", 1)]


def test_open_data_portal_layout_with_bps_float_codes(db: Path, tmp_path: Path) -> None:
    # BPS 1101 is Kabupaten Simeulue, Kemendagri 11.09 (Kemendagri 11.01 is Aceh Selatan).
    text = (
        "kode_provinsi,nama_provinsi,kode_kabupaten_kota,nama_kabupaten_kota,jumlah_penyandang_disabilitas,satuan,tahun\n"
        "11.0,ACEH,1101.0,KABUPATEN SIMEULUE,120,JIWA,2023\n"
        "11.0,ACEH,1102.0,KABUPATEN ACEH SINGKIL,80,JIWA,2023\n"
    )
    result = import_welfare([write(tmp_path / "portal.csv", text)], db_path=db, source_label="Portal Data")
    assert result.written, result.report.format()
    assert result.files[0]["layout"] == "portal"
    assert "kode_bps" in codes(result.report)
    assert sorted(rows(db, "SELECT kode, kategori, jumlah FROM pmks")) == [("11.09", "PD", 120), ("11.10", "PD", 80)]


def test_xlsx_title_rows_and_merged_two_row_header(db: Path, tmp_path: Path) -> None:
    wb = Workbook()
    ws = wb.active
    ws.title = "Rekap"
    ws.append(["REKAP PMKS KOTA MAGELANG TAHUN 2024"])
    ws.append([])
    ws.append(["Kode", "Kelurahan", "PMKS Anak", None, "Lansia"])
    ws.append([None, None, "Anak Terlantar", "Anak Jalanan", "LUT"])
    ws.merge_cells("A3:A4")
    ws.merge_cells("B3:B4")
    ws.merge_cells("C3:D3")
    ws.append([K1, "Rejowinangun Selatan", 3, 1, 12.0])
    ws.append([K2, "Magersari", 2, 0, 1234])
    other = wb.create_sheet("Lain")
    other.append(["kode", "tahun", "ODHA"])
    other.append([K3, 2022, 9])
    path = tmp_path / "rekap.xlsx"
    wb.save(path)
    result = import_welfare([path], db_path=db, source_label="Uji")
    assert result.written, result.report.format()
    assert "tahun_dari_judul" in codes(result.report)
    got = sorted(rows(db, "SELECT kode, tahun, kategori, jumlah FROM pmks"))
    assert got == [(K1, 2024, "AJ", 1), (K1, 2024, "AT", 3), (K1, 2024, "LUT", 12), (K2, 2024, "AJ", 0),
                   (K2, 2024, "AT", 2), (K2, 2024, "LUT", 1234)]
    # a chosen sheet
    result = import_welfare([path], db_path=db, source_label="Uji2", sheet="Lain")
    assert result.written and rows(db, "SELECT jumlah FROM pmks WHERE kode = ?", [K3]) == [(9,)]


def test_wksbm_registry_layout(db: Path, tmp_path: Path) -> None:
    text = (
        "kode,nama_desa,tahun,nama_wksbm,tahun_bentuk,tahap,nomor_sk,ketua,arisan,pkk,majelis_taklim,kegiatan\n"
        f"{K1},Rejowinangun Selatan,2024,WKSBM Sejahtera,2019,Berjalan,460/1/2019,Ibu Sri,2,1,1,santunan\n"
        f"{K2},Magersari,2024,,2024,terbentuk,,,1,,,\n"
        "33.71.01,Magelang Selatan,2024,WKSBM Kecamatan,2020,eksis,,,,,,\n"
    )
    result = import_welfare([write(tmp_path / "reg.csv", text)], db_path=db, source_label="Registri")
    assert result.written, result.report.format()
    got = rows(db, "SELECT kode, tingkat, nama, tahap, jumlah_anggota, kps_arisan FROM wksbm ORDER BY kode")
    assert got == [
        ("33.71.01", "kecamatan", "WKSBM Kecamatan", "eksis", None, None),
        (K1, "desa_kelurahan", "WKSBM Sejahtera", "berjalan", 4, 2),
        (K2, "desa_kelurahan", "WKSBM Magersari", "terbentuk", 1, 1),
    ]
    ind = dict(rows(db, "SELECT indikator, nilai FROM indikator WHERE kode = '33.71.01' AND tahun = 2024"))
    assert ind["desa_dengan_wksbm"] == 2 and ind["wksbm_jumlah"] == 3 and ind["wksbm_kecamatan"] == 1
    assert ind["desa_total"] == 6 and ind["desa_tanpa_wksbm"] == 4


@pytest.mark.parametrize(
    ("text", "code"),
    [
        (f"kode,tahun,ODHA\n{K1},2024,3\n33.71.01.9999,2024,1\n", "wilayah_tidak_dikenal"),
        ("kabupaten_kota,tahun,ODHA\nKota Magelang,2024,3\nBOGOR,2024,1\n", "nama_ambigu"),
        (f"kode,tahun,ODHA\n{K1},2024,tiga\n", "bukan_angka"),
        (f"kode,tahun,ODHA\n{K1},2024,2.5\n", "bukan_angka"),
        (f"kode,tahun,ODHA\n{K1},2024,-3\n", "negatif"),
        (f"kode,tahun,ODHA\n{K1},2024,3\n{K1},2024,4\n", "baris_ganda"),
        (f"kode,tahun,kategori,jumlah\n{K1},2024,Penyakit Aneh,3\n", "kategori_tidak_dikenal"),
        (f"kode,tahun,ODHA,Kolom Misterius\n{K1},2024,3,5\n", "kategori_tidak_dikenal"),
        (f"kode,ODHA\n{K1},3\n", "tahun_kosong"),
        (f"kode,tahun,ODHA\n{K1},,3\n", "tahun_kosong"),
        (f"kode,tahun,ODHA\n{K1},1899,3\n", "tahun_mustahil"),
        (f"kode,tahun,ODHA\n{K1},2024,3\n{K2},2024,3\n33.71.01,2024,6\n", "tingkat_campuran"),
        (f"kode,tahun,nama_wksbm,tahun_bentuk,tahap\n{K1},2020,W,2023,eksis\n", "tahun_mustahil"),
    ],
)
def test_every_problem_code_blocks_the_import(db: Path, tmp_path: Path, text: str, code: str) -> None:
    path = write(tmp_path / "bad.csv", text)
    result = import_welfare([path], db_path=db, source_label="Uji")
    problem = next(p for p in result.report.errors if p.code == code)
    assert problem.file == "bad.csv" and (problem.row is not None or problem.column or code == "tahun_kosong")
    assert result.stopped and not db.exists()


def test_report_names_file_row_and_column(db: Path, tmp_path: Path) -> None:
    path = write(tmp_path / "bad.csv", f"kode;tahun;ODHA;LUT\n{K1};2024;3;4\n{K2};2024;x;1\n")
    result = import_welfare([path], db_path=db, source_label="Uji")
    problem = result.report.errors[0]
    assert (problem.code, problem.file, problem.row, problem.column) == ("bukan_angka", "bad.csv", 3, "ODHA")
    assert "perbaiki baris 3" in result.report.format()


def test_idempotent_and_history_kept(db: Path, tmp_path: Path) -> None:
    path = write(tmp_path / "wide.csv", WIDE)
    first = import_welfare([path], db_path=db, source_label="SIKS-NG 2024")
    assert first.status["baru"] == 5
    before = digest(db)
    again = import_welfare([path], db_path=db, source_label="SIKS-NG 2024")
    assert again.status == {"sama": 5} and not again.written
    assert digest(db) == before  # nothing changed, not even the file
    newer = write(tmp_path / "wide2.csv", WIDE.replace("1.234", "1.300"))
    third = import_welfare([newer], db_path=db, source_label="SIKS-NG 2024")
    assert third.status["ubah"] == 1 and third.status["sama"] == 4
    history = rows(db, "SELECT nilai, diganti_batch IS NULL FROM jumlah_kategori WHERE kode = ? AND kategori = 'ODHA' "
                       "ORDER BY batch_id", [K1])
    assert history == [(1234, False), (1300, True)]
    assert rows(db, "SELECT jumlah FROM pmks WHERE kode = ? AND kategori = 'ODHA'", [K1]) == [(1300,)]
    # the same values under another source label are another dataset
    other = import_welfare([path], db_path=db, source_label="Pendataan Dinsos")
    assert other.status["baru"] == 5


def test_atomic_one_bad_row_changes_nothing(db: Path, tmp_path: Path) -> None:
    import_welfare([write(tmp_path / "wide.csv", WIDE)], db_path=db, source_label="Uji")
    before = digest(db)
    bad = write(tmp_path / "bad.csv", f"kode,tahun,ODHA,LUT\n{K1},2024,999,4\n{K2},2024,-1,1\n")
    result = import_welfare([bad], db_path=db, source_label="Uji")
    assert result.stopped and digest(db) == before
    assert rows(db, "SELECT jumlah FROM pmks WHERE kode = ? AND kategori = 'ODHA'", [K1]) == [(1234,)]
    # two files, one bad: neither is imported
    good = write(tmp_path / "good.csv", f"kode,tahun,ODHA\n{K3},2024,5\n")
    assert import_welfare([good, bad], db_path=db, source_label="Uji").stopped
    assert digest(db) == before


def test_skip_invalid_imports_the_valid_rows(db: Path, tmp_path: Path) -> None:
    bad = write(tmp_path / "bad.csv", f"kode,tahun,ODHA,LUT\n{K1},2024,7,4\n{K2},2024,-1,1\n")
    result = import_welfare([bad], db_path=db, source_label="Uji", skip_invalid=True)
    assert result.written and result.ignored_rows == 1
    assert sorted(rows(db, "SELECT kode, kategori, jumlah FROM pmks")) == [(K1, "LUT", 4), (K1, "ODHA", 7)]
    assert "baris diabaikan" in result.report.format()


def test_dry_run_writes_nothing(db: Path, tmp_path: Path) -> None:
    path = write(tmp_path / "wide.csv", WIDE)
    result = import_welfare([path], db_path=db, source_label="Uji", dry_run=True)
    assert result.status["baru"] == 5 and not db.exists()
    import_welfare([path], db_path=db, source_label="Uji")
    before = digest(db)
    changed = write(tmp_path / "wide2.csv", WIDE.replace("1.234", "1"))
    result = import_welfare([changed], db_path=db, source_label="Uji", dry_run=True)
    assert result.status["ubah"] == 1 and digest(db) == before


def test_demo_label_is_reserved(db: Path, tmp_path: Path) -> None:
    from etl.report import FatalInput

    with pytest.raises(FatalInput):
        import_welfare([write(tmp_path / "wide.csv", WIDE)], db_path=db, source_label="DATA CONTOH")


def test_command_line(db: Path, tmp_path: Path, capsys: pytest.CaptureFixture) -> None:
    path = write(tmp_path / "wide.csv", WIDE)
    assert main(["welfare", str(path), "--db", str(db), "--dry-run"]) == 0
    assert not db.exists()
    assert main(["welfare", str(path), "--db", str(db), "--source-label", "SIKS-NG 2024"]) == 0
    out = capsys.readouterr().out
    assert "diimpor (imported) 5" in out
    bad = write(tmp_path / "bad.csv", f"kode,tahun,ODHA\n{K1},2024,x\n")
    report = tmp_path / "r.csv"
    assert main(["welfare", str(bad), "--db", str(db), "--report", str(report)]) == 2
    assert "bukan_angka" in report.read_text()


def test_local_category_option(db: Path, tmp_path: Path) -> None:
    path = write(tmp_path / "l.csv", f"kode,tahun,ODHA,PPKS Lokal\n{K1},2024,1,5\n")
    assert import_welfare([path], db_path=db, source_label="Uji").stopped
    result = import_welfare([path], db_path=db, source_label="Uji", local_categories=["PPKSL=PPKS Lokal;sensitif"])
    assert result.written, result.report.format()
    assert rows(db, "SELECT sensitif, lokal FROM kategori WHERE singkatan = 'PPKSL'") == [(True, True)]
    assert rows(db, "SELECT sensitif FROM indikator_definisi WHERE indikator = 'pmks:PPKSL'") == [(True,)]


def test_csv_title_rows_total_row_and_total_column(db: Path, tmp_path: Path) -> None:
    text = (
        "REKAP PMKS KOTA MAGELANG\n"
        "Tahun 2023\n"
        "\n"
        "no;kecamatan;kelurahan;Anak Terlantar;Fakir Miskin;Jumlah\n"
        "1;Magelang Selatan;Rejowinangun Selatan;1.200;30;1.230\n"
        "2;Magelang Selatan;Magersari;5;7;13\n"
        ";;JUMLAH;1.205;37;1.243\n"
    )
    result = import_welfare([write(tmp_path / "rekap.csv", text, "cp1252")], db_path=db, source_label="Uji")
    assert result.written, result.report.format()
    found = codes(result.report)
    assert {"baris_total", "tahun_dari_judul", "total_tidak_cocok", "cocok_nama"} <= found
    assert sorted(rows(db, "SELECT kode, tahun, kategori, jumlah FROM pmks")) == [
        (K1, 2023, "AT", 1200), (K1, 2023, "FM", 30), (K2, 2023, "AT", 5), (K2, 2023, "FM", 7)]


def test_reimport_retires_exactly_the_changed_values(db: Path, tmp_path: Path) -> None:
    """A second file of the same source with changed, unchanged and new values (a new year, a new region): every
    changed value is retired by the second batch and kept as history, the rest stays as it was; another source's
    values in the same years are never touched. The same for general indicators."""
    head = "kode,tahun,ODHA,LUT\n"
    first = write(tmp_path / "a.csv", head + f"{K1},2023,10,20\n{K2},2023,30,40\n{K1},2024,50,60\n")
    assert +import_welfare([first], db_path=db, source_label="Dinsos").status == {"baru": 6}
    other = write(tmp_path / "o.csv", head + f"{K1},2023,99,98\n")
    assert +import_welfare([other], db_path=db, source_label="BPS").status == {"baru": 2}
    second = write(tmp_path / "b.csv", head + f"{K1},2023,11,20\n{K2},2023,30,41\n{K1},2024,50,60\n"
                                               f"{K3},2024,7,8\n{K1},2025,1,2\n")
    result = import_welfare([second], db_path=db, source_label="Dinsos")
    assert +result.status == {"ubah": 2, "sama": 4, "baru": 4}  # + drops zero counts
    batch_a, batch_b = (r[0] for r in rows(db, "SELECT id FROM impor_batch WHERE sumber = 'Dinsos' ORDER BY id"))
    history = rows(db, "SELECT kode, tahun, kategori, nilai, batch_id, diganti_batch FROM jumlah_kategori "
                       "WHERE sumber = 'Dinsos' ORDER BY ALL")
    assert history == sorted([
        (K1, 2023, "ODHA", 10, batch_a, batch_b), (K1, 2023, "ODHA", 11, batch_b, None),
        (K1, 2023, "LUT", 20, batch_a, None),
        (K2, 2023, "ODHA", 30, batch_a, None),
        (K2, 2023, "LUT", 40, batch_a, batch_b), (K2, 2023, "LUT", 41, batch_b, None),
        (K1, 2024, "ODHA", 50, batch_a, None), (K1, 2024, "LUT", 60, batch_a, None),
        (K3, 2024, "ODHA", 7, batch_b, None), (K3, 2024, "LUT", 8, batch_b, None),
        (K1, 2025, "ODHA", 1, batch_b, None), (K1, 2025, "LUT", 2, batch_b, None),
    ])
    assert rows(db, "SELECT nilai, diganti_batch FROM jumlah_kategori WHERE sumber = 'BPS' ORDER BY nilai") == [
        (98, None), (99, None)]
    # general indicator values follow the same rule
    general = "kode,tahun,penerima_a\n"
    g1 = write(tmp_path / "g1.csv", general + f"{K1},2024,5\n{K2},2024,6\n")
    g2 = write(tmp_path / "g2.csv", general + f"{K1},2024,5\n{K2},2024,9\n{K3},2024,1\n")
    for path in (g1, g2):
        assert main(["welfare", str(path), "--db", str(db), "--indikator", "penerima_a", "--nama", "Penerima A",
                     "--satuan", "orang", "--source-label", "Dinsos"]) == 0
    assert rows(db, "SELECT kode, nilai, diganti_batch IS NULL FROM nilai_umum ORDER BY kode, batch_id") == [
        (K1, 5.0, True), (K2, 6.0, False), (K2, 9.0, True), (K3, 1.0, True)]


def test_older_category_names_are_reported(db: Path, tmp_path: Path) -> None:
    path = write(tmp_path / "old.csv", f"kode,tahun,Penyandang Cacat,Wanita Rawan Sosial Ekonomi\n{K1},2024,4,2\n")
    result = import_welfare([path], db_path=db, source_label="Uji")
    assert result.written and "kategori_alias" in codes(result.report)
    assert sorted(rows(db, "SELECT kategori, jumlah FROM pmks")) == [("PD", 4), ("PRSE", 2)]


def test_registry_update_keeps_history(db: Path, tmp_path: Path) -> None:
    head = "kode,tahun,nama_wksbm,tahun_bentuk,tahap,ketua\n"
    first = write(tmp_path / "r1.csv", head + f"{K1},2024,WKSBM Mawar,2021,berjalan,Ibu Sri\n")
    assert import_welfare([first], db_path=db, source_label="Registri").status["baru"] == 1
    assert import_welfare([first], db_path=db, source_label="Registri").status == {"sama": 1}
    second = write(tmp_path / "r2.csv", head + f"{K1},2024,wksbm  mawar,2021,eksis,Ibu Sri\n")
    assert import_welfare([second], db_path=db, source_label="Registri").status["ubah"] == 1
    assert rows(db, "SELECT tahap, diganti_batch IS NULL FROM wksbm_versi ORDER BY batch_id") == [
        ("berjalan", False), ("eksis", True)]
    assert rows(db, "SELECT nilai FROM indikator WHERE kode = ? AND tahun = 2024 AND indikator = 'wksbm_eksis'",
                [K1]) == [(1.0,)]

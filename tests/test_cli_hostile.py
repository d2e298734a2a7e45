"""Every command of `python -m etl` with hostile arguments: a clear message, exit code 2, never a traceback, and
the store (if any) unchanged. Files are built here."""

from __future__ import annotations

import hashlib
import subprocess
import sys
from pathlib import Path

import pytest
from openpyxl import Workbook

from etl.cli import COMMANDS, build_parser, main
from petakesos.settings import PROJECT_ROOT

pytestmark = pytest.mark.shared_data
K1 = "33.71.01.1003"


def _files(tmp: Path) -> dict[str, Path]:
    """Hostile inputs, each written as a user would get it."""
    files = {
        "empty.csv": b"",
        "spasi.csv": b"   \r\n \t \n\n",
        "gambar.csv": b"\x89PNG\r\n\x1a\n" + bytes(range(256)) * 4,
        "arsip.csv": b"PK\x03\x04" + bytes(500),
        "kutip.csv": f'kode,tahun,ODHA\n"{K1},2024,5\n33.71.01.1007,2024,3\n'.encode(),
        "judul_saja.csv": b"kode;tahun;ODHA\n",
        "biner.csv": bytes(range(256)) * 8,
        "gambar.geojson": b"\x89PNG\r\n\x1a\n" + bytes(100),
        "kosong.geojson": b"",
        "rusak.geojson": b'{"type": "FeatureCollection", "features": [',
        "bukan_store.duckdb": b"SQLite format 3\x00" + bytes(200),
        "isi.csv": f"kode,tahun,ODHA\n{K1},2024,5\n".encode(),
        "rusak.xlsx": b"PK\x03\x04 this is not a workbook",
    }
    out = {}
    for name, data in files.items():
        (tmp / name).write_bytes(data)
        out[name] = tmp / name
    (tmp / "folder.csv").mkdir()
    out["folder.csv"] = tmp / "folder.csv"
    wb = Workbook()
    wb.active.append(["kode", "tahun", "ODHA"])
    wb.save(tmp / "satu_sheet.xlsx")
    out["satu_sheet.xlsx"] = tmp / "satu_sheet.xlsx"
    return out


def hostile_cases(tmp: Path) -> dict[str, list[list[str]]]:
    f = {k: str(v) for k, v in _files(tmp).items()}
    db = str(tmp / "store.duckdb")
    notdb = f["bukan_store.duckdb"]
    return {
        "welfare": [
            [f["empty.csv"], "--db", db], [f["spasi.csv"], "--db", db], [f["gambar.csv"], "--db", db],
            [f["arsip.csv"], "--db", db], [f["kutip.csv"], "--db", db], [f["judul_saja.csv"], "--db", db],
            [f["biner.csv"], "--db", db], [str(tmp / "tidak_ada.csv"), "--db", db], [f["folder.csv"], "--db", db],
            [f["isi.csv"], "--db", notdb], [f["isi.csv"], "--db", db, "--tahun", "abc"],
            [f["isi.csv"], "--db", db, "--wait", "-5"], [f["isi.csv"], "--db", db, "--wait", "lama"],
            [f["isi.csv"], "--db", db, "--kategori-lokal", "tanpa sama dengan"],
            [f["isi.csv"], "--db", db, "--source-label", "data contoh"], [f["rusak.xlsx"], "--db", db],
            [f["satu_sheet.xlsx"], "--db", db, "--sheet", "99"], [f["isi.csv"].replace(".csv", ".pdf"), "--db", db],
            [f["isi.csv"], "--db", db, "--skema-kode", "lain"],
        ],
        "boundaries": [
            [f["gambar.geojson"], "--db", db], [f["kosong.geojson"], "--db", db], [f["rusak.geojson"], "--db", db],
            [str(tmp / "tidak_ada.geojson"), "--db", db], [f["empty.csv"], "--db", db], [f["gambar.csv"], "--db", db],
            [f["gambar.geojson"], "--level", "negara"], [f["gambar.geojson"], "--wait", "x"],
        ],
        "demo": [["--source", str(tmp / "tidak_ada")], ["--scope", "dunia"], ["--scope", "samples", "--db", notdb],
                 ["--wait", "nan"]],
        "template": [
            ["--provinsi", "abc"], ["--provinsi", "33.71"], ["--provinsi", "99"], ["--provinsi", ""],
            ["--provinsi", "33", "--kabupaten", "34.01"], ["--provinsi", "33", "--kabupaten", "xx"],
            ["--provinsi", "33", "--tahun", "²"], ["--provinsi", "33", "--out", f["isi.csv"]],
            ["--provinsi", "33", "--out", str(tmp / "templat.xlsx")],
        ],
        "export-map": [
            ["--indikator", "pmks_total", "--db", notdb], ["--indikator", "pmks_total", "--db", str(tmp / "x.duckdb")],
            ["--indikator", "pmks_total", "--kode", "abc", "--db", db],
            ["--indikator", "pmks_total", "--breaks", "10,abc", "--db", db],
            ["--indikator", "pmks_total", "--dpi", "banyak"], ["--indikator", "pmks_total", "--format", "exe"],
            ["--indikator", "pmks_total", "--out", str(tmp / "peta.png"), "--db", db],
            ["--indikator", "pmks_total", "--out", f["isi.csv"], "--db", db],
        ],
        "user": [
            ["--users", f["gambar.csv"], "list"], ["--users", str(tmp / "akun.db"), "remove", "tidak_ada"],
            ["--users", str(tmp / "akun.db"), "role", "tidak_ada", "--role", "admin"],
            ["--users", str(tmp / "akun.db"), "add", "budi", "--role", "raja"], ["hapus-semua"],
            ["--users", str(tmp / "akun.db"), "role", "tidak_ada", "--role", "operator", "--wilayah", "abc"],
        ],
        "export-table": [
            ["--db", notdb], ["--db", str(tmp / "x.duckdb")], ["--kode", "../../etc", "--db", db],
            ["--format", "exe"], ["--tahun", "²"], ["--out", str(tmp / "tabel.XLSX"), "--db", db],
            ["--out", f["isi.csv"], "--db", db],
        ],
    }


def run(argv: list[str], capsys: pytest.CaptureFixture) -> tuple[int, str]:
    try:
        code = main(argv)
    except SystemExit as exc:  # argparse's usage errors
        code = exc.code
    return code, capsys.readouterr().err


def test_every_command_is_covered(tmp_path: Path) -> None:
    parser = build_parser()
    names = set(next(a for a in parser._actions if a.dest == "command").choices)
    assert len(names) == len(COMMANDS)
    assert set(hostile_cases(tmp_path)) == names


@pytest.mark.parametrize("command", ["welfare", "boundaries", "demo", "template", "export-map", "export-table",
                                     "user"])
def test_hostile_arguments_exit_2_without_traceback(command: str, shared_data: Path, tmp_path: Path,
                                                     capsys: pytest.CaptureFixture) -> None:
    cases = hostile_cases(tmp_path)[command]
    notdb = tmp_path / "bukan_store.duckdb"
    before = hashlib.sha256(notdb.read_bytes()).hexdigest()
    for args in cases:
        code, err = run([command, *args], capsys)
        assert code == 2, (args, code, err)
        assert "Traceback" not in err and err.strip(), (args, err)
    assert hashlib.sha256(notdb.read_bytes()).hexdigest() == before  # a non-store --db is never overwritten
    assert not (tmp_path / "store.duckdb").exists()  # nothing half-written


def test_a_real_process_prints_no_traceback(shared_data: Path, tmp_path: Path) -> None:
    cases = hostile_cases(tmp_path)
    for argv in (["welfare", *cases["welfare"][2]], ["template", *cases["template"][0]],
                 ["export-map", *cases["export-map"][3]]):
        proc = subprocess.run([sys.executable, "-m", "etl", *argv], cwd=PROJECT_ROOT, capture_output=True, text=True,
                              timeout=120)
        assert proc.returncode == 2 and "Traceback" not in proc.stderr and "GAGAL" in proc.stderr, proc.stderr


@pytest.mark.parametrize("argv", [["template", "--provinsi", "33"], ["export-map", "--indikator", "pmks_total"],
                                  ["export-table"]])
def test_out_given_a_file_name_is_refused_not_made_a_folder(argv: list[str], tmp_path: Path,
                                                            capsys: pytest.CaptureFixture) -> None:
    # `--out peta.png` used to become a folder named peta.png holding the real file: say --out is a folder.
    for name in ("peta.png", "Tabel.XLSX", "templat.csv"):
        code, err = run([*argv, "--out", str(tmp_path / name)], capsys)
        assert code == 2 and "--out takes a folder" in err and str(tmp_path / Path(name).stem) in err, err
        assert not (tmp_path / name).exists()
    existing = tmp_path / "catatan.txt"
    existing.write_text("isi", encoding="utf-8")
    code, err = run([*argv, "--out", str(existing)], capsys)
    assert code == 2 and "is a file; --out takes a folder" in err and existing.read_text(encoding="utf-8") == "isi"

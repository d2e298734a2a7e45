"""Rules that need the whole file hold whatever the chunk size: data-quality warnings whose rows lie in two chunks,
WKSBM registry repeats in two chunks; and cells the import must read as empty or refuse whatever their position
(spaces-only cells, binary content after the first 64 KB). Files are built here; both import paths (the fast CSV
path and the general chunked path) give the same. Needs the reference code list (../shared/data)."""

from __future__ import annotations

from pathlib import Path

import duckdb
import pytest

from etl.report import FatalInput
from etl.welfare import fast_csv, import_welfare, read

pytestmark = pytest.mark.shared_data

K1, K2 = "33.71.01.1003", "33.71.01.1007"


def _kelurahan(shared_data: Path, kecamatan: str = "33.71.01.") -> list[str]:
    from petakesos import reference

    codes = reference.read_code_list(shared_data)
    return codes[codes["kode"].str.startswith(kecamatan) & (codes["tingkat"] == "desa_kelurahan")]["kode"].tolist()


def _run(path: Path, db: Path, monkeypatch: pytest.MonkeyPatch, *, fast: bool, **options):
    real = fast_csv.plan
    if not fast:
        monkeypatch.setattr(fast_csv, "plan", lambda *args, **kwargs: None)
    try:
        return import_welfare([path], db_path=db, source_label="Uji", **options)
    finally:
        monkeypatch.setattr(fast_csv, "plan", real)


def _codes(result, code: str) -> list[tuple]:
    return sorted((p.row, p.column, p.kode, p.message) for p in result.report.problems if p.code == code)


def test_jump_and_outlier_straddling_a_chunk_boundary(tmp_path: Path, monkeypatch: pytest.MonkeyPatch,
                                                      shared_data: Path) -> None:
    # One chunk holds exactly the 2023 rows, the next the 2024 rows: the jump of the first kelurahan (5 → 5000)
    # compares rows of two chunks; a per-chunk check could not see it.
    kel = _kelurahan(shared_data)
    lines = ["kode,tahun,ODHA,FM"]
    lines += [f"{k},2023,5,{7 + i}" for i, k in enumerate(kel)]
    lines += [f"{k},2024,{5000 if i == 0 else 5},{7 + i}" for i, k in enumerate(kel)]
    path = tmp_path / "data.csv"
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    monkeypatch.setattr(read, "CHUNK_CELLS", 4 * len(kel))
    chunked = _run(path, tmp_path / "chunked.duckdb", monkeypatch, fast=False)
    fast = _run(path, tmp_path / "fast.duckdb", monkeypatch, fast=True)
    jump = _codes(chunked, "lonjakan")
    assert [(row, col, kode) for row, col, kode, _ in jump] == [(2 + len(kel), "ODHA", kel[0])]
    assert "5.000 setelah 5 tahun 2023" in jump[0][3]
    assert [r[2] for r in _codes(chunked, "pencilan")] == [kel[0]]
    for code in ("lonjakan", "pencilan"):
        assert _codes(fast, code) == _codes(chunked, code)
    assert chunked.written and fast.written


def test_registry_repeat_in_two_chunks_is_reported_as_in_one(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    head = "kode,tahun,nama_wksbm,tahun_bentuk,tahap\n"
    rows = [f"{K1},2024,WKSBM Mawar,2021,berjalan", f"{K2},2024,WKSBM Melati,2020,eksis",
            f"{K1},2024,WKSBM Mawar,2022,eksis"]
    path = tmp_path / "registri.csv"
    path.write_text(head + "\n".join(rows) + "\n", encoding="utf-8")
    one = _run(path, tmp_path / "one.duckdb", monkeypatch, fast=False)
    monkeypatch.setattr(read, "CHUNK_CELLS", 5)  # one row per chunk
    many = _run(path, tmp_path / "many.duckdb", monkeypatch, fast=False)
    assert _codes(one, "baris_ganda") and _codes(many, "baris_ganda") == _codes(one, "baris_ganda")
    assert many.stopped and one.stopped and not many.written


def test_spaces_only_cells_are_empty(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    blank = tmp_path / "kosong.csv"
    blank.write_text("kode,tahun,ODHA,FM\n  ,  ,  ,\n , ,\u00a0, \t\n", encoding="utf-8")
    for fast in (True, False):
        with pytest.raises(FatalInput) as caught:
            _run(blank, tmp_path / f"blank{fast}.duckdb", monkeypatch, fast=fast)
        assert caught.value.problem.code == "tidak_ada_baris_data"
    data = tmp_path / "data.csv"
    data.write_text(f"kode,tahun,ODHA,FM\n{K1},2024,  ,5\n , , , \n{K2},2024,7,\u00a0\n", encoding="utf-8")
    stored = []
    for fast in (True, False):
        db = tmp_path / f"data{fast}.duckdb"
        result = _run(data, db, monkeypatch, fast=fast)
        assert result.written and not result.report.problems, result.report.problems
        with duckdb.connect(str(db), read_only=True) as con:
            stored.append(con.execute("SELECT kode, kategori, nilai FROM jumlah_kategori ORDER BY ALL").fetchall())
    assert stored[0] == stored[1] == [(K1, "FM", 5), (K2, "ODHA", 7)]


def test_binary_content_after_the_first_64_kb(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    lines = ["kode,tahun,ODHA"] + [f"{K1 if i % 2 else K2},{2000 + i % 20},{i % 50}" for i in range(4000)]
    text = ("\n".join(lines) + "\n").encode()
    assert len(text) > 1 << 16
    path = tmp_path / "rusak.csv"
    path.write_bytes(text + b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR" + bytes(range(256)) * 4)
    for fast in (True, False):
        with pytest.raises(FatalInput) as caught:
            _run(path, tmp_path / f"db{fast}.duckdb", monkeypatch, fast=fast)
        assert caught.value.problem.code == "bukan_csv"
        # the PNG starts on line len(lines) + 1; its first NUL byte is two line breaks further down
        assert f"baris {len(lines) + 3}" in str(caught.value)
        assert not (tmp_path / f"db{fast}.duckdb").exists()


def test_repeats_across_chunks_are_reported_in_file_order(tmp_path: Path, monkeypatch: pytest.MonkeyPatch,
                                                          shared_data: Path) -> None:
    # Every kelurahan of a kecamatan repeated once further down, in reverse order: the messages follow the
    # repeated rows on both paths and whatever the chunking (the grouping query alone returns groups in any order).
    kel = _kelurahan(shared_data)
    lines = ["kode,tahun,ODHA"] + [f"{k},2024,{i}" for i, k in enumerate(kel)]
    lines += [f"{k},2024,{i}" for i, k in reversed(list(enumerate(kel)))]
    path = tmp_path / "ulang.csv"
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    expected = list(range(2 + len(kel), 2 + 2 * len(kel)))
    for cells in (read.CHUNK_CELLS, 3):  # the whole file in one chunk; one row per chunk
        monkeypatch.setattr(read, "CHUNK_CELLS", cells)
        for fast in (True, False):
            result = _run(path, tmp_path / f"ulang{fast}{cells}.duckdb", monkeypatch, fast=fast)
            repeats = [p for p in result.report.problems if p.code == "baris_ganda"]
            assert [p.row for p in repeats] == expected, (fast, cells)
            assert len(expected) >= 5 and {p.severity for p in repeats} == {"warning"} and result.written

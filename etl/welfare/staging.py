"""Between validate and load: the checked values of every chunk, kept in a temporary DuckDB file on disk.

A national wide file holds tens of millions of values; kept as pandas objects they need ~75× the file size. The
import therefore reads, normalises and validates a file chunk by chunk (`read.iter_tables`) and appends each
chunk's values here (a few bytes per value on disk, DuckDB's own memory capped). `load` reads them back through
a view, so the values never exist all at once in Python. The folder is the system temp folder (TMPDIR) and is
removed when the import ends, also on an error or Ctrl-C.
"""

from __future__ import annotations

import contextlib
import os
import shutil
import tempfile
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

import duckdb
import numpy as np
import pandas as pd

from etl.report import Report
from petakesos.settings import get_settings
from petakesos.store import open_duckdb, pid_alive, sigterm_unwinds

ALIAS = "pk_staging"
KEY = ["jenis", "kode", "tahun", "kategori"]
# One row per value; the column, category and source it came with are one small integer (`seri`, table `seri`):
# a national file has 45 M values but a few dozen (column, category, source) series, and writing four strings per
# value cost more than the rest of the row.
_CREATE = [
    """CREATE TABLE IF NOT EXISTS nilai (file_no INTEGER, row INTEGER, seri INTEGER, kode VARCHAR, tahun INTEGER,
        nilai BIGINT)""",
    """CREATE TABLE IF NOT EXISTS seri (seri INTEGER, kolom VARCHAR, jenis VARCHAR, kategori VARCHAR, sumber VARCHAR)""",
]
# The staged values with their column, category and source (every reader goes through it).
_VALUES = """SELECT n.file_no, n.row, s.kolom, s.jenis, n.kode, n.tahun, s.kategori, s.sumber, n.nilai
    FROM {db}nilai n JOIN {db}seri s USING (seri)"""


@dataclass(frozen=True)
class StagedCounts:
    """The staged values of one file: what `load` reads as the table `df_in`."""

    path: Path
    file_no: int
    n: int

    def __len__(self) -> int:
        return self.n

    def create_view(self, con: duckdb.DuckDBPyConnection, name: str) -> None:
        attached = {r[0] for r in con.execute("SELECT database_name FROM duckdb_databases()").fetchall()}
        if ALIAS not in attached:
            con.execute(f"ATTACH '{str(self.path).replace(chr(39), chr(39) * 2)}' AS {ALIAS} (READ_ONLY)")
        con.execute(f"CREATE OR REPLACE TEMP VIEW {name} AS SELECT jenis, kode, tahun, kategori, sumber, nilai "
                    f"FROM ({_VALUES.format(db=ALIAS + '.')}) WHERE file_no = {int(self.file_no)}")


class Staging:
    """Append validated counts chunk by chunk; then `finish()` per file gives a `StagedCounts`."""

    def __init__(self, folder: Path) -> None:
        self.path = folder / "nilai.duckdb"
        self.con: duckdb.DuckDBPyConnection | None = open_duckdb(self.path)
        # The staging area and the writer never work at the same time (staging is closed before the write).
        self.con.execute(f"SET memory_limit = '{int(get_settings().import_memory_mb)}MB'")
        self.con.execute("SET preserve_insertion_order = false")
        for statement in _CREATE:
            self.con.execute(statement)
        self.con.execute(f"CREATE OR REPLACE TEMP VIEW nilai_seri AS {_VALUES.format(db='')}")
        self._series: dict[tuple[str, str, str, str], int] = {}

    def series(self, kolom: str, jenis: str, kategori: str, sumber: str) -> int:
        """The number of one (column, category, source) series, registered in table `seri` on first use."""
        key = (str(kolom), str(jenis), str(kategori), str(sumber))
        if key not in self._series:
            self._series[key] = len(self._series)
            self.con.execute("INSERT INTO seri VALUES (?, ?, ?, ?, ?)", [self._series[key], *key]).fetchall()
        return self._series[key]

    def add(self, file_no: int, counts: pd.DataFrame, sumber: str) -> None:
        """counts: validate's frame (row, column, jenis, kode, tahun, kategori, nilai as whole numbers)."""
        if counts.empty:
            return
        keys = pd.DataFrame({"kolom": counts["column"].astype(str).to_numpy(), "jenis": counts["jenis"].to_numpy(),
                             "kategori": counts["kategori"].to_numpy()})
        group = keys.groupby(["kolom", "jenis", "kategori"], sort=False).ngroup().to_numpy()
        numbers = np.array([self.series(kolom, jenis, kategori, sumber)
                            for kolom, jenis, kategori in keys.drop_duplicates().itertuples(index=False)])
        frame = pd.DataFrame({
            "file_no": file_no, "row": counts["row"].to_numpy("int64"), "seri": numbers[group],
            "kode": counts["kode"].to_numpy(), "tahun": counts["tahun"].to_numpy("int64"),
            "nilai": counts["nilai"].to_numpy("int64"),
        })
        self.con.register("chunk_in", frame)
        try:
            self.con.execute("INSERT INTO nilai SELECT * FROM chunk_in").fetchall()
        finally:
            self.con.unregister("chunk_in")

    def duplicates_across_chunks(self, file_no: int, file: str, sheet: str, report: Report, *,
                                 only_rows: list[int] | None = None) -> tuple[set[int], set[int]]:
        """The same region/year/category in two chunks of one file (inside a chunk, validate has seen it):
        identical → the later row is ignored (warning); different → both rows are errors and held back.
        Returns (rows held back, rows ignored), as validate counts them. `only_rows`: the caller knows that
        every duplicate involves the region and year of one of these rows (the fast CSV path): only those
        regions/years are grouped."""
        key = ", ".join(KEY)
        focus = ""
        if only_rows is not None:
            if not only_rows:
                return set(), set()
            self.con.register("focus_in", pd.DataFrame({"row": sorted(only_rows)}, dtype="int64"))
            focus = ("SEMI JOIN (SELECT DISTINCT kode, tahun FROM nilai WHERE file_no = $1 "
                     "AND row IN (SELECT row FROM focus_in)) USING (kode, tahun)")
        # Two steps so the big pass is a plain count (DuckDB spills it to disk under the memory cap); the lists
        # of rows are built for the few duplicate keys only.
        # Ordered by each group's first repeat (the row a message is about), so the messages read in file order,
        # the same on every run and as validate orders the repeats inside one chunk.
        groups = self.con.execute(f"""
            WITH dup AS (SELECT {key} FROM nilai_seri {focus} WHERE file_no = $1 GROUP BY {key}
                         HAVING count(*) > 1)
            SELECT {key}, list(row ORDER BY row), list(kolom ORDER BY row), count(DISTINCT nilai) > 1
            FROM nilai_seri SEMI JOIN dup USING ({key}) WHERE file_no = $1 GROUP BY {key}
            ORDER BY list(row ORDER BY row)[2], {key}""", [file_no]).fetchall()
        if only_rows is not None:
            self.con.unregister("focus_in")
        bad: set[int] = set()
        ignored: set[int] = set()
        for jenis, kode, tahun, kategori, rows, kolom, differ in groups:
            for row, col in zip(rows[1:], kolom[1:], strict=True):
                where = {"file": file, "sheet": sheet, "row": row, "column": col, "kode": kode}
                if differ:
                    report.error("baris_ganda", f"{kode} {tahun} {kategori} juga ada di baris {rows[0]} dengan nilai "
                                 "lain: hapus salah satu", **where)
                else:
                    report.warning("baris_ganda", f"{kode} {tahun} {kategori} sudah ada di baris {rows[0]} dengan "
                                   "nilai sama; baris ini diabaikan", **where)
            if differ:
                bad.update(rows)
            else:
                ignored.update(rows[1:])
            self.con.execute("DELETE FROM nilai WHERE file_no = ? AND kode = ? AND tahun = ? AND row > ? AND seri IN "
                             "(SELECT seri FROM seri WHERE jenis = ? AND kategori = ?)",
                             [file_no, kode, tahun, -1 if differ else rows[0], jenis, kategori]).fetchall()
        return bad, ignored

    def indicators(self, file_no: int) -> list[tuple[str, str]]:
        """(jenis, kategori) of every category with staged values of one file."""
        return self.con.execute("""SELECT DISTINCT jenis, kategori FROM seri
            WHERE seri IN (SELECT DISTINCT seri FROM nilai WHERE file_no = ?) ORDER BY ALL""", [file_no]).fetchall()

    def codes(self, file_no: int) -> str:
        """SQL listing the codes of one file's staged values."""
        return f"SELECT kode FROM nilai WHERE file_no = {int(file_no)}"

    @contextlib.contextmanager
    def counts_view(self, file_no: int, name: str, jenis: str, kategori: str) -> Iterator[None]:
        """The staged values of one file and category as the view `name` (kode, tahun, indikator, nilai, row,
        column), as validate.quality_warnings reads them: one category at a time keeps the checks' joins and
        medians in memory (a national file holds 45 M values, ≈1.7 M per category). The indicator is one constant
        per view: built per row (lower + concatenation over every value) it cost a second per 10 M values."""
        self.con.execute(f"""CREATE OR REPLACE TEMP VIEW {name} AS
            SELECT kode, tahun, {_literal(jenis.lower() + ':' + kategori)} AS indikator, nilai, row, kolom AS "column"
            FROM nilai_seri WHERE file_no = {int(file_no)} AND jenis = {_literal(jenis)}
              AND kategori = {_literal(kategori)}""")
        try:
            yield
        finally:
            self.con.execute(f"DROP VIEW IF EXISTS {name}")

    def drop_rows(self, file_no: int, rows: set[int]) -> None:
        if rows:
            self.con.execute("DELETE FROM nilai WHERE file_no = ? AND list_contains(?, row)",
                             [file_no, sorted(rows)]).fetchall()

    def finish(self, file_no: int) -> StagedCounts:
        n = self.con.execute("SELECT count(*) FROM nilai WHERE file_no = ?", [file_no]).fetchall()[0][0]
        return StagedCounts(self.path, file_no, n)

    def close(self) -> None:
        if self.con is not None:
            self.con.execute("CHECKPOINT")
            self.con.close()
            self.con = None


def _literal(text: str) -> str:
    return "'" + str(text).replace("'", "''") + "'"


PREFIX = "petakesos-impor-"


def remove_orphans() -> None:
    """Staging folders of imports whose process died (kill -9) are removed by the next import."""
    for folder in Path(tempfile.gettempdir()).glob(PREFIX + "*"):
        pid = folder.name[len(PREFIX):].split("-")[0]
        if pid.isdigit() and not pid_alive(int(pid)):
            shutil.rmtree(folder, ignore_errors=True)


@contextlib.contextmanager
def staging_area() -> Iterator[Staging]:
    """A fresh staging area, removed at the end, also on an error, Ctrl-C or SIGTERM."""
    with sigterm_unwinds():
        remove_orphans()
        folder = Path(tempfile.mkdtemp(prefix=f"{PREFIX}{os.getpid()}-"))
        staging = Staging(folder)
        try:
            yield staging
        finally:
            with contextlib.suppress(Exception):
                staging.close()
            shutil.rmtree(folder, ignore_errors=True)

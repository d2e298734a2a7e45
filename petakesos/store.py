"""The DuckDB store: opening it for reading, changing it atomically, and the region query API.

Writers never touch the live file. `atomic_update` copies the store to a temporary file beside it, applies the
change there and swaps it in with `os.replace`, so a failed or interrupted load leaves the previous database
untouched, and a dashboard that has the old file open keeps reading it (DuckDB lets only one process hold a file
read-write, which would otherwise block the dashboard for the whole load).
"""

from __future__ import annotations

import contextlib
import os
import shutil
import tempfile
import threading
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

import duckdb
import pandas as pd

from petakesos import codes as kode_util
from petakesos._errors import StoreMissing  # noqa: F401  (re-exported)
from petakesos.settings import SCHEMA_VERSION
from petakesos.sql import SCHEMA
from petakesos.sql import regions as q


def ensure_schema(con: duckdb.DuckDBPyConnection) -> None:
    for statement in SCHEMA:
        con.execute(statement)
    con.execute(q.SET_META, ["schema_version", str(SCHEMA_VERSION)])


@contextlib.contextmanager
def atomic_update(db_path: Path) -> Iterator[duckdb.DuckDBPyConnection]:
    """Yield a read-write connection to a copy of the store; swap it in only if the block succeeds."""
    db_path = Path(db_path)
    db_path.parent.mkdir(parents=True, exist_ok=True)
    fd, tmp_name = tempfile.mkstemp(prefix=db_path.name + ".", suffix=".tmp", dir=db_path.parent)
    os.close(fd)
    tmp = Path(tmp_name)
    tmp.unlink()  # DuckDB wants to create the file itself
    try:
        if db_path.exists():
            shutil.copyfile(db_path, tmp)
        con = duckdb.connect(str(tmp))
        try:
            con.execute("SET enable_progress_bar = false")
            ensure_schema(con)
            con.execute("BEGIN TRANSACTION")
            yield con
            con.execute("COMMIT")
            con.execute("CHECKPOINT")
        except BaseException:
            with contextlib.suppress(Exception):
                con.execute("ROLLBACK")
            raise
        finally:
            con.close()
        os.replace(tmp, db_path)
    finally:
        for leftover in (tmp, Path(str(tmp) + ".wal")):
            with contextlib.suppress(FileNotFoundError):
                leftover.unlink()


@contextlib.contextmanager
def registered(con: duckdb.DuckDBPyConnection, name: str, frame: pd.DataFrame) -> Iterator[None]:
    """Let SQL read the DataFrame `frame` as the table `name` inside the block only."""
    con.register(name, frame)
    try:
        yield
    finally:
        con.unregister(name)


def run_with_frame(con: duckdb.DuckDBPyConnection, name: str, frame: pd.DataFrame, statements: list[str],
                   params: list | None = None) -> None:
    """Run SQL statements that read the DataFrame `frame` as the table `name`."""
    with registered(con, name, frame):
        for statement in statements:
            con.execute(statement, params or [])


@dataclass(frozen=True)
class Region:
    kode: str
    nama: str
    tingkat: str
    kode_induk: str
    bbox: tuple[float, float, float, float] | None


INDONESIA = Region(kode="", nama="Indonesia", tingkat="indonesia", kode_induk="", bbox=None)


class Store:
    """Read-only access to the store, shared by the dashboard's sessions.

    One DuckDB connection is opened per file version; each query uses its own cursor (required for use across
    threads). When a load swaps in a new file, the next query notices the new inode and reopens.
    """

    def __init__(self, db_path: Path) -> None:
        self.db_path = Path(db_path)
        self._lock = threading.Lock()
        self._con: duckdb.DuckDBPyConnection | None = None
        self._identity: tuple[int, int] | None = None

    def _file_identity(self) -> tuple[int, int]:
        try:
            stat = self.db_path.stat()
        except FileNotFoundError:
            raise StoreMissing(
                f"Basis data {self.db_path} belum ada. Jalankan `python -m etl demo` (data contoh) atau "
                "`python -m etl boundaries FILE...` untuk membuatnya."
            ) from None
        return (stat.st_ino, stat.st_mtime_ns)

    def cursor(self) -> duckdb.DuckDBPyConnection:
        identity = self._file_identity()
        with self._lock:
            if self._con is None or identity != self._identity:
                if self._con is not None:
                    self._con.close()
                self._con = duckdb.connect(str(self.db_path), read_only=True)
                self._identity = identity
            return self._con.cursor()

    def df(self, sql: str, params: list | None = None) -> pd.DataFrame:
        cur = self.cursor()
        try:
            return cur.execute(sql, params or []).df()
        finally:
            cur.close()

    def rows(self, sql: str, params: list | None = None) -> list[tuple]:
        cur = self.cursor()
        try:
            return cur.execute(sql, params or []).fetchall()
        finally:
            cur.close()

    def close(self) -> None:
        with self._lock:
            if self._con is not None:
                self._con.close()
                self._con = None

    # ---- regions ------------------------------------------------------------------------------------------
    def region(self, kode: str) -> Region | None:
        if kode == "":
            return INDONESIA
        found = self.rows(q.REGION, [kode])
        if not found:
            return None
        k, nama, tingkat, induk, x0, y0, x1, y1 = found[0]
        bbox = (x0, y0, x1, y1) if x0 is not None else self.children_bbox(k)
        return Region(k, nama, tingkat, induk, bbox)

    def children(self, kode: str) -> pd.DataFrame:
        """Children of a region ('' = Indonesia) with display GeoJSON; units without a polygon have None."""
        return self.df(q.CHILDREN, [kode])

    def outline(self, kode: str) -> str | None:
        """GeoJSON outline of a region at the display detail of its children (None without a polygon)."""
        found = self.rows(q.OUTLINE, [kode])
        return found[0][0] if found else None

    def children_full(self, kode: str) -> pd.DataFrame:
        """Children with full-detail WKB geometry (print export)."""
        return self.df(q.CHILDREN_FULL, [kode])

    def children_bbox(self, kode: str) -> tuple[float, float, float, float] | None:
        row = self.rows(q.BBOX_OF_CHILDREN, [kode])[0]
        return None if row[0] is None else tuple(row)  # type: ignore[return-value]

    def ancestors(self, kode: str) -> list[Region]:
        """Breadcrumb from Indonesia down to the region itself."""
        chain = kode_util.ancestors_of(kode)
        found = {k: (n, t) for k, n, t in self.rows(q.REGIONS_BY_CODES, [chain])}
        crumbs = [INDONESIA]
        for code in chain:
            nama, tingkat = found.get(code, (code, kode_util.tingkat_of(code)))
            crumbs.append(Region(code, nama, tingkat, kode_util.parent_of(code), None))
        return crumbs

    def search(self, text: str, limit: int = 20) -> pd.DataFrame:
        """Regions whose code or name matches `text`, best first (exact code, exact name, name prefix, …)."""
        needle = text.strip().lower()
        if not needle:
            return pd.DataFrame(columns=["kode", "nama", "tingkat", "kode_induk", "peringkat"])
        code = kode_util.try_normalise(needle) or needle
        digits = needle.replace(".", "")
        params = [code, digits, needle, needle, code, code, digits, code, needle, limit]
        return self.df(q.SEARCH, params)

    def completeness(self, kode: str) -> dict[str, int] | None:
        found = self.rows(q.COMPLETENESS, [kode])
        if not found:
            return None
        keys = ("anak_di_daftar", "anak_berpoligon", "desa_di_daftar", "desa_berpoligon")
        return dict(zip(keys, found[0], strict=True))

    def counts_by_tingkat(self) -> pd.DataFrame:
        return self.df(q.COUNT_BY_TINGKAT)

    def load_history(self) -> pd.DataFrame:
        return self.df(q.LOAD_HISTORY)

    def meta(self, key: str) -> str | None:
        found = self.rows(q.GET_META, [key])
        return found[0][0] if found else None

"""The DuckDB store: opening it for reading, changing it atomically, and the region query API.

Writers never touch the live file. `atomic_update` copies the store to a temporary file beside it, applies the
change there and swaps it in with `os.replace`, so a failed or interrupted load leaves the previous database
untouched, and a dashboard that has the old file open keeps reading it (DuckDB lets only one process hold a file
read-write, which would otherwise block the dashboard for the whole load).

One writer at a time: `atomic_update` holds an exclusive `fcntl.flock` on `<store>.lock` (beside the store) for
the whole copy-change-swap, so two imports can never both copy the same version and lose one batch. The lock file
records the holder (pid, host, command, start time); a second writer waits up to `wait` seconds, saying for whom,
then gets `StoreBusy`. The kernel releases a flock when its process dies (even by kill -9), so a dead owner never
blocks; the next writer removes the copies (`<store>.<pid>.<random>.tmp` and its `.wal`) whose owner is dead.
SIGTERM inside the block is turned into SystemExit so the copy is removed and the store stays unchanged.
"""

from __future__ import annotations

import contextlib
import datetime
import fcntl
import json
import os
import re
import shutil
import signal
import socket
import sys
import tempfile
import threading
import time
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from pathlib import Path

import duckdb
import pandas as pd

from petakesos import codes as kode_util
from petakesos._errors import StoreBusy, StoreMissing, StoreUnreadable
from petakesos.settings import SCHEMA_VERSION, get_settings
from petakesos.sql import SCHEMA
from petakesos.sql import regions as q

LOCK_POLL_SECONDS = 0.2


def ensure_schema(con: duckdb.DuckDBPyConnection) -> None:
    for statement in SCHEMA:
        con.execute(statement)
    con.execute(q.SET_META, ["schema_version", str(SCHEMA_VERSION)])


def _unreadable(db_path: Path, exc: Exception) -> StoreUnreadable:
    text = str(exc)
    if "lock" in text.lower():
        return StoreUnreadable(
            f"Basis data {db_path.name} sedang dibuka oleh program lain (mis. DuckDB CLI, DBeaver, Python) yang "
            "menulisnya: tutup program itu lalu ulangi. (DuckDB: could not set lock on file.)"
        )
    return StoreUnreadable(
        f"{db_path.name} bukan basis data Peta Kesos (bukan file DuckDB yang dapat dibaca): periksa --db atau "
        "PETAKESOS_DB; basis data dibuat dengan `python -m etl demo` atau `python -m etl boundaries FILE...`."
    )


def open_duckdb(path: Path | str, *, read_only: bool = False) -> duckdb.DuckDBPyConnection:
    """`duckdb.connect` without the progress bar: DuckDB draws one on stdout for a query that runs over 2 s, which
    would cut through the CLI's messages (and anything reading its output). A session option: set per connection."""
    con = duckdb.connect(str(path), read_only=read_only)
    con.execute("SET enable_progress_bar = false")
    return con


def connect_read_only(db_path: Path) -> duckdb.DuckDBPyConnection:
    """A read-only connection to an existing store; a file that is not a store, or is held read-write by another
    program, gives `StoreUnreadable` (no traceback, no server path)."""
    db_path = Path(db_path)
    if not db_path.exists():
        raise StoreMissing(
            f"Basis data {db_path.name} belum ada. Jalankan `python -m etl demo` (data contoh) atau "
            "`python -m etl boundaries FILE...` untuk membuatnya."
        )
    try:
        return open_duckdb(db_path, read_only=True)
    except (duckdb.IOException, duckdb.InvalidInputException, duckdb.SerializationException) as exc:
        raise _unreadable(db_path, exc) from None


# ---- the writer lock -----------------------------------------------------------------------------------------
def lock_path(db_path: Path) -> Path:
    return Path(str(db_path) + ".lock")


def lock_owner(db_path: Path) -> dict:
    """What the current (or last) holder wrote into the lock file: pid, host, command, since ({} if unknown)."""
    try:
        return json.loads(lock_path(db_path).read_text(encoding="utf-8") or "{}")
    except (OSError, ValueError):
        return {}


def describe_owner(owner: dict) -> str:
    if not owner:
        return "penulis lain (tidak diketahui)"
    return (f"proses {owner.get('pid')} di {owner.get('host')} ({owner.get('command', '?')}, sejak "
            f"{owner.get('since', '?')})")


def pid_alive(pid: int) -> bool:
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except PermissionError:
        return True
    return True


def remove_orphans(db_path: Path) -> list[Path]:
    """Delete temporary copies of the store left by writers that died (kill -9, power cut); call with the lock.

    Copies are named `<store>.<pid>.<random>.tmp` (+ `.wal`); a copy is removed when its pid no longer runs on
    this host."""
    removed = []
    for path in db_path.parent.glob(db_path.name + ".*.tmp*"):
        parts = path.name[len(db_path.name) + 1:].split(".")
        if not parts[0].isdigit() or not (path.name.endswith(".tmp") or path.name.endswith(".tmp.wal")):
            continue
        if not pid_alive(int(parts[0])):
            with contextlib.suppress(FileNotFoundError):
                path.unlink()
                removed.append(path)
    return removed


def _print_waiting(owner: dict, wait: float) -> None:
    print(f"Menunggu (waiting up to {wait:g} s): basis data sedang diubah oleh {describe_owner(owner)} …",
          file=sys.stderr, flush=True)


@contextlib.contextmanager
def writer_lock(db_path: Path, *, wait: float | None = None,
                on_wait: Callable[[dict, float], None] | None = _print_waiting) -> Iterator[dict]:
    """Hold the store's exclusive write lock inside the block; yields the owner record written to the lock file.

    `wait`: seconds to wait for another writer (None: setting PETAKESOS_LOCK_WAIT; 0: do not wait — for the web
    upload). `on_wait(owner, wait)` is called once when waiting starts (default: a line on stderr). Raises
    `StoreBusy` naming the holder when the lock is not free in time."""
    db_path = Path(db_path)
    db_path.parent.mkdir(parents=True, exist_ok=True)
    wait = get_settings().lock_wait if wait is None else max(0.0, float(wait))
    fd = os.open(lock_path(db_path), os.O_RDWR | os.O_CREAT, 0o664)
    try:
        deadline = time.monotonic() + wait
        told = False
        while True:
            try:
                fcntl.flock(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
                break
            except BlockingIOError:
                owner = lock_owner(db_path)
                if time.monotonic() >= deadline:
                    raise StoreBusy(
                        f"Basis data {db_path.name} sedang diubah oleh {describe_owner(owner)}; tidak ada yang "
                        f"ditulis. Ulangi setelah proses itu selesai"
                        + (f" (sudah ditunggu {wait:g} s; perpanjang dengan --wait DETIK)." if wait else "."),
                        owner=owner,
                    ) from None
                if not told and on_wait is not None:
                    on_wait(owner, wait)
                    told = True
                time.sleep(LOCK_POLL_SECONDS)
        owner = {"pid": os.getpid(), "host": socket.gethostname(), "command": " ".join(sys.argv)[:200],
                 "since": datetime.datetime.now().isoformat(timespec="seconds")}
        os.ftruncate(fd, 0)
        os.pwrite(fd, json.dumps(owner).encode(), 0)
        try:
            remove_orphans(db_path)
            yield owner
        finally:
            os.ftruncate(fd, 0)
            fcntl.flock(fd, fcntl.LOCK_UN)
    finally:
        os.close(fd)


def _raise_system_exit(signum, frame) -> None:
    raise SystemExit(128 + signum)


@contextlib.contextmanager
def sigterm_unwinds() -> Iterator[None]:
    """Inside the block SIGTERM raises SystemExit (SIGINT already raises KeyboardInterrupt), so `finally` clauses
    remove the temporary copy. Only the main thread may set handlers; elsewhere (Streamlit) nothing changes."""
    if threading.current_thread() is not threading.main_thread():
        yield
        return
    previous = signal.signal(signal.SIGTERM, _raise_system_exit)
    try:
        yield
    finally:
        signal.signal(signal.SIGTERM, previous)


@contextlib.contextmanager
def atomic_update(db_path: Path, *, wait: float | None = None,
                  on_wait: Callable[[dict, float], None] | None = _print_waiting) -> Iterator[duckdb.DuckDBPyConnection]:
    """Yield a read-write connection to a copy of the store; swap it in only if the block succeeds.

    The whole copy-change-swap holds the writer lock (see `writer_lock` for `wait` and `on_wait`)."""
    db_path = Path(db_path)
    with sigterm_unwinds(), writer_lock(db_path, wait=wait, on_wait=on_wait):
        fd, tmp_name = tempfile.mkstemp(prefix=f"{db_path.name}.{os.getpid()}.", suffix=".tmp", dir=db_path.parent)
        os.close(fd)
        tmp = Path(tmp_name)
        tmp.unlink()  # DuckDB wants to create the file itself
        try:
            if db_path.exists():
                shutil.copyfile(db_path, tmp)
            try:
                con = open_duckdb(tmp)
            except (duckdb.IOException, duckdb.InvalidInputException, duckdb.SerializationException) as exc:
                raise _unreadable(db_path, exc) from None
            # No transaction around the block: the copy is the unit of atomicity (it replaces the store only
            # when the block succeeds, else it is deleted). One transaction over a national import kept tens of
            # millions of uncommitted rows in transaction-local storage and made the indicator rebuild read
            # them from there (≈2× slower).
            try:
                # DuckDB compresses a small last row group's strings with ZSTD, and reading the 38 provinces'
                # GeoJSON from such a segment decompresses all of it: the Indonesia view's query took 200 ms
                # instead of 3 (kab/kota and provinces share the row group after the desa). Written without ZSTD.
                con.execute("SET disabled_compression_methods = 'zstd'")
                ensure_schema(con)
                yield con
                con.execute("CHECKPOINT")
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


# "kab. magelang", "kab magelang", "prov jawa tengah", "kec. mertoyudan" → the level word written out.
_LEVEL_WORDS = {"kab": "kabupaten", "prov": "provinsi", "kec": "kecamatan", "kel": "kelurahan", "ds": "desa"}
_LEVEL_ABBREVIATION = re.compile(r"^(kab|prov|kec|kel|ds)\.?\s*(?=\S)")
_LEVEL_WORD = re.compile(r"^(kabupaten|kota|provinsi|kecamatan|desa|kelurahan)\s+")


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
                f"Basis data {self.db_path.name} belum ada. Jalankan `python -m etl demo` (data contoh) atau "
                "`python -m etl boundaries FILE...` untuk membuatnya."
            ) from None
        return (stat.st_ino, stat.st_mtime_ns)

    def cursor(self) -> duckdb.DuckDBPyConnection:
        identity = self._file_identity()
        with self._lock:
            if self._con is None or identity != self._identity:
                if self._con is not None:
                    self._con.close()
                self._con = connect_read_only(self.db_path)
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
        """Regions whose code or name matches `text`, best first: exact code, exact name (with or without its level
        word: "Magelang" = "Kabupaten Magelang"), name prefix, code prefix, name part; a higher level before a
        lower one of the same name. "Kab. X", "Kab X", "Prov. X" are read as "Kabupaten X", "Provinsi X"."""
        needle = " ".join(text.strip().lower().split())
        if not needle:
            return pd.DataFrame(columns=["kode", "nama", "tingkat", "kode_induk", "peringkat"])
        full = _LEVEL_ABBREVIATION.sub(lambda m: _LEVEL_WORDS[m.group(1)] + " ", needle)
        bare = _LEVEL_WORD.sub("", full)
        code = kode_util.try_normalise(needle) or needle
        digits = needle.replace(".", "")
        return self.df(q.SEARCH, [code, digits, full, bare if bare != full else "", limit])

    def names(self, codes: list[str]) -> dict[str, str]:
        """Names of the given region codes (codes not in the code list are left out)."""
        wanted = sorted(set(codes))
        return dict(self.rows(q.NAMES_OF, [wanted])) if wanted else {}

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

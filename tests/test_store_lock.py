"""One writer at a time: the store's write lock with real concurrent processes, orphaned copies, SIGTERM/SIGINT
during a write, a store held by another program, a `--db` that is not a store."""

from __future__ import annotations

import hashlib
import os
import signal
import subprocess
import sys
import time
from pathlib import Path

import duckdb
import pytest

from etl.cli import main
from petakesos._errors import StoreBusy, StoreUnreadable
from petakesos.settings import PROJECT_ROOT
from petakesos.store import atomic_update, connect_read_only, lock_owner, writer_lock

K1, K2 = "33.71.01.1003", "33.71.01.1007"  # real Kota Magelang kelurahan


def digest(path: Path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()


def leftovers(db: Path) -> list[str]:
    return sorted(p.name for p in db.parent.glob(db.name + ".*.tmp*"))


def python(code: str, *args: str) -> subprocess.Popen:
    """A real second process running `code` (with the project importable)."""
    return subprocess.Popen([sys.executable, "-c", code, *args], cwd=PROJECT_ROOT, stdout=subprocess.PIPE,
                            stderr=subprocess.PIPE, text=True)


def wait_for(path: Path, proc: subprocess.Popen, seconds: float = 60) -> None:
    deadline = time.monotonic() + seconds
    while not path.exists():
        assert proc.poll() is None, proc.communicate()
        assert time.monotonic() < deadline, "the helper process never got there"
        time.sleep(0.05)


HOLD_LOCK = """
import sys, time
from pathlib import Path
from petakesos.store import atomic_update
with atomic_update(Path(sys.argv[1])) as con:
    con.execute("CREATE TABLE IF NOT EXISTS dipegang (x INT)")
    Path(sys.argv[2]).write_text("in")
    time.sleep(float(sys.argv[3]))
"""


@pytest.fixture()
def store(tmp_path: Path) -> Path:
    db = tmp_path / "store.duckdb"
    with atomic_update(db) as con:
        con.execute("CREATE TABLE catatan (x INT)")
    return db


def test_second_writer_is_refused_naming_the_owner(store: Path, tmp_path: Path) -> None:
    marker = tmp_path / "in"
    holder = python(HOLD_LOCK, str(store), str(marker), "30")
    try:
        wait_for(marker, holder)
        before = digest(store)
        assert lock_owner(store)["pid"] == holder.pid
        with pytest.raises(StoreBusy) as info, atomic_update(store, wait=0) as con:
            con.execute("INSERT INTO catatan VALUES (1)")
        assert str(holder.pid) in str(info.value) and info.value.owner["pid"] == holder.pid
        assert info.value.exit_code == 2
        messages = []
        started = time.monotonic()
        with pytest.raises(StoreBusy), writer_lock(store, wait=0.6, on_wait=lambda o, w: messages.append(o)):
            pass
        assert time.monotonic() - started >= 0.6 and messages[0]["pid"] == holder.pid  # waited, said for whom
        assert digest(store) == before
    finally:
        holder.kill()
        holder.wait()


def test_a_killed_writer_never_blocks_and_its_copy_is_removed(store: Path, tmp_path: Path) -> None:
    marker = tmp_path / "in"
    holder = python(HOLD_LOCK, str(store), str(marker), "60")
    wait_for(marker, holder)
    assert leftovers(store)  # its copy of the store
    before = digest(store)
    holder.send_signal(signal.SIGKILL)
    holder.wait()
    assert digest(store) == before and leftovers(store)  # kill -9: the copy is orphaned
    with atomic_update(store, wait=0) as con:  # the lock died with its owner; this writer cleans up
        con.execute("INSERT INTO catatan VALUES (1)")
    assert leftovers(store) == []
    with connect_read_only(store) as con:
        assert con.execute("SELECT count(*) FROM catatan").fetchone()[0] == 1


def test_copies_of_living_writers_are_kept(store: Path) -> None:
    alive = store.parent / f"{store.name}.{os.getppid()}.abc.tmp"  # a running process (pytest's parent)
    alive.write_bytes(b"x")
    with atomic_update(store, wait=0):
        pass
    assert alive.exists()


def test_sigterm_during_a_write_removes_the_copy_and_changes_nothing(store: Path, tmp_path: Path) -> None:
    marker = tmp_path / "in"
    holder = python(HOLD_LOCK, str(store), str(marker), "60")
    wait_for(marker, holder)
    before = digest(store)
    holder.send_signal(signal.SIGTERM)
    holder.communicate(timeout=30)
    assert holder.returncode == 128 + signal.SIGTERM
    assert digest(store) == before and leftovers(store) == []
    with connect_read_only(store) as con:
        names = {r[0] for r in con.execute("SELECT table_name FROM information_schema.tables").fetchall()}
    assert "dipegang" not in names


def test_not_a_store_and_a_store_held_by_another_program(tmp_path: Path) -> None:
    png = tmp_path / "gambar.duckdb"
    png.write_bytes(b"\x89PNG\r\n\x1a\n" + bytes(200))
    with pytest.raises(StoreUnreadable) as info:
        connect_read_only(png)
    assert "bukan basis data" in str(info.value) and str(tmp_path) not in str(info.value)
    with pytest.raises(StoreUnreadable), atomic_update(png, wait=0):
        pass
    assert png.read_bytes().startswith(b"\x89PNG")  # untouched
    held = tmp_path / "held.duckdb"
    holder = python("import duckdb, sys, time; c = duckdb.connect(sys.argv[1]); c.execute('CREATE TABLE t (x INT)');"
                    "open(sys.argv[2], 'w').write('in'); time.sleep(60)", str(held), str(tmp_path / "in"))
    try:
        wait_for(tmp_path / "in", holder)
        with pytest.raises(StoreUnreadable) as info:
            connect_read_only(held)
        assert "program lain" in str(info.value)
    finally:
        holder.kill()
        holder.wait()


# ---- the welfare import: two real concurrent processes, Ctrl-C during the indicator rebuild ---------------------
def _wide(path: Path, kode: str, value: int) -> Path:
    path.write_text(f"kode,tahun,ODHA\n{kode},2024,{value}\n", encoding="utf-8")
    return path


@pytest.mark.shared_data
def test_two_concurrent_imports_both_survive(shared_data: Path, tmp_path: Path) -> None:
    db = tmp_path / "store.duckdb"
    assert main(["welfare", str(_wide(tmp_path / "awal.csv", K1, 1)), "--db", str(db)]) == 0
    a, b = _wide(tmp_path / "a.csv", K1, 11), _wide(tmp_path / "b.csv", K2, 22)
    procs = [subprocess.Popen([sys.executable, "-m", "etl", "welfare", str(f), "--db", str(db), "--wait", "120",
                               "--source-label", f"Batch {f.stem}"], cwd=PROJECT_ROOT, stdout=subprocess.PIPE,
                              stderr=subprocess.PIPE, text=True) for f in (a, b)]
    outputs = [p.communicate(timeout=300) for p in procs]
    assert [p.returncode for p in procs] == [0, 0], outputs
    with duckdb.connect(str(db), read_only=True) as con:
        got = set(con.execute("SELECT sumber, kode, jumlah FROM pmks").fetchall())
    assert {("Batch a", K1, 11), ("Batch b", K2, 22)} <= got
    assert leftovers(db) == []


CANCEL_DURING_REBUILD = """
import sys, time
from pathlib import Path
from petakesos import indicators
from etl.cli import main

def slow_rebuild(con, years=None):
    Path(sys.argv[1]).write_text("rebuilding")
    time.sleep(60)

indicators.rebuild = slow_rebuild
sys.exit(main(sys.argv[2:]))
"""


@pytest.mark.shared_data
def test_ctrl_c_during_the_indicator_rebuild(shared_data: Path, tmp_path: Path) -> None:
    db = tmp_path / "store.duckdb"
    assert main(["welfare", str(_wide(tmp_path / "awal.csv", K1, 1)), "--db", str(db)]) == 0
    before = digest(db)
    marker = tmp_path / "in"
    proc = python(CANCEL_DURING_REBUILD, str(marker), "welfare", str(_wide(tmp_path / "baru.csv", K2, 5)),
                  "--db", str(db))
    wait_for(marker, proc)
    proc.send_signal(signal.SIGINT)
    _, err = proc.communicate(timeout=60)
    assert proc.returncode == 130 and "Dibatalkan" in err and "Traceback" not in err
    assert digest(db) == before and leftovers(db) == []


def test_two_writers_in_one_process_exclude_each_other(store: Path) -> None:
    """The web upload runs in Streamlit threads of one process: flock still keeps its sessions apart."""
    with writer_lock(store, wait=0) as owner:
        with pytest.raises(StoreBusy) as info, writer_lock(store, wait=0):
            pass
        assert info.value.owner["pid"] == owner["pid"] == os.getpid()

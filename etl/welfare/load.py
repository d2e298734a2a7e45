"""Stage 4 of a welfare import: write counts and registry rows with provenance and history, then rebuild the
indicators — all inside one `atomic_update` (the caller's).

A value for the same region/year/category/source that differs from the current one replaces it: the old row
stays with `diganti_batch` set (history); an identical value is left alone and counted as unchanged.
"""

from __future__ import annotations

import contextlib
from collections import Counter
from collections.abc import Iterator

import duckdb
import pandas as pd

from etl.welfare.normalise import isi_hash
from etl.welfare.staging import StagedCounts
from petakesos import reference
from petakesos.sql import indicators as iq
from petakesos.sql import regions as rq
from petakesos.sql import welfare as q
from petakesos.sql.welfare import KPS_COLUMNS, WKSBM_ATTRS
from petakesos.store import registered, run_with_frame
from petakesos.welfare.model import GeneralIndicator

COUNT_COLUMNS = ["jenis", "kode", "tahun", "kategori", "sumber", "nilai"]
GENERAL_COLUMNS = ["kode", "tahun", "indikator", "sumber", "nilai"]
WKSBM_COLUMNS = ["tahun", "kode", "nama_kunci", *WKSBM_ATTRS, "sumber", "isi_hash"]


def counts_frame(counts: pd.DataFrame, sumber: str) -> pd.DataFrame:
    if counts.empty:
        return pd.DataFrame({c: pd.Series(dtype="object") for c in COUNT_COLUMNS})
    out = counts.assign(sumber=sumber)[COUNT_COLUMNS].copy()
    out["tahun"] = out["tahun"].astype("int32")
    out["nilai"] = out["nilai"].astype("int64")
    return out.reset_index(drop=True)


def general_frame(values: pd.DataFrame | None, sumber: str) -> pd.DataFrame:
    """Values of general indicators (already scaled) as rows of `nilai_umum`."""
    if values is None or values.empty:
        return pd.DataFrame({c: pd.Series(dtype="object") for c in GENERAL_COLUMNS})
    out = values.assign(sumber=sumber)[GENERAL_COLUMNS].copy()
    out["tahun"] = out["tahun"].astype("int32")
    out["nilai"] = out["nilai"].astype(float)
    return out.reset_index(drop=True)


def write_general_definitions(con, definitions: list[GeneralIndicator]) -> None:
    """Declare (or update) general indicators in table `indikator_umum`."""
    if definitions:
        frame = pd.DataFrame([d.row() for d in definitions])
        run_with_frame(con, "df_umum", frame, [iq.UPSERT_GENERAL])


def wksbm_frame(wksbm: pd.DataFrame | None, sumber: str) -> pd.DataFrame:
    if wksbm is None or wksbm.empty:
        return pd.DataFrame({c: pd.Series(dtype="object") for c in WKSBM_COLUMNS})
    out = wksbm.assign(sumber=sumber).copy()
    for col in ("tahun_bentuk", "jumlah_anggota", *KPS_COLUMNS):
        out[col] = out[col].astype("Int32")
    out["tahun"] = out["tahun"].astype("int32")
    out["isi_hash"] = isi_hash(out, list(WKSBM_ATTRS))
    return out[WKSBM_COLUMNS].reset_index(drop=True)


@contextlib.contextmanager
def as_table(con: duckdb.DuckDBPyConnection, name: str, source: pd.DataFrame | StagedCounts) -> Iterator[None]:
    """Let SQL read `source` (a DataFrame, or values staged on disk by a chunked import) as the table `name`."""
    if isinstance(source, pd.DataFrame):
        with registered(con, name, source):
            yield
        return
    source.create_view(con, name)
    try:
        yield
    finally:
        con.execute(f"DROP VIEW IF EXISTS {name}")


def classify(con: duckdb.DuckDBPyConnection, counts: pd.DataFrame | StagedCounts, wksbm: pd.DataFrame,
             general: pd.DataFrame | None = None) -> Counter:
    """{'baru': n, 'ubah': n, 'sama': n} of incoming values against the current store (no write)."""
    status: Counter = Counter()
    parts = [("df_in", counts, q.CLASSIFY_COUNTS), ("df_w", wksbm, q.CLASSIFY_WKSBM)]
    if general is not None:
        parts.append(("df_u", general, q.CLASSIFY_GENERAL))
    for name, frame, sql in parts:
        if len(frame):
            with as_table(con, name, frame):
                status.update(dict(con.execute(sql).fetchall()))
    return status


def has_tables(con: duckdb.DuckDBPyConnection) -> bool:
    names = {r[0] for r in con.execute(rq.TABLE_NAMES).fetchall()}
    return {"jumlah_kategori", "wksbm_versi", "nilai_umum"} <= names


def new_batch(con, file: str, sha256: str, sheet: str, sumber: str, layout: str, summary: str = "") -> int:
    return con.execute(q.NEW_BATCH, [file, sha256, sheet, sumber, layout, summary]).fetchall()[0][0]


def write(con, batch_id: int, counts: pd.DataFrame | StagedCounts, wksbm: pd.DataFrame,
          general: pd.DataFrame | None = None) -> Counter:
    """Apply one file's values; returns their classification (what `classify` would say before the write).

    Set-based, without a classify pass of its own (petakesos.sql.welfare.VersionedWrite): the rows retired count
    'ubah', the rows inserted minus those are 'baru', the rest is 'sama'."""
    status: Counter = Counter()
    parts = [("df_in", counts, q.WRITE_COUNTS), ("df_w", wksbm, q.WRITE_WKSBM)]
    if general is not None:
        parts.insert(0, ("df_u", general, q.WRITE_GENERAL))
    for name, source, statements in parts:
        if not len(source):
            continue
        with as_table(con, name, source):
            if not con.execute(statements.any_current).fetchall()[0][0]:
                changed, added = 0, con.execute(statements.insert_plain, [batch_id]).fetchall()[0][0]
            else:
                # One transaction: the current rows' rowids that `match` records stay valid until `retire`.
                con.execute("BEGIN TRANSACTION")
                try:
                    con.execute(statements.match)
                    changed = con.execute(statements.retire, [batch_id]).fetchall()[0][0]
                    added = con.execute(statements.insert, [batch_id]).fetchall()[0][0]
                    con.execute(statements.drop)
                    con.execute("COMMIT")
                except BaseException:
                    # the working copy is thrown away anyway; a failed ROLLBACK must not hide the first error
                    with contextlib.suppress(duckdb.Error):
                        con.execute("ROLLBACK")
                    raise
        status.update({"baru": added - changed, "ubah": changed, "sama": len(source) - added})
    return status


def write_reference(con, data_dir, code_list: pd.DataFrame | None, categories: pd.DataFrame) -> bool:
    """Code list (when the store has none yet), categories and population: the reference the indicators need.
    Returns True when the code list or the population changed (then every year's indicators change)."""
    changed = False
    if code_list is not None and con.execute(q.COUNT_KODE).fetchall()[0][0] == 0:
        run_with_frame(con, "df_kode", code_list, [rq.INSERT_KODE])
        changed = True
    run_with_frame(con, "df_kat", categories, [q.UPSERT_KATEGORI])
    try:
        pop = reference.read_population(data_dir)
    except reference.ReferenceMissing:
        return changed
    pop = pop.assign(edisi="Kemendagri 2025")[["kode", "total", "edisi"]]
    before = con.execute(q.PENDUDUK_HASH).fetchall()[0]
    run_with_frame(con, "df_pend", pop, [q.DELETE_PENDUDUK, q.INSERT_PENDUDUK])
    return changed or con.execute(q.PENDUDUK_HASH).fetchall()[0] != before


def years_of(con, counts: pd.DataFrame | StagedCounts, wksbm: pd.DataFrame, general: pd.DataFrame | None) -> set[int]:
    """The years a file's values fall in (the years whose indicators its import changes)."""
    years: set[int] = set()
    for name, source in (("df_in", counts), ("df_w", wksbm), ("df_u", general)):
        if source is not None and len(source):
            with as_table(con, name, source):
                years |= {int(r[0]) for r in con.execute(q.YEARS_OF.format(name=name)).fetchall()}
    return years

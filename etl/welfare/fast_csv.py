"""Fast path of the welfare import for plain wide CSV files: DuckDB reads, checks and unpivots the clean rows.

A national wide file (every desa × years × categories) holds tens of millions of values; parsing each value in
pandas costs ≈4 µs, minutes for such a file. This module lets DuckDB do the bulk work in SQL and keeps ONE set
of rules: SQL only *recognises rows that are certainly clean* (a known dotted Kemendagri code of the file's one
level, a plain year 2000..max_year, every value empty or a whole number `1234` / `1.234` within 0..MAX_COUNT, the
name the general path checks — a generic `nama` column, else the name column of the codes' level — the official
name of the code); those rows' values go straight to the staging area. Name columns of other levels (a desa file's
`nama_kecamatan`, `nama_kabupaten`) are read and ignored, as the general path does when a row has a code. Every other
row (a problem, or anything SQL is not sure about) is handed back as a small RawTable that the driver sends through
the general normalise → validate path, so problems are reported by the same code, with the same file/row/column.
Duplicates across all rows are then found by `Staging.duplicates_across_chunks`, as for a chunked file.

`plan()` says whether a file qualifies; it does not (None: the general path reads the whole file) for XLSX,
non-UTF-8 encodings, title rows or two-row headers, long/portal/registry layouts, columns that are not a known
category by its abbreviation or official name (beyond code, names, year and the columns the general path ignores:
No, keterangan, satuan, …), several code columns, a total column, codes that are not dotted Kemendagri codes (BPS
codes, province codes, `3201.0`), regions of several levels, no year column, `--tahun`, `--skema-kode`, a scope,
quoted line breaks or blank lines (row numbers would shift), or many problem rows (then the general path's
per-chunk reporting is used unchanged).
"""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

import duckdb
import pandas as pd

from etl.report import Report
from etl.welfare import read
from etl.welfare.normalise import _EMPTY, _roles, col_key
from petakesos.welfare import MAX_COUNT
from petakesos.welfare.categories import CategoryMatcher
from petakesos.welfare.regions import RegionIndex, same_name

# More problem rows than this: the file goes through the general path (its reporting caps work per chunk).
MAX_SUSPECT_ROWS = 20_000
MAX_NAME_MISMATCHES = 200  # normalise reports at most 200 name mismatches per chunk
_DOTTED = r"[0-9]{2}\.[0-9]{2}(\.[0-9]{2}(\.[0-9]{4})?)?"
_WHOLE = r"[0-9]+|[0-9]{1,3}(\.[0-9]{3})+"
_SPACES = "' ' || chr(9) || chr(11) || chr(12) || chr(13) || chr(160)"
_LEVEL_BY_LENGTH = {5: "kabupaten_kota", 8: "kecamatan", 13: "desa_kelurahan"}


def _quote(name: str) -> str:
    return '"' + name.replace('"', '""') + '"'


def _literal(text: str) -> str:
    return "'" + text.replace("'", "''") + "'"


@dataclass
class FastPlan:
    """A wide CSV that DuckDB can read: its header, its column roles and where its rows start."""

    path: Path
    sep: str
    columns: list[str]
    code_col: str
    name_cols: dict[str, str]  # level ("" for a generic `nama` column) → column; at most one per level
    year_col: str
    categories: dict[str, tuple[str, str]]  # column → (jenis, singkatan)
    first_row: int
    encoding: str
    # After `tables()`: rows whose region and year every duplicate involves (problem rows, and rows sharing a
    # region and year with another row); the duplicate check groups only those regions/years.
    focus_rows: list[int] | None = None

    def tables(self, stage, file_no: int, sumber: str, report: Report, index: RegionIndex,
               max_year: int) -> Iterator[read.RawTable] | None:
        """Stage the clean rows' values (SQL) and return the other rows as RawTables for the general path; None
        when the file turns out not to qualify after all (nothing staged then)."""
        return _run(self, stage, file_no, sumber, report, index, max_year)


def plan(path: Path, report: Report, matcher: CategoryMatcher, *, sheet: str | None, tahun: int | None,
         code_scheme: str | None, scope: str | None) -> FastPlan | None:
    """A FastPlan when the file is a plain wide CSV this module handles, else None (use the general path)."""
    path = Path(path)
    if (path.suffix.lower() not in read.CSV_SUFFIXES or sheet is not None or tahun is not None or code_scheme
            or scope is not None or not path.is_file()):
        return None
    try:
        from petakesos.settings import get_settings

        read._check_size(path, get_settings().max_import_mb)
        encoding = read._sniff_encoding(path)
        if encoding not in ("utf-8", "utf-8-sig"):
            return None
        raw, sep, width = read._csv_head(path, "utf-8-sig")
    except read.FatalInput:
        return None  # the general path raises the same problem with its message
    if sep not in (",", ";") or raw.empty:
        return None
    header, n_rows = read.locate_header(raw)
    if header != 0 or n_rows != 1:
        return None
    columns = read._header_names(raw, header, n_rows)
    if len(columns) != width or any(c.startswith("kolom_") for c in columns):
        return None
    roles = _roles(columns)
    codes = [c for c, r in roles.items() if r.startswith("code:")]
    names = [c for c, r in roles.items() if r.startswith("name:")]
    years = [c for c, r in roles.items() if r == "tahun"]
    # Columns the general path ignores (No, keterangan, satuan, …) are ignored here too.
    others = [c for c, r in roles.items() if not r.startswith(("code:", "name:")) and r not in ("tahun", "ignore")]
    name_cols = {roles[c].split(":", 1)[1]: c for c in names}
    if (len(codes) != 1 or len(name_cols) != len(names) or len(years) != 1 or others
            or "bps" in col_key(codes[0])):
        return None
    categories: dict[str, tuple[str, str]] = {}
    for col in columns:
        if col in roles:
            continue
        found = matcher.match(col)
        if found is None or found.how not in ("singkatan", "nama") or (found.jenis, found.singkatan) == ("PSKS", "WKSBM"):
            return None  # unknown/alias/close spelling/total/WKSBM columns: reported by the general path
        categories[col] = (found.jenis, found.singkatan)
    if not categories or len(set(categories.values())) != len(categories):
        return None
    return FastPlan(path, sep, columns, codes[0], name_cols, years[0], categories,
                    first_row=header + n_rows + 1, encoding=encoding)


def _line_count(path: Path) -> int:
    lines, last = 0, b"\n"
    with open(path, "rb") as handle:
        for block in iter(lambda: handle.read(1 << 22), b""):
            lines += block.count(b"\n")
            last = block[-1:]
    return lines + (last != b"\n")


def _run(p: FastPlan, stage, file_no: int, sumber: str, report: Report, index: RegionIndex,
         max_year: int) -> Iterator[read.RawTable] | None:
    con: duckdb.DuckDBPyConnection = stage.con
    cols = {c: f"c{i}" for i, c in enumerate(p.columns)}
    spec = "{" + ", ".join(f"{_literal(v)}: 'VARCHAR'" for v in cols.values()) + "}"
    try:
        _sql(con, f"""CREATE OR REPLACE TEMP TABLE raw_csv AS SELECT * FROM read_csv({_literal(str(p.path))},
            columns = {spec}, header = false, skip = 1, delim = {_literal(p.sep)}, quote = '"', escape = '"',
            auto_detect = false, strict_mode = true, null_padding = false, encoding = 'utf-8')""")
    except duckdb.Error:
        return None  # ragged rows, odd quoting, …: the general path names the line
    n = _sql(con, "SELECT count(*) FROM raw_csv")[0][0]
    if n == 0 or _line_count(p.path) != n + 1:
        _sql(con, "DROP TABLE raw_csv")
        return None  # header only, quoted line breaks or blank lines: row numbers would not be the user's

    code, year = cols[p.code_col], cols[p.year_col]
    cats = [cols[c] for c in p.categories]
    # A cell of spaces only is empty (read._body_chunk does the same on the general path).
    filled = " OR ".join(f"trim(coalesce({c}, ''), {_SPACES}) <> ''" for c in cats)
    any_cell = " OR ".join(f"trim(coalesce({c}, ''), {_SPACES}) <> ''" for c in cols.values())
    empty_set = ", ".join(_literal(e) for e in sorted(_EMPTY))
    value_ok = " AND ".join(
        f"({c} IS NULL OR {c} IN ({empty_set}) OR (regexp_full_match({c}, '{_WHOLE}') "
        f"AND TRY_CAST(replace({c}, '.', '') AS DOUBLE) <= {MAX_COUNT}))" for c in cats)
    code_list = pd.DataFrame({"kode": list(index.nama)})
    con.register("code_list_in", code_list)
    try:
        # Rows with data (rows whose category cells are all empty are skipped, as normalise does).
        # Every name column comes along: which one is checked depends on the codes' level, known below.
        _sql(con, f"""CREATE OR REPLACE TEMP TABLE rows_csv AS
            SELECT rowid + {p.first_row} AS row, {code} AS kode, {year} AS tahun
                   {''.join(f', {cols[c]}' for c in p.name_cols.values())},
                   ({value_ok}) AS values_ok, kode IN (SELECT kode FROM code_list_in) AS known
            FROM raw_csv WHERE {filled}""")
        shape = _sql(con, f"""SELECT count(DISTINCT length(kode)) FILTER (WHERE coalesce(kode, '') <> ''),
                   min(length(kode)) FILTER (WHERE coalesce(kode, '') <> ''),
                   count(*) FILTER (WHERE coalesce(kode, '') <> '' AND NOT regexp_full_match(kode, '{_DOTTED}')),
                   (SELECT count(*) FROM raw_csv WHERE {any_cell})
            FROM rows_csv""")[0]
    finally:
        con.unregister("code_list_in")
    levels, length, undotted, total = shape
    if levels != 1 or undotted or length not in _LEVEL_BY_LENGTH:
        return _give_up(con)
    tingkat = _LEVEL_BY_LENGTH[length]

    # Names: checked in Python on the distinct (code, name) pairs (the same `same_name` as normalise), for the
    # column the general path checks: a generic name column, else the one of the codes' level.
    name_col = p.name_cols.get("") or p.name_cols.get(tingkat)
    nama = cols[name_col] if name_col else None
    bad_pairs = pd.DataFrame({"kode": pd.Series([], dtype=str), "nama": pd.Series([], dtype=str)})
    if nama:
        pairs = _sql(con, f"""SELECT DISTINCT kode, {nama} FROM rows_csv
                              WHERE known AND trim(coalesce({nama}, '')) <> ''""")
        wrong = [(k, m) for k, m in pairs if m.strip() and not same_name(index.nama[k], m, tingkat)]
        bad_pairs = pd.DataFrame(wrong, columns=["kode", "nama"]) if wrong else bad_pairs
    con.register("bad_pairs_in", bad_pairs)
    try:
        _sql(con, f"""CREATE OR REPLACE TEMP TABLE clean_rows AS SELECT row FROM rows_csv r
            WHERE known AND values_ok AND regexp_full_match(tahun, '[0-9]{{4}}')
              AND CAST(tahun AS INTEGER) BETWEEN 2000 AND {int(max_year)}
              {f"AND NOT EXISTS (SELECT 1 FROM bad_pairs_in b WHERE b.kode = r.kode AND b.nama = r.{nama})"
               if nama else ""}""")
    finally:
        con.unregister("bad_pairs_in")
    suspect = _sql(con, "SELECT count(*) FROM rows_csv ANTI JOIN clean_rows USING (row)")[0][0]
    if suspect > MAX_SUSPECT_ROWS or len(bad_pairs) > MAX_NAME_MISMATCHES:
        return _give_up(con)

    # The clean rows' values, unpivoted in SQL into the staging table.
    mapping = pd.DataFrame([(cols[c], stage.series(c, j, k, sumber)) for c, (j, k) in p.categories.items()],
                           columns=["cell", "seri"])
    con.register("category_map_in", mapping)
    try:
        _sql(con, f"""INSERT INTO nilai
            SELECT {int(file_no)}, u.row, m.seri, u.kode, CAST(u.tahun AS INTEGER),
                   CAST(replace(u.value, '.', '') AS BIGINT)
            FROM (UNPIVOT (SELECT rowid + {p.first_row} AS row, {code} AS kode, {year} AS tahun, {', '.join(cats)}
                           FROM raw_csv WHERE rowid + {p.first_row} IN (SELECT row FROM clean_rows))
                  ON {', '.join(cats)} INTO NAME cell VALUE value) u
            JOIN category_map_in m USING (cell)
            WHERE u.value NOT IN ({empty_set})""")
    finally:
        con.unregister("category_map_in")
    # A duplicate region/year/category needs two rows of one region and year (every row has every category
    # column), or a problem row, whose region is known only after the general path.
    p.focus_rows = [r for (r,) in _sql(con, """SELECT row FROM rows_csv ANTI JOIN clean_rows USING (row)
        UNION ALL SELECT row FROM rows_csv SEMI JOIN (SELECT kode, tahun FROM rows_csv GROUP BY ALL
                                                       HAVING count(*) > 1) USING (kode, tahun)""")]
    rest = con.execute(f"""SELECT rowid + {p.first_row} AS row, * FROM raw_csv
        WHERE rowid + {p.first_row} IN (SELECT row FROM rows_csv ANTI JOIN clean_rows USING (row))
        ORDER BY row""").df()
    for table in ("raw_csv", "rows_csv", "clean_rows"):
        _sql(con, f"DROP TABLE {table}")

    report.note(f"{p.path.name}: {total} baris data, header di baris {p.first_row - 1}, encoding {p.encoding}")
    frame = rest.drop(columns=["row"]).fillna("")
    frame = frame.where(~frame.apply(lambda col: col.str.isspace()), "")
    frame.columns = p.columns
    frame.index = rest["row"].to_numpy()
    sha256 = read.file_sha256(p.path)
    return _chunks(p, frame, sha256, p.encoding)


def _chunks(p: FastPlan, frame: pd.DataFrame, sha256: str, encoding: str) -> Iterator[read.RawTable]:
    """The problem rows in chunks of the general path's size (at least one table, maybe empty, so the driver
    records the file's layout)."""
    step = max(1, read.CHUNK_CELLS // max(len(p.columns), 1))
    for start in range(0, max(len(frame), 1), step):
        yield read.RawTable(p.path, "", frame.iloc[start:start + step].copy(), p.first_row, "", sha256, encoding)


def _sql(con: duckdb.DuckDBPyConnection, text: str) -> list[tuple]:
    """Run `text` to the end (every statement's result fetched, as the staging connection requires)."""
    return con.execute(text).fetchall()


def _give_up(con: duckdb.DuckDBPyConnection) -> None:
    for table in ("raw_csv", "rows_csv", "clean_rows"):
        _sql(con, f"DROP TABLE IF EXISTS {table}")
    return None


__all__ = ["FastPlan", "plan"]

"""Stage 3 of a welfare import: the checks of values (cells: numbers, signs, whole counts, years; called by
normalise as it parses), rules across rows (duplicates, values of regions that did not exist yet), the
data-quality warnings, and the final split into valid and held-back rows.

A row that carries any error is held back as a whole; under the default policy one held-back row stops the
import of every file (nothing is written), with `--skip-invalid` the valid rows are imported and the others listed.

Data-quality warnings (never blocking, except with `--strict`), each naming file, row, region, year and value:
- `lonjakan`: a value more than JUMP_FACTOR times (or less than 1/JUMP_FACTOR of) the same region's value of the
  year before — digit loss or typing errors such as 817 → 123,822 PKH recipients; counts below JUMP_MIN are not
  checked (small numbers move a lot);
- `pencilan`: a value more than OUTLIER_FACTOR times above or below the median of its siblings (same parent, year
  and indicator; at least OUTLIER_MIN_SIBLINGS of them) and, on a log scale, more than OUTLIER_Z robust standard
  deviations (1.4826 × median absolute deviation) from it — so a small kota among large kabupaten (Kota Banjar)
  is not flagged, a value that lost digits is;
- `persen_lebih_100`: a percentage over 100;
- `induk_tidak_sama`: a parent given beside all its children differs from their sum by more than
  PARENT_TOLERANCE (for indicators that sum).
The cell and row checks are pure functions of a frame of rows plus context, so the pipeline calls them per chunk;
the data-quality warnings and `drop_zero_before_existence` compare rows with other rows of the same region or
parent anywhere in the file, so the import runs them once over the whole file, after the last chunk (the warnings
in SQL over the staged values: a national file holds tens of millions).
"""

from __future__ import annotations

import contextlib
from collections.abc import Iterator
from dataclasses import dataclass, field
from typing import TYPE_CHECKING

import duckdb
import numpy as np
import pandas as pd

from etl.report import Report
from petakesos.numbers import format_number
from petakesos.sql import quality as qq
from petakesos.store import registered
from petakesos.welfare.editions import INFERRED, infer_splits
from petakesos.welfare.model import PEMEKARAN, GeneralIndicator

JUMP_FACTOR = 5.0
JUMP_MIN = 100.0
OUTLIER_FACTOR = 20.0
OUTLIER_MIN_SIBLINGS = 5
OUTLIER_Z = 3.5
PARENT_TOLERANCE = 0.005  # 0.5 % of the parent value
MAX_LINES_PER_CHECK = 100  # report lines per warning code and file (the rest is counted)
QUALITY_CODES = ("lonjakan", "pencilan", "persen_lebih_100", "induk_tidak_sama")
FORMED = {new: (origin, year, law) for new, origin, year, law in PEMEKARAN}

if TYPE_CHECKING:  # normalise calls the cell checks below; only the type is needed here
    from etl.welfare.normalise import Normalised


# ---- cell checks (called by normalise while it parses each column) ---------------------------------------------
def value_problems(nums: np.ndarray, unreadable: np.ndarray, raw: pd.Series, rows: np.ndarray, col: str,
                   ctx, bad: set[int]) -> np.ndarray:
    """Report unreadable, fractional and negative values; return the mask of usable values."""
    fractional = ~np.isnan(nums) & (np.mod(nums, 1) != 0)
    negative = ~np.isnan(nums) & (nums < 0)
    for i in np.flatnonzero(unreadable | fractional):
        ctx.report.error(
            "bukan_angka",
            f"nilai {raw.iloc[i]!r} bukan bilangan bulat (tulis angka tanpa satuan, mis. 1.234 atau 1234)",
            **ctx.where(int(rows[i]), col),
        )
        bad.add(int(rows[i]))
    for i in np.flatnonzero(negative):
        ctx.report.error("negatif", f"nilai {raw.iloc[i]!r} negatif: jumlah tidak boleh kurang dari 0",
                         **ctx.where(int(rows[i]), col))
        bad.add(int(rows[i]))
    return ~np.isnan(nums) & ~unreadable & ~fractional & ~negative


def scaled_value_problems(scaled: np.ndarray, unreadable: np.ndarray, raw: pd.Series, rows: np.ndarray, col: str,
                          ctx, bad: set[int], *, whole: bool, written: str, satuan: str) -> np.ndarray:
    """Values of a general indicator after scaling: unreadable, negative, or not whole where the unit counts
    (451.35 RIBU JIWA is 451,350 people; 451.3456 is not a number of people). Returns the mask of usable values."""
    fractional = ~np.isnan(scaled) & whole & (np.abs(scaled - np.round(scaled)) > 1e-6 * np.maximum(1, np.abs(scaled)))
    negative = ~np.isnan(scaled) & (scaled < 0)
    for i in np.flatnonzero(unreadable):
        ctx.report.error("bukan_angka", f"nilai {raw.iloc[i]!r} bukan angka", **ctx.where(int(rows[i]), col))
        bad.add(int(rows[i]))
    for i in np.flatnonzero(fractional):
        ctx.report.error(
            "bukan_angka",
            f"nilai {raw.iloc[i]!r} {written} = {scaled[i]:g} {satuan} bukan bilangan bulat: jumlah "
            f"{satuan} harus utuh (periksa angka desimalnya, atau beri --agregasi none bila ini bukan jumlah)",
            **ctx.where(int(rows[i]), col),
        )
        bad.add(int(rows[i]))
    for i in np.flatnonzero(negative):
        ctx.report.error("negatif", f"nilai {raw.iloc[i]!r} negatif", **ctx.where(int(rows[i]), col))
        bad.add(int(rows[i]))
    return ~np.isnan(scaled) & ~unreadable & ~fractional & ~negative


def year_problems(years: pd.Series, ctx, bad: set[int], max_year: int, column: str = "") -> pd.Series:
    """Years outside 2000–max_year or not whole are errors on their rows; returns the years with those blanked."""
    impossible = years.notna() & ((years < 2000) | (years > max_year) | (years % 1 != 0))
    for row in years.index[impossible]:
        ctx.report.error(
            "tahun_mustahil", f"tahun {years[row]:g} tidak mungkin (harus 2000–{max_year})",
            **ctx.where(int(row), column),
        )
        bad.add(int(row))
    return years.where(~impossible)


# ---- rules across rows ------------------------------------------------------------------------------------------

COUNT_KEY = ["kode", "tahun", "jenis", "kategori"]
WKSBM_KEY = ["tahun", "kode", "nama_kunci"]


@dataclass
class Validated:
    norm: Normalised
    counts: pd.DataFrame  # jenis, kode, tahun, kategori, nilai (+ row)
    wksbm: pd.DataFrame
    held_back: set[int]  # rows with an error
    ignored: set[int]  # rows ignored on purpose (total rows, identical duplicates)
    general: pd.DataFrame = field(default_factory=pd.DataFrame)  # kode, tahun, indikator, nilai, row (+ column)


def _where(norm: Normalised, row: int, column: str = "") -> dict:
    return {"file": norm.table.file.name, "sheet": norm.table.sheet, "row": row, "column": column}


def validate(norm: Normalised, report: Report) -> Validated:
    """The row checks of one chunk. The data-quality warnings and `drop_zero_before_existence` compare rows across
    the whole file: the import runs them once after the last chunk (etl.welfare `_quality_over_file`)."""
    bad = set(norm.bad_rows)
    ignored = set(norm.ignored_rows)
    counts, wksbm = norm.counts, norm.wksbm
    if norm.layout != "registri":
        counts = counts[counts["kode"].notna() & counts["tahun"].notna()].copy()
        wksbm_counts = counts["kategori"].eq("WKSBM") & counts["jenis"].eq("PSKS")
        if wksbm_counts.any():
            report.warning(
                "wksbm_dari_registri",
                "jumlah WKSBM tidak diimpor dari tabel jumlah PSKS: indikator WKSBM dihitung dari registri WKSBM "
                "(impor registrinya dengan templat registri WKSBM)",
                file=norm.table.file.name, sheet=norm.table.sheet, column=str(counts.loc[wksbm_counts, "column"].iloc[0]),
            )
            counts = counts[~wksbm_counts]
        dup = counts.duplicated(COUNT_KEY, keep=False)
        if dup.any():
            repeats = counts[dup]
            groups = [group for _, group in repeats.groupby(COUNT_KEY, sort=False)]
            # By each group's first repeat (the row a message is about): messages in file order.
            groups.sort(key=lambda group: sorted(group["row"])[1])
            for group in groups:
                rows = sorted(set(group["row"].astype(int)))
                same = group["nilai"].nunique() == 1
                first = rows[0]
                for row in rows[1:]:
                    k = group.iloc[0]
                    if same:
                        report.warning(
                            "baris_ganda",
                            f"{k['kode']} {int(k['tahun'])} {k['kategori']} sudah ada di baris {first} dengan nilai "
                            "sama; baris ini diabaikan",
                            kode=k["kode"], **_where(norm, row, k["column"]),
                        )
                        ignored.add(row)
                    else:
                        report.error(
                            "baris_ganda",
                            f"{k['kode']} {int(k['tahun'])} {k['kategori']} juga ada di baris {first} dengan nilai "
                            "lain: hapus salah satu",
                            kode=k["kode"], **_where(norm, row, k["column"]),
                        )
                        bad.update(rows)
            counts = counts.drop_duplicates(COUNT_KEY, keep="first")
        counts = counts[~counts["row"].isin(bad)]
        counts = counts.assign(tahun=counts["tahun"].astype(int))
        is_general = counts["jenis"].eq("UMUM")
        general = counts[is_general].rename(columns={"kategori": "indikator"}).astype({"nilai": float})
        counts = counts[~is_general].assign(nilai=lambda f: f["nilai"].astype("int64"))
        return Validated(norm, counts, wksbm, bad, ignored, general.reset_index(drop=True))
    else:
        wksbm = wksbm[wksbm["kode"].notna() & wksbm["tahun"].notna()].copy()
        bad |= wksbm_duplicates(wksbm, report, norm)
        wksbm = wksbm[~wksbm["row"].isin(bad)].copy()
        wksbm["tahun"] = wksbm["tahun"].astype(int)
    return Validated(norm, counts, wksbm, bad, ignored)


def wksbm_duplicates(wksbm: pd.DataFrame, report: Report, norm: Normalised) -> set[int]:
    """The same WKSBM (region, year, name) on several rows: one error per repeat; returns every row involved.
    Called per chunk by `validate` and once over all chunks' rows of a file by the import (repeats in two chunks)."""
    bad: set[int] = set()
    dup = wksbm.duplicated(WKSBM_KEY, keep=False)
    for _, group in wksbm[dup].groupby(WKSBM_KEY, sort=False):
        rows = sorted(group["row"].astype(int))
        for row in rows[1:]:
            report.error(
                "baris_ganda",
                f"WKSBM {group.iloc[0]['nama']!r} di {group.iloc[0]['kode']} tahun {int(group.iloc[0]['tahun'])} "
                f"sudah ada di baris {rows[0]}: hapus salah satu, atau beri nama yang berbeda",
                kode=group.iloc[0]["kode"], **_where(norm, row),
            )
        bad.update(rows)
    return bad


def restrict_to_scope(v: Validated, report: Report, scope: str | None) -> Validated:
    """Hold back every row touching a region outside `scope` (an operator's region; None = no limit), one error per
    row naming the region, so the upload is refused with the rows named."""
    from petakesos.auth.roles import in_scope

    if scope is None:
        return v
    norm = v.norm
    outside: set[int] = set()
    # Every normalised row with a code, also rows already held back for another error (a duplicate, a bad value):
    # the report names each row outside the region at once, not only after the other errors are fixed.
    for frame in (norm.counts, norm.wksbm, v.general):
        if frame.empty or "kode" not in frame.columns:
            continue
        frame = frame[frame["kode"].notna()]
        mask = ~frame["kode"].astype(str).map(lambda k: in_scope(scope, k))
        for rec in frame.loc[mask, ["row", "kode"]].drop_duplicates().itertuples(index=False):
            outside.add(int(rec.row))
            report.error("di_luar_wilayah",
                         f"wilayah {rec.kode} di luar wilayah Anda ({scope}): hapus baris ini, atau minta admin "
                         "mengimpornya", kode=str(rec.kode), **_where(norm, int(rec.row)))
    if not outside:
        return v
    counts = v.counts[~v.counts["row"].isin(outside)] if not v.counts.empty else v.counts
    wksbm = v.wksbm[~v.wksbm["row"].isin(outside)] if not v.wksbm.empty else v.wksbm
    general = v.general[~v.general["row"].isin(outside)] if not v.general.empty else v.general
    return Validated(norm, counts, wksbm, v.held_back | outside, v.ignored, general)


def _parent(kode: pd.Series) -> pd.Series:
    """Parent code of each code ('' for provinces), computed once per distinct code (rows repeat codes)."""
    uniq = pd.unique(kode)
    parents = {c: (c.rsplit(".", 1)[0] if "." in c else "") for c in uniq}
    return kode.map(parents)


def drop_zero_before_existence(values: pd.DataFrame, defs: dict[str, GeneralIndicator], report: Report,
                               norm: Normalised) -> pd.DataFrame:
    """A 0 reported for a region before it existed is no data, not zero: the leading run of zeros in a region's
    series (years before its first non-zero value) is dropped where its siblings have non-zero values in those
    years (a kab/kota with no poor people at all is not plausible; a unit formed later is), with an info line.
    Known splits (petakesos.welfare.model.PEMEKARAN) are named in the line, and so is the probable origin of
    another (petakesos.welfare.editions.infer_splits: the sibling whose value drops that year)."""
    if values.empty:
        return values
    v = values.sort_values(["indikator", "kode", "tahun"])
    v = v.assign(induk=_parent(v["kode"]))
    sib = v[v["nilai"] > 0].groupby(["indikator", "induk", "tahun"]).size().rename("sib_nonzero")
    v = v.join(sib, on=["indikator", "induk", "tahun"])
    first_nonzero = v[v["nilai"] > 0].groupby(["indikator", "kode"])["tahun"].min().rename("pertama")
    v = v.join(first_nonzero, on=["indikator", "kode"])
    leading = (v["nilai"] == 0) & (v["tahun"] < v["pertama"]) & (v["sib_nonzero"].fillna(0) >= 2)
    if not leading.any():
        return values
    kept = values.drop(index=v.index[leading])
    sums = kept[kept["indikator"].map(lambda i: i in defs and defs[i].agregasi == "sum")]
    inferred = infer_splits(sums, known=frozenset(FORMED)).set_index("kode_baru")["kode_asal"].to_dict()
    for (ind, kode), group in v[leading].groupby(["indikator", "kode"], sort=True):
        years = sorted(group["tahun"].astype(int))
        formed = FORMED.get(kode)
        if formed:
            why = f"dimekarkan dari {formed[0]} ({formed[2]}, {formed[1]})"
        elif kode in inferred:
            why = (f"kemungkinan dimekarkan dari {inferred[kode]}: nilainya turun saat wilayah ini mulai dilaporkan "
                   f"({INFERRED})")
        else:
            why = "wilayah ini belum ada atau belum dilaporkan terpisah"
        report.info(
            "nol_sebelum_ada",
            f"{ind}: nilai 0 untuk {kode} tahun {years[0]}{'' if len(years) == 1 else f'–{years[-1]}'} "
            "dibaca sebagai tidak ada data, bukan nol "
            f"({why}; data pertama {int(group['pertama'].iloc[0])})",
            kode=kode, file=norm.table.file.name, sheet=norm.table.sheet, row=int(group["row"].iloc[0]),
            column=str(group["column"].iloc[0]),
        )
    return kept


@contextlib.contextmanager
def shared_code_keys(con: duckdb.DuckDBPyConnection, codes: str) -> Iterator[None]:
    """The quality checks' integer code keys built once from `codes` (SQL listing every code of a file), for
    several `quality_warnings(..., shared_keys=True)` calls over the file's categories: reading a national file's
    45 M codes once instead of once per category."""
    try:
        for statement in qq.CODE_KEYS:
            con.execute(statement.format(codes=codes))
        yield
    finally:
        for statement in qq.DROP_CODE_KEYS:
            con.execute(statement)


def quality_warnings(con: duckdb.DuckDBPyConnection, source: str, defs: dict[str, GeneralIndicator],
                     report: Report, norm: Normalised, history: pd.DataFrame | None = None, *,
                     lines: dict[str, int] | None = None, shared_keys: bool = False) -> None:
    """The data-quality warnings of the module docstring on the values SQL reads as `source` in `con` (a view or a
    registered frame: kode, tahun, indikator, nilai, row, column), set-based (petakesos/sql/quality.py).
    `history` (kode, tahun, indikator, nilai: values already stored) takes part in the year-on-year check only; a
    warning is only ever about a row of the file. `lines`: a count of warnings per code shared by several calls
    over one file (the caller then adds `hidden_warnings_note`); None: this call is the whole file.
    `shared_keys`: the caller holds `shared_code_keys` over every code of `source` (no history then)."""
    if shared_keys and history is not None and len(history):
        raise ValueError("history needs its codes in the keys: call without shared_keys")
    whole = lines is None
    lines = {} if lines is None else lines
    where = {"file": norm.table.file.name, "sheet": norm.table.sheet}
    flags = pd.DataFrame([(i, d.satuan == "%", d.agregasi == "sum") for i, d in defs.items()],
                         columns=["indikator", "persen", "summed"]).astype({"indikator": str, "persen": bool,
                                                                           "summed": bool})
    past = history if history is not None and len(history) else pd.DataFrame(
        {"kode": pd.Series(dtype=str), "tahun": pd.Series(dtype="int64"), "indikator": pd.Series(dtype=str),
         "nilai": pd.Series(dtype=float)})
    past = past[["kode", "tahun", "indikator", "nilai"]].astype({"tahun": "int64", "nilai": float})

    def fmt(x: float) -> str:
        return format_number(x, 2 if x % 1 else 0)

    def warn(code: str, sql: str, params: list, text, *, per_indicator: bool = False) -> None:
        if per_indicator:
            found = [r for (i,) in con.execute(qq.INDICATOR_IDS).fetchall()
                     for r in con.execute(sql, [*params, i]).fetchall()]
            found.sort(key=lambda r: (r[-2], r[-1], r[0]))  # file order, as the other checks
        else:
            found = con.execute(sql, params).fetchall()
        room = max(0, MAX_LINES_PER_CHECK - lines.get(code, 0))
        lines[code] = lines.get(code, 0) + len(found)
        for r in found[:room]:
            report.warning(code, text(r), kode=r[1], row=int(r[-2]), column=str(r[-1]), **where)

    with registered(con, "q_defs", flags), registered(con, "q_history", past):
        try:
            if not shared_keys:
                for statement in qq.CODE_KEYS:
                    con.execute(statement.format(codes=qq.CODES_OF_SOURCE.format(source=source)))
            for statement in qq.QUALITY_VALUES:
                con.execute(statement.format(source=source))
            warn("lonjakan", qq.JUMPS, [JUMP_FACTOR, JUMP_MIN],
                 lambda r: f"{r[0]} {r[1]} tahun {r[2]}: {fmt(r[3])} setelah {fmt(r[4])} tahun {r[2] - 1} (berubah "
                 f"lebih dari {JUMP_FACTOR:g} kali lipat): periksa angka yang hilang/salah ketik")
            warn("pencilan", qq.OUTLIERS, [OUTLIER_MIN_SIBLINGS, OUTLIER_Z, OUTLIER_FACTOR],
                 lambda r: f"{r[0]} {r[1]} tahun {r[2]}: {fmt(r[3])} jauh dari median wilayah setingkatnya "
                 f"({fmt(r[4])}, lebih dari {OUTLIER_FACTOR:g} kali lipat): periksa", per_indicator=True)
            warn("persen_lebih_100", qq.PERCENT_OVER_100, [],
                 lambda r: f"{r[0]} {r[1]} tahun {r[2]}: {fmt(r[3])}% lebih dari 100%")
            if con.execute(qq.CODE_LENGTHS).fetchall()[0][0] > 1:
                warn("induk_tidak_sama", qq.PARENT_NOT_SUM, [PARENT_TOLERANCE],
                     lambda r: f"{r[0]} {r[1]} tahun {r[2]}: {fmt(r[3])} tetapi jumlah wilayah bawahannya di file "
                     f"ini {fmt(r[4])} (yang dipakai: jumlah wilayah bawahan)")
        finally:
            for statement in qq.DROP + ([] if shared_keys else qq.DROP_CODE_KEYS):
                con.execute(statement)
    if whole:
        hidden_warnings_note(lines, report, norm.table.file.name)


def hidden_warnings_note(lines: dict[str, int], report: Report, file: str) -> None:
    """One note per warning code with more lines than MAX_LINES_PER_CHECK in one file."""
    for code, n_lines in lines.items():
        if n_lines > MAX_LINES_PER_CHECK:
            report.note(f"{file}: {n_lines - MAX_LINES_PER_CHECK} peringatan {code} lain tidak ditampilkan")


def row_ranges(rows: set[int], limit: int = 30) -> str:
    """{3, 4, 5, 9} → '3–5, 9' (the rows to fix, short)."""
    ordered = sorted(rows)
    spans: list[str] = []
    start = prev = None
    for r in ordered:
        if start is None:
            start = prev = r
        elif r == prev + 1:
            prev = r
        else:
            spans.append(f"{start}" if start == prev else f"{start}–{prev}")
            start = prev = r
    if start is not None:
        spans.append(f"{start}" if start == prev else f"{start}–{prev}")
    text = ", ".join(spans[:limit])
    return text + (f" … (+{len(spans) - limit})" if len(spans) > limit else "")

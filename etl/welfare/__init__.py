"""Welfare import pipeline: read → normalise → validate → load (one module per stage).

`import_welfare(files, …)` is what `python -m etl welfare FILE...` runs. One call is one atomic change of the
store: all files or nothing; the same files twice change nothing (reported as unchanged).
"""

from __future__ import annotations

import datetime
import time
from collections import Counter
from dataclasses import dataclass, field
from pathlib import Path

import duckdb
import pandas as pd

from etl.report import ERROR, FatalInput, Problem, Report
from etl.welfare import checks, load, normalise, read, staging, validate
from petakesos import indicators, reference
from petakesos.settings import Settings, get_settings
from petakesos.sql import regions as rq
from petakesos.sql import welfare as q
from petakesos.store import atomic_update, connect_read_only
from petakesos.welfare import DEMO_SOURCE
from petakesos.welfare.categories import CategoryMatcher, add_local, parse_local_option, read_categories
from petakesos.welfare.regions import RegionIndex

KIND = "welfare"


@dataclass
class WelfareImportResult:
    report: Report
    status: Counter = field(default_factory=Counter)  # baru / ubah / sama (values and WKSBM rows)
    ignored_rows: int = 0
    stopped: bool = False  # errors under the default policy: nothing written
    written: bool = False
    dry_run: bool = False
    seconds: float = 0.0
    files: list[dict] = field(default_factory=list)
    indicator_values: int = 0

    def summary(self) -> str:
        return (
            f"diimpor (imported) {self.status['baru']}, diperbarui (updated) {self.status['ubah']}, "
            f"tidak berubah (unchanged) {self.status['sama']}, baris diabaikan (ignored) {self.ignored_rows}"
        )


def _store_code_list(db_path: Path) -> tuple[pd.DataFrame | None, pd.DataFrame | None]:
    """(code list, categories) already in the store, or None."""
    if not db_path.exists():
        return None, None
    try:
        with connect_read_only(db_path) as con:
            codes = con.execute(q.CODE_LIST).df()
            try:
                cats = con.execute(q.CATEGORIES).df()
            except duckdb.CatalogException:
                cats = None
    except duckdb.CatalogException:
        return None, None
    return (codes if len(codes) else None), cats


_INDEX_CACHE: dict[tuple[str, int], RegionIndex] = {}


def _region_index(code_list: pd.DataFrame, data_dir: Path) -> RegionIndex:
    """The region index, reused while the code list and the data folder stay the same (tests, repeated imports)."""
    key = (str(data_dir), int(pd.util.hash_pandas_object(code_list[["kode", "nama"]], index=False).sum()))
    if key not in _INDEX_CACHE:
        _INDEX_CACHE.clear()
        _INDEX_CACHE[key] = RegionIndex(code_list, data_dir)
    return _INDEX_CACHE[key]


def _categories(data_dir: Path, stored: pd.DataFrame | None, local: list[str]) -> pd.DataFrame:
    cats = read_categories(data_dir)
    if stored is not None:
        for rec in stored[stored["lokal"]].itertuples():
            cats = add_local(cats, rec.jenis, rec.singkatan, rec.nama_resmi, rec.kelompok, rec.sensitif)
    for text in local:
        try:
            jenis, singkatan, nama, sensitif = parse_local_option(text)
        except ValueError as exc:
            raise FatalInput(Problem(ERROR, "kategori_lokal_tidak_valid", str(exc))) from exc
        cats = add_local(cats, jenis, singkatan, nama, None, sensitif)
    return cats


def import_welfare(
    files: list[Path],
    db_path: Path | None = None,
    settings: Settings | None = None,
    source_label: str | None = None,
    sheet: str | None = None,
    tahun: int | None = None,
    dry_run: bool = False,
    skip_invalid: bool = False,
    local_categories: list[str] | tuple[str, ...] = (),
    scope: str | None = None,
    lock_wait: float | None = None,
    code_scheme: str | None = None,
) -> WelfareImportResult:
    """Import welfare files into the store in one atomic change (the CLI and the web upload call this).

    `scope` (a region code) refuses every row outside it, with the rows named: the data administration page passes
    an operator's region. `lock_wait`: seconds to wait for another writer of the store (None: setting
    PETAKESOS_LOCK_WAIT; 0: do not wait). A busy store raises `StoreBusy` (its `owner` says who holds it); nothing
    is written then. `code_scheme`: "bps" or "kemendagri" to read undotted codes in that scheme (default: decided
    per column)."""
    started = time.perf_counter()
    settings = settings or get_settings()
    db_path = Path(db_path or settings.db_path)
    files = [Path(f) for f in files]
    report = Report()
    result = WelfareImportResult(report, dry_run=dry_run)
    if source_label and source_label.strip().upper() == DEMO_SOURCE:
        raise FatalInput(
            Problem(ERROR, "label_sumber_dicadangkan",
                    f"label sumber {DEMO_SOURCE!r} khusus untuk data contoh (`python -m etl demo`): pakai label lain")
        )

    stored_codes, stored_cats = _store_code_list(db_path)
    code_list = stored_codes if stored_codes is not None else reference.read_code_list(settings.data_dir)
    cats = _categories(settings.data_dir, stored_cats, list(local_categories))
    index = _region_index(code_list, settings.data_dir)
    matcher = CategoryMatcher(cats)
    max_year = datetime.date.today().year + 1

    with staging.staging_area() as stage:
        prepared = [_check_file(path, file_no, stage, report, index, matcher, sheet=sheet, tahun=tahun,
                                max_year=max_year, sumber=source_label or f"Impor {path.name}",
                                code_scheme=code_scheme, scope=scope)
                    for file_no, path in enumerate(files)]
        report.notes = list(dict.fromkeys(report.notes))  # one note per file, not one per chunk
        stage.close()
        held = {f.name: f.held_back for f in prepared if f.held_back}
        result.ignored_rows = sum(len(f.held_back) + f.ignored for f in prepared)
        if report.has_errors() and not skip_invalid:
            for name, rows in held.items():
                report.note(f"{name}: perbaiki baris {validate.row_ranges(rows)} (fix these rows)")
            report.note("Tidak ada yang diimpor karena ada kesalahan (nothing imported). Perbaiki file, atau jalankan "
                        "ulang dengan --skip-invalid untuk mengimpor baris yang benar saja.")
            result.stopped = True
            result.seconds = time.perf_counter() - started
            return result
        for name, rows in held.items():
            report.note(f"{name}: baris diabaikan (--skip-invalid): {validate.row_ranges(rows)}")
        for f in prepared:
            result.files.append({"file": f.name, "layout": f.layout, "nilai": len(f.counts), "wksbm": len(f.wksbm),
                                 "sumber": f.sumber})

        # What would change: checked read-only first, so an unchanged import and a dry run never copy the store.
        preview: Counter = Counter()
        existing = None
        if db_path.exists():
            existing = connect_read_only(db_path)
        try:
            for f in prepared:
                if existing is not None and load.has_tables(existing):
                    preview.update(load.classify(existing, f.counts, f.wksbm))
                else:
                    preview.update({"baru": len(f.counts) + len(f.wksbm)})
            stored_local = set() if stored_cats is None else set(zip(stored_cats["jenis"], stored_cats["singkatan"],
                                                                      strict=True))
            new_categories = set(zip(cats["jenis"], cats["singkatan"], strict=True)) - stored_local
        finally:
            if existing is not None:
                existing.close()
        result.status = preview
        if dry_run:
            report.note("--dry-run: tidak ada yang ditulis (nothing written). Jika diimpor: " + result.summary())
            result.seconds = time.perf_counter() - started
            return result
        if not any(len(f.counts) + len(f.wksbm) for f in prepared):
            report.note("Tidak ada nilai yang diisi di file (no values filled in): basis data tidak diubah.")
            result.seconds = time.perf_counter() - started
            return result
        if preview["baru"] == 0 and preview["ubah"] == 0 and not new_categories:
            report.note("Semua nilai sudah ada dan sama: basis data tidak diubah (unchanged).")
            result.seconds = time.perf_counter() - started
            return result
        _write(db_path, prepared, result, settings=settings, code_list=code_list, cats=cats, files=files,
               lock_wait=lock_wait)
    report.note(f"Indikator dihitung ulang: {result.indicator_values} nilai.")
    result.seconds = time.perf_counter() - started
    return result


@dataclass
class _CheckedFile:
    name: str
    sha256: str
    sheet: str
    layout: str
    sumber: str
    counts: staging.StagedCounts
    wksbm: pd.DataFrame
    held_back: set[int]
    ignored: int


def _check_file(path: Path, file_no: int, stage: staging.Staging, report: Report, index: RegionIndex,
                matcher: CategoryMatcher, *, sheet: str | None, tahun: int | None, max_year: int,
                sumber: str, code_scheme: str | None = None, scope: str | None = None) -> _CheckedFile:
    """Read → normalise → validate one file chunk by chunk; its valid values go to the staging area."""
    held: set[int] = set()
    ignored, chunks, layout, first = 0, 0, "", None
    registry_parts = []
    for table in read.iter_tables(path, report, sheet):
        chunks += 1
        first = first or table
        norm = normalise.normalise_table(table, report, index, matcher, tahun, max_year, code_scheme)
        checks.count_range(norm, report)
        checks.names_match_codes(norm, report, index)
        checked = validate.restrict_to_scope(validate.validate(norm, report), report, scope)
        layout = norm.layout
        held |= checked.held_back
        ignored += len(checked.ignored)
        if layout == "registri":
            registry_parts.append(checked.wksbm)
        else:
            stage.add(file_no, checked.counts, sumber)
    if chunks > 1:
        held |= stage.duplicates_across_chunks(file_no, path.name, first.sheet, report)
    held |= {p.row for p in report.problems if p.code == "sel_tanpa_nilai" and p.file == path.name}
    stage.drop_rows(file_no, held)
    registry = pd.concat(registry_parts, ignore_index=True) if registry_parts else None
    if registry is not None:
        registry = registry[~registry["row"].isin(held)]
    return _CheckedFile(path.name, first.sha256, first.sheet, layout, sumber, stage.finish(file_no),
                        load.wksbm_frame(registry if layout == "registri" else None, sumber), held, ignored)


def _write(db_path: Path, prepared: list[_CheckedFile], result: WelfareImportResult, *, settings: Settings,
           code_list: pd.DataFrame, cats: pd.DataFrame, files: list[Path], lock_wait: float | None) -> None:
    status: Counter = Counter()
    with atomic_update(db_path, wait=lock_wait) as con:
        con.execute(f"SET memory_limit = '{staging.WRITER_MEMORY}'")
        load.write_reference(con, settings.data_dir, code_list, cats)
        for f in prepared:
            batch = load.new_batch(con, f.name, f.sha256, f.sheet, f.sumber, f.layout)
            applied = load.write(con, batch, f.counts, f.wksbm)
            status.update(applied)
            file_entry = next(e for e in result.files if e["file"] == f.name and "batch" not in e)
            file_entry.update(batch=batch, sha256=f.sha256, baru=applied["baru"], ubah=applied["ubah"],
                              sama=applied["sama"], diabaikan=len(f.held_back) + f.ignored)
            con.execute(q.SET_BATCH_SUMMARY, [
                f"baru {applied['baru']}, ubah {applied['ubah']}, sama {applied['sama']}, "
                f"diabaikan {len(f.held_back) + f.ignored} baris", batch])
        result.indicator_values = indicators.rebuild(con)
        result.status = status
        con.execute(rq.LOG_LOAD, [KIND, ";".join(str(f) for f in files), None, result.summary()])
    result.written = True


__all__ = ["FatalInput", "WelfareImportResult", "import_welfare"]

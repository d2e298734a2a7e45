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
from etl.welfare import load, normalise, read, validate
from petakesos import indicators, reference
from petakesos.settings import Settings, get_settings
from petakesos.sql import regions as rq
from petakesos.sql import welfare as q
from petakesos.store import atomic_update
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
        with duckdb.connect(str(db_path), read_only=True) as con:
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
) -> WelfareImportResult:
    """Import `files` into the store. `scope` (a region code) refuses every row outside it, with the rows named:
    the data administration page passes an operator's region."""
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

    checked: list[tuple[validate.Validated, str]] = []
    for path in files:
        table = read.read_table(path, report, sheet)
        norm = normalise.normalise_table(table, report, index, matcher, tahun, max_year)
        checked.append((validate.restrict_to_scope(validate.validate(norm, report), report, scope),
                        source_label or f"Impor {path.name}"))

    held = {v.norm.table.file.name: v.held_back for v, _ in checked if v.held_back}
    result.ignored_rows = sum(len(v.held_back) + len(v.ignored) for v, _ in checked)
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

    prepared = []
    for v, sumber in checked:
        counts = load.counts_frame(v.counts, sumber)
        wksbm = load.wksbm_frame(v.wksbm if v.norm.layout == "registri" else None, sumber)
        prepared.append((v, sumber, counts, wksbm))
        result.files.append({"file": v.norm.table.file.name, "layout": v.norm.layout, "nilai": len(counts),
                             "wksbm": len(wksbm), "sumber": sumber})

    # What would change: checked read-only first, so an unchanged import and a dry run never copy the store.
    preview: Counter = Counter()
    existing = None
    if db_path.exists():
        existing = duckdb.connect(str(db_path), read_only=True)
    try:
        for _, _, counts, wksbm in prepared:
            if existing is not None and load.has_tables(existing):
                preview.update(load.classify(existing, counts, wksbm))
            else:
                preview.update({"baru": len(counts) + len(wksbm)})
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
    if preview["baru"] == 0 and preview["ubah"] == 0 and not new_categories:
        report.note("Semua nilai sudah ada dan sama: basis data tidak diubah (unchanged).")
        result.seconds = time.perf_counter() - started
        return result

    status: Counter = Counter()
    with atomic_update(db_path) as con:
        load.write_reference(con, settings.data_dir, code_list, cats)
        for v, sumber, counts, wksbm in prepared:
            table = v.norm.table
            batch = load.new_batch(con, table.file.name, table.sha256, table.sheet, sumber, v.norm.layout)
            applied = load.write(con, batch, counts, wksbm)
            status.update(applied)
            file_entry = next(f for f in result.files if f["file"] == table.file.name and "batch" not in f)
            file_entry.update(batch=batch, sha256=table.sha256, baru=applied["baru"], ubah=applied["ubah"],
                              sama=applied["sama"], diabaikan=len(v.held_back) + len(v.ignored))
            con.execute(q.SET_BATCH_SUMMARY, [
                f"baru {applied['baru']}, ubah {applied['ubah']}, sama {applied['sama']}, "
                f"diabaikan {len(v.held_back) + len(v.ignored)} baris", batch])
        n = indicators.rebuild(con)
        result.status = status
        con.execute(rq.LOG_LOAD, [KIND, ";".join(str(f) for f in files), None, result.summary()])
    result.written = True
    report.note(f"Indikator dihitung ulang: {n} nilai.")
    result.seconds = time.perf_counter() - started
    return result


__all__ = ["FatalInput", "WelfareImportResult", "import_welfare"]

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
from types import SimpleNamespace

import duckdb
import pandas as pd

from etl.report import ERROR, FatalInput, Problem, Report
from etl.welfare import checks, fast_csv, load, normalise, read, staging, validate
from etl.welfare.normalise import GeneralOptions
from petakesos import indicators, reference
from petakesos._errors import IndicatorDefinitionError
from petakesos.settings import Settings, get_settings
from petakesos.sql import indicators as iq
from petakesos.sql import regions as rq
from petakesos.sql import welfare as q
from petakesos.store import atomic_update, connect_read_only, registered
from petakesos.welfare import DEMO_SOURCE
from petakesos.welfare.categories import CategoryMatcher, add_local, parse_local_option, read_categories
from petakesos.welfare.model import AGGREGATIONS, GeneralIndicator, check_id, parse_ratio
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
    *,
    general: GeneralOptions | None = None,
    ratios: list[str] | tuple[str, ...] = (),
    strict: bool = False,
    edisi_kode: str | None = None,
) -> WelfareImportResult:
    """Import welfare files into the store in one atomic change (the CLI and the web upload call this).

    `scope` (a region code) refuses every row outside it, with the rows named: the data administration page passes
    an operator's region. `lock_wait`: seconds to wait for another writer of the store (None: setting
    PETAKESOS_LOCK_WAIT; 0: do not wait). A busy store raises `StoreBusy` (its `owner` says who holds it); nothing
    is written then. `code_scheme`: "bps" or "kemendagri" to read undotted codes in that scheme (default: decided
    per column). General indicators (issue 9): `general` names the indicator of a single-measure file
    (`--indikator …`), `ratios` declares ratio indicators (`--rasio`), `strict` makes data-quality warnings block
    like errors, `edisi_kode` forces the Kemendagri code edition ("2023" or "2025"; default detected)."""
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

    general = general or GeneralOptions()
    if general.agregasi is not None and general.agregasi not in ("sum", "none"):
        raise IndicatorDefinitionError(
            f"--agregasi {general.agregasi!r}: pilih sum (jumlah, dijumlahkan ke atas) atau none (hanya per tingkat); "
            "rasio dinyatakan dengan --rasio ID=PEMBILANG/PENYEBUT*FAKTOR"
        )
    ratio_defs = [parse_ratio(text) for text in ratios] + [d for d in general.declared if d.agregasi == "ratio"]
    stored_codes, stored_cats = _store_code_list(db_path)
    code_list = stored_codes if stored_codes is not None else reference.read_code_list(settings.data_dir)
    cats = _categories(settings.data_dir, stored_cats, list(local_categories))
    index = _region_index(code_list, settings.data_dir)
    matcher = CategoryMatcher(cats)
    max_year = datetime.date.today().year + 1

    with staging.staging_area() as stage:
        prepared = [_check_file(path, file_no, stage, report, index, matcher, sheet=sheet, tahun=tahun,
                                max_year=max_year, sumber=source_label or f"Impor {path.name}",
                                code_scheme=code_scheme, scope=scope, general=general, edisi_kode=edisi_kode,
                                data_dir=settings.data_dir, db_path=db_path)
                    for file_no, path in enumerate(files)]
        report.notes = list(dict.fromkeys(report.notes))  # one note per file, not one per chunk
        stage.close()
        declared = _declared_indicators(prepared, ratio_defs, cats, _stored_general(db_path))
        held = {f.name: f.held_back for f in prepared if f.held_back}
        if strict:
            quality = [p for p in report.warnings if p.code in validate.QUALITY_CODES]
            if quality:
                report.note(f"--strict: {len(quality)} peringatan mutu data menghentikan impor (nothing imported).")
                result.stopped = True
                result.seconds = time.perf_counter() - started
                return result
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
            result.files.append({"file": f.name, "layout": f.layout, "nilai": len(f.counts) + len(f.general),
                                 "wksbm": len(f.wksbm),
                                 "sumber": f.sumber})

        # What would change: checked read-only first, so an unchanged import and a dry run never copy the store.
        preview: Counter = Counter()
        existing = None
        if db_path.exists():
            existing = connect_read_only(db_path)
            # The preview joins the file's values with the store's: under the import's cap like the write (without
            # it DuckDB takes up to 80% of the machine, 1.8 GB for 10.9 M values against a national store).
            existing.execute(f"SET memory_limit = '{int(settings.import_memory_mb)}MB'")
        try:
            for f in prepared:
                if existing is not None and load.has_tables(existing):
                    preview.update(load.classify(existing, f.counts, f.wksbm, f.general))
                else:
                    preview.update({"baru": len(f.counts) + len(f.wksbm) + len(f.general)})
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
        if not any(len(f.counts) + len(f.wksbm) + len(f.general) for f in prepared) and not declared.changed:
            report.note("Tidak ada nilai yang diisi di file (no values filled in): basis data tidak diubah.")
            result.seconds = time.perf_counter() - started
            return result
        if preview["baru"] == 0 and preview["ubah"] == 0 and not new_categories and not declared.changed:
            report.note("Semua nilai sudah ada dan sama: basis data tidak diubah (unchanged).")
            result.seconds = time.perf_counter() - started
            return result
        _write(db_path, prepared, result, settings=settings, code_list=code_list, cats=cats, files=files,
               lock_wait=lock_wait, declared=declared.definitions, definitions_changed=declared.changed)
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
    general: pd.DataFrame  # values of general indicators (small tables: kept in memory), as rows of nilai_umum
    definitions: dict[str, GeneralIndicator]  # the general indicators found in the file


def _check_file(path: Path, file_no: int, stage: staging.Staging, report: Report, index: RegionIndex,
                matcher: CategoryMatcher, *, sheet: str | None, tahun: int | None, max_year: int,
                sumber: str, code_scheme: str | None = None, scope: str | None = None,
                general: GeneralOptions | None = None, edisi_kode: str | None = None, data_dir: Path | None = None,
                db_path: Path | None = None) -> _CheckedFile:
    """Read → normalise → validate one file chunk by chunk; its valid values go to the staging area."""
    held: set[int] = set()
    ignored, chunks, layout, first = 0, 0, "", None
    registry_parts = []
    general_parts: list[pd.DataFrame] = []
    definitions: dict[str, GeneralIndicator] = {}
    # Plain wide CSV of PMKS/PSKS counts: DuckDB stages the clean rows and hands back only the other rows
    # (fast_csv.py); general indicators, code editions and other layouts use the general path.
    fast = None if general not in (None, GeneralOptions()) or edisi_kode else fast_csv.plan(
        path, report, matcher, sheet=sheet, tahun=tahun, code_scheme=code_scheme, scope=scope)
    tables = fast.tables(stage, file_no, sumber, report, index, max_year) if fast else None
    for table in tables if tables is not None else read.iter_tables(path, report, sheet):
        chunks += 1
        first = first or table
        norm = normalise.normalise_table(table, report, index, matcher, tahun, max_year, code_scheme,
                                         options=general, edisi_kode=edisi_kode, data_dir=data_dir)
        checks.count_range(norm, report)
        checks.names_match_codes(norm, report, index)
        checked = validate.restrict_to_scope(validate.validate(norm, report), report, scope)
        definitions.update(norm.general)
        if len(checked.general):
            general_parts.append(checked.general)
        layout = norm.layout
        held |= checked.held_back
        ignored += len(checked.ignored)
        if layout == "registri":
            registry_parts.append(checked.wksbm)
        else:
            stage.add(file_no, checked.counts, sumber)
    if chunks > 1 or tables is not None:
        bad, same = stage.duplicates_across_chunks(file_no, path.name, first.sheet, report,
                                                   only_rows=fast.focus_rows if tables is not None else None)
        held |= bad
        ignored += len(same)
    registry = pd.concat(registry_parts, ignore_index=True) if registry_parts else None
    if registry is not None and chunks > 1:  # repeats inside a chunk were found by validate
        held |= validate.wksbm_duplicates(registry, report, SimpleNamespace(table=first))
    held |= {p.row for p in report.problems if p.code == "sel_tanpa_nilai" and p.file == path.name}
    stage.drop_rows(file_no, held)
    if registry is not None:
        registry = registry[~registry["row"].isin(held)]
    values = pd.concat(general_parts, ignore_index=True) if general_parts else None
    if values is not None:
        values = values[~values["row"].isin(held)]
    values = _quality_over_file(stage, file_no, first, values, definitions, report,
                                db_path=db_path if layout != "registri" else None)
    return _CheckedFile(path.name, first.sha256, first.sheet, layout, sumber, stage.finish(file_no),
                        load.wksbm_frame(registry if layout == "registri" else None, sumber), held, ignored,
                        load.general_frame(values, sumber), definitions)


def _quality_over_file(stage: staging.Staging, file_no: int, first: read.RawTable, general: pd.DataFrame | None,
                       definitions: dict[str, GeneralIndicator], report: Report, *,
                       db_path: Path | None) -> pd.DataFrame | None:
    """validate's whole-file rules, once per file after every chunk is in (a jump or an outlier may straddle two
    chunks): zeros before a region existed (general indicators; returns their values without those), then the
    data-quality warnings over the staged counts and the general values, with one count of lines."""
    where = SimpleNamespace(table=first)
    lines: dict[str, int] = {}
    if general is not None and len(general):
        general = validate.drop_zero_before_existence(general, definitions, report, where)
        history = _stored_values(db_path, list(definitions)) if db_path is not None else None
        with registered(stage.con, "general_in", general):
            validate.quality_warnings(stage.con, "general_in", definitions, report, where, history, lines=lines)
    with validate.shared_code_keys(stage.con, stage.codes(file_no)):
        for jenis, kategori in stage.indicators(file_no):  # every check groups by indicator: still the whole file
            with stage.counts_view(file_no, "counts_in", jenis, kategori):
                validate.quality_warnings(stage.con, "counts_in", {}, report, where, lines=lines, shared_keys=True)
    validate.hidden_warnings_note(lines, report, first.file.name)
    return general


def _write(db_path: Path, prepared: list[_CheckedFile], result: WelfareImportResult, *, settings: Settings,
           code_list: pd.DataFrame, cats: pd.DataFrame, files: list[Path], lock_wait: float | None,
           declared: list[GeneralIndicator] = (), definitions_changed: bool = True) -> None:
    status: Counter = Counter()
    with atomic_update(db_path, wait=lock_wait) as con:
        # DuckDB's cap while the import writes and rebuilds the indicators (it spills to disk beyond it); without a
        # cap DuckDB may take 80% of the machine's memory for a national rebuild. Threads: DuckDB's default, one
        # per core.
        con.execute(f"SET memory_limit = '{int(settings.import_memory_mb)}MB'")
        reference_changed = load.write_reference(con, settings.data_dir, code_list, cats)
        load.write_general_definitions(con, list(declared))
        # Indicators of the years this import writes only, when that is exact (petakesos.indicators.rebuild): not
        # after a change of the code list, the population or a general indicator's definition, nor on a store
        # without indicators yet.
        full = reference_changed or definitions_changed or not con.execute(iq.ANY_VALUE).fetchall()[0][0]
        years: set[int] = set()
        for f in prepared:
            years |= load.years_of(con, f.counts, f.wksbm, f.general)
            batch = load.new_batch(con, f.name, f.sha256, f.sheet, f.sumber, f.layout)
            applied = load.write(con, batch, f.counts, f.wksbm, f.general)
            status.update(applied)
            file_entry = next(e for e in result.files if e["file"] == f.name and "batch" not in e)
            file_entry.update(batch=batch, sha256=f.sha256, baru=applied["baru"], ubah=applied["ubah"],
                              sama=applied["sama"], diabaikan=len(f.held_back) + f.ignored)
            con.execute(q.SET_BATCH_SUMMARY, [
                f"baru {applied['baru']}, ubah {applied['ubah']}, sama {applied['sama']}, "
                f"diabaikan {len(f.held_back) + f.ignored} baris", batch])
        result.indicator_values = indicators.rebuild(con, None if full else sorted(years))
        result.status = status
        con.execute(rq.LOG_LOAD, [KIND, ";".join(str(f) for f in files), None, result.summary()])
    result.written = True


def _stored_values(db_path: Path, ids: list[str]) -> pd.DataFrame | None:
    """Current stored values of these general indicators (for the year-on-year check against earlier imports)."""
    if not ids or not db_path.exists():
        return None
    try:
        with connect_read_only(db_path) as con:
            return con.execute(q.GENERAL_VALUES, [ids]).df()
    except duckdb.CatalogException:
        return None


def _stored_general(db_path: Path) -> dict[str, GeneralIndicator]:
    """General indicators already declared in the store."""
    if not db_path.exists():
        return {}
    try:
        with connect_read_only(db_path) as con:
            frame = con.execute(indicators.q.GENERAL_DEFINITIONS).df()
    except duckdb.CatalogException:
        return {}
    out = {}
    for rec in frame.to_dict("records"):
        rec = {k: (None if isinstance(v, float) and v != v else v) for k, v in rec.items()}
        out[rec["indikator"]] = GeneralIndicator(**rec)
    return out


@dataclass
class Declared:
    definitions: list[GeneralIndicator]
    changed: bool  # a definition is new or differs from the stored one


def _declared_indicators(prepared, ratio_defs: list[GeneralIndicator], cats: pd.DataFrame,
                         stored: dict[str, GeneralIndicator]) -> Declared:
    """General indicators of this import (from the files and `--rasio`), checked against the base ids and each
    other; ratio parts must be known indicators."""
    reserved = indicators.base_ids(cats)
    found: dict[str, GeneralIndicator] = {}
    for f in prepared:
        for ind in f.definitions.values():
            check_id(ind.indikator, reserved)
            if ind.agregasi not in AGGREGATIONS:
                raise IndicatorDefinitionError(f"agregasi {ind.agregasi!r} tidak dikenal ({', '.join(AGGREGATIONS)})")
            found[ind.indikator] = ind
    known = reserved | set(stored) | set(found)
    for ind in ratio_defs:
        check_id(ind.indikator, reserved)
        for part in (ind.pembilang, ind.penyebut):
            if part not in known | {r.indikator for r in ratio_defs if r.agregasi != "ratio"}:
                raise IndicatorDefinitionError(
                    f"--rasio {ind.indikator}: indikator {part!r} tidak dikenal; impor dulu indikatornya atau pakai "
                    f"ID yang ada (mis. {', '.join(sorted(set(stored) | set(found))[:5]) or 'pmks_total'})"
                )
        found[ind.indikator] = ind
    changed = any(i not in stored or stored[i].row() != d.row() for i, d in found.items())
    return Declared(list(found.values()), changed)


__all__ = ["FatalInput", "GeneralOptions", "WelfareImportResult", "import_welfare"]

"""Stage 1 of a welfare import: read a CSV or XLSX file into a raw table of text cells with a header.

CSV: UTF-8, UTF-8 with BOM or Windows-1252; comma or semicolon. XLSX: the chosen sheet or the first, read with
the calamine engine. Title rows above the table are skipped and a two-row header with merged cells (a group
title spanning several columns) is joined into one header. Every cell stays text here (numbers are parsed in
`normalise` with Indonesian conventions), so `3201.0`, `1.234` and `007` reach the next stage unchanged.
"""

from __future__ import annotations

import codecs
import csv
import hashlib
import html
import io
import re
import zipfile
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

import numpy as np
import pandas as pd

from etl.report import ERROR, FatalInput, Problem, Report

CSV_SUFFIXES = {".csv", ".txt"}
XLSX_SUFFIXES = {".xlsx", ".xlsm", ".xls", ".ods"}
HEADER_SCAN_ROWS = 20
_NUMERIC = re.compile(r"^[+-]?[\d.,\s]+$")


@dataclass
class RawTable:
    file: Path
    sheet: str
    frame: pd.DataFrame  # text cells ('' = empty), columns = header names (unique)
    first_data_row: int  # row number (1-based, as the user sees it) of frame's first row
    title: str  # text of the title rows above the table (may hold the year)
    sha256: str
    encoding: str = ""


def _fatal(file: Path, code: str, message: str, sheet: str = "") -> FatalInput:
    return FatalInput(Problem(ERROR, code, message, file=Path(file).name, sheet=sheet))


def file_sha256(path: Path) -> str:
    digest = hashlib.sha256()
    with open(path, "rb") as handle:
        for block in iter(lambda: handle.read(1 << 20), b""):
            digest.update(block)
    return digest.hexdigest()


# File signatures of formats often renamed to .csv by mistake.
_SIGNATURES = {
    b"\x89PNG": "gambar PNG", b"\xff\xd8\xff": "gambar JPEG", b"GIF8": "gambar GIF", b"%PDF": "dokumen PDF",
    b"PK\x03\x04": "arsip ZIP (atau file Excel .xlsx yang diganti namanya)", b"\xd0\xcf\x11\xe0": "file Excel/Word lama (.xls/.doc)",
    b"Rar!": "arsip RAR", b"\x1f\x8b": "arsip GZIP", b"7z\xbc\xaf": "arsip 7z", b"DUCK": "basis data DuckDB",
    b"SQLite format": "basis data SQLite",
}
# Cells per chunk. Normalising a chunk costs ≈400 bytes per cell in pandas objects, so ~1 M cells keep a chunk
# near 400 MB whatever the file size (a 30-column table: ≈33,000 rows per chunk).
CHUNK_CELLS = 1_000_000


_CONTROL_BYTES = bytes((*range(0, 9), *range(14, 32)))


def _sniff_encoding(path: Path) -> str:
    """Python codec of a CSV file, from its first bytes and a streamed UTF-8 check (never the whole file in
    memory). UTF-16 is recognised by its BOM or, without one, by the NUL byte of every second byte."""
    with open(path, "rb") as handle:
        head = handle.read(1 << 16)
    if head.startswith(b"\xef\xbb\xbf"):
        return "utf-8-sig"
    if head.startswith((b"\xff\xfe", b"\xfe\xff")):
        return "utf-16"
    for magic, what in _SIGNATURES.items():
        if head.startswith(magic):
            raise _fatal(path, "bukan_csv", f"file ini bukan CSV melainkan {what}: simpan tabelnya sebagai CSV "
                         "(File → Save As → CSV) atau XLSX, lalu impor file itu")
    sample = head[: len(head) // 2 * 2]
    if sample and sample.count(0) >= len(sample) // 4:
        even, odd = sample[0::2].count(0), sample[1::2].count(0)
        if odd > len(sample) // 4 and even == 0:
            return "utf-16-le"
        if even > len(sample) // 4 and odd == 0:
            return "utf-16-be"
    controls = sum(head.count(bytes([c])) for c in (*range(0, 9), *range(14, 32)))
    if head and (0 in head or controls > len(head) // 20):
        raise _fatal(path, "bukan_csv", "file ini berisi data biner, bukan teks CSV: simpan tabelnya sebagai CSV "
                     "atau XLSX, lalu impor file itu")
    # The whole file is streamed once: UTF-8 or not, and no binary content further down (a PNG or zip appended
    # to a table, a corrupt copy) — NUL/control bytes would otherwise become garbage or silently empty rows.
    decoder = codecs.getincrementaldecoder("utf-8")()
    encoding, line = "utf-8", 1
    with open(path, "rb") as handle:
        for block in iter(lambda: handle.read(1 << 20), b""):
            controls = len(block) - len(block.translate(None, _CONTROL_BYTES))
            if b"\0" in block or controls > max(len(block) // 20, 8):
                at = block.find(b"\0")
                at = at if at >= 0 else next(i for i, b in enumerate(block) if b in _CONTROL_BYTES)
                where = line + block.count(b"\n", 0, at)
                raise _fatal(path, "bukan_csv", f"file ini berisi data biner mulai baris {where}, bukan teks CSV: "
                             "simpan tabelnya ulang sebagai CSV atau XLSX, lalu impor file itu")
            line += block.count(b"\n")
            if encoding == "utf-8":
                try:
                    decoder.decode(block)
                except UnicodeDecodeError:
                    encoding = "cp1252"
    if encoding == "utf-8":
        try:
            decoder.decode(b"", final=True)
        except UnicodeDecodeError:
            encoding = "cp1252"
    return encoding


def _delimiter(text: str) -> str:
    sample = "\n".join(text.splitlines()[:30])
    counts = {d: sample.count(d) for d in (";", ",", "\t")}
    return max(counts, key=counts.get) if max(counts.values()) > 0 else ","


def _unbalanced_quote(path: Path, encoding: str) -> int | None:
    """Line number where a quoted field opens and never closes (None if quotes balance)."""
    opened_at, inside = None, False
    with open(path, encoding=encoding, errors="replace", newline="") as handle:
        for number, line in enumerate(handle, start=1):
            if line.count('"') % 2:
                inside = not inside
                opened_at = number if inside else None
    return opened_at if inside else None


def _csv_problem(path: Path, encoding: str, exc: Exception) -> FatalInput:
    line = _unbalanced_quote(path, encoding)
    if line is not None:
        return _fatal(path, "kutip_tidak_tertutup", f"tanda kutip (\") dibuka di baris {line} dan tidak pernah "
                      "ditutup: tutup kutipnya atau hapus, lalu simpan ulang")
    where = re.search(r"line (\d+)", str(exc))
    return _fatal(path, "csv_rusak", "CSV tidak dapat dibaca" + (f" di baris {where.group(1)}" if where else "")
                  + ": jumlah kolom tidak sama dengan judul kolom; periksa pemisah (; atau ,) dan tanda kutip")


def _csv_reader(source, sep: str, **options):
    return pd.read_csv(source, sep=sep, header=None, dtype=str, keep_default_na=False, na_filter=False,
                       skip_blank_lines=False, quoting=csv.QUOTE_MINIMAL, **options)


def _csv_head(path: Path, encoding: str) -> tuple[pd.DataFrame, str, int]:
    """The first lines of a CSV as a raw table (title rows may be shorter: padded), its delimiter, its width."""
    with open(path, encoding=encoding, errors="replace", newline="") as handle:
        lines = [line for _, line in zip(range(HEADER_SCAN_ROWS + 2), handle, strict=False)]
    text = "".join(lines)
    if not text.strip():
        raise _fatal(path, "file_kosong", "file kosong (tidak ada tabel): isi tabelnya atau pilih file lain")
    sep = _delimiter(text)
    width = max(len(line.split(sep)) for line in lines)
    try:
        head = _csv_reader(io.StringIO(text), sep, engine="python", names=range(width))
    except (pd.errors.ParserError, csv.Error) as exc:
        raise _csv_problem(path, encoding, exc) from None
    return head.fillna(""), sep, width


def iter_csv(path: Path, encoding: str, skip: int, width: int, sep: str, chunk_rows: int):
    """The body of a CSV below its header (`skip` lines), `chunk_rows` rows at a time, every cell text."""
    try:
        with open(path, encoding=encoding, errors="replace", newline="") as handle:
            for _ in range(skip):
                handle.readline()
            reader = _csv_reader(handle, sep, engine="c", names=range(width), chunksize=chunk_rows)
            for chunk in reader:
                yield chunk.fillna("")
    except (pd.errors.ParserError, csv.Error, pd.errors.EmptyDataError) as exc:
        if isinstance(exc, pd.errors.EmptyDataError):
            return
        raise _csv_problem(path, encoding, exc) from None


def _cell_text(values: np.ndarray) -> np.ndarray:
    """Excel cells → text: integral floats without '.0', None → ''."""
    out = np.empty(values.shape, dtype=object)
    flat_in, flat_out = values.ravel(), out.ravel()
    for i, v in enumerate(flat_in):
        if v is None or (isinstance(v, float) and np.isnan(v)):
            flat_out[i] = ""
        elif isinstance(v, float) and v.is_integer():
            flat_out[i] = str(int(v))
        else:
            flat_out[i] = str(v).strip()
    return out


_CELL_ERROR = re.compile(rb'<c r="([A-Z]+)(\d+)"[^>]*?t="e"[^>]*>(?:<f[^>]*?(?:/>|>[^<]*</f>))?<v>([^<]*)</v>')
_FORMULA_NO_VALUE = re.compile(rb'<c r="([A-Z]+)(\d+)"[^>]*>(<f[^>]*?(?:/>|>[^<]*</f>))(?:<v\s*/>|<v></v>)?</c>')


def _sheet_xml(path: Path, sheet_name: str) -> bytes | None:
    """The worksheet XML of `sheet_name` in an .xlsx/.xlsm (None for other formats or an odd workbook)."""
    try:
        with zipfile.ZipFile(path) as archive:
            book = archive.read("xl/workbook.xml").decode("utf-8", errors="replace")
            rels = archive.read("xl/_rels/workbook.xml.rels").decode("utf-8", errors="replace")
            ids = dict(re.findall(r'<sheet\b[^>]*?name="([^"]*)"[^>]*?r:id="([^"]*)"', book))
            targets = dict(re.findall(r'<Relationship\b[^>]*?Id="([^"]*)"[^>]*?Target="([^"]*)"', rels))
            targets |= {i: t for t, i in re.findall(r'<Relationship\b[^>]*?Target="([^"]*)"[^>]*?Id="([^"]*)"', rels)}
            rid = ids.get(html.escape(sheet_name, quote=True)) or ids.get(sheet_name)
            if rid is None or rid not in targets:
                return None
            target = targets[rid].lstrip("/")
            return archive.read(target if target.startswith("xl/") else "xl/" + target)
    except (zipfile.BadZipFile, KeyError, OSError):
        return None


def formula_cell_problems(path: Path, sheet_name: str) -> list[tuple[str, int, str]]:
    """(cell address, row, what) of error cells (#DIV/0!, #REF!, …) and formulas saved without a value: the
    calamine reader gives both as empty cells, which would silently import as 'no data'."""
    xml = _sheet_xml(path, sheet_name)
    if not xml or (b'"e"' not in xml and b"<f" not in xml):
        return []
    found = {}
    for col, row, value in _CELL_ERROR.findall(xml):
        found[(col, row)] = f"berisi kesalahan {value.decode(errors='replace')}"
    for col, row, _ in _FORMULA_NO_VALUE.findall(xml):
        found.setdefault((col, row), "berisi rumus tanpa nilai tersimpan (file disimpan tanpa menghitung rumus)")
    return [(f"{c.decode()}{r.decode()}", int(r), what) for (c, r), what in found.items()]


def read_xlsx(path: Path, sheet: str | None, report: Report | None = None) -> tuple[pd.DataFrame, str]:
    import python_calamine

    try:
        workbook = python_calamine.CalamineWorkbook.from_path(str(path))
    except Exception as exc:  # calamine raises its own types (ZipError, XmlError, PasswordError, …)
        raise _fatal(path, "file_tidak_terbaca", f"file tidak bisa dibaca sebagai workbook Excel ({type(exc).__name__})"
                     ": buka di Excel/LibreOffice dan simpan ulang sebagai .xlsx, atau simpan sebagai CSV") from None
    names = workbook.sheet_names
    if not names:
        raise _fatal(path, "sheet_tidak_ada", "workbook tidak berisi sheet")
    visible = [m.name for m in workbook.sheets_metadata
               if m.visible == python_calamine.SheetVisibleEnum.Visible]
    if sheet is None:
        chosen = visible[0] if visible else names[0]
        if chosen != names[0] and report is not None:
            report.warning("sheet_tersembunyi",
                           f"sheet pertama {names[0]!r} tersembunyi; yang dibaca sheet terlihat pertama {chosen!r} "
                           "(pilih sheet lain dengan --sheet NAMA)", file=path.name, sheet=chosen)
    elif sheet in names:
        chosen = sheet
    elif sheet.isdigit() and 0 < int(sheet) <= len(names):
        chosen = names[int(sheet) - 1]
    else:
        raise _fatal(path, "sheet_tidak_ada", f"sheet {sheet!r} tidak ada; sheet yang ada: {', '.join(names)}", sheet)
    try:
        rows = workbook.get_sheet_by_name(chosen).to_python(skip_empty_area=False)
    except Exception as exc:
        raise _fatal(path, "file_tidak_terbaca", f"sheet {chosen!r} tidak bisa dibaca ({type(exc).__name__}): "
                     "simpan ulang workbook di Excel/LibreOffice", chosen) from None
    width = max((len(r) for r in rows), default=0)
    matrix = np.empty((len(rows), width), dtype=object)
    matrix[:] = None
    for i, r in enumerate(rows):
        matrix[i, : len(r)] = r
    frame = pd.DataFrame(_cell_text(matrix)) if len(rows) else pd.DataFrame()
    return frame, chosen


def _looks_numeric(cell: str) -> bool:
    return bool(cell) and bool(_NUMERIC.match(cell))


def locate_header(raw: pd.DataFrame) -> tuple[int, int]:
    """(index of the header row, number of header rows: 1 or 2) within the first rows of a raw table."""
    scan = raw.head(HEADER_SCAN_ROWS)
    filled = (scan != "").sum(axis=1).to_numpy()
    if len(filled) == 0 or filled.max() == 0:
        return 0, 1
    threshold = max(2, int(np.ceil(filled.max() * 0.5)))
    header = 0
    for i, n in enumerate(filled):
        row = scan.iloc[i]
        texts = [c for c in row if c != ""]
        if n >= threshold and sum(not _looks_numeric(c) for c in texts) >= max(1, len(texts) // 2):
            header = i
            break
    # Two-row header: a merged group title above; the next row holds only text, and the header row has gaps.
    if header + 1 < len(scan):
        top, below = scan.iloc[header], scan.iloc[header + 1]
        below_texts = [c for c in below if c != ""]
        gaps = ((top == "") & (below != "")).any()
        if below_texts and gaps and not any(_looks_numeric(c) for c in below_texts):
            return header, 2
    return header, 1


def _header_names(raw: pd.DataFrame, header: int, n_rows: int) -> list[str]:
    top = raw.iloc[header].tolist()
    if n_rows == 2:
        below = raw.iloc[header + 1].tolist()
        group = ""
        names = []
        for t, b in zip(top, below, strict=True):
            group = t if t else group
            names.append(b if b else (t or group))
    else:
        names = top
    out, seen = [], {}
    for i, name in enumerate(names):
        name = " ".join(str(name).split()) or f"kolom_{i + 1}"
        if name in seen:
            seen[name] += 1
            name = f"{name}_{seen[name]}"
        else:
            seen[name] = 0
        out.append(name)
    return out


def _check_size(path: Path, max_mb: int) -> None:
    size = path.stat().st_size
    if size > max_mb * 1024 * 1024:
        raise _fatal(path, "file_terlalu_besar",
                     f"file {size / 1024 / 1024:,.0f} MB melebihi batas {max_mb} MB (setting PETAKESOS_MAX_IMPORT_MB):"
                     " pecah file per kabupaten/kota atau per tahun, lalu impor bagian-bagiannya")


def _body_chunk(raw: pd.DataFrame, columns: list[str], first_row: int) -> pd.DataFrame:
    """Rows of the table body with their row numbers as the index; fully empty rows and unnamed empty columns
    left out."""
    body = raw.reset_index(drop=True)
    body.columns = columns
    for col in columns:  # a cell of spaces only (` ; `, a non-breaking space) is empty, as in a spreadsheet
        blank = body[col].str.isspace().to_numpy(dtype=bool, na_value=False)
        if blank.any():
            body.loc[blank, col] = ""
    body = body.loc[:, [c for c in columns if not (c.startswith("kolom_") and (body[c] == "").all())]]
    empty = (body == "").all(axis=1).to_numpy()
    rownum = np.arange(len(body)) + first_row
    body = body.loc[~empty].copy()
    body.index = rownum[~empty]
    return body


def iter_tables(path: Path, report: Report, sheet: str | None = None, *, chunk_cells: int | None = None,
                max_mb: int | None = None) -> Iterator[RawTable]:
    """The table of a CSV/XLSX file as RawTables of about `chunk_cells` cells, all with the same header, so that
    memory stays bounded whatever the file size. A CSV is streamed from disk; an XLSX sheet is read whole (Excel
    caps a sheet at 1,048,576 rows) and then cut. Raises FatalInput for a file that holds no table (empty, not a
    CSV, header only, too large)."""
    path = Path(path)
    if not path.exists():
        raise _fatal(path, "file_tidak_ada", "file tidak ditemukan (file not found): periksa nama dan foldernya")
    if max_mb is None:
        from petakesos.settings import get_settings

        max_mb = get_settings().max_import_mb
    _check_size(path, max_mb)
    suffix = path.suffix.lower()
    encoding, sheet_name = "", ""
    if suffix in CSV_SUFFIXES:
        encoding = _sniff_encoding(path)
        raw, sep, width = _csv_head(path, encoding)
    elif suffix in XLSX_SUFFIXES:
        raw, sheet_name = read_xlsx(path, sheet, report)
    else:
        raise _fatal(
            path, "format_tidak_didukung", f"format {suffix or '(tanpa ekstensi)'} tidak didukung: pakai CSV atau XLSX"
        )
    if raw.empty or (raw == "").all(axis=None):
        raise _fatal(path, "file_kosong", "file kosong (tidak ada tabel): isi tabelnya atau pilih file lain",
                     sheet_name)
    header, n_rows = locate_header(raw)
    columns = _header_names(raw, header, n_rows)
    title = " ".join(c for row in raw.head(header).itertuples(index=False) for c in row if c)
    first_row = header + n_rows + 1
    sha256 = file_sha256(path)
    chunk_rows = max(1, (chunk_cells or CHUNK_CELLS) // max(len(columns), 1))
    if encoding:
        bodies = iter_csv(path, encoding, header + n_rows, width, sep, chunk_rows)
    else:
        cell_problems = formula_cell_problems(path, sheet_name)
        for address, row, what in cell_problems:
            report.error("sel_tanpa_nilai", f"sel {address} {what}: ganti dengan angkanya (Salin → Tempel Nilai) "
                         "atau perbaiki rumusnya", file=path.name, sheet=sheet_name, row=row, column=address)
        body = raw.iloc[header + n_rows:]
        bodies = (body.iloc[i:i + chunk_rows] for i in range(0, max(len(body), 1), chunk_rows))
    total, offset = 0, first_row
    for chunk in bodies:
        if chunk.shape[1] < len(columns):  # a CSV body narrower than its header: pad
            chunk = chunk.reindex(columns=range(len(columns)), fill_value="")
        elif chunk.shape[1] > len(columns):
            columns = columns + [f"kolom_{i + 1}" for i in range(len(columns), chunk.shape[1])]
        body = _body_chunk(chunk, columns, offset)
        offset += len(chunk)
        total += len(body)
        if len(body):
            yield RawTable(path, sheet_name, body, first_row, title, sha256, encoding)
    report.note(
        f"{path.name}{' sheet ' + repr(sheet_name) if sheet_name else ''}: {total} baris data, header di baris "
        f"{header + 1}{'–' + str(header + 2) if n_rows == 2 else ''}{', encoding ' + encoding if encoding else ''}"
    )
    if total == 0:
        raise _fatal(path, "tidak_ada_baris_data", f"file hanya berisi judul kolom (baris {header + 1}), tanpa baris "
                     "data: isi datanya di bawah judul kolom", sheet_name)


def read_table(path: Path, report: Report, sheet: str | None = None) -> RawTable:
    """The whole table of a file at once (small files, tests); the importer uses `iter_tables`."""
    chunks = list(iter_tables(path, report, sheet, chunk_cells=1 << 62))
    first = chunks[0]
    frame = pd.concat([c.frame for c in chunks]) if len(chunks) > 1 else first.frame
    return RawTable(first.file, first.sheet, frame.fillna(""), first.first_data_row, first.title, first.sha256,
                    first.encoding)

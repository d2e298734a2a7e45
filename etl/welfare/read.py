"""Stage 1 of a welfare import: read a CSV or XLSX file into a raw table of text cells with a header.

CSV: UTF-8, UTF-8 with BOM or Windows-1252; comma or semicolon. XLSX: the chosen sheet or the first, read with
the calamine engine. Title rows above the table are skipped and a two-row header with merged cells (a group
title spanning several columns) is joined into one header. Every cell stays text here (numbers are parsed in
`normalise` with Indonesian conventions), so `3201.0`, `1.234` and `007` reach the next stage unchanged.
"""

from __future__ import annotations

import csv
import hashlib
import io
import re
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
    return FatalInput(Problem(ERROR, code, message, file=str(file), sheet=sheet))


def file_sha256(path: Path) -> str:
    digest = hashlib.sha256()
    with open(path, "rb") as handle:
        for block in iter(lambda: handle.read(1 << 20), b""):
            digest.update(block)
    return digest.hexdigest()


def _decode(data: bytes) -> tuple[str, str]:
    if data.startswith(b"\xef\xbb\xbf"):
        return data[3:].decode("utf-8"), "utf-8-sig"
    try:
        return data.decode("utf-8"), "utf-8"
    except UnicodeDecodeError:
        return data.decode("cp1252", errors="replace"), "cp1252"


def _delimiter(text: str) -> str:
    sample = "\n".join(text.splitlines()[:30])
    counts = {d: sample.count(d) for d in (";", ",", "\t")}
    return max(counts, key=counts.get) if max(counts.values()) > 0 else ","


def read_csv(path: Path) -> tuple[pd.DataFrame, str]:
    data = path.read_bytes()
    text, encoding = _decode(data)
    sep = _delimiter(text)
    try:
        frame = pd.read_csv(
            io.StringIO(text),
            sep=sep,
            header=None,
            dtype=str,
            keep_default_na=False,
            na_filter=False,
            skip_blank_lines=False,
            engine="c",
            quoting=csv.QUOTE_MINIMAL,
        )
    except pd.errors.ParserError:  # ragged rows (title lines with fewer fields): let the python engine pad
        frame = pd.read_csv(
            io.StringIO(text), sep=sep, header=None, dtype=str, keep_default_na=False, engine="python",
            names=range(max(len(line.split(sep)) for line in text.splitlines()[:200] or [""])),
        )
        frame = frame.fillna("")
    return frame, encoding


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


def read_xlsx(path: Path, sheet: str | None) -> tuple[pd.DataFrame, str]:
    import python_calamine

    try:
        workbook = python_calamine.CalamineWorkbook.from_path(str(path))
    except Exception as exc:
        raise _fatal(path, "file_tidak_terbaca", f"file tidak bisa dibaca ({type(exc).__name__}: {exc})") from exc
    names = workbook.sheet_names
    if not names:
        raise _fatal(path, "sheet_tidak_ada", "workbook has no sheet")
    if sheet is None:
        chosen = names[0]
    elif sheet in names:
        chosen = sheet
    elif sheet.isdigit() and 0 < int(sheet) <= len(names):
        chosen = names[int(sheet) - 1]
    else:
        raise _fatal(path, "sheet_tidak_ada", f"sheet {sheet!r} not found; sheets are: {', '.join(names)}", sheet)
    rows = workbook.get_sheet_by_name(chosen).to_python(skip_empty_area=False)
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


def read_table(path: Path, report: Report, sheet: str | None = None) -> RawTable:
    path = Path(path)
    if not path.exists():
        raise _fatal(path, "file_tidak_ada", "file tidak ditemukan (file not found): check the path")
    suffix = path.suffix.lower()
    encoding, sheet_name = "", ""
    if suffix in CSV_SUFFIXES:
        raw, encoding = read_csv(path)
    elif suffix in XLSX_SUFFIXES:
        raw, sheet_name = read_xlsx(path, sheet)
    else:
        raise _fatal(
            path, "format_tidak_didukung", f"format {suffix or '(tanpa ekstensi)'} tidak didukung: use CSV or XLSX"
        )
    if raw.empty:
        raise _fatal(path, "file_kosong", "the file holds no table", sheet_name)
    header, n_rows = locate_header(raw)
    columns = _header_names(raw, header, n_rows)
    title = " ".join(c for row in raw.head(header).itertuples(index=False) for c in row if c)
    body = raw.iloc[header + n_rows :].reset_index(drop=True)
    body.columns = columns
    body = body.loc[:, [c for c in columns if not (c.startswith("kolom_") and (body[c] == "").all())]]
    empty = (body == "").all(axis=1).to_numpy()
    first_row = header + n_rows + 1
    rownum = np.arange(len(body)) + first_row
    body = body.loc[~empty].copy()
    body.index = rownum[~empty]
    report.note(
        f"{path.name}{' sheet ' + repr(sheet_name) if sheet_name else ''}: {len(body)} baris data, header di baris "
        f"{header + 1}{'–' + str(header + 2) if n_rows == 2 else ''}{', encoding ' + encoding if encoding else ''}"
    )
    return RawTable(path, sheet_name, body, first_row, title, file_sha256(path), encoding)

"""Table export of the current view: the children of a region with all indicators of one year (and the region's
own row as the total), as CSV or XLSX.

- CSV is for machines: one header row of indicator ids, `kode` as text, numbers with a decimal point, UTF-8 with a
  byte-order mark so that spreadsheet programs detect the encoding. Hidden cells hold "<k" or "×".
- XLSX is for people: sheet "Data" with a title, the DATA CONTOH mark on demo data, the privacy notice, then the
  table with Indonesian indicator names as headers and number formats (the spreadsheet shows them in the user's
  locale, 1.234,5 in Indonesian); sheet "Keterangan" with the sources, the boundary credit, the export date and
  the indicator definitions.
Public exports (`public=True`, the default) apply `petakesos.privacy` small-number suppression.
"""

from __future__ import annotations

import datetime as dt
import io

import pandas as pd

from petakesos import codes as kode_util
from petakesos import privacy
from petakesos._errors import TableExportError  # noqa: F401  (defined with every error type)
from petakesos.export import data as export_data
from petakesos.export.safe import csv_bytes, text_cells_as_text
from petakesos.settings import BOUNDARY_CREDIT, CODE_LIST_CREDIT, get_settings
from petakesos.ui_text import DEMO_MARK

TABLE_FORMATS = ("csv", "xlsx")


def view_frame(store, kode: str, tahun: int, public: bool = True, k: int | None = None) -> tuple[pd.DataFrame, dict]:
    """The export table (kode, nama, tingkat, <indicator ids>…; children first, the region's total row last) with
    hidden cells as marks, and facts about it (title, sources, demo flag, hidden count, definitions)."""
    region = store.region(kode)
    if region is None:
        raise TableExportError(f"Kode wilayah {kode!r} tidak ada di basis data.")
    k = get_settings().k_anonymity if k is None else int(k)
    cache: dict = {}
    fetched = privacy.prefetch_views(store, [kode], tahun, cache)  # one scan of `indikator` for every level
    sup = privacy.public_table(store, kode, tahun, k, public=public, cache=cache)
    names = export_data.children_names(store, kode).set_index("kode")
    cells = sup.mixed().map(_tidy)
    children = [c for c in cells.index if c != kode]
    order = [*children, kode]
    frame = cells.loc[order].reset_index()
    frame.insert(1, "nama", [names["nama"].get(c, c) if c != kode else f"Total {region.nama}" for c in order])
    frame.insert(2, "tingkat", [names["tingkat"].get(c, "") if c != kode else region.tingkat for c in order])
    indicators = list(cells.columns)
    shown = fetched[fetched["kode"].isin(order)]
    child_level = kode_util.TINGKAT_LABEL.get(kode_util.child_tingkat(region.tingkat) or "", "")
    facts = {
        "judul": f"Indikator kesejahteraan sosial per {child_level.lower()} di {region.nama}, {tahun}",
        "wilayah": region.nama,
        "kode": kode,
        "tahun": int(tahun),
        "sumber": export_data.split_sources(shown["sumber"]),
        "contoh": bool(shown["contoh"].fillna(False).astype(bool).any()),
        "public": public,
        "k": k,
        "hidden": sup.n_hidden,
        "definitions": export_data.definitions(store),
        "sensitive": [c for c in indicators if c in set(cache["_meta"]["sensitive"])],
        "data_date": export_data.data_date(store),
    }
    return frame, facts


def _tidy(value: object) -> object:
    """Whole numbers as int (14, not 14.0); other numbers to 6 decimals; marks and text unchanged."""
    if isinstance(value, float):
        if pd.isna(value):
            return None
        return int(value) if value.is_integer() else round(value, 6)
    return value


def export_table(store, kode: str, tahun: int, fmt: str = "csv", public: bool = True, k: int | None = None) -> bytes:
    """CSV or XLSX bytes of the view of region `kode` ('' = Indonesia) in `tahun` (see the module docstring)."""
    fmt = fmt.lower()
    if fmt not in TABLE_FORMATS:
        raise TableExportError(f"Format {fmt!r} tidak dikenal; pilih 'csv' atau 'xlsx'.")
    frame, facts = view_frame(store, kode, tahun, public=public, k=k)
    if fmt == "csv":
        return csv_bytes(frame)
    return _xlsx(frame, facts)


def notes_frame(facts: dict) -> pd.DataFrame:
    """Sheet "Keterangan": what the table is, where it comes from, when, and the privacy rule (two columns)."""
    today = dt.date.today()
    rows: list[tuple[str, str]] = [("Judul", facts["judul"])]
    if facts["contoh"]:
        rows.append(("PERINGATAN", f"{DEMO_MARK}; jangan dikutip sebagai angka sebenarnya."))
    rows += [
        ("Wilayah", f"{facts['wilayah']} ({facts['kode'] or 'nasional'})"),
        ("Tahun data", str(facts["tahun"])),
        ("Tanggal ekspor", export_data.tanggal(today)),
        ("Tanggal data", export_data.tanggal(facts["data_date"]) if facts["data_date"] else "–"),
    ]
    for i, src in enumerate(facts["sumber"] or ["(belum ada data kesejahteraan sosial dimuat)"], start=1):
        rows.append((f"Sumber data {i}", src))
    rows += [("Batas wilayah", BOUNDARY_CREDIT), ("Kode wilayah", CODE_LIST_CREDIT)]
    if facts["public"]:
        rows.append(("Kerahasiaan", privacy.notice(facts["k"])))
        rows.append(("Sel disembunyikan", str(facts["hidden"])))
    else:
        rows.append(("Kerahasiaan", privacy.ANALYST_NOTICE))
    rows.append(("Dibuat dengan", "Peta Kesos"))
    return pd.DataFrame(rows, columns=["Keterangan", "Isi"])


def _xlsx(frame: pd.DataFrame, facts: dict) -> bytes:
    from openpyxl import Workbook
    from openpyxl.styles import Alignment, Font, PatternFill
    from openpyxl.utils import get_column_letter

    defs = facts["definitions"].set_index("indikator") if len(facts["definitions"]) else pd.DataFrame()
    wb = Workbook()
    ws = wb.active
    ws.title = "Data"
    ws["A1"] = facts["judul"]
    ws["A1"].font = Font(bold=True, size=14)
    row = 2
    if facts["contoh"]:
        ws.cell(row=row, column=1, value=DEMO_MARK).font = Font(bold=True, color="C0392B")
        row += 1
    note = privacy.notice(facts["k"]) if facts["public"] else privacy.ANALYST_NOTICE
    ws.cell(row=row, column=1, value=note).font = Font(italic=True, color="555555")
    row += 1
    src = "; ".join(facts["sumber"]) or "belum ada data kesejahteraan sosial dimuat"
    ws.cell(row=row, column=1, value=f"Sumber: {src}. {BOUNDARY_CREDIT}").font = Font(color="555555")
    header_row = row + 2

    def header(col: str) -> str:
        if col in ("kode", "nama", "tingkat"):
            return {"kode": "Kode wilayah", "nama": "Nama wilayah", "tingkat": "Tingkat"}[col]
        if col in defs.index:
            unit = defs.loc[col, "satuan"]
            return f"{defs.loc[col, 'nama']} ({unit})" if unit else str(defs.loc[col, "nama"])
        return col

    bold = Font(bold=True)
    fill = PatternFill("solid", fgColor="EEEEEE")
    for j, col in enumerate(frame.columns, start=1):
        c = ws.cell(row=header_row, column=j, value=header(col))
        c.font = bold
        c.fill = fill
        c.alignment = Alignment(wrap_text=True, vertical="top")
    for i, rec in enumerate(frame.itertuples(index=False), start=header_row + 1):
        total = i == header_row + len(frame)
        for j, (col, value) in enumerate(zip(frame.columns, rec, strict=True), start=1):
            if isinstance(value, float) and pd.isna(value):
                value = None
            c = ws.cell(row=i, column=j, value=value)
            if total:
                c.font = bold
            if isinstance(value, float | int) and not isinstance(value, bool):
                c.number_format = "#,##0" if float(value).is_integer() else "#,##0.0"
            elif col not in ("kode", "nama", "tingkat"):
                c.alignment = Alignment(horizontal="right")
    ws.freeze_panes = ws.cell(row=header_row + 1, column=3)
    ws.column_dimensions["A"].width = 16
    ws.column_dimensions["B"].width = 30
    ws.column_dimensions["C"].width = 16
    for j in range(4, len(frame.columns) + 1):
        ws.column_dimensions[get_column_letter(j)].width = 16
    ws.row_dimensions[header_row].height = 45

    notes = wb.create_sheet("Keterangan")
    for i, (key, value) in enumerate(notes_frame(facts).itertuples(index=False), start=1):
        notes.cell(row=i, column=1, value=key).font = bold
        cell = notes.cell(row=i, column=2, value=value)
        if key == "PERINGATAN":
            cell.font = Font(bold=True, color="C0392B")
    start = notes.max_row + 2
    notes.cell(row=start, column=1, value="Definisi indikator").font = Font(bold=True, size=12)
    cols = ["indikator", "nama", "kelompok", "satuan", "definisi", "sensitif"]
    for j, col in enumerate(cols, start=1):
        notes.cell(row=start + 1, column=j, value=col).font = bold
    shown = set(frame.columns)
    if len(facts["definitions"]):
        for i, rec in enumerate(facts["definitions"][facts["definitions"]["indikator"].isin(shown)][cols].itertuples(
                index=False), start=start + 2):  # fmt: skip
            for j, value in enumerate(rec, start=1):
                notes.cell(row=i, column=j, value="ya" if value is True else "" if value is False else value)
    notes.column_dimensions["A"].width = 22
    notes.column_dimensions["B"].width = 60
    notes.column_dimensions["E"].width = 70
    text_cells_as_text(wb)
    buf = io.BytesIO()
    wb.save(buf)
    return buf.getvalue()

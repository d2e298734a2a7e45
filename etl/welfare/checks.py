"""Small checks between normalise and validate that hold for every layout (kept apart from the stage modules).

`count_range`: a count outside 0..MAX_COUNT (300 million, more than Indonesia's population) is a row-level error,
so no value can wrap around when it is cast to a 64-bit (or, for the registry, 32-bit) integer.
`names_match_codes`: a region name beside a code must be the name of that code, whatever the layout (also a
generic `kode` column beside `nama_desa_kelurahan`, the template's own headers).
"""

from __future__ import annotations

import numpy as np
import pandas as pd

from etl.report import Report
from etl.welfare.normalise import CODE_COLUMNS, NAME_COLUMNS, Normalised, col_key
from petakesos.welfare import MAX_COUNT

REGISTRY_NUMBERS = ("jumlah_anggota", "kps_")
_GENERIC_CODE = CODE_COLUMNS[""]


def _too_large(values: pd.Series) -> np.ndarray:
    nums = pd.to_numeric(values, errors="coerce").to_numpy(dtype=float, na_value=np.nan)
    return ~np.isnan(nums) & (np.abs(nums) > MAX_COUNT)


def _shown(value: float) -> str:
    """The number as the user reads it (1.234.567); a huge one by its digit count (the float is no longer exact)."""
    if abs(value) < 1e15:
        return f"{value:,.0f}".replace(",", ".")
    return f"dengan {len(str(int(abs(value))))} digit (≈{value:.3g})"


def count_range(norm: Normalised, report: Report) -> None:
    """Mark rows holding a count above MAX_COUNT as errors (validate then holds them back before any cast)."""
    where = {"file": norm.table.file.name, "sheet": norm.table.sheet}
    frames = []
    if not norm.counts.empty and "nilai" in norm.counts:
        frames.append((norm.counts, ["nilai"]))
    if not norm.wksbm.empty:
        frames.append((norm.wksbm, [c for c in norm.wksbm.columns if c.startswith(REGISTRY_NUMBERS)]))
    for frame, columns in frames:
        for column in columns:
            wrong = _too_large(frame[column])
            for i in np.flatnonzero(wrong):
                row = int(frame["row"].iloc[i])
                label = str(frame["column"].iloc[i]) if "column" in frame else column
                report.error("nilai_terlalu_besar",
                             f"nilai {_shown(frame[column].iloc[i])} tidak masuk akal untuk jumlah orang/lembaga "
                             f"(batas {_shown(MAX_COUNT)}): periksa angkanya (salah ketik atau sel tergabung)",
                             row=row, column=label, **where)
                norm.bad_rows.add(row)
                if frame is norm.wksbm:
                    frame.loc[frame.index[i], column] = np.nan  # never cast to Int32 on a skip-invalid run


def names_match_codes(norm: Normalised, report: Report, index) -> None:
    """Warn (as for every layout: the code is used) where a name column of the code's own level names another
    region. Only for a generic code column (`kode`): level-specific code columns are checked when resolved."""
    from petakesos import codes as kode_util
    from petakesos.welfare.regions import same_name

    frame = norm.table.frame
    keys = {c: col_key(c) for c in frame.columns}
    generic_code = any(k in _GENERIC_CODE for k in keys.values())
    if not generic_code or any(k in NAME_COLUMNS[""] for k in keys.values()):
        return
    by_level = {lvl: c for c, k in keys.items() for lvl, names in NAME_COLUMNS.items() if lvl and k in names}
    parts = [f[["row", "kode"]] for f in (norm.counts, norm.wksbm) if not f.empty and "kode" in f]
    if not parts:
        return
    rows = pd.concat(parts).dropna().drop_duplicates("row")
    for row, kode in zip(rows["row"].astype(int), rows["kode"], strict=True):
        col = by_level.get(kode_util.tingkat_of(kode))
        if col is None or row not in frame.index:
            continue
        name = str(frame.at[row, col]).strip()
        if name and not same_name(index.nama[kode], name, index.tingkat[kode]):
            report.warning("nama_tidak_cocok",
                           f"nama {name!r} berbeda dengan nama resmi kode {kode}: {index.nama[kode]!r} (kode yang "
                           "dipakai; periksa apakah baris tergeser)",
                           kode=kode, nama=name, file=norm.table.file.name, sheet=norm.table.sheet, row=row,
                           column=col)

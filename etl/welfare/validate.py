"""Stage 3 of a welfare import: rules across rows (duplicates) and the final split into valid and held-back rows.

A row that carries any error is held back as a whole; under the default policy one held-back row stops the
import of every file (nothing is written), with `--skip-invalid` the valid rows are imported and the others listed.
"""

from __future__ import annotations

from dataclasses import dataclass

import pandas as pd

from etl.report import Report
from etl.welfare.normalise import Normalised

COUNT_KEY = ["kode", "tahun", "jenis", "kategori"]
WKSBM_KEY = ["tahun", "kode", "nama_kunci"]


@dataclass
class Validated:
    norm: Normalised
    counts: pd.DataFrame  # jenis, kode, tahun, kategori, nilai (+ row)
    wksbm: pd.DataFrame
    held_back: set[int]  # rows with an error
    ignored: set[int]  # rows ignored on purpose (total rows, identical duplicates)


def _where(norm: Normalised, row: int, column: str = "") -> dict:
    return {"file": norm.table.file.name, "sheet": norm.table.sheet, "row": row, "column": column}


def validate(norm: Normalised, report: Report) -> Validated:
    bad = set(norm.bad_rows)
    ignored = set(norm.ignored_rows)
    counts, wksbm = norm.counts, norm.wksbm
    if norm.layout != "registri":
        counts = counts[counts["kode"].notna() & counts["tahun"].notna()].copy()
        wksbm_counts = counts["kategori"].eq("WKSBM") & counts["jenis"].eq("PSKS")
        if wksbm_counts.any():
            report.warning(
                "wksbm_dari_registri",
                "jumlah WKSBM tidak diimpor dari tabel jumlah PSKS: indikator WKSBM dihitung dari registri WKSBM "
                "(impor registrinya dengan templat registri WKSBM)",
                file=norm.table.file.name, sheet=norm.table.sheet, column=str(counts.loc[wksbm_counts, "column"].iloc[0]),
            )
            counts = counts[~wksbm_counts]
        dup = counts.duplicated(COUNT_KEY, keep=False)
        if dup.any():
            for _, group in counts[dup].groupby(COUNT_KEY, sort=False):
                rows = sorted(set(group["row"].astype(int)))
                same = group["nilai"].nunique() == 1
                first = rows[0]
                for row in rows[1:]:
                    k = group.iloc[0]
                    if same:
                        report.warning(
                            "baris_ganda",
                            f"{k['kode']} {int(k['tahun'])} {k['kategori']} sudah ada di baris {first} dengan nilai "
                            "sama; baris ini diabaikan",
                            kode=k["kode"], **_where(norm, row, k["column"]),
                        )
                        ignored.add(row)
                    else:
                        report.error(
                            "baris_ganda",
                            f"{k['kode']} {int(k['tahun'])} {k['kategori']} juga ada di baris {first} dengan nilai "
                            "lain: hapus salah satu",
                            kode=k["kode"], **_where(norm, row, k["column"]),
                        )
                        bad.update(rows)
            counts = counts.drop_duplicates(COUNT_KEY, keep="first")
        counts = counts[~counts["row"].isin(bad)]
        counts = counts.assign(tahun=counts["tahun"].astype(int), nilai=counts["nilai"].astype("int64"))
    else:
        wksbm = wksbm[wksbm["kode"].notna() & wksbm["tahun"].notna()].copy()
        dup = wksbm.duplicated(WKSBM_KEY, keep=False)
        for _, group in wksbm[dup].groupby(WKSBM_KEY, sort=False):
            rows = sorted(group["row"].astype(int))
            for row in rows[1:]:
                report.error(
                    "baris_ganda",
                    f"WKSBM {group.iloc[0]['nama']!r} di {group.iloc[0]['kode']} tahun {int(group.iloc[0]['tahun'])} "
                    f"sudah ada di baris {rows[0]}: hapus salah satu, atau beri nama yang berbeda",
                    kode=group.iloc[0]["kode"], **_where(norm, row),
                )
            bad.update(rows)
        wksbm = wksbm[~wksbm["row"].isin(bad)].copy()
        wksbm["tahun"] = wksbm["tahun"].astype(int)
    return Validated(norm, counts, wksbm, bad, ignored)


def restrict_to_scope(v: Validated, report: Report, scope: str | None) -> Validated:
    """Hold back every row touching a region outside `scope` (an operator's region; None = no limit), one error per
    row naming the region, so the upload is refused with the rows named."""
    from petakesos.auth.roles import in_scope

    if scope is None:
        return v
    norm = v.norm
    outside: set[int] = set()
    for frame in (v.counts, v.wksbm):
        if frame.empty:
            continue
        mask = ~frame["kode"].astype(str).map(lambda k: in_scope(scope, k))
        for rec in frame.loc[mask, ["row", "kode"]].drop_duplicates().itertuples(index=False):
            outside.add(int(rec.row))
            report.error("di_luar_wilayah",
                         f"wilayah {rec.kode} di luar wilayah Anda ({scope}): hapus baris ini, atau minta admin "
                         "mengimpornya", kode=str(rec.kode), **_where(norm, int(rec.row)))
    if not outside:
        return v
    counts = v.counts[~v.counts["row"].isin(outside)] if not v.counts.empty else v.counts
    wksbm = v.wksbm[~v.wksbm["row"].isin(outside)] if not v.wksbm.empty else v.wksbm
    return Validated(norm, counts, wksbm, v.held_back | outside, v.ignored)


def row_ranges(rows: set[int], limit: int = 30) -> str:
    """{3, 4, 5, 9} → '3–5, 9' (the rows to fix, short)."""
    ordered = sorted(rows)
    spans: list[str] = []
    start = prev = None
    for r in ordered:
        if start is None:
            start = prev = r
        elif r == prev + 1:
            prev = r
        else:
            spans.append(f"{start}" if start == prev else f"{start}–{prev}")
            start = prev = r
    if start is not None:
        spans.append(f"{start}" if start == prev else f"{start}–{prev}")
    text = ", ".join(spans[:limit])
    return text + (f" … (+{len(spans) - limit})" if len(spans) > limit else "")

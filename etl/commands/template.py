"""`python -m etl template --provinsi 33 [--out DIR]`: XLSX and CSV templates for PMKS counts and the WKSBM
registry, with the province's region codes and names pre-filled so that district staff fill numbers, not codes.

The templates import unchanged with `python -m etl welfare FILE`: rows left empty are skipped.
"""

from __future__ import annotations

import argparse
import datetime
from pathlib import Path

import pandas as pd

from etl.commands import add_out_argument
from etl.report import CommandError
from petakesos.export.safe import csv_bytes, text_cells_as_text
from petakesos.sql.welfare import KPS_COLUMNS

REGION_COLUMNS = ["kode", "nama_desa_kelurahan", "kecamatan", "kabupaten_kota", "tahun"]
WKSBM_COLUMNS = ["nama_wksbm", "tahun_bentuk", "tahap", "nomor_sk", "ketua", "jumlah_anggota", *KPS_COLUMNS, "kegiatan"]
INSTRUCTIONS = [
    "Petunjuk pengisian",
    "Isi angka saja; jangan ubah kolom kode dan judul kolom. Angka boleh ditulis 1.234 atau 1234.",
    "Satu baris = satu desa/kelurahan (templat PMKS) atau satu WKSBM (templat registri WKSBM).",
    "Baris yang dibiarkan kosong dilewati saat impor. Salin baris untuk desa yang punya lebih dari satu WKSBM.",
    "WKSBM tingkat kecamatan: isi kode kecamatan (mis. 33.71.01) di kolom kode.",
    "Tahap: terbentuk, berjalan atau eksis.",
    "Impor: python -m etl welfare FILE --source-label \"Pendataan Dinsos 2025\"",
]


def add_parser(sub: argparse._SubParsersAction) -> None:
    p = sub.add_parser("template", help="write XLSX/CSV templates (PMKS counts, WKSBM registry) for a province")
    p.add_argument("--provinsi", required=True, help="province code, e.g. 33")
    p.add_argument("--kabupaten", help="limit to one kab/kota, e.g. 33.71")
    p.add_argument("--tahun", type=int, default=datetime.date.today().year, help="year pre-filled (default: this year)")
    add_out_argument(p, default="current folder")
    p.add_argument("--source", type=Path, help="reference data folder (default: setting PETAKESOS_DATA_DIR)")
    p.set_defaults(run=run)


def template_frames(code_list: pd.DataFrame, categories: pd.DataFrame, prefix: str, tahun: int
                    ) -> tuple[pd.DataFrame, pd.DataFrame]:
    names = dict(zip(code_list["kode"], code_list["nama"], strict=True))
    desa = code_list[(code_list["tingkat"] == "desa_kelurahan") & code_list["kode"].str.startswith(prefix + ".")]
    base = pd.DataFrame(
        {
            "kode": desa["kode"].to_numpy(),
            "nama_desa_kelurahan": desa["nama"].to_numpy(),
            "kecamatan": [names.get(k[:8], "") for k in desa["kode"]],
            "kabupaten_kota": [names.get(k[:5], "") for k in desa["kode"]],
            "tahun": tahun,
        }
    )
    pmks = base.copy()
    for nama in categories.loc[categories["jenis"] == "PMKS"].sort_values("no")["nama_resmi"]:
        pmks[nama] = ""
    wksbm = base.copy()
    for col in WKSBM_COLUMNS:
        wksbm[col] = ""
    return pmks, wksbm


def write_xlsx(frame: pd.DataFrame, path: Path, title: str) -> None:
    from openpyxl import Workbook
    from openpyxl.styles import Font

    wb = Workbook(write_only=False)
    ws = wb.active
    ws.title = "data"
    ws.append(list(frame.columns))
    for cell in ws[1]:
        cell.font = Font(bold=True)
    for row in frame.itertuples(index=False):
        ws.append(list(row))
    ws.freeze_panes = "F2"
    for col, width in zip("ABCD", (16, 28, 22, 26), strict=True):
        ws.column_dimensions[col].width = width
    info = wb.create_sheet("petunjuk")
    info.append([title])
    for line in INSTRUCTIONS:
        info.append([line])
    text_cells_as_text(wb)
    wb.save(path)


def write_templates(code_list: pd.DataFrame, prefix: str, tahun: int, out: Path, data_dir: Path
                    ) -> tuple[list[Path], int]:
    """CSV and XLSX templates (PMKS counts, WKSBM registry) for the desa under `prefix`; (files, desa count).
    Used by this command and by the data administration page (an operator's region)."""
    from petakesos.welfare.categories import read_categories

    pmks, wksbm = template_frames(code_list, read_categories(data_dir), prefix, tahun)
    out.mkdir(parents=True, exist_ok=True)
    stem = prefix.replace(".", "")
    written = []
    for kind, frame in (("pmks", pmks), ("wksbm", wksbm)):
        csv_path = out / f"templat_{kind}_{stem}.csv"
        csv_path.write_bytes(csv_bytes(frame))
        xlsx_path = out / f"templat_{kind}_{stem}.xlsx"
        write_xlsx(frame, xlsx_path, f"Templat {kind.upper()} {prefix} tahun {tahun}")
        written += [csv_path, xlsx_path]
    return written, len(pmks)


def _code_option(option: str, text: str, tingkat: str, example: str) -> str:
    """A region code given on the command line, of the level the option asks for (CommandError otherwise)."""
    from petakesos import codes as kode_util

    try:
        kode = kode_util.normalise_code(text)
    except kode_util.CodeError as exc:
        raise CommandError(f"{option} {text!r}: {exc}; tulis kode Kemendagri, mis. {option} {example}") from None
    if kode_util.tingkat_of(kode) != tingkat:
        raise CommandError(f"{option} {text!r} bukan kode {kode_util.TINGKAT_LABEL.get(tingkat, tingkat)}; "
                           f"mis. {option} {example}")
    return kode


def run(args: argparse.Namespace) -> int:
    import os

    from petakesos import reference
    from petakesos.settings import get_settings

    if args.source:
        os.environ["PETAKESOS_DATA_DIR"] = str(args.source.resolve())
    settings = get_settings()
    code_list = reference.read_code_list(settings.data_dir)
    prov = _code_option("--provinsi", args.provinsi, "provinsi", "33")
    prefix = _code_option("--kabupaten", args.kabupaten, "kabupaten_kota", "33.71") if args.kabupaten else prov
    if not prefix.startswith(prov):
        raise CommandError(f"--kabupaten {args.kabupaten!r} tidak berada di provinsi {prov}: periksa kodenya")
    if prefix not in set(code_list["kode"]):
        raise CommandError(f"kode {prefix!r} tidak ada dalam daftar kode wilayah Kemendagri 2025: periksa kodenya")
    written, n_desa = write_templates(code_list, prefix, args.tahun, args.out or Path("."), settings.data_dir)
    for path in written:
        print(f"Ditulis: {path}")
    print(f"{n_desa} desa/kelurahan; isi angka, lalu impor dengan `python -m etl welfare FILE`.")
    return 0

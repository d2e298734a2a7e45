"""`python -m etl welfare FILE... [--dry-run] [--source-label …] [--db PATH]`: import PMKS/PSKS counts and the
WKSBM registry (CSV or XLSX; wide, long, open-data-portal or registry layout) with a validation report."""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

from etl.commands import add_wait_argument
from etl.report import print_report


def add_parser(sub: argparse._SubParsersAction) -> None:
    p = sub.add_parser("welfare", help="import PMKS/PSKS counts and the WKSBM registry (CSV/XLSX)")
    p.add_argument("files", nargs="+", type=Path, metavar="FILE")
    p.add_argument("--db", type=Path, help="store file (default: setting PETAKESOS_DB, data/petakesos.duckdb)")
    p.add_argument("--source-label", help='source dataset label, e.g. "SIKS-NG 2024" (default: "Impor <file>")')
    p.add_argument("--sheet", help="XLSX sheet name or number (default: the first sheet)")
    p.add_argument("--tahun", type=int, help="year of the data when the file has no year column")
    p.add_argument("--dry-run", action="store_true", help="check and report only; write nothing")
    p.add_argument(
        "--skip-invalid", action="store_true", help="import the valid rows and list the rows ignored (default: a "
        "file with errors imports nothing)"
    )
    p.add_argument(
        "--kategori-lokal", action="append", default=[], metavar="SINGKATAN=Nama[;sensitif][;PSKS]",
        help="add a local category (e.g. \"ODGJ=Orang dengan Gangguan Jiwa;sensitif\"); repeatable",
    )
    p.add_argument("--report", type=Path, help="also write every problem to this CSV file")
    p.add_argument(
        "--skema-kode", choices=("bps", "kemendagri"),
        help="read codes without dots (3201, 7501) as BPS or as Kemendagri codes (default: decided per column from "
             "the names beside them; a warning says when a code is valid in both)",
    )
    add_wait_argument(p)
    p.set_defaults(run=run)


def run(args: argparse.Namespace) -> int:
    from etl.welfare import import_welfare

    result = import_welfare(
        args.files,
        db_path=args.db,
        source_label=args.source_label,
        sheet=args.sheet,
        tahun=args.tahun,
        dry_run=args.dry_run,
        skip_invalid=args.skip_invalid,
        local_categories=args.kategori_lokal,
        lock_wait=args.wait,
        code_scheme=args.skema_kode,
    )
    print_report(result.report, args.report)
    if result.stopped:
        print("Tidak ada yang diimpor (nothing imported).", file=sys.stderr)
        return 2
    print(("Uji coba (dry run): " if result.dry_run else "") + result.summary())
    print(f"Selesai dalam {result.seconds:.1f} s.")
    return 0

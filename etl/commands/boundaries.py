"""`python -m etl boundaries FILE... [--level …] [--db PATH]`: load boundary files into the store."""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

from etl.commands import add_wait_argument
from etl.report import print_report
from petakesos.codes import TINGKAT


def add_parser(sub: argparse._SubParsersAction) -> None:
    p = sub.add_parser("boundaries", help="load boundary files (GeoJSON, Shapefile/.zip, GeoPackage, GeoParquet)")
    p.add_argument("files", nargs="+", type=Path, metavar="FILE")
    p.add_argument("--level", choices=TINGKAT, help="level of the units (default: follows from each code)")
    p.add_argument("--db", type=Path, help="store file (default: setting PETAKESOS_DB, data/petakesos.duckdb)")
    p.add_argument("--code-column", help="column holding the region code, when it is not found automatically")
    p.add_argument("--name-column", help="column holding the region name")
    p.add_argument("--strict", action="store_true", help="stop on any unit-level problem instead of skipping it")
    p.add_argument(
        "--derive",
        choices=("auto", "no"),
        default="auto",
        help="derive kecamatan/kab-kota/provinsi by dissolving the desa (default auto: where no upper file is given)",
    )
    p.add_argument("--report", type=Path, help="also write every problem to this CSV file")
    add_wait_argument(p)
    p.set_defaults(run=run)


def run(args: argparse.Namespace) -> int:
    from etl.boundaries import load_boundaries

    result = load_boundaries(
        args.files,
        db_path=args.db,
        level=args.level,
        code_column=args.code_column,
        name_column=args.name_column,
        strict=args.strict,
        lock_wait=args.wait,
        derive=args.derive,
    )
    print_report(result.report, args.report)
    if result.stopped:
        print("Tidak ada yang dimuat (nothing loaded).", file=sys.stderr)
        return 2
    print(f"Selesai dalam {result.seconds:.1f} s.")
    return 0

"""`python -m etl export-table`: the table of a view (children × all indicators of a year) as CSV or XLSX.

    python -m etl export-table --kode 75.01 --tahun 2025 --format xlsx
    python -m etl export-table --kode 34 --format csv          # also writes <name>.keterangan.csv

Public by default (small sensitive values hidden as "<k", complementary cells as "×"); `--analis` gives exact
values. The XLSX holds the sources, export date and indicator definitions on its second sheet; for CSV they go to
a companion file `<name>.keterangan.csv`.
"""

from __future__ import annotations

import argparse
from pathlib import Path

from etl.commands import add_out_argument


def add_parser(sub: argparse._SubParsersAction) -> None:
    p = sub.add_parser("export-table", help="export the table of a region's children (CSV/XLSX)")
    p.add_argument("--kode", default="", help="region code ('' or omitted = Indonesia)")
    p.add_argument("--tahun", type=int, help="year (default: the latest year with data)")
    p.add_argument("--format", dest="fmt", choices=("csv", "xlsx"), default="xlsx")
    p.add_argument("--analis", action="store_true", help="exact values of sensitive categories (not for publication)")
    add_out_argument(p, default="setting PETAKESOS_EXPORT_DIR")
    p.add_argument("--bahasa", choices=("id", "en"), default="id", help="language of the texts (default id)")
    p.add_argument("--db", type=Path, help="store file (default: setting PETAKESOS_DB)")
    p.set_defaults(run=run)


def run(args: argparse.Namespace) -> int:
    from etl.commands.export_map import export_target
    from petakesos.export.naming import table_file_name
    from petakesos.export.safe import csv_bytes
    from petakesos.export.table import export_table, notes_frame, view_frame
    from petakesos.settings import get_settings

    out_dir = args.out or get_settings().export_dir
    store, kode, tahun = export_target(args)
    payload = export_table(store, kode, tahun, fmt=args.fmt, public=not args.analis, lang=args.bahasa)
    out_dir.mkdir(parents=True, exist_ok=True)
    path = out_dir / table_file_name(kode, tahun, args.fmt, public=not args.analis)
    name = path.stem
    path.write_bytes(payload)
    print(path)
    if args.fmt == "csv":
        _, facts = view_frame(store, kode, tahun, public=not args.analis, lang=args.bahasa)
        notes = out_dir / f"{name}.keterangan.csv"
        notes.write_bytes(csv_bytes(notes_frame(facts), lang=args.bahasa))
        print(notes)
    return 0

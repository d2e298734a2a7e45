"""`python -m etl demo [--source DIR]`: build a ready store from the reference data, then the demo welfare
dataset ("DATA CONTOH", see etl/demo_data.py) for the loaded regions.

`--scope national` (default) loads all 83,402 desa/kelurahan polygons and derives the upper levels;
`--scope samples` loads only Kota Magelang, DI Yogyakarta and Gorontalo (seconds instead of a minute; used by tests).
"""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

from etl.commands import add_wait_argument

SAMPLES = ("kota_magelang_3371", "diy_34", "gorontalo_75")


def add_parser(sub: argparse._SubParsersAction) -> None:
    p = sub.add_parser("demo", help="build a demo store from the reference data (../shared/data)")
    p.add_argument(
        "--source", type=Path, help="reference data folder (default: setting PETAKESOS_DATA_DIR, ../shared/data)"
    )
    p.add_argument("--scope", choices=("national", "samples"), default="national")
    p.add_argument("--db", type=Path, help="store file (default: setting PETAKESOS_DB)")
    add_wait_argument(p)
    p.set_defaults(run=run)


def demo_boundary_files(source: Path, scope: str) -> list[Path]:
    if scope == "national":
        files = [source / "boundaries" / "national" / "desa_kelurahan.parquet"]
    else:
        files = [source / "boundaries" / "samples" / s / "desa_kelurahan.geojson" for s in SAMPLES]
    missing = [f for f in files if not f.exists()]
    if missing:
        from petakesos.reference import ReferenceMissing

        raise ReferenceMissing(
            f"Demo boundary file(s) not found: {', '.join(map(str, missing))}. The demo needs the Peta Kesos "
            "reference data folder (boundaries/, codes/, categories/; see its README), by default ../shared/data "
            "beside the checkout. Point --source or PETAKESOS_DATA_DIR at it. The boundaries come from the public "
            "repository cahyadsn/wilayah_boundaries (MIT) and the code list from cahyadsn/wilayah (MIT)."
        )
    return files


def run(args: argparse.Namespace) -> int:
    import dataclasses

    from etl.boundaries import load_boundaries
    from petakesos.settings import get_settings

    settings = get_settings()
    if args.source:
        settings = dataclasses.replace(settings, data_dir=args.source.resolve())
    files = demo_boundary_files(settings.data_dir, args.scope)
    print(f"Memuat batas wilayah dari {', '.join(str(f) for f in files)} …", flush=True)
    result = load_boundaries(files, db_path=args.db, settings=settings, lock_wait=args.wait)
    print(result.report.format(limit=20))
    if result.stopped:
        print("Demo gagal dibuat (demo not built).", file=sys.stderr)
        return 2
    print(f"Batas wilayah selesai dalam {result.seconds:.1f} s.")
    from etl.demo_data import load_demo_data

    print("Membuat data kesejahteraan contoh (DATA CONTOH, 2019–2025) …", flush=True)
    demo = load_demo_data(args.db or settings.db_path, settings, lock_wait=args.wait)
    print(
        f"Data contoh: {demo.desa} desa/kelurahan, {demo.counts} nilai PMKS/PSKS, {demo.wksbm} baris registri WKSBM, "
        f"{demo.indicators} nilai indikator ({demo.seconds:.1f} s). Sumber: \"DATA CONTOH\" (bukan data resmi)."
    )
    return 0

"""`python -m etl export-map`: print-quality map images without the dashboard (press office, reports).

    python -m etl export-map --kode 34 --indikator cakupan_wksbm_pct --tahun 2025 --format pdf --paper A4
    python -m etl export-map --kode 75 --indikator pmks_total --batch --format png   # one image per kab/kota
    python -m etl export-map --kode 75.01 --indikator cakupan_wksbm_pct --level desa_kelurahan --paper A3

Public by default (small sensitive values hidden); `--analis` renders exact values and says so on the image.
Files go to --out (a folder; default the setting PETAKESOS_EXPORT_DIR), named by petakesos.export.naming
(peta_<indikator>_<kode>_<tahun>_<publik|analis>_<kertas>-<orientasi>.<format>).
"""

from __future__ import annotations

import argparse
import sys
import time
from pathlib import Path

from etl.commands import add_out_argument


def add_parser(sub: argparse._SubParsersAction) -> None:
    p = sub.add_parser("export-map", help="render choropleth maps to PNG/SVG/PDF (print quality)")
    p.add_argument("--kode", default="", help="region code ('' or omitted = Indonesia), e.g. 34 or 75.01")
    p.add_argument("--indikator", required=True, help="indicator id, e.g. cakupan_wksbm_pct, pmks_total, pmks:LUT")
    p.add_argument("--tahun", type=int, help="year (default: the latest year with data)")
    p.add_argument("--format", dest="fmt", choices=("png", "svg", "pdf"), default="png")
    p.add_argument("--paper", choices=("A4", "A3", "screen"), default="A4", help="screen = 1920×1080 px")
    p.add_argument("--orientation", choices=("landscape", "portrait"), default="landscape")
    p.add_argument("--dpi", type=int, default=300, help="PNG resolution for A4/A3 (default 300)")
    p.add_argument("--title", help="title (default: indicator, region and year)")
    p.add_argument("--subtitle", help="subtitle")
    p.add_argument("--method", choices=("auto", "quantile", "equal_interval", "jenks", "manual", "spm"), default="auto",
                   help="classification as in the dashboard; auto = SPM scale for WKSBM coverage, else quantiles")  # fmt: skip
    p.add_argument("--classes", type=int, default=5, help="number of classes (3–7)")
    p.add_argument("--palette", default="YlOrRd", help="YlOrRd, YlGnBu, Purples or viridis")
    p.add_argument("--breaks", help="manual class upper bounds, e.g. 10,25,50 (or 12,5;25;50); implies --method manual")
    p.add_argument("--level", choices=("kabupaten_kota", "kecamatan", "desa_kelurahan"),
                   help="map units deeper than the children, e.g. desa_kelurahan for all desa of a kab/kota")  # fmt: skip
    p.add_argument("--batch", action="store_true", help="one image for each child of --kode (e.g. each kab/kota)")
    p.add_argument("--analis", action="store_true", help="exact values of sensitive categories (not for publication)")
    p.add_argument("--logo", type=Path, help="Dinas logo PNG (default: setting PETAKESOS_LOGO)")
    p.add_argument("--no-labels", dest="labels", action="store_false", help="leave region names off")
    add_out_argument(p, default="setting PETAKESOS_EXPORT_DIR")
    p.add_argument("--bahasa", choices=("id", "en"), default="id", help="language of the texts (default id)")
    p.add_argument("--db", type=Path, help="store file (default: setting PETAKESOS_DB)")
    p.set_defaults(run=run)


def export_target(args: argparse.Namespace):
    """(store, region code, year) of an export command; CommandError with the fix when one cannot be had."""
    from etl.report import CommandError
    from petakesos import codes as kode_util
    from petakesos.export import data
    from petakesos.settings import get_settings
    from petakesos.store import Store

    try:
        kode = kode_util.normalise_code(args.kode) if args.kode else ""
    except kode_util.CodeError as exc:
        raise CommandError(f"--kode {args.kode!r}: {exc}") from exc
    store = Store(args.db or get_settings().db_path)
    years = data.years(store)
    tahun = args.tahun or (years[-1] if years else None)
    if tahun is None:
        raise CommandError("the store holds no welfare data yet: load it first (python -m etl welfare FILE) "
                           "or build the demo (python -m etl demo).")
    return store, kode, tahun


def run(args: argparse.Namespace) -> int:
    from etl.report import CommandError
    from petakesos import codes as kode_util
    from petakesos.classify import parse_breaks
    from petakesos.export import ExportError, render_map
    from petakesos.export.naming import map_file_name
    from petakesos.settings import get_settings

    breaks = None
    if args.breaks:
        breaks, rejected = parse_breaks(args.breaks)
        if rejected or not breaks:
            raise CommandError(f"--breaks {args.breaks!r}: {', '.join(map(repr, rejected)) or 'kosong'} bukan angka; "
                               "tulis batas atas kelas dipisah koma, mis. --breaks 10,25,50 (atau 12,5;25;50)")
        if args.method == "auto":
            args.method = "manual"  # breaks given: they are the classes (as the dashboard's batas=)
    out_dir = args.out or get_settings().export_dir
    store, kode, tahun = export_target(args)
    if args.batch:
        targets = [r for r in store.children(kode)["kode"] if kode_util.tingkat_of(r) != "desa_kelurahan"]
    else:
        targets = [kode]
    out_dir.mkdir(parents=True, exist_ok=True)
    skipped: list[str] = []
    for target in targets:
        started = time.perf_counter()
        try:
            payload = render_map(
                store, target, args.indikator, tahun, fmt=args.fmt, paper=args.paper,
                orientation=args.orientation, dpi=args.dpi, title=args.title if not args.batch else None,
                subtitle=args.subtitle, public=not args.analis, method=args.method, classes=args.classes,
                palette=args.palette, manual_breaks=breaks, logo=args.logo, labels=args.labels, level=args.level,
                lang=args.bahasa,
            )  # fmt: skip
        except ExportError as exc:
            if not args.batch:
                raise
            print(f"DILEWATI (skipped) {target}: {exc}", file=sys.stderr)
            skipped.append(target)
            continue
        path = out_dir / map_file_name(args.indikator, target, tahun, args.fmt, paper=args.paper,
                                       orientation=args.orientation, public=not args.analis, level=args.level)
        path.write_bytes(payload)
        print(f"{path}  ({len(payload) / 1024:,.0f} KB, {time.perf_counter() - started:.1f} s)")
    print(f"Selesai: {len(targets) - len(skipped)} peta di {out_dir}" + (f"; {len(skipped)} dilewati." if skipped else "."))
    return 1 if skipped else 0

"""`python -m etl demo [--source DIR] [--data contoh|nyata]`: build a ready store from the reference data.

`--data contoh` (default): the boundaries, then the demo welfare dataset ("DATA CONTOH", see etl/demo_data.py) for
the loaded regions. `--scope national` (default) loads all 83,402 desa/kelurahan polygons and derives the upper
levels; `--scope samples` loads only Kota Magelang, DI Yogyakarta and Gorontalo (seconds; used by tests).

`--data nyata`: a store of real figures, with no DATA CONTOH mark: the desa/kelurahan of Jawa Barat (the upper
levels derived from them) and the real open-data files of `open_data/jawa_barat/` (poor population and poverty
rate of its 27 kab/kota, 2002–2024), imported like any user file with the source label "BPS / Open Data Jawa
Barat". The dashboard opens at Jawa Barat by itself (all the store's data lie there; `PETAKESOS_HOME`).
"""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

from etl.commands import add_wait_argument
from petakesos.welfare import DEMO_SOURCE

SAMPLES = ("kota_magelang_3371", "diy_34", "gorontalo_75")
REAL_PROVINCE = "32"
REAL_FILES = ("jumlah_penduduk_miskin_kabupaten_kota.csv", "persentase_penduduk_miskin_kabupaten_kota.csv")
REAL_SOURCE = "BPS / Open Data Jawa Barat"


def add_parser(sub: argparse._SubParsersAction) -> None:
    p = sub.add_parser("demo", help="build a demo store from the reference data (../shared/data)")
    p.add_argument(
        "--source", type=Path, help="reference data folder (default: setting PETAKESOS_DATA_DIR, ../shared/data)"
    )
    p.add_argument("--scope", choices=("national", "samples"), default="national")
    p.add_argument("--data", choices=("contoh", "nyata"), default="contoh",
                   help=f"contoh: invented demo data ({DEMO_SOURCE}); nyata: the real open-data figures of Jawa Barat")
    p.add_argument("--db", type=Path, help="store file (default: setting PETAKESOS_DB)")
    add_wait_argument(p)
    p.set_defaults(run=run)


def demo_boundary_files(source: Path, scope: str) -> list[Path]:
    if scope == "national":
        files = [source / "boundaries" / "national" / "desa_kelurahan.parquet"]
    else:
        files = [source / "boundaries" / "samples" / s / "desa_kelurahan.geojson" for s in SAMPLES]
    return require_files(
        files,
        "Demo boundary file(s) not found: {missing}. The demo needs the Peta Kesos reference data folder "
        "(boundaries/, codes/, categories/; see its README), by default ../shared/data beside the checkout. Point "
        "--source or PETAKESOS_DATA_DIR at it. The boundaries come from the public repository "
        "cahyadsn/wilayah_boundaries (MIT) and the code list from cahyadsn/wilayah (MIT).",
    )


def require_files(files: list[Path], message: str) -> list[Path]:
    """The files, or ReferenceMissing naming the absent ones (`{missing}` in the message)."""
    missing = [f for f in files if not f.exists()]
    if missing:
        from petakesos._errors import ReferenceMissing

        raise ReferenceMissing(message.format(missing=", ".join(map(str, missing))))
    return files


def run(args: argparse.Namespace) -> int:
    import dataclasses

    from etl.boundaries import load_boundaries
    from petakesos.settings import get_settings

    settings = get_settings()
    if args.source:
        settings = dataclasses.replace(settings, data_dir=args.source.resolve())
    if args.data == "nyata":
        return run_real(Path(args.db or settings.db_path), settings)
    files = demo_boundary_files(settings.data_dir, args.scope)
    print(f"Memuat batas wilayah dari {', '.join(str(f) for f in files)} …", flush=True)
    result = load_boundaries(files, db_path=args.db, settings=settings, lock_wait=args.wait)
    print(result.report.format(limit=20))
    if result.stopped:
        print("Demo gagal dibuat (demo not built).", file=sys.stderr)
        return 2
    print(f"Batas wilayah selesai dalam {result.seconds:.1f} s.")
    from etl.demo_data import load_demo_data

    print(f"Membuat data kesejahteraan contoh ({DEMO_SOURCE}, 2019–2025) …", flush=True)
    demo = load_demo_data(args.db or settings.db_path, settings, lock_wait=args.wait)
    print(
        f"Data contoh: {demo.desa} desa/kelurahan, {demo.counts} nilai PMKS/PSKS, {demo.wksbm} baris registri WKSBM, "
        f"{demo.indicators} nilai indikator ({demo.seconds:.1f} s). Sumber: \"{DEMO_SOURCE}\" (bukan data resmi)."
    )
    return 0


def real_files(source: Path) -> list[Path]:
    files = [source / "open_data" / "jawa_barat" / name for name in REAL_FILES]
    files.append(source / "boundaries" / "national" / "desa_kelurahan.parquet")
    return require_files(
        files,
        "File data nyata tidak ditemukan: {missing}. `--data nyata` needs the reference folder with "
        "open_data/jawa_barat/ and boundaries/national/ (see its README); point --source or PETAKESOS_DATA_DIR at it.",
    )


def _check_replaceable(db: Path) -> None:
    """The real-data showcase replaces the store file: refuse when it holds imports of the user's own data."""
    import duckdb

    from petakesos._errors import CommandError

    if not db.exists():
        return
    try:
        with duckdb.connect(str(db), read_only=True) as con:
            own = con.execute("SELECT DISTINCT sumber FROM impor_batch WHERE sumber NOT IN (?, ?)",
                              [DEMO_SOURCE, REAL_SOURCE]).fetchall()
    except duckdb.CatalogException:
        return
    if own:
        raise CommandError(
            f"{db} berisi data impor sendiri ({', '.join(r[0] for r in own[:3])}); `demo --data nyata` membuat basis "
            "data baru: beri --db FILE lain (the store holds your own imports; choose another --db)"
        )


def run_real(db: Path, settings) -> int:
    """Build the real-data showcase into a fresh file next to `db`, then swap it in."""
    import os
    import tempfile

    import geopandas as gpd

    from etl.boundaries import load_boundaries
    from etl.report import print_report
    from etl.welfare import import_welfare

    *tables, boundaries = real_files(settings.data_dir)
    _check_replaceable(db)
    db.parent.mkdir(parents=True, exist_ok=True)
    fresh = db.with_name(db.name + ".nyata.tmp")
    fresh.unlink(missing_ok=True)
    with tempfile.TemporaryDirectory() as tmp:
        print(f"Memuat batas desa/kelurahan Jawa Barat dari {boundaries} …", flush=True)
        desa = gpd.read_parquet(boundaries)
        desa = desa[desa["kode"].astype(str).str.startswith(REAL_PROVINCE + ".")]
        subset = Path(tmp) / "desa_kelurahan_32.parquet"
        desa.to_parquet(subset)
        result = load_boundaries([subset], db_path=fresh, settings=settings)
    if result.stopped:
        print(result.report.format(limit=20))
        print("Data nyata gagal dibuat (not built).", file=sys.stderr)
        return 1
    print(f"Batas wilayah selesai dalam {result.seconds:.1f} s.")
    print(f"Mengimpor {', '.join(t.name for t in tables)} (sumber: {REAL_SOURCE}) …", flush=True)
    imported = import_welfare(tables, db_path=fresh, settings=settings, source_label=REAL_SOURCE)
    print_report(imported.report, None, limit=40)
    if imported.stopped:
        fresh.unlink(missing_ok=True)
        print("Data nyata gagal diimpor (not built).", file=sys.stderr)
        return 1
    os.replace(fresh, db)
    print(f"Data nyata: {imported.summary()} → {db}. Sumber: {REAL_SOURCE} (bukan {DEMO_SOURCE}). "
          "Dasbor terbuka di Jawa Barat: streamlit run dashboard.py")
    return 0

"""`python -m etl welfare FILE... [--dry-run] [--source-label …] [--db PATH]`: import PMKS/PSKS
counts, the WKSBM registry and general indicators (CSV or XLSX; wide, long, open-data-portal or registry layout)
with a validation and data-quality report."""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

from etl.commands import add_wait_argument
from etl.report import print_report


def add_parser(sub: argparse._SubParsersAction) -> None:
    p = sub.add_parser("welfare",
                       help="import PMKS/PSKS counts, the WKSBM registry and general indicators (CSV/XLSX)")
    p.add_argument("files", nargs="*", type=Path, metavar="FILE")
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
    g = p.add_argument_group("general indicators (any regional figure: poor population, PKH recipients, …)")
    g.add_argument("--indikator", metavar="ID", help="id of the indicator of a one-measure file (default: the "
                   "measure column's name, e.g. jumlah_penduduk_miskin)")
    g.add_argument("--nama", help="its Indonesian name (default: from the measure column)")
    g.add_argument("--satuan", help="its unit as written, e.g. 'RIBU JIWA', jiwa, keluarga, persen (default: the "
                   "file's satuan column)")
    g.add_argument("--agregasi", choices=("sum", "none"), help="sum: parents are the sum of children; none: "
                   "published per level only (default: sum for counts, none for percentages)")
    g.add_argument("--kelompok", help="group shown in the indicator list (default: Indikator umum)")
    g.add_argument("--sensitif", action="store_true", help="small counts identify people: public outputs hide "
                   "them as for ODHA or KTK")
    g.add_argument("--arah", choices=("naik-baik", "turun-baik", "netral"), help="direction of good news: "
                   "naik-baik (a rise is better, e.g. coverage), turun-baik (a fall is better, e.g. poverty); "
                   "default: known for PMKS/PSKS/WKSBM and poverty figures, else netral")
    g.add_argument("--rasio", action="append", default=[], metavar="ID=A/B*F[;Nama][;satuan]",
                   help="declare a ratio indicator computed at every level from two others, e.g. "
                   "pkh_per_100_miskin=penerima_pkh/jumlah_penduduk_miskin*100; repeatable")
    p.add_argument("--edisi-kode", choices=("2023", "2025"), help="Kemendagri code edition of the file (default: "
                   "detected; 2023 codes of units that moved, e.g. Kab. Sorong 92.01 → 96.01, are mapped)")
    g.add_argument("--definisi", type=Path, metavar="FILE", help="a small CSV declaring indicators once (columns "
                   "indikator, nama, satuan, agregasi sum|none|ratio, rumus a/b*100, kelompok, sensitif, arah)")
    p.add_argument("--strict", action="store_true", help="data-quality warnings stop the import like errors")
    p.set_defaults(run=run)


def run(args: argparse.Namespace) -> int:
    from etl.welfare import GeneralOptions, import_welfare
    from petakesos import direction
    from petakesos._errors import CommandError
    from petakesos.welfare.model import read_definitions

    declared = tuple(read_definitions(args.definisi)) if args.definisi else ()
    if not args.files and not args.rasio and not any(d.agregasi == "ratio" for d in declared):
        raise CommandError("beri FILE yang akan diimpor, atau --rasio/--definisi untuk menyatakan indikator rasio")
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
        general=GeneralOptions(indikator=args.indikator, nama=args.nama, satuan=args.satuan, agregasi=args.agregasi,
                               sensitif=args.sensitif, kelompok=args.kelompok, declared=declared,
                               arah=direction.parse(args.arah)),
        ratios=args.rasio,
        strict=args.strict,
        edisi_kode=args.edisi_kode,
    )
    print_report(result.report, args.report)
    if result.stopped:
        print("Tidak ada yang diimpor (nothing imported).", file=sys.stderr)
        return 2
    print(("Uji coba (dry run): " if result.dry_run else "") + result.summary())
    print(f"Selesai dalam {result.seconds:.1f} s.")
    return 0

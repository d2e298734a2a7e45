"""`python -m etl COMMAND …`: the command line of the ETL. Each command lives in etl/commands/<name>.py and
provides `add_parser(subparsers)` and `run(args) -> int`.

Every failure the user can fix ends in a clear message and exit code 2, never in a bare traceback.
"""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

from etl.commands import boundaries, demo, export_map, export_table, template, user, welfare
from petakesos._errors import FatalInput, PetaKesosError

COMMANDS = [boundaries, demo, welfare, template, export_map, export_table, user]


def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="python -m etl", description="Peta Kesos ETL: load boundaries and welfare data into the DuckDB store."
    )
    sub = parser.add_subparsers(dest="command", required=True)
    for command in COMMANDS:
        command.add_parser(sub)
    return parser


def main(argv: list[str] | None = None) -> int:
    args = build_parser().parse_args(argv)
    try:
        return args.run(args)
    except PetaKesosError as exc:  # the one place the command line reports an error
        print(f"GAGAL (failed): {exc}", file=sys.stderr)
        if isinstance(exc, FatalInput):
            print("Basis data tidak diubah (the store was not changed).", file=sys.stderr)
        return exc.exit_code
    except OSError as exc:  # a folder or file the user named cannot be read or written (permissions, disk full)
        where = f": {Path(exc.filename).name}" if exc.filename else ""
        print(f"GAGAL (failed): {exc.strerror or exc}{where}. Periksa folder/file dan hak aksesnya; basis data tidak "
              "diubah (the store was not changed).", file=sys.stderr)
        return 2
    except KeyboardInterrupt:
        print("Dibatalkan (cancelled); basis data tidak diubah (the store was not changed).", file=sys.stderr)
        return 130

"""One module per `python -m etl` command (add_parser + run), and the options several writers share."""

from __future__ import annotations

import argparse
from pathlib import Path


def seconds(text: str) -> float:
    """argparse type of `--wait`: a number of seconds ≥ 0 (a clear usage error otherwise)."""
    try:
        value = float(text.replace(",", "."))
    except ValueError:
        raise argparse.ArgumentTypeError(f"{text!r} is not a number of seconds (e.g. --wait 60)") from None
    if not 0 <= value <= 86400:
        raise argparse.ArgumentTypeError(f"{text!r}: give between 0 and 86400 seconds")
    return value


def add_wait_argument(parser: argparse.ArgumentParser) -> None:
    """`--wait SECONDS` of every command that writes the store (one writer at a time, see petakesos.store)."""
    parser.add_argument(
        "--wait", type=seconds, metavar="SECONDS",
        help="when another import/load is writing the same store, wait up to SECONDS for it (default: setting "
             "PETAKESOS_LOCK_WAIT, 30 s; 0 = give up at once); then stop with exit code 2, nothing written",
    )


# Endings of the files the commands write: `--out peta.png` is a file name typed where a folder is meant (the
# commands name their files themselves, with the region, year and public/analyst mark), not a folder to create.
_FILE_ENDINGS = {".png", ".svg", ".pdf", ".csv", ".xlsx", ".xls", ".jpg", ".jpeg"}


def output_folder(text: str) -> Path:
    """argparse type of `--out`: a folder (existing or to be created), never an existing file or a file name."""
    path = Path(text)
    if path.exists() and not path.is_dir():
        raise argparse.ArgumentTypeError(f"{text!r} is a file; --out takes a folder (e.g. --out ekspor)")
    if not path.exists() and path.suffix.lower() in _FILE_ENDINGS:
        raise argparse.ArgumentTypeError(
            f"{text!r} looks like a file name; --out takes a folder and the files in it are named for you (region, "
            f"year, …), e.g. --out {path.parent / path.stem}")
    return path


def add_out_argument(parser: argparse.ArgumentParser, *, default: str) -> None:
    """`--out DIR` of every command that writes files (template, export-map, export-table)."""
    parser.add_argument("--out", type=output_folder, metavar="DIR", help=f"output folder (default: {default})")

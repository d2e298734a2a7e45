"""One module per `python -m etl` command (add_parser + run), and the options several writers share."""

from __future__ import annotations

import argparse


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

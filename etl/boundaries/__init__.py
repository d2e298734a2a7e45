"""Boundary loading pipeline: read → normalise → validate → load (one module per stage)."""

from __future__ import annotations

import hashlib
import json
import time
from dataclasses import dataclass, field
from pathlib import Path

import pandas as pd

from etl.boundaries import load, normalise, read, validate
from etl.report import FatalInput, Report
from petakesos import reference
from petakesos.settings import SCHEMA_VERSION, Settings, get_settings
from petakesos.sql import regions as q
from petakesos.store import atomic_update, connect_read_only

KIND = "boundaries"


@dataclass
class BoundaryLoadResult:
    report: Report
    written: dict[str, int] = field(default_factory=dict)
    stage_seconds: dict[str, float] = field(default_factory=dict)
    unchanged: bool = False
    stopped: bool = False
    seconds: float = 0.0


def fingerprint(files: list[Path], options: dict) -> str:
    digest = hashlib.sha256(json.dumps(options, sort_keys=True).encode())
    for path in files:
        digest.update(path.name.encode())
        with open(path, "rb") as handle:
            for block in iter(lambda: handle.read(1 << 20), b""):
                digest.update(block)
    return digest.hexdigest()


def _last_fingerprint(db_path: Path) -> str | None:
    if not db_path.exists():
        return None
    import duckdb

    try:
        with connect_read_only(db_path) as con:
            row = con.execute(q.LAST_FINGERPRINT, [KIND]).fetchone()
    except duckdb.Error:
        return None
    return row[0] if row else None


def load_boundaries(
    files: list[Path],
    db_path: Path | None = None,
    settings: Settings | None = None,
    level: str | None = None,
    code_column: str | None = None,
    name_column: str | None = None,
    strict: bool = False,
    derive: str = "auto",
    lock_wait: float | None = None,
) -> BoundaryLoadResult:
    """Load boundary files into the store. Raises FatalInput for an unusable file (the store is untouched).

    `lock_wait`: seconds to wait for another writer of the store (None: setting; 0: fail at once, StoreBusy)."""
    started = time.perf_counter()
    settings = settings or get_settings()
    db_path = Path(db_path or settings.db_path)
    files = [Path(f) for f in files]
    report = Report()
    code_list = reference.read_code_list(settings.data_dir)

    result = BoundaryLoadResult(report)
    clock = time.perf_counter()

    def lap(stage: str) -> None:
        nonlocal clock
        now = time.perf_counter()
        result.stage_seconds[stage] = result.stage_seconds.get(stage, 0.0) + now - clock
        clock = now

    frames = []
    for path in files:
        frame = read.read_boundary_file(path, report)
        lap("read")
        frames.append(normalise.normalise_frame(frame, path, report, level, code_column, name_column))
        lap("normalise")
    units = validate.validate_units(pd.concat(frames, ignore_index=True), code_list, report)
    lap("validate")

    options = {
        "level": level,
        "code_column": code_column,
        "name_column": name_column,
        "derive": derive,
        "display": {t: list(p.__dict__.values()) for t, p in settings.display.items()},
        "sliver": settings.sliver_hole_area,
        "schema": SCHEMA_VERSION,
    }
    print_ = fingerprint(files, options)
    if _last_fingerprint(db_path) == print_:
        report.note("Input identik dengan muatan terakhir: tidak ada yang berubah (same input as the last load).")
        result.unchanged = True
        result.seconds = time.perf_counter() - started
        return result
    if strict and (report.errors or report.warnings):
        report.note("--strict: load stopped because of the problems above; the store was not changed.")
        result.stopped = True
        return result
    if units.empty:
        report.note("No sound unit in the input; the store was not changed.")
        result.stopped = True
        return result

    units = units.assign(sumber=units["file"].map(lambda f: Path(f).name))
    given_levels = set(units["tingkat"])
    with atomic_update(db_path, wait=lock_wait) as con:
        load.write_code_list(con, code_list)
        for tingkat, part in units.groupby("tingkat", sort=False):
            layer = load.prepare_layer(part.reset_index(drop=True), tingkat, settings, turunan=False)
            lap("display geometry")
            load.write_layer(con, layer)
            lap("write")
            result.written[tingkat] = len(layer)
        if "desa_kelurahan" in given_levels and derive != "no":
            desa = units.loc[units["tingkat"] == "desa_kelurahan", "kode"].tolist()
            for tingkat, n in load.derive_upper_levels(con, desa, code_list, given_levels, settings).items():
                result.written[f"{tingkat} (turunan)"] = n
            lap("derive upper levels")
        load.rebuild_completeness(con)
        for tingkat in given_levels:
            loaded_parents = set(units.loc[units["tingkat"] == tingkat, "kode"].map(lambda k: k.rsplit(".", 1)[0]))
            have = set(con.execute(q.BATAS_CODES_AT_TINGKAT, [tingkat]).df()["kode"])
            validate.report_missing_polygons(
                code_list, have, tingkat, report, within=loaded_parents if tingkat != "provinsi" else None
            )
        summary = ", ".join(f"{n} {t}" for t, n in result.written.items())
        con.execute(q.LOG_LOAD, [KIND, ";".join(str(f) for f in files), print_, summary])
    lap("commit")
    report.note(f"Dimuat (loaded): {summary}")
    result.seconds = time.perf_counter() - started
    return result


__all__ = ["FatalInput", "BoundaryLoadResult", "load_boundaries"]

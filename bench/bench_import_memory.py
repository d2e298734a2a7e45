"""Benchmark of the welfare import's time and peak memory on large wide CSV files (issue 8).

    python bench/bench_import_memory.py [--workdir DIR] [--full-baseline] [--baseline-ref REF] [--skip-200]
        [--skip-38] [--skip-chunked] [--skip-update]

Two files are generated from the national code list (wide layout: kode, tahun, one column per category):
- the 200 MB file: every desa/kelurahan × 20 years × 27 categories (26 PMKS + PSM), ≈45 M values, with the names
  of the kab/kota, kecamatan and desa as office exports have them (kode, nama_kabupaten_kota, nama_kecamatan,
  nama_desa, tahun, …);
- the 38 MB file: every desa/kelurahan × 5 years × 26 PMKS categories, ≈10.9 M values (kode, nama, tahun, …).
Each import runs in its own child process into a store holding the code list; printed: wall seconds, the child's
CPU seconds (user + system; the machine is shared, so wall time depends on the load average, printed too) and
peak resident memory (`os.wait4` rusage, i.e. what `/usr/bin/time -v` calls "Maximum resident set size").
Measured in the same run: the default import (fast CSV path, etl/welfare/fast_csv.py), the general chunked path
(fast path switched off) and the baseline below.
Then the update: a file like the 38 MB one (other values, 10.9 M) imported into the store the 200 MB import filled, as
a Dinas re-importing corrected figures does (≈86% of the values change and are retired into history), beside the
code of `UPDATE_BASELINE_REF` (the write before it paired incoming and current rows in one join).
Targets: 200 MB ≤ 60 s and ≤ 2 GB; 38 MB ≤ 1.5 GB; the update ≤ 60 s and ≤ 1.5 GB (ours: the issue's figures for
a file of that size apply to a re-import too). Each target gets one line `VERDICT <target>: target …,
measured … → MET / NOT MET` (repeated in a summary at the end); wall time depends on the machine's load, so the
time verdict carries the CPU seconds and the load average.

The baseline is today's approach before the chunked import (whole file in pandas, every value a Python object),
measured in the same run: the code of `--baseline-ref` (default: the commit before issue 8) is exported with
`git archive` into the work folder and imports the same file. It needs ≈4 GB on the 38 MB file and ≈15 GB on the
200 MB file, so by default it runs on the 38 MB file only; `--full-baseline` also runs it on the 200 MB file (only
on a machine with 16 GB free).
"""

from __future__ import annotations

import argparse
import json
import os
import subprocess
import sys
import tarfile
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

import numpy as np  # noqa: E402

from bench.verdict import summary, verdict  # noqa: E402
from petakesos import reference  # noqa: E402
from petakesos.settings import get_settings  # noqa: E402
from petakesos.welfare.categories import read_categories  # noqa: E402

BASELINE_REF = "06b5da9"  # main before issue 8: the whole-file import
UPDATE_BASELINE_REF = "2ed7076"  # the write as an UPDATE … FROM join plus an INSERT … ANTI JOIN, preview uncapped
CHILD = """
import json, sys, time
sys.path.insert(0, sys.argv[1])
from etl.welfare import import_welfare
if sys.argv[4] == "chunked":  # the general (chunked pandas) path only: the fast CSV path switched off
    from etl.welfare import fast_csv
    fast_csv.plan = lambda *args, **kwargs: None
t0 = time.perf_counter()
r = import_welfare([sys.argv[2]], db_path=sys.argv[3], source_label="Benchmark")
assert r.written, r.report.format(limit=10)
print(json.dumps({"seconds": time.perf_counter() - t0, "values": r.status["baru"] + r.status["ubah"]}))
"""


def measure(code_root: Path, csv_path: Path, db: Path, base: Path, path: str = "fast", *,
            keep: Path | None = None) -> dict:
    """Import `csv_path` with the code under `code_root` in a child process: seconds, values, peak RSS (MB), CPU
    seconds. `path`: "fast" (the default import: DuckDB fast path for plain wide CSV) or "chunked" (general path).
    `keep`: move the store there afterwards (else it is removed)."""
    db.write_bytes(base.read_bytes())
    env = dict(os.environ, PYTHONPATH=str(code_root), PETAKESOS_MAX_IMPORT_MB="100000")
    with tempfile.TemporaryFile(mode="w+") as out, tempfile.TemporaryFile(mode="w+") as err:
        started = time.perf_counter()
        proc = subprocess.Popen([sys.executable, "-c", CHILD, str(code_root), str(csv_path), str(db), path],
                                cwd=code_root, env=env, stdout=out, stderr=err, text=True)
        _, status, usage = os.wait4(proc.pid, 0)
        proc.returncode = os.waitstatus_to_exitcode(status)
        wall = time.perf_counter() - started
        out.seek(0)
        err.seek(0)
        if proc.returncode != 0:
            raise SystemExit(f"import failed ({code_root}):\n{err.read()[-3000:]}")
        output = out.read()
    # The child's last line is its JSON (older code under test may draw DuckDB's progress bar on stdout before it).
    result = json.loads([text for text in output.splitlines() if text.startswith('{"seconds"')][-1])
    result["peak_mb"] = usage.ru_maxrss / 1024
    result["cpu"] = usage.ru_utime + usage.ru_stime
    result["wall"] = wall
    if keep is not None:
        db.replace(keep)
    db.unlink(missing_ok=True)
    return result


def write_wide_csv(path: Path, desa: np.ndarray, names: dict[str, np.ndarray], years: list[int], cats: list[str],
                   seed: int) -> int:
    """kode,<name columns>,tahun,<cats> for every desa × year, written in blocks (the generator stays small);
    `names`: column → one (quoted) name per desa. Returns the number of values."""
    rng = np.random.default_rng(seed)
    n_values = 0
    with open(path, "w", encoding="utf-8", newline="\n") as handle:
        handle.write(",".join(["kode", *names, "tahun", *cats]) + "\n")
        for tahun in years:
            for start in range(0, len(desa), 20_000):
                block = slice(start, start + 20_000)
                regions = [desa[block], *('"' + column[block] + '"' for column in names.values())]
                values = rng.poisson(4, (len(desa[block]), len(cats)))
                values[:, ::7] *= 60  # a few larger counts
                lines = [",".join(region) + f",{tahun}," + ",".join(map(str, row))
                         for *region, row in zip(*regions, values.tolist(), strict=True)]
                handle.write("\n".join(lines) + "\n")
                n_values += values.size
    return n_values


def empty_store(db: Path, codes) -> None:
    from etl.boundaries.load import write_code_list
    from petakesos.store import atomic_update

    with atomic_update(db) as con:
        write_code_list(con, codes)


EMPTY_STORE = """
import sys
sys.path.insert(0, sys.argv[1])
from etl.boundaries.load import write_code_list
from petakesos import reference
from petakesos.settings import get_settings
from petakesos.store import atomic_update
with atomic_update(sys.argv[2]) as con:
    write_code_list(con, reference.read_code_list(get_settings().data_dir))
"""


def empty_store_of(code_root: Path, db: Path) -> Path:
    """A store holding the code list, created by the code under `code_root` (each version its own schema: the
    baseline cannot write into a store of today's schema)."""
    db.unlink(missing_ok=True)
    subprocess.run([sys.executable, "-c", EMPTY_STORE, str(code_root), str(db)], cwd=code_root, check=True,
                   env=dict(os.environ, PYTHONPATH=str(code_root)))
    return db


def export_baseline(ref: str, work: Path) -> Path:
    target = work / f"baseline_{ref}"
    if not (target / "etl").exists():
        target.mkdir(parents=True, exist_ok=True)
        archive = subprocess.run(["git", "-C", str(ROOT), "archive", ref], capture_output=True, check=True).stdout
        with tarfile.open(fileobj=__import__("io").BytesIO(archive)) as tar:
            tar.extractall(target)  # our own repository's archive
    return target


def load() -> str:
    """The machine's load average (1, 5, 15 min): the machine is shared, so wall time depends on it."""
    return ", ".join(f"{x:.1f}" for x in os.getloadavg())


def line(label: str, res: dict, target: str = "") -> str:
    return (f"{label}: {res['wall']:.1f} s wall (CPU {res['cpu']:.1f} s), peak memory {res['peak_mb']:,.0f} MB, {res['values']:,} values"
            + (f"  ({target})" if target else ""))


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--workdir", type=Path, help="folder for the generated files and stores (default: temp)")
    parser.add_argument("--baseline-ref", default=BASELINE_REF, help="git ref of the baseline import code")
    parser.add_argument("--full-baseline", action="store_true",
                        help="also measure the baseline on the 200 MB file (needs ≈15 GB of free memory)")
    parser.add_argument("--skip-200", action="store_true", help="only the 38 MB file")
    parser.add_argument("--skip-38", action="store_true", help="only the 200 MB file")
    parser.add_argument("--skip-update", action="store_true", help="skip the update of the filled store")
    parser.add_argument("--skip-chunked", action="store_true",
                        help="on the 200 MB file, skip the general (chunked) path (≈4 CPU-minutes)")
    args = parser.parse_args()
    print(f"{os.cpu_count()} cores, load average {load()}", flush=True)
    work = args.workdir or Path(tempfile.mkdtemp(prefix="bench_import_memory_"))
    work.mkdir(parents=True, exist_ok=True)
    settings = get_settings()
    codes = reference.read_code_list(settings.data_dir)
    desa_rows = codes[codes["tingkat"] == "desa_kelurahan"]
    name_of = dict(zip(codes["kode"], codes["nama"].str.replace('"', "'"), strict=True))
    desa = desa_rows["kode"].to_numpy()
    desa_name = {"nama": desa_rows["nama"].str.replace('"', "'").to_numpy()}
    # The 200 MB file as offices export it: the names of the kab/kota and kecamatan beside the desa's.
    level_names = {"nama_kabupaten_kota": np.array([name_of.get(k[:5], "") for k in desa], dtype=object),
                   "nama_kecamatan": np.array([name_of.get(k[:8], "") for k in desa], dtype=object),
                   "nama_desa": desa_name["nama"]}
    cats = read_categories(settings.data_dir)
    pmks = cats.loc[(cats["jenis"] == "PMKS") & ~cats["lokal"], "singkatan"].tolist()
    base = work / "base.duckdb"
    base.unlink(missing_ok=True)
    empty_store(base, codes)
    baseline_root = export_baseline(args.baseline_ref, work)
    baseline_base = empty_store_of(baseline_root, work / "base_baseline.duckdb")

    if not args.skip_38:
        small = work / "wide_38mb.csv"
        n_small = write_wide_csv(small, desa, desa_name, list(range(2020, 2025)), pmks, seed=2)
        print(f"{small.name}: {small.stat().st_size / 1e6:.0f} MB, {n_small:,} values", flush=True)
        fast = measure(ROOT, small, work / "ours.duckdb", base)
        print(line("  fast CSV import (ours, default)", fast, "target ≤ 1,536 MB"), flush=True)
        verdict("38 MB file, peak memory", fast["peak_mb"], 1536, "MB")
        ours = measure(ROOT, small, work / "ours.duckdb", base, "chunked")
        print(line("  chunked import (ours, general path)", ours), flush=True)
        naive = measure(baseline_root, small, work / "naive.duckdb", baseline_base)
        print(line(f"  whole-file import (baseline {args.baseline_ref})", naive), flush=True)
        print(f"  → fast: {naive['peak_mb'] / fast['peak_mb']:.1f}× less memory than the baseline, CPU "
              f"{naive['cpu'] / fast['cpu']:.1f}× less than the baseline and {ours['cpu'] / fast['cpu']:.1f}× less "
              f"than the chunked path; load average {load()}", flush=True)
        small.unlink()

    if args.skip_200:
        summary()
        return
    big = work / "wide_200mb.csv"
    n_big = write_wide_csv(big, desa, level_names, list(range(2005, 2025)), [*pmks, "PSM"], seed=3)
    print(f"{big.name}: {big.stat().st_size / 1e6:.0f} MB, {n_big:,} values", flush=True)
    filled = work / "filled.duckdb"
    fast = measure(ROOT, big, work / "ours.duckdb", base, keep=filled)
    print(line("  fast CSV import (ours, default)", fast, "target ≤ 60 s, ≤ 2,048 MB"), flush=True)
    verdict("200 MB file, wall time", fast["wall"], 60, "s",
            f"CPU {fast['cpu']:.1f} s on {os.cpu_count()} cores, load average {load()}")
    verdict("200 MB file, peak memory", fast["peak_mb"], 2048, "MB")
    if not args.skip_chunked:
        ours = measure(ROOT, big, work / "ours.duckdb", base, "chunked")
        print(line("  chunked import (ours, general path)", ours), flush=True)
    if args.full_baseline:
        naive = measure(baseline_root, big, work / "naive.duckdb", baseline_base)
        print(line(f"  whole-file import (baseline {args.baseline_ref})", naive), flush=True)
    else:
        print("  baseline on this file skipped (≈15 GB); run with --full-baseline on a machine with the memory")
    print(f"  load average {load()}", flush=True)
    big.unlink()
    if not args.skip_update:
        update = work / "update_38mb.csv"
        n_update = write_wide_csv(update, desa, desa_name, list(range(2020, 2025)), pmks, seed=2)
        print(f"{update.name} into the filled store: {update.stat().st_size / 1e6:.0f} MB, {n_update:,} values",
              flush=True)
        ours = measure(ROOT, update, work / "ours.duckdb", filled)
        print(line("  update (ours)", ours, "target ≤ 60 s, ≤ 1,536 MB"), flush=True)
        verdict("update of 10.9 M values in a filled store, wall time", ours["wall"], 60, "s",
                f"CPU {ours['cpu']:.1f} s, load average {load()}")
        verdict("update of 10.9 M values in a filled store, peak memory", ours["peak_mb"], 1536, "MB")
        before = measure(export_baseline(UPDATE_BASELINE_REF, work), update, work / "naive.duckdb", filled)
        print(line(f"  update (baseline {UPDATE_BASELINE_REF})", before), flush=True)
        update.unlink()
    filled.unlink()
    summary()


if __name__ == "__main__":
    main()

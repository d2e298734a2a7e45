"""Reference data read from the data folder (setting `data_dir`, default `../shared/data`): the Kemendagri code
list, population, and the PMKS/PSKS category lists. Nothing here is committed to the repository."""

from __future__ import annotations

from pathlib import Path

import pandas as pd

from petakesos import codes as kode_util
from petakesos._errors import ReferenceMissing  # noqa: F401  (re-exported)

CODE_LIST_FILE = Path("codes") / "kemendagri_2025_wilayah.csv"
POPULATION_FILE = Path("codes") / "kemendagri_2025_penduduk.csv"
CODE_LIST_EDITION = "Kemendagri 2025"


def require(data_dir: Path, relative: Path) -> Path:
    path = Path(data_dir) / relative
    if not path.exists():
        raise ReferenceMissing(
            f"Reference file {path} not found. Point PETAKESOS_DATA_DIR (or --source) at the Peta Kesos reference "
            f"data folder (the one with codes/, boundaries/ and categories/; default ../shared/data), which holds "
            f"{relative}."
        )
    return path


def read_code_list(data_dir: Path) -> pd.DataFrame:
    """The official code list as DataFrame(kode, nama, tingkat, kode_induk, edisi)."""
    path = require(data_dir, CODE_LIST_FILE)
    frame = pd.read_csv(path, dtype=str, keep_default_na=False)
    frame["kode"] = frame["kode"].str.strip()
    frame["nama"] = frame["nama"].str.strip()
    frame["tingkat"] = [kode_util.tingkat_of(k) for k in frame["kode"]]
    frame["kode_induk"] = [kode_util.parent_of(k) for k in frame["kode"]]
    frame["edisi"] = CODE_LIST_EDITION
    return frame[["kode", "nama", "tingkat", "kode_induk", "edisi"]]


def read_population(data_dir: Path) -> pd.DataFrame:
    """Population 2025 (kode, total) for provinces and kab/kota; the national row has kode ''."""
    path = require(data_dir, POPULATION_FILE)
    frame = pd.read_csv(path, dtype={"kode": str})
    frame["kode"] = frame["kode"].str.strip().replace({"0": ""})
    return frame[["kode", "nama", "pria", "wanita", "total"]]

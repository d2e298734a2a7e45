"""Shared test fixtures. Tests that need the reference data use `shared_data` and skip clearly without it."""

from __future__ import annotations

import os
from pathlib import Path

import pytest

from petakesos.settings import get_settings


@pytest.fixture(scope="session")
def shared_data() -> Path:
    data_dir = get_settings().data_dir
    if not (data_dir / "codes" / "kemendagri_2025_wilayah.csv").exists():
        pytest.skip(f"reference data not found at {data_dir} (set PETAKESOS_DATA_DIR to the shared/data folder)")
    return data_dir


@pytest.fixture(scope="session")
def sample_store(shared_data: Path, tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A store holding the real sample boundaries (Kota Magelang, DIY, Gorontalo), built once per test run."""
    from etl.boundaries import load_boundaries
    from etl.commands.demo import SAMPLES

    db = tmp_path_factory.mktemp("store") / "samples.duckdb"
    files = [shared_data / "boundaries" / "samples" / s / "desa_kelurahan.geojson" for s in SAMPLES]
    load_boundaries(files, db_path=db)
    return db


@pytest.fixture()
def isolated_env(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """Point the store setting at a temporary file so no test touches data/petakesos.duckdb."""
    db = tmp_path / "store.duckdb"
    monkeypatch.setenv("PETAKESOS_DB", str(db))
    return db


os.environ.setdefault("PETAKESOS_EXPORT_DIR", str(Path(os.environ.get("TMPDIR", "/tmp")) / "petakesos-test-exports"))

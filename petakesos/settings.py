"""Every option of Peta Kesos, in one place.

Each option is read from an environment variable so that the dashboard, the ETL and the tests share one
configuration without a config file. Paths are resolved against the project root, not the working directory, so
`python -m etl` and `streamlit run dashboard.py` behave the same wherever they are started. A value that cannot be
read (e.g. `PETAKESOS_K=abc`) stops with a `SettingError` naming the variable, never a traceback.

Options (environment variable: type, default — meaning):

- `PETAKESOS_DATA_DIR`: path, `../shared/data` — reference data (boundaries, code lists, population, categories,
  open_data); see its README.
- `PETAKESOS_DB`: path, `data/petakesos.duckdb` — the DuckDB store read by the dashboard and written (atomically,
  one writer at a time) by the ETL.
- `PETAKESOS_HOME`: text, unset — region the dashboard opens at, a Kemendagri code such as `33` (`""` = Indonesia);
  unset: the province when all the store's welfare data lie in one province, else Indonesia.
- `PETAKESOS_DISPLAY_PROVINSI`, `PETAKESOS_DISPLAY_KABUPATEN_KOTA`, `PETAKESOS_DISPLAY_KECAMATAN`,
  `PETAKESOS_DISPLAY_DESA_KELURAHAN`: `tolerance,decimals,min_part_area`, see `DEFAULT_DISPLAY` — display geometry
  per level.
- `PETAKESOS_SLIVER_HOLE_AREA`: float (square degrees), `1e-6` (≈ 1.2 ha) — holes smaller than this are removed
  when upper levels are dissolved from desa.
- `PETAKESOS_TILES`: bool, off — draw OpenStreetMap tiles under the map (the app must work offline).
- `PETAKESOS_K`: int, `5` — small-number threshold of the disclosure rules (values 1..k-1 of sensitive indicators
  are hidden in public outputs; docs/privacy.md).
- `PETAKESOS_STATIC_DIR`: path, `static` — folder served by Streamlit; Leaflet is installed into `vendor/` there.
- `PETAKESOS_EXPORT_DIR`: path, `data/exports` — where the command line writes exported maps and tables.
- `PETAKESOS_LOCK_WAIT`: int (seconds), `30` — how long a writer waits for another writer's lock on the store.
- `PETAKESOS_MAX_IMPORT_MB`: int (MB), `500` — largest welfare file the importer accepts.
- `PETAKESOS_IMPORT_MEMORY_MB`: int (MB), `900` — DuckDB's memory cap while an import stages and checks a file,
  compares it with the store, writes the store and rebuilds the indicators (it spills to disk beyond it); the
  import's peak is about this plus ≈450 MB of Python.
- `PETAKESOS_LOGO`: path, none — optional Dinas logo (PNG) placed on exported maps.
- `PETAKESOS_USERS`: path, `<store>.pengguna.sqlite` — accounts, sessions, audit log and upload history.
- `PETAKESOS_SESSION_MINUTES`: int, `30` — a signed-in session ends after this many idle minutes.
- `PETAKESOS_SESSION_MAX_HOURS`: int, `10` — a session ends this many hours after sign-in.
- `PETAKESOS_LOCKOUT_FAILURES`: int, `5` — failed sign-ins in a row that lock an account.
- `PETAKESOS_LOCKOUT_MINUTES`: int, `15` — how long such a lock lasts.
- `PETAKESOS_UPLOAD_MAX_MB`: int (MB), `50` — largest file accepted by the data administration page.

`tests/test_settings_documented.py` fails when an option used anywhere in the code is missing from this list.
"""

from __future__ import annotations

import os
from dataclasses import dataclass, field
from pathlib import Path

from petakesos._errors import SettingError

PROJECT_ROOT = Path(__file__).resolve().parent.parent


def _path(env: str, default: Path) -> Path:
    raw = os.environ.get(env)
    if not raw:
        return default
    path = Path(raw).expanduser()
    return path if path.is_absolute() else (PROJECT_ROOT / path)


def _int(env: str, default: int) -> int:
    raw = os.environ.get(env)
    if raw is None or raw == "":
        return default
    try:
        return int(raw)
    except ValueError as exc:  # a clear message beats a bare traceback at start-up
        raise SettingError(f"Environment variable {env}={raw!r} must be a whole number") from exc


def _float(env: str, default: float) -> float:
    raw = os.environ.get(env)
    if raw is None or raw == "":
        return default
    try:
        return float(raw)
    except ValueError as exc:
        raise SettingError(f"Environment variable {env}={raw!r} must be a number, e.g. {default!r}") from exc


def _bool(env: str, default: bool) -> bool:
    raw = os.environ.get(env)
    if raw is None or raw == "":
        return default
    return raw.strip().lower() in {"1", "true", "yes", "ya", "on"}


@dataclass(frozen=True)
class DisplayProfile:
    """How the screen geometry of one level is made from the full-detail polygons."""

    tolerance: float  # coverage-simplification tolerance in degrees (0.01 deg ≈ 1.1 km)
    decimals: int  # coordinate decimals kept (3 ≈ 110 m, 5 ≈ 1 m): shrinks the GeoJSON text
    min_part_area: float  # islands smaller than this (deg²; 1e-4 ≈ 1.2 km²) are left out; the largest part stays


DEFAULT_DISPLAY = {
    # 38 provinces: ~19,000 island parts, 16,000 of them under 0.1 km²; invisible at national zoom.
    "provinsi": DisplayProfile(0.05, 3, 1e-3),
    "kabupaten_kota": DisplayProfile(0.004, 4, 1e-5),
    "kecamatan": DisplayProfile(0.0015, 5, 0.0),
    "desa_kelurahan": DisplayProfile(0.0004, 5, 0.0),
}


def _display_profiles() -> dict[str, DisplayProfile]:
    profiles = dict(DEFAULT_DISPLAY)
    for tingkat in profiles:
        env = f"PETAKESOS_DISPLAY_{tingkat.upper()}"
        raw = os.environ.get(env)
        if raw:
            try:
                tol, dec, area = raw.split(",")
                profiles[tingkat] = DisplayProfile(float(tol), int(dec), float(area))
            except ValueError as exc:
                raise SettingError(f"{env}={raw!r} must be 'tolerance,decimals,min_part_area', e.g. '0.02,3,1e-4'") from exc
    return profiles


@dataclass(frozen=True)
class Settings:
    # [PETAKESOS_DATA_DIR] Reference data (boundaries, code lists, population, categories); see its README.
    data_dir: Path = field(default_factory=lambda: _path("PETAKESOS_DATA_DIR", PROJECT_ROOT.parent / "shared" / "data"))
    # [PETAKESOS_DB] The DuckDB store read by the dashboard and written (atomically) by the ETL.
    db_path: Path = field(default_factory=lambda: _path("PETAKESOS_DB", PROJECT_ROOT / "data" / "petakesos.duckdb"))
    # [PETAKESOS_HOME] Region the dashboard opens at: "" for Indonesia, or a Kemendagri code such as "33"; None
    # (unset): the store's one province when all its data lie there, else Indonesia (petakesos.indicators.home_region).
    home_region: str | None = field(default_factory=lambda: os.environ.get("PETAKESOS_HOME"))
    # [PETAKESOS_DISPLAY_PROVINSI, …_KABUPATEN_KOTA, …_KECAMATAN, …_DESA_KELURAHAN] Display geometry per level as
    # "tolerance,decimals,min_part_area" (see DisplayProfile). Chosen so every drill-down view stays under 800 KB.
    display: dict[str, DisplayProfile] = field(default_factory=lambda: _display_profiles())
    # [PETAKESOS_SLIVER_HOLE_AREA] Holes smaller than this (square degrees; 1e-6 ≈ 1.2 ha) are removed when upper
    # levels are dissolved from desa: they are survey gaps between neighbours, not real enclaves.
    sliver_hole_area: float = field(default_factory=lambda: _float("PETAKESOS_SLIVER_HOLE_AREA", 1e-6))
    # [PETAKESOS_TILES] Draw OpenStreetMap tiles under the map. Off by default: the app must work offline.
    osm_tiles: bool = field(default_factory=lambda: _bool("PETAKESOS_TILES", False))
    # [PETAKESOS_K] Small-number threshold for sensitive PMKS categories in public outputs (values 1..k-1 hidden).
    k_anonymity: int = field(default_factory=lambda: _int("PETAKESOS_K", 5))
    # [PETAKESOS_STATIC_DIR] Folder served by Streamlit's static serving; Leaflet is installed into vendor/ here.
    static_dir: Path = field(default_factory=lambda: _path("PETAKESOS_STATIC_DIR", PROJECT_ROOT / "static"))
    # [PETAKESOS_EXPORT_DIR] Where exported maps and tables are written by the command line.
    export_dir: Path = field(default_factory=lambda: _path("PETAKESOS_EXPORT_DIR", PROJECT_ROOT / "data" / "exports"))
    # [PETAKESOS_LOCK_WAIT] Seconds (whole number) a writer (import, boundary load, demo) waits for another writer
    # of the same store before giving up with exit code 2; 30 by default. `--wait SECONDS` overrides it per command.
    lock_wait: int = field(default_factory=lambda: _int("PETAKESOS_LOCK_WAIT", 30))
    # [PETAKESOS_MAX_IMPORT_MB] Largest welfare file accepted (MB, whole number); larger files are refused with a
    # message saying to split them. 500 by default (the national wide table, 200 MB, fits with room to spare).
    max_import_mb: int = field(default_factory=lambda: _int("PETAKESOS_MAX_IMPORT_MB", 500))
    # [PETAKESOS_IMPORT_MEMORY_MB] DuckDB's memory cap (MB) while an import stages, compares, writes and rebuilds.
    import_memory_mb: int = field(default_factory=lambda: _int("PETAKESOS_IMPORT_MEMORY_MB", 900))
    # [PETAKESOS_LOGO] Optional Dinas logo (PNG) placed on exported maps.
    logo_path: Path | None = field(
        default_factory=lambda: _path("PETAKESOS_LOGO", Path("")) if os.environ.get("PETAKESOS_LOGO") else None
    )

    # [PETAKESOS_USERS] Accounts, sessions, audit log and upload history (SQLite). Default: beside the store,
    # `<store name>.pengguna.sqlite`; a separate file so that rebuilding the store (demo, loads) never loses users.
    users_file: Path | None = field(
        default_factory=lambda: _path("PETAKESOS_USERS", Path("")) if os.environ.get("PETAKESOS_USERS") else None
    )
    # [PETAKESOS_SESSION_MINUTES] A signed-in session ends after this many minutes without activity (default 30).
    session_idle_minutes: int = field(default_factory=lambda: _int("PETAKESOS_SESSION_MINUTES", 30))
    # [PETAKESOS_SESSION_MAX_HOURS] A session ends this many hours after sign-in whatever the activity (default 10).
    session_max_hours: int = field(default_factory=lambda: _int("PETAKESOS_SESSION_MAX_HOURS", 10))
    # [PETAKESOS_LOCKOUT_FAILURES] Failed sign-ins in a row that lock an account (default 5) …
    lockout_failures: int = field(default_factory=lambda: _int("PETAKESOS_LOCKOUT_FAILURES", 5))
    # [PETAKESOS_LOCKOUT_MINUTES] … for this many minutes (default 15); an admin can unlock by setting a password.
    lockout_minutes: int = field(default_factory=lambda: _int("PETAKESOS_LOCKOUT_MINUTES", 15))
    # [PETAKESOS_UPLOAD_MAX_MB] Largest file accepted by the data administration page, in MB (default 50).
    upload_max_mb: int = field(default_factory=lambda: _int("PETAKESOS_UPLOAD_MAX_MB", 50))

    @property
    def users_db(self) -> Path:
        return self.users_file or self.db_path.with_name(self.db_path.stem + ".pengguna.sqlite")

    @property
    def boundaries_dir(self) -> Path:
        return self.data_dir / "boundaries"

    @property
    def codes_dir(self) -> Path:
        return self.data_dir / "codes"

    @property
    def categories_dir(self) -> Path:
        return self.data_dir / "categories"

    def simplify_tolerance(self, tingkat: str) -> float:
        return self.display[tingkat].tolerance


# Credit line required by the boundary source's MIT licence; shown under every map and on every export.
BOUNDARY_CREDIT = (
    "Batas wilayah: cahyadsn/wilayah_boundaries (MIT, © 2024 Cahya DSN), Kepmendagri No 300.2.2-2430 Tahun 2025"
)
CODE_LIST_CREDIT = "Kode wilayah: Kepmendagri 2025 via cahyadsn/wilayah (MIT)"

SCHEMA_VERSION = 2  # 2: batas.geojson_outline


def get_settings() -> Settings:
    """Settings as the environment says now (tests change the environment, so this is not cached)."""
    return Settings()

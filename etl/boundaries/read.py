"""Stage 1 of a boundary load: read a file into a GeoDataFrame in EPSG:4326.

Problems that make the whole file unusable raise FatalInput with the file, the cause and the fix.
"""

from __future__ import annotations

from pathlib import Path

import geopandas as gpd

from etl.report import ERROR, FatalInput, Problem, Report

VECTOR_SUFFIXES = {".geojson", ".json", ".shp", ".gpkg", ".zip"}
PARQUET_SUFFIXES = {".parquet", ".geoparquet"}


def _fatal(file: Path, code: str, message: str, column: str = "") -> FatalInput:
    return FatalInput(Problem(ERROR, code, message, file=str(file), column=column))


def read_boundary_file(path: Path, report: Report) -> gpd.GeoDataFrame:
    path = Path(path)
    if not path.exists():
        raise _fatal(path, "file_tidak_ada", "file tidak ditemukan (file not found): check the path")
    suffix = path.suffix.lower()
    if suffix not in VECTOR_SUFFIXES | PARQUET_SUFFIXES:
        raise _fatal(
            path,
            "format_tidak_didukung",
            f"format {suffix or '(tanpa ekstensi)'} tidak didukung: use GeoJSON (.geojson), Shapefile (.shp or a "
            ".zip holding one), GeoPackage (.gpkg) or GeoParquet (.parquet)",
        )
    try:
        frame = gpd.read_parquet(path) if suffix in PARQUET_SUFFIXES else gpd.read_file(path, engine="pyogrio")
    except Exception as exc:  # pyogrio/pyarrow errors are varied; the user needs the file and the cause
        raise _fatal(path, "file_tidak_terbaca", f"file tidak bisa dibaca ({type(exc).__name__}: {exc})") from exc
    if not isinstance(frame, gpd.GeoDataFrame) or frame.geometry is None:
        raise _fatal(path, "tanpa_geometri", "file has no geometry column")
    return _to_wgs84(frame, path, report)


def _to_wgs84(frame: gpd.GeoDataFrame, path: Path, report: Report) -> gpd.GeoDataFrame:
    if frame.crs is None:
        bounds = frame.total_bounds if len(frame) else [0, 0, 0, 0]
        looks_geographic = (
            -180 <= bounds[0] <= 180 and -180 <= bounds[2] <= 180 and -90 <= bounds[1] <= 90 and -90 <= bounds[3] <= 90
        )
        if not looks_geographic:
            raise _fatal(
                path,
                "crs_tidak_ada",
                f"koordinat terproyeksi tanpa CRS (bounds {bounds.round(1).tolist()}): add the .prj file next to the "
                "shapefile, or reproject to EPSG:4326 before loading",
            )
        report.note(f"{path.name}: no CRS in file; coordinates look like lon/lat, EPSG:4326 assumed")
        return frame.set_crs(4326)
    if frame.crs.to_epsg() != 4326:
        report.note(f"{path.name}: reprojected from {frame.crs.to_string()} to EPSG:4326")
        return frame.to_crs(4326)
    return frame

"""Tiny boundary fixtures built in code: a made-up province 99 with two kab/kota, three kecamatan and six desa
laid out on a grid so that neighbours share exact borders."""

from __future__ import annotations

from pathlib import Path

import geopandas as gpd
import pandas as pd
from shapely.geometry import box

# (kode, nama, x0, y0): each desa is a 0.01° square; kecamatan 99.01.01 = first two, etc.
DESA = [
    ("99.01.01.2001", "Desa Satu", 110.00, -7.00),
    ("99.01.01.2002", "Desa Dua", 110.01, -7.00),
    ("99.01.02.2001", "Desa Tiga", 110.02, -7.00),
    ("99.01.02.1002", "Kelurahan Empat", 110.03, -7.00),
    ("99.02.01.2001", "Desa Lima", 110.00, -7.01),
    ("99.02.01.2002", "Desa Enam", 110.01, -7.01),
]
UPPER = [
    ("99", "Provinsi Uji"),
    ("99.01", "Kabupaten Uji"),
    ("99.02", "Kota Uji"),
    ("99.01.01", "Kecamatan A"),
    ("99.01.02", "Kecamatan B"),
    ("99.02.01", "Kecamatan C"),
]
# In the code list but without a polygon.
WITHOUT_POLYGON = [("99.02.01.2003", "Desa Tanpa Peta")]


def desa_frame(step: int = 20) -> gpd.GeoDataFrame:
    """Desa squares with `step` vertices per side, so simplification has something to remove."""
    rows = []
    for kode, nama, x, y in DESA:
        square = box(x, y, x + 0.01, y + 0.01).segmentize(0.01 / step)
        rows.append({"kode": kode, "nama": nama, "geometry": square})
    return gpd.GeoDataFrame(rows, crs=4326)


def write_data_dir(root: Path) -> Path:
    """A reference-data folder with the tiny code list; returns its path."""
    codes_dir = root / "codes"
    codes_dir.mkdir(parents=True, exist_ok=True)
    rows = UPPER + [(k, n) for k, n, _, _ in DESA] + WITHOUT_POLYGON
    pd.DataFrame(rows, columns=["kode", "nama"]).to_csv(codes_dir / "kemendagri_2025_wilayah.csv", index=False)
    return root

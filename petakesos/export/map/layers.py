"""The map's layers: neighbours in grey for orientation, the region's outline, and the window in lon/lat."""

from __future__ import annotations

import numpy as np
from matplotlib.collections import PathCollection

from petakesos.export import geo
from petakesos.export.map.style import CONTEXT_FILL
from petakesos.sql import export as q


def window_lonlat(proj: geo.Projection, ax) -> tuple[float, float, float, float]:
    from pyproj import Transformer

    back = Transformer.from_crs(proj.crs, "EPSG:4326", always_xy=True)
    x0, x1 = ax.get_xlim()
    y0, y1 = ax.get_ylim()
    xs = np.linspace(x0, x1, 9)
    ys = np.linspace(y0, y1, 9)
    gx, gy = np.meshgrid(xs, ys)
    lon, lat = back.transform(gx.ravel(), gy.ravel())
    return float(np.min(lon)), float(np.min(lat)), float(np.max(lon)), float(np.max(lat))


def draw_context(store, ax, region, proj, tolerance_m: float, window, u: float) -> None:
    rows = store.rows(q.FULL_IN_WINDOW, [region.tingkat, region.kode, window[0], window[2], window[1], window[3]])
    if not rows:
        return
    geoms = geo.from_wkb([r[2] for r in rows])
    geoms = proj.forward(geo.simplify_for_print(geoms, tolerance_m))
    paths = [p for p in geo.to_paths(geoms) if p is not None]
    ax.add_collection(
        PathCollection(paths, facecolors=CONTEXT_FILL, edgecolors="#ffffff", linewidths=0.5 * u, zorder=1)
    )


def draw_outline(store, ax, region, proj, tolerance_m: float, u: float) -> None:
    if region.kode == "":
        return
    rows = store.rows(q.BOUNDARY_FULL, [region.kode])
    if not rows:
        return
    geom = geo.from_wkb([rows[0][3]])
    geom = proj.forward(geo.simplify_for_print(geom, tolerance_m))
    paths = [p for p in geo.to_paths(geom) if p is not None]
    ax.add_collection(PathCollection(paths, facecolors="none", edgecolors="#3a3a3a", linewidths=0.9 * u, zorder=4))

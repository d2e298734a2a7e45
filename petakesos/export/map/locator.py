"""The locator map: where the region lies within Indonesia, its province or its kab/kota."""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
import shapely
from matplotlib.collections import PathCollection
from matplotlib.figure import Figure
from matplotlib.patches import Rectangle

from petakesos import codes as kode_util
from petakesos import i18n
from petakesos.export import geo
from petakesos.export.map.layout import Layout
from petakesos.export.map.style import ACCENT, MUTED
from petakesos.sql import export as q


@dataclass
class LocatorContext:
    codes: list[str]
    place: str  # "Indonesia" or the province / kab/kota the locator shows
    proj: geo.Projection
    geoms: np.ndarray  # projected, generalised for a thumbnail
    paths: list


# Prepared locator backgrounds per store file version: parsing and projecting Indonesia's provinces costs about a
# second, and every map of a session (or of a batch) reuses the same background.
_LOCATOR_CACHE: dict[tuple, LocatorContext | None] = {}


def locator_context(store, region) -> LocatorContext | None:
    """What the locator map shows: Indonesia's provinces when the store holds them all (provinces, kabupaten),
    otherwise the region's province (kab/kota; always for a kota) or kab/kota (kecamatan); None when there is
    nothing useful to show."""
    if region.kode == "":
        return None
    # A kecamatan is best placed within its kab/kota, a kota (a dot at the scale of Indonesia) within its
    # province; provinces and kabupaten within Indonesia when it is loaded.
    within_province = region.tingkat == "kecamatan" or kode_util.is_kota(region.kode)
    national = not within_province and store.rows(q.COUNT_AT_TINGKAT, ["provinsi"])[0][0] >= 30
    if not national and region.tingkat == "provinsi":
        return None
    parent = "" if national else region.kode[:2] if region.tingkat == "kabupaten_kota" else region.kode[:5]
    try:
        version = store.db_path.stat().st_mtime_ns
    except OSError:
        version = 0
    key = (str(store.db_path), version, parent)
    if key not in _LOCATOR_CACHE:
        if len(_LOCATOR_CACHE) > 32:
            _LOCATOR_CACHE.clear()
        _LOCATOR_CACHE[key] = _prepare_locator(store, parent, national)
    return _LOCATOR_CACHE[key]


def _prepare_locator(store, parent: str, national: bool) -> LocatorContext | None:
    if national:
        rows = store.rows(q.DISPLAY_AT_TINGKAT, ["provinsi"])
        place = "Indonesia"
    else:
        level = "kabupaten_kota" if len(parent) == 2 else "kecamatan"
        rows = [r for r in store.rows(q.DISPLAY_AT_TINGKAT, [level]) if r[0].startswith(parent + ".")]
        if len(rows) < 2:
            return None
        found = store.region(parent)
        place = found.nama if found else parent
    geoms = shapely.from_geojson([r[2] for r in rows])
    lon0, lat0, lon1, lat1 = shapely.total_bounds(geoms)
    span = max(lon1 - lon0, lat1 - lat0)
    # A thumbnail about 60 mm across: 1/600 of the extent is below a printed pixel at 300 dpi.
    geoms = shapely.simplify(geoms, span / 600, preserve_topology=False)
    geoms = geo.drop_small_parts(geoms, (span / 250) ** 2)
    proj = geo.choose_projection((95, -11, 141, 6), national=True) if national else geo.choose_projection(
        (lon0, lat0, lon1, lat1)
    )
    geoms = proj.forward(geoms)
    return LocatorContext([r[0] for r in rows], place, proj, geoms, geo.to_paths(geoms))


def draw_locator(fig: Figure, store, layout: Layout, box, region, ctx: LocatorContext, T: i18n.Texts) -> None:
    """Where the region lies: the context in grey, the region's province darker, the region in red with a ring."""
    u = layout.u
    proj, geoms, paths, codes = ctx.proj, ctx.geoms, ctx.paths, ctx.codes
    caption = T("MAP_LOCATION", place=ctx.place)
    lax = fig.add_axes(layout.rect(*box))
    lax.set_axis_off()
    faces = []
    for c in codes:
        if c == region.kode:
            faces.append(ACCENT)
        elif region.kode.startswith(c + "."):
            faces.append("#9e9e9e")
        else:
            faces.append("#dcdcdc")
    keep = [i for i, p in enumerate(paths) if p is not None]
    lax.add_collection(PathCollection([paths[i] for i in keep], facecolors=[faces[i] for i in keep],
                                      edgecolors="white", linewidths=0.2 * u))  # fmt: skip
    xmin, ymin, xmax, ymax = shapely.total_bounds(geoms)
    bw, bh = box[2] - box[0], box[3] - box[1] - 5 * u
    span = max((xmax - xmin) / bw, (ymax - ymin) / bh) * 1.04
    cx, cy = (xmin + xmax) / 2, (ymin + ymax) / 2
    lax.set_xlim(cx - span * bw / 2, cx + span * bw / 2)
    lax.set_ylim(cy - span * (bh + 5 * u) / 2 - 5 * u * span / 2, cy + span * (bh + 5 * u) / 2 - 5 * u * span / 2)
    # The region itself, in red, with a ring so that a small kota is still visible.
    own = store.rows(q.BOUNDARY_FULL, [region.kode])
    if own:
        b = own[0]
        rx, ry = proj.point((b[4] + b[6]) / 2, (b[5] + b[7]) / 2)
        if region.kode not in codes:
            g = proj.forward(geo.simplify_for_print(geo.from_wkb([b[3]]), 1000.0))
            p = geo.to_paths(g)[0]
            if p is not None:
                lax.add_collection(PathCollection([p], facecolors=ACCENT, edgecolors=ACCENT, linewidths=0.3 * u))
        lax.scatter([rx], [ry], s=(9 * u) ** 2, facecolors="none", edgecolors=ACCENT, linewidths=1.1 * u, zorder=5)
    lax.add_patch(Rectangle((0, 0), 1, 1, transform=lax.transAxes, facecolor="none", edgecolor="#b0b0b0",
                            linewidth=0.5 * u, clip_on=False))  # fmt: skip
    lax.text(0.03, 0.03, caption, transform=lax.transAxes, fontsize=6.5 * u, color=MUTED, ha="left", va="bottom")


"""Region names on the print map: inside their region where they fit, beside small regions with a leader line."""

from __future__ import annotations

import textwrap

import numpy as np
import pandas as pd
import shapely
from matplotlib import patheffects
from matplotlib.figure import Figure

from petakesos import geometry
from petakesos.codes import short_name


def _overlaps(box: tuple[float, float, float, float], others) -> bool:
    return any(not (box[2] < p[0] or box[0] > p[2] or box[3] < p[1] or box[1] > p[3]) for p in others)


def _covers_dot(box: tuple[float, float, float, float], dots: np.ndarray, own: int) -> bool:
    """Whether a label box (pixels) covers another region's label point (where its leader dot would go)."""
    if len(dots) == 0:
        return False
    inside = (dots[:, 0] >= box[0]) & (dots[:, 0] <= box[2]) & (dots[:, 1] >= box[1]) & (dots[:, 1] <= box[3])
    inside[own] = False
    return bool(inside.any())


def draw_labels(fig: Figure, ax, children: pd.DataFrame, simple: np.ndarray, proj, u: float) -> None:
    """Names where they fit: inside their own region (≥ 92 % of the label box; 60 % for provinces, whose long thin
    shapes would otherwise go unnamed), clear of every other label and of every other region's label point.

    The label point is the centre of the largest circle inside the region's largest part (Kab. Gresik is named
    on Java, not on Bawean; a kabupaten wrapped around a kota is named where it is widest). Larger regions first;
    a name that does not fit is tried smaller, then on two lines. On maps of up to 60 units a name that still
    does not fit goes beside its region with a leader line and a dot: over the sea or the neighbours' grey where
    possible, otherwise (a kota enclosed by its kabupaten) over the neighbours, never over a label or a dot."""
    renderer = fig.canvas.get_renderer()
    to_data = ax.transData.inverted()
    n = len(children)
    base = 7.0 if n <= 40 else 6.0 if n <= 120 else 5.2
    sizes = (base * u, base * u * 0.84)
    present = ~shapely.is_missing(simple)
    valid = simple.copy()
    bad = present.copy()
    bad[present] = ~shapely.is_valid(simple[present])
    if bad.any():
        valid[bad] = shapely.make_valid(simple[bad])
    areas = np.zeros(len(simple))
    areas[present] = shapely.area(valid[present])
    anchors, _radii = geometry.label_anchors(valid)
    has_anchor = ~shapely.is_missing(anchors)
    dots = np.full((len(simple), 2), np.nan)
    if has_anchor.any():
        xy = shapely.get_coordinates(anchors[has_anchor])
        dots[has_anchor] = ax.transData.transform(xy)
    order = np.argsort(-areas)
    placed: list[tuple[float, float, float, float]] = []
    unplaced: list[tuple[int, float, float, str, str]] = []
    halo = [patheffects.withStroke(linewidth=1.6 * u, foreground="white")]
    pad = 1.5 * u  # points between labels
    # Provinces are long and thin (Sumatra, Java): allow a national label to lean a little over the sea.
    min_inside = 0.6 if children["tingkat"].iloc[0] == "provinsi" else 0.92
    for i in order:
        if not present[i] or areas[i] <= 0 or not has_anchor[i]:
            continue
        row = children.iloc[i]
        x, y = shapely.get_x(anchors[i]), shapely.get_y(anchors[i])
        name = short_name(str(row["nama"]), str(row["tingkat"]))
        variants = [(name, s) for s in sizes]
        if " " in name:
            wrapped = textwrap.fill(name, width=max(8, len(name) // 2 + 1), break_long_words=False)
            variants += [(wrapped, s) for s in sizes]
        for text, size in variants:
            t = ax.text(x, y, text, fontsize=size, ha="center", va="center", color="#222222", zorder=6,
                        linespacing=0.95, path_effects=halo)  # fmt: skip
            bb = t.get_window_extent(renderer)
            (x0, y0), (x1, y1) = to_data.transform([(bb.x0, bb.y0), (bb.x1, bb.y1)])
            box = shapely.box(x0, y0, x1, y1)
            inside = shapely.area(shapely.intersection(box, valid[i])) / max(shapely.area(box), 1e-9)
            px = (bb.x0 - pad, bb.y0 - pad, bb.x1 + pad, bb.y1 + pad)
            if inside >= min_inside and not _overlaps(px, placed) and not _covers_dot(px, dots, i):
                placed.append(px)
                t.set_gid(f"label-{row['kode']}")  # haloed text is drawn as outlines; the id names the unit
                break
            t.remove()
        else:
            unplaced.append((i, x, y, name, str(row["kode"])))
    if n <= 60:
        labels_outside(ax, renderer, unplaced, valid, present, placed, dots, sizes[-1], halo, pad, u)


def labels_outside(ax, renderer, unplaced, valid, present, placed, dots, size, halo, pad, u) -> None:
    """Names of small regions beside them with a leader line and a dot at the region's label point. First choice:
    a place covering no unit of the map (≤ 3 % of the label box); otherwise the nearest place over the
    neighbours. Never over another label or another region's dot."""
    to_data = ax.transData.inverted()
    tree = shapely.STRtree(valid[present])
    geoms = valid[present]
    ax_bb = ax.get_window_extent(renderer)
    mm = ax.figure.dpi / 25.4  # pixels per millimetre
    directions = [(1, 0, "left", "center"), (-1, 0, "right", "center"), (0, 1, "center", "bottom"),
                  (0, -1, "center", "top"), (0.7, 0.7, "left", "bottom"), (-0.7, 0.7, "right", "bottom"),
                  (0.7, -0.7, "left", "top"), (-0.7, -0.7, "right", "top")]  # fmt: skip
    # The dots of every region named outside its shape are drawn, so every label keeps clear of all of them.
    for i, x, y, name, kode in unplaced:
        cx, cy = ax.transData.transform((x, y))
        # Nearest first: a short leader reads better than a tidy but distant label.
        candidates = [(cx + dx * d * mm * u, cy + dy * d * mm * u, ha, va) for d in (3, 5.5, 8.5, 12)
                      for dx, dy, ha, va in directions]  # fmt: skip
        chosen = None
        for max_cover in (0.03, 1.0):
            for px_, py_, ha, va in candidates:
                tx, ty = to_data.transform((px_, py_))
                t = ax.text(tx, ty, name, fontsize=size, ha=ha, va=va, color="#222222", zorder=6,
                            path_effects=halo)  # fmt: skip
                bb = t.get_window_extent(renderer)
                box_px = (bb.x0 - pad, bb.y0 - pad, bb.x1 + pad, bb.y1 + pad)
                within = bb.x0 >= ax_bb.x0 and bb.x1 <= ax_bb.x1 and bb.y0 >= ax_bb.y0 and bb.y1 <= ax_bb.y1
                if within and not _overlaps(box_px, placed) and not _covers_dot(box_px, dots, i):
                    (x0, y0), (x1, y1) = to_data.transform([(bb.x0, bb.y0), (bb.x1, bb.y1)])
                    box = shapely.box(x0, y0, x1, y1)
                    hits = tree.query(box, predicate="intersects")
                    covered = sum(shapely.area(shapely.intersection(box, geoms[h])) for h in hits)
                    if covered <= max_cover * shapely.area(box):
                        chosen = (t, box, box_px)
                        break
                t.remove()
            if chosen:
                break
        if chosen is None:
            continue
        t, box, box_px = chosen
        placed.append(box_px)
        t.set_gid(f"label-{kode}")
        # Leader from the region's label point to the nearest point of the label box.
        end = shapely.shortest_line(shapely.Point(x, y), box).coords[-1]
        ax.plot([x, end[0]], [y, end[1]], color="#555555", linewidth=0.4 * u, zorder=5.5, solid_capstyle="round")
        ax.plot([x], [y], marker="o", markersize=1.4 * u, color="#333333", zorder=5.6)

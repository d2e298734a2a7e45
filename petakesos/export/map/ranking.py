"""The ranking under the map on portrait pages of wide regions: the map units from highest to lowest value, bars in
their class colours, in the height the map leaves free (see `layout.fit_portrait`)."""

from __future__ import annotations

import math

from matplotlib.figure import Figure
from matplotlib.patches import Rectangle

from petakesos.export.map.layout import Box, Layout
from petakesos.export.map.style import FONT, INK, MUTED
from petakesos.numbers import format_value

PT_MM = 25.4 / 72
ROW_MIN = 3.4  # mm per row at the smallest type (× u)
ROW_MAX = 7.0  # mm per row at most (× u); more height than that is left around the block
MAX_COLUMNS = 3


TITLE_H = 6.5  # mm above the rows (× u)


def height_for(n: int, u: float) -> float:
    """The most height (mm) a ranking of `n` units uses: its title and one column of rows at most ROW_MAX high,
    plus the gaps around it (see `layout.fit_portrait`)."""
    return (TITLE_H + n * ROW_MAX + 4) * u


def ranked_rows(names: list[str], values: list[float | None], colours: list[str], capacity: int
                ) -> list[tuple[str, float, str] | None]:
    """(name, value, colour) from highest to lowest; units without a shown value are left out. More units than
    `capacity` rows: the highest and the lowest, with None (an ellipsis row) between them."""
    rows = sorted(((n, float(v), c) for n, v, c in zip(names, values, colours, strict=True)
                   if v is not None and not math.isnan(v)), key=lambda r: (-r[1], r[0]))
    if len(rows) <= capacity:
        return list(rows)
    top = (capacity - 1) // 2
    bottom = capacity - 1 - top
    return [*rows[:top], None, *rows[len(rows) - bottom:]]


def draw_ranking(fig: Figure, layout: Layout, box: Box, title: str, names: list[str], values: list[float | None],
                 colours: list[str], *, satuan: str, unit_label: str) -> None:
    """The ranking in `box` (mm): a title line, then one row per unit (name, bar, value) in up to three columns."""
    W, H, u = layout.width_mm, layout.height_mm, layout.u
    x0, y0, x1, y1 = box
    fig.text(x0 / W, y1 / H, title, fontsize=8 * u, fontweight="bold", color=INK, va="top", ha="left",
             family=FONT)
    top = y1 - TITLE_H * u
    height = top - y0
    n = sum(1 for v in values if v is not None and not math.isnan(v))
    if n == 0 or height < ROW_MIN * u:
        return
    columns = 1
    while columns < MAX_COLUMNS and math.ceil(n / columns) * ROW_MIN * u > height:
        columns += 1
    per_column = max(1, int(height // (ROW_MIN * u)))
    rows = ranked_rows(names, values, colours, per_column * columns)
    per_column = math.ceil(len(rows) / columns)
    pitch = min(height / per_column, ROW_MAX * u)
    gutter = 6 * u
    col_w = (x1 - x0 - (columns - 1) * gutter) / columns
    size = min(7.0 * u, pitch / PT_MM * 0.62)
    name_w = col_w * 0.40
    value_w = 16 * u
    bar_room = col_w - name_w - value_w - 2 * u
    vmax = max((r[1] for r in rows if r is not None), default=0.0) or 1.0
    max_chars = max(6, int(name_w / (size * PT_MM * 0.58)))
    for i, row in enumerate(rows):
        col, line = divmod(i, per_column)
        cx = x0 + col * (col_w + gutter)
        cy = top - (line + 0.5) * pitch
        if row is None:
            fig.text((cx + name_w) / W, cy / H, "…", fontsize=size, color=MUTED, va="center", ha="right")
            continue
        name, value, colour = row
        shown = name if len(name) <= max_chars else name[: max_chars - 1].rstrip() + "…"
        fig.text((cx + name_w - 1.5 * u) / W, cy / H, shown, fontsize=size, color=INK, va="center", ha="right")
        bar_h = min(pitch * 0.62, 4 * u)
        bar_w = max(0.0, bar_room * value / vmax) if vmax > 0 else 0.0
        fig.add_artist(Rectangle(((cx + name_w) / W, (cy - bar_h / 2) / H), bar_w / W, bar_h / H,
                                 transform=fig.transFigure, facecolor=colour, edgecolor="#8c8c8c",
                                 linewidth=0.3 * u))
        text = format_value(value, satuan, unit_label=unit_label)
        fig.text((cx + name_w + bar_w + 1.2 * u) / W, cy / H, text, fontsize=size, color=MUTED, va="center",
                 ha="left")

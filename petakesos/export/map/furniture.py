"""Map furniture: header (title, subtitle, badge, logo), legend, footer (sources, credit, dates), scale bar, north
arrow and the DATA CONTOH watermark."""

from __future__ import annotations

import datetime as dt
import textwrap
from pathlib import Path

import matplotlib.lines
from matplotlib import patheffects
from matplotlib.figure import Figure
from matplotlib.patches import Polygon, Rectangle

from petakesos import classify as cls
from petakesos import i18n, privacy
from petakesos.export import geo
from petakesos.export.map.data import MapData
from petakesos.export.map.layout import Layout
from petakesos.export.map.style import ACCENT, DEMO_INK, FONT, HIDDEN_FILL, INK, MUTED
from petakesos.numbers import format_number
from petakesos.welfare import DEMO_SOURCE


def scale_bar(ax, layout: Layout, m_per_mm: float, approx: bool, right: bool = False, *, T: i18n.Texts) -> None:
    u = layout.u
    x0, x1 = ax.get_xlim()
    y0, y1 = ax.get_ylim()
    length = geo.nice_length((x1 - x0) * (0.14 if right else 0.2))
    unit, div = ("km", 1000.0) if length >= 1000 else ("m", 1.0)
    bx = x1 - (x1 - x0) * 0.02 - length if right else x0 + (x1 - x0) * 0.02
    by = y0 + (y1 - y0) * 0.035
    h = 1.3 * u * m_per_mm
    for j in range(4):
        ax.add_patch(
            Rectangle((bx + j * length / 4, by), length / 4, h, facecolor=INK if j % 2 == 0 else "white",
                      edgecolor=INK, linewidth=0.5 * u, zorder=7)  # fmt: skip
        )
    style = {"fontsize": 6.5 * u, "color": INK, "ha": "center", "va": "bottom", "zorder": 7,
             "path_effects": [patheffects.withStroke(linewidth=1.5 * u, foreground="white")]}  # fmt: skip
    for frac in (0, 0.5, 1):
        label = format_number(length * frac / div, 0 if (length * frac / div).is_integer() else 1)
        if frac == 1:
            label += f" {unit}"
        ax.text(bx + length * frac, by + h + 0.8 * u * m_per_mm, label, **style)
    note = []
    if layout.paper != "screen":
        note.append(T("MAP_SCALE", scale=format_number(geo.nice_scale(m_per_mm * 1000))))
    if approx:
        note.append(T.MAP_SCALE_CENTRE)
    if note:
        style.update({"va": "top", "ha": "right" if right else "left", "fontsize": 5.8 * u, "color": MUTED})
        ax.text(bx + length if right else bx, by - 0.8 * u * m_per_mm, "; ".join(note), **style)


def north_arrow(ax, u: float, north: str) -> None:
    x, y, w, h = 0.965, 0.88, 0.018, 0.075
    trans = ax.transAxes
    aspect = ax.bbox.height / ax.bbox.width
    w = w * aspect * 1.6
    ax.add_patch(Polygon([(x, y + h), (x - w, y), (x, y + h * 0.28)], closed=True, facecolor=INK, edgecolor=INK,
                         linewidth=0.5 * u, transform=trans, zorder=7))  # fmt: skip
    ax.add_patch(Polygon([(x, y + h), (x + w, y), (x, y + h * 0.28)], closed=True, facecolor="white", edgecolor=INK,
                         linewidth=0.5 * u, transform=trans, zorder=7))  # fmt: skip
    ax.text(x, y + h + 0.012, north, transform=trans, ha="center", va="bottom", fontsize=9 * u, fontweight="bold",
            color=INK, zorder=7)  # fmt: skip


def header(fig: Figure, layout: Layout, title: str, subtitle: str, data: MapData, logo_path, header_h, margin):
    W, H, u = layout.width_mm, layout.height_mm, layout.u
    left = margin
    logo_w = 0.0
    if logo_path and Path(logo_path).exists():
        import matplotlib.image as mpimg

        img = mpimg.imread(str(logo_path))
        ih, iw = img.shape[:2]
        size = header_h - 6 * u
        logo_w = size * iw / ih
        lax = fig.add_axes(layout.rect(W - margin - logo_w, H - margin - size, W - margin, H - margin))
        lax.imshow(img)
        lax.set_axis_off()
    renderer = fig.canvas.get_renderer()

    def width_mm(artist) -> float:
        return artist.get_window_extent(renderer).width / layout.dpi * 25.4

    right = W - margin - (logo_w + 4 * u if logo_w else 0)
    if data.contoh:
        # The box reaches `pad` beyond the text on every side: the text is set in by as much, so the badge ends
        # exactly at the margin.
        pad_mm = 0.35 * 11 * u * 25.4 / 72
        badge = fig.text((right - pad_mm) / W, (H - margin - pad_mm) / H, f" {DEMO_SOURCE} ", fontsize=11 * u,
                         fontweight="bold", color="white", ha="right", va="top",
                         bbox={"boxstyle": "square,pad=0.35", "facecolor": DEMO_INK, "edgecolor": "none"})  # fmt: skip
        badge.set_gid("demo-badge")
        right -= width_mm(badge) + 2 * pad_mm + 6 * u
    # The longest title that fits beside the logo and the badge: wrap to two lines, then shrink the type.
    available = right - left
    title = keep_last_word_attached(title)
    size, chars = 17 * u, len(title)
    text = fig.text(left / W, (H - margin) / H, title, fontsize=size, fontweight="bold", color=INK, ha="left",
                    va="top", linespacing=1.05)  # fmt: skip
    while width_mm(text) > available and size > 9 * u:
        chars = max(12, int(chars * 0.9))
        wrapped = textwrap.fill(title, width=chars, break_long_words=False)
        if wrapped.count("\n") > 1:
            size *= 0.92
            chars = len(title)
            wrapped = title
        text.set_text(wrapped)
        text.set_fontsize(size)
    n_lines = text.get_text().count("\n") + 1
    sub_y = H - margin - (size / 17 * 7.2 * n_lines) - 2.5 * u
    fig.text(left / W, sub_y / H, subtitle, fontsize=10.5 * u, color=MUTED, ha="left", va="top")
    # A thin rule under the header, as in print.
    y_rule = (H - margin - header_h + 2 * u) / H
    fig.add_artist(matplotlib.lines.Line2D([left / W, (W - margin) / W], [y_rule, y_rule], color=INK,
                                           linewidth=0.8 * u))  # fmt: skip


def legend(fig: Figure, layout: Layout, box, classification: cls.Classification, data: MapData, n_hidden: int,
            n_without_polygon: int = 0) -> None:  # fmt: skip
    u = layout.u
    T = i18n.texts(data.lang)
    x0, y0, x1, y1 = box
    lax = fig.add_axes(layout.rect(*box))
    lax.set_axis_off()
    w, h = x1 - x0, y1 - y0
    lax.set_xlim(0, w)
    lax.set_ylim(0, h)
    y = h
    heading = textwrap.fill(data.nama, width=int(w / (2.1 * u)))
    lax.text(0, y, heading, fontsize=9 * u, fontweight="bold", color=INK, va="top", ha="left", linespacing=1.1)
    y -= 4.2 * u * (heading.count("\n") + 1)
    if data.satuan:
        lax.text(0, y, T("MAP_UNIT", unit=i18n.unit_text(data.lang, data.satuan)), fontsize=7 * u, color=MUTED,
                 va="top", ha="left")
        y -= 4.2 * u
    y -= 1.5 * u
    # Zero and "no data" are classes of their own; on paper they are listed only when some region is in them.
    rows = [(c, label, n) for c, label, n in classification.legend()
            if n or label not in ("0", classification.no_data_label)]
    if n_hidden:  # one entry per kind of hidden value, saying what is hidden and why
        rows += [("hidden", text, n) for text, n in privacy.hatch_legend_rows(data.k, data.values["status"], data.lang)]
    sw, sh, gap = 7 * u, 4.2 * u, 1.4 * u
    for colour, label, count in rows:
        if colour == "hidden":
            patch = Rectangle((0, y - sh), sw, sh, facecolor=HIDDEN_FILL, edgecolor="#9a9a9a", hatch="/////",
                              linewidth=0.4 * u)  # fmt: skip
        else:
            patch = Rectangle((0, y - sh), sw, sh, facecolor=colour, edgecolor="#8c8c8c", linewidth=0.4 * u)
        lax.add_patch(patch)
        lax.text(sw + 2.2 * u, y - sh / 2, label, fontsize=7.6 * u, color=INK, va="center", ha="left")
        lax.text(w, y - sh / 2, f"({format_number(count)})", fontsize=6.8 * u, color=MUTED, va="center", ha="right")
        y -= sh + gap
    y -= 1.0 * u
    lax.text(0, y, T.MAP_COUNTS_NOTE, fontsize=6 * u, color=MUTED, va="top", ha="left")
    y -= 3.6 * u
    if n_without_polygon:
        lax.text(0, y, T("MAP_NO_POLYGON", n=format_number(n_without_polygon)), fontsize=6 * u, color=MUTED, va="top",
                 ha="left")  # fmt: skip
        y -= 3.6 * u
    method = T.get(f"METHOD.{classification.method}", classification.method)
    lax.text(0, y, T("MAP_METHOD", method=method), fontsize=6 * u, color=MUTED, va="top", ha="left")
    y -= 4.6 * u
    if data.sensitif or n_hidden:
        note = textwrap.fill(privacy.map_notice(data.k, data.lang) if data.public else privacy.analyst_notice(data.lang),
                             width=int(w / (1.35 * u)))  # fmt: skip
        # The footer always carries the notice; the legend repeats it where there is room.
        if y - (note.count("\n") + 1) * 3.0 * u >= 0:
            lax.text(0, y, note, fontsize=6 * u, color=ACCENT if not data.public else INK, va="top", ha="left",
                     fontweight="bold" if not data.public else "normal")  # fmt: skip


def footer(fig: Figure, layout: Layout, data: MapData, projection_label: str, margin: float, footer_h: float):
    W, H, u = layout.width_mm, layout.height_mm, layout.u
    y_rule = (margin + footer_h - 1.5 * u) / H
    fig.add_artist(matplotlib.lines.Line2D([margin / W, (W - margin) / W], [y_rule, y_rule], color="#b0b0b0",
                                           linewidth=0.5 * u))  # fmt: skip
    T = i18n.texts(data.lang)
    source = "; ".join(data.sources) if data.sources else T.TABLE_NO_SOURCE
    if data.contoh:
        not_official = T.MAP_NOT_OFFICIAL
        source += f" — {not_official}" if DEMO_SOURCE in source.upper() else f" ({DEMO_SOURCE} — {not_official})"
    today = dt.date.today()
    parts = [T("MAP_SOURCE", source=source), T.BOUNDARY_CREDIT]
    date_part = T("MAP_DATA_DATE", date=i18n.date_text(data.lang, data.data_date) if data.data_date else "–")
    parts.append(f"{date_part} · {T('MAP_MADE', date=i18n.date_text(data.lang, today))} · {projection_label}")
    if data.sensitif or (data.values["status"] != "").any():
        parts.append(privacy.map_notice(data.k, data.lang) if data.public else privacy.analyst_notice(data.lang))
    width = int((W - 2 * margin) / (1.2 * u))
    text = "\n".join(textwrap.fill(p, width=width) for p in parts)
    fig.text(margin / W, (margin + footer_h - 3 * u) / H, text, fontsize=6.2 * u, color=MUTED, ha="left", va="top",
             linespacing=1.35)  # fmt: skip


def keep_last_word_attached(title: str) -> str:
    """Join the last word (the year) to the one before with a no-break space, so that wrapping never leaves
    "2025" alone on a line."""
    head, _, last = title.rpartition(" ")
    return f"{head}\u00a0{last}" if head and len(last) <= 8 else title


def demo_watermark(fig: Figure, ax, layout: Layout) -> None:
    """DATA CONTOH across the map in hollow grey letters: an outline only, no fill that could be read as a class
    colour."""
    from matplotlib.font_manager import FontProperties
    from matplotlib.patches import PathPatch
    from matplotlib.textpath import TextPath
    from matplotlib.transforms import Affine2D

    size_pt = 64 * layout.u
    path = TextPath((0, 0), DEMO_SOURCE, size=size_pt, prop=FontProperties(family=FONT, weight="bold"))
    box = path.get_extents()
    bbox = ax.get_window_extent()
    # Points → pixels, centred on the map and turned 24°.
    place = (Affine2D().translate(-(box.x0 + box.x1) / 2, -(box.y0 + box.y1) / 2).scale(layout.dpi / 72)
             .rotate_deg(24).translate((bbox.x0 + bbox.x1) / 2, (bbox.y0 + bbox.y1) / 2))  # fmt: skip
    patch = PathPatch(path, transform=place, facecolor="none", edgecolor=DEMO_INK, linewidth=1.1 * layout.u,
                      alpha=0.55, zorder=8, gid="demo-watermark")  # fmt: skip
    patch.set_clip_on(False)
    fig.add_artist(patch)

"""Print-quality choropleth export: PNG (screen 1920×1080 or print at any dpi, A4/A3, landscape/portrait), SVG
and PDF, rendered with matplotlib on the server from full-detail geometry.

The map carries what a newspaper map needs: title (indicator, region, year; editable), subtitle, legend with the
dashboard's classes and colours (`petakesos.classify`), source line with the data source label and the boundary
credit, data date, scale bar (and 1 : n scale on paper), north arrow, locator map, region names where they fit
without overlapping, optional Dinas logo, Indonesian number format, the "DATA CONTOH" mark on demo data, and the
small-number notice when sensitive values are hidden (`petakesos.privacy`).

Geometry is simplified to half a printed pixel before projecting (see `geo.simplify_for_print`), which keeps the
full-detail look and a 300 dpi national map within seconds.
"""

from __future__ import annotations

import io
import math
import threading
from pathlib import Path

import matplotlib

matplotlib.use("Agg")  # noqa: E402 - before any pyplot import elsewhere; we never use pyplot ourselves

import numpy as np
import shapely
from matplotlib.backends.backend_agg import FigureCanvasAgg
from matplotlib.collections import PathCollection
from matplotlib.figure import Figure
from matplotlib.patches import Rectangle

from petakesos import classify as cls
from petakesos import codes as kode_util
from petakesos import i18n, indicators
from petakesos._errors import ExportError
from petakesos.export import geo
from petakesos.export.map.data import MapData, child_level, default_title, map_data, region_title, units_full
from petakesos.export.map.furniture import demo_watermark, footer, header, legend, north_arrow, scale_bar
from petakesos.export.map.labels import draw_labels
from petakesos.export.map.layers import draw_context, draw_outline, window_lonlat
from petakesos.export.map.layout import Layout, fit_portrait, make_layout, page_boxes
from petakesos.export.map.locator import draw_locator, locator_context
from petakesos.export.map.ranking import draw_ranking
from petakesos.export.map.style import FONT, HIDDEN_FILL, MM, SEA_FILL
from petakesos.settings import get_settings

FORMATS = ("png", "svg", "pdf")
# A map of units deeper than the children names the units themselves up to this many (the 17 kelurahan of Kota
# Magelang, the 100-odd of a large kota); beyond, the children over them carry the names.
UNIT_LABEL_LIMIT = 120


def render_map(
    store,
    kode: str,
    indikator: str,
    tahun: int,
    fmt: str = "png",
    paper: str = "A4",
    orientation: str = "landscape",
    dpi: int | None = None,
    title: str | None = None,
    subtitle: str | None = None,
    public: bool = True,
    method: str = "auto",
    classes: int = 5,
    palette: str = "YlOrRd",
    manual_breaks: list[float] | None = None,
    logo: Path | str | None = None,
    labels: bool = True,
    k_anonymity: int | None = None,
    level: str | None = None,
    data: MapData | None = None,
    classification: cls.Classification | None = None,
    lang: str = i18n.DEFAULT_LANGUAGE,
) -> bytes:
    """The map of `indikator` over the children of region `kode` ('' = Indonesia) in `tahun`, as file bytes.

    fmt: 'png' | 'svg' | 'pdf'. paper: 'screen' (1920×1080 px) | 'A4' | 'A3'; dpi applies to print PNG (default
    300). public=True hides small sensitive values (`petakesos.privacy`); public=False is the analyst's exact map and
    says so. method/classes/palette/manual_breaks are passed to `petakesos.classify.classify` as in the dashboard.
    logo defaults to the setting PETAKESOS_LOGO. level: map units deeper than the children, e.g.
    level='desa_kelurahan' for all desa of a kab/kota (the children's borders are drawn over them and labelled).
    data: precomputed `MapData` (skips reading values from the store). classification: the dashboard's own
    `Classification` (e.g. with breaks fixed across years), used as is on an analyst map; ignored on a public map,
    whose classes come from public values only (see `petakesos.privacy.legend`).
    lang: the language of the texts ('id' or 'en', petakesos.i18n; a given `data` carries its own).
    method='auto' resolves as in the dashboard: the SPM scale for WKSBM coverage, quantiles otherwise.
    """
    fmt = fmt.lower()
    if fmt not in FORMATS:
        raise ExportError(f"Format {fmt!r} tidak dikenal; pilih salah satu dari {', '.join(FORMATS)}.")
    region = store.region(kode)
    if region is None:
        raise ExportError(f"Kode wilayah {kode!r} tidak ada di basis data.")
    layout = make_layout(paper, orientation, dpi)
    if method != "auto" and method not in cls.METHODS:
        raise ExportError(f"Metode {method!r} tidak dikenal; pilih auto, {', '.join(cls.METHODS)}.")
    method = indicators.resolve_method(indikator, method, manual_breaks)
    if data is None:
        data = map_data(store, kode, indikator, tahun, public=public, k=k_anonymity, level=level, lang=lang)
    if data.public and classification is not None:
        classification = None  # a public map is classified from public values only (petakesos.privacy.legend)
    settings = get_settings()
    logo_path = Path(logo) if logo else settings.logo_path
    with _RENDER_LOCK, matplotlib.rc_context(_RC):
        fig = _draw(store, region, data, tahun, layout, title, subtitle, method, classes, palette, manual_breaks,
                    logo_path, labels, level, classification)  # fmt: skip
        return _save(fig, fmt, layout, title or fig.get_label())


# Text stays text: SVG <text> elements and embedded TrueType in PDF (searchable, editable by a layout desk).
# rcParams are process-global, so renders are serialised (dashboard sessions run in threads).
_RC = {"svg.fonttype": "none", "pdf.fonttype": 42, "font.family": "sans-serif", "font.sans-serif": [FONT]}
_RENDER_LOCK = threading.Lock()


def _save(fig: Figure, fmt: str, layout: Layout, title: str) -> bytes:
    buf = io.BytesIO()
    meta: dict[str, str] = {"Title": title, "Creator": "Peta Kesos"}
    if fmt == "png":
        meta = {"Title": title, "Software": "Peta Kesos"}
    fig.savefig(buf, format=fmt, dpi=layout.dpi, metadata=meta, facecolor="white")
    return buf.getvalue()


def _draw(store, region, data: MapData, tahun: int, layout: Layout, title, subtitle, method, classes, palette,
          manual_breaks, logo_path: Path | None, labels: bool, level: str | None = None,
          classification: cls.Classification | None = None) -> Figure:  # fmt: skip
    W, H, u = layout.width_mm, layout.height_mm, layout.u
    fig = Figure(figsize=(W * MM, H * MM), dpi=layout.dpi, facecolor="white")
    FigureCanvasAgg(fig)

    # ---- data + classes
    unit_level = child_level(region.tingkat, level)
    deeper = unit_level != kode_util.child_tingkat(region.tingkat)
    children = units_full(store, region.kode, level)
    values = data.values.set_index("kode")
    children = children.join(values, on="kode")
    hidden = children["status"].fillna("").astype(str) != ""
    nilai = children["nilai"].astype(float).where(~hidden)
    unit = "%" if data.satuan == "%" else ""  # as the dashboard: only percentages carry a unit in class labels
    plain = [None if math.isnan(v) else float(v) for v in nilai]
    if classification is None:
        classification = cls.classify(plain, method=method, k=classes, palette=palette, manual_breaks=manual_breaks,
                                      unit=unit, tingkat=unit_level, lang=data.lang)  # fmt: skip
    else:
        classification = cls.recount(classification, plain)
    classification.no_data_count -= int(hidden.sum())
    colours = [cls.NO_DATA_COLOR if h else classification.color(None if math.isnan(v) else v)
               for v, h in zip(nilai, hidden, strict=True)]  # fmt: skip

    # ---- layout rectangles (mm)
    locator = locator_context(store, region)
    boxes = page_boxes(layout, national=region.kode == "", with_locator=locator is not None)

    # ---- geometry: full detail, simplified to half a printed pixel, projected
    geoms = geo.from_wkb(children["geom_full"])
    present = ~shapely.is_missing(geoms)
    if not present.any():
        raise ExportError(f"Wilayah {region.nama} belum punya batas anak di basis data; muat batas wilayah dulu.")
    lonlat_bounds = tuple(shapely.total_bounds(geoms[present]))
    proj = geo.choose_projection(lonlat_bounds, national=region.kode == "")
    # Extent in metres from a cheap projection of the bounding box corners.
    corners = np.array([proj.point(x, y) for x in lonlat_bounds[0::2] for y in lonlat_bounds[1::2]])
    ext_w = np.ptp(corners[:, 0])
    ext_h = np.ptp(corners[:, 1])
    shown_values = nilai.notna() & ~hidden
    boxes = fit_portrait(layout, boxes, ext_w, ext_h, ranked=int(shown_values.sum()))
    map_box = boxes.map
    map_w_mm, map_h_mm = map_box[2] - map_box[0], map_box[3] - map_box[1]
    m_per_mm = max(ext_w / map_w_mm, ext_h / map_h_mm) * 1.04
    px_per_mm = layout.dpi * MM
    tolerance_m = 0.5 * m_per_mm / px_per_mm
    simple = geoms.copy()
    simple[present] = proj.forward(geo.simplify_for_print(geoms[present], tolerance_m))
    paths = geo.to_paths(simple)

    ax = fig.add_axes(layout.rect(*map_box))
    ax.set_axis_off()
    ax.add_patch(Rectangle((0, 0), 1, 1, transform=ax.transAxes, facecolor=SEA_FILL, edgecolor="none", zorder=0))
    xmin, ymin, xmax, ymax = shapely.total_bounds(simple[present])
    cx, cy = (xmin + xmax) / 2, (ymin + ymax) / 2
    half_w, half_h = map_w_mm * m_per_mm / 2, map_h_mm * m_per_mm / 2
    ax.set_xlim(cx - half_w, cx + half_w)
    if region.kode == "" and not layout.portrait:
        cy = ymax + (ymax - ymin) * 0.02 - half_h  # top-aligned: the legend goes in the free band below
    ax.set_ylim(cy - half_h, cy + half_h)
    window = window_lonlat(proj, ax)

    # Neighbours in grey for orientation (same level as the region, inside the window).
    if region.kode != "":
        draw_context(store, ax, region, proj, tolerance_m, window, u)

    edge_w = 0.25 * u if len(children) > 60 else 0.4 * u
    shown = [i for i, p in enumerate(paths) if p is not None and not hidden.iloc[i]]
    ax.add_collection(
        PathCollection([paths[i] for i in shown], facecolors=[colours[i] for i in shown], edgecolors="#ffffff",
                       linewidths=edge_w, zorder=2)  # fmt: skip
    )
    hid = [i for i, p in enumerate(paths) if p is not None and hidden.iloc[i]]
    if hid:
        ax.add_collection(
            PathCollection([paths[i] for i in hid], facecolors=HIDDEN_FILL, edgecolors="#9a9a9a", hatch="/////",
                           linewidths=edge_w, zorder=2)  # fmt: skip
        )
    # Light outline over the fills so that white (zero) and pale classes still show their borders.
    ax.add_collection(
        PathCollection([p for p in paths if p is not None], facecolors="none", edgecolors="#8c8c8c",
                       linewidths=edge_w * 0.6, zorder=3)  # fmt: skip
    )
    draw_outline(store, ax, region, proj, tolerance_m, u)

    if deeper:
        # The children (e.g. kecamatan) over their units (desa): darker borders, and they carry the labels.
        groups = store.children_full(region.kode)
        ggeoms = geo.from_wkb(groups["geom_full"])
        gpresent = ~shapely.is_missing(ggeoms)
        gsimple = ggeoms.copy()
        gsimple[gpresent] = proj.forward(geo.simplify_for_print(ggeoms[gpresent], tolerance_m))
        gpaths = [p for p in geo.to_paths(gsimple) if p is not None]
        ax.add_collection(PathCollection(gpaths, facecolors="none", edgecolors="#4d4d4d", linewidths=0.55 * u,
                                         zorder=3.5))  # fmt: skip
        if labels and len(children) <= UNIT_LABEL_LIMIT:
            # Few enough units (the kelurahan of a kota): each is named; the bold borders show the groups.
            draw_labels(fig, ax, children, simple, proj, u)
        elif labels:
            draw_labels(fig, ax, groups, gsimple, proj, u)
    elif labels:
        draw_labels(fig, ax, children, simple, proj, u)
    T = i18n.texts(data.lang)
    scale_bar(ax, layout, m_per_mm, region.kode == "" or (lonlat_bounds[2] - lonlat_bounds[0]) > 12,
              right=region.kode == "" and not layout.portrait, T=T)  # fmt: skip
    north_arrow(ax, u, T.MAP_NORTH)

    # ---- furniture
    region_name = region_title(store, region, data.lang)
    title = title or default_title(data.nama, region_name, tahun, data.lang)
    fig.set_label(title)
    level_label = T.get(f"TINGKAT.{unit_level}", "")
    if subtitle is None:
        # "PMKS per 1.000 penduduk (per 1.000 penduduk)" says it twice; "… Gangguan Jiwa (jiwa)" does not.
        unit = i18n.unit_text(data.lang, data.satuan)
        repeated = " " in unit and unit.lower() in data.nama.lower()
        unit_txt = f" ({unit})" if unit and not repeated else ""
        subtitle = T("MAP_SUBTITLE", indikator=data.nama, unit=unit_txt, level=level_label.lower(), tahun=tahun)
        if deeper:
            subtitle += T("MAP_OUTLINE", level=T(f"TINGKAT.{kode_util.child_tingkat(region.tingkat)}").lower())
    header(fig, layout, title, subtitle, data, logo_path, boxes.header_h, boxes.margin)
    legend(fig, layout, boxes.legend, classification, data, int(hidden.sum()), int((~present).sum()))
    if locator is not None:
        draw_locator(fig, store, layout, boxes.locator, region, locator, T)
    if boxes.ranking is not None:
        tingkat = children["tingkat"] if "tingkat" in children else [unit_level] * len(children)
        draw_ranking(fig, layout, boxes.ranking, T("MAP_RANKING", level=level_label.lower()),
                     [kode_util.short_name(n, t) for n, t in zip(children["nama"], tingkat, strict=True)],
                     [None if h or math.isnan(v) else float(v) for v, h in zip(nilai, hidden, strict=True)],
                     colours, satuan=data.satuan, unit_label=i18n.unit_text(data.lang, data.satuan))
    footer(fig, layout, data, proj.describe(data.lang), boxes.margin, boxes.footer_h)
    if data.contoh:
        demo_watermark(fig, ax, layout)
    return fig

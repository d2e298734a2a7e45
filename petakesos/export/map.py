"""Print-quality choropleth export: PNG (screen 1920×1080 or print at any dpi, A4/A3, landscape/portrait), SVG
and PDF, rendered with matplotlib on the server from full-detail geometry.

The map carries what a newspaper map needs: title (indicator, region, year; editable), subtitle, legend with the
dashboard's classes and colours (`petakesos.classify`), source line with the data source label and the boundary
credit, data date, scale bar (and 1 : n scale on paper), north arrow, locator map, region names where they fit
without overlapping, optional Dinas logo, Indonesian number format, the "DATA CONTOH" mark on demo data, and the
small-number notice when sensitive values are hidden (`petakesos.privacy`).

Entry points: `render_map(...) -> bytes` for the dashboard and `python -m etl export-map` for the command line.
Geometry is simplified to half a printed pixel before projecting (see `geo.simplify_for_print`), which keeps the
full-detail look and a 300 dpi national map within seconds.
"""

from __future__ import annotations

import datetime as dt
import io
import math
import textwrap
import threading
from dataclasses import dataclass, field
from pathlib import Path

import matplotlib

matplotlib.use("Agg")  # noqa: E402 - before any pyplot import elsewhere; we never use pyplot ourselves

import matplotlib.lines
import numpy as np
import pandas as pd
import shapely
from matplotlib import patheffects
from matplotlib.backends.backend_agg import FigureCanvasAgg
from matplotlib.collections import PathCollection
from matplotlib.figure import Figure
from matplotlib.patches import Polygon, Rectangle

from petakesos import classify as cls
from petakesos import codes as kode_util
from petakesos import indicators, privacy
from petakesos._errors import ExportError  # noqa: F401  (defined with every error type)
from petakesos.export import data as export_data
from petakesos.export import geo
from petakesos.numbers import format_number
from petakesos.settings import BOUNDARY_CREDIT, get_settings
from petakesos.sql import export as q

PAPERS_MM = {"A4": (297.0, 210.0), "A3": (420.0, 297.0)}  # landscape width × height
SCREEN_PX = (1920, 1080)
SCREEN_DPI = 100
FORMATS = ("png", "svg", "pdf")
FONT = "DejaVu Sans"  # matplotlib's own default sans-serif; Debian fonts-dejavu-core provides the same
INK = "#1a1a1a"
MUTED = "#555555"
CONTEXT_FILL = "#ececec"
HIDDEN_FILL = "#f4f4f4"
HIDDEN_LABEL = "Disembunyikan: angka kecil"
DEMO_MARK = indicators.DEMO_LABEL
ACCENT = "#c0392b"
MM = 1 / 25.4


@dataclass
class MapData:
    """What one map shows. Built from the store by `map_data`, or given directly (benchmarks, the dashboard when it
    already holds the values)."""

    values: pd.DataFrame  # kode, nilai (NaN = no data or hidden), status ('' | 'primer' | 'sekunder')
    nama: str
    satuan: str = ""
    sensitif: bool = False
    sources: list[str] = field(default_factory=list)
    contoh: bool = False
    data_date: dt.date | None = None
    public: bool = True
    k: int = 5
    definisi: str = ""


def map_data(
    store, kode: str, indikator: str, tahun: int, public: bool = True, k: int | None = None, level: str | None = None
) -> MapData:
    """Values (suppressed when public), name, unit, sources, demo flag and data date of one map.

    `level` deeper than the children (e.g. 'desa_kelurahan' for a kab/kota) collects the units of that level under
    the region, each group suppressed in its own parent's view."""
    k = get_settings().k_anonymity if k is None else int(k)
    definition = export_data.definition(store, indikator)
    parents = _parents_of_level(store, kode, level)
    cache: dict = {}
    fetched = privacy.prefetch_views(store, parents, tahun, cache)
    values = pd.concat(
        [privacy.public_indicator_values(store, p, tahun, indikator, k=k, public=public, cache=cache) for p in parents],
        ignore_index=True,
    )
    when = export_data.data_date(store)
    # Sources and the demo flag of exactly what the map shows: the units and the region, this indicator.
    shown = fetched[(fetched["indikator"] == indikator) & fetched["kode"].isin([kode, *values["kode"]])]
    return MapData(
        values=values[["kode", "nilai", "status"]],
        nama=str(definition["nama"]),
        satuan=str(definition.get("satuan") or ""),
        sensitif=bool(definition.get("sensitif")),
        sources=export_data.split_sources(shown["sumber"]) if "sumber" in shown else [],
        contoh=bool(shown["contoh"].fillna(False).astype(bool).any()) if "contoh" in shown else False,
        data_date=when.date() if isinstance(when, dt.datetime) else when,
        public=public,
        k=k,
        definisi=str(definition.get("definisi") or ""),
    )


def child_level(region_tingkat: str, level: str | None) -> str:
    child = kode_util.child_tingkat(region_tingkat)
    if child is None:
        raise ExportError("Desa/kelurahan tidak punya wilayah di bawahnya; pilih kecamatan atau wilayah di atasnya.")
    if level is None or level == child:
        return child
    if level not in kode_util.TINGKAT or kode_util.TINGKAT.index(level) < kode_util.TINGKAT.index(child):
        raise ExportError(f"Tingkat {level!r} tidak berada di bawah {region_tingkat}; pilih salah satu dari "
                          f"{', '.join(kode_util.TINGKAT[kode_util.TINGKAT.index(child):])}.")  # fmt: skip
    return level


def _parents_of_level(store, kode: str, level: str | None) -> list[str]:
    """The regions whose children are the map's units: the region itself, or every unit one level above `level`."""
    region = store.region(kode)
    if region is None:
        raise ExportError(f"Kode wilayah {kode!r} tidak ada di basis data.")
    unit_level = child_level(region.tingkat, level)
    if unit_level == kode_util.child_tingkat(region.tingkat):
        return [kode]
    above = kode_util.TINGKAT[kode_util.TINGKAT.index(unit_level) - 1]
    return [r[0] for r in store.rows(q.UNITS_UNDER, [above, f"{kode}." if kode else ""])]


def units_full(store, kode: str, level: str | None) -> pd.DataFrame:
    """Map units with full-detail geometry: the children, or every unit of `level` inside the region."""
    region = store.region(kode)
    unit_level = child_level(region.tingkat, level)
    if unit_level == kode_util.child_tingkat(region.tingkat):
        return store.children_full(kode)
    return store.df(q.UNITS_FULL_UNDER, [unit_level, f"{kode}." if kode else ""])


COVERAGE = indicators.COVERAGE


def resolve_method(indikator: str, method: str, manual_breaks: list[float] | None = None) -> str:
    """The one classification rule (petakesos.indicators.resolve_method), refusing unknown method names."""
    if method != "auto" and method not in cls.METHODS:
        raise ExportError(f"Metode {method!r} tidak dikenal; pilih auto, {', '.join(cls.METHODS)}.")
    return indicators.resolve_method(indikator, method, manual_breaks)


def recount(classification: cls.Classification, values: list[float | None]) -> cls.Classification:
    """A copy of a given classification with its counts redone for these values (same bins and colours)."""
    import copy

    result = copy.deepcopy(classification)
    result.counts = [0] * len(result.bins)
    result.zero_count = result.no_data_count = 0
    for v in values:
        idx = result.class_index(v)
        if idx is None:
            result.no_data_count += 1
        elif idx == -1:
            result.zero_count += 1
        else:
            result.counts[idx] += 1
    return result


def region_title(store, region) -> str:
    """The region as a title names it: kab/kota and provinces by name ("Kabupaten Sleman", "Jawa Tengah"),
    a kecamatan with its level and kab/kota ("Kecamatan Magelang Selatan, Kota Magelang")."""
    if region.tingkat != "kecamatan":
        return region.nama
    parent = store.region(region.kode_induk)
    return f"Kecamatan {region.nama}" + (f", {parent.nama}" if parent else "")


def default_title(nama_indikator: str, region_name: str, tahun: int) -> str:
    return f"{nama_indikator} di {region_name}, {tahun}"


def short_name(nama: str, tingkat: str) -> str:
    """Names as a newspaper prints them on a map: 'Kab. Sleman', 'DI Yogyakarta', 'Kep. Riau'."""
    text = nama.strip()
    for long, short in (
        ("Kabupaten ", "Kab. "),
        ("Daerah Istimewa ", "DI "),
        ("Daerah Khusus Ibukota ", "DKI "),
        ("Kepulauan ", "Kep. "),
    ):
        if text.startswith(long):
            text = short + text[len(long) :]
    return text


# ---- layout -------------------------------------------------------------------------------------------------
@dataclass(frozen=True)
class Layout:
    width_mm: float
    height_mm: float
    dpi: int
    u: float  # scale of all type and furniture relative to A4 (larger on screen: read from across a room)
    portrait: bool
    paper: str = "A4"

    def rect(self, x0: float, y0: float, x1: float, y1: float) -> list[float]:
        """Figure-fraction rectangle from millimetres measured from the bottom-left corner."""
        return [x0 / self.width_mm, y0 / self.height_mm, (x1 - x0) / self.width_mm, (y1 - y0) / self.height_mm]

    def pt(self, size: float) -> float:
        return size * self.u


def make_layout(paper: str, orientation: str, dpi: int | None) -> Layout:
    if paper == "screen":
        w_px, h_px = SCREEN_PX
        if orientation == "portrait":
            w_px, h_px = h_px, w_px
        w, h = w_px / SCREEN_DPI / MM, h_px / SCREEN_DPI / MM
        return Layout(w, h, SCREEN_DPI, min(w, h) / 210 * 1.2, orientation == "portrait", "screen")
    if paper not in PAPERS_MM:
        raise ExportError(f"Ukuran kertas {paper!r} tidak dikenal; pilih 'screen', 'A4' atau 'A3'.")
    if orientation not in ("landscape", "portrait"):
        raise ExportError(f"Orientasi {orientation!r} tidak dikenal; pilih 'landscape' atau 'portrait'.")
    w, h = PAPERS_MM[paper]
    if orientation == "portrait":
        w, h = h, w
    return Layout(w, h, int(dpi or 300), min(w, h) / 210, orientation == "portrait", paper)


# ---- rendering ------------------------------------------------------------------------------------------------
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
    method='auto' resolves as in the dashboard: the SPM scale for WKSBM coverage, quantiles otherwise.
    """
    fmt = fmt.lower()
    if fmt not in FORMATS:
        raise ExportError(f"Format {fmt!r} tidak dikenal; pilih salah satu dari {', '.join(FORMATS)}.")
    region = store.region(kode)
    if region is None:
        raise ExportError(f"Kode wilayah {kode!r} tidak ada di basis data.")
    layout = make_layout(paper, orientation, dpi)
    method = resolve_method(indikator, method, manual_breaks)
    if data is None:
        data = map_data(store, kode, indikator, tahun, public=public, k=k_anonymity, level=level)
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
    margin = 8 * u
    header_h = 24 * u
    footer_h = 17 * u

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
                                      unit=unit)  # fmt: skip
    else:
        classification = recount(classification, plain)
    classification.no_data_count -= int(hidden.sum())
    colours = [cls.NO_DATA_COLOR if h else classification.color(None if math.isnan(v) else v)
               for v, h in zip(nilai, hidden, strict=True)]  # fmt: skip

    # ---- layout rectangles (mm)
    locator = locator_context(store, region)
    if layout.portrait:
        panel_h = 52 * u
        map_box = (margin, margin + footer_h + panel_h + 3 * u, W - margin, H - margin - header_h)
        legend_right = margin + (W - 2 * margin) * (0.58 if locator else 1.0)
        legend_box = (margin, margin + footer_h, legend_right, margin + footer_h + panel_h)
        locator_box = (legend_box[2] + 6 * u, margin + footer_h + 2 * u, W - margin, margin + footer_h + panel_h)
    elif region.kode == "":
        # Indonesia is four times wider than tall: the map takes the full width and the legend sits in the
        # Indian Ocean, south-west of Sumatra and Java, as on printed national maps.
        map_box = (margin, margin + footer_h, W - margin, H - margin - header_h)
        legend_box = (margin + 2 * u, margin + footer_h + 1 * u, margin + 58 * u, margin + footer_h + 58 * u)
        locator_box = legend_box
    else:
        side_w = 64 * u
        map_box = (margin, margin + footer_h, W - margin - side_w - 5 * u, H - margin - header_h)
        loc_h = side_w * 0.72
        locator_box = (W - margin - side_w, H - margin - header_h - loc_h, W - margin, H - margin - header_h)
        legend_top = locator_box[1] - 4 * u if locator else H - margin - header_h
        legend_box = (W - margin - side_w, margin + footer_h, W - margin, legend_top)

    # ---- geometry: full detail, simplified to half a printed pixel, projected
    geoms = geo.from_wkb(children["geom_full"])
    present = ~shapely.is_missing(geoms)
    if not present.any():
        raise ExportError(f"Wilayah {region.nama} belum punya batas anak di basis data; muat batas wilayah dulu.")
    lonlat_bounds = tuple(shapely.total_bounds(geoms[present]))
    proj = geo.choose_projection(lonlat_bounds, national=region.kode == "")
    map_w_mm = map_box[2] - map_box[0]
    map_h_mm = map_box[3] - map_box[1]
    # Extent in metres from a cheap projection of the bounding box corners.
    corners = np.array([proj.point(x, y) for x in lonlat_bounds[0::2] for y in lonlat_bounds[1::2]])
    ext_w = np.ptp(corners[:, 0])
    ext_h = np.ptp(corners[:, 1])
    if layout.portrait and ext_w > 0:
        # A wide region on a tall page: the map needs less height than the page offers. Keep map and panel
        # together and centre the block between header and footer instead of leaving a gap inside the map.
        need_h = map_w_mm * ext_h / ext_w * 1.04 + 22 * u  # + room for the north arrow and the scale bar
        slack = map_h_mm - need_h
        if slack > 0:
            shift = slack / 2
            legend_box = (legend_box[0], legend_box[1] + shift, legend_box[2], legend_box[3] + shift)
            locator_box = (locator_box[0], locator_box[1] + shift, locator_box[2], locator_box[3] + shift)
            map_box = (map_box[0], map_box[1] + shift, map_box[2], map_box[3] - shift)
            map_h_mm = map_box[3] - map_box[1]
    m_per_mm = max(ext_w / map_w_mm, ext_h / map_h_mm) * 1.04
    px_per_mm = layout.dpi * MM
    tolerance_m = 0.5 * m_per_mm / px_per_mm
    simple = geoms.copy()
    simple[present] = proj.forward(geo.simplify_for_print(geoms[present], tolerance_m))
    paths = geo.to_paths(simple)

    ax = fig.add_axes(layout.rect(*map_box))
    ax.set_axis_off()
    xmin, ymin, xmax, ymax = shapely.total_bounds(simple[present])
    cx, cy = (xmin + xmax) / 2, (ymin + ymax) / 2
    half_w, half_h = map_w_mm * m_per_mm / 2, map_h_mm * m_per_mm / 2
    ax.set_xlim(cx - half_w, cx + half_w)
    if region.kode == "" and not layout.portrait:
        cy = ymax + (ymax - ymin) * 0.02 - half_h  # top-aligned: the legend goes in the free band below
    ax.set_ylim(cy - half_h, cy + half_h)
    window_lonlat = _window_lonlat(proj, ax)

    # Neighbours in grey for orientation (same level as the region, inside the window).
    if region.kode != "":
        _draw_context(store, ax, region, proj, tolerance_m, window_lonlat, u)

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
    _draw_outline(store, ax, region, proj, tolerance_m, u)

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
        if labels:
            _draw_labels(fig, ax, groups, gsimple, proj, u)
    elif labels:
        _draw_labels(fig, ax, children, simple, proj, u)
    _scale_bar(ax, layout, m_per_mm, region.kode == "" or (lonlat_bounds[2] - lonlat_bounds[0]) > 12,
               right=region.kode == "" and not layout.portrait)  # fmt: skip
    _north_arrow(ax, u)

    # ---- furniture
    region_name = region_title(store, region)
    title = title or default_title(data.nama, region_name, tahun)
    fig.set_label(title)
    level_label = kode_util.TINGKAT_LABEL.get(unit_level, "")
    if subtitle is None:
        # "PMKS per 1.000 penduduk (per 1.000 penduduk)" says it twice; "… Gangguan Jiwa (jiwa)" does not.
        repeated = " " in data.satuan and data.satuan.lower() in data.nama.lower()
        unit_txt = f" ({data.satuan})" if data.satuan and not repeated else ""
        subtitle = f"{data.nama}{unit_txt} per {level_label.lower()}, {tahun}"
        if deeper:
            subtitle += f"; garis tebal: batas {kode_util.TINGKAT_LABEL[kode_util.child_tingkat(region.tingkat)].lower()}"
    _header(fig, layout, title, subtitle, data, logo_path, header_h, margin)
    _legend(fig, layout, legend_box, classification, data, int(hidden.sum()), int((~present).sum()))
    if locator is not None:
        _locator(fig, store, layout, locator_box, region, locator)
    _footer(fig, layout, data, proj.label, margin, footer_h)
    if data.contoh:
        _demo_watermark(fig, ax, layout)
    return fig


def _window_lonlat(proj: geo.Projection, ax) -> tuple[float, float, float, float]:
    from pyproj import Transformer

    back = Transformer.from_crs(proj.crs, "EPSG:4326", always_xy=True)
    x0, x1 = ax.get_xlim()
    y0, y1 = ax.get_ylim()
    xs = np.linspace(x0, x1, 9)
    ys = np.linspace(y0, y1, 9)
    gx, gy = np.meshgrid(xs, ys)
    lon, lat = back.transform(gx.ravel(), gy.ravel())
    return float(np.min(lon)), float(np.min(lat)), float(np.max(lon)), float(np.max(lat))


def _draw_context(store, ax, region, proj, tolerance_m: float, window, u: float) -> None:
    rows = store.rows(q.FULL_IN_WINDOW, [region.tingkat, region.kode, window[0], window[2], window[1], window[3]])
    if not rows:
        return
    geoms = geo.from_wkb([r[2] for r in rows])
    geoms = proj.forward(geo.simplify_for_print(geoms, tolerance_m))
    paths = [p for p in geo.to_paths(geoms) if p is not None]
    ax.add_collection(
        PathCollection(paths, facecolors=CONTEXT_FILL, edgecolors="#ffffff", linewidths=0.5 * u, zorder=1)
    )


def _draw_outline(store, ax, region, proj, tolerance_m: float, u: float) -> None:
    if region.kode == "":
        return
    rows = store.rows(q.BOUNDARY_FULL, [region.kode])
    if not rows:
        return
    geom = geo.from_wkb([rows[0][3]])
    geom = proj.forward(geo.simplify_for_print(geom, tolerance_m))
    paths = [p for p in geo.to_paths(geom) if p is not None]
    ax.add_collection(PathCollection(paths, facecolors="none", edgecolors="#3a3a3a", linewidths=0.9 * u, zorder=4))


def _draw_labels(fig: Figure, ax, children: pd.DataFrame, simple: np.ndarray, proj, u: float) -> None:
    """Names where they fit: inside their own region (≥ 92 % of the label box; 60 % for provinces, whose long thin
    shapes would otherwise go unnamed) and clear of every other label.
    Larger regions first; a name that does not fit is tried smaller, then on two lines. On maps of up to 60 units
    (provinces, kab/kota) a name that still does not fit goes beside its region, over the sea or the
    neighbours' grey, with a thin leader line, as long as it covers no other unit of the map."""
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
    order = np.argsort(-areas)
    placed: list[tuple[float, float, float, float]] = []
    unplaced: list[tuple[int, float, float, str, str]] = []
    halo = [patheffects.withStroke(linewidth=1.6 * u, foreground="white")]
    pad = 1.5 * u  # points between labels
    # Provinces are long and thin (Sumatra, Java): allow a national label to lean a little over the sea.
    min_inside = 0.6 if children["tingkat"].iloc[0] == "provinsi" else 0.92
    for i in order:
        if not present[i] or areas[i] <= 0:
            continue
        row = children.iloc[i]
        lx, ly = row["label_x"], row["label_y"]
        if lx is None or (isinstance(lx, float) and math.isnan(lx)):
            continue
        x, y = proj.point(float(lx), float(ly))
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
            clear = all(px[2] < p[0] or px[0] > p[2] or px[3] < p[1] or px[1] > p[3] for p in placed)
            if inside >= min_inside and clear:
                placed.append(px)
                t.set_gid(f"label-{row['kode']}")  # haloed text is drawn as outlines; the id names the unit
                break
            t.remove()
        else:
            unplaced.append((i, x, y, name, str(row["kode"])))
    if n <= 60:
        _labels_outside(ax, renderer, unplaced, valid, present, placed, sizes[-1], halo, pad, u)


def _labels_outside(ax, renderer, unplaced, valid, present, placed, size, halo, pad, u) -> None:
    """Names of small regions beside them with a leader line; only where the label box covers no unit of the map
    (≤ 3 % of its area) and no other label."""
    to_data = ax.transData.inverted()
    tree = shapely.STRtree(valid[present])
    geoms = valid[present]
    ax_bb = ax.get_window_extent(renderer)
    mm = ax.figure.dpi / 25.4  # pixels per millimetre
    directions = [(1, 0, "left", "center"), (-1, 0, "right", "center"), (0, 1, "center", "bottom"),
                  (0, -1, "center", "top"), (0.7, 0.7, "left", "bottom"), (-0.7, 0.7, "right", "bottom"),
                  (0.7, -0.7, "left", "top"), (-0.7, -0.7, "right", "top")]  # fmt: skip
    for _i, x, y, name, kode in unplaced:
        cx, cy = ax.transData.transform((x, y))
        # Nearest first: a short leader reads better than a tidy but distant label.
        candidates = [(cx + dx * d * mm * u, cy + dy * d * mm * u, ha, va) for d in (3, 5.5, 8.5, 12)
                      for dx, dy, ha, va in directions]  # fmt: skip
        for px_, py_, ha, va in candidates:
            tx, ty = to_data.transform((px_, py_))
            t = ax.text(tx, ty, name, fontsize=size, ha=ha, va=va, color="#222222", zorder=6, path_effects=halo)
            bb = t.get_window_extent(renderer)
            box_px = (bb.x0 - pad, bb.y0 - pad, bb.x1 + pad, bb.y1 + pad)
            within = bb.x0 >= ax_bb.x0 and bb.x1 <= ax_bb.x1 and bb.y0 >= ax_bb.y0 and bb.y1 <= ax_bb.y1
            clear = within and all(
                box_px[2] < p[0] or box_px[0] > p[2] or box_px[3] < p[1] or box_px[1] > p[3] for p in placed
            )
            if clear:
                (x0, y0), (x1, y1) = to_data.transform([(bb.x0, bb.y0), (bb.x1, bb.y1)])
                box = shapely.box(x0, y0, x1, y1)
                hits = tree.query(box, predicate="intersects")
                covered = sum(shapely.area(shapely.intersection(box, geoms[h])) for h in hits)
                if covered <= 0.03 * shapely.area(box):
                    placed.append(box_px)
                    t.set_gid(f"label-{kode}")
                    # Leader from the region's label point to the nearest point of the label box.
                    end = shapely.shortest_line(shapely.Point(x, y), box).coords[-1]
                    ax.plot([x, end[0]], [y, end[1]], color="#555555", linewidth=0.4 * u, zorder=5.5,
                            solid_capstyle="round")  # fmt: skip
                    ax.plot([x], [y], marker="o", markersize=1.4 * u, color="#333333", zorder=5.6)
                    break
            t.remove()


def _scale_bar(ax, layout: Layout, m_per_mm: float, approx: bool, right: bool = False) -> None:
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
        note.append(f"Skala 1 : {format_number(geo.nice_scale(m_per_mm * 1000))} (pada kertas)")
    if approx:
        note.append("skala benar di pusat peta")
    if note:
        style.update({"va": "top", "ha": "right" if right else "left", "fontsize": 5.8 * u, "color": MUTED})
        ax.text(bx + length if right else bx, by - 0.8 * u * m_per_mm, "; ".join(note), **style)


def _north_arrow(ax, u: float) -> None:
    x, y, w, h = 0.965, 0.88, 0.018, 0.075
    trans = ax.transAxes
    aspect = ax.bbox.height / ax.bbox.width
    w = w * aspect * 1.6
    ax.add_patch(Polygon([(x, y + h), (x - w, y), (x, y + h * 0.28)], closed=True, facecolor=INK, edgecolor=INK,
                         linewidth=0.5 * u, transform=trans, zorder=7))  # fmt: skip
    ax.add_patch(Polygon([(x, y + h), (x + w, y), (x, y + h * 0.28)], closed=True, facecolor="white", edgecolor=INK,
                         linewidth=0.5 * u, transform=trans, zorder=7))  # fmt: skip
    ax.text(x, y + h + 0.012, "U", transform=trans, ha="center", va="bottom", fontsize=9 * u, fontweight="bold",
            color=INK, zorder=7)  # fmt: skip


def _header(fig: Figure, layout: Layout, title: str, subtitle: str, data: MapData, logo_path, header_h, margin):
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
        badge = fig.text(right / W, (H - margin) / H, f" {DEMO_MARK} ", fontsize=11 * u, fontweight="bold",
                         color="white", ha="right", va="top",
                         bbox={"boxstyle": "square,pad=0.35", "facecolor": ACCENT, "edgecolor": "none"})  # fmt: skip
        right -= width_mm(badge) + 6 * u
    # The longest title that fits beside the logo and the badge: wrap to two lines, then shrink the type.
    available = right - left
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


def _legend(fig: Figure, layout: Layout, box, classification: cls.Classification, data: MapData, n_hidden: int,
            n_without_polygon: int = 0) -> None:  # fmt: skip
    u = layout.u
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
        lax.text(0, y, f"Satuan: {data.satuan}", fontsize=7 * u, color=MUTED, va="top", ha="left")
        y -= 4.2 * u
    y -= 1.5 * u
    # Zero and "no data" are classes of their own; on paper they are listed only when some region is in them.
    rows = [r for r in classification.legend() if r[2] or r[1] not in ("0", cls.NO_DATA_LABEL)]
    if n_hidden:  # one entry per kind of hidden value, saying what is hidden and why
        rows += [("hidden", text, n) for text, n in privacy.hatch_legend_rows(data.k, data.values["status"])]
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
    lax.text(0, y, "Angka dalam kurung: jumlah wilayah", fontsize=6 * u, color=MUTED, va="top", ha="left")
    y -= 3.6 * u
    if n_without_polygon:
        lax.text(0, y, f"{format_number(n_without_polygon)} wilayah belum punya batas peta (dihitung, tidak tergambar)",
                 fontsize=6 * u, color=MUTED, va="top", ha="left")  # fmt: skip
        y -= 3.6 * u
    method = cls.METHODS.get(classification.method, classification.method)
    lax.text(0, y, f"Pengelompokan: {method}", fontsize=6 * u, color=MUTED, va="top", ha="left")
    y -= 4.6 * u
    if data.sensitif or n_hidden:
        note = textwrap.fill(privacy.map_notice(data.k) if data.public else privacy.ANALYST_NOTICE,
                             width=int(w / (1.35 * u)))  # fmt: skip
        # The footer always carries the notice; the legend repeats it where there is room.
        if y - (note.count("\n") + 1) * 3.0 * u >= 0:
            lax.text(0, y, note, fontsize=6 * u, color=ACCENT if not data.public else INK, va="top", ha="left",
                     fontweight="bold" if not data.public else "normal")  # fmt: skip


@dataclass
class LocatorContext:
    codes: list[str]
    caption: str
    proj: geo.Projection
    geoms: np.ndarray  # projected, generalised for a thumbnail
    paths: list


# Prepared locator backgrounds per store file version: parsing and projecting Indonesia's provinces costs about a
# second, and every map of a session (or of a batch) reuses the same background.
_LOCATOR_CACHE: dict[tuple, LocatorContext | None] = {}


def locator_context(store, region) -> LocatorContext | None:
    """What the locator map shows: Indonesia's provinces when the store holds them all, otherwise the region's
    province (kab/kota) or kab/kota (kecamatan); None when there is nothing useful to show."""
    if region.kode == "":
        return None
    # A kecamatan is best placed within its kab/kota; provinces and kab/kota within Indonesia when it is loaded.
    national = region.tingkat != "kecamatan" and store.rows(q.COUNT_AT_TINGKAT, ["provinsi"])[0][0] >= 30
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
        caption = "Lokasi di Indonesia"
    else:
        level = "kabupaten_kota" if len(parent) == 2 else "kecamatan"
        rows = [r for r in store.rows(q.DISPLAY_AT_TINGKAT, [level]) if r[0].startswith(parent + ".")]
        if len(rows) < 2:
            return None
        found = store.region(parent)
        caption = "Lokasi di " + (found.nama if found else parent)
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
    return LocatorContext([r[0] for r in rows], caption, proj, geoms, geo.to_paths(geoms))


def _locator(fig: Figure, store, layout: Layout, box, region, ctx: LocatorContext) -> None:
    """Where the region lies: the context in grey, the region's province darker, the region in red with a ring."""
    u = layout.u
    caption, proj, geoms, paths, codes = ctx.caption, ctx.proj, ctx.geoms, ctx.paths, ctx.codes
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


def _footer(fig: Figure, layout: Layout, data: MapData, projection_label: str, margin: float, footer_h: float):
    W, H, u = layout.width_mm, layout.height_mm, layout.u
    y_rule = (margin + footer_h - 1.5 * u) / H
    fig.add_artist(matplotlib.lines.Line2D([margin / W, (W - margin) / W], [y_rule, y_rule], color="#b0b0b0",
                                           linewidth=0.5 * u))  # fmt: skip
    source = "; ".join(data.sources) if data.sources else "belum ada data kesejahteraan sosial dimuat"
    if data.contoh:
        source += " — bukan data resmi" if DEMO_MARK in source.upper() else f" ({DEMO_MARK} — bukan data resmi)"
    today = dt.date.today()
    parts = [f"Sumber data: {source}", BOUNDARY_CREDIT]
    date_part = f"Tanggal data: {export_data.tanggal(data.data_date)}" if data.data_date else "Tanggal data: –"
    parts.append(f"{date_part} · Dibuat: {export_data.tanggal(today)} dengan Peta Kesos · {projection_label}")
    if data.sensitif or (data.values["status"] != "").any():
        parts.append(privacy.map_notice(data.k) if data.public else privacy.ANALYST_NOTICE)
    width = int((W - 2 * margin) / (1.2 * u))
    text = "\n".join(textwrap.fill(p, width=width) for p in parts)
    fig.text(margin / W, (margin + footer_h - 3 * u) / H, text, fontsize=6.2 * u, color=MUTED, ha="left", va="top",
             linespacing=1.35)  # fmt: skip


def _demo_watermark(fig: Figure, ax, layout: Layout) -> None:
    ax.text(0.5, 0.5, DEMO_MARK, transform=ax.transAxes, fontsize=64 * layout.u, fontweight="bold", color=ACCENT,
            alpha=0.16, rotation=24, ha="center", va="center", zorder=8)  # fmt: skip

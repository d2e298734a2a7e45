"""The dashboard map: GeoJSON payloads for the region in view and the folium map that draws them.

No streamlit here. The payload is built by joining the stored display-geometry texts (`batas.geojson_display`)
into a FeatureCollection string instead of parsing and re-serialising them, and the folium element that draws it
(`GeoJsonText`) writes that string into the map script as it is. Only the children of the region in view are sent,
plus faint outlines of its neighbours for context.

Every text that comes from data (region names) is HTML-escaped before it reaches the browser, and the payload is
made safe to embed inside a <script> element.

Display geometry is made to fit the payload budget when the store is built (see DisplayProfile in settings),
so nothing is simplified per request.
"""

from __future__ import annotations

import html
import json
from collections.abc import Sequence
from dataclasses import dataclass, field
from typing import TYPE_CHECKING

import folium
import numpy as np
import shapely
from branca.element import MacroElement
from jinja2 import Template

from petakesos import i18n

if TYPE_CHECKING:
    pass

BACKGROUND = "#f4f6f8"
# Short credit inside the map (the full BOUNDARY_CREDIT is printed under it by the page).
MAP_CREDIT = i18n.texts().MAP_CREDIT  # the interface language's is passed by the view (i18n)
OUTLINE_COLOR = "#4d4d4d"
CONTEXT_STYLE = {"color": "#8c8c8c", "weight": 1, "fill": True, "fillColor": "#e8eaed", "fillOpacity": 0.6}
SELECTED_STYLE = {"color": "#000000", "weight": 3}


def escape_text(value: object) -> str:
    """HTML-escape a data text for a tooltip or label (quotes too)."""
    return html.escape("" if value is None else str(value), quote=True)


def safe_json(value: object) -> str:
    """JSON that can sit inside a <script> element: no `</script>`, no `<!--`, no line separators."""
    text = json.dumps(value, ensure_ascii=False, separators=(",", ":"))
    return (
        text.replace("<", "\\u003c")
        .replace(">", "\\u003e")
        .replace("&", "\\u0026")
        .replace("\u2028", "\\u2028")
        .replace("\u2029", "\\u2029")
    )


# ---- geometry payload ---------------------------------------------------------------------------------------
def feature_collection_text(geometries: Sequence[str | None], properties: Sequence[dict]) -> str:
    """A FeatureCollection string from geometry texts (joined, not parsed); features without geometry are left out."""
    parts = []
    for geom, props in zip(geometries, properties, strict=True):
        if not isinstance(geom, str) or not geom:
            continue
        parts.append('{"type":"Feature","properties":' + safe_json(props) + ',"geometry":' + geom + "}")
    return '{"type":"FeatureCollection","features":[' + ",".join(parts) + "]}"


# ---- map specification ---------------------------------------------------------------------------------------
@dataclass
class MapSpec:
    """Everything the browser map needs; built by petakesos.views, drawn by `build_map`."""

    choropleth: str  # FeatureCollection text; properties: kode, s (Leaflet style), t (escaped tooltip HTML)
    bounds: tuple[float, float, float, float] | None  # xmin, ymin, xmax, ymax
    context: str | None = None  # neighbours, drawn faintly and not clickable
    outline: str | None = None  # the region in view, drawn as a dark outline
    tiles: bool = False
    height: int = 560
    n_features: int = 0
    credit: str = MAP_CREDIT
    extra: dict = field(default_factory=dict)
    labels: str | None = None  # JSON [[lat, lon, radius_deg, name], …] from `name_labels`, largest first
    label_px: int = 12  # font size of the names (larger on the forum screen)
    zoom_control: bool = True
    fill_frame: bool = False  # the map takes the whole height of its frame (the page sizes the frame with CSS)

    @property
    def payload_bytes(self) -> int:
        return sum(len(t.encode("utf-8")) for t in (self.choropleth, self.context, self.outline) if t)


_LAYER_TEMPLATE = Template(
    """
{% macro script(this, kwargs) %}
    var {{ this.get_name() }} = L.geoJson({{ this.data }}, {
        interactive: {{ 'true' if this.interactive else 'false' }},
        style: function (f) { return f.properties.s || {{ this.style }}; },
        onEachFeature: function (f, layer) {
            if (f.properties.t) {
                layer.bindTooltip(f.properties.t, {sticky: true, direction: "top", className: "pk-tooltip"});
            }
            {% if this.interactive %}
            layer.on("mouseover", function () { layer.setStyle({weight: 3, color: "#000000"}); layer.bringToFront(); });
            layer.on("mouseout", function () { {{ this.get_name() }}.resetStyle(layer); });
            {% endif %}
        }
    }).addTo({{ this._parent.get_name() }});
    {% if this.background %}
    {{ this._parent.get_name() }}.getContainer().style.background = {{ this.background }};
    {% endif %}
    {% if this.attribution %}
    {{ this._parent.get_name() }}.attributionControl.addAttribution({{ this.attribution }});
    {% endif %}
{% endmacro %}
"""
)


class GeoJsonText(MacroElement):
    """A Leaflet GeoJSON layer from a ready FeatureCollection string (written into the script unparsed)."""

    _template = _LAYER_TEMPLATE

    def __init__(
        self, data: str, *, interactive: bool, style: dict | None = None, name: str = "geojson",
        background: str | None = None, attribution: str | None = None,
    ) -> None:
        super().__init__()
        self._name = name
        self.data = data
        self.interactive = interactive
        self.style = safe_json(style or {})
        self.background = safe_json(background) if background else None
        self.attribution = safe_json(escape_text(attribution)) if attribution else None


# How much wider than the band through its label point a name may be, by level (see `name_labels`).
NAME_LEAN = {"provinsi": 1.35}
# The smallest type of a dashboard name (px): below it a name is not shown.
NAME_MIN_PX = 9


def name_labels(names: Sequence[str], tingkat: Sequence[str], geometries: Sequence[str | None]) -> str | None:
    """Where each region's name goes on the dashboard map: [lat, lon, radius, room, name, name on two lines,
    short name, lean] — the centre of the largest circle inside its largest part, that circle's radius and the
    width of the horizontal band through it that stays inside the region (degrees), the province abbreviation
    ('Jateng', '' for other levels) and how far a name may reach beyond that band (provinces are long and thin:
    Java's names lean over the sea, as printed national maps do). The browser shows a name only where it fits
    and clears the others: full size, smaller, on two lines, abbreviated, then at the smallest readable size."""
    from petakesos import codes, geometry

    texts = [g if isinstance(g, str) and g else None for g in geometries]
    shapes = np.array([shapely.from_geojson(t) if t else None for t in texts], dtype=object)
    if not len(shapes) or shapely.is_missing(shapes).all():
        return None
    present = ~shapely.is_missing(shapes)
    broken = present & ~shapely.is_valid(np.where(present, shapes, None))
    if broken.any():  # stores built before display geometry was kept valid
        shapes[broken] = [geometry.polygonal_part(g) for g in shapely.make_valid(shapes[broken])]
    points, radii = geometry.label_anchors(shapes)
    room = geometry.horizontal_room(geometry.largest_parts(shapes), points, radii)
    rows = []
    for name, level, point, radius, width in zip(names, tingkat, points, radii, room, strict=True):
        if point is None or radius <= 0:
            continue
        short = codes.short_name(str(name), str(level))
        head, _, tail = _halves(short)
        rows.append([round(shapely.get_y(point), 5), round(shapely.get_x(point), 5), round(float(radius), 5),
                     round(float(width), 5), escape_text(short),
                     f"{escape_text(head)}<br>{escape_text(tail)}" if tail else "",
                     escape_text(codes.abbreviation(str(name), str(level))), NAME_LEAN.get(str(level), 1.0)])
    rows.sort(key=lambda r: -r[2])
    return safe_json(rows)


def _halves(name: str) -> tuple[str, str, str]:
    """A name split at the space nearest its middle, for a label on two lines ('Kab.', ' ', 'Grobogan')."""
    spaces = [i for i, ch in enumerate(name) if ch == " "]
    if not spaces:
        return name, "", ""
    cut = min(spaces, key=lambda i: abs(i - len(name) / 2))
    return name[:cut], " ", name[cut + 1 :]


_LABEL_TEMPLATE = Template(
    """
{% macro script(this, kwargs) %}
    (function () {
        var map = {{ this._parent.get_name() }};
        var rows = {{ this.data }};
        var pane = map.createPane("pkNames");
        pane.style.zIndex = 450;
        pane.style.pointerEvents = "none";
        var markers = rows.map(function (r) {
            return L.marker([r[0], r[1]], {pane: "pkNames", interactive: false, keyboard: false,
                icon: L.divIcon({className: "pk-name", iconSize: null,
                    html: "<span style='font-size:{{ this.size }}px'>" + r[4] + "</span>"})}).addTo(map);
        });
        // Larger regions first; a name is shown when it fits inside its region's inscribed circle (a little
        // wider: names are long and flat) and clears every name already shown.
        function place() {
            var shown = [];
            markers.forEach(function (m, i) {
                var el = m.getElement();
                if (!el) { return; }
                var span = el.firstChild;
                el.style.display = "";
                span.style.fontSize = "{{ this.size }}px";
                var c = map.latLngToContainerPoint([rows[i][0], rows[i][1]]);
                var east = map.latLngToContainerPoint([rows[i][0], rows[i][1] + 1]);
                var pxPerDeg = Math.abs(east.x - c.x);
                var r = rows[i][2] * pxPerDeg, room = rows[i][3] * pxPerDeg;
                var placedBox = null, lean = rows[i][7] || 1;
                // Full size first, then a little smaller, then on two lines, then the abbreviation (Jateng),
                // then the smallest readable type.
                var least = Math.max({{ this.min_px }} / {{ this.size }}, 0.6);
                var variants = [[rows[i][4], 1], [rows[i][4], 0.82]];
                if (rows[i][5]) { variants.push([rows[i][5], 1], [rows[i][5], 0.82]); }
                if (rows[i][6]) { variants.push([rows[i][6], 1], [rows[i][6], 0.82]); }
                if (least < 0.82) {
                    variants.push([rows[i][4], least]);
                    if (rows[i][5]) { variants.push([rows[i][5], least]); }
                    if (rows[i][6]) { variants.push([rows[i][6], least]); }
                }
                variants.some(function (v) {
                    var scale = v[1];
                    span.innerHTML = v[0];
                    span.style.fontSize = ({{ this.size }} * scale) + "px";
                    var w = span.offsetWidth, h = span.offsetHeight;
                    var box = [c.x - w / 2 - 3, c.y - h / 2 - 2, c.x + w / 2 + 3, c.y + h / 2 + 2];
                    var fits = w <= room * lean && h <= 2.2 * r * lean;
                    var clear = shown.every(function (b) {
                        return box[2] < b[0] || box[0] > b[2] || box[3] < b[1] || box[1] > b[3];
                    });
                    if (fits && clear) { placedBox = box; }
                    return placedBox !== null;
                });
                if (placedBox) { shown.push(placedBox); } else { el.style.display = "none"; }
            });
        }
        map.on("zoomend moveend resize", place);
        map.whenReady(function () { setTimeout(place, 0); });
    })();
{% endmacro %}
"""
)


_FIT_TEMPLATE = Template(
    """
{% macro script(this, kwargs) %}
    (function () {
        // The map is created before its frame has its final size (Streamlit sizes the frame afterwards), so
        // Leaflet would keep painting the first size: recompute it whenever the container settles, and fit the
        // region again until the user moves the map.
        var map = {{ this._parent.get_name() }};
        var bounds = {{ this.bounds }};
        var moved = false;
        map.getContainer().addEventListener("pointerdown", function () { moved = true; });
        map.getContainer().addEventListener("wheel", function () { moved = true; });
        {% if this.flat %}
        // Chromium rasterises a 3D-transformed layer (Leaflet's panes) for the part of the frame visible at first
        // paint and keeps that raster until the layer moves: the unpainted south of Jawa Tengah on a 1920×1080
        // forum screen. A map nobody pans needs no 3D layers: positions by left/top are painted with the page.
        // (Leaflet rounds zoom to whole steps without 3D, so the view is set with it and the layers flattened.)
        map.options.zoomAnimation = false;
        map._zoomAnimated = false;
        map.options.fadeAnimation = false;
        function flatten() {
            map.getContainer().querySelectorAll(".leaflet-pane, .leaflet-zoom-animated").forEach(function (el) {
                el.style.transform = "";
            });
        }
        {% endif %}
        function settle() {
            {% if this.flat %}
            L.Browser.any3d = true;
            map.invalidateSize({pan: false});
            if (bounds && !moved) {
                map._resetView(L.latLngBounds(bounds).getCenter(), map.getBoundsZoom(bounds));
            }
            L.Browser.any3d = false;
            flatten();
            map.fire("moveend");
            {% else %}
            map.invalidateSize({pan: false});
            if (bounds && !moved) { map.fitBounds(bounds, {animate: false}); }
            {% endif %}
        }
        if (window.ResizeObserver) { new ResizeObserver(settle).observe(map.getContainer()); }
        window.addEventListener("resize", settle);
        settle();
        [50, 300, 1000, 2500, 5000].forEach(function (t) { setTimeout(settle, t); });
    })();
{% endmacro %}
"""
)


class FitWhenSettled(MacroElement):
    """Recompute the map size when its frame changes size (and refit the region until the user moves)."""

    _template = _FIT_TEMPLATE

    def __init__(self, bounds: list | None, flat: bool = False) -> None:
        super().__init__()
        self._name = "pas_ukuran"
        self.bounds = safe_json(bounds) if bounds else "null"
        self.flat = flat


class NameLabels(MacroElement):
    """Region names drawn on the map where they fit (DivIcon labels in a pane above the regions)."""

    _template = _LABEL_TEMPLATE

    def __init__(self, data: str, size: int = 12) -> None:
        super().__init__()
        self._name = "nama_wilayah"
        self.data = data
        self.size = int(size)
        self.min_px = NAME_MIN_PX


# The look of the names: dark text with a white halo, never catching the mouse (hover and click go to the map).
LABEL_CSS = """<style>
.pk-name { background: none; border: none; pointer-events: none; }
.pk-name span { display: inline-block; transform: translate(-50%, -50%); white-space: nowrap; color: #1a1a1a;
  text-align: center;
  font-family: "DejaVu Sans", Arial, sans-serif; font-weight: 600; line-height: 1.1;
  text-shadow: -1px -1px 0 #fff, 1px -1px 0 #fff, -1px 1px 0 #fff, 1px 1px 0 #fff, 0 0 3px #fff; }
</style>"""


# Inside the map's frame: the map is as high as the frame (streamlit-folium fixes it in pixels otherwise).
FILL_FRAME_CSS = "<style>html, body { margin: 0; height: 100%; } #map_div, .folium-map { height: 100vh !important; }</style>"


class MetricScale(MacroElement):
    """Leaflet's scale bar in metres/kilometres only (folium's `control_scale` also shows miles)."""

    _template = Template("""
{% macro script(this, kwargs) %}
    L.control.scale({imperial: false, metric: true}).addTo({{ this._parent.get_name() }});
{% endmacro %}
""")


def build_map(spec: MapSpec) -> folium.Map:
    """The folium map for a spec: no tiles unless enabled, neighbours faint, children coloured, zoomed to fit."""
    tiles = "OpenStreetMap" if spec.tiles else None
    m = folium.Map(
        location=[-2.5, 118.0], zoom_start=5, tiles=tiles, control_scale=False, prefer_canvas=False,
        attribution_control=True, zoom_snap=0.25, zoom_control=spec.zoom_control,
    )
    MetricScale().add_to(m)
    first = True
    if spec.context:
        GeoJsonText(spec.context, interactive=False, style=CONTEXT_STYLE, name="konteks",
                    background=None if spec.tiles else BACKGROUND).add_to(m)
        first = False
    GeoJsonText(spec.choropleth, interactive=True, name="choropleth",
                background=None if (spec.tiles or not first) else BACKGROUND, attribution=spec.credit).add_to(m)
    if spec.outline:
        GeoJsonText(spec.outline, interactive=False, style={"color": OUTLINE_COLOR, "weight": 2.5, "fill": False},
                    name="garis").add_to(m)
    if spec.fill_frame:
        m.get_root().header.add_child(folium.Element(FILL_FRAME_CSS))
    if spec.labels:
        m.get_root().header.add_child(folium.Element(LABEL_CSS))
        NameLabels(spec.labels, spec.label_px).add_to(m)
    fit = None
    if spec.bounds:
        x0, y0, x1, y1 = spec.bounds
        fit = [[y0, x0], [y1, x1]]
        m.fit_bounds(fit)
    FitWhenSettled(fit, flat=spec.fill_frame).add_to(m)
    m.get_root().html.add_child(folium.Element(""))  # keeps folium from adding anything else to the header
    return m


def map_html(m: folium.Map) -> str:
    """The map as a standalone HTML page (for tests and the no-external-URL check)."""
    return m.get_root().render()


def bounds_union(boxes: Sequence[tuple[float, float, float, float] | None]) -> tuple[float, float, float, float] | None:
    real = [b for b in boxes if b is not None and all(v is not None and not np.isnan(v) for v in b)]
    if not real:
        return None
    arr = np.array(real, dtype=float)
    return (float(arr[:, 0].min()), float(arr[:, 1].min()), float(arr[:, 2].max()), float(arr[:, 3].max()))


def expand(bbox: tuple[float, float, float, float], factor: float) -> tuple[float, float, float, float]:
    x0, y0, x1, y1 = bbox
    dx, dy = (x1 - x0) * factor, (y1 - y0) * factor
    return (x0 - dx, y0 - dy, x1 + dx, y1 + dy)


def intersects(a: tuple[float, float, float, float], b: tuple[float, float, float, float]) -> bool:
    return not (a[2] < b[0] or b[2] < a[0] or a[3] < b[1] or b[3] < a[1])

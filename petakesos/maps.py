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
from branca.element import MacroElement
from jinja2 import Template

if TYPE_CHECKING:
    pass

BACKGROUND = "#f4f6f8"
# Short credit inside the map (the full BOUNDARY_CREDIT is printed under it by the page).
MAP_CREDIT = "Batas: cahyadsn/wilayah_boundaries (MIT) · Kepmendagri 2025"
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


def build_map(spec: MapSpec) -> folium.Map:
    """The folium map for a spec: no tiles unless enabled, neighbours faint, children coloured, zoomed to fit."""
    tiles = "OpenStreetMap" if spec.tiles else None
    m = folium.Map(
        location=[-2.5, 118.0], zoom_start=5, tiles=tiles, control_scale=True, prefer_canvas=False,
        attribution_control=True, zoom_snap=0.25,
    )
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
    if spec.bounds:
        x0, y0, x1, y1 = spec.bounds
        m.fit_bounds([[y0, x0], [y1, x1]])
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

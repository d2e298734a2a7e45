"""The folium map specification and GeoJSON payload: offline assets, escaping, payload building and cleaning."""

from __future__ import annotations

import json
import re
from pathlib import Path

import folium
import pytest
import shapely

from petakesos import assets, maps


@pytest.fixture(autouse=True)
def _restore_folium_defaults():
    js, css = folium.Map.default_js, folium.Map.default_css
    yield
    folium.Map.default_js, folium.Map.default_css = js, css


def _spec(**kw) -> maps.MapSpec:
    geom = shapely.to_geojson(shapely.box(100, -8, 101, -7))
    props = {"kode": "91", "s": {"fillColor": "#ff0000"}, "t": maps.escape_text("<img src=x onerror=alert(1)>")}
    fc = maps.feature_collection_text([geom, None], [props, {"kode": "92"}])
    return maps.MapSpec(choropleth=fc, bounds=(100, -8, 101, -7), **kw)


def test_feature_collection_is_joined_valid_json_without_missing_geometries() -> None:
    fc = json.loads(_spec().choropleth)
    assert fc["type"] == "FeatureCollection" and len(fc["features"]) == 1
    assert fc["features"][0]["properties"]["kode"] == "91"
    assert fc["features"][0]["geometry"]["type"] == "Polygon"


def test_safe_json_cannot_close_a_script_element() -> None:
    text = maps.safe_json({"t": "</script><script>alert(1)</script>", "u": "a\u2028b & c"})
    assert "<" not in text and ">" not in text and "&" not in text and "\u2028" not in text
    assert json.loads(text) == {"t": "</script><script>alert(1)</script>", "u": "a\u2028b & c"}


def test_escape_text() -> None:
    assert maps.escape_text("<b>\"Desa\" & 'Kel'</b>") == "&lt;b&gt;&quot;Desa&quot; &amp; &#x27;Kel&#x27;&lt;/b&gt;"
    assert maps.escape_text(None) == ""


def test_rendered_map_loads_only_the_local_leaflet() -> None:
    assets.use_local_assets()
    html = maps.map_html(maps.build_map(_spec()))
    urls = set(re.findall(r"https?://[^\s\"'<>)]+", html))
    # Only links inside Leaflet's attribution text may remain (they are not loaded).
    assert all("leafletjs.com" in u for u in urls), urls
    assert "/app/static/vendor/leaflet/leaflet.js" in html
    assert "/app/static/vendor/leaflet/leaflet.css" in html
    for cdn in ("cdn.jsdelivr", "code.jquery", "cdnjs", "bootstrapcdn", "unpkg"):
        assert cdn not in html
    # The tooltip text reaches the browser HTML-escaped (inside JSON-escaped text): never as a tag.
    assert "<img" not in html and "\\u003cimg" not in html
    assert "\\u0026lt;img src=x onerror=alert(1)\\u0026gt;" in html
    assert "tile.openstreetmap" not in html


def test_osm_tiles_only_when_enabled() -> None:
    assets.use_local_assets()
    assert "tile.openstreetmap.org" in maps.map_html(maps.build_map(_spec(tiles=True)))


def test_streamlit_folium_gets_only_local_links() -> None:
    """st_folium passes every JSCSSMixin's default_js/css to its iframe: all must be local."""
    from folium.elements import JSCSSMixin

    assets.use_local_assets()
    m = maps.build_map(_spec(context=_spec().choropleth, outline=_spec().choropleth))
    m.render()
    links = []

    def walk(el):
        if isinstance(el, JSCSSMixin):
            links.extend(url for _, url in el.default_js + el.default_css)
        for child in getattr(el, "_children", {}).values():
            walk(child)

    walk(m)
    assert links and all(u.startswith("/app/static/vendor/") for u in links), links


def test_payload_layers_and_bounds() -> None:
    spec = _spec(context=_spec().choropleth, outline=_spec().choropleth)
    html = maps.map_html(maps.build_map(spec))
    assert html.count("L.geoJson(") == 3
    assert "interactive: false" in html and "interactive: true" in html
    assert "fitBounds" in html
    assert spec.payload_bytes == 3 * len(spec.choropleth.encode())


def test_missing_assets_reported(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("PETAKESOS_STATIC_DIR", str(tmp_path))
    assert len(assets.missing_assets()) == 2
    with pytest.raises(assets.AssetsMissing, match="npm ci"):
        assets.check_assets()


def test_bounds_helpers() -> None:
    assert maps.bounds_union([None, (0, 0, 1, 1), (2, -1, 3, 0)]) == (0, -1, 3, 1)
    assert maps.bounds_union([None]) is None
    assert maps.intersects((0, 0, 1, 1), (1, 1, 2, 2)) and not maps.intersects((0, 0, 1, 1), (1.1, 0, 2, 1))
    assert maps.expand((0, 0, 2, 2), 0.5) == (-1, -1, 3, 3)


def test_credit_in_the_map_is_escaped() -> None:
    assets.use_local_assets()
    html = maps.map_html(maps.build_map(_spec(credit="<b>Sumber</b> & co")))
    assert "addAttribution(" in html and "<b>Sumber" not in html
    assert "\\u0026lt;b\\u0026gt;Sumber" in html


def test_names_on_the_map_where_they_fit_and_size_recomputed_when_the_frame_settles() -> None:
    big = shapely.to_geojson(shapely.box(100, -8, 102, -6))
    island = shapely.to_geojson(shapely.MultiPolygon([shapely.box(103, -8, 104, -7), shapely.box(110, 0, 110.1, 0.1)]))
    rows = json.loads(maps.name_labels(["Kabupaten <b>Satu</b>", "Kota Dua"], ["kabupaten_kota"] * 2,
                                       [big, island]))  # fmt: skip
    assert [r[4] for r in rows] == ["Kab. &lt;b&gt;Satu&lt;/b&gt;", "Kota Dua"]  # larger first, escaped, short
    assert 103 < rows[1][1] < 104  # the island far away does not carry the name
    assert rows[0][3] > 1.5  # room for a long name across the square
    html = maps.map_html(maps.build_map(_spec(labels=maps.safe_json(rows))))
    assert "pk-name" in html and "invalidateSize" in html and "ResizeObserver" in html
    flat = maps.map_html(maps.build_map(_spec(fill_frame=True, zoom_control=False)))
    assert "L.Browser.any3d = false" in flat and "100vh" in flat
    assert '"zoomControl": false' in flat


def test_province_names_offer_the_abbreviation_and_may_lean_over_the_sea() -> None:
    java = shapely.to_geojson(shapely.box(108.5, -8, 111.5, -6.5))  # long and thin, as Jawa Tengah
    rows = json.loads(maps.name_labels(["Jawa Tengah", "Aceh"], ["provinsi"] * 2,
                                       [java, shapely.to_geojson(shapely.box(95, 3, 97, 5))]))
    by_name = {r[4]: r for r in rows}
    assert by_name["Jawa Tengah"][6] == "Jateng" and by_name["Aceh"][6] == ""  # one word: the name itself
    assert by_name["Jawa Tengah"][7] == maps.NAME_LEAN["provinsi"] > 1
    kab, kota = json.loads(maps.name_labels(["Kabupaten Semarang", "Kota Semarang"], ["kabupaten_kota"] * 2,
                                            [java, shapely.to_geojson(shapely.box(110, -7, 110.2, -6.9))]))
    assert kab[6] == "Semarang" and kota[6] == ""  # a kabupaten by its name alone; a kota keeps "Kota"
    assert kab[7] == kota[7] == 1.0  # kab/kota names stay inside their region
    html = maps.map_html(maps.build_map(_spec(labels=maps.safe_json(rows))))
    assert f"{maps.NAME_MIN_PX} / 12" in html  # the smallest readable type

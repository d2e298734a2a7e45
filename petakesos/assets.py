"""Browser assets served by the app itself, so that the map works with no internet at all.

Leaflet is installed at set-up from the npm registry (`npm ci` reads package.json / package-lock.json) and copied
into `static/vendor/` by `scripts/install_assets.sh`; Streamlit serves that folder at `/app/static/...` when
`server.enableStaticServing` is on (.streamlit/config.toml). Nothing here is committed: static/vendor/ is
git-ignored.

folium's `Map` lists CDN URLs for Leaflet, jQuery, Bootstrap and Awesome Markers; streamlit-folium loads every one
of them into the map's iframe. `use_local_assets()` replaces that list with the local Leaflet only (the map built by
petakesos.maps needs nothing else).
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from petakesos._errors import AssetsMissing  # noqa: F401  (defined with every error type)
from petakesos.settings import Settings, get_settings

# URL prefix under which Streamlit's static serving exposes the static folder.
STATIC_URL = "/app/static"
VENDOR = "vendor"


@dataclass(frozen=True)
class Asset:
    name: str
    relative: str  # path below static/, e.g. vendor/leaflet/leaflet.js

    @property
    def url(self) -> str:
        return f"{STATIC_URL}/{self.relative}"


LEAFLET_JS = Asset("leaflet", f"{VENDOR}/leaflet/leaflet.js")
LEAFLET_CSS = Asset("leaflet_css", f"{VENDOR}/leaflet/leaflet.css")
REQUIRED = (LEAFLET_JS, LEAFLET_CSS)


def missing_assets(settings: Settings | None = None) -> list[Path]:
    static = (settings or get_settings()).static_dir
    return [static / a.relative for a in REQUIRED if not (static / a.relative).is_file()]


def check_assets(settings: Settings | None = None) -> None:
    missing = missing_assets(settings)
    if missing:
        raise AssetsMissing(
            "Berkas peta (Leaflet) belum terpasang: "
            + ", ".join(str(p) for p in missing)
            + ". Jalankan `npm ci && scripts/install_assets.sh` di folder proyek (sekali saat instalasi)."
        )


def use_local_assets() -> None:
    """Make every folium map load Leaflet from the app's own server, and nothing else."""
    import folium

    folium.Map.default_js = [(LEAFLET_JS.name, LEAFLET_JS.url)]
    folium.Map.default_css = [(LEAFLET_CSS.name, LEAFLET_CSS.url)]

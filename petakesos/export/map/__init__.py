"""The print map, one module per part: `data` (what the map shows), `layout` (page and boxes), `render` (drawing
the map), `layers` (context and outline), `labels` (region names), `furniture` (header, legend, footer, scale,
north arrow, watermark) and `locator` (the inset map).

Entry points: `render_map(...) -> bytes` for the dashboard and `python -m etl export-map` for the command line.
"""

from petakesos._errors import ExportError
from petakesos.export.map.data import MapData, child_level, map_data, units_full
from petakesos.export.map.render import FORMATS, render_map

__all__ = ["FORMATS", "ExportError", "MapData", "child_level", "map_data", "render_map", "units_full"]

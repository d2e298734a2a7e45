"""Exports for press releases and forums: the print map (`render_map`) and the table (`export_table`).

Both are plain functions returning file bytes, so a Streamlit page can hand them to `st.download_button` and the
command line (`python -m etl export-map`, `python -m etl export-table`) can write them to files. Public outputs
apply the small-number suppression of `petakesos.privacy`.
"""

from petakesos.export.map import ExportError, MapData, map_data, render_map
from petakesos.export.table import TableExportError, export_table, view_frame

__all__ = [
    "ExportError",
    "MapData",
    "TableExportError",
    "export_table",
    "map_data",
    "render_map",
    "view_frame",
]

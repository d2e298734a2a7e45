"""Stage 4 of a boundary load: build display geometry, derive upper levels and write the store atomically."""

from __future__ import annotations

import pandas as pd
import shapely

from petakesos import codes as kode_util
from petakesos import geometry
from petakesos.settings import DisplayProfile, Settings
from petakesos.sql import regions as q
from petakesos.store import run_with_frame

UPPER_LEVELS = ("kecamatan", "kabupaten_kota", "provinsi")


def display_geometry(full, tingkat: str, settings: Settings) -> tuple[list[str | None], object]:
    """GeoJSON texts of the display geometry of a set of neighbours at the profile of `tingkat`."""
    profile = settings.display[tingkat]
    display = geometry.simplify_coverage(full, profile.tolerance)
    display = geometry.drop_small_parts(display, profile.min_part_area)
    display = geometry.round_coordinates(display, profile.decimals)
    return geometry.to_geojson_strings(display), display


def outline_geometry(full, profile: DisplayProfile) -> list[str | None]:
    """Each unit's outline at its children's display detail. An outline is drawn alone, so plain (and much
    faster) Douglas-Peucker simplification does; no shared edges to keep."""
    outlines = geometry.simplify_each(full, profile.tolerance)
    outlines = geometry.drop_small_parts(outlines, profile.min_part_area)
    return geometry.to_geojson_strings(geometry.round_coordinates(outlines, profile.decimals))


def prepare_layer(units: pd.DataFrame, tingkat: str, settings: Settings, turunan: bool) -> pd.DataFrame:
    """Rows for table `batas`: full WKB, coverage-simplified display GeoJSON, and for upper units the outline at
    the display detail of their children (so that it follows the children's borders in a drill-down view)."""
    full = units["geometry"].to_numpy()
    texts, display = display_geometry(full, tingkat, settings)
    child = kode_util.child_tingkat(tingkat)
    outlines = outline_geometry(full, settings.display[child]) if child else [None] * len(full)
    bounds = shapely.bounds(full)
    labels = geometry.label_points(full)
    return pd.DataFrame(
        {
            "kode": units["kode"].to_numpy(),
            "tingkat": tingkat,
            "nama": units["nama"].to_numpy(),
            "sumber": units["sumber"].to_numpy() if "sumber" in units else "turunan",
            "turunan": turunan,
            "geom_full": shapely.to_wkb(full),
            "geojson_display": texts,
            "xmin": bounds[:, 0], "ymin": bounds[:, 1], "xmax": bounds[:, 2], "ymax": bounds[:, 3],
            "label_x": shapely.get_x(labels), "label_y": shapely.get_y(labels),
            "n_vertices": shapely.get_num_coordinates(full),
            "n_vertices_display": shapely.get_num_coordinates(display),
            "geojson_outline": outlines,
        }
    )


def write_layer(con, layer: pd.DataFrame) -> None:
    run_with_frame(con, "df_batas", layer, [q.DELETE_BATAS_FOR, q.INSERT_BATAS])


def write_code_list(con, code_list: pd.DataFrame) -> None:
    run_with_frame(con, "df_kode", code_list, [q.DELETE_KODE, q.INSERT_KODE])


def derive_upper_levels(
    con, desa_codes: list[str], code_list: pd.DataFrame, given_levels: set[str], settings: Settings
) -> dict[str, int]:
    """Dissolve desa → kecamatan → kab/kota → provinsi for the parents touched by this load.

    Reads the desa of the touched parents back from the store (so a province loaded in two files is whole),
    and never overwrites an upper polygon that came from a file of its own (turunan = false).
    """
    names = code_list.set_index("kode")["nama"]
    counts: dict[str, int] = {}
    touched = sorted({kode_util.parent_of(c) for c in desa_codes})
    child_tingkat = "desa_kelurahan"
    for tingkat in UPPER_LEVELS:
        if not touched:
            break
        if tingkat in given_levels:
            touched = sorted({kode_util.parent_of(c) for c in touched if c})
            child_tingkat = tingkat
            continue
        if child_tingkat == "desa_kelurahan":
            children = con.execute(q.DESA_UNDER_PARENTS, [touched]).df()
        else:
            children = con.execute(q.UPPER_UNDER_PARENTS, [child_tingkat, touched]).df()
        protected = set(con.execute(q.FILE_SOURCED_AT_TINGKAT, [tingkat, touched]).df()["kode"])
        geoms = geometry.from_wkb(children["geom_full"])
        parents = children["kode"].map(kode_util.parent_of)
        dissolved = geometry.dissolve(parents, geoms, settings.sliver_hole_area)
        dissolved = dissolved[~dissolved["kode"].isin(protected)]
        dissolved["nama"] = dissolved["kode"].map(names).fillna(dissolved["kode"])
        dissolved["sumber"] = "turunan"
        if not dissolved.empty:
            write_layer(con, prepare_layer(dissolved, tingkat, settings, turunan=True))
        counts[tingkat] = len(dissolved)
        touched = sorted({kode_util.parent_of(c) for c in touched if "." in c})
        child_tingkat = tingkat
    return counts


def rebuild_completeness(con) -> None:
    for statement in q.REBUILD_KELENGKAPAN:
        con.execute(statement)

"""Page sizes of the print map and the rectangles (mm) of map, legend and locator on the page."""

from __future__ import annotations

from dataclasses import dataclass, replace

from petakesos._errors import ExportError
from petakesos.export.map.style import MM

PAPERS_MM = {"A4": (297.0, 210.0), "A3": (420.0, 297.0)}  # landscape width × height
SCREEN_PX = (1920, 1080)
SCREEN_DPI = 100


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



Box = tuple[float, float, float, float]  # x0, y0, x1, y1 in mm from the bottom-left corner


@dataclass(frozen=True)
class PageBoxes:
    """Where the parts of the map page go (mm)."""

    margin: float
    header_h: float
    footer_h: float
    map: Box
    legend: Box
    locator: Box
    ranking: Box | None = None  # portrait pages of wide regions: the units ranked, in the height the map leaves


def page_boxes(layout: Layout, *, national: bool, with_locator: bool) -> PageBoxes:
    """Map, legend and locator rectangles: a side panel on landscape pages, a panel under the map on portrait
    pages, and for Indonesia (four times wider than tall) the legend in the Indian Ocean."""
    W, H, u = layout.width_mm, layout.height_mm, layout.u
    margin = 8 * u
    header_h = 24 * u
    footer_h = 17 * u
    if layout.portrait:
        panel_h = 52 * u
        map_box = (margin, margin + footer_h + panel_h + 3 * u, W - margin, H - margin - header_h)
        legend_right = margin + (W - 2 * margin) * (0.58 if with_locator else 1.0)
        legend_box = (margin, margin + footer_h, legend_right, margin + footer_h + panel_h)
        locator_box = (legend_box[2] + 6 * u, margin + footer_h + 2 * u, W - margin, margin + footer_h + panel_h)
    elif national:
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
        legend_top = locator_box[1] - 4 * u if with_locator else H - margin - header_h
        legend_box = (W - margin - side_w, margin + footer_h, W - margin, legend_top)
    return PageBoxes(margin, header_h, footer_h, map_box, legend_box, locator_box)


# Portrait pages: the height a ranking needs to be worth drawing (× u); less than that is split above and below.
RANKING_MIN_H = 18.0


def fit_portrait(layout: Layout, boxes: PageBoxes, ext_w: float, ext_h: float, *, ranked: int = 0) -> PageBoxes:
    """A wide region on a tall page (Maluku, Jawa Tengah, Jawa Timur) needs less height than the page offers.
    The map keeps the page width and only the height it needs, directly under the header; the panel (legend and
    locator) follows directly under it; the height left over goes to a ranking of the `ranked` units
    (`PageBoxes.ranking`, drawn by `ranking.draw_ranking`), so that no band of empty paper is left. With nothing
    to rank or too little left over the block is centred between header and footer."""
    if not layout.portrait or ext_w <= 0:
        return boxes
    u = layout.u
    map_box = boxes.map
    map_w_mm = map_box[2] - map_box[0]
    need_h = map_w_mm * ext_h / ext_w * 1.04 + 22 * u  # + room for the north arrow and the scale bar
    slack = (map_box[3] - map_box[1]) - need_h
    if slack <= 0:
        return boxes

    def up(b: Box, by: float) -> Box:
        return (b[0], b[1] + by, b[2], b[3] + by)

    if ranked and slack >= RANKING_MIN_H * u:
        # The ranking takes what it can use (rows of at most ROW_MAX); any height beyond goes back to the map,
        # whose sea and neighbours fill it.
        from petakesos.export.map.ranking import height_for

        taken = min(slack, height_for(ranked, u))
        bottom = boxes.margin + boxes.footer_h
        return replace(boxes, map=(map_box[0], map_box[1] + taken, map_box[2], map_box[3]),
                       legend=up(boxes.legend, taken), locator=up(boxes.locator, taken),
                       ranking=(map_box[0], bottom + 1 * u, map_box[2], bottom + taken - 3 * u))
    shift = slack / 2
    return replace(boxes, map=(map_box[0], map_box[1] + shift, map_box[2], map_box[3] - shift),
                   legend=up(boxes.legend, shift), locator=up(boxes.locator, shift))

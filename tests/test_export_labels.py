"""The print map's label placer (petakesos.export.map.labels): a name never covers another region's label point,
where that region's leader dot goes."""

from __future__ import annotations

import numpy as np
import pandas as pd
import pytest
import shapely
from matplotlib.backends.backend_agg import FigureCanvasAgg
from matplotlib.figure import Figure

from petakesos import geometry
from petakesos.export.map import labels

MM = 1 / 25.4


def _map() -> tuple[Figure, object, pd.DataFrame, np.ndarray]:
    """A large kabupaten and, off its east coast, a diagonal chain of islets 4 mm apart, each far too small for
    its name: each islet is named beside it with a leader, and the nearest place (to the right) of one islet's name
    lies over the next islet's dot. One data unit is one millimetre on the page."""
    fig = Figure(figsize=(200 * MM, 100 * MM), dpi=150)
    FigureCanvasAgg(fig)
    ax = fig.add_axes([0, 0, 1, 1])
    ax.set_xlim(0, 200)
    ax.set_ylim(0, 100)
    ax.set_axis_off()
    shapes = [shapely.box(0, 0, 60, 100)] + [shapely.box(70 + 4 * k, 50 + 0.6 * k, 70.8 + 4 * k, 50.8 + 0.6 * k)
                                              for k in range(5)]
    children = pd.DataFrame({
        "kode": ["99.01"] + [f"99.7{k}" for k in range(5)],
        "nama": ["Kabupaten Daratan"] + [f"Kota Pulau Kecil Nomor {k}" for k in range(5)],
        "tingkat": "kabupaten_kota",
    })
    return fig, ax, children, np.array(shapes, dtype=object)


def _covered_dots(fig: Figure, ax, children: pd.DataFrame, shapes: np.ndarray) -> list[tuple[str, str]]:
    """(label, region) pairs where a drawn name covers another region's label point."""
    renderer = fig.canvas.get_renderer()
    anchors, _ = geometry.label_anchors(shapes)
    dots = ax.transData.transform(shapely.get_coordinates(anchors))
    covered = []
    for text in ax.texts:
        gid = text.get_gid() or ""
        if not gid.startswith("label-"):
            continue
        bb = text.get_window_extent(renderer)
        for kode, (x, y) in zip(children["kode"], dots, strict=True):
            if kode != gid.removeprefix("label-") and bb.x0 <= x <= bb.x1 and bb.y0 <= y <= bb.y1:
                covered.append((gid, kode))
    return covered


def test_names_keep_clear_of_other_regions_leader_dots() -> None:
    fig, ax, children, shapes = _map()
    labels.draw_labels(fig, ax, children, shapes, None, 1.0)
    named = {t.get_gid() for t in ax.texts if (t.get_gid() or "").startswith("label-")}
    assert len(named) == len(children), named  # every islet is named (beside it, with a leader)
    assert _covered_dots(fig, ax, children, shapes) == []


def test_without_the_dot_rule_the_same_map_covers_a_dot(monkeypatch: pytest.MonkeyPatch) -> None:
    """The case above is a real conflict: a placer that ignores the dots puts a name over one."""
    monkeypatch.setattr(labels, "_covers_dot", lambda box, dots, own: False)
    fig, ax, children, shapes = _map()
    labels.draw_labels(fig, ax, children, shapes, None, 1.0)
    assert _covered_dots(fig, ax, children, shapes)

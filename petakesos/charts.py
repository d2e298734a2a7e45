"""Plotly figures beside the map: PMKS by category (bar), a trend over the years (line), a year comparison (bar).

Bar and line charts need no file from the internet (plotly.js is bundled with Streamlit); geo charts would
fetch topojson from a CDN, so none are used. Texts from data are passed as data, not HTML: plotly escapes them.
"""

from __future__ import annotations

import pandas as pd
import plotly.colors
import plotly.graph_objects as go

from petakesos import direction, i18n
from petakesos.numbers import PLOTLY_SEPARATORS, PLOTLY_TICKFORMAT, format_number

FONT = {"family": "Source Sans Pro, sans-serif", "size": 13}
BAR_COLOR = "#1f5f8b"


def _layout(fig: go.Figure, title: str, height: int) -> go.Figure:
    fig.update_layout(
        title={"text": title, "font": {"size": 15}}, height=height, margin={"l": 10, "r": 10, "t": 40, "b": 10},
        font=FONT, plot_bgcolor="#ffffff", paper_bgcolor="#ffffff", separators=PLOTLY_SEPARATORS,
    )
    # Full numbers in Indonesian format on the value axes (500.000, not 0,5M or 105k).
    fig.update_xaxes(gridcolor="#eeeeee", tickformat=PLOTLY_TICKFORMAT)
    fig.update_yaxes(gridcolor="#eeeeee", tickformat=PLOTLY_TICKFORMAT)
    return fig


def _room_for_labels(values: pd.Series, share: float = 0.18) -> list[float] | None:
    """A value-axis range with room after the longest bar for its label (outside labels are otherwise cut)."""
    present = values.dropna()
    if present.empty:
        return None
    lo, hi = min(0.0, float(present.min())), max(0.0, float(present.max()))
    span = (hi - lo) or 1.0
    return [lo - (span * share if lo < 0 else 0.0), hi + (span * share if hi > 0 else 0.0)]


def pmks_bar(frame: pd.DataFrame, title: str, unit: str = "") -> go.Figure:
    """Horizontal bars, largest on top, each labelled with its value; `frame` has columns kategori, nama, nilai."""
    data = frame.sort_values("nilai", ascending=True)
    fig = go.Figure(
        go.Bar(
            x=data["nilai"], y=data["kategori"], orientation="h", marker_color=BAR_COLOR,
            customdata=data[["nama"]].to_numpy(), text=[format_number(v) for v in data["nilai"]],
            textposition="outside", cliponaxis=False,
            hovertemplate="%{customdata[0]}: %{x:,.0f}" + (f" {unit}" if unit else "") + "<extra></extra>",
        )
    )
    fig.update_xaxes(range=_room_for_labels(data["nilai"]))
    return _layout(fig, title, height=max(260, 22 * len(data) + 80))


def trend_line(frame: pd.DataFrame, title: str, satuan: str = "", decimals: int = 1, lang: str = "id") -> go.Figure:
    """One line over the years; `frame` has columns tahun, nilai (and optionally a `seri` column for several).
    A non-empty `putus` text on a year (the region's territory changed: a unit was split off) ends the line there:
    the years before and after are drawn as separate segments with a dashed mark "tidak sebanding" (in `lang`)."""
    T = i18n.texts(lang)
    fig = go.Figure()
    groups = frame.groupby("seri", sort=False) if "seri" in frame else [(title, frame)]
    hover = "%{x}: %{y:,." + str(decimals) + "f}" + (f" {satuan}" if satuan else "") + "<extra></extra>"
    palette = plotly.colors.qualitative.Plotly
    for n, (name, part) in enumerate(groups):
        part = part.sort_values("tahun")
        breaks = part["putus"].fillna("").astype(str) if "putus" in part else pd.Series("", index=part.index)
        segment = (breaks != "").cumsum()
        for i, (_, piece) in enumerate(part.groupby(segment, sort=True)):
            fig.add_trace(
                go.Scatter(x=piece["tahun"], y=piece["nilai"], mode="lines+markers", name=str(name),
                           legendgroup=str(name), showlegend=i == 0, line={"color": palette[n % len(palette)]},
                           hovertemplate=hover)
            )
        for year, reason in zip(part["tahun"], breaks, strict=True):
            if reason:
                fig.add_vline(x=year - 0.5, line_dash="dash", line_color="#c0392b")
                fig.add_annotation(x=year - 0.5, y=1, yref="paper", text=T.NOT_COMPARABLE, showarrow=False,
                                   font={"color": "#c0392b", "size": 11}, hovertext=reason, xanchor="left")
    fig = _layout(fig, title, height=300)
    n_years = frame["tahun"].nunique() if len(frame) else 0
    fig.update_xaxes(dtick=1 if n_years <= 12 else 2, tickformat="d")  # years: 2024, not 2.024
    if satuan == "%":
        fig.update_yaxes(range=[0, 105], ticksuffix="%")
    return fig


def change_bar(frame: pd.DataFrame, title: str, *, arah: str = direction.UP_BETTER) -> go.Figure:
    """Change per region (columns nama, selisih), a worsening in brown and an improvement in teal by the
    indicator's direction (petakesos.direction: for PMKS or poverty an increase is a worsening); a neutral
    indicator's increases and decreases take colours that judge neither."""
    data = frame.dropna(subset=["selisih"]).sort_values("selisih")
    up, down = {direction.UP_WORSE: (direction.WORSE_COLOUR, direction.BETTER_COLOUR),
                direction.UP_BETTER: (direction.BETTER_COLOUR, direction.WORSE_COLOUR)}.get(
        arah, (direction.NEUTRAL_UP, direction.NEUTRAL_DOWN))
    colors = [up if v > 0 else (down if v < 0 else "#bdbdbd") for v in data["selisih"]]
    fig = go.Figure(go.Bar(x=data["selisih"], y=data["nama"], orientation="h", marker_color=colors,
                           hovertemplate="%{y}: %{x:+,.1f}<extra></extra>"))
    return _layout(fig, title, height=max(260, 20 * len(data) + 80))

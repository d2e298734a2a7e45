"""Plotly figures beside the map: PMKS by category (bar), a trend over the years (line), a year comparison (bar).

Bar and line charts need no file from the internet (plotly.js is bundled with Streamlit); geo charts would
fetch topojson from a CDN, so none are used. Texts from data are passed as data, not HTML: plotly escapes them.
"""

from __future__ import annotations

import pandas as pd
import plotly.colors
import plotly.graph_objects as go

from petakesos.numbers import format_number

FONT = {"family": "Source Sans Pro, sans-serif", "size": 13}
BAR_COLOR = "#1f5f8b"


def _layout(fig: go.Figure, title: str, height: int) -> go.Figure:
    fig.update_layout(
        title={"text": title, "font": {"size": 15}}, height=height, margin={"l": 10, "r": 10, "t": 40, "b": 10},
        font=FONT, plot_bgcolor="#ffffff", paper_bgcolor="#ffffff", separators=",.",
    )
    fig.update_xaxes(gridcolor="#eeeeee")
    fig.update_yaxes(gridcolor="#eeeeee")
    return fig


def pmks_bar(frame: pd.DataFrame, title: str = "PMKS per kategori") -> go.Figure:
    """Horizontal bars, largest on top; `frame` has columns kategori, nama, nilai."""
    data = frame.sort_values("nilai", ascending=True)
    fig = go.Figure(
        go.Bar(
            x=data["nilai"], y=data["kategori"], orientation="h", marker_color=BAR_COLOR,
            customdata=data[["nama"]].to_numpy(), text=[format_number(v) for v in data["nilai"]],
            textposition="outside", cliponaxis=False, hovertemplate="%{customdata[0]}: %{x:,.0f} jiwa<extra></extra>",
        )
    )
    return _layout(fig, title, height=max(260, 22 * len(data) + 80))


BREAK_NOTE = "tidak sebanding"


def trend_line(frame: pd.DataFrame, title: str, satuan: str = "", decimals: int = 1) -> go.Figure:
    """One line over the years; `frame` has columns tahun, nilai (and optionally a `seri` column for several).
    A non-empty `putus` text on a year (the region's territory changed: a unit was split off) ends the line there:
    the years before and after are drawn as separate segments with a dashed mark "tidak sebanding"."""
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
                fig.add_annotation(x=year - 0.5, y=1, yref="paper", text=BREAK_NOTE, showarrow=False,
                                   font={"color": "#c0392b", "size": 11}, hovertext=reason, xanchor="left")
    n_years = frame["tahun"].nunique() if len(frame) else 0
    fig.update_xaxes(dtick=1 if n_years <= 12 else 2, tickformat="d")
    if satuan == "%":
        fig.update_yaxes(range=[0, 105], ticksuffix="%")
    return _layout(fig, title, height=300)


def change_bar(frame: pd.DataFrame, title: str) -> go.Figure:
    """Change per region (columns nama, selisih), increases in teal and decreases in brown."""
    data = frame.dropna(subset=["selisih"]).sort_values("selisih")
    colors = ["#018571" if v > 0 else ("#a6611a" if v < 0 else "#bdbdbd") for v in data["selisih"]]
    fig = go.Figure(go.Bar(x=data["selisih"], y=data["nama"], orientation="h", marker_color=colors,
                           hovertemplate="%{y}: %{x:+,.1f}<extra></extra>"))
    return _layout(fig, title, height=max(260, 20 * len(data) + 80))

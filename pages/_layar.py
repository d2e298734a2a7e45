"""Presentation mode for a forum screen (`?tampilan=layar`): full-screen map and KPIs in large type, no sidebar or
Streamlit chrome, a high-contrast theme, public values only (small sensitive counts hidden), and an optional
slideshow through regions (`putar=anak` or `putar=33.01,33.02`) and indicators (`putar_indikator=a,b`) every
`detik` seconds. Works offline like the rest of the app."""

from __future__ import annotations

import html
import time
from dataclasses import replace

import streamlit as st
from streamlit_folium import st_folium

from pages import _shared as ui
from petakesos import i18n, maps, privacy, views
from petakesos.auth import access
from petakesos.store import Store

_SLIDE = "pk_slide"
# The frame's height in pixels as streamlit-folium wants it; the CSS above makes it fill the screen instead.
MAP_HEIGHT = 760
LABEL_PX = 15
_SLIDE_AT = "pk_slide_at"

# Static CSS (no data passes through it): hide the chrome, dark high-contrast theme, large type.
CSS = """
<style>
[data-testid="stSidebar"], [data-testid="stSidebarCollapsedControl"], header[data-testid="stHeader"],
[data-testid="stToolbar"], [data-testid="stDecoration"], [data-testid="stStatusWidget"], footer { display: none !important; }
.stApp, [data-testid="stAppViewContainer"], [data-testid="stMain"] { background: #0b0f14 !important; color: #ffffff; }
[data-testid="stMainBlockContainer"], .block-container { padding: 1.2rem 2rem 0.5rem 2rem !important; max-width: 100% !important; }
.pk-layar-title, .pk-layar-title * { font-size: clamp(2.2rem, 5vh, 3.1rem) !important; font-weight: 800; line-height: 1.1; color: #ffffff; margin: 0; }
.pk-layar-sub, .pk-layar-sub * { font-size: clamp(1.3rem, 3vh, 1.8rem) !important; color: #ffd54f; margin: .2rem 0 .5rem 0; }
.pk-layar-sub .pk-layar-demo { display: inline-block; background: #ffd54f; color: #000 !important; font-weight: 800;
                 padding: 0 .6rem; border-radius: .3rem; margin-left: 1rem; }
.pk-layar-kpis { display: grid; gap: 1rem; margin-bottom: .6rem; }
.pk-layar-kpi { background: #18202b; border: 2px solid #3a4a5e; border-radius: .6rem; padding: .3rem 1rem; }
.pk-layar-kpi .l { font-size: 1.2rem; color: #cfd8e3; }
.pk-layar-kpi .v { font-size: clamp(2.5rem, 5.5vh, 3.2rem); font-weight: 800; color: #ffffff; line-height: 1.1; }
.pk-layar-kpi .d { font-size: 1.1rem; color: #ffd54f; }
.pk-layar-legend { font-size: clamp(1rem, 2.3vh, 1.35rem); color: #ffffff; }
.pk-layar-legend .row { display: flex; align-items: center; gap: .6rem; margin: .15rem 0; }
.pk-layar-legend .sw { display: inline-block; width: 2rem; height: 1.2em; border: 2px solid #ffffff; }
/* The map frame fills the screen between title and footer, at 1080 and 720 lines alike. */
iframe[title="streamlit_folium.st_folium"] { height: calc(100vh - 24rem) !important; min-height: 260px; }
.pk-layar-legend .n { margin-left: auto; color: #cfd8e3; }
.pk-layar-foot { font-size: clamp(.8rem, 1.5vh, 1rem); color: #cfd8e3; margin-top: .3rem; }
</style>
"""


def _kpi_html(card: views.Kpi, T: i18n.Texts) -> str:
    delta = f"<div class='d'>{html.escape(card.delta)} {html.escape(T.KPI_DELTA_SCREEN)}</div>" if card.delta else ""
    return (f"<div class='pk-layar-kpi'><div class='l'>{html.escape(card.label)}</div>"
            f"<div class='v'>{html.escape(card.value)}</div>{delta}</div>")


def _legend_html(view: views.MapView, T: i18n.Texts) -> str:
    # "Tidak ada data" only when a region has none: every row must fit on the screen beside the numbers.
    shown = [row for row in view.legend if row[2] or row[1] != T.NO_DATA_CLASS]
    rows = "".join(
        f"<div class='row'><span class='sw' style='background:{html.escape(color)}'></span>"
        f"<span>{html.escape(label)}</span><span class='n'>{count}</span></div>"
        for color, label, count in shown
    )
    return f"<div class='pk-layar-legend'>{rows}</div>"


def current_slide(store: Store, state: views.ViewState) -> tuple[views.ViewState, int, int]:
    """The view to show now, its position and the number of slides."""
    slides = state.slides(store)
    index = int(st.session_state.get(_SLIDE, 0)) % len(slides)
    return slides[index], index, len(slides)


def show(store: Store, state: views.ViewState) -> None:
    st.markdown(CSS, unsafe_allow_html=True)
    slide, index, count = current_slide(store, state)
    src = access.public_source(store)
    # Everything of the slide is computed before the first element is sent, so that title, numbers, legend and
    # map change together (sent as they are computed, the new title would stand over the old figures).
    view = views.build_view(store, slide, src)
    T = ui.texts(view.state)
    focus = view.selected or view.region.kode
    cards = views.kpis(store, src, focus, view.tahun, view.definition, available=view.available, lang=T.lang)
    spec = replace(view.spec, zoom_control=False, label_px=LABEL_PX, height=MAP_HEIGHT, fill_frame=True)
    folium_map = maps.build_map(spec) if ui.setup_assets(T) else None
    title = (f"<div class='pk-layar-title'>{html.escape(view.definition.nama)} — {html.escape(view.region.nama)}</div>"
             f"<div class='pk-layar-sub'>{html.escape(T('SCREEN_YEAR', tahun=view.tahun or '–'))}"
             + (f" · {index + 1}/{count}" if count > 1 else "")
             + (f" <span class='pk-layar-demo'>{html.escape(T.DEMO_SHORT)}</span>" if view.is_demo else "")
             + "</div>")
    notes = [privacy.notice(privacy.default_k(), T.lang)] if view.definition.sensitif or (
        view.children["warna"] == views.HIDDEN_COLOR).any() else []
    kpi_row = (f"<div class='pk-layar-kpis' style='grid-template-columns: repeat({len(cards)}, 1fr)'>"
               + "".join(_kpi_html(card, T) for card in cards) + "</div>")

    # One element for title and numbers: they are replaced in the same instant when the slide changes.
    st.markdown(title + kpi_row, unsafe_allow_html=True)
    left, right = st.columns([3.2, 1], gap="large")
    with left:
        if view.no_values:
            st.markdown(f"<div class='pk-layar-sub'>{html.escape(view.no_values.split(':')[0])}.</div>",
                        unsafe_allow_html=True)
        elif folium_map is not None:
            st_folium(folium_map, key=f"layar-{index}", height=MAP_HEIGHT, use_container_width=True,
                      returned_objects=[])
    with right:
        st.markdown(_legend_html(view, T), unsafe_allow_html=True)
    credit = [T("DATA_SOURCES", sources="; ".join(view.sources))] if view.sources else []
    st.markdown(f"<div class='pk-layar-foot'>{html.escape(' '.join(notes + credit + [T.PUBLIC_NOTE, T.BOUNDARY_CREDIT]))}</div>",
                unsafe_allow_html=True)
    if count > 1:
        _ticker(state.detik, count, index)


def _ticker(seconds: int, count: int, index: int) -> None:
    @st.fragment(run_every=seconds)
    def tick() -> None:
        now = time.monotonic()
        started = st.session_state.setdefault(_SLIDE_AT, now)
        if now - started >= seconds - 0.5:
            st.session_state[_SLIDE] = (index + 1) % count
            st.session_state[_SLIDE_AT] = now
            st.rerun(scope="app")

    tick()

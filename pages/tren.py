"""Tren: compare two years — a map of the change, the change per region, and the trend lines."""

from __future__ import annotations

import streamlit as st
from streamlit_folium import st_folium

from pages import _shared as ui
from petakesos import charts, maps, views
from petakesos import ui_text as T

store, src, view = ui.open_view()
state = ui.indicator_controls(view, with_classes=False)

st.markdown(f"## Tren: {T.md_escape(view.region.nama)}")
ui.demo_banner(view.is_demo)
ui.privacy_note(view.map_region.kode)
ui.breadcrumb(view.crumbs, view.state, page="tren")

if len(view.years) < 2:
    st.info("Perbandingan antartahun memerlukan data untuk paling sedikit dua tahun. "
            + ("Tahun tersedia: " + ", ".join(map(str, view.years)) if view.years else T.NO_WELFARE))
else:
    c1, c2 = st.columns(2)
    tahun_a = c1.selectbox("Dari tahun", view.years, index=len(view.years) - 2)
    tahun_b = c2.selectbox("Ke tahun", view.years, index=len(view.years) - 1)
    change = views.build_change_view(store, view, src, tahun_a, tahun_b)
    left, right = st.columns([3, 1.25], gap="medium")
    with left:
        if ui.setup_assets():
            st_folium(maps.build_map(change.spec), key=f"tren-{ui.nav_counter()}-{tahun_a}-{tahun_b}",
                      height=change.spec.height, use_container_width=True, returned_objects=[])
        ui.credits(view)
    with right:
        ui.legend(change)
    for note in change.notes[len(view.notes):]:
        st.warning(note)
    st.plotly_chart(charts.change_bar(change.children.rename(columns={"nilai": "selisih"}),
                                      f"Perubahan {view.definition.nama}, {tahun_a} → {tahun_b}"),
                    width="stretch")

focus = view.selected or view.region.kode
trend = src.series(store, focus, view.state.indikator)
if trend.empty:
    st.caption("Belum ada deret tahunan untuk indikator ini.")
else:
    st.plotly_chart(charts.trend_line(trend, f"{view.definition.nama}: {view.region.nama}", view.definition.satuan,
                                      1 if view.definition.desimal is None else view.definition.desimal),
                    width="stretch")

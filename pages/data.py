"""Data: the tables behind the current view (the region and its children), downloadable as CSV."""

from __future__ import annotations

import streamlit as st

from pages import _shared as ui
from petakesos import ui_text as T
from petakesos import views

store, src, view = ui.open_view()
state = ui.indicator_controls(view, with_classes=False)

st.markdown(f"## Data: {T.md_escape(view.region.nama)}")
ui.demo_banner(view.is_demo)
ui.privacy_note(view.map_region.kode)
ui.breadcrumb(view.crumbs, view.state, page="data")
for note in view.notes:
    st.caption(note)

st.markdown(f"#### Wilayah bawahan ({len(view.children)}) — tahun {view.tahun or '–'}")
table = views.children_table(store, src, view)
st.dataframe(table, hide_index=True, width="stretch")
ui.dataframe_download(table, f"petakesos_{view.map_region.kode or 'indonesia'}_{view.tahun or 'batas'}.csv", view.map_region.kode)

st.markdown("#### Semua indikator wilayah ini")
own = views.region_table(store, src, view)
if own.empty:
    st.caption(T.NO_WELFARE)
else:
    st.dataframe(own, hide_index=True, width="stretch")
    ui.dataframe_download(own, f"petakesos_indikator_{view.region.kode or 'indonesia'}_{view.tahun}.csv", view.region.kode)
ui.credits(view)

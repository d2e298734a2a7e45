"""Data: the tables behind the current view (the region and its children), downloadable as CSV for Excel."""

from __future__ import annotations

import streamlit as st

from pages import _shared as ui
from petakesos import views

store, src, view = ui.open_view()
T = ui.texts(view.state)
state = ui.indicator_controls(view, with_classes=False)

st.markdown("## " + T("DATA_TITLE", nama=ui.md_escape(view.region.nama)))
ui.demo_banner(view.is_demo, T)
ui.privacy_note(view.map_region.kode)
ui.breadcrumb(view.crumbs, view.state, page="data")
for note in view.notes:
    st.caption(note)

st.markdown("#### " + T("DATA_CHILDREN", n=len(view.children), tahun=view.tahun or "–"))
table = views.children_table(store, src, view)
ui.table(table)
ui.dataframe_download(table, f"petakesos_{view.map_region.kode or 'indonesia'}_{view.tahun or 'batas'}.csv",
                      view.map_region.kode, T=T, demo=view.is_demo)

st.markdown(f"#### {T.DATA_OWN}")
own = views.region_table(store, src, view)
if own.empty:
    st.caption(T.NO_WELFARE)
else:
    ui.table(own)
    ui.dataframe_download(own, f"petakesos_indikator_{view.region.kode or 'indonesia'}_{view.tahun}.csv",
                          view.region.kode, T=T, demo=view.is_demo)
ui.credits(T, view)

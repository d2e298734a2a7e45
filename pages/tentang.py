"""Tentang: indicator definitions, the PMKS/PSKS lists, data sources and licences (in the chosen language)."""

from __future__ import annotations

import streamlit as st

from pages import _shared as ui
from petakesos import i18n, views

state = ui.read_state()
T = ui.texts(state)
store = ui.get_store()
src = ui.get_source(store)
ui.page_menu(state)

st.markdown(f"## {T.ABOUT_TITLE}")
st.markdown(T.ABOUT_INTRO)
defs = src.definitions(store)
ui.demo_banner(bool(src.is_demo(store)) if not defs.empty else False, T)

st.markdown(f"### {T.ABOUT_DEFINITIONS}")
if defs.empty:
    st.caption(T.NO_WELFARE)
else:
    for kelompok, group in views.definitions_by_group(defs, T.lang):
        with st.expander(f"{kelompok} ({len(group)})", expanded=kelompok == "WKSBM"):
            for row in group.itertuples(index=False):
                sens = f" — *{T.ABOUT_SENSITIVE}*" if row.sensitif else ""
                st.markdown(f"**{ui.md_escape(row.nama)}** ({ui.md_escape(i18n.unit_text(T.lang, row.satuan))}){sens}  \n"
                            f"{ui.md_escape(row.definisi)}")

st.markdown(f"### {T.ABOUT_LISTS}")
for jenis, frame in views.category_lists(defs, T.lang).items():
    with st.expander(T("ABOUT_CATEGORIES", jenis=jenis, n=len(frame))):
        st.dataframe(frame, hide_index=True, width="stretch")

st.markdown(f"### {T.ABOUT_SOURCES}")
st.markdown("\n".join(f"- {ui.md_escape(line)}" for line in
                      [T.BOUNDARY_CREDIT, T.CODE_LIST_CREDIT, T.ABOUT_POPULATION, T.ABOUT_LEAFLET]))
sumber = views.data_sources(store, src, T.lang)
if not sumber.empty:
    st.markdown(T.ABOUT_WELFARE_SOURCES)
    st.dataframe(sumber, hide_index=True, width="stretch")
st.markdown(f"### {T.ABOUT_HISTORY}")
st.dataframe(views.load_history(store, T.lang), hide_index=True, width="stretch")

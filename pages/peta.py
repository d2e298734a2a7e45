"""Peta (main page): the choropleth of the children of the region in view, with drill-down by click."""

from __future__ import annotations

from functools import partial

import streamlit as st
from streamlit_folium import st_folium

from pages import _shared as ui
from petakesos import charts, maps, views
from petakesos import ui_text as T
from petakesos.numbers import format_number

if ui.read_state().presentation:
    from pages import _layar

    _layar.show(ui.get_store(), ui.read_state())
    st.stop()

store, src, view = ui.open_view()
with st.sidebar:
    ui.search_box(store, view.state)
state = ui.indicator_controls(view)

st.markdown(f"## {T.md_escape(view.region.nama)}")
ui.demo_banner(view.is_demo)
ui.privacy_note(view.map_region.kode)
ui.breadcrumb(view.crumbs, view.state)
for note in view.notes:
    st.caption(note)

focus = view.selected or view.region.kode
for col, card in zip(st.columns(4), views.kpis(store, src, focus, view.tahun, view.definition), strict=True):
    col.metric(card.label, card.value, card.delta, border=True, help=card.help, delta_color=card.delta_color)

left, right = st.columns([3, 1.25], gap="medium")
with left:
    if view.no_values:
        ui.offer_views(view)  # instead of an all-grey map
    elif ui.setup_assets():
        map_key = f"peta-{ui.nav_counter()}"
        ui.remember_map(map_key, view)
        returned = st_folium(
            maps.build_map(view.spec), key=map_key, height=view.spec.height, use_container_width=True,
            returned_objects=["last_active_drawing"], on_change=partial(ui.on_map_click, map_key),
        )
        target = views.clicked_code(view, returned)  # normally handled by the callback already
        if target:
            ui.navigate(view.state.go(target))
    st.caption(T.CLICK_HINT if view.drillable else T.LEAF_HINT)
    ui.credits(view)
with right:
    ui.legend(view)
    with st.expander(f"Definisi: {view.definition.nama}", expanded=True):
        st.markdown(T.md_escape(view.definition.definisi or "Definisi belum tersedia."))
        if view.definition.sensitif:
            ui.privacy_note(view.map_region.kode)
    ui.export_panel(store, view)

rank_col, side_col = st.columns([1.2, 1], gap="medium")
with rank_col:
    st.markdown(f"#### {T.RANKING_TITLE}: {T.md_escape(view.definition.nama)}")
    table = views.ranking_table(view)
    table_key = f"peringkat-{ui.nav_counter()}"
    event = st.dataframe(
        table, hide_index=True, width="stretch", height=min(420, 36 * len(table) + 40),
        column_config={view.definition.nama: st.column_config.NumberColumn(
            format="%.1f" if view.definition.satuan not in {"desa", "jiwa", "unit", "orang", "keluarga"} else "%d")},
        on_select=partial(ui.on_row_select, table_key, list(table["Kode"]), view.state) if view.drillable else "ignore",
        selection_mode="single-row", key=table_key,
    )
    rows = event.selection.rows if view.drillable and event is not None else []
    if rows:
        ui.navigate(view.state.go(str(table.iloc[rows[0]]["Kode"])))
with side_col:
    pmks = views.pmks_by_category(store, src, focus, view.tahun, view.definitions)
    if not pmks.empty:
        st.plotly_chart(charts.pmks_bar(pmks, f"PMKS per kategori, {view.tahun}"), width="stretch")
        if views.has_sensitive(pmks, view.definitions):
            ui.privacy_note(focus)
    trend = src.series(store, focus, view.state.indikator)
    if not trend.empty:
        st.plotly_chart(charts.trend_line(trend, f"Tren: {view.definition.nama}", view.definition.satuan,
                                          1 if view.definition.desimal is None else view.definition.desimal),
                        width="stretch")

st.markdown(f"#### {T.NO_WKSBM_TITLE}")
tanpa = src.desa_tanpa_wksbm(store, focus, view.tahun) if view.tahun is not None else None
if tanpa is None or tanpa.empty:
    st.caption(T.NO_WKSBM_EMPTY)
else:
    st.caption(f"{format_number(len(tanpa))} desa/kelurahan belum memiliki WKSBM — daftar tindak lanjut untuk rapat "
               "perencanaan." + (f" Ditampilkan {format_number(T.ACTION_LIST_ROWS)} pertama; unduh CSV untuk daftar lengkap."
                                 if len(tanpa) > T.ACTION_LIST_ROWS else ""))
    # The whole country has tens of thousands: the page shows the first rows, the download holds them all.
    st.dataframe(tanpa.head(T.ACTION_LIST_ROWS).rename(
        columns={"kode": "Kode", "nama": "Desa/kelurahan", "kecamatan": "Kecamatan"}), hide_index=True, width="stretch")
    ui.dataframe_download(tanpa, f"desa_tanpa_wksbm_{focus or 'indonesia'}_{view.tahun}.csv")

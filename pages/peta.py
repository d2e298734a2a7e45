"""Peta (main page): the choropleth of the children of the region in view, with drill-down by click."""

from __future__ import annotations

from functools import partial

import streamlit as st
from streamlit_folium import st_folium

from pages import _shared as ui
from petakesos import charts, maps, views
from petakesos.numbers import format_number

ACTION_LIST_ROWS = 1000  # rows of the "desa tanpa WKSBM" list shown on the page (the CSV has all)

if ui.url_state().presentation:
    from pages import _layar

    _layar.show(ui.get_store(), ui.read_state())
    st.stop()

store, src, view = ui.open_view()
T = ui.texts(view.state)
with st.sidebar:
    ui.search_box(store, view.state)
state = ui.indicator_controls(view)

st.markdown(f"## {ui.md_escape(view.region.nama)}")
ui.demo_banner(view.is_demo, T)
ui.privacy_note(view.map_region.kode)
ui.breadcrumb(view.crumbs, view.state)
for note in view.notes:
    st.caption(note)

focus = view.selected or view.region.kode
cards = views.kpis(store, src, focus, view.tahun, view.definition, available=view.available, lang=T.lang)
for col, card in zip(st.columns(len(cards)), cards, strict=True):
    col.metric(card.label, card.value, card.delta, border=True, help=card.help, delta_color=card.delta_color)

left, right = st.columns([3, 1.25], gap="medium")
with left:
    if view.no_values:
        ui.offer_views(view)  # instead of an all-grey map
    elif ui.setup_assets(T):
        map_key = f"peta-{ui.nav_counter()}"
        ui.remember_map(map_key, view)
        returned = st_folium(
            maps.build_map(view.spec), key=map_key, height=view.spec.height, use_container_width=True,
            returned_objects=["last_active_drawing"], on_change=partial(ui.on_map_click, map_key),
        )
        target = views.clicked_code(view, returned)  # normally handled by the callback already
        if target:
            ui.navigate(view.state.go(target))
    if not view.no_values:
        st.caption(T.CLICK_HINT if view.drillable else T.LEAF_HINT)
    ui.credits(T, view)
with right:
    ui.legend(view)
    with st.expander(T("DEFINITION_TITLE", nama=view.definition.nama), expanded=True):
        st.markdown(ui.md_escape(view.definition.definisi or T.DEFINITION_MISSING))
        if view.definition.sensitif:
            ui.privacy_note(view.map_region.kode)
    ui.export_panel(store, view)

rank_col, side_col = st.columns([1.2, 1], gap="medium")
with rank_col:
    if not view.no_values:  # else the note above says it: a ranking of empty rows would say nothing more
        st.markdown(f"#### {T.RANKING_TITLE}: {ui.md_escape(view.definition.nama)}")
        table = views.ranking_table(view)
        codes = list(table[T.COL_CODE])
        table_key = f"peringkat-{ui.nav_counter()}"
        event = ui.table(
            table, height=min(420, 36 * len(table) + 40),
            on_select=partial(ui.on_row_select, table_key, codes, view.state) if view.drillable else "ignore",
            selection_mode="single-row", key=table_key,
        )
        rows = event.selection.rows if view.drillable and event is not None else []
        if rows:
            ui.navigate(view.state.go(codes[rows[0]]))
        ui.dataframe_download(table, f"peringkat_{view.state.indikator.replace(':', '_')}_"
                                     f"{view.map_region.kode or 'indonesia'}_{view.tahun or 'batas'}.csv",
                              view.map_region.kode, T=T, demo=view.is_demo)
with side_col:
    pmks = views.pmks_by_category(store, src, focus, view.tahun, view.definitions)
    if not pmks.empty:
        st.plotly_chart(charts.pmks_bar(pmks, T("PMKS_CHART_TITLE", tahun=view.tahun)), width="stretch")
        if views.has_sensitive(pmks, view.definitions):
            ui.privacy_note(focus)
    trend = src.series(store, focus, view.state.indikator)
    if not trend.empty:
        st.plotly_chart(charts.trend_line(trend, T("TREND_CHART_TITLE", nama=view.definition.nama),
                                          view.definition.satuan,
                                          1 if view.definition.desimal is None else view.definition.desimal,
                                          lang=T.lang), width="stretch")

# The list of desa without a WKSBM, where the store has WKSBM data at all (not in a store of poverty figures).
if "cakupan_wksbm_pct" in view.available:
    st.markdown(f"#### {T.NO_WKSBM_TITLE}")
    tanpa = views.action_list(store, src, focus, view.tahun, lang=T.lang)
    if tanpa.empty:
        st.caption(T.NO_WKSBM_EMPTY)
    else:
        st.caption(T("NO_WKSBM_COUNT", n=format_number(len(tanpa)))
                   + (T("NO_WKSBM_FIRST", n=format_number(ACTION_LIST_ROWS)) if len(tanpa) > ACTION_LIST_ROWS else ""))
        # The whole country has tens of thousands: the page shows the first rows, the download holds them all.
        ui.table(tanpa.head(ACTION_LIST_ROWS))
        ui.dataframe_download(tanpa, f"desa_tanpa_wksbm_{focus or 'indonesia'}_{view.tahun}.csv", focus, T=T,
                              demo=view.is_demo)

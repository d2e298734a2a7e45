"""Tren: compare two years — a map of the change, the change per region, and the trend lines.

The two years live in the URL (`?dari=2023&ke=2025`) and are always different (ViewState.compared_years); the
colours follow the indicator's direction (petakesos.direction): an increase of PMKS is a worsening."""

from __future__ import annotations

from dataclasses import replace

import streamlit as st
from streamlit_folium import st_folium

from pages import _shared as ui
from petakesos import charts, maps, views
from petakesos.direction import UP_BETTER, UP_WORSE, direction_of

store, src, view = ui.open_view()
T = ui.texts(view.state)
state = ui.indicator_controls(view, with_classes=False, with_year=False)  # the two years are below

st.markdown("## " + T("TREN_TITLE", nama=ui.md_escape(view.region.nama)))
ui.demo_banner(view.is_demo, T)
ui.privacy_note(view.map_region.kode)
ui.breadcrumb(view.crumbs, view.state, page="tren")

pair = view.state.compared_years(view.years)
if pair is None:
    st.info(T.TREN_NEED_TWO + " "
            + (T("TREN_YEARS_AVAILABLE", years=", ".join(map(str, view.years))) if view.years else T.NO_WELFARE))
else:
    tahun_a, tahun_b = pair
    c1, c2 = st.columns(2)
    later = view.years[1:]  # a year with an earlier one to compare with
    ke = c2.selectbox(T.TREN_TO, later, index=later.index(tahun_b), key=f"tren-ke-{ui.nav_counter()}")
    earlier = [y for y in view.years if y < ke]
    dari = c1.selectbox(T.TREN_FROM, earlier, index=earlier.index(tahun_a) if tahun_a in earlier else len(earlier) - 1,
                        key=f"tren-dari-{ui.nav_counter()}")
    if (dari, ke) != (tahun_a, tahun_b):
        ui.navigate(replace(view.state, dari=dari, ke=ke))
    way = direction_of(view.state.indikator, view.definition.arah)
    change = views.build_change_view(store, view, src, tahun_a, tahun_b)
    st.caption({UP_WORSE: T.TREN_DIRECTION_WORSE, UP_BETTER: T.TREN_DIRECTION_BETTER}.get(way,
                                                                                          T.TREN_DIRECTION_NEUTRAL))
    no_change = change.children["nilai"].isna().all()
    left, right = st.columns([3, 1.25], gap="medium")
    with left:
        if no_change and view.no_values:
            ui.offer_views(view)  # no values at this level (a rate published per kab/kota only): no empty map
        elif ui.setup_assets(T):
            st_folium(maps.build_map(change.spec), key=f"tren-{ui.nav_counter()}-{tahun_a}-{tahun_b}",
                      height=change.spec.height, use_container_width=True, returned_objects=[])
        ui.credits(T, view)
    with right:
        if not (no_change and view.no_values):
            ui.legend(change)
    for note in change.notes[len(view.notes):]:
        st.warning(note)
    if not no_change:
        st.plotly_chart(charts.change_bar(change.children.rename(columns={"nilai": "selisih"}),
                                          T("TREN_CHANGE_TITLE", nama=view.definition.nama, a=tahun_a, b=tahun_b),
                                          arah=way),
                        width="stretch")

focus = view.selected or view.region.kode
trend = src.series(store, focus, view.state.indikator)
hidden_note = views.trend_note(trend, T.lang)
if trend.empty:
    st.caption(T.TREN_NO_SERIES)
elif hidden_note and trend["nilai"].isna().all():
    st.info(hidden_note)  # every year hidden: say why instead of an empty chart
else:
    if hidden_note:
        st.caption(hidden_note)
    st.plotly_chart(charts.trend_line(trend, f"{view.definition.nama}: {view.region.nama}", view.definition.satuan,
                                      1 if view.definition.desimal is None else view.definition.desimal,
                                      lang=T.lang),
                    width="stretch")

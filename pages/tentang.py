"""Tentang: indicator definitions, the PMKS/PSKS lists, data sources and licences."""

from __future__ import annotations

import streamlit as st

from pages import _shared as ui
from petakesos import ui_text as T
from petakesos import views
from petakesos.settings import BOUNDARY_CREDIT, CODE_LIST_CREDIT

state = ui.read_state()
store = ui.get_store()
src = ui.get_source(store)
ui.page_menu(state)

st.markdown("## Tentang Peta Kesos")
st.markdown(
    "Peta Kesos (Peta Kesejahteraan Sosial) membantu Dinas Sosial merencanakan layanan: cakupan **WKSBM** "
    "(Wahana Kesejahteraan Sosial Berbasis Masyarakat; target SPM satu WKSBM di setiap desa/kelurahan), "
    "jumlah **PMKS** (Penyandang Masalah Kesejahteraan Sosial, 26 kategori Permensos 08/2012) dan **PSKS** "
    "(Potensi dan Sumber Kesejahteraan Sosial, 12 kategori) dari tingkat nasional sampai desa/kelurahan."
)
defs = src.definitions(store)
ui.demo_banner(bool(src.is_demo(store)) if not defs.empty else False)

st.markdown("### Definisi indikator")
if defs.empty:
    st.caption(T.NO_WELFARE)
else:
    for kelompok, group in views.definitions_by_group(defs):
        with st.expander(f"{kelompok} ({len(group)})", expanded=kelompok == "WKSBM"):
            for row in group.itertuples(index=False):
                sens = " — *sensitif*" if row.sensitif else ""
                st.markdown(f"**{T.md_escape(row.nama)}** ({T.md_escape(row.satuan)}){sens}  \n"
                            f"{T.md_escape(row.definisi)}")

st.markdown("### Daftar PMKS dan PSKS")
for jenis, frame in views.category_lists(defs).items():
    with st.expander(f"{jenis} ({len(frame)} kategori)"):
        st.dataframe(frame, hide_index=True, width="stretch")

st.markdown("### Sumber data dan lisensi")
st.markdown(
    "\n".join(
        f"- {T.md_escape(line)}"
        for line in [
            BOUNDARY_CREDIT,
            CODE_LIST_CREDIT,
            "Penduduk 2025: cahyadsn/wilayah (MIT), untuk indikator PMKS per 1.000 penduduk",
            "Peta digambar dengan Leaflet (BSD-2-Clause), dipasang dari registri npm dan disajikan oleh aplikasi ini; "
            "tidak ada berkas yang dimuat dari internet",
        ]
    )
)
sumber = views.data_sources(store, src)
if not sumber.empty:
    st.markdown("Sumber angka kesejahteraan di basis data ini:")
    st.dataframe(sumber, hide_index=True, width="stretch")
st.markdown("### Riwayat pemuatan data")
st.dataframe(store.load_history(), hide_index=True, width="stretch")

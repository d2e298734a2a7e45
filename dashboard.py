"""Peta Kesos: `streamlit run dashboard.py` opens the dashboard on the store built by the ETL (setting PETAKESOS_DB).

This file only declares the pages; each page in pages/ wires widgets to petakesos.views, which holds the logic.
Pages can be opened by URL directly: /, /tren, /data, /tentang (each takes the same ?wilayah=…&indikator=… state,
and `?bahasa=en` for the English interface), /masuk (sign-in), /admin (data administration: operators and admins)
and /pengguna (users and audit log: admins). Every page checks access itself (pages/_auth.py), so opening one by URL
never skips the check.
"""

from __future__ import annotations

import streamlit as st

from pages import _shared as ui
from petakesos import i18n

T = i18n.texts(i18n.language(st.query_params.get("bahasa")))
st.set_page_config(page_title=T.APP_TITLE, page_icon="🗺️", layout="wide", initial_sidebar_state="expanded")

PAGES = [
    st.Page("pages/peta.py", title=T.PAGE_PETA, url_path="peta", default=True),
    st.Page("pages/tren.py", title=T.PAGE_TREN, url_path="tren"),
    st.Page("pages/data.py", title=T.PAGE_DATA, url_path="data"),
    st.Page("pages/tentang.py", title=T.PAGE_TENTANG, url_path="tentang"),
    st.Page("pages/masuk.py", title=T.PAGE_SIGN_IN, url_path="masuk"),
    st.Page("pages/admin.py", title=T.PAGE_ADMIN, url_path="admin"),
    st.Page("pages/pengguna.py", title=T.PAGE_USERS, url_path="pengguna"),
]
ui.run_page(st.navigation(PAGES, position="hidden").run)  # the one place page errors are caught

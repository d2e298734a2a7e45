"""Masuk (/masuk): sign-in for analysts, operators and admins. The view in the URL (?wilayah=…) is kept, so a deep
link can be opened again after signing in."""

from __future__ import annotations

import streamlit as st

from pages import _auth
from pages import _shared as ui
from petakesos._errors import PetaKesosError
from petakesos.auth import roles

state = ui.read_state()
A = _auth.texts()
ui.page_menu(state)
who = _auth.current_user()
st.markdown(f"## {A.SIGN_IN_TITLE}")
if who.signed_in:
    st.success(f"{A.SIGNED_IN_AS} {_auth.who_label(who)}.")
    st.page_link("pages/peta.py", label=A.PAGE_PETA, query_params=state.to_query())
    st.stop()

st.caption(A.SIGN_IN_HINT)
with st.form("pk-masuk", clear_on_submit=True):
    nama = st.text_input(A.NAME_LABEL, key="pk-masuk-nama")
    sandi = st.text_input(A.PASSWORD_LABEL, type="password", key="pk-masuk-sandi")
    submitted = st.form_submit_button(A.SIGN_IN_BUTTON, type="primary")
if submitted:
    try:
        who = _auth.sign_in(nama, sandi)
    except PetaKesosError as exc:
        st.error(str(exc))
        st.stop()
    query = state.to_query()
    if not query and roles.may(who, roles.UPLOAD):
        st.switch_page("pages/admin.py")
    st.switch_page("pages/peta.py", query_params=query)

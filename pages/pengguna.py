"""Pengguna (/pengguna): user management and the audit log, for admins only (checked before anything is drawn).
The same operations as `python -m etl user …`; password hashes are never shown."""

from __future__ import annotations

import streamlit as st

from pages import _auth
from pages import _shared as ui
from petakesos._errors import PetaKesosError
from petakesos.auth import roles

A = _auth.texts()
who = _auth.gate(roles.MANAGE_USERS)
accounts = _auth.accounts()
known = _auth.region_codes()
ui.page_menu(ui.read_state())

_FLASH = "pk_pengguna_flash"
st.markdown(f"## {A.USERS_TITLE}")
if _FLASH in st.session_state:
    st.success(st.session_state.pop(_FLASH))
users = accounts.users()
st.dataframe(_auth.readable(users), hide_index=True, width="stretch", key="pk-pengguna")


def attempt(action, done: str) -> None:
    """Run a user change; on success redraw the page (the table above shows it) with `done` as the message."""
    try:
        action()
    except PetaKesosError as exc:
        st.error(f"{exc.title}: {exc}")
    else:
        st.session_state[_FLASH] = done
        st.rerun()


def password_form(save, done: str) -> None:
    """Password typed twice (inside a form); `save(password)` runs when both agree."""
    sandi = st.text_input(A.PASSWORD_LABEL, type="password")
    ulang = st.text_input(A.PASSWORD_AGAIN, type="password")
    if st.form_submit_button(A.SAVE):
        if sandi != ulang:
            st.error(A.PASSWORDS_DIFFER)
        else:
            attempt(lambda: save(sandi), done)


with st.expander(A.ADD_USER), st.form("pk-tambah", clear_on_submit=True):
    nama = st.text_input(A.NAME_LABEL)
    peran = st.selectbox(A.ROLE_LABEL, roles.ACCOUNT_ROLES, format_func=lambda r: A(f"ROLE.{r}"))
    wilayah = st.text_input(A.SCOPE_LABEL)
    password_form(lambda sandi: accounts.add_user(nama, peran, wilayah, sandi, by=who.nama, known_regions=known),
                  A("USER_ADDED", nama=nama))

if not users.empty:
    pilih = st.selectbox(A.USER_PICK, list(users["nama"]), key="pk-pengguna-pilih")
    c1, c2, c3 = st.columns(3)
    with c1, st.form("pk-sandi", clear_on_submit=True):
        st.markdown(f"**{A.CHANGE_PASSWORD}**")
        password_form(lambda sandi: accounts.set_password(pilih, sandi, by=who.nama), A("PASSWORD_CHANGED", nama=pilih))
    with c2, st.form("pk-peran"):
        st.markdown(f"**{A.CHANGE_ROLE}**")
        peran = st.selectbox(A.ROLE_LABEL, roles.ACCOUNT_ROLES, format_func=lambda r: A(f"ROLE.{r}"))
        wilayah = st.text_input(A.SCOPE_LABEL)
        if st.form_submit_button(A.SAVE):
            attempt(lambda: accounts.set_role(pilih, peran, wilayah, by=who.nama, known_regions=known),
                    A("ROLE_CHANGED", nama=pilih))
    with c3:
        st.markdown(f"**{A.REMOVE_USER}**")
        if st.button(f"{A.REMOVE_USER} {pilih}", key="pk-hapus", disabled=pilih == who.nama):
            attempt(lambda: accounts.remove_user(pilih, by=who.nama), A("USER_REMOVED", nama=pilih))

st.markdown(f"#### {A.AUDIT_TITLE}")
log = accounts.audit_log()
st.dataframe(_auth.readable(log), hide_index=True, width="stretch", key="pk-audit")
ui.dataframe_download(_auth.readable(log), "log_audit.csv")

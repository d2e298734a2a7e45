"""Streamlit wiring of sign-in: the session token in st.session_state, the signed-in person, the sidebar account box
and the access gate of the administration pages. Rules live in petakesos.auth; this file only wires widgets.

The token lives in the Streamlit session only (server side, never in the URL or a cookie): a page opened by URL
directly, a new tab or a reload is a new session and starts anonymous (public view). Every run re-checks the token
against the accounts file, so an expired, signed-out or removed account loses access on its next click.
"""

from __future__ import annotations

import pandas as pd
import streamlit as st

from petakesos import i18n
from petakesos.auth import access, roles
from petakesos.auth import accounts as account_rules
from petakesos.auth.accounts import Accounts
from petakesos.auth.roles import ANONYMOUS, Principal
from petakesos.settings import get_settings

_TOKEN = "pk_token"
_ENDED = "pk_session_ended"


@st.cache_resource(show_spinner=False)
def _accounts(path: str) -> Accounts:
    return Accounts(path)  # type: ignore[arg-type]


def texts() -> i18n.Texts:
    """The UI texts in the language of the URL (`?bahasa=`); sign-in and administration texts are in the same
    catalogues as every other text."""
    return i18n.texts(i18n.language(st.query_params.get("bahasa")))


def readable(frame: pd.DataFrame) -> pd.DataFrame:
    """An administration table (users, audit log, import history, import report) with its column headers in the
    interface language instead of the stored column names."""
    A = texts()  # noqa: N806
    return frame.rename(columns=lambda column: A.get(f"COLUMN.{column}", column))


def who_label(who: Principal) -> str:
    """The signed-in person as shown: name, role in the interface language and, for a scoped role, the region."""
    where = f" {who.wilayah}" if who.peran in (roles.ANALIS, roles.OPERATOR) and who.wilayah else ""
    return f"{who.nama} ({texts()(f'ROLE.{who.peran}')}{where})"


def accounts() -> Accounts:
    return _accounts(str(get_settings().users_db))


@st.cache_resource(show_spinner=False)
def _region_codes(data_dir: str) -> frozenset[str] | None:
    return account_rules.region_codes(get_settings())


def region_codes() -> frozenset[str] | None:
    """The official region codes (scopes given to users are checked against them)."""
    return _region_codes(str(get_settings().data_dir))


def current_user() -> Principal:
    """The signed-in person of this session, or ANONYMOUS (also when the session expired: said once)."""
    token = st.session_state.get(_TOKEN)
    if not token:
        return ANONYMOUS
    who = accounts().session(token)
    if who is None:
        del st.session_state[_TOKEN]
        st.session_state[_ENDED] = True
        return ANONYMOUS
    return who


def viewer() -> Principal:
    """Whose values this page shows: the signed-in person, but nobody in presentation mode (`?tampilan=layar` on
    any page is always public, also for a signed-in analyst). Every value, note and download of a page asks this,
    so the source, the "Tampilan …" caption and the file marking never disagree."""
    from petakesos import views

    if views.ViewState.from_query(st.query_params.to_dict()).presentation:
        return ANONYMOUS
    return current_user()


def sign_in(nama: str, password: str) -> Principal:
    token, who = accounts().sign_in(nama, password)
    st.session_state[_TOKEN] = token
    st.session_state.pop(_ENDED, None)
    return who


def sign_out() -> None:
    accounts().sign_out(st.session_state.pop(_TOKEN, None))
    st.session_state[_ENDED] = False


def account_box(who: Principal, query: dict[str, str] | None = None) -> None:
    """Sidebar: who is signed in (with Keluar) or a link to sign in; links to the pages the role may open."""
    A = texts()  # noqa: N806
    with st.sidebar:
        st.divider()
        if st.session_state.get(_ENDED):
            st.info(A.SESSION_ENDED)
            st.session_state[_ENDED] = False
        if who.signed_in:
            st.caption(f"{A.SIGNED_IN_AS} **{who_label(who)}**")
            if roles.may(who, roles.UPLOAD):
                st.page_link("pages/admin.py", label=A.PAGE_ADMIN, icon=":material/upload:")
            if roles.may(who, roles.MANAGE_USERS):
                st.page_link("pages/pengguna.py", label=A.PAGE_USERS, icon=":material/group:")
            if st.button(A.SIGN_OUT_BUTTON, key="pk-keluar"):
                sign_out()
                st.rerun()
        else:
            st.page_link("pages/masuk.py", label=A.PAGE_SIGN_IN, icon=":material/login:", query_params=query or {})


def view_note(who: Principal, kode: str) -> str:
    """The caption that says which values the person sees for region `kode`."""
    A = texts()  # noqa: N806
    if roles.sees_exact(who, kode):
        return A.ANALYST_VIEW.format(wilayah=who.wilayah or "Indonesia")
    return A.PUBLIC_VIEW


def gate(action: str) -> Principal:
    """Stop the page unless the signed-in person may do `action`; nothing of the page is drawn before this."""
    who = current_user()
    A = texts()  # noqa: N806
    if not roles.may(who, action):
        if who.signed_in:
            st.warning(A("NEED_ROLE", who=A(f"WHO_MAY.{action}"), label=who_label(who)))
        else:
            st.info(A.NEED_SIGN_IN)
            st.page_link("pages/masuk.py", label=A.PAGE_SIGN_IN, icon=":material/login:")
        account_box(who)
        st.stop()
    return who


__all__ = ["access", "account_box", "accounts", "current_user", "gate", "sign_in", "sign_out", "view_note",
           "viewer"]

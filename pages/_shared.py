"""Streamlit wiring shared by the pages: the cached store, the URL state, navigation, breadcrumb, search, banner.

Only widgets and layout live here; the logic is in petakesos.views / maps / charts (which import no streamlit).
"""

from __future__ import annotations

import html
import logging
import re
from collections.abc import Callable
from dataclasses import replace

import pandas as pd
import streamlit as st

from petakesos import i18n, views
from petakesos._errors import PetaKesosError
from petakesos.assets import missing_assets, use_local_assets
from petakesos.classify import PALETTES
from petakesos.export.safe import csv_bytes
from petakesos.numbers import format_number
from petakesos.settings import get_settings
from petakesos.store import Store

md_escape = i18n.md_escape
PAGE_FILES = {
    "peta": "pages/peta.py",
    "tren": "pages/tren.py",
    "data": "pages/data.py",
    "tentang": "pages/tentang.py",
}
_NAV = "pk_nav"
_LAST = "pk_last_query"
_MAP = "pk_map"


@st.cache_resource(show_spinner=False)
def _store(db_path: str) -> Store:
    return Store(db_path)  # type: ignore[arg-type]


def get_store() -> Store:
    """The shared Store; a missing or unreadable store file raises a PetaKesosError (shown by `run_page`)."""
    settings = get_settings()
    store = _store(str(settings.db_path))
    store.region("")
    store.cursor().close()
    return store


_SERVER_PATH = re.compile(r"(?:[A-Za-z]:)?(?:[\\/][\w.\-]+){2,}")


def _without_paths(text: str) -> str:
    """A message for the browser: server paths are cut to their last part (the file name)."""
    return _SERVER_PATH.sub(lambda m: re.split(r"[\\/]", m.group(0))[-1], text)


def run_page(page: Callable[[], object]) -> None:
    """Run a page (dashboard.py passes the navigation's `run`): the ONE place the dashboard catches errors.

    A PetaKesosError shows its title and message; anything else shows a short apology, and the traceback goes to
    the server log only. Neither shows a traceback or a server path in the browser. Streamlit's own control flow
    (st.stop, st.rerun, st.switch_page) derives from BaseException and passes through."""
    try:
        page()
    except PetaKesosError as exc:
        st.error(f"**{md_escape(exc.title)}** — {md_escape(_without_paths(exc.message))}")
    except Exception:
        logging.getLogger("petakesos.pages").exception("page failed")
        T = i18n.texts(i18n.language(st.query_params.get("bahasa")))
        st.error(f"**{T.INTERNAL_ERROR_TITLE}** — {T.INTERNAL_ERROR}")


def get_source(store: Store) -> views.IndicatorSource:
    """The values the person of this session may see: public unless signed in with a scope covering the region."""
    from pages import _auth

    return _auth.access.source_for(store, _auth.viewer())


def texts(state: views.ViewState) -> i18n.Texts:
    """The UI texts in the language of the view (`?bahasa=`)."""
    return i18n.texts(state.bahasa)


def setup_assets(T: i18n.Texts) -> bool:
    """Point folium at the locally served Leaflet; False (with an error shown) when it is not installed."""
    use_local_assets()
    missing = missing_assets()
    if missing:
        st.error(T("ASSETS_MISSING", files=", ".join(str(p) for p in missing)))
        return False
    return True


def url_state() -> views.ViewState:
    """The view state from the URL, without showing anything."""
    home = get_settings().home_region
    if home is None:  # unset: where the store's data are (one province's store opens at that province)
        from petakesos import indicators

        home = indicators.home_region(get_store())
    return views.ViewState.from_query(st.query_params.to_dict(), home=home)


def read_state() -> views.ViewState:
    """The view state from the URL (the page menu's links carry it, so every page shows the same view), with a
    warning naming the values that could not be used. Call it once per page run."""
    state = url_state()
    if state.ignored:
        st.warning(texts(state).URL_VALUES_IGNORED + " " + "; ".join(md_escape(text) for text in state.ignored))
    query = tuple(sorted(state.to_query().items()))
    if st.session_state.get(_LAST) != query:
        # A new view: new widget keys for the map and the table, so no stale click or selection is replayed.
        st.session_state[_LAST] = query
        st.session_state[_NAV] = st.session_state.get(_NAV, 0) + 1
    return state


def nav_counter() -> int:
    return int(st.session_state.get(_NAV, 0))


def navigate(state: views.ViewState) -> None:
    """Show another view: the URL changes (a browser history entry, so Back works) and the page reruns."""
    st.query_params.from_dict(state.to_query())
    st.rerun()


def remember_map(map_key: str, view: views.MapView) -> None:
    """What on_map_click needs to know about the map drawn under `map_key`."""
    st.session_state[_MAP] = (map_key, view.state, view.region.kode, frozenset(view.children["kode"]))


def on_map_click(map_key: str) -> None:
    """st_folium's on_change: a click on a region changes the URL before the rerun, so the new view is drawn in
    that same run (no second run of the page)."""
    ctx = st.session_state.get(_MAP)
    if not ctx or ctx[0] != map_key:
        return
    _, state, current, children = ctx
    target = views.clicked_child(st.session_state.get(map_key), current, set(children))
    if target:
        st.query_params.from_dict(state.go(target).to_query())


def on_row_select(table_key: str, codes: list[str], state: views.ViewState) -> None:
    """The ranking table's on_select: choosing a row drills into that region (URL changed before the rerun)."""
    event = st.session_state.get(table_key)
    rows = event.selection.rows if event is not None else []
    if rows and rows[0] < len(codes):
        st.query_params.from_dict(state.go(codes[rows[0]]).to_query())


def open_view() -> tuple[Store, views.IndicatorSource, views.MapView]:
    """The start of every map-based page: URL state → store → view, and the page menu for that view."""
    state = read_state()
    store = get_store()
    src = get_source(store)
    view = views.build_view(store, state, src)
    page_menu(view.state)
    return store, src, view


# Lists have one download button each (ours: CSV for Excel, with the DATA CONTOH line); the dataframe toolbar's
# own "Download as CSV" (raw values, comma-separated) is hidden. Static CSS, no data passes through it.
_HIDE_TABLE_DOWNLOAD = """<style>
[data-testid="stElementToolbarButton"]:has(button[aria-label="Download as CSV"]) { display: none !important; }
</style>"""


def page_menu(state: views.ViewState) -> None:
    """Links to the four pages that carry the current view in their URL, and the language switch."""
    T = texts(state)
    st.markdown(_HIDE_TABLE_DOWNLOAD, unsafe_allow_html=True)
    with st.sidebar:
        st.markdown(f"### {T.APP_TITLE}")
        st.caption(T.APP_SUBTITLE)
        for key, path in PAGE_FILES.items():
            st.page_link(path, label=T(f"PAGE_{key.upper()}"), query_params=state.to_query())
        codes = list(i18n.LANGUAGES)
        chosen = st.radio(T.LANGUAGE_LABEL, codes, index=codes.index(state.bahasa), format_func=i18n.LANGUAGES.get,
                          horizontal=True, key=f"pk-bahasa-{nav_counter()}")
        if chosen != state.bahasa:
            navigate(replace(state, bahasa=chosen))
    from pages import _auth

    _auth.account_box(_auth.current_user(), state.to_query())


def privacy_note(kode: str) -> None:
    """Say whether the values of region `kode` are the public or the exact (analyst) ones for this person."""
    from pages import _auth

    st.caption(_auth.view_note(_auth.viewer(), kode))


def demo_banner(is_demo: bool, T: i18n.Texts) -> None:
    if is_demo:
        st.warning(T.DEMO_BANNER, icon="⚠️")


def breadcrumb(crumbs: list, state: views.ViewState, page: str = "peta") -> None:
    """Indonesia › Provinsi › Kab/Kota › …, each crumb a button to that view (the last one is the current view).

    Buttons, not page links: a view change made by the script is pushed to the browser history, so Back works."""
    bar = st.container(horizontal=True, gap="small", vertical_alignment="center", key="pk-breadcrumb")
    for i, region in enumerate(crumbs):
        label = md_escape(region.nama)
        with bar:
            if i == len(crumbs) - 1:
                st.markdown(f"**{label}**", width="content")
            else:
                if st.button(label, key=f"pk-crumb-{page}-{region.kode or 'id'}", type="tertiary"):
                    navigate(state.go(region.kode))
                st.markdown("›", width="content")


def search_box(store: Store, state: views.ViewState, key: str = "cari") -> None:
    """Search regions by name or code at any level; choosing a result jumps there."""
    T = texts(state)
    text = st.text_input(T.SEARCH_LABEL, key=f"{key}-teks", help=T.SEARCH_HELP, placeholder=T.SEARCH_PLACEHOLDER)
    if not text.strip():
        return
    found = store.search(text, limit=25)
    if found.empty:
        st.caption(T.SEARCH_NONE)
        return
    parents = store.names([c for c in found["kode_induk"] if c])
    labels = {
        row.kode: f"{row.nama} — {T(f'TINGKAT.{row.tingkat}')} {row.kode}"
        + (f" ({parents[row.kode_induk]})" if row.kode_induk in parents else "")
        for row in found.itertuples(index=False)
    }
    for row in found.head(10).itertuples(index=False):
        if st.button(md_escape(labels[row.kode]), key=f"{key}-hasil-{row.kode}", type="tertiary"):
            navigate(state.go(row.kode))
    if len(found) > 10:
        st.caption(T("SEARCH_MORE", n=len(found) - 10))


def indicator_controls(view: views.MapView, with_classes: bool = True, with_year: bool = True) -> views.ViewState:
    """Sidebar controls: indicator (grouped, searchable), year (not on Tren, which has its two years),
    classification; returns the chosen state."""
    state = view.state
    T = texts(state)
    options = views.indicator_options(view.definitions, view.available, view.state.indikator)
    with st.sidebar:
        if options:
            ids = [o[0] for o in options]
            labels = dict(options)
            current = state.indikator if state.indikator in labels else ids[0]
            indikator = st.selectbox(T.INDICATOR_LABEL, ids, index=ids.index(current), format_func=labels.get)
        else:
            st.caption(T.NO_WELFARE)
            indikator = state.indikator
        if view.years and with_year:
            tahun = st.selectbox(T.YEAR_LABEL, view.years, index=view.years.index(view.tahun)
                                 if view.tahun in view.years else len(view.years) - 1)
        else:
            tahun = state.tahun
        new = replace(state, indikator=indikator, tahun=tahun)
        if with_classes:
            methods = views.method_options(state.bahasa)
            if indikator != views.COVERAGE:
                methods.pop("spm", None)
            keys = list(methods)
            metode = st.selectbox(T.METHOD_LABEL, keys, index=keys.index(state.metode) if state.metode in keys else 0,
                                  format_func=methods.get)
            kelas = st.slider(T.CLASSES_LABEL, 3, 7, state.kelas)
            palettes = list(PALETTES)
            palet = st.selectbox(T.PALETTE_LABEL, palettes, index=palettes.index(state.palet))
            batas_text = st.text_input(T.BREAKS_LABEL, ",".join(f"{b:g}" for b in state.batas),
                                       help=T.BREAKS_HELP)
            tetap = st.checkbox(T.FIXED_LABEL, state.tetap, help=T.FIXED_HELP)
            parsed = views.ViewState.from_query({"batas": batas_text.replace(" ", "")}).batas
            new = replace(new, metode=metode, kelas=kelas, palet=palet, batas=parsed, tetap=tetap)
    if new != state:
        navigate(new)
    return new


def legend(view: views.MapView) -> None:
    """Class colours, ranges and counts, 'tidak ada data' and zero as classes of their own (escaped HTML)."""
    rows = []
    for color, label, count in view.legend:
        rows.append(
            "<div style='display:flex;align-items:center;gap:.5em;margin:2px 0'>"
            f"<span style='display:inline-block;width:18px;height:14px;background:{html.escape(color)};"
            "border:1px solid #999'></span>"
            f"<span>{html.escape(label)}</span>"
            f"<span style='color:#666;margin-left:auto'>{html.escape(format_number(count))}</span></div>"
        )
    unit = i18n.unit_text(view.state.bahasa, view.definition.satuan)
    satuan = f" ({html.escape(unit)})" if unit else ""
    st.markdown(
        f"<div class='pk-legend'><b>{html.escape(view.definition.nama)}{satuan}</b>"
        f"<div style='color:#666;font-size:.85em'>{html.escape(_method_name(view))}"
        f"{'' if view.classification.method == 'change' else ', ' + html.escape(str(view.tahun or '–'))}</div>"
        f"{''.join(rows)}</div>",
        unsafe_allow_html=True,
    )


def offer_views(view: views.MapView) -> None:
    """The indicator has no values at this level: say so and offer the nearest useful views as buttons."""
    st.info(view.no_values)
    for i, offer in enumerate(view.offers):
        if st.button(offer.label, key=f"pk-offer-{i}-{nav_counter()}", type="primary" if i == 0 else "secondary"):
            navigate(offer.state)


def _method_name(view: views.MapView) -> str:
    return texts(view.state).get(f"METHOD.{view.classification.method}", view.classification.method)


def credits(T: i18n.Texts, view: views.MapView | None = None) -> None:
    """Data sources of the values shown (e.g. "BPS / Open Data Jawa Barat"), boundary and code-list credits."""
    data = T("DATA_SOURCES", sources="; ".join(view.sources)) + " " if view is not None and view.sources else ""
    st.caption(f"{i18n.md_escape(data)}{T.BOUNDARY_CREDIT}. {T.CODE_LIST_CREDIT}.")


def table(frame: pd.DataFrame, **kwargs) -> object:
    """A table on the page: numbers as Indonesian text (`95.664`, `64,9`), right-aligned."""
    shown = views.display_frame(frame)
    config = {c: st.column_config.TextColumn(alignment="right") for c in views.number_columns(frame)}
    return st.dataframe(shown, hide_index=True, width="stretch", column_config=config, **kwargs)


def dataframe_download(frame: pd.DataFrame, name: str, kode: str | None = None, *, T: i18n.Texts | None = None,
                       demo: bool = False) -> None:
    """The one download button of a list: CSV for Excel (petakesos.export.safe); named ANALIS_… when it holds
    exact values of region `kode`."""
    from pages import _auth

    T = T or i18n.texts()
    if kode is not None:
        name = _auth.access.export_name(_auth.viewer(), kode, name)
    st.download_button(T.DOWNLOAD_CSV, csv_bytes(frame, lang=T.lang, demo=demo), file_name=name, mime="text/csv",
                       help=T.DOWNLOAD_CSV_HELP, key=f"unduh-{name}")


EXPORT_CHOICES = {
    "screen": ("png", "screen", "landscape"),
    "a4_landscape": ("png", "A4", "landscape"),
    "a4_portrait": ("png", "A4", "portrait"),
    "a3_landscape": ("png", "A3", "landscape"),
    "pdf": ("pdf", "A4", "landscape"),
    "svg": ("svg", "A4", "landscape"),
}
_MIME = {"png": "image/png", "pdf": "application/pdf", "svg": "image/svg+xml", "csv": "text/csv",
         "xlsx": "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"}


def export_panel(store: Store, view: views.MapView) -> None:
    """Server-rendered map image and table of the current view: the public version (small sensitive values hidden),
    or for an analyst within their region the exact version, marked as such on the file and in its name."""
    from pages import _auth
    from petakesos.export import export_table, render_map
    from petakesos.export.naming import map_file_name, table_file_name
    from petakesos.privacy.legend import public_classification_options

    if view.tahun is None:
        return
    T = texts(view.state)
    who = _auth.viewer()
    public = _auth.access.public_export(who, view.map_region.kode)
    with st.expander(T.EXPORT_TITLE if public else T.ANALYST_EXPORT_TITLE):
        st.caption(T.EXPORT_HINT if public else T.ANALYST_EXPORT_HINT)
        choice = st.selectbox(T.EXPORT_FORMAT, list(EXPORT_CHOICES), key=f"ekspor-format-{nav_counter()}",
                              format_func=lambda c: T(f"EXPORT.{c}"))
        title = st.text_input(T.EXPORT_CUSTOM_TITLE, key=f"ekspor-judul-{nav_counter()}")
        fmt, paper, orientation = EXPORT_CHOICES[choice]
        name = map_file_name(view.state.indikator, view.map_region.kode, view.tahun, fmt, paper=paper,
                             orientation=orientation, public=public)
        if st.button(T.EXPORT_MAKE_MAP, key=f"ekspor-buat-{nav_counter()}"):
            with st.spinner(T.EXPORT_DRAWING):
                # The public map is classified from public values only (the analyst view's class bounds could be
                # the exact hidden values): same method, number of classes and manual breaks as on screen.
                image = render_map(store, view.map_region.kode, view.state.indikator, view.tahun, fmt=fmt, paper=paper,
                                   orientation=orientation, title=title or None, public=public, lang=T.lang,
                                   classification=view.classification,  # used on the analyst map only
                                   **public_classification_options(view.classification, view.state))
            st.download_button(T("EXPORT_DOWNLOAD", fmt=fmt.upper()), image, file_name=name, mime=_MIME[fmt])
        cols = st.columns(2)
        for col, table_fmt in zip(cols, ("xlsx", "csv"), strict=True):
            if col.button(T("EXPORT_MAKE_TABLE", fmt=table_fmt.upper()), key=f"ekspor-tabel-{table_fmt}-{nav_counter()}"):
                data = export_table(store, view.map_region.kode, view.tahun, fmt=table_fmt, public=public,
                                    lang=T.lang)
                col.download_button(T("EXPORT_DOWNLOAD", fmt=table_fmt.upper()), data, mime=_MIME[table_fmt],
                                    file_name=table_file_name(view.map_region.kode, view.tahun, table_fmt, public=public))

"""Kelola data (/admin): data administration for operators and admins.

Upload a CSV/XLSX → dry run (report table, counts, CSV download) → "Impor"; templates pre-filled with the operator's
region; the upload history; for admins, undoing a batch. The access check runs before anything is drawn.
The logic is in etl/upload.py (the same importer as `python -m etl welfare`) and petakesos.auth.
"""

from __future__ import annotations

import tempfile
from pathlib import Path

import streamlit as st

from etl import upload
from pages import _auth
from pages import _shared as ui
from petakesos import reference
from petakesos._errors import PetaKesosError
from petakesos.auth import roles
from petakesos.numbers import format_number
from petakesos.settings import get_settings

A = _auth.texts()
who = _auth.gate(roles.UPLOAD)  # the public and analysts stop here: no upload control is ever drawn for them
settings = get_settings()
accounts = _auth.accounts()
ui.page_menu(ui.read_state())
_CHECKED = "pk_admin_checked"
_FLASH = "pk_admin_flash"  # a result shown after the rerun that redraws the history with the change


def flash(kind: str, text: str) -> None:
    st.session_state[_FLASH] = (kind, text)
    st.rerun()


def show_error(exc: PetaKesosError) -> None:
    owner = getattr(exc, "owner", None)  # the store's writer lock (StoreBusy) names who holds it
    if owner is not None:
        st.error(A.LOCKED.format(who=owner.get("command") or owner.get("pid") or A.LOCKED_OTHER, detail=exc))
    else:
        st.error(f"{exc.title}: {exc}")


st.markdown(f"## {A.ADMIN_TITLE}")
st.caption(f"{A.SIGNED_IN_AS} {_auth.who_label(who)}. " + (A.UPLOAD_HINT_ADMIN if who.peran == roles.ADMIN
                                                  else A.UPLOAD_HINT.format(wilayah=who.wilayah)))
if _FLASH in st.session_state:
    kind, message = st.session_state.pop(_FLASH)
    getattr(st, kind)(message)

# ---- templates ------------------------------------------------------------------------------------------------
with st.expander(A.TEMPLATES_TITLE):
    region = who.wilayah if who.peran == roles.OPERATOR else st.text_input(A.TEMPLATE_REGION, who.wilayah or "")
    tahun_templat = st.number_input(A.TEMPLATE_YEAR, 2000, 2100, value=2025, step=1, key="pk-templat-tahun")
    if region and st.button(A.TEMPLATE_MAKE, key="pk-templat-buat"):
        try:
            from etl.commands.template import write_templates

            code_list = reference.read_code_list(settings.data_dir)
            with tempfile.TemporaryDirectory() as tmp:
                files, n_desa = write_templates(code_list, region, int(tahun_templat), Path(tmp), settings.data_dir)
                st.caption(A("TEMPLATE_DESA", n=format_number(n_desa), region=region))
                for path in files:
                    st.download_button(A("DOWNLOAD_FILE", name=path.name), path.read_bytes(), file_name=path.name,
                                       key=f"pk-templat-{path.name}")
        except PetaKesosError as exc:
            show_error(exc)

# ---- upload: dry run, then import ---------------------------------------------------------------------------------
st.markdown(f"#### {A.UPLOAD_TITLE}")
uploaded = st.file_uploader(A.UPLOAD_LABEL, type=["csv", "xlsx"], key="pk-unggah",
                            max_upload_size=settings.upload_max_mb)
c1, c2 = st.columns(2)
source_label = c1.text_input(A.SOURCE_LABEL, help=A.SOURCE_HELP, key="pk-unggah-sumber")
tahun_text = c2.text_input(A.UPLOAD_YEAR, help=A.YEAR_HELP, key="pk-unggah-tahun")
tahun = int(tahun_text) if tahun_text.strip().isdigit() else None

if uploaded is not None:
    data = uploaded.getvalue()
    digest = upload.sha256(data)
    options = {"source_label": source_label or None, "tahun": tahun}
    try:
        upload.check_upload(uploaded.name, len(data), settings)
        if st.button(A.CHECK_BUTTON, type="primary", key="pk-uji"):
            with tempfile.TemporaryDirectory() as tmp, st.spinner(A.CHECKING):
                path = upload.save_upload(uploaded.name, data, Path(tmp))
                result = upload.dry_run(path, who=who, accounts=accounts, db_path=settings.db_path, **options)
            st.session_state[_CHECKED] = (digest, options, result)
    except PetaKesosError as exc:
        show_error(exc)

    checked = st.session_state.get(_CHECKED)
    if checked and checked[0] == digest:
        _, checked_options, result = checked
        report = result.report
        st.markdown(f"#### {A.REPORT_TITLE}: {uploaded.name}")
        m = st.columns(5)
        m[0].metric(A.COUNT_NEW, format_number(result.status["baru"]))
        m[1].metric(A.COUNT_CHANGED, format_number(result.status["ubah"]))
        m[2].metric(A.COUNT_SAME, format_number(result.status["sama"]))
        m[3].metric(A.COUNT_IGNORED, format_number(result.ignored_rows))
        m[4].metric(A.COUNT_ERRORS, format_number(len(report.errors)))
        for note in report.notes:
            st.caption(note)
        problems = report.to_frame()
        if not problems.empty:
            st.dataframe(_auth.readable(problems), hide_index=True, width="stretch", key="pk-laporan")
            st.download_button(A.REPORT_DOWNLOAD, problems.to_csv(index=False).encode("utf-8"),
                               file_name=f"laporan_{Path(uploaded.name).stem}.csv", mime="text/csv",
                               key="pk-laporan-unduh")
        if result.stopped or report.has_errors():
            st.error(A.NOTHING_TO_IMPORT)
        elif checked_options != options:
            st.info(A.OPTIONS_CHANGED)
        else:
            st.success(A.READY)
            if st.button(A.IMPORT_BUTTON, type="primary", key="pk-impor"):
                try:
                    with tempfile.TemporaryDirectory() as tmp, st.spinner(A.IMPORTING):
                        path = upload.save_upload(uploaded.name, data, Path(tmp))
                        done = upload.import_upload(path, who=who, accounts=accounts, db_path=settings.db_path,
                                                    **options)
                    st.session_state.pop(_CHECKED, None)
                    if done.stopped:
                        st.error(A.NOTHING_TO_IMPORT)
                        st.dataframe(_auth.readable(done.report.to_frame()), hide_index=True, width="stretch")
                    elif done.written:
                        flash("success", A.IMPORTED.format(summary=done.summary()))
                    else:
                        flash("info", A.UNCHANGED)
                except PetaKesosError as exc:
                    show_error(exc)

# ---- history and undo ---------------------------------------------------------------------------------------------
st.markdown(f"#### {A.HISTORY_TITLE}")
history = accounts.imports(settings.db_path)
if who.peran != roles.ADMIN:
    history = history[history["pelaku"] == who.nama]
if history.empty:
    st.caption(A.NO_UPLOADS)
else:
    st.dataframe(_auth.readable(history.drop(columns=["id"])), hide_index=True, width="stretch", key="pk-riwayat")
if roles.may(who, roles.UNDO) and not history.empty:
    st.markdown(f"#### {A.UNDO_TITLE}")
    open_batches = history[history["dibatalkan_oleh"].isna()]
    if open_batches.empty:
        st.caption(A.NOTHING_TO_UNDO)
    else:
        labels = {int(r.batch_id): f"batch {r.batch_id}: {r.file} ({r.pelaku}, {r.waktu})"
                  for r in open_batches.itertuples(index=False)}
        batch = st.selectbox(A.BATCH_LABEL, list(labels), format_func=labels.get, key="pk-batal-pilih")
        if st.button(A.UNDO_BUTTON, key="pk-batal"):
            try:
                upload.undo(int(batch), who=who, accounts=accounts, db_path=settings.db_path)
                flash("success", A.UNDONE.format(batch=batch))
            except PetaKesosError as exc:
                show_error(exc)

"""Uploads from the data administration page: the same importer as `python -m etl welfare`, with the uploader's
role and region checked, the upload history and the audit log kept in the accounts file.

Steps: `check_upload` (type, size) → `dry_run` (report, nothing written) → `import_upload` (atomic import, history)
; an admin may `undo` a batch. The page only wires widgets to these functions.
"""

from __future__ import annotations

import hashlib
import re
from pathlib import Path

from etl.welfare import WelfareImportResult, import_welfare
from etl.welfare.undo import undo_batch
from petakesos._errors import UploadRejected
from petakesos.auth import roles
from petakesos.auth.accounts import Accounts
from petakesos.auth.roles import Principal
from petakesos.settings import Settings, get_settings

SUFFIXES = (".csv", ".xlsx")


def check_upload(name: str, size: int, settings: Settings | None = None) -> None:
    """Refuse a file by its type or size before reading it (the message names the file and the limit)."""
    settings = settings or get_settings()
    if Path(name).suffix.lower() not in SUFFIXES:
        raise UploadRejected(f"{name}: jenis berkas tidak diterima; unggah CSV atau XLSX (templat tersedia di halaman "
                             "ini)")
    limit = settings.upload_max_mb * 1024 * 1024
    if size > limit:
        raise UploadRejected(f"{name}: {size / 1024 / 1024:.1f} MB, lebih dari batas {settings.upload_max_mb} MB "
                             "(PETAKESOS_UPLOAD_MAX_MB); bagi berkas per kabupaten/kota")
    if size == 0:
        raise UploadRejected(f"{name}: berkas kosong")


def save_upload(name: str, data: bytes, folder: Path) -> Path:
    """Write the uploaded bytes under their own (sanitised) name, so the report names the user's file."""
    safe = re.sub(r"[^A-Za-z0-9._ -]", "_", Path(name).name).strip() or "unggahan.csv"
    folder.mkdir(parents=True, exist_ok=True)
    path = folder / safe
    path.write_bytes(data)
    return path


def sha256(data: bytes) -> str:
    return hashlib.sha256(data).hexdigest()


def _run(path: Path, who: Principal, db_path: Path, dry_run: bool, **options) -> WelfareImportResult:
    scope = roles.upload_scope(who)  # AccessDenied for the public and analysts
    return import_welfare([path], db_path=db_path, dry_run=dry_run, scope=scope, **options)


def dry_run(path: Path, *, who: Principal, accounts: Accounts, db_path: Path, source_label: str | None = None,
            tahun: int | None = None, sheet: str | None = None) -> WelfareImportResult:
    """Check an uploaded file as the importer would import it; nothing is written to the store."""
    result = _run(path, who, db_path, True, source_label=source_label or None, tahun=tahun, sheet=sheet or None)
    errors = len(result.report.errors)
    accounts.audit(who.nama, "unggah", path.name, f"uji coba: {errors} kesalahan; {result.summary()}")
    return result


def import_upload(path: Path, *, who: Principal, accounts: Accounts, db_path: Path, source_label: str | None = None,
                  tahun: int | None = None, sheet: str | None = None) -> WelfareImportResult:
    """Import an uploaded file (all or nothing) and record each written batch in the upload history."""
    result = _run(path, who, db_path, False, source_label=source_label or None, tahun=tahun, sheet=sheet or None)
    if result.stopped:
        accounts.audit(who.nama, "impor_ditolak", path.name, f"{len(result.report.errors)} kesalahan")
    for entry in result.files:
        if "batch" in entry:
            accounts.record_import(who.nama, file=entry["file"], sha256=entry["sha256"], batch_id=int(entry["batch"]),
                                   store=db_path, baru=entry["baru"], ubah=entry["ubah"], sama=entry["sama"],
                                   diabaikan=entry["diabaikan"])
    if result.written is False and not result.stopped:
        accounts.audit(who.nama, "impor", path.name, "tidak ada perubahan: " + result.summary())
    return result


def undo(batch_id: int, *, who: Principal, accounts: Accounts, db_path: Path) -> int:
    """Admin only: undo batch `batch_id` (previous values return; history kept in the store and the accounts)."""
    roles.require(who, roles.UNDO)
    found = accounts.import_of_batch(db_path, batch_id)
    if found is None:
        raise UploadRejected(f"batch {batch_id} tidak ada di riwayat unggahan basis data ini",
                             title="Impor tidak dapat dibatalkan")
    history_id, file, file_hash, undone_by = found
    if undone_by:
        raise UploadRejected(f"batch {batch_id} ({file}) sudah dibatalkan oleh {undone_by}",
                             title="Impor tidak dapat dibatalkan")
    rows = undo_batch(batch_id, db_path=db_path, expected_sha256=file_hash, by=who.nama)
    accounts.mark_undone(history_id, who.nama, f"batch {batch_id} ({file}): {rows} baris kembali ke nilai sebelumnya")
    return rows

"""The accounts file: users, sessions, the audit log and the upload history (SQLite, setting PETAKESOS_USERS).

Sessions: `sign_in` returns a random token (kept by the caller, e.g. in the Streamlit session); only its sha256 is
stored. A session ends after `session_idle_minutes` without activity, `session_max_hours` after sign-in, on
sign-out, or when the user is removed or their password changes. After `lockout_failures` failed sign-ins in a row
the account is locked for `lockout_minutes`. Every sign-in, failure, lock, sign-out and user change is audited.
"""

from __future__ import annotations

import contextlib
import datetime as dt
import hashlib
import secrets
import sqlite3
from collections.abc import Callable, Container, Iterator
from pathlib import Path

import pandas as pd

from petakesos._errors import AccountsUnavailable, AuthError, UserError
from petakesos.auth import passwords, roles
from petakesos.auth.roles import Principal
from petakesos.settings import Settings, get_settings
from petakesos.sql import auth as q

Clock = Callable[[], dt.datetime]
WRONG = "Nama pengguna atau kata sandi salah."
TOUCH_EVERY = dt.timedelta(minutes=1)


def _utc_now() -> dt.datetime:
    return dt.datetime.now(dt.UTC)


def _iso(moment: dt.datetime) -> str:
    return moment.astimezone(dt.UTC).isoformat(timespec="seconds")


def _parse(text: str | None) -> dt.datetime | None:
    return dt.datetime.fromisoformat(text) if text else None


def _token_hash(token: str) -> str:
    return hashlib.sha256(token.encode("utf-8")).hexdigest()


NAME_CHARS = "._-@"
NAME_MAX = 64


def check_name(nama: str) -> str:
    """A user name: 1–64 ASCII letters, digits and . _ - @ (ASCII only, so no name can look like another one
    written with look-alike letters of another script, e.g. a Cyrillic "а" in "admin")."""
    nama = (nama or "").strip()
    if not nama or len(nama) > NAME_MAX or not all((ch.isascii() and ch.isalnum()) or ch in NAME_CHARS for ch in nama):
        raise UserError(f"nama pengguna {_shown(nama)} tidak valid: 1–{NAME_MAX} huruf latin (a–z), angka, titik, "
                        "garis bawah, - atau @")
    return nama


def _fingerprint(text: str) -> str:
    """8 hex digits of a sha256 of a typed name (audit rows of unknown names; the text itself is not kept)."""
    return hashlib.sha256(text.strip().lower().encode("utf-8", "replace")).hexdigest()[:8]


def _shown(nama: str) -> str:
    """A typed name as it may appear in a message or the audit log: quoted, control characters escaped, short."""
    return repr(nama[:NAME_MAX]) + ("…" if len(nama) > NAME_MAX else "")


def region_codes(settings: Settings | None = None) -> frozenset[str] | None:
    """Every official region code (the reference code list), to check the scope given to a user; None when the
    reference data is not installed (the scope is then only checked for its form)."""
    from petakesos import reference
    from petakesos._errors import PetaKesosError

    try:
        return frozenset(reference.read_code_list((settings or get_settings()).data_dir)["kode"])
    except (PetaKesosError, OSError):
        return None


class Accounts:
    """Users, sessions, audit log and upload history in one SQLite file; safe across processes (SQLite locks)."""

    def __init__(self, path: Path | None = None, *, settings: Settings | None = None, clock: Clock = _utc_now):
        self.settings = settings or get_settings()
        self.path = Path(path or self.settings.users_db)
        self.clock = clock
        try:
            self.path.parent.mkdir(parents=True, exist_ok=True)
            with self._db() as con:
                for statement in q.SCHEMA:
                    con.execute(statement)
        except (OSError, sqlite3.Error) as exc:
            raise AccountsUnavailable(
                f"{self.path}: {exc}. Atur PETAKESOS_USERS ke berkas yang dapat ditulis (mis. data/pengguna.sqlite)."
            ) from None

    @contextlib.contextmanager
    def _db(self) -> Iterator[sqlite3.Connection]:
        con = sqlite3.connect(self.path, timeout=15)
        try:
            con.execute("PRAGMA foreign_keys = ON")
            with con:  # one transaction: committed on success, rolled back on error
                yield con
        finally:
            con.close()

    # ---- audit -----------------------------------------------------------------------------------------------
    def audit(self, pelaku: str, aksi: str, sasaran: str = "", rincian: str = "", con: sqlite3.Connection | None = None
              ) -> None:
        row = [_iso(self.clock()), pelaku, aksi, sasaran, rincian]
        if con is not None:
            con.execute(q.INSERT_AUDIT, row)
            return
        with self._db() as own:
            own.execute(q.INSERT_AUDIT, row)

    def audit_log(self, limit: int = 500) -> pd.DataFrame:
        with self._db() as con:
            rows = con.execute(q.AUDIT_LOG, [limit]).fetchall()
        return pd.DataFrame(rows, columns=["id", "waktu", "pelaku", "aksi", "sasaran", "rincian"])

    # ---- users -----------------------------------------------------------------------------------------------
    def add_user(self, nama: str, peran: str, wilayah: str | None, password: str, *, by: str,
                 known_regions: Container[str] | None = None) -> Principal:
        """`known_regions` (see `region_codes`) refuses a scope that names no region."""
        nama = check_name(nama)
        peran = roles.check_role(peran)
        scope = roles.check_scope(wilayah, peran, known_regions)
        hashed = passwords.hash_password(password)
        now = _iso(self.clock())
        with self._db() as con:
            same = con.execute(q.USER_NAME, [nama]).fetchone()
            if same:
                raise UserError(f"pengguna {same[0]!r} sudah ada (nama tidak membedakan huruf besar/kecil): pilih nama "
                                "lain, atau ubah kata sandinya")
            con.execute(q.INSERT_USER, [nama, peran, scope, hashed, now, now])
            self.audit(by, "pengguna_tambah", nama, f"peran {peran}, wilayah {scope or 'Indonesia'}", con)
        return Principal(nama, peran, scope)

    @staticmethod
    def _existing(con: sqlite3.Connection, nama: str) -> tuple:
        """The stored row (nama as stored, peran, …) of the user typed as `nama` (any case), or UserError."""
        found = con.execute(q.USER_FOR_SIGN_IN, [(nama or "").strip()]).fetchone()
        if not found:
            raise UserError(f"pengguna {_shown(nama or '')} tidak ada (lihat daftar: python -m etl user list)")
        return found

    def remove_user(self, nama: str, *, by: str) -> None:
        with self._db() as con:
            found = self._existing(con, nama)
            nama = found[0]
            if found[1] == roles.ADMIN and con.execute(q.COUNT_ADMINS).fetchone()[0] <= 1:
                raise UserError(f"{nama!r} adalah admin terakhir: tambahkan admin lain dulu")
            con.execute(q.DELETE_USER_SESSIONS, [nama])
            con.execute(q.DELETE_USER, [nama])
            self.audit(by, "pengguna_hapus", nama, "", con)

    def set_password(self, nama: str, password: str, *, by: str) -> None:
        """New password; also unlocks the account and ends its sessions."""
        hashed = passwords.hash_password(password)
        with self._db() as con:
            nama = self._existing(con, nama)[0]
            con.execute(q.SET_PASSWORD, [hashed, _iso(self.clock()), nama])
            con.execute(q.DELETE_USER_SESSIONS, [nama])
            self.audit(by, "pengguna_sandi", nama, "kata sandi diganti; sesi diakhiri", con)

    def set_role(self, nama: str, peran: str, wilayah: str | None, *, by: str,
                 known_regions: Container[str] | None = None) -> None:
        peran = roles.check_role(peran)
        scope = roles.check_scope(wilayah, peran, known_regions)
        with self._db() as con:
            found = self._existing(con, nama)
            nama = found[0]
            if found[1] == roles.ADMIN and peran != roles.ADMIN and con.execute(q.COUNT_ADMINS).fetchone()[0] <= 1:
                raise UserError(f"{nama!r} adalah admin terakhir: tambahkan admin lain dulu")
            con.execute(q.SET_ROLE, [peran, scope, _iso(self.clock()), nama])
            self.audit(by, "pengguna_peran", nama, f"peran {peran}, wilayah {scope or 'Indonesia'}", con)

    def users(self) -> pd.DataFrame:
        """Every user without the password hash: nama, peran, wilayah, dibuat, diubah, gagal, terkunci_sampai."""
        with self._db() as con:
            rows = con.execute(q.LIST_USERS).fetchall()
        return pd.DataFrame(rows, columns=["nama", "peran", "wilayah", "dibuat", "diubah", "gagal", "terkunci_sampai"])

    # ---- sign-in and sessions -----------------------------------------------------------------------------------
    def sign_in(self, nama: str, password: str) -> tuple[str, Principal]:
        """(session token, principal) or AuthError; failures count toward the lock-out and are audited.

        The name is found without regard to case or surrounding spaces, so "Budi", "budi " and "BUDI" share one
        failure count and lock; a name that cannot be a user name is an unknown name (it still costs one hash
        check). An unknown name is audited as a fingerprint, never as typed (it is often a password)."""
        now = self.clock()
        refused: str | None = None  # raised after the block, so the failure count and audit rows are committed
        try:
            typed = check_name(nama)
        except UserError:
            typed = None
        with self._db() as con:
            found = con.execute(q.USER_FOR_SIGN_IN, [typed]).fetchone() if typed else None
            ok = passwords.verify(found[3] if found else None, password or "")
            if found is None:
                # Not the typed text: people type their password into the name field. A short fingerprint still
                # shows repeated attempts with one name.
                shown = f"? {_fingerprint(nama or '')}"
                self.audit(shown, "masuk_gagal", shown, "nama tidak dikenal (tidak dicatat)", con)
                refused = WRONG
            else:
                nama, peran, wilayah, hashed, gagal, locked = found
                until = _parse(locked)
                if until is not None and until > now:
                    self.audit(nama, "masuk_gagal", nama, "akun terkunci", con)
                    refused = (f"Akun terkunci karena terlalu banyak percobaan gagal; coba lagi setelah "
                               f"{until.astimezone(dt.UTC):%H:%M} UTC, atau minta admin mengganti kata sandi.")
                elif not ok:
                    failures = gagal + 1
                    lock = None
                    if failures >= self.settings.lockout_failures:
                        lock = _iso(now + dt.timedelta(minutes=self.settings.lockout_minutes))
                    con.execute(q.FAILED, [lock, nama])
                    self.audit(nama, "masuk_gagal", nama, f"kata sandi salah ({failures}×)", con)
                    if lock:
                        self.audit(nama, "terkunci", nama, f"sampai {lock}", con)
                    refused = WRONG
                else:
                    con.execute(q.SUCCEEDED, [nama])
                    if passwords.needs_rehash(hashed):
                        con.execute(q.REHASH, [passwords.hash_password(password), nama])
                    token = secrets.token_urlsafe(32)
                    con.execute(q.INSERT_SESSION, [_token_hash(token), nama, _iso(now), _iso(now)])
                    self.audit(nama, "masuk", nama, "", con)
        if refused:
            raise AuthError(refused)
        return token, Principal(nama, peran, wilayah)

    def session(self, token: str | None) -> Principal | None:
        """The principal of a live session (its idle time restarts), or None: unknown, signed out or expired."""
        if not token:
            return None
        now = self.clock()
        key = _token_hash(token)
        with self._db() as con:
            found = con.execute(q.SESSION, [key]).fetchone()
            if found is None:
                return None
            nama, peran, wilayah, started, last = found
            idle = dt.timedelta(minutes=self.settings.session_idle_minutes)
            longest = dt.timedelta(hours=self.settings.session_max_hours)
            if now - _parse(last) > idle or now - _parse(started) > longest:
                con.execute(q.DELETE_SESSION, [key])
                self.audit(nama, "sesi_berakhir", nama, "", con)
                return None
            if now - _parse(last) >= TOUCH_EVERY:  # a page run asks several times: write at most once a minute
                con.execute(q.TOUCH_SESSION, [_iso(now), key])
                con.execute(q.DELETE_OLD_SESSIONS, [_iso(now - idle), _iso(now - longest)])
        return Principal(nama, peran, wilayah)

    def sign_out(self, token: str | None) -> None:
        if not token:
            return
        with self._db() as con:
            found = con.execute(q.SESSION, [_token_hash(token)]).fetchone()
            con.execute(q.DELETE_SESSION, [_token_hash(token)])
            if found:
                self.audit(found[0], "keluar", found[0], "", con)

    # ---- upload history ---------------------------------------------------------------------------------------
    def record_import(self, pelaku: str, *, file: str, sha256: str, batch_id: int, store: Path, baru: int, ubah: int,
                      sama: int, diabaikan: int) -> None:
        with self._db() as con:
            con.execute(q.INSERT_IMPORT, [_iso(self.clock()), pelaku, file, sha256, batch_id, str(Path(store).resolve()),
                                          baru, ubah, sama, diabaikan])
            self.audit(pelaku, "impor", file, f"batch {batch_id}, sha256 {sha256[:12]}…, baru {baru}, ubah {ubah}, "
                       f"sama {sama}, diabaikan {diabaikan}", con)

    def imports(self, store: Path) -> pd.DataFrame:
        with self._db() as con:
            rows = con.execute(q.IMPORTS, [str(Path(store).resolve())]).fetchall()
        return pd.DataFrame(rows, columns=["id", "waktu", "pelaku", "file", "sha256", "batch_id", "baru", "ubah",
                                           "sama", "diabaikan", "dibatalkan_oleh", "dibatalkan_waktu"])

    def import_of_batch(self, store: Path, batch_id: int) -> tuple | None:
        """(history id, file, sha256, undone by) of the latest upload that wrote `batch_id` to `store`."""
        with self._db() as con:
            return con.execute(q.IMPORT_BY_BATCH, [str(Path(store).resolve()), batch_id]).fetchone()

    def mark_undone(self, history_id: int, pelaku: str, detail: str) -> None:
        with self._db() as con:
            con.execute(q.MARK_UNDONE, [pelaku, _iso(self.clock()), history_id])
            self.audit(pelaku, "batal_impor", str(history_id), detail, con)

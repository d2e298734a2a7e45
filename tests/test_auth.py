"""Who may see and change what: role and scope rules, accounts (argon2 hashes, sessions that expire, lock-out,
sign-out, audit), the indicator source per person, and uploads/undo through the real importer and store."""

from __future__ import annotations

import datetime as dt
import io
import sqlite3
from pathlib import Path

import duckdb
import pandas as pd
import pytest

from petakesos._errors import AccessDenied, AuthError, PetaKesosError, UploadRejected, UserError
from petakesos.auth import access, roles
from petakesos.auth.accounts import Accounts
from petakesos.auth.roles import ANONYMOUS, Principal

ANALIS_KOTA = Principal("ana", "analis", "33.71")
ANALIS_PROV = Principal("pro", "analis", "33")
OPERATOR = Principal("opi", "operator", "33.71")
ADMIN = Principal("adi", "admin", "")
PASSWORD = "sandi-rahasia-1"


# ---- rules -----------------------------------------------------------------------------------------------------
@pytest.mark.parametrize(("scope", "kode", "inside"), [
    ("33.71", "33.71", True), ("33.71", "33.71.01", True), ("33.71", "33.71.01.1003", True),
    ("33.71", "33", False), ("33.71", "33.72", False), ("33.71", "33.710", False), ("33.71", "", False),
    ("33", "33.71.01", True), ("33", "34", False), ("", "34.71", True), ("", "", True),
])
def test_scope_is_the_region_and_everything_below(scope: str, kode: str, inside: bool) -> None:
    assert roles.in_scope(scope, kode) is inside


def test_who_sees_exact_values_where() -> None:
    assert not roles.sees_exact(ANONYMOUS, "33.71.01")
    assert roles.sees_exact(ANALIS_KOTA, "33.71") and roles.sees_exact(ANALIS_KOTA, "33.71.01")
    assert not roles.sees_exact(ANALIS_KOTA, "33") and not roles.sees_exact(ANALIS_KOTA, "34.71")
    assert roles.sees_exact(ANALIS_PROV, "33.72.01") and not roles.sees_exact(ANALIS_PROV, "")
    assert roles.sees_exact(OPERATOR, "33.71.01") and not roles.sees_exact(OPERATOR, "33.72")
    assert roles.sees_exact(ADMIN, "") and roles.sees_exact(ADMIN, "91.01")


def test_who_may_do_what() -> None:
    for action in (roles.UPLOAD, roles.UNDO, roles.MANAGE_USERS, roles.AUDIT):
        with pytest.raises(AccessDenied, match="belum masuk"):
            roles.require(ANONYMOUS, action)
        with pytest.raises(AccessDenied, match="Analis"):
            roles.require(ANALIS_KOTA, action)
        roles.require(ADMIN, action)
    roles.require(OPERATOR, roles.UPLOAD)
    for action in (roles.UNDO, roles.MANAGE_USERS, roles.AUDIT):
        with pytest.raises(AccessDenied, match="Hanya admin"):
            roles.require(OPERATOR, action)
    assert roles.upload_scope(OPERATOR) == "33.71" and roles.upload_scope(ADMIN) is None
    assert roles.outside_scope("33.71", ["33.71.01.1003", "34.71.01.1001", "33.72", "34.71.01.1001"]) == [
        "34.71.01.1001", "33.72"]
    assert roles.outside_scope(None, ["34"]) == []


def test_roles_and_scopes_are_checked() -> None:
    assert roles.check_role(" Operator ") == "operator"
    with pytest.raises(UserError, match="peran 'publik'"):
        roles.check_role("publik")
    assert roles.check_scope("3371", "analis") == "33.71"
    assert roles.check_scope("indonesia", "analis") == "" and roles.check_scope("33", "admin") == ""
    with pytest.raises(UserError, match="operator memerlukan wilayah"):
        roles.check_scope("", "operator")
    with pytest.raises(UserError, match="wilayah 'x7'"):
        roles.check_scope("x7", "analis")


# ---- accounts ----------------------------------------------------------------------------------------------------
class Clock:
    def __init__(self) -> None:
        self.now = dt.datetime(2026, 1, 5, 8, 0, tzinfo=dt.UTC)

    def __call__(self) -> dt.datetime:
        return self.now

    def advance(self, **delta: float) -> None:
        self.now += dt.timedelta(**delta)


@pytest.fixture()
def clock() -> Clock:
    return Clock()


@pytest.fixture()
def accounts(tmp_path: Path, clock: Clock, monkeypatch: pytest.MonkeyPatch) -> Accounts:
    monkeypatch.setenv("PETAKESOS_DB", str(tmp_path / "store.duckdb"))
    monkeypatch.setenv("PETAKESOS_LOCKOUT_FAILURES", "3")
    monkeypatch.setenv("PETAKESOS_LOCKOUT_MINUTES", "10")
    monkeypatch.setenv("PETAKESOS_SESSION_MINUTES", "30")
    monkeypatch.setenv("PETAKESOS_SESSION_MAX_HOURS", "8")
    monkeypatch.delenv("PETAKESOS_USERS", raising=False)
    acc = Accounts(clock=clock)
    acc.add_user("adi", "admin", "", PASSWORD, by="test")
    acc.add_user("ana", "analis", "33.71", PASSWORD, by="adi")
    return acc


def test_accounts_live_beside_the_store_and_hashes_are_argon2(accounts: Accounts, tmp_path: Path) -> None:
    assert accounts.path == tmp_path / "store.pengguna.sqlite"
    with sqlite3.connect(accounts.path) as con:
        stored = dict(con.execute("SELECT nama, hash FROM pengguna").fetchall())
    assert all(h.startswith("$argon2id$") and PASSWORD not in h for h in stored.values())
    listed = accounts.users()
    assert "hash" not in listed.columns and list(listed["nama"]) == ["adi", "ana"]
    text = listed.to_csv() + accounts.audit_log().to_csv()
    assert not any(h in text or h[-20:] in text for h in stored.values()) and PASSWORD not in text


def test_an_unwritable_accounts_file_is_a_clear_error(tmp_path: Path) -> None:
    from petakesos._errors import AccountsUnavailable

    blocker = tmp_path / "not-a-folder"
    blocker.write_text("x")
    with pytest.raises(AccountsUnavailable, match="PETAKESOS_USERS"):
        Accounts(blocker / "pengguna.sqlite")


def test_sign_in_session_and_sign_out(accounts: Accounts, clock: Clock) -> None:
    token, who = accounts.sign_in("ana", PASSWORD)
    assert who == ANALIS_KOTA and accounts.session(token) == ANALIS_KOTA
    assert accounts.session("made-up-token") is None and accounts.session(None) is None
    accounts.sign_out(token)
    assert accounts.session(token) is None
    actions = list(accounts.audit_log()["aksi"])
    assert actions[:2] == ["keluar", "masuk"]


def test_sessions_expire_when_idle_and_after_the_longest_time(accounts: Accounts, clock: Clock) -> None:
    token, _ = accounts.sign_in("ana", PASSWORD)
    clock.advance(minutes=29)
    assert accounts.session(token) is not None  # activity restarts the idle time
    clock.advance(minutes=31)
    assert accounts.session(token) is None
    assert accounts.audit_log()["aksi"].iloc[0] == "sesi_berakhir"
    token, _ = accounts.sign_in("ana", PASSWORD)
    for _ in range(17):  # active every 29 minutes: still ended after 8 hours
        clock.advance(minutes=29)
        alive = accounts.session(token)
    assert alive is None


def test_wrong_password_and_unknown_name_give_the_same_message(accounts: Accounts) -> None:
    with pytest.raises(AuthError) as wrong:
        accounts.sign_in("ana", "not-the-password")
    with pytest.raises(AuthError) as unknown:
        accounts.sign_in("nobody", PASSWORD)
    assert str(wrong.value) == str(unknown.value)
    log = accounts.audit_log()
    assert list(log["aksi"][:2]) == ["masuk_gagal", "masuk_gagal"]


def test_lock_out_after_repeated_failures(accounts: Accounts, clock: Clock) -> None:
    for _ in range(3):
        with pytest.raises(AuthError):
            accounts.sign_in("ana", "wrong-password")
    with pytest.raises(AuthError, match="terkunci"):
        accounts.sign_in("ana", PASSWORD)  # the right password does not open a locked account
    assert "terkunci" in set(accounts.audit_log()["aksi"])
    clock.advance(minutes=11)
    accounts.sign_in("ana", PASSWORD)
    assert int(accounts.users().set_index("nama").loc["ana", "gagal"]) == 0


def test_admin_password_reset_unlocks_and_ends_sessions(accounts: Accounts) -> None:
    token, _ = accounts.sign_in("ana", PASSWORD)
    for _ in range(3):
        with pytest.raises(AuthError):
            accounts.sign_in("ana", "wrong-password")
    accounts.set_password("ana", "another-password", by="adi")
    assert accounts.session(token) is None
    accounts.sign_in("ana", "another-password")


def test_removed_user_loses_access_and_last_admin_stays(accounts: Accounts) -> None:
    token, _ = accounts.sign_in("ana", PASSWORD)
    accounts.remove_user("ana", by="adi")
    assert accounts.session(token) is None
    with pytest.raises(UserError, match="admin terakhir"):
        accounts.remove_user("adi", by="adi")
    with pytest.raises(UserError, match="sudah ada"):
        accounts.add_user("adi", "analis", "33", PASSWORD, by="adi")
    with pytest.raises(UserError, match="terlalu pendek"):
        accounts.add_user("bob", "analis", "33", "short", by="adi")
    actions = set(accounts.audit_log()["aksi"])
    assert {"pengguna_tambah", "pengguna_hapus"} <= actions


def test_role_change_applies_to_open_sessions(accounts: Accounts) -> None:
    token, _ = accounts.sign_in("ana", PASSWORD)
    accounts.set_role("ana", "operator", "33", by="adi")
    assert accounts.session(token) == Principal("ana", "operator", "33")


def test_users_survive_a_fresh_store(accounts: Accounts, tmp_path: Path) -> None:
    from petakesos.store import atomic_update

    store = tmp_path / "store.duckdb"
    with atomic_update(store) as con:
        con.execute("CREATE TABLE t AS SELECT 1 AS x")
    store.unlink()  # `python -m etl demo` builds a new store file: the accounts file is not part of it
    with atomic_update(store):
        pass
    assert list(Accounts(clock=accounts.clock).users()["nama"]) == ["adi", "ana"]


# ---- the indicator source per person ------------------------------------------------------------------------------
class Recording:
    def __init__(self, name: str) -> None:
        self.name = name
        self.k = 5

    def indicator_values(self, store, parent_kode, tahun, indikator):
        return self.name

    def region_values(self, store, kode, tahun):
        return self.name

    def series(self, store, kode, indikator):
        return self.name

    def desa_tanpa_wksbm(self, store, kode, tahun):
        return self.name

    def available_years(self, store):
        return self.name


def test_scoped_source_is_exact_within_scope_and_public_elsewhere() -> None:
    src = access.ScopedIndicators(Recording("exact"), Recording("public"), "33.71")
    assert src.indicator_values(None, "33.71", 2024, "x") == "exact"
    assert src.indicator_values(None, "33.71.01", 2024, "x") == "exact"
    assert src.indicator_values(None, "33", 2024, "x") == "public"  # the province view stays wholly public
    assert src.indicator_values(None, "", 2024, "x") == "public"
    assert src.region_values(None, "33.71.01.1003", 2024) == "exact"
    assert src.region_values(None, "34.71", 2024) == "public"
    assert src.series(None, "33.72", "x") == "public" and src.series(None, "33.71", "x") == "exact"
    assert src.available_years(None) == "public" and src.k == 5


def test_exports_follow_the_role() -> None:
    assert access.public_export(ANONYMOUS, "33.71") and access.public_export(ANALIS_KOTA, "33")
    assert not access.public_export(ANALIS_KOTA, "33.71") and not access.public_export(ADMIN, "")
    assert access.export_name(ANALIS_KOTA, "33.71.01", "t.csv") == "ANALIS_t.csv"
    assert access.export_name(ANONYMOUS, "33.71.01", "t.csv") == "t.csv"


# ---- real store: values, uploads, undo ------------------------------------------------------------------------------
K1, K2 = "33.71.01.1003", "33.71.01.1007"
OUTSIDE = "34.71.01.1001"


def _write(path: Path, text: str) -> Path:
    path.write_text(text, encoding="utf-8")
    return path


def _odha(db: Path, kode: str) -> list[int]:
    with duckdb.connect(str(db), read_only=True) as con:
        return [r[0] for r in con.execute("SELECT jumlah FROM pmks WHERE kode = ? AND kategori = 'ODHA'",
                                          [kode]).fetchall()]


@pytest.mark.shared_data
def test_public_anonymous_exact_analyst_in_a_real_store(shared_data: Path, tmp_path: Path) -> None:
    from etl.welfare import import_welfare
    from petakesos.store import Store

    db = tmp_path / "store.duckdb"
    text = f"kode,tahun,ODHA,Lanjut Usia Terlantar\n{K1},2024,2,40\n{K2},2024,30,50\n"
    assert import_welfare([_write(tmp_path / "a.csv", text)], db_path=db, source_label="Uji").written
    store = Store(db)
    try:
        def odha(who: Principal) -> dict[str, float]:
            values = access.source_for(store, who).indicator_values(store, "33.71.01", 2024, "pmks:ODHA")
            return dict(zip(values["kode"], values["nilai"], strict=True))

        assert odha(ANALIS_KOTA)[K1] == 2 and odha(ADMIN)[K1] == 2
        public = odha(ANONYMOUS)
        assert pd.isna(public[K1])  # 2 < k = 5: hidden for the public
        assert odha(Principal("x", "analis", "34")) .keys() == public.keys()
        assert pd.isna(odha(Principal("x", "analis", "34"))[K1])
    finally:
        store.close()


@pytest.fixture()
def upload_env(shared_data: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch):
    monkeypatch.setenv("PETAKESOS_DB", str(tmp_path / "store.duckdb"))
    monkeypatch.delenv("PETAKESOS_USERS", raising=False)
    acc = Accounts()
    return tmp_path / "store.duckdb", acc


@pytest.mark.shared_data
def test_operator_upload_outside_the_region_is_refused_with_rows_named(upload_env, tmp_path: Path) -> None:
    from etl import upload

    db, acc = upload_env
    path = _write(tmp_path / "campur.csv", f"kode,tahun,ODHA\n{K1},2024,7\n{OUTSIDE},2024,3\n{K2},2024,9\n")
    result = upload.dry_run(path, who=OPERATOR, accounts=acc, db_path=db)
    outside = [p for p in result.report.problems if p.code == "di_luar_wilayah"]
    assert [(p.row, p.kode, p.file) for p in outside] == [(3, OUTSIDE, "campur.csv")]
    assert result.stopped and any("baris 3" in n for n in result.report.notes)
    table = result.report.to_frame()
    assert list(table.columns) == ["tingkat", "file", "sheet", "baris", "kolom", "kode", "masalah", "perbaikan"]
    assert table.loc[table["masalah"] == "di_luar_wilayah", "baris"].tolist() == [3]
    done = upload.import_upload(path, who=OPERATOR, accounts=acc, db_path=db)
    assert done.stopped and not db.exists()
    # the admin has no region limit; analysts and the public may not upload at all
    assert not upload.dry_run(path, who=ADMIN, accounts=acc, db_path=db).report.errors
    for who in (ANALIS_KOTA, ANONYMOUS):
        with pytest.raises(AccessDenied):
            upload.dry_run(path, who=who, accounts=acc, db_path=db)
    assert "unggah" in set(acc.audit_log()["aksi"])


@pytest.mark.shared_data
def test_import_history_and_admin_undo(upload_env, tmp_path: Path) -> None:
    from etl import upload

    db, acc = upload_env
    first = _write(tmp_path / "pertama.csv", f"kode,tahun,ODHA\n{K1},2024,7\n{K2},2024,9\n")
    second = _write(tmp_path / "kedua.csv", f"kode,tahun,ODHA\n{K1},2024,70\n")
    label = {"source_label": "Pendataan Dinsos 2024"}  # one source: the second file replaces the first's value
    assert upload.import_upload(first, who=OPERATOR, accounts=acc, db_path=db, **label).written
    assert upload.import_upload(second, who=OPERATOR, accounts=acc, db_path=db, **label).written
    assert _odha(db, K1) == [70]
    history = acc.imports(db)
    assert list(history["file"]) == ["kedua.csv", "pertama.csv"] and set(history["pelaku"]) == {"opi"}
    assert history["sha256"].str.len().eq(64).all() and list(history["baru"]) == [0, 2]
    first_batch, second_batch = int(history["batch_id"].iloc[1]), int(history["batch_id"].iloc[0])

    with pytest.raises(AccessDenied):
        upload.undo(second_batch, who=OPERATOR, accounts=acc, db_path=db)
    with pytest.raises(UploadRejected, match="batalkan batch yang lebih baru"):
        upload.undo(first_batch, who=ADMIN, accounts=acc, db_path=db)
    assert upload.undo(second_batch, who=ADMIN, accounts=acc, db_path=db) == 1
    assert _odha(db, K1) == [7]  # the previous value is back
    with duckdb.connect(str(db), read_only=True) as con:
        kept = con.execute("SELECT nilai, diganti_batch FROM jumlah_kategori WHERE batch_id = ?",
                           [second_batch]).fetchall()
        indicator = con.execute("SELECT nilai FROM indikator WHERE kode = ? AND indikator = 'pmks:ODHA' AND "
                                "tahun = 2024", [K1]).fetchall()
    assert kept == [(70, second_batch)] and indicator == [(7,)]  # history kept; indicators rebuilt
    with pytest.raises(UploadRejected, match="sudah dibatalkan"):
        upload.undo(second_batch, who=ADMIN, accounts=acc, db_path=db)
    assert upload.undo(first_batch, who=ADMIN, accounts=acc, db_path=db) == 2
    assert _odha(db, K1) == [] and _odha(db, K2) == []
    assert acc.imports(db)["dibatalkan_oleh"].tolist() == ["adi", "adi"]
    assert "batal_impor" in set(acc.audit_log()["aksi"])


@pytest.mark.shared_data
def test_upload_limits(upload_env) -> None:
    from etl import upload
    from petakesos.settings import get_settings

    upload.check_upload("data.xlsx", 1000)
    with pytest.raises(UploadRejected, match="CSV atau XLSX"):
        upload.check_upload("data.exe", 1000)
    with pytest.raises(UploadRejected, match="lebih dari batas"):
        upload.check_upload("big.csv", (get_settings().upload_max_mb + 1) * 1024 * 1024)


# ---- command line ---------------------------------------------------------------------------------------------------
def test_cli_reads_the_password_from_stdin_never_argv(tmp_path: Path, monkeypatch: pytest.MonkeyPatch,
                                                      capsys: pytest.CaptureFixture) -> None:
    from etl.cli import main

    users = tmp_path / "u.sqlite"
    monkeypatch.setenv("PETAKESOS_USERS", str(users))
    monkeypatch.setattr("sys.stdin", io.StringIO(PASSWORD + "\n"))
    assert main(["user", "add", "opi", "--role", "operator", "--wilayah", "3371"]) == 0
    monkeypatch.setattr("sys.stdin", io.StringIO("x\n"))
    assert main(["user", "add", "bad", "--role", "operator"]) == 2  # operator without a region
    assert main(["user", "list"]) == 0
    out = capsys.readouterr()
    assert "opi" in out.out and "33.71" in out.out and "argon2" not in out.out
    assert "operator memerlukan wilayah" in out.err
    _, who = Accounts(users).sign_in("opi", PASSWORD)
    assert who == Principal("opi", "operator", "33.71")
    monkeypatch.setattr("sys.stdin", io.StringIO("new-password-2\n"))
    assert main(["user", "password", "opi"]) == 0
    assert main(["user", "remove", "opi"]) == 0
    with pytest.raises(PetaKesosError):
        Accounts(users).sign_in("opi", "new-password-2")


@pytest.mark.shared_data
def test_tentang_names_the_uploaded_file_never_the_server_copy(upload_env) -> None:
    """The admin page writes an upload into a temporary folder before importing it; the Tentang page lists the
    file as the person named it, without the folder, and every kind of load (also an undo) in words."""
    import tempfile

    from etl import upload
    from petakesos import i18n, views
    from petakesos.store import Store

    db, acc = upload_env
    with tempfile.TemporaryDirectory() as tmp:  # as pages/admin.py does
        path = upload.save_upload("Data Dinsos 2024.csv", f"kode,tahun,ODHA\n{K1},2024,7\n".encode(), Path(tmp))
        done = upload.import_upload(path, who=ADMIN, accounts=acc, db_path=db)
        folder = Path(tmp).name
    upload.undo(int(done.files[0]["batch"]), who=ADMIN, accounts=acc, db_path=db)
    store = Store(db)
    for lang in i18n.LANGUAGES:
        history = views.load_history(store, lang)
        shown = " ".join(str(v) for v in history.to_numpy().ravel())
        shown += " " + " ".join(str(v) for v in views.data_sources(store, views.indicator_source(store), lang)
                                .to_numpy().ravel())
        assert "Data Dinsos 2024.csv" in shown
        assert folder not in shown and "/" not in " ".join(history.iloc[:, 2]) and "tmp" not in shown
        kinds = set(history.iloc[:, 1])
        assert not kinds & {"welfare", "welfare-undo", "boundaries"}, kinds  # kinds in words

"""SQL of the accounts file (SQLite, setting PETAKESOS_USERS): users, sessions, audit log, upload history.

A separate file beside the store, not tables in the DuckDB store: the store is rebuilt by copy-and-swap on every
load and created afresh by `python -m etl demo`, and DuckDB lets one process at a time write a file, while sign-ins,
session touches and audit rows are written by every dashboard session all day.
Times are ISO-8601 UTC text. Password hashes are argon2id strings; no query here returns them except VERIFY_HASH.
"""

SCHEMA = [
    """CREATE TABLE IF NOT EXISTS pengguna (
        nama TEXT PRIMARY KEY COLLATE NOCASE,   -- "Budi" and "budi" are one user
        peran TEXT NOT NULL,            -- analis | operator | admin
        wilayah TEXT NOT NULL,          -- Kemendagri code of the scope ('' = Indonesia)
        hash TEXT NOT NULL,             -- argon2id
        dibuat TEXT NOT NULL,
        diubah TEXT NOT NULL,
        gagal INTEGER NOT NULL DEFAULT 0,   -- failed sign-ins in a row
        terkunci_sampai TEXT)""",
    """CREATE TABLE IF NOT EXISTS sesi (
        token_hash TEXT PRIMARY KEY,    -- sha256 of the session token (the token itself is never stored)
        nama TEXT NOT NULL REFERENCES pengguna(nama) ON DELETE CASCADE,
        dibuat TEXT NOT NULL,
        terakhir TEXT NOT NULL)""",
    """CREATE TABLE IF NOT EXISTS audit (
        id INTEGER PRIMARY KEY AUTOINCREMENT,
        waktu TEXT NOT NULL,
        pelaku TEXT NOT NULL,           -- user name ('' = not signed in, 'cli:<os user>' = command line)
        aksi TEXT NOT NULL,             -- masuk, masuk_gagal, terkunci, keluar, unggah, impor, batal_impor, pengguna_*
        sasaran TEXT NOT NULL DEFAULT '',
        rincian TEXT NOT NULL DEFAULT '')""",
    """CREATE TABLE IF NOT EXISTS riwayat_impor (
        id INTEGER PRIMARY KEY AUTOINCREMENT,
        waktu TEXT NOT NULL,
        pelaku TEXT NOT NULL,
        file TEXT NOT NULL,
        sha256 TEXT NOT NULL,
        batch_id INTEGER NOT NULL,      -- impor_batch.id in the store
        basis_data TEXT NOT NULL,       -- the store file the batch was written to
        baru INTEGER NOT NULL, ubah INTEGER NOT NULL, sama INTEGER NOT NULL, diabaikan INTEGER NOT NULL,
        dibatalkan_oleh TEXT, dibatalkan_waktu TEXT)""",
]

# Names are compared without case (also in accounts files made before the column had COLLATE NOCASE): the name a
# person types finds their account in any case, and no second account can differ from it by case only.
USER_NAME = "SELECT nama FROM pengguna WHERE nama = ? COLLATE NOCASE"
INSERT_USER = """INSERT INTO pengguna (nama, peran, wilayah, hash, dibuat, diubah) VALUES (?, ?, ?, ?, ?, ?)"""
DELETE_USER = "DELETE FROM pengguna WHERE nama = ?"
SET_PASSWORD = "UPDATE pengguna SET hash = ?, diubah = ?, gagal = 0, terkunci_sampai = NULL WHERE nama = ?"
SET_ROLE = "UPDATE pengguna SET peran = ?, wilayah = ?, diubah = ? WHERE nama = ?"
LIST_USERS = """SELECT nama, peran, wilayah, dibuat, diubah, gagal, terkunci_sampai FROM pengguna ORDER BY nama"""
USER_FOR_SIGN_IN = """SELECT nama, peran, wilayah, hash, gagal, terkunci_sampai FROM pengguna
    WHERE nama = ? COLLATE NOCASE"""
COUNT_ADMINS = "SELECT count(*) FROM pengguna WHERE peran = 'admin'"
FAILED = "UPDATE pengguna SET gagal = gagal + 1, terkunci_sampai = ? WHERE nama = ?"
SUCCEEDED = "UPDATE pengguna SET gagal = 0, terkunci_sampai = NULL WHERE nama = ?"
REHASH = "UPDATE pengguna SET hash = ? WHERE nama = ?"

INSERT_SESSION = "INSERT INTO sesi (token_hash, nama, dibuat, terakhir) VALUES (?, ?, ?, ?)"
SESSION = """SELECT s.nama, p.peran, p.wilayah, s.dibuat, s.terakhir FROM sesi s JOIN pengguna p USING (nama)
    WHERE s.token_hash = ?"""
TOUCH_SESSION = "UPDATE sesi SET terakhir = ? WHERE token_hash = ?"
DELETE_SESSION = "DELETE FROM sesi WHERE token_hash = ?"
DELETE_USER_SESSIONS = "DELETE FROM sesi WHERE nama = ?"
DELETE_OLD_SESSIONS = "DELETE FROM sesi WHERE terakhir < ? OR dibuat < ?"

INSERT_AUDIT = "INSERT INTO audit (waktu, pelaku, aksi, sasaran, rincian) VALUES (?, ?, ?, ?, ?)"
AUDIT_LOG = "SELECT id, waktu, pelaku, aksi, sasaran, rincian FROM audit ORDER BY id DESC LIMIT ?"

INSERT_IMPORT = """INSERT INTO riwayat_impor (waktu, pelaku, file, sha256, batch_id, basis_data, baru, ubah, sama,
    diabaikan) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)"""
IMPORTS = """SELECT id, waktu, pelaku, file, sha256, batch_id, baru, ubah, sama, diabaikan, dibatalkan_oleh,
    dibatalkan_waktu FROM riwayat_impor WHERE basis_data = ? ORDER BY id DESC"""
IMPORT_BY_BATCH = """SELECT id, file, sha256, dibatalkan_oleh FROM riwayat_impor WHERE basis_data = ? AND batch_id = ?
    ORDER BY id DESC LIMIT 1"""
MARK_UNDONE = "UPDATE riwayat_impor SET dibatalkan_oleh = ?, dibatalkan_waktu = ? WHERE id = ?"

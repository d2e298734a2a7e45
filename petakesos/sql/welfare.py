"""SQL for the welfare data: categories, PMKS/PSKS counts, the WKSBM registry and import provenance.

Public, documented objects (see docs/data-model.md):
- table `kategori(jenis, no, singkatan, nama_resmi, kelompok, sensitif, lokal)`
- view `pmks(kode, tahun, kategori, jumlah, sumber, batch_id)` and `psks(...)`: current counts
- view `wksbm(tahun, kode, tingkat, nama, tahun_bentuk, tahap, nomor_sk, ketua, jumlah_anggota, kps_*, kegiatan,
  sumber, batch_id)`: the registry as reported per year
- table `impor_batch`: provenance of every import (file, sha256, sheet, time, source label)
Versioned tables keep history: a replaced row gets `diganti_batch` (the batch that replaced it) and stays.
"""

from dataclasses import dataclass

KPS_COLUMNS = (
    "kps_arisan",
    "kps_majelis_taklim",
    "kps_kub",
    "kps_lumbung_desa",
    "kps_rt_rw",
    "kps_dasa_wisma",
    "kps_pkk",
    "kps_karang_taruna",
    "kps_gapoktan",
    "kps_lainnya",
)
WKSBM_ATTRS = ("nama", "tahun_bentuk", "tahap", "nomor_sk", "ketua", "jumlah_anggota", *KPS_COLUMNS, "kegiatan")
_KPS_DDL = ",\n        ".join(f"{c} INTEGER" for c in KPS_COLUMNS)
_KPS_LIST = ", ".join(KPS_COLUMNS)

SCHEMA = [
    """CREATE TABLE IF NOT EXISTS kategori (
        jenis VARCHAR NOT NULL,        -- 'PMKS' | 'PSKS'
        no INTEGER NOT NULL,
        singkatan VARCHAR NOT NULL,
        nama_resmi VARCHAR NOT NULL,
        kelompok VARCHAR,
        sensitif BOOLEAN NOT NULL,
        lokal BOOLEAN NOT NULL,
        PRIMARY KEY (jenis, singkatan))""",
    """CREATE SEQUENCE IF NOT EXISTS impor_batch_id""",
    """CREATE TABLE IF NOT EXISTS impor_batch (
        id BIGINT PRIMARY KEY,
        waktu TIMESTAMP NOT NULL,
        file VARCHAR NOT NULL,
        sha256 VARCHAR NOT NULL,
        sheet VARCHAR,
        sumber VARCHAR NOT NULL,      -- source dataset label, e.g. 'SIKS-NG 2024'; the demo mark (welfare.DEMO_SOURCE)
        tata_letak VARCHAR,           -- layout: lebar, panjang, portal, registri, contoh
        ringkasan VARCHAR)""",
    """CREATE TABLE IF NOT EXISTS jumlah_kategori (
        jenis VARCHAR NOT NULL,
        kode VARCHAR NOT NULL,
        tahun INTEGER NOT NULL,
        kategori VARCHAR NOT NULL,    -- kategori.singkatan
        sumber VARCHAR NOT NULL,
        nilai BIGINT NOT NULL,
        batch_id BIGINT NOT NULL,
        diganti_batch BIGINT)         -- NULL = current value""",
    f"""CREATE TABLE IF NOT EXISTS wksbm_versi (
        tahun INTEGER NOT NULL,       -- reporting year: the state of the WKSBM as reported that year
        kode VARCHAR NOT NULL,        -- desa/kelurahan, or kecamatan where organised per kecamatan
        nama_kunci VARCHAR NOT NULL,  -- normalised name: identity of the WKSBM within its region
        nama VARCHAR NOT NULL,
        tahun_bentuk INTEGER,
        tahap VARCHAR,                -- terbentuk | berjalan | eksis
        nomor_sk VARCHAR,
        ketua VARCHAR,
        jumlah_anggota INTEGER,
        {_KPS_DDL},
        kegiatan VARCHAR,
        sumber VARCHAR NOT NULL,
        isi_hash VARCHAR NOT NULL,
        batch_id BIGINT NOT NULL,
        diganti_batch BIGINT)""",
    """CREATE TABLE IF NOT EXISTS penduduk (kode VARCHAR PRIMARY KEY, total BIGINT, edisi VARCHAR)""",
    """CREATE OR REPLACE VIEW pmks AS
        SELECT kode, tahun, kategori, nilai AS jumlah, sumber, batch_id FROM jumlah_kategori
        WHERE jenis = 'PMKS' AND diganti_batch IS NULL""",
    """CREATE OR REPLACE VIEW psks AS
        SELECT kode, tahun, kategori, nilai AS jumlah, sumber, batch_id FROM jumlah_kategori
        WHERE jenis = 'PSKS' AND diganti_batch IS NULL""",
    f"""CREATE OR REPLACE VIEW wksbm AS
        SELECT tahun, kode, CASE WHEN length(kode) = 8 THEN 'kecamatan' ELSE 'desa_kelurahan' END AS tingkat,
            nama, tahun_bentuk, tahap, nomor_sk, ketua, jumlah_anggota, {_KPS_LIST}, kegiatan, sumber, batch_id
        FROM wksbm_versi WHERE diganti_batch IS NULL""",
]

# ---- reference data ---------------------------------------------------------------------------------------
UPSERT_KATEGORI = """INSERT INTO kategori SELECT jenis, no, singkatan, nama_resmi, kelompok, sensitif, lokal FROM df_kat
    ON CONFLICT (jenis, singkatan) DO UPDATE SET nama_resmi = excluded.nama_resmi, kelompok = excluded.kelompok,
        sensitif = excluded.sensitif, lokal = excluded.lokal"""
CATEGORIES = "SELECT jenis, no, singkatan, nama_resmi, kelompok, sensitif, lokal FROM kategori ORDER BY jenis, no"
DELETE_PENDUDUK = "DELETE FROM penduduk"
INSERT_PENDUDUK = "INSERT INTO penduduk SELECT kode, total, edisi FROM df_pend"
COUNT_KODE = "SELECT count(*) FROM kode_wilayah"
# A fingerprint of the population table (an import rebuilds every year's indicators when it changed).
PENDUDUK_HASH = "SELECT count(*), coalesce(bit_xor(hash(kode, total, edisi)), 0) FROM penduduk"
# Years of a file's values (tables df_in / df_w / df_u): an import rebuilds the indicators of these years only.
YEARS_OF = "SELECT DISTINCT tahun FROM {name}"
CODE_LIST = "SELECT kode, nama, tingkat, kode_induk FROM kode_wilayah"

# ---- provenance -------------------------------------------------------------------------------------------
NEW_BATCH = """INSERT INTO impor_batch (id, waktu, file, sha256, sheet, sumber, tata_letak, ringkasan)
    VALUES (nextval('impor_batch_id'), current_timestamp, ?, ?, ?, ?, ?, ?) RETURNING id"""
SET_BATCH_SUMMARY = "UPDATE impor_batch SET ringkasan = ? WHERE id = ?"
BATCHES = "SELECT id, waktu, file, sha256, sheet, sumber, tata_letak, ringkasan FROM impor_batch ORDER BY id"

# ---- counts: registered DataFrame `df_in(jenis, kode, tahun, kategori, sumber, nilai)` ---------------------
# Classify every incoming value against the current one: baru (new), ubah (changed), sama (unchanged).
CLASSIFY_COUNTS = """
    SELECT CASE WHEN c.nilai IS NULL THEN 'baru' WHEN c.nilai <> i.nilai THEN 'ubah' ELSE 'sama' END AS status,
           count(*) AS n
    FROM df_in i LEFT JOIN (SELECT * FROM jumlah_kategori WHERE diganti_batch IS NULL) c
      ON c.jenis = i.jenis AND c.kode = i.kode AND c.tahun = i.tahun AND c.kategori = i.kategori
     AND c.sumber = i.sumber
    GROUP BY 1"""


# ---- writing a versioned table (jumlah_kategori, nilai_umum, wksbm_versi): a row is current while its
# diganti_batch is NULL; an incoming row whose key has a current row with other content replaces it (the old row
# is kept with diganti_batch set: history). Keys are unique in the incoming rows after validation.
@dataclass(frozen=True)
class VersionedWrite:
    """The statements that write the incoming rows `source` into `table`, in the order load.write runs them.
    `any_current`: does the table hold a current row the rows could replace (their source, one of their years)?
    If not (a first import), `insert_plain`. Otherwise `match` pairs every incoming row with its current row once
    (one join; the current row's rowid), `retire` marks the changed ones as replaced by the batch and `insert`
    adds the new and changed rows: on 10.9 M values into a national store 7.6 s instead of 52 s for an UPDATE …
    FROM join and an INSERT … ANTI JOIN, each joining on every key column."""

    any_current: str
    insert_plain: str
    match: str
    retire: str
    insert: str
    drop: str = "DROP TABLE IF EXISTS _masuk"


def _versioned(table: str, source: str, columns: list[str], key: list[str], content: str) -> VersionedWrite:
    cols = ", ".join(columns)
    on = " AND ".join(f"c.{k} = i.{k}" for k in key)
    return VersionedWrite(
        any_current=f"""SELECT EXISTS (SELECT 1 FROM {table} c
            SEMI JOIN (SELECT DISTINCT tahun, sumber FROM {source}) i USING (tahun, sumber)
            WHERE c.diganti_batch IS NULL)""",
        insert_plain=f"INSERT INTO {table} SELECT {cols}, ?, NULL FROM {source}",
        match=f"""CREATE OR REPLACE TEMP TABLE _masuk AS
            SELECT {", ".join("i." + c for c in columns)}, c.rowid AS lama_id, c.{content} <> i.{content} AS berubah
            FROM {source} i LEFT JOIN (SELECT rowid, * FROM {table} WHERE diganti_batch IS NULL) c ON {on}""",
        retire=f"UPDATE {table} SET diganti_batch = ? WHERE rowid IN (SELECT lama_id FROM _masuk WHERE berubah)",
        insert=f"INSERT INTO {table} SELECT {cols}, ?, NULL FROM _masuk WHERE lama_id IS NULL OR berubah",
    )


WRITE_COUNTS = _versioned("jumlah_kategori", "df_in", ["jenis", "kode", "tahun", "kategori", "sumber", "nilai"],
                          ["jenis", "kode", "tahun", "kategori", "sumber"], "nilai")

# ---- general indicator values: registered DataFrame `df_u(kode, tahun, indikator, sumber, nilai)` ------------
_U_KEY = "c.kode = i.kode AND c.tahun = i.tahun AND c.indikator = i.indikator AND c.sumber = i.sumber"
CLASSIFY_GENERAL = f"""
    SELECT CASE WHEN c.nilai IS NULL THEN 'baru' WHEN c.nilai <> i.nilai THEN 'ubah' ELSE 'sama' END, count(*)
    FROM df_u i LEFT JOIN (SELECT * FROM nilai_umum WHERE diganti_batch IS NULL) c ON {_U_KEY}
    GROUP BY 1"""
WRITE_GENERAL = _versioned("nilai_umum", "df_u", ["kode", "tahun", "indikator", "sumber", "nilai"],
                           ["kode", "tahun", "indikator", "sumber"], "nilai")
GENERAL_VALUES = """SELECT kode, tahun, indikator, nilai FROM nilai_umum
    WHERE diganti_batch IS NULL AND list_contains(?::VARCHAR[], indikator)"""

# ---- WKSBM registry: registered DataFrame `df_w` with the wksbm_versi columns except batch ----------------
_W_KEY = "c.tahun = i.tahun AND c.kode = i.kode AND c.nama_kunci = i.nama_kunci AND c.sumber = i.sumber"
CLASSIFY_WKSBM = f"""
    SELECT CASE WHEN c.isi_hash IS NULL THEN 'baru' WHEN c.isi_hash <> i.isi_hash THEN 'ubah' ELSE 'sama' END,
           count(*)
    FROM df_w i LEFT JOIN (SELECT * FROM wksbm_versi WHERE diganti_batch IS NULL) c ON {_W_KEY}
    GROUP BY 1"""
WRITE_WKSBM = _versioned("wksbm_versi", "df_w", ["tahun", "kode", "nama_kunci", "nama", "tahun_bentuk", "tahap",
                                                 "nomor_sk", "ketua", "jumlah_anggota", *KPS_COLUMNS, "kegiatan",
                                                 "sumber", "isi_hash"],
                         ["tahun", "kode", "nama_kunci", "sumber"], "isi_hash")

# ---- the demo dataset is replaced as a whole ---------------------------------------------------------------
DELETE_SOURCE_COUNTS = "DELETE FROM jumlah_kategori WHERE sumber = ?"
DELETE_SOURCE_WKSBM = "DELETE FROM wksbm_versi WHERE sumber = ?"
DELETE_SOURCE_BATCHES = "DELETE FROM impor_batch WHERE sumber = ?"

# ---- reading -----------------------------------------------------------------------------------------------
WKSBM_OF_REGION = f"""SELECT tahun, kode, nama, tahun_bentuk, tahap, nomor_sk, ketua, jumlah_anggota, {_KPS_LIST},
        kegiatan, sumber FROM wksbm WHERE starts_with(kode, ?) AND tahun = ? ORDER BY kode, nama"""

"""SQL for the region store: the code list, boundaries, completeness and the public `wilayah` view.

Public, documented objects (stable for other tools such as the DuckDB CLI or BI tools):
- view `wilayah(kode, nama, tingkat, kode_induk, ada_poligon)`: every unit of the Kemendagri code list, also those
  without a polygon. `tingkat` is one of provinsi, kabupaten_kota, kecamatan, desa_kelurahan; `kode_induk` is ''
  for provinces.
- view `kelengkapan_batas(kode, tingkat, anak_di_daftar, anak_berpoligon, desa_di_daftar, desa_berpoligon)`.
Internal tables may change between schema versions (see table `meta`).
"""

SCHEMA = [
    """CREATE TABLE IF NOT EXISTS meta (key VARCHAR PRIMARY KEY, value VARCHAR)""",
    """CREATE SEQUENCE IF NOT EXISTS load_log_id""",
    """CREATE TABLE IF NOT EXISTS load_log (
        id BIGINT DEFAULT nextval('load_log_id') PRIMARY KEY,
        loaded_at TIMESTAMP DEFAULT current_timestamp,
        kind VARCHAR,          -- 'kode_wilayah', 'boundaries', 'welfare', ...
        sources VARCHAR,       -- file paths, ';'-separated
        fingerprint VARCHAR,   -- sha256 of the inputs and options: the same load twice is recognised
        summary VARCHAR)""",
    """CREATE TABLE IF NOT EXISTS kode_wilayah (
        kode VARCHAR PRIMARY KEY,
        nama VARCHAR NOT NULL,
        tingkat VARCHAR NOT NULL,
        kode_induk VARCHAR NOT NULL,
        edisi VARCHAR)""",
    """CREATE TABLE IF NOT EXISTS batas (
        kode VARCHAR PRIMARY KEY,
        tingkat VARCHAR NOT NULL,
        nama VARCHAR NOT NULL,
        sumber VARCHAR,              -- file the polygon came from, or 'turunan' when dissolved from children
        turunan BOOLEAN NOT NULL,    -- derived by dissolving the desa/kelurahan polygons
        geom_full BLOB NOT NULL,     -- WKB, full detail, EPSG:4326 (print export)
        geojson_display VARCHAR NOT NULL,  -- GeoJSON geometry, coverage-simplified, rounded (screen)
        xmin DOUBLE, ymin DOUBLE, xmax DOUBLE, ymax DOUBLE,
        label_x DOUBLE, label_y DOUBLE,    -- a point inside the polygon, for labels
        n_vertices INTEGER, n_vertices_display INTEGER,
        -- outline of an upper unit at the display detail of its children, drawn around them in a drill-down view
        -- (its own geojson_display is simplified for its level and would not follow the children's borders)
        geojson_outline VARCHAR)""",
    # stores of schema version 1 lack the outline; the next boundary load fills it
    """ALTER TABLE batas ADD COLUMN IF NOT EXISTS geojson_outline VARCHAR""",
    """CREATE INDEX IF NOT EXISTS batas_tingkat ON batas (tingkat)""",
    """CREATE TABLE IF NOT EXISTS kelengkapan (
        kode VARCHAR PRIMARY KEY,
        anak_di_daftar INTEGER, anak_berpoligon INTEGER,
        desa_di_daftar INTEGER, desa_berpoligon INTEGER)""",
    """CREATE OR REPLACE VIEW wilayah AS
        SELECT k.kode, k.nama, k.tingkat, k.kode_induk, (b.kode IS NOT NULL) AS ada_poligon
        FROM kode_wilayah k LEFT JOIN batas b USING (kode)""",
    """CREATE OR REPLACE VIEW kelengkapan_batas AS
        SELECT k.kode, w.tingkat, k.anak_di_daftar, k.anak_berpoligon, k.desa_di_daftar, k.desa_berpoligon
        FROM kelengkapan k JOIN kode_wilayah w USING (kode)""",
]

GET_META = "SELECT value FROM meta WHERE key = ?"
SET_META = "INSERT OR REPLACE INTO meta (key, value) VALUES (?, ?)"
LAST_FINGERPRINT = "SELECT fingerprint FROM load_log WHERE kind = ? ORDER BY id DESC LIMIT 1"
LOG_LOAD = "INSERT INTO load_log (kind, sources, fingerprint, summary) VALUES (?, ?, ?, ?)"
LOAD_HISTORY = "SELECT id, loaded_at, kind, sources, summary FROM load_log ORDER BY id"

# Replacing the code list: registered DataFrame `df_kode` (kode, nama, tingkat, kode_induk, edisi).
DELETE_KODE = "DELETE FROM kode_wilayah"
INSERT_KODE = "INSERT INTO kode_wilayah SELECT kode, nama, tingkat, kode_induk, edisi FROM df_kode"

# Replacing boundaries of the codes in registered DataFrame `df_batas`.
DELETE_BATAS_FOR = "DELETE FROM batas WHERE kode IN (SELECT kode FROM df_batas)"
BATAS_COLUMNS = """kode, tingkat, nama, sumber, turunan, geom_full, geojson_display, xmin, ymin, xmax, ymax,
    label_x, label_y, n_vertices, n_vertices_display, geojson_outline"""
INSERT_BATAS = f"INSERT INTO batas ({BATAS_COLUMNS}) SELECT {BATAS_COLUMNS} FROM df_batas"

REBUILD_KELENGKAPAN = [
    "DELETE FROM kelengkapan",
    """INSERT INTO kelengkapan
        WITH anak AS (
            SELECT k.kode_induk AS kode, count(*) AS n, count(b.kode) AS n_poly
            FROM kode_wilayah k LEFT JOIN batas b USING (kode)
            WHERE k.kode_induk <> '' GROUP BY 1),
        desa_ancestor AS (  -- each desa once under its kecamatan, kab/kota and province (codes are prefixes)
            SELECT left(d.kode, n) AS kode, d.kode AS desa
            FROM kode_wilayah d, (VALUES (2), (5), (8)) AS w(n)
            WHERE d.tingkat = 'desa_kelurahan'),
        desa AS (
            SELECT a.kode, count(*) AS n, count(b.kode) AS n_poly
            FROM desa_ancestor a LEFT JOIN batas b ON b.kode = a.desa GROUP BY 1)
        SELECT p.kode, coalesce(anak.n, 0), coalesce(anak.n_poly, 0), coalesce(desa.n, 0), coalesce(desa.n_poly, 0)
        FROM kode_wilayah p LEFT JOIN anak USING (kode) LEFT JOIN desa USING (kode)
        WHERE p.tingkat <> 'desa_kelurahan'""",
]

COUNT_BY_TINGKAT = """
    SELECT w.tingkat, count(*) AS di_daftar, count(b.kode) AS berpoligon,
           count(b.kode) FILTER (WHERE b.turunan) AS turunan
    FROM kode_wilayah w LEFT JOIN batas b USING (kode)
    GROUP BY 1
    ORDER BY CASE w.tingkat WHEN 'provinsi' THEN 1 WHEN 'kabupaten_kota' THEN 2 WHEN 'kecamatan' THEN 3 ELSE 4 END"""

# ---- the dashboard's query API ---------------------------------------------------------------------------
REGION = """SELECT w.kode, w.nama, w.tingkat, w.kode_induk, b.xmin, b.ymin, b.xmax, b.ymax
    FROM kode_wilayah w LEFT JOIN batas b USING (kode) WHERE w.kode = ?"""
REGIONS_BY_CODES = """SELECT kode, nama, tingkat FROM kode_wilayah WHERE list_contains(?, kode)"""
CHILDREN = """SELECT w.kode, w.nama, w.tingkat, b.geojson_display, b.xmin, b.ymin, b.xmax, b.ymax,
        b.label_x, b.label_y
    FROM kode_wilayah w LEFT JOIN batas b USING (kode)
    WHERE w.kode_induk = ? ORDER BY w.kode"""
CHILDREN_FULL = """SELECT w.kode, w.nama, w.tingkat, b.geom_full, b.label_x, b.label_y
    FROM kode_wilayah w LEFT JOIN batas b USING (kode)
    WHERE w.kode_induk = ? ORDER BY w.kode"""
OUTLINE = "SELECT coalesce(geojson_outline, geojson_display) FROM batas WHERE kode = ?"
BOUNDARY_FULL = "SELECT kode, nama, tingkat, geom_full FROM batas WHERE kode = ?"
BOUNDARIES_DISPLAY_AT_TINGKAT = "SELECT kode, nama, geojson_display FROM batas WHERE tingkat = ? ORDER BY kode"
BBOX_OF_CHILDREN = """SELECT min(xmin), min(ymin), max(xmax), max(ymax) FROM batas
    WHERE kode IN (SELECT kode FROM kode_wilayah WHERE kode_induk = ?)"""
# Region search. Parameters: code, code digits, the text as typed (lower case, "kab." written out as "kabupaten"),
# the text without a level word ("kabupaten", "kota", "provinsi"), the limit. A name matches with or without its
# level word, so "Magelang" finds Kabupaten Magelang and Kota Magelang as exact names; among equal matches the
# higher level comes first (a province or kab/kota before a desa of the same name).
SEARCH = """
    WITH needle AS (SELECT ? AS code, ? AS digits, ? AS full_text, ? AS bare_text),
    named AS (
        SELECT kode, nama, tingkat, kode_induk, lower(nama) AS name_lc,
            regexp_replace(lower(nama), '^(kabupaten|kota|provinsi|kecamatan|desa|kelurahan) ', '') AS bare_name
        FROM kode_wilayah
    )
    SELECT kode, nama, tingkat, kode_induk,
        CASE WHEN kode = code OR replace(kode, '.', '') = digits THEN 0
             WHEN name_lc = full_text OR bare_name = full_text THEN 1
             WHEN starts_with(name_lc, full_text) OR starts_with(bare_name, full_text)
                  OR name_lc = bare_text OR bare_name = bare_text THEN 2
             WHEN starts_with(kode, code) THEN 3
             ELSE 4 END AS peringkat
    FROM named, needle
    WHERE kode = code OR replace(kode, '.', '') = digits OR starts_with(kode, code)
       OR contains(name_lc, full_text) OR (bare_text <> '' AND contains(name_lc, bare_text))
    ORDER BY peringkat,
        CASE tingkat WHEN 'provinsi' THEN 1 WHEN 'kabupaten_kota' THEN 2 WHEN 'kecamatan' THEN 3 ELSE 4 END,
        kode
    LIMIT ?"""
NAMES_OF = "SELECT kode, nama FROM kode_wilayah WHERE kode IN (SELECT unnest(?::VARCHAR[]))"
COMPLETENESS = """SELECT anak_di_daftar, anak_berpoligon, desa_di_daftar, desa_berpoligon
    FROM kelengkapan WHERE kode = ?"""

# ---- deriving upper levels (ETL) ----------------------------------------------------------------------------
# Children of the given parent codes at one level; a desa code is its kecamatan's code plus 5 characters
# ('.1003'), an upper unit its parent's plus 3 ('.01').
DESA_UNDER_PARENTS = """SELECT kode, geom_full FROM batas
    WHERE tingkat = 'desa_kelurahan' AND left(kode, length(kode) - 5) IN (SELECT unnest(?::VARCHAR[]))"""
UPPER_UNDER_PARENTS = """SELECT kode, geom_full FROM batas
    WHERE tingkat = ? AND left(kode, length(kode) - 3) IN (SELECT unnest(?::VARCHAR[]))"""
FILE_SOURCED_AT_TINGKAT = """SELECT kode FROM batas
    WHERE tingkat = ? AND NOT turunan AND kode IN (SELECT unnest(?::VARCHAR[]))"""
BATAS_CODES_AT_TINGKAT = "SELECT kode FROM batas WHERE tingkat = ?"
CODES_AT_TINGKAT = "SELECT kode, nama FROM kode_wilayah WHERE tingkat = ?"
TABLE_NAMES = "SELECT table_name FROM information_schema.tables"
# Desa/kelurahan of every kab/kota that has a loaded boundary (also the desa without a polygon): the demo's scope.
DESA_OF_MAPPED_KABKOTA = """SELECT d.kode, d.nama, d.kode_induk AS kecamatan, left(d.kode, 5) AS kab
    FROM kode_wilayah d
    WHERE d.tingkat = 'desa_kelurahan'
      AND left(d.kode, 5) IN (SELECT DISTINCT left(kode, 5) FROM batas WHERE length(kode) >= 5)
    ORDER BY d.kode"""

"""SQL of the exports (print map, table export, public suppression): read-only queries on the public indicator
contract (view `indikator`, tables `indikator_definisi`, `kategori`) and on the boundaries."""

OBJECT_EXISTS = "SELECT count(*) FROM information_schema.tables WHERE table_name = ?"

# All indicators of the children of a parent ('' = Indonesia) and of the parent itself, for one year.
VIEW_VALUES = """SELECT i.kode, i.indikator, i.nilai FROM indikator i
    WHERE i.tahun = ? AND (i.kode = ? OR i.kode IN (SELECT kode FROM kode_wilayah WHERE kode_induk = ?))"""
CHILD_CODES = "SELECT kode, nama, tingkat FROM kode_wilayah WHERE kode_induk = ? ORDER BY kode"

# Source labels and the demo flag of what a view shows (the children and the parent, one year, some indicators).
VIEW_SOURCES = """SELECT DISTINCT i.sumber FROM indikator i
    WHERE i.tahun = ? AND list_contains(?, i.indikator) AND i.sumber IS NOT NULL
      AND (i.kode = ? OR i.kode IN (SELECT kode FROM kode_wilayah WHERE kode_induk = ?))
    ORDER BY 1"""
VIEW_IS_DEMO = """SELECT coalesce(bool_or(i.contoh), false) FROM indikator i
    WHERE i.tahun = ? AND list_contains(?, i.indikator)
      AND (i.kode = ? OR i.kode IN (SELECT kode FROM kode_wilayah WHERE kode_induk = ?))"""
ANY_DEMO = "SELECT coalesce(bool_or(contoh), false) FROM indikator"
YEARS = "SELECT DISTINCT tahun FROM indikator ORDER BY tahun"

DEFINITIONS = """SELECT indikator, nama, kelompok, satuan, definisi, urutan, coalesce(sensitif, false) AS sensitif
    FROM indikator_definisi ORDER BY urutan, indikator"""
SENSITIVE_CATEGORIES = """SELECT 'pmks:' || singkatan FROM kategori WHERE jenis = 'PMKS' AND sensitif"""

# When the welfare data was last loaded (anything but boundaries and the code list).
LAST_DATA_LOAD = """SELECT max(loaded_at) FROM load_log WHERE kind NOT IN ('boundaries', 'kode_wilayah')"""

# Full-detail geometry of one unit, and of the units of a level whose bounding box meets a window (context).
BOUNDARY_FULL = "SELECT kode, nama, tingkat, geom_full, xmin, ymin, xmax, ymax FROM batas WHERE kode = ?"
FULL_IN_WINDOW = """SELECT kode, nama, geom_full FROM batas
    WHERE tingkat = ? AND kode <> ? AND xmax >= ? AND xmin <= ? AND ymax >= ? AND ymin <= ?"""
DISPLAY_AT_TINGKAT = "SELECT kode, nama, geojson_display FROM batas WHERE tingkat = ? ORDER BY kode"
# Every unit of one level inside a region (a kab/kota's desa map): codes of descendants start with 'kode.'.
UNITS_FULL_UNDER = """SELECT w.kode, w.nama, w.tingkat, b.geom_full, b.label_x, b.label_y
    FROM kode_wilayah w LEFT JOIN batas b USING (kode)
    WHERE w.tingkat = ? AND starts_with(w.kode, ?) ORDER BY w.kode"""
UNITS_UNDER = "SELECT kode FROM kode_wilayah WHERE tingkat = ? AND starts_with(kode, ?) ORDER BY kode"
COUNT_AT_TINGKAT = "SELECT count(*) FROM batas WHERE tingkat = ?"
LAST_IMPORT = "SELECT max(waktu) FROM impor_batch"
# Bulk reads for many views at once (the `indikator` view is scanned once instead of once per view).
CODES_UNDER_PARENTS = "SELECT kode FROM kode_wilayah WHERE kode_induk IN (SELECT unnest(?::VARCHAR[]))"
VALUES_FOR_CODES = """SELECT i.kode, i.indikator, i.nilai, i.sumber, i.contoh FROM indikator i
    SEMI JOIN (SELECT unnest(?::VARCHAR[]) AS kode) c ON i.kode = c.kode
    WHERE i.tahun = ?"""
# Every region that has children ('' = Indonesia): the views of a whole publication (privacy audit).
PARENTS_WITH_CHILDREN = "SELECT DISTINCT kode_induk FROM kode_wilayah WHERE kode_induk IS NOT NULL"
CODES_WITH_VALUES = "SELECT DISTINCT kode FROM indikator WHERE tahun = ?"

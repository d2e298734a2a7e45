"""SQL of the exports (print map, table export): read-only queries on the boundaries. Indicator values,
definitions, years and the demo flag are read through the one read path (petakesos.sql.indicators)."""

# Indicator reads live in petakesos.sql.indicators (the one read path); only geometry reads are here.
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
# Every region that has children ('' = Indonesia): the views of a whole publication (privacy audit).
PARENTS_WITH_CHILDREN = "SELECT DISTINCT kode_induk FROM kode_wilayah WHERE kode_induk IS NOT NULL"
CODES_WITH_VALUES = "SELECT DISTINCT kode FROM indikator WHERE tahun = ?"

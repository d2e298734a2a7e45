"""SQL for the materialised indicators and the public view `indikator`.

Public, documented objects (the indicator contract; see docs/data-model.md):
- view `indikator(kode, tingkat, tahun, indikator, nilai, sumber, contoh)`: every indicator at every level
  ('' = Indonesia); `nilai` NULL = no data; `contoh` true when any contributing data is the demo dataset.
- table `indikator_definisi(indikator, nama, kelompok, satuan, definisi, urutan, sensitif)`.
The values live in table `indikator_nilai`, rebuilt set-based (GROUP BY code prefixes) inside the same atomic
update as every import and the demo; Kemendagri codes are prefixes of their descendants, so a region's code is
`left(kode, n)` of its descendants with n = 0 (Indonesia), 2, 5, 8 (and 13 = the desa itself).
"""

DEMO = "DATA CONTOH"
# (parent length, child length) from the desa upwards.
_STEPS = ((8, 13), (5, 8), (2, 5), (0, 2))
_TINGKAT_OF_LEN = """CASE length({c}) WHEN 0 THEN 'indonesia' WHEN 2 THEN 'provinsi' WHEN 5 THEN 'kabupaten_kota'
    WHEN 8 THEN 'kecamatan' ELSE 'desa_kelurahan' END"""

SCHEMA = [
    """CREATE TABLE IF NOT EXISTS indikator_nilai (
        kode VARCHAR NOT NULL,
        tingkat VARCHAR NOT NULL,
        tahun INTEGER NOT NULL,
        indikator VARCHAR NOT NULL,
        nilai DOUBLE,
        sumber VARCHAR,
        contoh BOOLEAN NOT NULL)""",
    """CREATE TABLE IF NOT EXISTS indikator_definisi (
        indikator VARCHAR PRIMARY KEY,
        nama VARCHAR NOT NULL,
        kelompok VARCHAR NOT NULL,     -- WKSBM, PMKS, PSKS, Wilayah, Pelaporan
        satuan VARCHAR NOT NULL,
        definisi VARCHAR NOT NULL,
        urutan INTEGER NOT NULL,
        sensitif BOOLEAN NOT NULL)""",
    """CREATE OR REPLACE VIEW indikator AS
        SELECT kode, tingkat, tahun, indikator, nilai, sumber, contoh FROM indikator_nilai""",
]


def _rollup_steps() -> list[str]:
    out = []
    for parent, child in _STEPS:
        out.append(
            f"""INSERT INTO _agg
            WITH kids AS (
                SELECT jenis, left(kode, {parent}) AS kode, tahun, kategori, sum(nilai) AS nilai, bit_or(sb) AS sb
                FROM _agg WHERE length(kode) = {child} GROUP BY jenis, left(kode, {parent}), tahun, kategori)
            SELECT jenis, kode, tahun, kategori, nilai, sb FROM kids
            UNION ALL
            SELECT b.jenis, b.kode, b.tahun, b.kategori, b.nilai, b.sb
            FROM _basis b ANTI JOIN kids k
              ON k.jenis = b.jenis AND k.kode = b.kode AND k.tahun = b.tahun AND k.kategori = b.kategori
            WHERE length(b.kode) = {parent}"""
        )
    return out


def _labels_for(table: str) -> str:
    """Add the source label text of every new source bitmask found in `table` (column sb) to _labels."""
    return f"""INSERT INTO _labels
        SELECT m.sb, string_agg(s.sumber, '; ' ORDER BY s.sumber), bool_or(s.sumber = '{DEMO}')
        FROM (SELECT DISTINCT sb FROM {table} WHERE sb NOT IN (SELECT sb FROM _labels)) m
        JOIN _sumber s ON (m.sb & s.bit) <> 0
        GROUP BY m.sb"""


# One value per region/year/category: with several sources, real ones win over the demo, then the latest batch;
# with a single source there is nothing to choose (the fast path used by rebuild()).
BASIS = "-- basis"
BASIS_DEDUP = f"""CREATE OR REPLACE TEMP TABLE _basis AS
        SELECT c.jenis, c.kode, c.tahun, c.kategori,
               arg_max(c.nilai, (c.sumber <> '{DEMO}')::BIGINT * 1000000000000 + c.batch_id)::DOUBLE AS nilai,
               arg_max(s.bit, (c.sumber <> '{DEMO}')::BIGINT * 1000000000000 + c.batch_id) AS sb
        FROM jumlah_kategori c JOIN _sumber_bit s USING (sumber)
        WHERE c.diganti_batch IS NULL
        GROUP BY c.jenis, c.kode, c.tahun, c.kategori"""
BASIS_SINGLE = """CREATE OR REPLACE TEMP TABLE _basis AS
        SELECT c.jenis, c.kode, c.tahun, c.kategori, c.nilai::DOUBLE AS nilai, s.bit AS sb
        FROM jumlah_kategori c JOIN _sumber_bit s USING (sumber)
        WHERE c.diganti_batch IS NULL"""
COUNT_SOURCES = "SELECT count(*) FROM _sumber_all"

# Source labels travel through the roll-up as a bitmask (one bit per distinct label, `bit_or` when summing), so
# the aggregation never carries strings or lists; `_labels` turns each mask back into 'A; B' and the demo flag.
# Sources beyond the 62nd share one bit, labelled 'sumber lain'.
REBUILD = [
    "DELETE FROM indikator_nilai",
    """CREATE OR REPLACE TEMP TABLE _wilayah AS
        SELECT kode, tingkat FROM kode_wilayah UNION ALL SELECT '', 'indonesia'""",
    """CREATE OR REPLACE TEMP TABLE _tahun AS
        SELECT DISTINCT tahun FROM jumlah_kategori WHERE diganti_batch IS NULL
        UNION SELECT DISTINCT tahun FROM wksbm_versi WHERE diganti_batch IS NULL""",
    f"""CREATE OR REPLACE TEMP TABLE _sumber_all AS
        SELECT sumber, row_number() OVER (ORDER BY (sumber <> '{DEMO}'), sumber) - 1 AS i FROM (
            SELECT DISTINCT sumber FROM jumlah_kategori WHERE diganti_batch IS NULL
            UNION SELECT DISTINCT sumber FROM wksbm_versi WHERE diganti_batch IS NULL)""",
    """CREATE OR REPLACE TEMP TABLE _sumber AS
        SELECT CASE WHEN i < 62 THEN sumber ELSE 'sumber lain' END AS sumber,
               (1::BIGINT << least(i, 62)::BIGINT) AS bit, min(i) AS i
        FROM _sumber_all GROUP BY ALL""",
    """CREATE OR REPLACE TEMP TABLE _sumber_bit AS
        SELECT a.sumber, (1::BIGINT << least(a.i, 62)::BIGINT) AS bit FROM _sumber_all a""",
    """CREATE OR REPLACE TEMP TABLE _labels (sb BIGINT, label VARCHAR, contoh BOOLEAN)""",
    """CREATE OR REPLACE TEMP TABLE _desa_total AS
        SELECT left(d.kode, l.n) AS kode, count(*) AS n
        FROM kode_wilayah d, (VALUES (0), (2), (5), (8), (13)) AS l(n)
        WHERE d.tingkat = 'desa_kelurahan' GROUP BY 1""",
    # ---- counts (PMKS, PSKS): one value per region/year/category; real sources win over the demo, then the
    # latest batch. Rolled up bottom-up: a region with reporting children is the sum of its children
    # (detail wins); a region reported only as a whole keeps its own value.
    BASIS,
    """CREATE OR REPLACE TEMP TABLE _agg AS
        SELECT jenis, kode, tahun, kategori, nilai, sb FROM _basis WHERE length(kode) = 13""",
    *_rollup_steps(),
    _labels_for("_agg"),
    f"""INSERT INTO indikator_nilai
        SELECT a.kode, {_TINGKAT_OF_LEN.format(c="a.kode")}, a.tahun, lower(a.jenis) || ':' || a.kategori, a.nilai,
               l.label, l.contoh
        FROM _agg a JOIN _labels l USING (sb)""",
    """CREATE OR REPLACE TEMP TABLE _pmks_total AS
        SELECT kode, tahun, sum(nilai) AS nilai, bit_or(sb) AS sb
        FROM _agg WHERE jenis = 'PMKS' GROUP BY kode, tahun""",
    _labels_for("_pmks_total"),
    f"""INSERT INTO indikator_nilai
        SELECT t.kode, {_TINGKAT_OF_LEN.format(c="t.kode")}, t.tahun, x.indikator,
               CASE x.indikator WHEN 'pmks_total' THEN t.nilai
                    ELSE CASE WHEN p.total > 0 THEN 1000.0 * t.nilai / p.total END END,
               l.label || CASE WHEN x.indikator = 'pmks_per_1000' THEN '; penduduk ' || p.edisi ELSE '' END,
               l.contoh
        FROM _pmks_total t
        JOIN _labels l USING (sb)
        LEFT JOIN penduduk p USING (kode)
        JOIN (VALUES ('pmks_total'), ('pmks_per_1000')) AS x(indikator)
          ON x.indikator = 'pmks_total' OR p.total IS NOT NULL""",
    # ---- desa total (from the code list: every desa/kelurahan, also those without polygon) for every data year
    """INSERT INTO indikator_nilai
        SELECT w.kode, w.tingkat, y.tahun, 'desa_total', coalesce(d.n, 0)::DOUBLE,
               'Kode wilayah ' || coalesce((SELECT any_value(edisi) FROM kode_wilayah), ''), false
        FROM _wilayah w CROSS JOIN _tahun y LEFT JOIN _desa_total d USING (kode)""",
    # ---- WKSBM: one row per WKSBM and reporting year (the same WKSBM from two sources counted once)
    f"""CREATE OR REPLACE TEMP TABLE _w AS
        SELECT w.tahun, w.kode, w.tahap, s.bit AS sb FROM wksbm_versi w JOIN _sumber_bit s USING (sumber)
        WHERE w.diganti_batch IS NULL
        QUALIFY row_number() OVER (PARTITION BY w.tahun, w.kode, w.nama_kunci
                                   ORDER BY (w.sumber = '{DEMO}'), w.batch_id DESC) = 1""",
    """CREATE OR REPLACE TEMP TABLE _wagg AS
        SELECT left(w.kode, l.n) AS kode, w.tahun,
            count(*) AS jumlah,
            count(*) FILTER (WHERE w.tahap = 'terbentuk') AS terbentuk,
            count(*) FILTER (WHERE w.tahap = 'berjalan') AS berjalan,
            count(*) FILTER (WHERE w.tahap = 'eksis') AS eksis,
            count(*) FILTER (WHERE length(w.kode) = 8) AS kecamatan,
            count(DISTINCT w.kode) FILTER (WHERE length(w.kode) = 13) AS dengan,
            bit_or(w.sb) AS sb
        FROM _w w, (VALUES (0), (2), (5), (8), (13)) AS l(n)
        WHERE length(w.kode) >= l.n GROUP BY 1, 2""",
    """CREATE OR REPLACE TEMP TABLE _wtahun AS SELECT tahun, bit_or(sb) AS sb FROM _w GROUP BY tahun""",
    """CREATE OR REPLACE TEMP TABLE _wind AS
        SELECT r.kode, r.tingkat, y.tahun,
            coalesce(a.dengan, 0)::DOUBLE AS desa_dengan_wksbm,
            CASE WHEN coalesce(d.n, 0) > 0 THEN 100.0 * coalesce(a.dengan, 0) / d.n END AS cakupan_wksbm_pct,
            (coalesce(d.n, 0) - coalesce(a.dengan, 0))::DOUBLE AS desa_tanpa_wksbm,
            coalesce(a.jumlah, 0)::DOUBLE AS wksbm_jumlah,
            coalesce(a.terbentuk, 0)::DOUBLE AS wksbm_terbentuk,
            coalesce(a.berjalan, 0)::DOUBLE AS wksbm_berjalan,
            coalesce(a.eksis, 0)::DOUBLE AS wksbm_eksis,
            coalesce(a.kecamatan, 0)::DOUBLE AS wksbm_kecamatan,
            coalesce(a.jumlah, 0)::DOUBLE AS "psks:WKSBM",
            coalesce(a.sb, y.sb) AS sb
        FROM _wilayah r CROSS JOIN _wtahun y
        LEFT JOIN _desa_total d ON d.kode = r.kode
        LEFT JOIN _wagg a ON a.kode = r.kode AND a.tahun = y.tahun""",
    _labels_for("_wind"),
    """INSERT INTO indikator_nilai
        SELECT u.kode, u.tingkat, u.tahun, u.indikator, u.nilai, l.label, l.contoh FROM (
            UNPIVOT _wind ON desa_dengan_wksbm, cakupan_wksbm_pct, desa_tanpa_wksbm, wksbm_jumlah, wksbm_terbentuk,
                wksbm_berjalan, wksbm_eksis, wksbm_kecamatan, "psks:WKSBM"
            INTO NAME indikator VALUE nilai) u
        JOIN _labels l USING (sb)""",
    # ---- reporting completeness: child units that reported anything (themselves or below) that year
    """CREATE OR REPLACE TEMP TABLE _lapor AS
        WITH d AS (
            SELECT DISTINCT kode, tahun, sumber FROM jumlah_kategori WHERE diganti_batch IS NULL
            UNION SELECT DISTINCT kode, tahun, sumber FROM wksbm_versi WHERE diganti_batch IS NULL)
        SELECT left(d.kode, l.n) AS kode, d.tahun, bit_or(s.bit) AS sb
        FROM d JOIN _sumber_bit s USING (sumber), (VALUES (2), (5), (8), (13)) AS l(n)
        WHERE length(d.kode) >= l.n GROUP BY 1, 2""",
    """CREATE OR REPLACE TEMP TABLE _lapor_induk AS
        SELECT left(kode, CASE length(kode) WHEN 2 THEN 0 WHEN 5 THEN 2 WHEN 8 THEN 5 ELSE 8 END) AS kode, tahun,
               count(*) AS anak, bit_or(sb) AS sb
        FROM _lapor GROUP BY 1, 2""",
    """CREATE OR REPLACE TEMP TABLE _anak AS
        SELECT kode_induk AS kode, count(*) AS n FROM kode_wilayah GROUP BY 1""",
    """CREATE OR REPLACE TEMP TABLE _ytahun AS SELECT tahun, bit_or(sb) AS sb FROM _lapor GROUP BY tahun""",
    """CREATE OR REPLACE TEMP TABLE _lapor_nilai AS
        SELECT r.kode, r.tingkat, y.tahun, coalesce(l.anak, 0) AS anak, c.n, coalesce(l.sb, y.sb) AS sb
        FROM _wilayah r JOIN _anak c ON c.kode = r.kode CROSS JOIN _ytahun y
        LEFT JOIN _lapor_induk l ON l.kode = r.kode AND l.tahun = y.tahun""",
    _labels_for("_lapor_nilai"),
    """INSERT INTO indikator_nilai
        SELECT v.kode, v.tingkat, v.tahun, x.indikator,
            CASE x.indikator WHEN 'pelaporan_anak' THEN v.anak ELSE 100.0 * v.anak / v.n END, l.label, l.contoh
        FROM _lapor_nilai v JOIN _labels l USING (sb)
        CROSS JOIN (VALUES ('pelaporan_anak'), ('pelaporan_pct')) AS x(indikator)""",
    *(
        f"DROP TABLE IF EXISTS {t}"
        for t in (
            "_wilayah", "_tahun", "_sumber_all", "_sumber", "_sumber_bit", "_labels", "_desa_total", "_basis",
            "_agg", "_pmks_total", "_w", "_wagg", "_wtahun", "_wind", "_lapor", "_lapor_induk", "_anak", "_ytahun",
            "_lapor_nilai",
        )
    ),
]

DELETE_DEFINITIONS = "DELETE FROM indikator_definisi"
INSERT_DEFINITIONS = """INSERT INTO indikator_definisi
    SELECT indikator, nama, kelompok, satuan, definisi, urutan, sensitif FROM df_def"""

# ---- the library API (petakesos.indicators) ----------------------------------------------------------------
CHILD_VALUES = """SELECT w.kode, i.nilai FROM kode_wilayah w
    LEFT JOIN indikator i ON i.kode = w.kode AND i.tahun = ? AND i.indikator = ?
    WHERE w.kode_induk = ? ORDER BY w.kode"""
REGION_VALUES = "SELECT indikator, nilai FROM indikator WHERE kode = ? AND tahun = ?"
YEARS = "SELECT tahun FROM indikator WHERE indikator = 'desa_total' AND kode = '' ORDER BY tahun"
DEFINITIONS = """SELECT indikator, nama, kelompok, satuan, definisi, urutan, sensitif FROM indikator_definisi
    ORDER BY urutan"""
SERIES = "SELECT tahun, nilai FROM indikator WHERE kode = ? AND indikator = ? ORDER BY tahun"
ANY_DEMO = "SELECT EXISTS (SELECT 1 FROM indikator WHERE contoh)"
DESA_WITHOUT_WKSBM = """SELECT d.kode, d.nama, k.nama AS kecamatan FROM indikator i
    JOIN kode_wilayah d ON d.kode = i.kode
    LEFT JOIN kode_wilayah k ON k.kode = d.kode_induk
    WHERE i.tingkat = 'desa_kelurahan' AND i.indikator = 'desa_dengan_wksbm' AND i.tahun = ? AND i.nilai = 0
      AND (? = '' OR d.kode = ? OR starts_with(d.kode, ? || '.'))
    ORDER BY d.kode"""
SOURCES = """SELECT DISTINCT sumber, contoh FROM indikator WHERE (? IS NULL OR tahun = ?) AND sumber IS NOT NULL
    ORDER BY sumber"""
COUNT_VALUES = "SELECT count(*) FROM indikator_nilai"

"""SQL for the materialised indicators and the public view `indikator`.

Public, documented objects (the indicator contract; see docs/data-model.md):
- view `indikator(kode, tingkat, tahun, indikator, nilai, sumber, contoh)`: every indicator at every level
  ('' = Indonesia); `nilai` NULL = no data; `contoh` true when any contributing data is the demo dataset.
- table `indikator_definisi(indikator, nama, kelompok, satuan, definisi, urutan, sensitif, desimal, agregasi, arah)`.
The values live in table `indikator_nilai`, rebuilt set-based (GROUP BY code prefixes) inside the same atomic
update as every import and the demo; Kemendagri codes are prefixes of their descendants, so a region's code is
`left(kode, n)` of its descendants with n = 0 (Indonesia), 2, 5, 8 (and 13 = the desa itself).
"""

from petakesos.welfare import DEMO_SOURCE as DEMO

# (parent length, child length) from the desa upwards.
_STEPS = ((8, 13), (5, 8), (2, 5), (0, 2))
_TINGKAT_OF_LEN = """CASE length({c}) WHEN 0 THEN 'indonesia' WHEN 2 THEN 'provinsi' WHEN 5 THEN 'kabupaten_kota'
    WHEN 8 THEN 'kecamatan' ELSE 'desa_kelurahan' END"""
_INDICATOR_ID = "CASE WHEN {t}.jenis = 'UMUM' THEN {t}.kategori ELSE lower({t}.jenis) || ':' || {t}.kategori END"

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
    # Added by the general indicator model (issue 9); ALTER keeps stores built before it readable.
    "ALTER TABLE indikator_definisi ADD COLUMN IF NOT EXISTS desimal INTEGER",
    "ALTER TABLE indikator_definisi ADD COLUMN IF NOT EXISTS agregasi VARCHAR",
    # direction of "good" (petakesos.direction: naik-buruk, naik-baik, netral), resolved for every indicator
    "ALTER TABLE indikator_definisi ADD COLUMN IF NOT EXISTS arah VARCHAR",
    # General indicators: definitions declared by imports (`--indikator`, portal measure columns, `--rasio`).
    """CREATE TABLE IF NOT EXISTS indikator_umum (
        indikator VARCHAR PRIMARY KEY,
        nama VARCHAR NOT NULL,
        kelompok VARCHAR NOT NULL,
        satuan VARCHAR NOT NULL,      -- unit after scaling: 'jiwa' for a file written in RIBU JIWA
        skala DOUBLE NOT NULL,        -- factor applied at import (1000 for RIBU JIWA)
        desimal INTEGER NOT NULL,     -- decimals shown
        agregasi VARCHAR NOT NULL,    -- sum | none | ratio
        pembilang VARCHAR,            -- ratio: numerator indicator id
        penyebut VARCHAR,             -- ratio: denominator indicator id
        faktor DOUBLE,                -- ratio: multiplier (100 for a percentage)
        sensitif BOOLEAN NOT NULL,
        definisi VARCHAR NOT NULL)""",
    # declared direction (`--arah`, definitions file); NULL = the rule for the id (petakesos.direction)
    "ALTER TABLE indikator_umum ADD COLUMN IF NOT EXISTS arah VARCHAR",
    """CREATE TABLE IF NOT EXISTS nilai_umum (
        kode VARCHAR NOT NULL,
        tahun INTEGER NOT NULL,
        indikator VARCHAR NOT NULL,
        sumber VARCHAR NOT NULL,
        nilai DOUBLE NOT NULL,
        batch_id BIGINT NOT NULL,
        diganti_batch BIGINT)         -- NULL = current value""",
    # Series breaks: values of `indikator` for `kode` before `tahun` cover another territory (a unit was split off).
    """CREATE TABLE IF NOT EXISTS seri_putus (
        kode VARCHAR NOT NULL,
        indikator VARCHAR NOT NULL,
        tahun INTEGER NOT NULL,
        alasan VARCHAR NOT NULL)""",
    """CREATE OR REPLACE VIEW indikator AS
        SELECT kode, tingkat, tahun, indikator, nilai, sumber, contoh FROM indikator_nilai""",
]


def _rollup_steps() -> list[str]:
    """One INSERT per level, desa upwards, into `_agg` (parents only: the desa values stay in `_basis`, 45 M rows
    on a national file that a copy would only move). PMKS/PSKS counts: a parent is the sum of the children that
    reported (their reporting completeness is the separate `pelaporan_*` indicators). General `sum` indicators
    (jenis 'UMUM'): a parent is the sum of its children only when every child that existed that year reported
    (`_anak` minus `_belum`); otherwise it keeps its own reported value, or has none, so a partial total (one
    province shown as "Indonesia") never appears. Ratios over such a parent then have no value either."""
    out = []
    for parent, child in _STEPS:
        children = "_basis WHERE len = 13" if child == 13 else f"_agg WHERE length(kode) = {child}"
        out.append(
            f"""INSERT INTO _agg
            WITH kids AS (
                SELECT jenis, left(kode, {parent}) AS kode, tahun, kategori, sum(nilai) AS nilai, bit_or(sb) AS sb,
                       count(*) AS n
                FROM {children} GROUP BY jenis, left(kode, {parent}), tahun, kategori),
            complete AS (
                SELECT jenis, kode, tahun, kategori, nilai, sb FROM kids WHERE jenis <> 'UMUM'
                UNION ALL
                SELECT k.jenis, k.kode, k.tahun, k.kategori, k.nilai, k.sb
                FROM kids k JOIN _anak a ON a.kode = k.kode
                LEFT JOIN _belum b ON b.kode = k.kode AND b.indikator = k.kategori AND b.tahun = k.tahun
                WHERE k.jenis = 'UMUM' AND k.n >= a.n - coalesce(b.n, 0))
            SELECT jenis, kode, tahun, kategori, nilai, sb FROM complete
            UNION ALL
            SELECT b.jenis, b.kode, b.tahun, b.kategori, b.nilai, b.sb
            FROM _basis b ANTI JOIN complete k
              ON k.jenis = b.jenis AND k.kode = b.kode AND k.tahun = b.tahun AND k.kategori = b.kategori
            WHERE b.len = {parent}"""
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
# Counts that roll up by summing: PMKS/PSKS categories and the general indicators with aggregation `sum` (jenis
# 'UMUM', kategori = the indicator id). PMKS totals later take jenis 'PMKS' only, so a general indicator (PKH
# recipients, poor population) never enters them.
_SUMMED = """SELECT jenis, kode, tahun, kategori, sumber, nilai::DOUBLE AS nilai, batch_id FROM jumlah_kategori
        WHERE diganti_batch IS NULL AND tahun IN (SELECT tahun FROM _scope)
        UNION ALL
        SELECT 'UMUM', v.kode, v.tahun, v.indikator, v.sumber, v.nilai, v.batch_id
        FROM nilai_umum v JOIN indikator_umum d USING (indikator)
        WHERE v.diganti_batch IS NULL AND d.agregasi = 'sum' AND v.tahun IN (SELECT tahun FROM _scope)"""
_PRIORITY = f"(c.sumber <> '{DEMO}')::BIGINT * 1000000000000 + c.batch_id"
# `len`: the code's length, i.e. its level (13 = desa), read by every roll-up step.
BASIS_DEDUP = f"""CREATE OR REPLACE TEMP TABLE _basis AS
        SELECT c.jenis, c.kode, length(c.kode)::TINYINT AS len, c.tahun, c.kategori,
               arg_max(c.nilai, {_PRIORITY}) AS nilai, arg_max(s.bit, {_PRIORITY}) AS sb
        FROM ({_SUMMED}) c JOIN _sumber_bit s USING (sumber)
        GROUP BY c.jenis, c.kode, c.tahun, c.kategori"""
# With one source there is nothing to choose: a view, so the desa values (45 M on a national file) are read where
# they are stored instead of copied first.
BASIS_SINGLE = f"""CREATE OR REPLACE TEMP VIEW _basis AS
        SELECT c.jenis, c.kode, length(c.kode)::TINYINT AS len, c.tahun, c.kategori, c.nilai,
               (SELECT bit FROM _sumber_bit) AS sb
        FROM ({_SUMMED}) c"""
COUNT_SOURCES = "SELECT count(*) FROM _sumber_all"
# `_basis` is a table with several sources, a view with one: rebuild() drops the one it made.
DROP_BASIS = "-- drop basis"
DROP_BASIS_TABLE = "DROP TABLE _basis"
DROP_BASIS_VIEW = "DROP VIEW _basis"
# The years a rebuild recomputes: all (every year with data or with indicator values) or the given ones.
SCOPE_ALL = """CREATE OR REPLACE TEMP TABLE _scope AS
        SELECT DISTINCT tahun FROM jumlah_kategori UNION SELECT DISTINCT tahun FROM wksbm_versi
        UNION SELECT DISTINCT tahun FROM nilai_umum UNION SELECT DISTINCT tahun FROM indikator_nilai"""
SCOPE_YEARS = "CREATE OR REPLACE TEMP TABLE _scope AS SELECT DISTINCT unnest(?::INTEGER[]) AS tahun"
# Labels of sources beyond the 62nd share one bit ('sumber lain'): which ones depends on every source, so a
# rebuild of some years only is exact up to 62 sources.
MAX_SOURCE_BITS = 62
COUNT_CURRENT_SOURCES = """SELECT count(*) FROM (
        SELECT DISTINCT sumber FROM jumlah_kategori WHERE diganti_batch IS NULL
        UNION SELECT DISTINCT sumber FROM wksbm_versi WHERE diganti_batch IS NULL
        UNION SELECT DISTINCT sumber FROM nilai_umum WHERE diganti_batch IS NULL)"""

# Source labels travel through the roll-up as a bitmask (one bit per distinct label, `bit_or` when summing), so
# the aggregation never carries strings or lists; `_labels` turns each mask back into 'A; B' and the demo flag.
# Sources beyond the 62nd share one bit, labelled 'sumber lain'.
REBUILD = [
    # Only the years in `_scope` (every year for a full rebuild): each year's indicators depend on that year's
    # data alone (see petakesos.indicators.rebuild).
    "DELETE FROM indikator_nilai WHERE tahun IN (SELECT tahun FROM _scope)",
    """CREATE OR REPLACE TEMP TABLE _wilayah AS
        SELECT kode, tingkat FROM kode_wilayah UNION ALL SELECT '', 'indonesia'""",
    """CREATE OR REPLACE TEMP TABLE _tahun AS SELECT tahun FROM (
        SELECT DISTINCT tahun FROM jumlah_kategori WHERE diganti_batch IS NULL
        UNION SELECT DISTINCT tahun FROM wksbm_versi WHERE diganti_batch IS NULL
        UNION SELECT DISTINCT tahun FROM nilai_umum WHERE diganti_batch IS NULL) SEMI JOIN _scope USING (tahun)""",
    f"""CREATE OR REPLACE TEMP TABLE _sumber_all AS
        SELECT sumber, row_number() OVER (ORDER BY (sumber <> '{DEMO}'), sumber) - 1 AS i FROM (
            SELECT DISTINCT sumber FROM jumlah_kategori WHERE diganti_batch IS NULL
            UNION SELECT DISTINCT sumber FROM wksbm_versi WHERE diganti_batch IS NULL
            UNION SELECT DISTINCT sumber FROM nilai_umum WHERE diganti_batch IS NULL)""",
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
    # ---- units formed during the series (registered frame df_pemekaran(kode_baru, kode_asal, tahun_uu, dasar):
    # the known splits and those inferred from the data, petakesos.welfare.editions.formed_units). Such a unit
    # counts as a child of its parent for a general indicator only from the first year it is reported separately
    # (before that its territory is inside its origin's value), or from its formation year when never reported.
    """CREATE OR REPLACE TEMP TABLE _anak AS
        SELECT kode_induk AS kode, count(*) AS n FROM kode_wilayah GROUP BY 1""",
    """CREATE OR REPLACE TEMP TABLE _mulai AS
        SELECT p.kode_baru AS kode, i.indikator,
               coalesce(min(b.tahun), any_value(p.tahun_uu)) AS tahun
        FROM df_pemekaran p
        CROSS JOIN (SELECT DISTINCT kategori AS indikator FROM _basis WHERE jenis = 'UMUM') i
        LEFT JOIN _basis b ON b.jenis = 'UMUM' AND b.kategori = i.indikator
             AND (b.kode = p.kode_baru OR starts_with(b.kode, p.kode_baru || '.'))
        GROUP BY p.kode_baru, i.indikator""",
    """CREATE OR REPLACE TEMP TABLE _belum AS
        SELECT w.kode_induk AS kode, m.indikator, y.tahun, count(*) AS n
        FROM _mulai m JOIN kode_wilayah w ON w.kode = m.kode JOIN _tahun y ON y.tahun < m.tahun
        GROUP BY ALL""",
    """CREATE OR REPLACE TEMP TABLE _agg (jenis VARCHAR, kode VARCHAR, tahun INTEGER, kategori VARCHAR,
        nilai DOUBLE, sb BIGINT)""",
    *_rollup_steps(),
    _labels_for("_basis"),
    _labels_for("_agg"),
    # The indicator id of a count: the general indicator's own id, or 'pmks:AT' / 'psks:PSM'.
    f"""INSERT INTO indikator_nilai
        SELECT b.kode, 'desa_kelurahan', b.tahun, {_INDICATOR_ID.format(t="b")}, b.nilai, l.label, l.contoh
        FROM _basis b JOIN _labels l USING (sb) WHERE b.len = 13""",
    f"""INSERT INTO indikator_nilai
        SELECT a.kode, {_TINGKAT_OF_LEN.format(c="a.kode")}, a.tahun, {_INDICATOR_ID.format(t="a")}, a.nilai,
               l.label, l.contoh
        FROM _agg a JOIN _labels l USING (sb)""",
    """CREATE OR REPLACE TEMP TABLE _pmks_total AS
        SELECT kode, tahun, sum(nilai) AS nilai, bit_or(sb) AS sb FROM (
            SELECT kode, tahun, nilai, sb FROM _basis WHERE len = 13 AND jenis = 'PMKS'
            UNION ALL SELECT kode, tahun, nilai, sb FROM _agg WHERE jenis = 'PMKS')
        GROUP BY kode, tahun""",
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
    # ---- general indicators with aggregation `none`: published per level only, so each value stays at the
    # region it was given for and no parent value is invented from them.
    f"""CREATE OR REPLACE TEMP TABLE _none AS
        SELECT c.kode, c.tahun, c.indikator, arg_max(c.nilai, {_PRIORITY}) AS nilai, arg_max(s.bit, {_PRIORITY}) AS sb
        FROM nilai_umum c JOIN indikator_umum d USING (indikator) JOIN _sumber_bit s USING (sumber)
        WHERE c.diganti_batch IS NULL AND d.agregasi = 'none' AND c.tahun IN (SELECT tahun FROM _scope)
        GROUP BY c.kode, c.tahun, c.indikator""",
    _labels_for("_none"),
    f"""INSERT INTO indikator_nilai
        SELECT n.kode, {_TINGKAT_OF_LEN.format(c="n.kode")}, n.tahun, n.indikator, n.nilai, l.label, l.contoh
        FROM _none n JOIN _labels l USING (sb)""",
    # ---- desa total (from the code list: every desa/kelurahan, also those without polygon) for every data year
    """INSERT INTO indikator_nilai
        SELECT w.kode, w.tingkat, y.tahun, 'desa_total', coalesce(d.n, 0)::DOUBLE,
               'Kode wilayah ' || coalesce((SELECT any_value(edisi) FROM kode_wilayah), ''), false
        FROM _wilayah w CROSS JOIN _tahun y LEFT JOIN _desa_total d USING (kode)""",
    # ---- WKSBM: one row per WKSBM and reporting year (the same WKSBM from two sources counted once)
    f"""CREATE OR REPLACE TEMP TABLE _w AS
        SELECT w.tahun, w.kode, w.tahap, s.bit AS sb FROM wksbm_versi w JOIN _sumber_bit s USING (sumber)
        WHERE w.diganti_batch IS NULL AND w.tahun IN (SELECT tahun FROM _scope)
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
        WITH d AS (SELECT * FROM (
            SELECT DISTINCT kode, tahun, sumber FROM jumlah_kategori WHERE diganti_batch IS NULL
            UNION SELECT DISTINCT kode, tahun, sumber FROM wksbm_versi WHERE diganti_batch IS NULL
            UNION SELECT DISTINCT kode, tahun, sumber FROM nilai_umum WHERE diganti_batch IS NULL)
            SEMI JOIN _scope USING (tahun))
        SELECT left(d.kode, l.n) AS kode, d.tahun, bit_or(s.bit) AS sb
        FROM d JOIN _sumber_bit s USING (sumber), (VALUES (2), (5), (8), (13)) AS l(n)
        WHERE length(d.kode) >= l.n GROUP BY 1, 2""",
    """CREATE OR REPLACE TEMP TABLE _lapor_induk AS
        SELECT left(kode, CASE length(kode) WHEN 2 THEN 0 WHEN 5 THEN 2 WHEN 8 THEN 5 ELSE 8 END) AS kode, tahun,
               count(*) AS anak, bit_or(sb) AS sb
        FROM _lapor GROUP BY 1, 2""",
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
    # ---- ratio indicators: numerator / denominator × factor recomputed at every level from the parts' values
    # at that level (never averaged); no value where a part is missing or the denominator is 0.
    """INSERT INTO indikator_nilai
        SELECT a.kode, a.tingkat, a.tahun, d.indikator,
               CASE WHEN b.nilai <> 0 THEN d.faktor * a.nilai / b.nilai END,
               CASE WHEN a.sumber = b.sumber THEN a.sumber ELSE concat_ws('; ', a.sumber, b.sumber) END,
               a.contoh OR b.contoh
        FROM indikator_umum d
        JOIN indikator_nilai a ON a.indikator = d.pembilang
        JOIN indikator_nilai b ON b.indikator = d.penyebut AND b.kode = a.kode AND b.tahun = a.tahun
        WHERE d.agregasi = 'ratio' AND a.nilai IS NOT NULL AND b.nilai IS NOT NULL
          AND a.tahun IN (SELECT tahun FROM _scope)""",
    DROP_BASIS,
    *(
        f"DROP TABLE IF EXISTS {t}"
        for t in (
            "_wilayah", "_tahun", "_sumber_all", "_sumber", "_sumber_bit", "_labels", "_desa_total",
            "_agg", "_pmks_total", "_w", "_wagg", "_wtahun", "_wind", "_lapor", "_lapor_induk", "_anak", "_ytahun",
            "_lapor_nilai", "_none", "_mulai", "_belum", "_scope",
        )
    ),
]

DELETE_DEFINITIONS = "DELETE FROM indikator_definisi"
INSERT_DEFINITIONS = """INSERT INTO indikator_definisi
        (indikator, nama, kelompok, satuan, definisi, urutan, sensitif, desimal, agregasi, arah)
    SELECT indikator, nama, kelompok, satuan, definisi, urutan, sensitif, desimal, agregasi, arah FROM df_def"""
GENERAL_DEFINITIONS = """SELECT indikator, nama, kelompok, satuan, skala, desimal, agregasi, pembilang, penyebut, faktor,
    sensitif, definisi, arah FROM indikator_umum ORDER BY indikator"""
UPSERT_GENERAL = """INSERT INTO indikator_umum
        (indikator, nama, kelompok, satuan, skala, desimal, agregasi, pembilang, penyebut, faktor, sensitif, definisi,
         arah)
    SELECT indikator, nama, kelompok, satuan, skala, desimal, agregasi, pembilang, penyebut, faktor, sensitif, definisi,
        arah
    FROM df_umum
    ON CONFLICT (indikator) DO UPDATE SET nama = excluded.nama, kelompok = excluded.kelompok,
        satuan = excluded.satuan, skala = excluded.skala, desimal = excluded.desimal, agregasi = excluded.agregasi,
        pembilang = excluded.pembilang, penyebut = excluded.penyebut, faktor = excluded.faktor,
        sensitif = excluded.sensitif, definisi = excluded.definisi,
        arah = coalesce(excluded.arah, indikator_umum.arah)"""
# Series breaks from the known and inferred splits (registered frame df_pemekaran(kode_baru, kode_asal, tahun_uu,
# dasar)): the
# origin's series of an indicator breaks at the first year the new unit has its own value for it, when the origin
# has values before that year (those still include the new unit's territory).
DELETE_BREAKS = "DELETE FROM seri_putus"
# Current values of the general `sum` indicators (the data that splits are inferred from).
GENERAL_SUM_VALUES = """SELECT v.kode, v.tahun, v.indikator, arg_max(v.nilai, v.batch_id) AS nilai
    FROM nilai_umum v JOIN indikator_umum d USING (indikator)
    WHERE v.diganti_batch IS NULL AND d.agregasi = 'sum' GROUP BY ALL"""
INSERT_BREAKS = """INSERT INTO seri_putus
    SELECT p.kode_asal, f.indikator, f.tahun,
           'sebelum ' || f.tahun || ' termasuk wilayah ' || coalesce(w.nama, p.kode_baru) || ' (dimekarkan '
           || p.tahun_uu || ', ' || p.dasar || ')'
    FROM df_pemekaran p
    JOIN (SELECT kode, indikator, min(tahun) AS tahun FROM indikator_nilai
          WHERE nilai IS NOT NULL AND kode IN (SELECT kode_baru FROM df_pemekaran)
          GROUP BY kode, indikator) f ON f.kode = p.kode_baru
    LEFT JOIN kode_wilayah w ON w.kode = p.kode_baru
    WHERE EXISTS (SELECT 1 FROM indikator_nilai o WHERE o.kode = p.kode_asal AND o.indikator = f.indikator
                  AND o.tahun < f.tahun AND o.nilai IS NOT NULL
                  AND o.kode IN (SELECT kode_asal FROM df_pemekaran))"""

# ---- the one read path (petakesos.indicators) ----------------------------------------------------------------
OBJECT_EXISTS = "SELECT count(*) FROM information_schema.tables WHERE table_name = ?"
CHILD_VALUES = """SELECT w.kode, i.nilai FROM kode_wilayah w
    LEFT JOIN indikator i ON i.kode = w.kode AND i.tahun = ? AND i.indikator = ?
    WHERE w.kode_induk = ? ORDER BY w.kode"""
REGION_VALUES = "SELECT indikator, nilai FROM indikator WHERE kode = ? AND tahun = ?"
# desa_total has a row for Indonesia in every year with any data (cheap: no scan of all values).
YEARS = "SELECT tahun FROM indikator WHERE indikator = 'desa_total' AND kode = '' ORDER BY tahun"
DEFINITIONS = """SELECT * FROM indikator_definisi ORDER BY urutan, indikator"""
SENSITIVE_DEFINITIONS = "SELECT indikator FROM indikator_definisi WHERE sensitif"
SENSITIVE_CATEGORIES = """SELECT 'pmks:' || singkatan FROM kategori WHERE jenis = 'PMKS' AND sensitif"""
SERIES = "SELECT tahun, nilai FROM indikator WHERE kode = ? AND indikator = ? ORDER BY tahun"
# Several units split off one origin in the same year (Papua 2022) give one break with every reason.
SERIES_BREAKS = """SELECT tahun, string_agg(alasan, '; ' ORDER BY alasan) FROM seri_putus
    WHERE kode = ? AND indikator = ? GROUP BY tahun ORDER BY tahun"""
CHILD_BREAKS = """SELECT s.kode, string_agg(s.alasan, '; ') FROM seri_putus s
    JOIN kode_wilayah w ON w.kode = s.kode
    WHERE w.kode_induk = ? AND s.indikator = ? AND s.tahun > ? AND s.tahun <= ? GROUP BY s.kode"""
ANY_DEMO = "SELECT EXISTS (SELECT 1 FROM indikator WHERE contoh)"
VIEW_IS_DEMO = """SELECT coalesce(bool_or(i.contoh), false) FROM indikator i
    WHERE i.tahun = ? AND list_contains(?, i.indikator)
      AND (i.kode = ? OR i.kode IN (SELECT kode FROM kode_wilayah WHERE kode_induk = ?))"""
VIEW_SOURCES = """SELECT DISTINCT i.sumber FROM indikator i
    WHERE i.tahun = ? AND list_contains(?, i.indikator) AND i.sumber IS NOT NULL
      AND (i.kode = ? OR i.kode IN (SELECT kode FROM kode_wilayah WHERE kode_induk = ?))
    ORDER BY 1"""
DESA_WITHOUT_WKSBM = """SELECT d.kode, d.nama, k.nama AS kecamatan FROM indikator i
    JOIN kode_wilayah d ON d.kode = i.kode
    LEFT JOIN kode_wilayah k ON k.kode = d.kode_induk
    WHERE i.tingkat = 'desa_kelurahan' AND i.indikator = 'desa_dengan_wksbm' AND i.tahun = ? AND i.nilai = 0
      AND (? = '' OR d.kode = ? OR starts_with(d.kode, ? || '.'))
    ORDER BY d.kode"""
SOURCES = """SELECT DISTINCT sumber, contoh FROM indikator WHERE (? IS NULL OR tahun = ?) AND sumber IS NOT NULL
    ORDER BY sumber"""
COUNT_VALUES = "SELECT count(*) FROM indikator_nilai"
ANY_VALUE = "SELECT EXISTS (SELECT 1 FROM indikator_nilai)"
WITH_DATA = "SELECT DISTINCT indikator FROM indikator_nilai WHERE nilai IS NOT NULL"
DEFAULT_INDICATOR = """SELECT indikator FROM (
        SELECT 'cakupan_wksbm_pct' AS indikator, 0 AS urutan WHERE EXISTS (SELECT 1 FROM wksbm_versi)
        UNION ALL SELECT d.indikator, d.urutan FROM indikator_definisi d JOIN indikator_umum u USING (indikator)
        UNION ALL SELECT 'cakupan_wksbm_pct', 1000000000)
    ORDER BY urutan LIMIT 1"""
# All indicators of the children of a parent ('' = Indonesia) and of the parent itself, for one year.
VIEW_VALUES = """SELECT i.kode, i.indikator, i.nilai FROM indikator i
    WHERE i.tahun = ? AND (i.kode = ? OR i.kode IN (SELECT kode FROM kode_wilayah WHERE kode_induk = ?))"""
CHILD_CODES = "SELECT kode, nama, tingkat FROM kode_wilayah WHERE kode_induk = ? ORDER BY kode"
# Bulk reads for many views at once (the `indikator` view is scanned once instead of once per view).
CODES_UNDER_PARENTS = "SELECT kode FROM kode_wilayah WHERE kode_induk IN (SELECT unnest(?::VARCHAR[]))"
VALUES_FOR_CODES = """SELECT i.kode, i.indikator, i.nilai, i.sumber, i.contoh FROM indikator i
    SEMI JOIN (SELECT unnest(?::VARCHAR[]) AS kode) c ON i.kode = c.kode
    WHERE i.tahun = ?"""
LAST_IMPORT = "SELECT max(waktu) FROM impor_batch"
GENERAL_AGGREGATION = "SELECT agregasi FROM indikator_umum WHERE indikator = ?"
# Provinces holding any current welfare data (two are enough to know the store is not one province's).
DATA_PROVINCES = """SELECT DISTINCT left(kode, 2) FROM (
        SELECT kode FROM nilai_umum WHERE diganti_batch IS NULL
        UNION ALL SELECT kode FROM jumlah_kategori WHERE diganti_batch IS NULL
        UNION ALL SELECT kode FROM wksbm_versi WHERE diganti_batch IS NULL)
    WHERE length(kode) >= 2 LIMIT 2"""
# When the welfare data was last loaded (anything but boundaries and the code list).
LAST_DATA_LOAD = """SELECT max(loaded_at) FROM load_log WHERE kind NOT IN ('boundaries', 'kode_wilayah')"""

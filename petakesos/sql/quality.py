"""SQL of the import's data-quality warnings (etl/welfare/validate.py `quality_warnings`; rules in its docstring).

Each statement reads the temp table `_q` (kode, tahun, indikator, nilai DOUBLE, row, column, induk, persen, summed)
that `QUALITY_VALUES` builds from a file's values, and returns the rows to warn about, in file order. The
thresholds are bound parameters (validate.py defines them). Over a national file (45 M values) set-based SQL
costs a fraction of pandas group-bys.
"""

# `{source}`: a view or registered frame (kode, tahun, indikator, nilai, row, column); `q_defs` (indikator,
# persen, summed) holds the indicators whose unit is % and whose aggregation is not `sum` (others: not %, sum).
QUALITY_VALUES = """CREATE OR REPLACE TEMP TABLE _q AS
    SELECT v.kode, v.tahun::INTEGER AS tahun, v.indikator, v.nilai::DOUBLE AS nilai, v.row::BIGINT AS row,
           v."column"::VARCHAR AS "column",
           CASE WHEN contains(v.kode, '.') THEN left(v.kode, length(v.kode) - strpos(reverse(v.kode), '.'))
                ELSE '' END AS induk,
           coalesce(d.persen, false) AS persen, coalesce(d.summed, true) AS summed
    FROM {source} v LEFT JOIN q_defs d USING (indikator)"""
# History (stored values of earlier imports, row -1) takes part in the year-on-year check only.
QUALITY_HISTORY = """INSERT INTO _q
    SELECT h.kode, h.tahun, h.indikator, h.nilai, -1, '', '', coalesce(d.persen, false), true
    FROM q_history h LEFT JOIN q_defs d USING (indikator)
    ANTI JOIN _q v ON v.kode = h.kode AND v.tahun = h.tahun AND v.indikator = h.indikator"""

# $1 JUMP_FACTOR, $2 JUMP_MIN
JUMPS = """SELECT indikator, kode, tahun, nilai, prev, row, "column" FROM (
        SELECT *, lag(tahun) OVER w AS prev_year, lag(nilai) OVER w AS prev FROM _q
        WINDOW w AS (PARTITION BY indikator, kode ORDER BY tahun))
    WHERE row >= 0 AND prev_year = tahun - 1 AND prev > 0 AND nilai > 0 AND (persen OR greatest(nilai, prev) >= $2)
      AND (nilai / prev > $1 OR nilai / prev < 1 / $1)
    ORDER BY row, "column", indikator"""

# $1 OUTLIER_MIN_SIBLINGS, $2 OUTLIER_Z, $3 OUTLIER_FACTOR. Siblings: same parent, year and indicator; robust z on
# a log scale (1.4826 × median absolute deviation); no spread (MAD 0 or unknown) counts as infinitely far.
OUTLIERS = """WITH v AS (SELECT * FROM _q WHERE row >= 0),
    g AS (SELECT indikator, induk, tahun, median(nilai) AS med, count(*) AS n FROM v GROUP BY ALL),
    d AS (SELECT v.*, g.med, g.n,
                 CASE WHEN v.nilai > 0 AND g.med > 0 THEN abs(log10(v.nilai) - log10(g.med)) END AS log_dev
          FROM v JOIN g USING (indikator, induk, tahun)),
    m AS (SELECT indikator, induk, tahun, median(log_dev) AS mad FROM d GROUP BY ALL)
    SELECT d.indikator, d.kode, d.tahun, d.nilai, d.med, d.row, d."column"
    FROM d JOIN m USING (indikator, induk, tahun)
    WHERE d.n >= $1 AND d.med > 0
      AND (d.log_dev IS NULL OR m.mad IS NULL OR m.mad <= 0 OR d.log_dev / (1.4826 * m.mad) > $2)
      AND (d.nilai > $3 * d.med OR (d.nilai > 0 AND d.nilai < d.med / $3))
    ORDER BY d.row, d."column", d.indikator"""

PERCENT_OVER_100 = """SELECT indikator, kode, tahun, nilai, row, "column" FROM _q
    WHERE row >= 0 AND persen AND nilai > 100 ORDER BY row, "column", indikator"""

# $1 PARENT_TOLERANCE: a parent given beside its children (indicators that sum) differs from their sum.
PARENT_NOT_SUM = """WITH v AS (SELECT * FROM _q WHERE row >= 0 AND summed),
    kids AS (SELECT indikator, induk AS kode, tahun, sum(nilai) AS anak FROM v GROUP BY ALL)
    SELECT v.indikator, v.kode, v.tahun, v.nilai, k.anak, v.row, v."column"
    FROM v JOIN kids k USING (indikator, kode, tahun)
    WHERE abs(v.nilai - k.anak) > greatest($1 * v.nilai, 1)
    ORDER BY v.row, v."column", v.indikator"""

DROP = "DROP TABLE IF EXISTS _q"

"""SQL of the import's data-quality warnings (etl/welfare/validate.py `quality_warnings`; rules in its docstring).

Each statement reads the temp table `_q` (kode, tahun, indikator, nilai DOUBLE, row, column, induk, persen, summed)
that `CODE_KEYS` and `QUALITY_VALUES` build from a file's values, and returns the rows to warn about, in file order. The
thresholds are bound parameters (validate.py defines them). Over a national file (45 M values) set-based SQL
costs a fraction of pandas group-bys.
"""

# `{source}`: a view or registered frame (kode, tahun, indikator, nilai, row, column); `q_defs` (indikator,
# persen, summed) holds the indicators whose unit is % and whose aggregation is not `sum` (others: not %, sum);
# `q_history` (kode, tahun, indikator, nilai): stored values of earlier imports, row -1, for the year-on-year
# check only. Codes, parents and indicators become integers first: grouping and joining tens of millions of
# values on integers is several times faster than on strings.
# The code keys: `{codes}` lists every code the checks will see (a file's codes, read once for all its categories,
# or CODES_OF_SOURCE for one call).
CODES_OF_SOURCE = "SELECT kode FROM {source} UNION SELECT kode FROM q_history"
CODE_KEYS = [
    """CREATE OR REPLACE TEMP TABLE _qcode AS
        SELECT kode, CASE WHEN contains(kode, '.') THEN left(kode, length(kode) - strpos(reverse(kode), '.'))
                          ELSE '' END AS induk, (row_number() OVER (ORDER BY kode))::INTEGER AS k
        FROM (SELECT DISTINCT kode FROM ({codes}))""",
    """CREATE OR REPLACE TEMP TABLE _qparent AS
        SELECT induk, (row_number() OVER (ORDER BY induk))::INTEGER AS p FROM (SELECT DISTINCT induk FROM _qcode)""",
    # k: the code, p: its parent, pk: the code itself as a parent (NULL when no value lies under it)
    """CREATE OR REPLACE TEMP TABLE _qk AS
        SELECT c.kode, c.k, p.p, s.p AS pk FROM _qcode c JOIN _qparent p USING (induk)
        LEFT JOIN _qparent s ON s.induk = c.kode""",
]
QUALITY_VALUES = [
    """CREATE OR REPLACE TEMP TABLE _qind AS
        SELECT x.indikator, (row_number() OVER (ORDER BY x.indikator))::INTEGER AS i,
               coalesce(d.persen, false) AS persen, coalesce(d.summed, true) AS summed
        FROM (SELECT DISTINCT indikator FROM {source} UNION SELECT indikator FROM q_history) x
        LEFT JOIN q_defs d USING (indikator)""",
    """CREATE OR REPLACE TEMP TABLE _q AS
        SELECT c.k, c.p, c.pk, n.i, n.persen, n.summed, v.tahun::INTEGER AS tahun, v.nilai::DOUBLE AS nilai,
               v.row::BIGINT AS row, v."column"::VARCHAR AS "column"
        FROM {source} v JOIN _qk c USING (kode) JOIN _qind n USING (indikator)""",
    """INSERT INTO _q
        SELECT c.k, c.p, c.pk, n.i, n.persen, n.summed, h.tahun, h.nilai, -1, ''
        FROM q_history h JOIN _qk c USING (kode) JOIN _qind n USING (indikator)
        ANTI JOIN _q v ON v.k = c.k AND v.tahun = h.tahun AND v.i = n.i""",
]
_NAMES = "JOIN _qk c ON c.k = w.k JOIN _qind n ON n.i = w.i"

# $1 JUMP_FACTOR, $2 JUMP_MIN. The year before: the same region's value of tahun - 1 (keys are unique).
JUMPS = f"""SELECT n.indikator, c.kode, w.tahun, w.nilai, w.prev, w.row, w."column" FROM (
        SELECT a.*, b.nilai AS prev FROM _q a JOIN _q b ON b.k = a.k AND b.i = a.i AND b.tahun = a.tahun - 1
        WHERE a.row >= 0 AND b.nilai > 0 AND a.nilai > 0 AND (a.persen OR greatest(a.nilai, b.nilai) >= $2)
          AND (a.nilai / b.nilai > $1 OR a.nilai / b.nilai < 1 / $1)) w {_NAMES}
    ORDER BY w.row, w."column", n.indikator"""

# $1 OUTLIER_MIN_SIBLINGS, $2 OUTLIER_Z, $3 OUTLIER_FACTOR. Siblings: same parent, year and indicator; robust z on
# a log scale (1.4826 × median absolute deviation); no spread (MAD 0 or unknown) counts as infinitely far. The
# deviation's median is only needed where a value is OUTLIER_FACTOR times off the median (few groups).
# $4: one indicator (`_qind.i`) per query: a median needs all of its group's values in memory, so the groups of
# one indicator at a time keep that bounded (every check groups by indicator, so this is still the whole file).
OUTLIERS = f"""WITH v AS (SELECT * FROM _q WHERE row >= 0 AND i = $4),
    g AS (SELECT i, p, tahun, median(nilai) AS med FROM v GROUP BY ALL HAVING count(*) >= $1 AND median(nilai) > 0),
    cand AS (SELECT v.*, g.med FROM v JOIN g USING (i, p, tahun)
             WHERE v.nilai > $3 * g.med OR (v.nilai > 0 AND v.nilai < g.med / $3)),
    m AS (SELECT v.i, v.p, v.tahun,
                 median(CASE WHEN v.nilai > 0 THEN abs(log10(v.nilai) - log10(g.med)) END) AS mad
          FROM v JOIN g USING (i, p, tahun) SEMI JOIN (SELECT DISTINCT i, p, tahun FROM cand) USING (i, p, tahun)
          GROUP BY ALL),
    w AS (SELECT cand.*, CASE WHEN cand.nilai > 0 THEN abs(log10(cand.nilai) - log10(cand.med)) END AS log_dev,
                 m.mad
          FROM cand JOIN m USING (i, p, tahun))
    SELECT n.indikator, c.kode, w.tahun, w.nilai, w.med, w.row, w."column" FROM w {_NAMES}
    WHERE w.log_dev IS NULL OR w.mad IS NULL OR w.mad <= 0 OR w.log_dev / (1.4826 * w.mad) > $2
    ORDER BY w.row, w."column", n.indikator"""

PERCENT_OVER_100 = f"""SELECT n.indikator, c.kode, w.tahun, w.nilai, w.row, w."column"
    FROM (SELECT * FROM _q WHERE row >= 0 AND persen AND nilai > 100) w {_NAMES}
    ORDER BY w.row, w."column", n.indikator"""

# $1 PARENT_TOLERANCE: a parent given beside its children (indicators that sum) differs from their sum.
PARENT_NOT_SUM = f"""WITH v AS (SELECT * FROM _q WHERE row >= 0 AND summed),
    kids AS (SELECT i, p AS pk, tahun, sum(nilai) AS anak FROM v GROUP BY ALL),
    w AS (SELECT v.*, kids.anak FROM v JOIN kids USING (i, pk, tahun)
          WHERE abs(v.nilai - kids.anak) > greatest($1 * v.nilai, 1))
    SELECT n.indikator, c.kode, w.tahun, w.nilai, w.anak, w.row, w."column" FROM w {_NAMES}
    ORDER BY w.row, w."column", n.indikator"""
# Parents given beside children need codes of several lengths; else the check is skipped.
CODE_LENGTHS = "SELECT count(DISTINCT length(kode)) FROM _qcode"

INDICATOR_IDS = "SELECT i FROM _qind ORDER BY i"
DROP = [f"DROP TABLE IF EXISTS {t}" for t in ("_q", "_qind")]
DROP_CODE_KEYS = [f"DROP TABLE IF EXISTS {t}" for t in ("_qk", "_qcode", "_qparent")]

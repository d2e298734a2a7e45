"""SQL to undo one import batch in the store (etl/welfare/undo.py), keeping history.

The rows the batch replaced become current again (`diganti_batch` cleared); the batch's own rows are retired with
`diganti_batch` = their own batch id, which marks them "undone" and keeps them as history. A batch whose rows were
since replaced by a later batch cannot be undone before that later batch.
"""

BATCH = "SELECT id, file, sha256, sumber, ringkasan FROM impor_batch WHERE id = ?"
# Rows of the batch that a later batch has replaced: undoing would bring back values older than the later import.
SUPERSEDED = """SELECT DISTINCT diganti_batch FROM (
        SELECT diganti_batch FROM jumlah_kategori WHERE batch_id = $1 AND diganti_batch IS NOT NULL
            AND diganti_batch <> $1
        UNION ALL
        SELECT diganti_batch FROM wksbm_versi WHERE batch_id = $1 AND diganti_batch IS NOT NULL
            AND diganti_batch <> $1
        UNION ALL
        SELECT diganti_batch FROM nilai_umum WHERE batch_id = $1 AND diganti_batch IS NOT NULL
            AND diganti_batch <> $1) ORDER BY 1"""
ALREADY_UNDONE = """SELECT count(*) FROM (
        SELECT 1 FROM jumlah_kategori WHERE batch_id = $1 AND diganti_batch = $1
        UNION ALL SELECT 1 FROM wksbm_versi WHERE batch_id = $1 AND diganti_batch = $1
        UNION ALL SELECT 1 FROM nilai_umum WHERE batch_id = $1 AND diganti_batch = $1)"""
CURRENT_ROWS = """SELECT (SELECT count(*) FROM jumlah_kategori WHERE batch_id = $1 AND diganti_batch IS NULL)
    + (SELECT count(*) FROM wksbm_versi WHERE batch_id = $1 AND diganti_batch IS NULL)
    + (SELECT count(*) FROM nilai_umum WHERE batch_id = $1 AND diganti_batch IS NULL)"""
RESTORE = [
    "UPDATE jumlah_kategori SET diganti_batch = NULL WHERE diganti_batch = $1 AND batch_id <> $1",
    "UPDATE wksbm_versi SET diganti_batch = NULL WHERE diganti_batch = $1 AND batch_id <> $1",
    "UPDATE nilai_umum SET diganti_batch = NULL WHERE diganti_batch = $1 AND batch_id <> $1",
]
RETIRE = [
    "UPDATE jumlah_kategori SET diganti_batch = $1 WHERE batch_id = $1 AND diganti_batch IS NULL",
    "UPDATE wksbm_versi SET diganti_batch = $1 WHERE batch_id = $1 AND diganti_batch IS NULL",
    "UPDATE nilai_umum SET diganti_batch = $1 WHERE batch_id = $1 AND diganti_batch IS NULL",
]
MARK_BATCH = "UPDATE impor_batch SET ringkasan = coalesce(ringkasan, '') || ? WHERE id = ?"

"""Undo one welfare import batch: the values it replaced return, its own values are retired (kept as history),
and the indicators are rebuilt, in one `atomic_update` (so the store's writer lock applies)."""

from __future__ import annotations

from pathlib import Path

from petakesos import indicators
from petakesos._errors import UploadRejected
from petakesos.sql import regions as rq
from petakesos.sql import undo as q
from petakesos.store import atomic_update


def undo_batch(batch_id: int, *, db_path: Path, expected_sha256: str | None = None, by: str = "") -> int:
    """Undo batch `batch_id`; returns the number of rows it had made current. `expected_sha256` guards against a
    store rebuilt since (batch ids restart): the batch must still be the same file."""
    with atomic_update(Path(db_path)) as con:
        found = con.execute(q.BATCH, [batch_id]).fetchall()
        if not found:
            raise UploadRejected(f"batch {batch_id} tidak ada di basis data {db_path} (basis data dibangun ulang?)",
                                 title="Impor tidak dapat dibatalkan")
        _, file, sha256, _, _ = found[0]
        if expected_sha256 and sha256 != expected_sha256:
            raise UploadRejected(f"batch {batch_id} di basis data sekarang berasal dari berkas lain ({file}); "
                                 "basis data telah dibangun ulang sejak impor itu", title="Impor tidak dapat dibatalkan")
        if con.execute(q.ALREADY_UNDONE, [batch_id]).fetchall()[0][0]:
            raise UploadRejected(f"batch {batch_id} ({file}) sudah dibatalkan", title="Impor tidak dapat dibatalkan")
        later = [r[0] for r in con.execute(q.SUPERSEDED, [batch_id]).fetchall()]
        if later:
            raise UploadRejected(
                f"nilai batch {batch_id} ({file}) sudah diganti oleh batch {', '.join(map(str, later))}: batalkan "
                "batch yang lebih baru itu dulu", title="Impor tidak dapat dibatalkan")
        rows = con.execute(q.CURRENT_ROWS, [batch_id]).fetchall()[0][0]
        for statement in q.RESTORE + q.RETIRE:
            con.execute(statement, [batch_id])
        con.execute(q.MARK_BATCH, [f" — dibatalkan{' oleh ' + by if by else ''}", batch_id])
        indicators.rebuild(con)
        con.execute(rq.LOG_LOAD, ["welfare-undo", file, sha256, f"batch {batch_id} dibatalkan, {rows} baris"])
    return int(rows)

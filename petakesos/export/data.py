"""What the exports read from the store: the indicator table of a view, definitions, sources, demo flag.

Reads the public indicator contract directly (view `indikator`, tables `indikator_definisi`, `kategori`), so the
exports work with any loader that fulfils it. A store without welfare data gives empty tables, not errors.
"""

from __future__ import annotations

import datetime as dt

import numpy as np
import pandas as pd

from petakesos.sql import export as q

SENSITIVE_FALLBACK = ("pmks:ODHA", "pmks:KPN", "pmks:KTR", "pmks:KTK", "pmks:AKTK")
"""Used only when the store has neither `indikator_definisi.sensitif` nor `kategori.sensitif` (old stores)."""


def has_object(store, name: str) -> bool:
    return bool(store.rows(q.OBJECT_EXISTS, [name])[0][0])


def has_indicators(store) -> bool:
    return has_object(store, "indikator")


def definitions(store) -> pd.DataFrame:
    """DataFrame(indikator, nama, kelompok, satuan, definisi, urutan, sensitif); empty without welfare data."""
    if not has_object(store, "indikator_definisi"):
        return pd.DataFrame(columns=["indikator", "nama", "kelompok", "satuan", "definisi", "urutan", "sensitif"])
    return store.df(q.DEFINITIONS)


def definition(store, indikator: str) -> dict:
    """Name, unit, group, definition and sensitivity of one indicator (a readable fallback when unknown)."""
    defs = definitions(store)
    found = defs[defs["indikator"] == indikator]
    if len(found):
        row = found.iloc[0].to_dict()
        row["sensitif"] = bool(row.get("sensitif")) or indikator in sensitive_indicators(store)
        return row
    return {
        "indikator": indikator,
        "nama": indikator.replace("_", " ").replace(":", " ").strip().capitalize(),
        "kelompok": "",
        "satuan": "",
        "definisi": "",
        "urutan": 0,
        "sensitif": indikator in sensitive_indicators(store),
    }


def sensitive_indicators(store) -> list[str]:
    """Indicator ids of sensitive categories (flag in `indikator_definisi` and/or `kategori`)."""
    found: set[str] = set()
    flagged = False
    if has_object(store, "indikator_definisi"):
        defs = store.df(q.DEFINITIONS)
        found |= set(defs.loc[defs["sensitif"].astype(bool), "indikator"])
        flagged = True
    if has_object(store, "kategori"):
        found |= {r[0] for r in store.rows(q.SENSITIVE_CATEGORIES)}
        flagged = True
    if not flagged:
        found = set(SENSITIVE_FALLBACK)
    return sorted(found)


def view_parents(parents: list[str]) -> set[str]:
    """Every view needed to suppress the views of `parents` consistently: each parent and all its ancestors."""
    from petakesos import codes as kode_util

    needed = {""}
    for p in parents:
        needed.add(p)
        needed.update(kode_util.ancestors_of(p))
    return needed


def prefetch(store, views: set[str], tahun: int) -> pd.DataFrame:
    """All indicator values of the given views (each view: the parent and its children) for one year, in one scan
    of `indikator`: DataFrame(kode, indikator, nilai)."""
    codes = sorted(views | {r[0] for r in store.rows(q.CODES_UNDER_PARENTS, [sorted(views)])})
    if not has_indicators(store):
        return pd.DataFrame(columns=["kode", "indikator", "nilai", "sumber", "contoh"])
    return store.df(q.VALUES_FOR_CODES, [codes, int(tahun)])


def split_sources(texts) -> list[str]:
    """Distinct source labels in order; a value may carry several labels separated by ';'."""
    labels: list[str] = []
    for text in texts:
        if text is None or (isinstance(text, float) and np.isnan(text)):
            continue
        for part in str(text).split(";"):
            part = part.strip()
            if part and part not in labels:
                labels.append(part)
    return labels


def pivot(long: pd.DataFrame) -> pd.DataFrame:
    """Long (kode, indikator, nilai) values as a region × indicator table."""
    table = long.pivot_table(index="kode", columns="indikator", values="nilai", aggfunc="first", dropna=False)
    table.columns.name = None
    return table


def view_table(
    store, parent_kode: str, tahun: int, meta: dict | None = None, wide: pd.DataFrame | None = None
) -> pd.DataFrame:
    """Region × indicator table of a view: the parent row first (index `parent_kode`), then every child (also
    those without values), columns in the definitions' display order. `meta` (from `store_meta`) saves the
    look-ups that are the same for every view when many views are read in a row; `wide` (`pivot` of `prefetch`)
    holds the values already read."""
    meta = meta or store_meta(store)
    children = [r[0] for r in store.rows(q.CHILD_CODES, [parent_kode])]
    index = [parent_kode, *children]
    if not meta["has_indicators"]:
        return pd.DataFrame(index=pd.Index(index, name="kode"))
    if wide is None:
        wide = pivot(store.df(q.VIEW_VALUES, [int(tahun), parent_kode, parent_kode]))
    table = wide
    order = meta["order"]
    cols = [c for c in order if c in table.columns] + sorted(c for c in table.columns if c not in order)
    table = table.reindex(index=index, columns=cols)
    table.index.name = "kode"
    table.columns.name = None
    return table.astype(float)


def store_meta(store) -> dict:
    """What every view of one store shares: whether it has indicators, their display order, the sensitive ones."""
    has = has_indicators(store)
    return {
        "has_indicators": has,
        "order": list(definitions(store)["indikator"]) if has else [],
        "sensitive": sensitive_indicators(store),
    }


def children_names(store, parent_kode: str) -> pd.DataFrame:
    return store.df(q.CHILD_CODES, [parent_kode])


def sources(store, parent_kode: str, tahun: int, indikators: list[str]) -> list[str]:
    if not has_indicators(store):
        return []
    rows = store.rows(q.VIEW_SOURCES, [int(tahun), list(indikators), parent_kode, parent_kode])
    return split_sources(r[0] for r in rows)


def is_demo(store, parent_kode: str | None = None, tahun: int | None = None, indikators: list[str] | None = None) -> bool:
    """True when the data shown (or, without arguments, any data in the store) is the demo dataset."""
    if not has_indicators(store):
        return False
    if parent_kode is None or tahun is None or indikators is None:
        return bool(store.rows(q.ANY_DEMO)[0][0])
    return bool(store.rows(q.VIEW_IS_DEMO, [int(tahun), list(indikators), parent_kode, parent_kode])[0][0])


def years(store) -> list[int]:
    if not has_indicators(store):
        return []
    return [int(r[0]) for r in store.rows(q.YEARS)]


def data_date(store) -> dt.datetime | None:
    """When the welfare data was last imported (table `impor_batch`, else the load log); None without data."""
    if has_object(store, "impor_batch"):
        row = store.rows(q.LAST_IMPORT)
        if row and row[0][0] is not None:
            return row[0][0]
    row = store.rows(q.LAST_DATA_LOAD)
    return row[0][0] if row and row[0][0] is not None else None


def decimals_for(values: pd.Series | np.ndarray) -> int:
    arr = np.asarray(pd.to_numeric(pd.Series(values), errors="coerce"), dtype=float)
    arr = arr[~np.isnan(arr)]
    if arr.size == 0 or np.all(np.isclose(arr, np.round(arr))):
        return 0
    return 1


MONTHS = (
    "Januari", "Februari", "Maret", "April", "Mei", "Juni",
    "Juli", "Agustus", "September", "Oktober", "November", "Desember",
)  # fmt: skip


def tanggal(day: dt.date | dt.datetime) -> str:
    """Indonesian long date: 27 November 2026."""
    return f"{day.day} {MONTHS[day.month - 1]} {day.year}"

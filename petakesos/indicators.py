"""The one read path for indicators, and the rebuild of the materialised table.

Writers (the welfare import and the demo) call `rebuild(con)` inside their `atomic_update`. Every reader — the
dashboard views, the exports (print map, table), disclosure control (`petakesos.privacy`) and presentation mode —
reads indicators through the functions below with a `petakesos.store.Store`; `petakesos.export.data` only
re-exports them. The rules shown to users are defined once here: the display decimals of an indicator
(`decimals`), the classification method (`resolve_method`, with the SPM scale for WKSBM coverage) and the
sensitive indicators (`sensitive_indicators`); the demo mark is `petakesos.welfare.DEMO_SOURCE`. A store without
welfare data answers with empty results instead of failing.
"""

from __future__ import annotations

import datetime as dt

import duckdb
import numpy as np
import pandas as pd

from petakesos.direction import NEUTRAL, direction_of
from petakesos.sql import indicators as q
from petakesos.sql import welfare as wq
from petakesos.store import registered, run_with_frame
from petakesos.welfare.editions import formed_units
from petakesos.welfare.model import decimals_of

COVERAGE = "cakupan_wksbm_pct"  # the indicator with the SPM target (one WKSBM in every desa/kelurahan)

# (indikator, nama, kelompok, satuan, definisi)
BASE_DEFINITIONS: list[tuple[str, str, str, str, str]] = [
    (
        "desa_total",
        "Jumlah desa/kelurahan",
        "Wilayah",
        "desa",
        "Jumlah desa dan kelurahan di wilayah menurut daftar kode wilayah Kemendagri, termasuk yang belum memiliki "
        "batas (poligon). Menjadi penyebut cakupan WKSBM.",
    ),
    (
        "desa_dengan_wksbm",
        "Desa/kelurahan dengan WKSBM",
        "WKSBM",
        "desa",
        "Jumlah desa/kelurahan yang memiliki paling sedikit satu WKSBM tingkat desa/kelurahan yang tercatat pada "
        "tahun tersebut. WKSBM yang dibentuk per kecamatan tidak dihitung di sini.",
    ),
    (
        "cakupan_wksbm_pct",
        "Cakupan WKSBM",
        "WKSBM",
        "%",
        "Persentase desa/kelurahan yang memiliki WKSBM terhadap seluruh desa/kelurahan dalam daftar kode wilayah "
        "(target SPM: satu WKSBM di setiap desa/kelurahan).",
    ),
    (
        "desa_tanpa_wksbm",
        "Desa/kelurahan tanpa WKSBM",
        "WKSBM",
        "desa",
        "Jumlah desa/kelurahan yang belum memiliki WKSBM pada tahun tersebut (kesenjangan SPM). Wilayah yang tidak "
        "melapor dihitung sebagai belum memiliki WKSBM; lihat indikator pelaporan.",
    ),
    (
        "wksbm_jumlah",
        "Jumlah WKSBM",
        "WKSBM",
        "unit",
        "Jumlah WKSBM yang tercatat pada tahun tersebut, baik tingkat desa/kelurahan maupun tingkat kecamatan. "
        "Di tingkat kecamatan nilainya = jumlah WKSBM di desa/kelurahannya + WKSBM tingkat kecamatan.",
    ),
    ("wksbm_terbentuk", "WKSBM tahap terbentuk", "WKSBM", "unit", "Jumlah WKSBM yang pada tahun tersebut berada "
     "pada tahap terbentuk (baru dibentuk, belum berkegiatan rutin)."),
    ("wksbm_berjalan", "WKSBM tahap berjalan", "WKSBM", "unit", "Jumlah WKSBM yang pada tahun tersebut berada pada "
     "tahap berjalan (sudah berkegiatan dan berjejaring)."),
    ("wksbm_eksis", "WKSBM tahap eksis", "WKSBM", "unit", "Jumlah WKSBM yang pada tahun tersebut berada pada tahap "
     "eksis (mandiri dan berkelanjutan)."),
    (
        "wksbm_kecamatan",
        "WKSBM tingkat kecamatan",
        "WKSBM",
        "unit",
        "Jumlah WKSBM yang dibentuk per kecamatan (bukan per desa/kelurahan) pada tahun tersebut.",
    ),
    (
        "pmks_total",
        "Jumlah PMKS",
        "PMKS",
        "jiwa",
        "Jumlah seluruh Penyandang Masalah Kesejahteraan Sosial (PMKS) dari semua kategori. Satu orang dapat "
        "tercatat pada lebih dari satu kategori, sehingga angka ini adalah jumlah catatan per kategori.",
    ),
    (
        "pmks_per_1000",
        "PMKS per 1.000 penduduk",
        "PMKS",
        "per 1.000 penduduk",
        "Jumlah PMKS dibagi jumlah penduduk (data penduduk Kemendagri 2025), dikali 1.000. Hanya tersedia untuk "
        "kabupaten/kota, provinsi dan nasional, tempat data penduduk tersedia.",
    ),
    (
        "pelaporan_anak",
        "Wilayah bawahan yang melapor",
        "Pelaporan",
        "wilayah",
        "Jumlah wilayah satu tingkat di bawah (mis. kecamatan dalam kabupaten) yang mengirim data apa pun "
        "(PMKS, PSKS atau registri WKSBM) untuk tahun tersebut.",
    ),
    (
        "pelaporan_pct",
        "Kelengkapan pelaporan",
        "Pelaporan",
        "%",
        "Persentase wilayah satu tingkat di bawah yang mengirim data untuk tahun tersebut terhadap seluruh wilayah "
        "bawahan dalam daftar kode wilayah.",
    ),
]
PSKS_UNIT = {"PSP": "orang", "PSM": "orang", "TAGANA": "orang", "TKSK": "orang", "WPKS": "orang", "PS": "orang",
             "KP": "keluarga"}
# Aggregation rule of the base indicators (petakesos.welfare.model): counts sum, shares are ratios recomputed at
# every level, reporting counts are computed per level.
BASE_AGGREGATION = {"cakupan_wksbm_pct": "ratio", "pmks_per_1000": "ratio", "pelaporan_pct": "ratio",
                    "pelaporan_anak": "none"}
DEFINITION_COLUMNS = ["indikator", "nama", "kelompok", "satuan", "definisi", "urutan", "sensitif", "desimal",
                      "agregasi", "arah"]


def definitions_frame(categories: pd.DataFrame, general: pd.DataFrame | None = None) -> pd.DataFrame:
    """Rows of table indikator_definisi: the base indicators, one per PMKS/PSKS category, then the general
    indicators declared by imports (table `indikator_umum`)."""
    rows = []
    order = 0
    for indikator, nama, kelompok, satuan, definisi in BASE_DEFINITIONS:
        order += 10
        rows.append((indikator, nama, kelompok, satuan, definisi, order, False, decimals_of(satuan),
                     BASE_AGGREGATION.get(indikator, "sum"), direction_of(indikator)))
    for rec in categories.sort_values(["jenis", "no"]).itertuples():
        order += 10
        lokal = " Kategori lokal (tambahan daerah), bukan bagian dari daftar Permensos 08/2012." if rec.lokal else ""
        if rec.jenis == "PMKS":
            definisi = (
                f"Jumlah PMKS kategori {rec.nama_resmi} ({rec.singkatan}). Nilai wilayah induk = jumlah nilai "
                f"wilayah bawahannya.{lokal}"
            )
            if rec.sensitif:
                definisi += " Kategori sensitif: angka kecil disamarkan pada keluaran publik."
            rows.append((f"pmks:{rec.singkatan}", rec.nama_resmi, "PMKS", "jiwa", definisi, order, bool(rec.sensitif),
                         0, "sum", direction_of(f"pmks:{rec.singkatan}")))
        else:
            if rec.singkatan == "WKSBM":
                definisi = "Jumlah WKSBM menurut registri WKSBM (sama dengan indikator Jumlah WKSBM)."
            else:
                definisi = f"Jumlah PSKS {rec.nama_resmi} ({rec.singkatan}) yang tercatat.{lokal}"
            satuan = PSKS_UNIT.get(rec.singkatan, "unit")
            rows.append((f"psks:{rec.singkatan}", rec.nama_resmi, "PSKS", satuan, definisi, order, bool(rec.sensitif),
                         0, "sum", direction_of(f"psks:{rec.singkatan}")))
    resolved = {r[0]: r[-1] for r in rows}
    if general is not None:
        for rec in general.sort_values("agregasi", key=lambda a: a.eq("ratio")).itertuples():
            order += 10
            definisi = rec.definisi
            if rec.sensitif:
                definisi += " Indikator sensitif: angka kecil disamarkan pada keluaran publik."
            declared = getattr(rec, "arah", None)
            arah = direction_of(rec.indikator, declared if isinstance(declared, str) else None)
            if arah == NEUTRAL and rec.agregasi == "ratio" and not isinstance(declared, str):
                arah = resolved.get(rec.pembilang, NEUTRAL)  # a ratio moves with its numerator
            resolved[rec.indikator] = arah
            rows.append((rec.indikator, rec.nama, rec.kelompok, rec.satuan, definisi, order, bool(rec.sensitif),
                         int(rec.desimal), rec.agregasi, arah))
    return pd.DataFrame(rows, columns=DEFINITION_COLUMNS)


def base_ids(categories: pd.DataFrame) -> set[str]:
    """Ids a general indicator may not take: the base indicators and the PMKS/PSKS categories."""
    ids = {d[0] for d in BASE_DEFINITIONS}
    ids |= {f"{j.lower()}:{s}" for j, s in zip(categories["jenis"], categories["singkatan"], strict=True)}
    return ids


def rebuild(con: duckdb.DuckDBPyConnection, years: list[int] | None = None) -> int:
    """Recompute the indicators at every level from the current data; returns the number of values.

    `years`: recompute only these years (an import passes the years it wrote). Exact, because every indicator
    value of a year is computed from that year's data alone (counts, roll-ups, PMKS totals, WKSBM, reporting,
    ratios) plus reference tables the caller has not changed (code list, population, indicator definitions: the
    import rebuilds everything when it changed them). Not so for general `sum` indicators, whose completeness rule
    looks at the first year a unit is reported (`_mulai`, inferred splits), nor for the source labels beyond
    MAX_SOURCE_BITS sources: with either in the store every year is rebuilt. None: every year (demo builds,
    boundary loads)."""
    general_sums = con.execute(q.GENERAL_SUM_VALUES).df()
    if years is not None and (len(general_sums)
                              or con.execute(q.COUNT_CURRENT_SOURCES).fetchall()[0][0] > q.MAX_SOURCE_BITS):
        years = None
    con.execute(q.SCOPE_ALL if years is None else q.SCOPE_YEARS, [] if years is None else [sorted(set(years))])
    # Known and inferred splits: which children a parent needs for a complete total, and where series break.
    splits = formed_units(general_sums)
    with registered(con, "df_pemekaran", splits):
        for statement in q.REBUILD:
            if statement == q.BASIS:
                several = con.execute(q.COUNT_SOURCES).fetchall()[0][0] > 1
                statement = q.BASIS_DEDUP if several else q.BASIS_SINGLE
            elif statement == q.DROP_BASIS:
                statement = q.DROP_BASIS_TABLE if several else q.DROP_BASIS_VIEW
            con.execute(statement)
        cats = con.execute(wq.CATEGORIES).df()
        general = con.execute(q.GENERAL_DEFINITIONS).df()
        frame = definitions_frame(cats, general)
        run_with_frame(con, "df_def", frame, [q.DELETE_DEFINITIONS, q.INSERT_DEFINITIONS])
        con.execute(q.DELETE_BREAKS)
        con.execute(q.INSERT_BREAKS)
    return con.execute(q.COUNT_VALUES).fetchall()[0][0]


# ---- reading: the one read path -----------------------------------------------------------------------------
def _df(store, sql: str, params: list, columns: list[str]) -> pd.DataFrame:
    try:
        return store.df(sql, params)
    except duckdb.CatalogException:  # a store built before the welfare schema existed
        return pd.DataFrame(columns=columns)


def _rows(store, sql: str, params: list | None = None) -> list[tuple]:
    try:
        return store.rows(sql, params or [])
    except duckdb.CatalogException:
        return []


def has_object(store, name: str) -> bool:
    return bool(store.rows(q.OBJECT_EXISTS, [name])[0][0])


def has_indicators(store) -> bool:
    return has_object(store, "indikator")


def indicator_values(store, parent_kode: str, tahun: int, indikator: str) -> pd.DataFrame:
    """DataFrame(kode, nilai) for every child of `parent_kode` ('' = the provinces); nilai NaN = no data."""
    return _df(store, q.CHILD_VALUES, [int(tahun), indikator, parent_kode], ["kode", "nilai"])


def region_values(store, kode: str, tahun: int) -> dict[str, float | None]:
    """Every indicator of one region ('' = Indonesia) in one year: {indikator: nilai}."""
    frame = _df(store, q.REGION_VALUES, [kode, int(tahun)], ["indikator", "nilai"])
    return {i: (None if pd.isna(v) else float(v)) for i, v in zip(frame["indikator"], frame["nilai"], strict=True)}


def available_years(store) -> list[int]:
    """Every year with any welfare data (the same list for the dashboard, the exports and presentation mode)."""
    frame = _df(store, q.YEARS, [], ["tahun"])
    return [int(t) for t in frame["tahun"]]


years = available_years


def definitions(store) -> pd.DataFrame:
    """DataFrame(indikator, nama, kelompok, satuan, definisi, urutan, sensitif, desimal, agregasi) in display
    order; `desimal` is always filled (the decimals rule), `sensitif` includes sensitive categories."""
    frame = _df(store, q.DEFINITIONS, [], DEFINITION_COLUMNS)
    if frame.empty:
        return pd.DataFrame(columns=DEFINITION_COLUMNS)
    for col in ("desimal", "agregasi", "arah"):
        if col not in frame:
            frame[col] = None
    frame["desimal"] = [decimals_of(s, d) for s, d in zip(frame["satuan"], frame["desimal"], strict=True)]
    frame["agregasi"] = frame["agregasi"].fillna("sum")
    frame["arah"] = [direction_of(i, a if isinstance(a, str) else None)
                     for i, a in zip(frame["indikator"], frame["arah"], strict=True)]
    sensitive = set(_sensitive_categories(store))
    frame["sensitif"] = frame["sensitif"].fillna(False).astype(bool) | frame["indikator"].isin(sensitive)
    return frame.reset_index(drop=True)


def definition(store, indikator: str) -> dict:
    """Name, unit, group, definition, sensitivity, decimals and aggregation of one indicator (a readable fallback
    when unknown)."""
    defs = definitions(store)
    found = defs[defs["indikator"] == indikator]
    if len(found):
        return found.iloc[0].to_dict()
    return {
        "indikator": indikator, "nama": indikator.replace("_", " ").replace(":", " ").strip().capitalize(),
        "kelompok": "", "satuan": "", "definisi": "", "urutan": 0, "sensitif": indikator in sensitive_indicators(store),
        "desimal": 0, "agregasi": "sum", "arah": direction_of(indikator),
    }


def decimals(store, indikator: str) -> int:
    """Decimals shown for one indicator (petakesos.welfare.model.decimals_of)."""
    d = definition(store, indikator)
    return decimals_of(d.get("satuan", ""), d.get("desimal"))


def decimals_by_indicator(store) -> dict[str, int]:
    """{indikator: decimals shown} for every defined indicator (one read for the many columns of a table or a
    region card); ids not in it take `decimals(store, id)`."""
    defs = definitions(store)
    return {str(i): int(d) for i, d in zip(defs["indikator"], defs["desimal"], strict=True)}


SENSITIVE_FALLBACK = ("pmks:ODHA", "pmks:KPN", "pmks:KTR", "pmks:KTK", "pmks:AKTK")
"""Used only when the store has neither `indikator_definisi.sensitif` nor `kategori.sensitif` (old stores)."""


def _sensitive_categories(store) -> list[str]:
    return [r[0] for r in _rows(store, q.SENSITIVE_CATEGORIES)]


def sensitive_indicators(store) -> list[str]:
    """Ids of every sensitive indicator: categories marked sensitive and general indicators loaded with
    `--sensitif` (column `indikator_definisi.sensitif`); disclosure control applies to all of them."""
    found: set[str] = set()
    flagged = False
    if has_object(store, "indikator_definisi"):
        found |= {r[0] for r in store.rows(q.SENSITIVE_DEFINITIONS)}
        flagged = True
    if has_object(store, "kategori"):
        found |= set(_sensitive_categories(store))
        flagged = True
    if not flagged:
        found = set(SENSITIVE_FALLBACK)
    return sorted(found)


def series(store, kode: str, indikator: str) -> pd.DataFrame:
    """DataFrame(tahun, nilai, putus) of one indicator of one region over the years; `putus` is the reason text
    on the first year of a new territory (a unit split off: not comparable with the years before), else ''."""
    frame = _df(store, q.SERIES, [kode, indikator], ["tahun", "nilai"])
    breaks = series_breaks(store, kode, indikator)
    frame["putus"] = [breaks.get(int(t), "") for t in frame["tahun"]]
    return frame


def series_breaks(store, kode: str, indikator: str) -> dict[int, str]:
    """{year: reason}: the series of `indikator` for `kode` is not comparable across these years."""
    return {int(t): str(a) for t, a in _rows(store, q.SERIES_BREAKS, [kode, indikator])}


def comparable(store, kode: str, indikator: str, tahun_a: int, tahun_b: int) -> str:
    """'' when the two years of a region's indicator cover the same territory, else the reason they do not."""
    lo, hi = sorted((int(tahun_a), int(tahun_b)))
    for year, reason in series_breaks(store, kode, indikator).items():
        if lo < year <= hi:
            return reason
    return ""


def breaks_under(store, parent_kode: str, indikator: str, tahun_a: int, tahun_b: int) -> dict[str, str]:
    """{kode: reason} for the children of `parent_kode` whose series breaks between the two years."""
    lo, hi = sorted((int(tahun_a), int(tahun_b)))
    return {k: a for k, a in _rows(store, q.CHILD_BREAKS, [parent_kode, indikator, lo, hi])}


def is_demo(store, parent_kode: str | None = None, tahun: int | None = None, indikators: list[str] | None = None) -> bool:
    """True when the data shown (or, without arguments, any data in the store) is the demo dataset."""
    if parent_kode is None or tahun is None or indikators is None:
        rows = _rows(store, q.ANY_DEMO)
    else:
        rows = _rows(store, q.VIEW_IS_DEMO, [int(tahun), list(indikators), parent_kode, parent_kode])
    return bool(rows and rows[0][0])


def desa_tanpa_wksbm(store, kode: str, tahun: int) -> pd.DataFrame:
    """DataFrame(kode, nama, kecamatan): desa/kelurahan inside `kode` ('' = all) without a WKSBM that year."""
    return _df(store, q.DESA_WITHOUT_WKSBM, [int(tahun), kode, kode, kode], ["kode", "nama", "kecamatan"])


def sources(store, tahun: int | None = None) -> pd.DataFrame:
    """DataFrame(sumber, contoh): the source labels behind the indicators (of one year, or all)."""
    return _df(store, q.SOURCES, [tahun, tahun], ["sumber", "contoh"])


def view_sources(store, parent_kode: str, tahun: int, indikators: list[str]) -> list[str]:
    """Distinct source labels of what one view shows (parent and children, one year, some indicators)."""
    rows = _rows(store, q.VIEW_SOURCES, [int(tahun), list(indikators), parent_kode, parent_kode])
    return split_sources(r[0] for r in rows)


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
    of `indikator`: DataFrame(kode, indikator, nilai, sumber, contoh)."""
    if not has_indicators(store):
        return pd.DataFrame(columns=["kode", "indikator", "nilai", "sumber", "contoh"])
    codes = sorted(views | {r[0] for r in store.rows(q.CODES_UNDER_PARENTS, [sorted(views)])})
    return store.df(q.VALUES_FOR_CODES, [codes, int(tahun)])


def pivot(long: pd.DataFrame) -> pd.DataFrame:
    """Long (kode, indikator, nilai) values as a region × indicator table."""
    table = long.pivot_table(index="kode", columns="indikator", values="nilai", aggfunc="first", dropna=False)
    table.columns.name = None
    return table


def store_meta(store) -> dict:
    """What every view of one store shares: whether it has indicators, their display order, the sensitive ones."""
    has = has_indicators(store)
    return {
        "has_indicators": has,
        "order": list(definitions(store)["indikator"]) if has else [],
        "sensitive": sensitive_indicators(store),
    }


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
    order = meta["order"]
    cols = [c for c in order if c in wide.columns] + sorted(c for c in wide.columns if c not in order)
    table = wide.reindex(index=index, columns=cols)
    table.index.name = "kode"
    table.columns.name = None
    return table.astype(float)


def children_names(store, parent_kode: str) -> pd.DataFrame:
    return store.df(q.CHILD_CODES, [parent_kode])


def data_date(store) -> dt.datetime | None:
    """When the welfare data was last imported (table `impor_batch`, else the load log); None without data."""
    if has_object(store, "impor_batch"):
        row = store.rows(q.LAST_IMPORT)
        if row and row[0][0] is not None:
            return row[0][0]
    row = store.rows(q.LAST_DATA_LOAD)
    return row[0][0] if row and row[0][0] is not None else None


def with_data(store) -> set[str]:
    """Ids of the indicators that have any value in the store (the choices worth offering)."""
    return {r[0] for r in _rows(store, q.WITH_DATA)}


def home_region(store) -> str:
    """Where the dashboard opens when `PETAKESOS_HOME` is not set: the province when all the store's welfare data
    lie in one province (a Dinas store, `demo --data nyata`), else Indonesia ('')."""
    rows = _rows(store, q.DATA_PROVINCES)
    return str(rows[0][0]) if len(rows) == 1 else ""


def needs_all_children(store, indikator: str) -> bool:
    """True for a general `sum` indicator: its parents have a value only when every child that existed reported
    (the completeness rule of petakesos/sql/indicators.py); PMKS/PSKS parents sum what was reported."""
    rows = _rows(store, q.GENERAL_AGGREGATION, [indikator])
    return bool(rows) and rows[0][0] == "sum"


def default_indicator(store) -> str | None:
    """The indicator a view opens with: WKSBM coverage when the store has WKSBM data, else the first general
    indicator (a store of real figures such as `demo --data nyata`); None without any data."""
    rows = _rows(store, q.DEFAULT_INDICATOR)
    return rows[0][0] if rows else None


def resolve_method(indikator: str, method: str, manual_breaks: list[float] | tuple | None = None) -> str:
    """The classification rule of every map: 'auto' is the SPM scale for WKSBM coverage and quantiles otherwise;
    SPM only applies to coverage; manual needs breaks."""
    if method == "auto":
        return "spm" if indikator == COVERAGE else "quantile"
    if method == "spm" and indikator != COVERAGE:
        return "quantile"
    if method == "manual" and not manual_breaks:
        return "quantile"
    return method


__all__ = [
    "COVERAGE", "available_years", "breaks_under", "comparable", "data_date", "decimals",
    "decimals_by_indicator",
    "definition", "definitions", "definitions_frame", "desa_tanpa_wksbm", "has_indicators", "home_region",
    "needs_all_children", "indicator_values",
    "is_demo", "pivot", "prefetch", "rebuild", "region_values", "resolve_method", "sensitive_indicators", "series",
    "series_breaks", "sources", "split_sources", "store_meta", "view_parents", "view_sources", "view_table", "with_data", "years",
]

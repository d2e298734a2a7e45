"""Panels beside and below the map: KPI cards, the ranking, the data tables and their CSV downloads, the action
list, the lists of the Tentang page. Every text is in the view's language (petakesos.i18n).

Tables keep numbers as numbers and carry the unit of each number column in `frame.attrs["satuan"]` (column →
unit; `frame.attrs["satuan_kolom"]` names a column holding a unit per row): `display_frame` turns them into
Indonesian-formatted text for the page, `petakesos.export.safe.csv_bytes` into a CSV for Excel.
"""

from __future__ import annotations

import math
from dataclasses import dataclass
from pathlib import PurePath

import pandas as pd

from petakesos import i18n
from petakesos.classify import METHODS
from petakesos.direction import delta_color
from petakesos.numbers import COUNT_UNITS, format_cell, format_signed, format_value, round_value
from petakesos.store import Store
from petakesos.views.model import Definition, MapView
from petakesos.views.sources import IndicatorSource
from petakesos.welfare.model import decimals_of

KPI_INDICATORS = ("desa_total", "desa_dengan_wksbm", "cakupan_wksbm_pct", "pmks_total")
_KPI_UNITS = {"desa_total": "desa", "desa_dengan_wksbm": "desa", "cakupan_wksbm_pct": "%", "pmks_total": "jiwa"}


@dataclass
class Kpi:
    label: str
    value: str
    delta: str | None = None
    help: str | None = None
    delta_color: str = "normal"  # "inverse" where a fall is good news (PMKS, poverty), "off" when neutral


def kpis(store: Store, src: IndicatorSource, kode: str, tahun: int | None, current: Definition | None = None, *,
         available: set[str] | None = None, lang: str = i18n.DEFAULT_LANGUAGE) -> list[Kpi]:
    """Up to four cards for the region in view, each with its change against last year: the desa total, the
    indicator in view when it is not one of the built-in cards (poor population, poverty rate, …), WKSBM (desa
    with one, coverage) and the PMKS total.

    `available` (the ids with any value in the store, `MapView.available`) leaves out the cards of a family the
    store has no data of: a store of real poverty figures shows no empty WKSBM and PMKS cards. None keeps all."""
    T = i18n.texts(lang)
    now = src.region_values(store, kode, tahun) if tahun is not None else {}
    before = src.region_values(store, kode, tahun - 1) if tahun is not None else {}
    builtin = {key: (key, T(f"KPI.{key}"), _KPI_UNITS[key], None, None) for key in KPI_INDICATORS}
    spec = [builtin["desa_total"]]
    if current is not None and current.indikator not in KPI_INDICATORS:
        spec.append((current.indikator, current.nama, current.satuan, current.desimal, current.arah))
    spec += [builtin[key] for key in KPI_INDICATORS[1:] if available is None or key in available]
    if len(spec) > 4:  # the coverage card says what "desa with a WKSBM" says, relative to all desa
        spec.remove(builtin["desa_dengan_wksbm"])
    out = []
    for key, label, satuan, decimals, arah in spec:
        value = now.get(key)
        prev = before.get(key)
        delta = None
        if _present(value) and _present(prev):
            diff = float(value) - float(prev)  # type: ignore[arg-type]
            # The number of desa changes only with a new code list: "0" beside it every year says nothing.
            if diff or key != "desa_total":
                delta = format_signed(diff, decimals_of(satuan, decimals), T.POINTS if satuan == "%" else "")
        help_text = T("KPI_DELTA_HELP", tahun=tahun - 1) if delta else None  # type: ignore[operator]
        shown = format_value(value, satuan, unit_label=i18n.unit_text(lang, satuan), decimals=decimals)
        out.append(Kpi(label, shown if _present(value) else "–", delta, help_text, delta_color(key, arah)))
    return out


def _present(value: object) -> bool:
    return value is not None and not (isinstance(value, float) and math.isnan(value))


def column_title(nama: str, satuan: str, lang: str = i18n.DEFAULT_LANGUAGE) -> str:
    """A human-readable column header: the indicator's name with its unit where the name does not say it."""
    unit = i18n.unit_text(lang, satuan)
    if not satuan or satuan in COUNT_UNITS or unit in nama:
        return nama
    return f"{nama} ({unit})"


def display_frame(frame: pd.DataFrame) -> pd.DataFrame:
    """The table as the page shows it: numbers as Indonesian text (`95.664`, `64,9`) with their unit's decimals."""
    units: dict = frame.attrs.get("satuan", {})
    per_row = frame.attrs.get("satuan_kolom")
    out = frame.copy()
    for col in out.columns:
        if col in units:
            out[col] = [format_cell(v, units[col]) for v in frame[col]]
        elif per_row and col == frame.attrs.get("nilai_kolom"):
            out[col] = [format_cell(v, str(u or "")) for v, u in zip(frame[col], frame[per_row], strict=True)]
    out.attrs = {}
    return out


def number_columns(frame: pd.DataFrame) -> list[str]:
    """The columns of `frame` that hold numbers (right-aligned on the page)."""
    cols = list(frame.attrs.get("satuan", {}))
    if frame.attrs.get("nilai_kolom"):
        cols.append(frame.attrs["nilai_kolom"])
    return [c for c in cols if c in frame.columns]


def ranking_table(view: MapView) -> pd.DataFrame:
    """Children sorted best first, with the value; rows without data at the end."""
    T = i18n.texts(view.state.bahasa)
    table = view.children.sort_values(["nilai", "kode"], ascending=[False, True], na_position="last")
    value_col = column_title(view.definition.nama, view.definition.satuan, view.state.bahasa)
    out = pd.DataFrame({
        T.COL_RANK: table["peringkat"].astype("Int64"),
        T.COL_CODE: table["kode"],
        T.COL_NAME: table["nama"],
        value_col: table["nilai"],
    }).reset_index(drop=True)
    out.attrs["satuan"] = {value_col: view.definition.satuan, T.COL_RANK: "unit"}
    return out


def pmks_by_category(store: Store, src: IndicatorSource, kode: str, tahun: int | None, defs: pd.DataFrame) -> pd.DataFrame:
    """(kategori, nama, nilai) for the PMKS categories of the region, largest first; empty without data."""
    if tahun is None:
        return pd.DataFrame(columns=["kategori", "nama", "nilai"])
    values = src.region_values(store, kode, tahun)
    names = dict(zip(defs["indikator"], defs["nama"], strict=False)) if not defs.empty else {}
    rows = [(k.split(":", 1)[1], names.get(k, k), float(v)) for k, v in values.items()
            if k.startswith("pmks:") and _present(v)]
    return pd.DataFrame(rows, columns=["kategori", "nama", "nilai"]).sort_values("nilai", ascending=False)


def has_sensitive(pmks: pd.DataFrame, defs: pd.DataFrame) -> bool:
    """Whether a PMKS-by-category frame holds a category flagged sensitive (shown exactly in the analyst view)."""
    if pmks.empty or defs.empty:
        return False
    sensitive = set(defs.loc[defs["sensitif"].astype(bool), "indikator"])
    return any(f"pmks:{k}" in sensitive for k in pmks["kategori"])


def indicator_options(defs: pd.DataFrame, available: set[str] | None = None,
                      current: str | None = None) -> list[tuple[str, str]]:
    """(id, label "Kelompok · Nama") in display order, for a searchable select box; with `available`, only the
    indicators that have data (and the current one), so a store of real figures does not offer 50 empty ones."""
    if defs.empty:
        return []
    if available:
        defs = defs[defs["indikator"].isin(available | {current})]
    ordered = defs.sort_values(["urutan", "indikator"]) if "urutan" in defs else defs
    return [(r.indikator, f"{r.kelompok} · {r.nama}") for r in ordered.itertuples(index=False)]


def method_options(lang: str = i18n.DEFAULT_LANGUAGE) -> dict[str, str]:
    T = i18n.texts(lang)
    return {key: T(f"METHOD.{key}") for key in ("auto", *METHODS)}


MAIN_COLUMNS = ("desa_total", "desa_dengan_wksbm", "cakupan_wksbm_pct", "desa_tanpa_wksbm", "wksbm_jumlah",
                "pmks_total", "pmks_per_1000")


def children_table(store: Store, src: IndicatorSource, view: MapView) -> pd.DataFrame:
    """The children of the map region with the main indicators and the chosen one, one column each (headers: the
    indicator's name and unit)."""
    T = i18n.texts(view.state.bahasa)
    table = view.children[["kode", "nama"]].copy().rename(columns={"kode": T.COL_CODE, "nama": T.COL_NAME})
    table.attrs["satuan"] = {}
    if view.tahun is None:
        return table
    defs = view.definitions.set_index("indikator") if not view.definitions.empty else pd.DataFrame()
    units = {}
    for ind in dict.fromkeys([*MAIN_COLUMNS, view.state.indikator]):
        if ind not in defs.index:
            continue
        satuan = str(defs.loc[ind, "satuan"] or "")
        title = column_title(str(defs.loc[ind, "nama"]), satuan, view.state.bahasa)
        vals = src.indicator_values(store, view.map_region.kode, view.tahun, ind)
        vals = vals.assign(nilai=[round_value(v, satuan) for v in pd.to_numeric(vals["nilai"], errors="coerce")])
        table = table.merge(vals[["kode", "nilai"]].rename(columns={"kode": T.COL_CODE, "nilai": title}),
                            on=T.COL_CODE, how="left")
        units[title] = satuan
    table.attrs["satuan"] = units
    return table


def region_table(store: Store, src: IndicatorSource, view: MapView) -> pd.DataFrame:
    """Every indicator of the region in view: group, name, value, unit."""
    T = i18n.texts(view.state.bahasa)
    columns = [T.COL_GROUP, T.COL_INDICATOR, T.COL_VALUE, T.COL_UNIT]
    focus = view.selected or view.region.kode
    if view.tahun is None:
        return pd.DataFrame(columns=columns)
    values = src.region_values(store, focus, view.tahun)
    defs = view.definitions.set_index("indikator") if not view.definitions.empty else None
    rows = []
    for ind, value in values.items():
        if defs is not None and ind in defs.index:
            d = defs.loc[ind]
            rows.append((d["kelompok"], d["nama"], value, d["satuan"], d["urutan"]))
        else:
            rows.append(("", ind, value, "", 10**9))
    frame = pd.DataFrame(rows, columns=[*columns, "urutan"])
    frame[T.COL_VALUE] = pd.to_numeric(pd.Series([round_value(v, str(u or "")) for v, u in zip(
        pd.to_numeric(frame[T.COL_VALUE], errors="coerce"), frame[T.COL_UNIT], strict=True)], dtype=float))
    frame = frame.sort_values("urutan").drop(columns="urutan").reset_index(drop=True)
    # Rounded by the stored unit above; shown and formatted by the unit's words in the interface language.
    frame[T.COL_UNIT] = [i18n.unit_text(T.lang, str(u or "")) for u in frame[T.COL_UNIT]]
    frame.attrs.update(satuan={}, satuan_kolom=T.COL_UNIT, nilai_kolom=T.COL_VALUE)
    return frame


def action_list(store: Store, src: IndicatorSource, kode: str, tahun: int | None, *,
                lang: str = i18n.DEFAULT_LANGUAGE) -> pd.DataFrame:
    """The desa/kelurahan without a WKSBM inside `kode` ('' = Indonesia): code, desa, kecamatan, kab/kota and
    province, so that a national or provincial list says where each desa lies."""
    T = i18n.texts(lang)
    columns = [T.COL_CODE, T.COL_DESA, T.COL_KECAMATAN, T.COL_KABKOTA, T.COL_PROVINSI]
    if tahun is None:
        return pd.DataFrame(columns=columns)
    gap = src.desa_tanpa_wksbm(store, kode, tahun)
    if gap.empty:
        return pd.DataFrame(columns=columns)
    kab = gap["kode"].str.slice(0, 5)
    prov = gap["kode"].str.slice(0, 2)
    names = store.names([*kab.unique(), *prov.unique()])
    return pd.DataFrame({
        T.COL_CODE: gap["kode"], T.COL_DESA: gap["nama"], T.COL_KECAMATAN: gap["kecamatan"],
        T.COL_KABKOTA: kab.map(names), T.COL_PROVINSI: prov.map(names),
    }).reset_index(drop=True)


GROUP_ORDER = ("WKSBM", "PMKS", "PSKS", "Wilayah", "Pelaporan")


def definitions_by_group(defs: pd.DataFrame, lang: str = i18n.DEFAULT_LANGUAGE) -> list[tuple[str, pd.DataFrame]]:
    """The definitions by group (in `lang`), the groups in the order of the Tentang page."""
    defs = i18n.localised_definitions(defs, lang)
    order = [i18n.indicator_text(lang, "", "kelompok", g) for g in GROUP_ORDER]
    groups = list(dict.fromkeys([*[g for g in order if g in set(defs["kelompok"])], *defs["kelompok"]]))
    return [(g, defs[defs["kelompok"] == g].sort_values("urutan")) for g in groups]


def category_lists(defs: pd.DataFrame, lang: str = i18n.DEFAULT_LANGUAGE) -> dict[str, pd.DataFrame]:
    """The PMKS and PSKS categories (abbreviation, name, sensitive) from the indicator definitions."""
    T = i18n.texts(lang)
    defs = i18n.localised_definitions(defs, lang)
    out = {}
    for jenis, prefix in (("PMKS", "pmks:"), ("PSKS", "psks:")):
        part = defs[defs["indikator"].str.startswith(prefix)] if not defs.empty else defs
        out[jenis] = pd.DataFrame({
            T.COL_ABBREV: part["indikator"].str.slice(len(prefix)) if not part.empty else [],
            T.COL_NAME: part["nama"] if not part.empty else [],
            T.COL_SENSITIVE: part["sensitif"].map({True: T.YES, False: ""}) if not part.empty else [],
        })
    return out


def data_sources(store: Store, src: IndicatorSource, lang: str = i18n.DEFAULT_LANGUAGE) -> pd.DataFrame:
    """Source labels behind the indicators (when the indicator module offers them), with readable headers."""
    T = i18n.texts(lang)
    fn = getattr(src, "sources", None)
    frame = fn(store) if fn is not None else pd.DataFrame(columns=["sumber", "contoh"])
    return pd.DataFrame({T.COL_SOURCE: frame["sumber"],
                         T.COL_DEMO: frame["contoh"].map(lambda v: T.YES if bool(v) else "")})


def load_history(store: Store, lang: str = i18n.DEFAULT_LANGUAGE) -> pd.DataFrame:
    """The data loads for the Tentang page: when, what kind, which files (names only: the server's folders are
    not the reader's business) and the summary."""
    T = i18n.texts(lang)
    log = store.load_history()

    def file_names(text: object) -> str:
        return ", ".join(PurePath(p).name for p in str(text or "").split(";") if p)

    def summary(text: object) -> str:  # "7285 kecamatan (turunan)": level ids as words
        out = str(text or "")
        for tingkat in ("desa_kelurahan", "kabupaten_kota", "kecamatan", "provinsi"):
            out = out.replace(tingkat, T(f"TINGKAT.{tingkat}").lower())
        return out

    return pd.DataFrame({
        T.COL_LOADED_AT: pd.to_datetime(log["loaded_at"]).dt.strftime("%Y-%m-%d %H:%M"),
        T.COL_LOAD_KIND: [T.get(f"LOAD_KIND.{k}", str(k)) for k in log["kind"]],
        T.COL_LOAD_FILES: [file_names(s) for s in log["sources"]],
        T.COL_LOAD_SUMMARY: [summary(s) for s in log["summary"]],
    })


def trend_note(trend: pd.DataFrame, lang: str = i18n.DEFAULT_LANGUAGE, k: int | None = None) -> str | None:
    """What the Tren page says about years of the trend line hidden by the privacy rule (a public series marks
    them in `tersembunyi`, see `auth.access.PublicSource.series`): every year hidden — why the chart is empty —,
    or which years have no point and why. None when nothing is hidden."""
    if trend.empty or "tersembunyi" not in trend or not trend["tersembunyi"].any():
        return None
    from petakesos import privacy

    T = i18n.texts(lang)
    k = privacy.default_k() if k is None else k
    if trend["nilai"].notna().any():
        years = ", ".join(str(int(y)) for y in trend.loc[trend["tersembunyi"], "tahun"])
        return T("TREN_SOME_HIDDEN", years=years, k=k)
    return T("TREN_ALL_HIDDEN", k=k)

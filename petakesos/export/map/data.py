"""What one print map shows: the values (suppressed when public), the map units with full-detail geometry, and
the names of region and map."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field

import pandas as pd

from petakesos import codes as kode_util
from petakesos import i18n, privacy
from petakesos._errors import ExportError
from petakesos.export import data as export_data
from petakesos.settings import get_settings
from petakesos.sql import export as q


@dataclass
class MapData:
    """What one map shows. Built from the store by `map_data`, or given directly (benchmarks, the dashboard when it
    already holds the values)."""

    values: pd.DataFrame  # kode, nilai (NaN = no data or hidden), status ('' | 'primer' | 'sekunder')
    nama: str
    satuan: str = ""
    sensitif: bool = False
    sources: list[str] = field(default_factory=list)
    contoh: bool = False
    data_date: dt.date | None = None
    public: bool = True
    k: int = 5
    definisi: str = ""
    lang: str = i18n.DEFAULT_LANGUAGE  # the language of the map's texts (petakesos.i18n)


def map_data(
    store, kode: str, indikator: str, tahun: int, public: bool = True, k: int | None = None, level: str | None = None,
    lang: str = i18n.DEFAULT_LANGUAGE,
) -> MapData:
    """Values (suppressed when public), name, unit, sources, demo flag and data date of one map.

    `level` deeper than the children (e.g. 'desa_kelurahan' for a kab/kota) collects the units of that level under
    the region, each group suppressed in its own parent's view."""
    k = get_settings().k_anonymity if k is None else int(k)
    definition = export_data.definition(store, indikator)
    parents = _parents_of_level(store, kode, level)
    cache: dict = {}
    fetched = privacy.prefetch_views(store, parents, tahun, cache)
    values = pd.concat(
        [privacy.public_indicator_values(store, p, tahun, indikator, k=k, public=public, cache=cache) for p in parents],
        ignore_index=True,
    )
    when = export_data.data_date(store)
    # Sources and the demo flag of exactly what the map shows: the units and the region, this indicator.
    shown = fetched[(fetched["indikator"] == indikator) & fetched["kode"].isin([kode, *values["kode"]])]
    return MapData(
        values=values[["kode", "nilai", "status"]],
        nama=i18n.indicator_text(lang, indikator, "nama", str(definition["nama"])),
        satuan=str(definition.get("satuan") or ""),
        sensitif=bool(definition.get("sensitif")),
        sources=export_data.split_sources(shown["sumber"]) if "sumber" in shown else [],
        contoh=bool(shown["contoh"].fillna(False).astype(bool).any()) if "contoh" in shown else False,
        data_date=when.date() if isinstance(when, dt.datetime) else when,
        public=public,
        k=k,
        definisi=i18n.indicator_text(lang, indikator, "definisi", str(definition.get("definisi") or "")),
        lang=i18n.language(lang),
    )


def child_level(region_tingkat: str, level: str | None) -> str:
    child = kode_util.child_tingkat(region_tingkat)
    if child is None:
        raise ExportError("Desa/kelurahan tidak punya wilayah di bawahnya; pilih kecamatan atau wilayah di atasnya.")
    if level is None or level == child:
        return child
    if level not in kode_util.TINGKAT or kode_util.TINGKAT.index(level) < kode_util.TINGKAT.index(child):
        raise ExportError(f"Tingkat {level!r} tidak berada di bawah {region_tingkat}; pilih salah satu dari "
                          f"{', '.join(kode_util.TINGKAT[kode_util.TINGKAT.index(child):])}.")  # fmt: skip
    return level


def _parents_of_level(store, kode: str, level: str | None) -> list[str]:
    """The regions whose children are the map's units: the region itself, or every unit one level above `level`."""
    region = store.region(kode)
    if region is None:
        raise ExportError(f"Kode wilayah {kode!r} tidak ada di basis data.")
    unit_level = child_level(region.tingkat, level)
    if unit_level == kode_util.child_tingkat(region.tingkat):
        return [kode]
    above = kode_util.TINGKAT[kode_util.TINGKAT.index(unit_level) - 1]
    return [r[0] for r in store.rows(q.UNITS_UNDER, [above, f"{kode}." if kode else ""])]


def units_full(store, kode: str, level: str | None) -> pd.DataFrame:
    """Map units with full-detail geometry: the children, or every unit of `level` inside the region."""
    region = store.region(kode)
    unit_level = child_level(region.tingkat, level)
    if unit_level == kode_util.child_tingkat(region.tingkat):
        return store.children_full(kode)
    return store.df(q.UNITS_FULL_UNDER, [unit_level, f"{kode}." if kode else ""])



def region_title(store, region, lang: str = i18n.DEFAULT_LANGUAGE) -> str:
    """The region as a title names it: kab/kota and provinces by name ("Kabupaten Sleman", "Jawa Tengah"),
    a kecamatan with its level and kab/kota ("Kecamatan Magelang Selatan, Kota Magelang")."""
    if region.tingkat != "kecamatan":
        return region.nama
    parent = store.region(region.kode_induk)
    return f"{i18n.texts(lang)('TINGKAT.kecamatan')} {region.nama}" + (f", {parent.nama}" if parent else "")


def default_title(nama_indikator: str, region_name: str, tahun: int, lang: str = i18n.DEFAULT_LANGUAGE) -> str:
    return i18n.texts(lang)("MAP_TITLE", indikator=nama_indikator, wilayah=region_name, tahun=tahun)


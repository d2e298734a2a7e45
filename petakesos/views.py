"""The dashboard's view logic, without streamlit: URL state → queries → view model (map spec, legend, panels).

The URL holds the whole view (`?wilayah=33.71&indikator=cakupan_wksbm_pct&tahun=2024&metode=kuantil&kelas=5`),
so a link opens the same view and the browser's Back goes to the previous one. `ViewState.from_query` reads and
validates it (a bad value falls back to the default rather than failing), `ViewState.to_query` writes it back
with the defaults left out.

Welfare numbers come through the indicator contract (`petakesos.indicators`, see the team guide); when that module
or the welfare tables are absent, `NoIndicators` answers "no data" so the map still shows the boundaries.
"""

from __future__ import annotations

import math
import re
from collections.abc import Mapping
from dataclasses import dataclass, field, replace
from typing import Any, Protocol

import pandas as pd

from petakesos import codes as kode_util
from petakesos import maps, view_checks
from petakesos.classify import METHODS, PALETTES, Classification, classify, classify_change, parse_breaks
from petakesos.numbers import format_number, format_percent
from petakesos.settings import Settings, get_settings
from petakesos.store import Region, Store

DEFAULT_INDICATOR = "cakupan_wksbm_pct"
COVERAGE = "cakupan_wksbm_pct"
DEFAULT_PALETTE = "YlOrRd"
DEFAULT_K = 5
# URL values of the classification methods (short Indonesian words) ↔ petakesos.classify method ids.
METHOD_URL = {"otomatis": "auto", "kuantil": "quantile", "interval": "equal_interval", "jenks": "jenks",
              "manual": "manual", "spm": "spm"}
URL_METHOD = {v: k for k, v in METHOD_URL.items()}
DEFAULT_SLIDE_SECONDS = 20
HIDDEN_COLOR = "#9e9e9e"  # suppressed sensitive values on public screens (darker than "tidak ada data")
KPI_INDICATORS = ("desa_total", "desa_dengan_wksbm", "cakupan_wksbm_pct", "pmks_total")


# ---- indicator access ------------------------------------------------------------------------------------------
class IndicatorSource(Protocol):
    """The library side of the indicator contract (petakesos.indicators)."""

    def indicator_values(self, store: Store, parent_kode: str, tahun: int, indikator: str) -> pd.DataFrame: ...
    def region_values(self, store: Store, kode: str, tahun: int) -> dict[str, float | None]: ...
    def available_years(self, store: Store) -> list[int]: ...
    def definitions(self, store: Store) -> pd.DataFrame: ...
    def series(self, store: Store, kode: str, indikator: str) -> pd.DataFrame: ...
    def is_demo(self, store: Store) -> bool: ...
    def desa_tanpa_wksbm(self, store: Store, kode: str, tahun: int) -> pd.DataFrame: ...


DEFINITION_COLUMNS = ["indikator", "nama", "kelompok", "satuan", "definisi", "urutan", "sensitif"]


class NoIndicators:
    """Answers of a store without welfare data: no indicators, no years, every value missing."""

    def indicator_values(self, store: Store, parent_kode: str, tahun: int, indikator: str) -> pd.DataFrame:
        return pd.DataFrame({"kode": pd.Series(dtype=str), "nilai": pd.Series(dtype=float)})

    def region_values(self, store: Store, kode: str, tahun: int) -> dict[str, float | None]:
        return {}

    def available_years(self, store: Store) -> list[int]:
        return []

    def definitions(self, store: Store) -> pd.DataFrame:
        return pd.DataFrame(columns=DEFINITION_COLUMNS)

    def series(self, store: Store, kode: str, indikator: str) -> pd.DataFrame:
        return pd.DataFrame({"tahun": pd.Series(dtype=int), "nilai": pd.Series(dtype=float)})

    def is_demo(self, store: Store) -> bool:
        return False

    def desa_tanpa_wksbm(self, store: Store, kode: str, tahun: int) -> pd.DataFrame:
        return pd.DataFrame(columns=["kode", "nama", "kecamatan"])


def indicator_source(store: Store, public: bool = False) -> IndicatorSource:
    """The indicators of the store (petakesos.indicators). `public=True` gives the values a public screen may show (small sensitive counts suppressed)."""
    from petakesos import indicators  # answers with empty results on a store without welfare tables

    return PublicIndicators(indicators) if public else indicators  # type: ignore[return-value]


class PublicIndicators:
    """Indicator values as public outputs show them (presentation mode): sensitive values 1..k-1 and the cells
    that would reveal them are hidden (petakesos.privacy); hidden cells have `nilai` NaN and a `tampil` text."""

    def __init__(self, inner: IndicatorSource, k: int | None = None) -> None:
        self.inner = inner
        self.k = k
        self._cache: dict = {}

    def indicator_values(self, store: Store, parent_kode: str, tahun: int, indikator: str) -> pd.DataFrame:
        from petakesos import privacy

        return privacy.public_indicator_values(store, parent_kode, tahun, indikator, k=self.k, cache=self._cache)

    def region_values(self, store: Store, kode: str, tahun: int) -> dict[str, float | None]:
        from petakesos import privacy

        rows = privacy.public_region_values(store, kode, tahun, k=self.k, cache=self._cache)
        return {r.indikator: (None if pd.isna(r.nilai) else float(r.nilai)) for r in rows.itertuples(index=False)}

    def __getattr__(self, name: str) -> Any:  # years, definitions, series, … are not suppressed
        return getattr(self.inner, name)


# ---- URL state -------------------------------------------------------------------------------------------------
_INDICATOR_ID = re.compile(r"[a-z0-9_]{1,60}(:[A-Za-z0-9_.\-]{1,40})?")


def _whole_number(text: str | None, low: int, high: int, clamp: bool = False) -> int | None:
    """ASCII digits only (`²`, `٣` and `1e3` are not numbers here) within low..high (or clamped into it)."""
    if not text or not text.isascii() or not text.isdigit() or len(text) > 9:
        return None
    value = int(text)
    if clamp:
        return min(max(value, low), high)
    return value if low <= value <= high else None


def _first(params: Mapping[str, Any], key: str) -> str | None:
    value = params.get(key)
    if isinstance(value, list | tuple):
        value = value[-1] if value else None
    if value is None:
        return None
    text = str(value).strip()
    return text or None


@dataclass(frozen=True)
class ViewState:
    wilayah: str = ""
    indikator: str = DEFAULT_INDICATOR
    tahun: int | None = None
    metode: str = "auto"  # petakesos.classify method id, or "auto" (SPM for coverage, quantile otherwise)
    kelas: int = DEFAULT_K
    palet: str = DEFAULT_PALETTE
    batas: tuple[float, ...] = ()  # manual breaks (upper bounds)
    tetap: bool = False  # fixed breaks: the same classes for every year
    # Presentation mode for a forum screen (?tampilan=layar): public values, large type, no chrome.
    tampilan: str = ""
    putar: str = ""  # slideshow of regions: "anak" (each child of `wilayah`) or comma-separated codes
    putar_indikator: tuple[str, ...] = ()  # slideshow of indicators
    detik: int = DEFAULT_SLIDE_SECONDS
    # URL values that could not be used, each with what was used instead (not part of the view's identity)
    ignored: tuple[str, ...] = field(default=(), compare=False, repr=False)

    @property
    def presentation(self) -> bool:
        return self.tampilan == "layar"

    @classmethod
    def from_query(cls, params: Mapping[str, Any], home: str = "") -> ViewState:
        """The view of a URL. Every parameter is read defensively: a value that cannot be used (`?tahun=²`,
        `?kelas=abc`, a code that is not a code, …) is replaced by its default, and `ignored` says which value
        was replaced by what, for the page to show."""
        ignored: list[str] = []

        def fallback(key: str, raw: str, used: str) -> None:
            ignored.append(f"{key}={raw[:40]!r} → {used}")

        wilayah = _first(params, "wilayah")
        kode = home
        if wilayah is not None:
            if wilayah.lower() in {"indonesia", "id", "0"}:
                kode = ""
            else:
                kode = kode_util.try_normalise(wilayah[:40]) or home
                if kode == home and kode_util.try_normalise(wilayah[:40]) is None:
                    fallback("wilayah", wilayah, home or "Indonesia")
        indikator = _first(params, "indikator") or DEFAULT_INDICATOR
        if not _INDICATOR_ID.fullmatch(indikator):
            fallback("indikator", indikator, DEFAULT_INDICATOR)
            indikator = DEFAULT_INDICATOR
        tahun_text = _first(params, "tahun")
        tahun = _whole_number(tahun_text, 1900, 2200)
        if tahun_text and tahun is None:
            fallback("tahun", tahun_text, "tahun terbaru")
        metode_text = (_first(params, "metode") or "otomatis").lower()
        metode = METHOD_URL.get(metode_text, "auto")
        if metode_text not in METHOD_URL:
            fallback("metode", metode_text, "otomatis")
        kelas_text = _first(params, "kelas")
        kelas = _whole_number(kelas_text, 3, 7, clamp=True)
        if kelas_text and kelas is None:
            fallback("kelas", kelas_text, str(DEFAULT_K))
        kelas = DEFAULT_K if kelas is None else kelas
        palet = _first(params, "palet") or DEFAULT_PALETTE
        if palet not in PALETTES:
            fallback("palet", palet, DEFAULT_PALETTE)
            palet = DEFAULT_PALETTE
        batas, rejected = parse_breaks((_first(params, "batas") or "")[:400])
        if rejected:
            fallback("batas", ",".join(rejected), "angka yang terbaca saja" if batas else "kuantil")
        tetap = (_first(params, "tetap") or "").lower() in {"1", "ya", "true"}
        tampilan_text = (_first(params, "tampilan") or "").lower()
        tampilan = "layar" if tampilan_text == "layar" else ""
        if tampilan_text and not tampilan:
            fallback("tampilan", tampilan_text, "biasa")
        putar = (_first(params, "putar") or "")[:2000]
        if putar.lower() == "anak":
            putar = "anak"
        elif putar:
            codes = [kode_util.try_normalise(p) for p in putar.split(",")]
            if not all(codes):
                fallback("putar", putar, "kode yang valid saja")
            putar = ",".join(c for c in codes if c)
        putar_indikator = tuple(p for p in (_first(params, "putar_indikator") or "").split(",")[:50]
                                if p and _INDICATOR_ID.fullmatch(p))
        detik_text = _first(params, "detik")
        detik = _whole_number(detik_text, 5, 600, clamp=True)
        if detik_text and detik is None:
            fallback("detik", detik_text, str(DEFAULT_SLIDE_SECONDS))
        detik = DEFAULT_SLIDE_SECONDS if detik is None else detik
        return cls(kode, indikator, tahun, metode, kelas, palet, tuple(batas), tetap,
                   tampilan, putar, putar_indikator, detik, ignored=tuple(ignored))

    def to_query(self) -> dict[str, str]:
        out: dict[str, str] = {}
        if self.wilayah:
            out["wilayah"] = self.wilayah
        if self.indikator != DEFAULT_INDICATOR:
            out["indikator"] = self.indikator
        if self.tahun is not None:
            out["tahun"] = str(self.tahun)
        if self.metode != "auto":
            out["metode"] = URL_METHOD.get(self.metode, "otomatis")
        if self.kelas != DEFAULT_K:
            out["kelas"] = str(self.kelas)
        if self.palet != DEFAULT_PALETTE:
            out["palet"] = self.palet
        if self.batas:
            out["batas"] = ",".join(f"{b:g}" for b in self.batas)
        if self.tetap:
            out["tetap"] = "1"
        if self.tampilan:
            out["tampilan"] = self.tampilan
        if self.putar:
            out["putar"] = self.putar
        if self.putar_indikator:
            out["putar_indikator"] = ",".join(self.putar_indikator)
        if self.detik != DEFAULT_SLIDE_SECONDS:
            out["detik"] = str(self.detik)
        return out

    def slides(self, store: Store) -> list[ViewState]:
        """The views of the slideshow, in order (one view when there is no slideshow)."""
        if self.putar == "anak":
            regions = store.children(self.wilayah)["kode"].tolist() or [self.wilayah]
        elif self.putar:
            regions = [c for c in self.putar.split(",") if store.region(c) is not None] or [self.wilayah]
        else:
            regions = [self.wilayah]
        indicators = list(self.putar_indikator) or [self.indikator]
        return [replace(self, wilayah=r, indikator=i) for r in regions for i in indicators]

    def go(self, kode: str) -> ViewState:
        return replace(self, wilayah=kode)


def resolve_method(state: ViewState) -> str:
    """The classification method of a view: the one rule of petakesos.indicators.resolve_method."""
    from petakesos.indicators import resolve_method as rule

    return rule(state.indikator, state.metode, state.batas)


# ---- the view model -------------------------------------------------------------------------------------------
@dataclass
class Definition:
    indikator: str
    nama: str
    kelompok: str = ""
    satuan: str = ""
    definisi: str = ""
    sensitif: bool = False
    desimal: int | None = None  # None: the rule of petakesos.welfare.model.decimals_of for the unit
    agregasi: str = "sum"


@dataclass
class Kpi:
    label: str
    value: str
    delta: str | None = None
    help: str | None = None
    delta_color: str = "normal"  # "inverse" where a fall is good news (PMKS)


@dataclass
class MapView:
    state: ViewState
    region: Region  # the region chosen in the URL
    map_region: Region  # the region whose children are drawn (the parent of a desa)
    selected: str | None  # a desa chosen at the deepest level
    crumbs: list[Region]
    years: list[int]
    tahun: int | None
    definition: Definition
    definitions: pd.DataFrame
    children: pd.DataFrame  # kode, nama, nilai, peringkat, warna, teks (formatted value)
    classification: Classification
    legend: list[tuple[str, str, int]]
    spec: maps.MapSpec
    is_demo: bool
    child_tingkat: str | None
    notes: list[str] = field(default_factory=list)
    sources: list[str] = field(default_factory=list)  # source labels of the values shown (credited on screen)
    available: set[str] = field(default_factory=set)  # indicators with any value (the choices offered)
    # The indicator has no values at this level: what the page says instead of an all-grey map, and the views
    # it offers (petakesos.view_checks).
    no_values: str = ""
    offers: list = field(default_factory=list)

    @property
    def drillable(self) -> bool:
        return self.child_tingkat is not None and self.map_region.kode == self.region.kode


def definition_of(defs: pd.DataFrame, indikator: str) -> Definition:
    if not defs.empty:
        row = defs[defs["indikator"] == indikator]
        if not row.empty:
            r = row.iloc[0]
            desimal = r.get("desimal")
            return Definition(
                indikator, str(r.get("nama") or indikator), str(r.get("kelompok") or ""),
                str(r.get("satuan") or ""), str(r.get("definisi") or ""), bool(r.get("sensitif") or False),
                None if desimal is None or pd.isna(desimal) else int(desimal), str(r.get("agregasi") or "sum"),
            )
    return Definition(indikator, indikator)


def format_value(value: float | None, satuan: str = "", decimals: int | None = None) -> str:
    """A value as shown: `decimals` of the indicator (petakesos.indicators definitions) when known."""
    if value is None or (isinstance(value, float) and math.isnan(value)):
        return "tidak ada data"
    if satuan == "%":
        return format_percent(value, 1 if decimals is None else decimals)
    if decimals is None:
        decimals = 0 if float(value).is_integer() else (1 if abs(value) >= 10 else 2)
    text = format_number(value, decimals)
    return f"{text} {satuan}".strip() if satuan and satuan not in {"unit", "jiwa", "desa"} else text


def _unit_suffix(satuan: str) -> str:
    return "%" if satuan == "%" else ""


def classification_for(
    src: IndicatorSource, store: Store, state: ViewState, parent: str, tahun: int | None, values: list[float | None],
    years: list[int], satuan: str, tingkat: str | None = None,
) -> Classification:
    method = resolve_method(state)
    unit = _unit_suffix(satuan)
    if method == "manual":
        return classify(values, "manual", state.kelas, state.palet, manual_breaks=list(state.batas), unit=unit)
    if method == "spm" or not state.tetap or len(years) < 2:
        return classify(values, method, state.kelas, state.palet, unit=unit, tingkat=tingkat)
    # Fixed breaks: classes computed once from every year's values, then applied to this year.
    pooled: list[float | None] = []
    for year in years:
        pooled.extend(src.indicator_values(store, parent, year, state.indikator)["nilai"].tolist())
    base = classify(pooled, method, state.kelas, state.palet, unit=unit)
    breaks = [b.upper for b in base.bins if b.upper > 0]
    if not breaks:
        return classify(values, method, state.kelas, state.palet, unit=unit)
    result = classify(values, "manual", state.kelas, state.palet, manual_breaks=breaks, unit=unit)
    result.method = method
    return result


def _tooltip(nama: str, kode: str, nilai_text: str, rank: str, label: str) -> str:
    return (
        f"<b>{maps.escape_text(nama)}</b> <span style='color:#666'>{maps.escape_text(kode)}</span><br>"
        f"{maps.escape_text(label)}: <b>{maps.escape_text(nilai_text)}</b>"
        + (f"<br>{maps.escape_text(rank)}" if rank else "")
    )


def map_spec(
    store: Store, map_region: Region, kids: pd.DataFrame, selected: str | None, label: str, settings: Settings
) -> maps.MapSpec:
    """The children coloured (columns warna, teks, peringkat), the neighbours of the map region faint, the map
    region outlined, zoomed to the map region."""
    n = int(kids["peringkat"].notna().sum())
    geoms = kids["geojson_display"].tolist()
    props = []
    for row in kids.itertuples(index=False):
        rank = f"peringkat {int(row.peringkat)} dari {n}" if not pd.isna(row.peringkat) else ""
        style = {"fillColor": row.warna, "fillOpacity": 0.85, "color": "#ffffff", "weight": 0.8}
        if selected and row.kode == selected:
            style = {**style, **maps.SELECTED_STYLE}
        props.append({"kode": row.kode, "s": style, "t": _tooltip(row.nama, row.kode, row.teks, rank, label)})
    choropleth = maps.feature_collection_text(geoms, props)
    bbox = maps.bounds_union([tuple(b) for b in kids[["xmin", "ymin", "xmax", "ymax"]].itertuples(index=False)])
    if map_region.kode and map_region.bbox:
        bbox = map_region.bbox

    context = outline = None
    if map_region.kode:
        siblings = store.children(map_region.kode_induk)
        own_outline = store.outline(map_region.kode)
        if own_outline:
            outline = maps.feature_collection_text([own_outline], [{"kode": map_region.kode}])
        if bbox:
            view_box = maps.expand(bbox, 0.6)
            near = [
                not pd.isna(r.xmin) and r.kode != map_region.kode
                and maps.intersects(view_box, (r.xmin, r.ymin, r.xmax, r.ymax))
                for r in siblings.itertuples(index=False)
            ]
            ctx = siblings[near]
            if not ctx.empty:
                props_ctx = [{"kode": r.kode, "t": f"<span style='color:#666'>{maps.escape_text(r.nama)}</span>"}
                             for r in ctx.itertuples(index=False)]
                context = maps.feature_collection_text(ctx["geojson_display"].tolist(), props_ctx)
    return maps.MapSpec(choropleth=choropleth, bounds=bbox, context=context, outline=outline,
                        tiles=settings.osm_tiles, n_features=sum(1 for g in geoms if isinstance(g, str)),
                        labels=maps.name_labels(kids["nama"], kids["tingkat"], geoms))


def build_view(
    store: Store, state: ViewState, src: IndicatorSource | None = None, settings: Settings | None = None
) -> MapView:
    """Everything the Peta page shows for a URL state."""
    settings = settings or get_settings()
    src = src or indicator_source(store)
    notes: list[str] = []
    region = store.region(state.wilayah)
    if region is None:
        notes.append(f"Kode wilayah {state.wilayah} tidak ditemukan; menampilkan Indonesia.")
        region = store.region("")
        state = state.go("")
    assert region is not None
    selected: str | None = None
    map_region = region
    if region.tingkat == "desa_kelurahan":
        selected = region.kode
        map_region = store.region(region.kode_induk) or region
    child_tingkat = kode_util.child_tingkat(map_region.tingkat)

    defs = src.definitions(store)
    from petakesos.indicators import default_indicator

    fallback = default_indicator(store) or DEFAULT_INDICATOR
    years = sorted(int(y) for y in src.available_years(store))
    state, fallbacks = view_checks.checked_indicator_and_year(state, defs, years, fallback)
    notes.extend(fallbacks)
    if state.indikator == DEFAULT_INDICATOR and fallback != DEFAULT_INDICATOR:
        state = replace(state, indikator=fallback)  # a store of general indicators only: no WKSBM data
    definition = definition_of(defs, state.indikator)
    tahun = state.tahun if state.tahun in years else (years[-1] if years else state.tahun)

    kids = store.children(map_region.kode)
    values = (
        src.indicator_values(store, map_region.kode, tahun, state.indikator)
        if tahun is not None
        else NoIndicators().indicator_values(store, "", 0, "")
    )
    # A public source (presentation mode) marks suppressed cells: status non-empty, text "<k" or "×".
    shown = [c for c in ("kode", "nilai", "status", "tampil") if c in values.columns]
    kids = kids.merge(values[shown], on="kode", how="left") if not kids.empty else kids.assign(nilai=None)
    kids["nilai"] = pd.to_numeric(kids["nilai"], errors="coerce")
    kids["peringkat"] = kids["nilai"].rank(ascending=False, method="min")
    klass = classification_for(
        src, store, state, map_region.kode, tahun, [None if pd.isna(v) else float(v) for v in kids["nilai"]],
        years, definition.satuan, tingkat=child_tingkat,
    )
    kids["warna"] = [klass.color(None if pd.isna(v) else float(v)) for v in kids["nilai"]]
    kids["teks"] = [format_value(None if pd.isna(v) else float(v), definition.satuan, definition.desimal)
                    for v in kids["nilai"]]
    legend = klass.legend()
    hidden = kids["status"].fillna("").astype(str) != "" if "status" in kids else pd.Series(False, index=kids.index)
    if hidden.any():
        kids.loc[hidden, "warna"] = HIDDEN_COLOR
        kids.loc[hidden, "teks"] = kids.loc[hidden, "tampil"] + " (disembunyikan)"
        no_data = legend[-1]
        legend[-1] = (no_data[0], no_data[1], no_data[2] - int(hidden.sum()))
        from petakesos import privacy

        k = getattr(src, "k", None) or privacy.default_k()
        # One entry per kind of hidden value, saying what is hidden and why ("<k", "×", "…").
        legend += [(HIDDEN_COLOR, text, n) for text, n in privacy.hatch_legend_rows(k, kids.loc[hidden, "status"])]
        notes.append(privacy.map_notice(getattr(src, "k", None) or privacy.default_k()))

    spec = map_spec(store, map_region, kids, selected, definition.nama, settings)
    missing_poly = int(kids["geojson_display"].isna().sum())
    if missing_poly:
        notes.append(f"{missing_poly} wilayah tanpa poligon batas tidak tergambar di peta (tetap ada di tabel).")
    if definition.agregasi == "none" and tahun is not None and not kids["nilai"].notna().any() and child_tingkat:
        notes.append(
            f"{definition.nama} diterbitkan sumbernya hanya untuk tingkat tertentu dan tidak dijumlahkan: tidak ada "
            f"nilai untuk {kode_util.TINGKAT_LABEL.get(child_tingkat, child_tingkat)} di sini (masuk ke wilayah "
            "yang datanya tersedia)."
        )
    if tahun is None:
        notes.append("Belum ada data kesejahteraan (WKSBM/PMKS/PSKS) di basis data: peta hanya menampilkan batas wilayah.")

    no_values, offers = "", []
    if tahun is not None and not kids.empty and kids["nilai"].isna().all() and not hidden.any():
        no_values, offers = view_checks.nearest_views(store, src, state, map_region, tahun, definition.nama, defs,
                                                      DEFAULT_INDICATOR)  # fmt: skip

    children = kids[["kode", "nama", "tingkat", "nilai", "peringkat", "warna", "teks"]].copy()
    from petakesos.indicators import view_sources, with_data

    shown_sources = view_sources(store, map_region.kode, tahun, [state.indikator]) if tahun is not None else []
    return MapView(
        state=replace(state, tahun=tahun) if tahun is not None else state,
        region=region, map_region=map_region, selected=selected, crumbs=store.ancestors(region.kode),
        years=years, tahun=tahun, definition=definition, definitions=defs, children=children,
        classification=klass, legend=legend, spec=spec, is_demo=bool(src.is_demo(store)) if years else False,
        child_tingkat=child_tingkat, notes=notes, sources=shown_sources, available=with_data(store),
        no_values=no_values, offers=offers,
    )


def clicked_code(view: MapView, returned: Mapping[str, Any] | None) -> str | None:
    """The child code clicked on the map (st_folium's last_active_drawing), if it is a region of this view."""
    return clicked_child(returned, view.region.kode, set(view.children["kode"]))


def clicked_child(returned: Mapping[str, Any] | None, current: str, child_codes: set[str]) -> str | None:
    """The region code in st_folium's returned value when it is one of `child_codes` and not `current`."""
    if not returned:
        return None
    feature = returned.get("last_active_drawing")
    if not isinstance(feature, Mapping):
        return None
    kode = (feature.get("properties") or {}).get("kode")
    if not isinstance(kode, str) or kode == current:
        return None
    return kode if kode in child_codes else None


# ---- panels ------------------------------------------------------------------------------------------------------
def kpis(store: Store, src: IndicatorSource, kode: str, tahun: int | None,
         current: Definition | None = None) -> list[Kpi]:
    """Four cards for the region in view: desa total, with a WKSBM, coverage, PMKS total; change against last
    year. When the view shows a general indicator (poor population, poverty rate, …) and the region has no WKSBM
    data, its card takes the place of the WKSBM cards."""
    now = src.region_values(store, kode, tahun) if tahun is not None else {}
    before = src.region_values(store, kode, tahun - 1) if tahun is not None else {}
    spec = [("desa_total", "Desa/kelurahan", ""), ("desa_dengan_wksbm", "Dengan WKSBM", ""),
            ("cakupan_wksbm_pct", "Cakupan WKSBM", "%"), ("pmks_total", "Total PMKS (jiwa)", "")]
    decimals: dict[str, int | None] = {}
    if current is not None and current.indikator not in {k for k, _, _ in spec} and not _present(
            now.get("cakupan_wksbm_pct")):
        spec[1] = (current.indikator, current.nama, current.satuan)
        decimals[current.indikator] = current.desimal
    out = []
    for key, label, satuan in spec:
        value = now.get(key)
        prev = before.get(key)
        delta = None
        if _present(value) and _present(prev):
            diff = float(value) - float(prev)  # type: ignore[arg-type]
            unit = " poin" if satuan == "%" else ""
            sign = "+" if diff > 0 else ""
            delta = f"{sign}{format_number(diff, 1 if satuan == '%' else 0)}{unit}"
        help_text = f"Perubahan dibanding tahun {tahun - 1}." if delta else None  # type: ignore[operator]
        out.append(Kpi(label, format_value(value, satuan, decimals.get(key)) if _present(value) else "–", delta,
                       help_text,
                       "inverse" if key.startswith("pmks") else "normal"))
    return out


def _present(value: object) -> bool:
    return value is not None and not (isinstance(value, float) and math.isnan(value))


def ranking_table(view: MapView) -> pd.DataFrame:
    """Children sorted best first, with the formatted value; rows without data at the end."""
    table = view.children.sort_values(["nilai", "kode"], ascending=[False, True], na_position="last")
    return pd.DataFrame({
        "Peringkat": table["peringkat"].astype("Int64"),
        "Kode": table["kode"],
        "Nama": table["nama"],
        view.definition.nama: table["nilai"],
    }).reset_index(drop=True)


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


def method_options() -> dict[str, str]:
    return {"auto": "Otomatis", **METHODS}


def change_values(src: IndicatorSource, store: Store, parent: str, indikator: str, tahun_a: int, tahun_b: int) -> pd.DataFrame:
    """kode, a, b, selisih for the children of `parent` between two years."""
    a = src.indicator_values(store, parent, tahun_a, indikator).rename(columns={"nilai": "a"})
    b = src.indicator_values(store, parent, tahun_b, indikator).rename(columns={"nilai": "b"})
    merged = a[["kode", "a"]].merge(b[["kode", "b"]], on="kode", how="outer")
    merged["selisih"] = merged["b"] - merged["a"]
    return merged


def build_change_view(store: Store, view: MapView, src: IndicatorSource, tahun_a: int, tahun_b: int,
                      settings: Settings | None = None) -> MapView:
    """The change of the indicator between two years for the children of the map region (diverging classes)."""
    settings = settings or get_settings()
    kids = store.children(view.map_region.kode)
    diff = change_values(src, store, view.map_region.kode, view.state.indikator, tahun_a, tahun_b)
    kids = kids.merge(diff[["kode", "selisih"]], on="kode", how="left")
    kids["nilai"] = pd.to_numeric(kids["selisih"], errors="coerce")
    # A region whose territory changed between the two years (a unit split off) has no comparable change.
    from petakesos.indicators import breaks_under

    broken = breaks_under(store, view.map_region.kode, view.state.indikator, tahun_a, tahun_b)
    not_comparable = kids["kode"].isin(list(broken))
    kids.loc[not_comparable, "nilai"] = float("nan")
    kids["peringkat"] = kids["nilai"].rank(ascending=False, method="min")
    unit = " poin" if view.definition.satuan == "%" else ""
    klass = classify_change([None if pd.isna(v) else float(v) for v in kids["nilai"]], unit=unit)
    kids["warna"] = [klass.color(None if pd.isna(v) else float(v)) for v in kids["nilai"]]
    decimals = 1 if view.definition.desimal is None else max(1, view.definition.desimal)
    kids["teks"] = [
        "tidak ada data" if pd.isna(v) else (("+" if v > 0 else "") + format_number(float(v), decimals) + unit)
        for v in kids["nilai"]
    ]
    kids.loc[not_comparable, "teks"] = "tidak sebanding (wilayah berubah: pemekaran)"
    label = f"Perubahan {view.definition.nama} {tahun_a}→{tahun_b}"
    spec = map_spec(store, view.map_region, kids, view.selected, label, settings)
    definition = replace(view.definition, nama=label, satuan=unit.strip())
    notes = list(view.notes) + [
        f"{nama}: tidak sebanding antara {tahun_a} dan {tahun_b}, {broken[k]}."
        for k, nama in zip(kids.loc[not_comparable, "kode"], kids.loc[not_comparable, "nama"], strict=True)
    ]
    return replace(view, children=kids[["kode", "nama", "tingkat", "nilai", "peringkat", "warna", "teks"]].copy(),
                   classification=klass, legend=klass.legend(), spec=spec, definition=definition, notes=notes)


MAIN_COLUMNS = ("desa_total", "desa_dengan_wksbm", "cakupan_wksbm_pct", "desa_tanpa_wksbm", "wksbm_jumlah",
                "pmks_total", "pmks_per_1000")


def children_table(store: Store, src: IndicatorSource, view: MapView) -> pd.DataFrame:
    """The children of the map region with the main indicators and the chosen one, one column each."""
    table = view.children[["kode", "nama"]].copy()
    if view.tahun is None:
        return table.rename(columns={"kode": "Kode", "nama": "Nama"})
    names = dict(zip(view.definitions["indikator"], view.definitions["nama"], strict=False))
    wanted = list(dict.fromkeys([*MAIN_COLUMNS, view.state.indikator]))
    for ind in wanted:
        if ind not in names:
            continue
        vals = src.indicator_values(store, view.map_region.kode, view.tahun, ind)
        vals = vals.assign(nilai=pd.to_numeric(vals["nilai"], errors="coerce").round(2))
        table = table.merge(vals[["kode", "nilai"]].rename(columns={"nilai": names[ind]}), on="kode", how="left")
    return table.rename(columns={"kode": "Kode", "nama": "Nama"})


def region_table(store: Store, src: IndicatorSource, view: MapView) -> pd.DataFrame:
    """Every indicator of the region in view: group, name, value, unit."""
    focus = view.selected or view.region.kode
    if view.tahun is None:
        return pd.DataFrame(columns=["Kelompok", "Indikator", "Nilai", "Satuan"])
    values = src.region_values(store, focus, view.tahun)
    defs = view.definitions.set_index("indikator") if not view.definitions.empty else None
    rows = []
    for ind, value in values.items():
        if defs is not None and ind in defs.index:
            d = defs.loc[ind]
            rows.append((d["kelompok"], d["nama"], value, d["satuan"], d["urutan"]))
        else:
            rows.append(("", ind, value, "", 10**9))
    frame = pd.DataFrame(rows, columns=["Kelompok", "Indikator", "Nilai", "Satuan", "urutan"])
    frame["Nilai"] = pd.to_numeric(frame["Nilai"], errors="coerce").round(2)
    return frame.sort_values("urutan").drop(columns="urutan").reset_index(drop=True)


def definitions_by_group(defs: pd.DataFrame) -> list[tuple[str, pd.DataFrame]]:
    order = ["WKSBM", "PMKS", "PSKS", "Wilayah", "Pelaporan"]
    groups = list(dict.fromkeys([*[g for g in order if g in set(defs["kelompok"])], *defs["kelompok"]]))
    return [(g, defs[defs["kelompok"] == g].sort_values("urutan")) for g in groups]


def category_lists(defs: pd.DataFrame) -> dict[str, pd.DataFrame]:
    """The PMKS and PSKS categories (abbreviation, name, sensitive) from the indicator definitions."""
    out = {}
    for jenis, prefix in (("PMKS", "pmks:"), ("PSKS", "psks:")):
        part = defs[defs["indikator"].str.startswith(prefix)] if not defs.empty else defs
        out[jenis] = pd.DataFrame({
            "Singkatan": part["indikator"].str.slice(len(prefix)) if not part.empty else [],
            "Nama": part["nama"] if not part.empty else [],
            "Sensitif": part["sensitif"].map({True: "ya", False: ""}) if not part.empty else [],
        })
    return out


def data_sources(store: Store, src: IndicatorSource) -> pd.DataFrame:
    """Source labels behind the indicators (when the indicator module offers them)."""
    fn = getattr(src, "sources", None)
    if fn is None:
        return pd.DataFrame(columns=["sumber", "contoh"])
    return fn(store)

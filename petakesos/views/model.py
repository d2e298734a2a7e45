"""The view model of the map pages: URL state → queries → `MapView` (map spec, legend, coloured children)."""

from __future__ import annotations

import re
from collections.abc import Mapping
from dataclasses import dataclass, field, replace
from typing import Any

import pandas as pd

from petakesos import codes as kode_util
from petakesos import i18n, maps, view_checks
from petakesos.classify import Classification, classify, classify_change
from petakesos.direction import NEUTRAL, NEUTRAL_DIVERGING, UP_WORSE, direction_of
from petakesos.numbers import format_number, format_signed, format_value
from petakesos.settings import Settings, get_settings
from petakesos.store import Region, Store
from petakesos.views.sources import IndicatorSource, NoIndicators, indicator_source
from petakesos.views.state import DEFAULT_INDICATOR, ViewState, resolve_method

HIDDEN_COLOR = "#9e9e9e"  # suppressed sensitive values on public screens (darker than "tidak ada data")


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
    arah: str | None = None  # direction of "good" (petakesos.direction); None = the rule for the id




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
                r.get("arah") if isinstance(r.get("arah"), str) else None,
            )
    return Definition(indikator, indikator)


def _unit_suffix(satuan: str) -> str:
    return "%" if satuan == "%" else ""


def classification_for(
    src: IndicatorSource, store: Store, state: ViewState, parent: str, tahun: int | None, values: list[float | None],
    years: list[int], satuan: str, tingkat: str | None = None,
) -> Classification:
    method = resolve_method(state)
    unit = _unit_suffix(satuan)
    lang = state.bahasa
    if method == "manual":
        return classify(values, "manual", state.kelas, state.palet, manual_breaks=list(state.batas), unit=unit,
                        lang=lang)
    if method == "spm" or not state.tetap or len(years) < 2:
        return classify(values, method, state.kelas, state.palet, unit=unit, tingkat=tingkat, lang=lang)
    # Fixed breaks: classes computed once from every year's values, then applied to this year.
    pooled: list[float | None] = []
    for year in years:
        pooled.extend(src.indicator_values(store, parent, year, state.indikator)["nilai"].tolist())
    base = classify(pooled, method, state.kelas, state.palet, unit=unit)
    breaks = [b.upper for b in base.bins if b.upper > 0]
    if not breaks:
        return classify(values, method, state.kelas, state.palet, unit=unit, lang=lang)
    result = classify(values, "manual", state.kelas, state.palet, manual_breaks=breaks, unit=unit, lang=lang)
    result.method = method
    return result


def _tooltip(nama: str, kode: str, nilai_text: str, rank: str, label: str) -> str:
    return (
        f"<b>{maps.escape_text(nama)}</b> <span style='color:#666'>{maps.escape_text(kode)}</span><br>"
        f"{maps.escape_text(label)}: <b>{maps.escape_text(nilai_text)}</b>"
        + (f"<br>{maps.escape_text(rank)}" if rank else "")
    )


def map_spec(
    store: Store, map_region: Region, kids: pd.DataFrame, selected: str | None, label: str, settings: Settings,
    lang: str = i18n.DEFAULT_LANGUAGE,
) -> maps.MapSpec:
    """The children coloured (columns warna, teks, peringkat), the neighbours of the map region faint, the map
    region outlined, zoomed to the map region."""
    n = int(kids["peringkat"].notna().sum())
    geoms = kids["geojson_display"].tolist()
    props = []
    for row in kids.itertuples(index=False):
        rank = i18n.texts(lang)("RANK_OF", rank=int(row.peringkat), n=n) if not pd.isna(row.peringkat) else ""
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
                        credit=i18n.texts(lang).MAP_CREDIT,
                        labels=maps.name_labels(kids["nama"], kids["tingkat"], geoms))


def build_view(
    store: Store, state: ViewState, src: IndicatorSource | None = None, settings: Settings | None = None
) -> MapView:
    """Everything the Peta page shows for a URL state."""
    settings = settings or get_settings()
    src = src or indicator_source(store)
    T = i18n.texts(state.bahasa)
    notes: list[str] = []
    region = store.region(state.wilayah)
    if region is None or state.wilayah_asked:
        # A code that is not a code, or not in the store: the nearest region up that exists, named in a note.
        asked = state.wilayah_asked or state.wilayah
        region = next((r for r in map(store.region, reversed(kode_util.ancestors_of(state.wilayah))) if r), None)
        region = region or store.region("")
        notes.append(T("NOTE_REGION_NOT_FOUND", kode=asked, used=region.nama))
        state = state.go(region.kode)
    assert region is not None
    selected: str | None = None
    map_region = region
    if region.tingkat == "desa_kelurahan":
        selected = region.kode
        map_region = store.region(region.kode_induk) or region
    child_tingkat = kode_util.child_tingkat(map_region.tingkat)

    defs = i18n.localised_definitions(src.definitions(store), state.bahasa)
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
    unit_label = i18n.unit_text(state.bahasa, definition.satuan)
    kids["teks"] = [format_value(None if pd.isna(v) else float(v), definition.satuan, missing=T.NO_DATA,
                                 unit_label=unit_label, decimals=definition.desimal) for v in kids["nilai"]]
    legend = klass.legend()
    hidden = kids["status"].fillna("").astype(str) != "" if "status" in kids else pd.Series(False, index=kids.index)
    if hidden.any():
        kids.loc[hidden, "warna"] = HIDDEN_COLOR
        kids.loc[hidden, "teks"] = kids.loc[hidden, "tampil"] + " " + T.HIDDEN_SUFFIX
        no_data = legend[-1]
        legend[-1] = (no_data[0], no_data[1], no_data[2] - int(hidden.sum()))
        from petakesos import privacy

        k = getattr(src, "k", None) or privacy.default_k()
        # One entry per kind of hidden value, saying what is hidden and why ("<k", "×", "…").
        legend += [(HIDDEN_COLOR, text, n)
                   for text, n in privacy.hatch_legend_rows(k, kids.loc[hidden, "status"], T.lang)]
        notes.append(privacy.map_notice(k, T.lang))

    spec = map_spec(store, map_region, kids, selected, definition.nama, settings, lang=state.bahasa)
    missing_poly = int(kids["geojson_display"].isna().sum())
    if missing_poly:
        notes.append(T("NOTE_NO_POLYGON", n=format_number(missing_poly)))
    if definition.agregasi == "none" and tahun is not None and not kids["nilai"].notna().any() and child_tingkat:
        level = T.get(f"TINGKAT.{child_tingkat}", child_tingkat)
        notes.append(T("NOTE_NOT_SUMMED", nama=definition.nama, tingkat=level))
    if tahun is not None and definition.agregasi == "sum" and kids["nilai"].notna().any():
        from petakesos.indicators import needs_all_children

        reported, total = int(kids["nilai"].notna().sum()), len(kids)
        own = src.region_values(store, map_region.kode, tahun).get(state.indikator)
        if reported < total and own is None and needs_all_children(store, state.indikator):
            notes.append(T("NOTE_INCOMPLETE_TOTAL", nama=definition.nama, wilayah=map_region.nama, n=reported,
                           m=total, tahun=tahun))
    if tahun is None:
        notes.append(T.NOTE_NO_WELFARE)

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



def change_values(src: IndicatorSource, store: Store, parent: str, indikator: str, tahun_a: int, tahun_b: int) -> pd.DataFrame:
    """kode, a, b, selisih for the children of `parent` between two years."""
    a = src.indicator_values(store, parent, tahun_a, indikator).rename(columns={"nilai": "a"})
    b = src.indicator_values(store, parent, tahun_b, indikator).rename(columns={"nilai": "b"})
    merged = a[["kode", "a"]].merge(b[["kode", "b"]], on="kode", how="outer")
    merged["selisih"] = merged["b"] - merged["a"]
    return merged


def build_change_view(store: Store, view: MapView, src: IndicatorSource, tahun_a: int, tahun_b: int,
                      settings: Settings | None = None) -> MapView:
    """The change of the indicator between two years for the children of the map region (diverging classes,
    coloured by the indicator's direction: a worsening brown, an improvement teal)."""
    settings = settings or get_settings()
    T = i18n.texts(view.state.bahasa)
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
    unit = T.POINTS if view.definition.satuan == "%" else ""
    klass = change_classification([None if pd.isna(v) else float(v) for v in kids["nilai"]], view.state.indikator,
                                  unit=unit, lang=view.state.bahasa, arah=view.definition.arah)
    kids["warna"] = [klass.color(None if pd.isna(v) else float(v)) for v in kids["nilai"]]
    decimals = 1 if view.definition.desimal is None else max(1, view.definition.desimal)
    kids["teks"] = [T.NO_DATA if pd.isna(v) else format_signed(float(v), decimals, unit) for v in kids["nilai"]]
    kids.loc[not_comparable, "teks"] = T.NOT_COMPARABLE_SPLIT
    label = T("TREN_CHANGE_LABEL", nama=view.definition.nama, a=tahun_a, b=tahun_b)
    spec = map_spec(store, view.map_region, kids, view.selected, label, settings, lang=view.state.bahasa)
    definition = replace(view.definition, nama=label, satuan=unit)
    notes = list(view.notes) + [
        T("NOTE_NOT_COMPARABLE", nama=nama, a=tahun_a, b=tahun_b, reason=broken[k])
        for k, nama in zip(kids.loc[not_comparable, "kode"], kids.loc[not_comparable, "nama"], strict=True)
    ]
    return replace(view, children=kids[["kode", "nama", "tingkat", "nilai", "peringkat", "warna", "teks"]].copy(),
                   classification=klass, legend=klass.legend(), spec=spec, definition=definition,
                   notes=notes)


def change_classification(values: list[float | None], indikator: str, *, unit: str = "",
                          lang: str = i18n.DEFAULT_LANGUAGE, arah: str | None = None) -> Classification:
    """The diverging classes of a change, coloured by the indicator's direction (petakesos.direction): for an
    indicator where higher is worse (PMKS, poverty) an increase takes the colours of a worsening (brown), a
    decrease those of an improvement (teal). Each class says in words which way it went and whether that is better
    or worse; for a neutral indicator (direction unknown) it says only which way, in colours that judge neither."""
    T = i18n.texts(lang)
    klass = classify_change(values, unit=f" {unit}" if unit else "")
    way = direction_of(indikator, arah)
    worse_up = way == UP_WORSE
    colours = [b.color for b in klass.bins]
    if worse_up:
        colours = colours[::-1]
    if way == NEUTRAL:
        colours = list(NEUTRAL_DIVERGING)
    bins = []
    for b, colour in zip(klass.bins, colours, strict=True):
        number = _CHANGE_WORD.sub("", b.label).strip()
        if b.lower == 0 and b.upper == 0:
            words = T("CHANGE.same")
        else:
            up = b.lower >= 0
            better = up != worse_up
            words = T("CHANGE.up" if up else "CHANGE.down")
            if way != NEUTRAL:
                words += f", {T('CHANGE.better' if better else 'CHANGE.worse')}"
        bins.append(replace(b, color=colour, label=f"{number} ({words})"))
    klass.bins = bins
    klass.lang = T.lang
    return klass


_CHANGE_WORD = re.compile(r"\s*\((turun|naik|tetap)\)\s*$")  # classify_change's own words, replaced above


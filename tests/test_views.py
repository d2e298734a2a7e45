"""View logic without Streamlit: URL state → queries → view model and map specification."""

from __future__ import annotations

import json
from dataclasses import replace
from pathlib import Path

import pytest
from test_views_fixtures import EVIL, build_store

from petakesos import privacy, views
from petakesos.store import Store


@pytest.fixture()
def store(tmp_path: Path) -> Store:
    return Store(build_store(tmp_path / "tiny.duckdb"))


@pytest.fixture()
def bare_store(tmp_path: Path) -> Store:
    return Store(build_store(tmp_path / "bare.duckdb", with_indicators=False))


def _features(text: str) -> list[dict]:
    return json.loads(text)["features"]


# ---- URL state -------------------------------------------------------------------------------------------------
def test_state_round_trip_through_the_url() -> None:
    state = views.ViewState(wilayah="33.71", indikator="pmks_total", tahun=2024, metode="jenks", kelas=4,
                            palet="viridis", batas=(10.0, 25.5), tetap=True)
    query = state.to_query()
    assert query == {"wilayah": "33.71", "indikator": "pmks_total", "tahun": "2024", "metode": "jenks",
                     "kelas": "4", "palet": "viridis", "batas": "10,25.5", "tetap": "1"}
    assert views.ViewState.from_query(query) == state


def test_defaults_are_left_out_of_the_url_and_home_applies() -> None:
    assert views.ViewState().to_query() == {}
    assert views.ViewState.from_query({}, home="34").wilayah == "34"
    assert views.ViewState.from_query({"wilayah": "indonesia"}, home="34").wilayah == ""


@pytest.mark.parametrize(
    ("params", "field", "expected"),
    [
        ({"wilayah": "3371011003"}, "wilayah", "33.71.01.1003"),  # undotted code is normalised
        ({"wilayah": "<script>"}, "wilayah", ""),  # garbage falls back to home
        ({"wilayah": "33.7"}, "wilayah", "33"),  # not a code: the province its first digits name
        ({"tahun": "dua ribu"}, "tahun", None),
        ({"kelas": "99"}, "kelas", 7),
        ({"kelas": "x"}, "kelas", views.DEFAULT_K),
        ({"palet": "Rainbow"}, "palet", views.DEFAULT_PALETTE),
        ({"metode": "bogus"}, "metode", "auto"),
        ({"batas": "50,abc,10,nan,10"}, "batas", (10.0, 50.0)),
        ({"wilayah": ["33", "34"]}, "wilayah", "34"),  # repeated parameter: the last one wins
    ],
)
def test_bad_url_values_fall_back(params: dict, field: str, expected: object) -> None:
    assert getattr(views.ViewState.from_query(params), field) == expected


def test_method_resolution() -> None:
    assert views.resolve_method(views.ViewState()) == "spm"  # coverage is drawn against the SPM target
    assert views.resolve_method(views.ViewState(indikator="pmks_total")) == "quantile"
    assert views.resolve_method(views.ViewState(indikator="pmks_total", metode="spm")) == "quantile"
    assert views.resolve_method(views.ViewState(metode="manual")) == "quantile"  # manual without breaks


# ---- building views ------------------------------------------------------------------------------------------
def test_indonesia_view_shows_provinces_with_values_and_ranks(store: Store) -> None:
    view = views.build_view(store, views.ViewState(indikator="pmks_total"))
    assert view.region.tingkat == "indonesia" and view.child_tingkat == "provinsi"
    assert list(view.children["kode"]) == ["91", "92"]
    assert view.tahun == 2024 and view.years == [2023, 2024]
    values = dict(zip(view.children["kode"], view.children["nilai"], strict=True))
    assert values == {"91": 25.0, "92": 0.0}  # 6+3+1+1+2+9+3 and 0
    feats = _features(view.spec.choropleth)
    assert [f["properties"]["kode"] for f in feats] == ["91", "92"]
    assert "peringkat 1 dari 2" in feats[0]["properties"]["t"]
    assert view.spec.context is None and view.spec.outline is None  # nothing around Indonesia
    assert view.is_demo


def test_coverage_uses_spm_classes_with_counts(store: Store) -> None:
    view = views.build_view(store, views.ViewState(wilayah="91.01", tahun=2023))
    assert view.classification.method == "spm"
    by_label = {label: n for _, label, n in view.legend}
    # 2023: Kecamatan Satu 1 of 2 desa (50%), Kecamatan Dua 0 of 2 (0%)
    assert by_label["0% (belum ada WKSBM)"] == 1
    assert by_label["50% – <75%"] == 1
    assert by_label["Tidak ada data"] == 0
    colors = dict(zip(view.children["kode"], view.children["warna"], strict=True))
    assert colors["91.01.02"] == view.legend[0][0]


def test_drill_to_a_kab_shows_its_kecamatan_neighbours_faint_and_outline(store: Store) -> None:
    view = views.build_view(store, views.ViewState(wilayah="91.01"))
    assert [c.nama for c in view.crumbs] == ["Indonesia", "Provinsi Satu", "Kabupaten Satu"]
    assert {f["properties"]["kode"] for f in _features(view.spec.choropleth)} == {"91.01.01", "91.01.02"}
    assert [f["properties"]["kode"] for f in _features(view.spec.context)] == ["91.71"]  # the neighbour
    assert [f["properties"]["kode"] for f in _features(view.spec.outline)] == ["91.01"]
    assert view.spec.bounds == (100, -10, 102, -6)
    assert view.drillable


def test_desa_view_selects_the_desa_among_its_siblings(store: Store) -> None:
    view = views.build_view(store, views.ViewState(wilayah="91.01.02.2001"))
    assert view.map_region.kode == "91.01.02" and view.selected == "91.01.02.2001"
    assert not view.drillable and view.child_tingkat == "desa_kelurahan"
    feats = {f["properties"]["kode"]: f for f in _features(view.spec.choropleth)}
    assert feats["91.01.02.2001"]["properties"]["s"]["weight"] == 3  # highlighted
    # The desa without a polygon is listed in the table, not drawn, and the page says so.
    assert "91.01.02.2002" in set(view.children["kode"]) and "91.01.02.2002" not in feats
    assert any("tanpa poligon" in n for n in view.notes)


@pytest.mark.parametrize(("asked", "shown", "name"), [
    ("99.99", "", "Indonesia"),  # a code of a region that is not in the store
    ("91.9", "91", "Provinsi Satu"),  # not a code: the region its leading digits name
    ("91.01.7", "91.01", "Kabupaten Satu"),
    ("91.01.09", "91.01", "Kabupaten Satu"),  # a well-formed code not in the store: the nearest region up
    ("<script>", "", "Indonesia"),
])
def test_an_unusable_region_code_shows_the_nearest_region_and_says_so(store: Store, asked: str, shown: str,
                                                                      name: str) -> None:
    for bahasa, words in (("id", f"Kode wilayah “{asked}” tidak dikenal; yang ditampilkan: {name}."),
                          ("en", f"Region code “{asked}” is not known; showing {name} instead.")):
        state = views.ViewState.from_query({"wilayah": asked, "bahasa": bahasa})
        view = views.build_view(store, state)
        assert view.region.kode == shown and view.state.wilayah == shown
        assert words in view.notes, view.notes


def test_html_in_names_is_escaped_everywhere(store: Store) -> None:
    view = views.build_view(store, views.ViewState(wilayah="91"))
    text = view.spec.choropleth
    assert "<script" not in text and "</script" not in text  # safe inside a <script> element
    tooltip = next(f["properties"]["t"] for f in _features(text) if f["properties"]["kode"] == "91.71")
    assert "&lt;script&gt;" in tooltip and "Kota &amp; Co" in tooltip
    assert EVIL not in tooltip


def test_store_without_welfare_data_shows_boundaries_and_no_data(bare_store: Store) -> None:
    view = views.build_view(bare_store, views.ViewState(wilayah="91"))
    assert view.tahun is None and view.years == []
    assert view.children["nilai"].isna().all()
    assert view.legend[-1][1:] == ("Tidak ada data", 2)
    assert len(_features(view.spec.choropleth)) == 2
    assert not view.is_demo
    assert any("Belum ada data kesejahteraan" in n for n in view.notes)
    assert [k.value for k in views.kpis(bare_store, views.indicator_source(bare_store), "91", None)] == ["–"] * 4


def test_indicator_source_of_a_store_without_welfare_tables(bare_store: Store) -> None:
    for src in (views.indicator_source(bare_store), views.indicator_source(bare_store, public=True)):
        assert src.available_years(bare_store) == []
        assert src.definitions(bare_store).empty
    view = views.build_view(bare_store, views.ViewState(wilayah=""))
    assert view.tahun is None and any("Belum ada data" in n for n in view.notes)


def test_fixed_breaks_stay_the_same_across_years(store: Store) -> None:
    a = views.build_view(store, views.ViewState(wilayah="91.01", indikator="pmks_total", tahun=2023, tetap=True,
                                                kelas=3))
    b = views.build_view(store, views.ViewState(wilayah="91.01", indikator="pmks_total", tahun=2024, tetap=True,
                                                kelas=3))
    assert a.classification.breaks == b.classification.breaks
    free = views.build_view(store, views.ViewState(wilayah="91.01", indikator="pmks_total", tahun=2023, kelas=3))
    assert sum(n for _, _, n in free.legend) == len(free.children)


def test_manual_breaks_and_other_methods(store: Store) -> None:
    view = views.build_view(store, views.ViewState(wilayah="", indikator="pmks_total", metode="manual",
                                                   batas=(10.0, 20.0)))
    assert view.classification.method == "manual"
    assert view.classification.breaks[:2] == [10.0, 20.0]
    for method in ("quantile", "equal_interval", "jenks"):
        v = views.build_view(store, views.ViewState(indikator="pmks_total", metode=method))
        assert v.classification.method == method


def test_clicked_code_accepts_only_children_of_the_view(store: Store) -> None:
    view = views.build_view(store, views.ViewState(wilayah="91"))
    click = {"last_active_drawing": {"type": "Feature", "properties": {"kode": "91.71"}, "geometry": None}}
    assert views.clicked_code(view, click) == "91.71"
    assert views.clicked_code(view, {"last_active_drawing": {"properties": {"kode": "92"}}}) is None
    assert views.clicked_code(view, {"last_active_drawing": None}) is None
    assert views.clicked_code(view, None) is None
    assert views.clicked_code(view, {"last_active_drawing": {"properties": {"kode": ["x"]}}}) is None


def test_kpis_with_change_against_previous_year(store: Store) -> None:
    src = views.indicator_source(store)
    cards = {k.label: k for k in views.kpis(store, src, "91.01", 2024)}
    assert cards["Desa/kelurahan"].value == "4"
    assert cards["Dengan WKSBM"].value == "3" and cards["Dengan WKSBM"].delta == "+2"
    assert cards["Cakupan WKSBM"].value == "75,0%" and cards["Cakupan WKSBM"].delta == "+50,0 poin"
    assert cards["Total PMKS (jiwa)"].delta == "+2"


def test_panels_ranking_pmks_categories_desa_without_wksbm(store: Store) -> None:
    src = views.indicator_source(store)
    view = views.build_view(store, views.ViewState(wilayah="91", indikator="pmks_total"))
    table = views.ranking_table(view)
    assert list(table["Kode"]) == ["91.01", "91.71"]  # PMKS 13 and 12
    pm = views.pmks_by_category(store, src, "91", 2024, view.definitions)
    assert list(pm["kategori"]) == ["LUT", "ODHA"] and pm["nilai"].sum() == 25
    tanpa = src.desa_tanpa_wksbm(store, "91.01", 2024)
    assert list(tanpa["kode"]) == ["91.01.02.2001"]


def test_indicator_options_grouped_in_display_order(store: Store) -> None:
    defs = views.indicator_source(store).definitions(store)
    options = views.indicator_options(defs)
    assert options[0] == ("desa_total", "Wilayah · Jumlah desa/kelurahan")
    assert ("pmks:ODHA", "PMKS · Orang dengan HIV/AIDS") in options
    groups = dict(views.definitions_by_group(defs))
    assert list(groups)[:2] == ["WKSBM", "PMKS"]
    cats = views.category_lists(defs)
    assert list(cats["PMKS"]["Singkatan"]) == ["LUT", "ODHA"] and list(cats["PMKS"]["Sensitif"]) == ["", "ya"]


def test_change_view_between_years(store: Store) -> None:
    src = views.indicator_source(store)
    view = views.build_view(store, views.ViewState(wilayah="91.01", indikator="desa_dengan_wksbm"))
    change = views.build_change_view(store, view, src, 2023, 2024)
    diffs = dict(zip(change.children["kode"], change.children["nilai"], strict=True))
    assert diffs == {"91.01.01": 1.0, "91.01.02": 1.0}
    assert change.classification.method == "change"
    assert sum(n for _, _, n in change.legend) == 2


def test_data_tables(store: Store) -> None:
    src = views.indicator_source(store)
    view = views.build_view(store, views.ViewState(wilayah="91.01"))
    table = views.children_table(store, src, view)
    assert list(table.columns[:2]) == ["Kode", "Nama"] and "Cakupan WKSBM (%)" in table.columns
    own = views.region_table(store, src, view)
    assert own.iloc[0]["Indikator"] == "Jumlah desa/kelurahan" and own.iloc[0]["Nilai"] == 4


def test_sensitive_categories_are_flagged(store: Store) -> None:
    src = views.indicator_source(store)
    defs = src.definitions(store)
    pm = views.pmks_by_category(store, src, "91", 2024, defs)
    assert views.has_sensitive(pm, defs)
    assert not views.has_sensitive(pm[pm["kategori"] == "LUT"], defs)


def test_classify_change_is_diverging_with_no_change_in_the_middle() -> None:
    from petakesos.classify import DIVERGING, classify_change

    result = classify_change([-10, -1, 0, 1, 2, 10, None], unit=" poin")
    assert [n for _, _, n in result.legend()] == [1, 1, 1, 2, 1, 1]  # 5 classes + "tidak ada data"
    assert result.color(0) == DIVERGING[5][2] and result.color(-10) == DIVERGING[5][0]
    assert result.color(None) == result.legend()[-1][0]


def test_presentation_state_from_the_url() -> None:
    state = views.ViewState.from_query({"tampilan": "layar", "wilayah": "91", "putar": "anak", "detik": "2",
                                        "putar_indikator": "pmks_total,cakupan_wksbm_pct"})
    assert state.presentation and state.putar == "anak" and state.detik == 5  # at least 5 s per slide
    assert state.putar_indikator == ("pmks_total", "cakupan_wksbm_pct")
    assert views.ViewState.from_query(state.to_query()) == state
    codes = views.ViewState.from_query({"putar": "9101,91.71,<script>"})
    assert codes.putar == "91.01,91.71"
    assert not views.ViewState.from_query({"tampilan": "apa"}).presentation


def test_slides_go_through_children_and_indicators(store: Store) -> None:
    state = views.ViewState(wilayah="91", putar="anak", putar_indikator=("pmks_total", "cakupan_wksbm_pct"))
    slides = state.slides(store)
    children = list(store.children("91")["kode"])
    assert [s.wilayah for s in slides] == [c for c in children for _ in range(2)]
    assert [s.indikator for s in slides[:2]] == ["pmks_total", "cakupan_wksbm_pct"]
    assert views.ViewState(wilayah="91").slides(store) == [views.ViewState(wilayah="91")]


def test_public_view_hides_small_sensitive_values(store: Store) -> None:
    state = views.ViewState(wilayah="91", indikator="pmks:ODHA", tahun=2024)
    analyst = views.build_view(store, state)
    assert sorted(analyst.children["nilai"].dropna()) == [1.0, 3.0]  # exact in the analyst view
    public = views.build_view(store, state, views.indicator_source(store, public=True))
    assert public.children["nilai"].isna().all()
    # 1 and 3 under a province total "<5": two "<5" cells would tell that the total is at least 2, whatever else
    # is hidden, so this view cannot be protected and its sensitive categories are withheld ("…") instead.
    assert all(t.startswith(privacy.WITHHELD_MARK) for t in public.children["teks"])
    assert public.legend[-1] == (views.HIDDEN_COLOR, privacy.hatch_legend_rows(5, [privacy.WITHHELD])[0][0], 2)
    assert any("disembunyikan" in n for n in public.notes)
    tooltips = [f["properties"]["t"] for f in json.loads(public.spec.choropleth)["features"]]
    assert all("<b>… (disembunyikan)</b>" in t for t in tooltips)
    # Without the sensitive categories, the PMKS total is LUT alone and both are shown …
    lut = views.build_view(store, replace(state, indikator="pmks:LUT"), views.indicator_source(store, public=True))
    total = views.build_view(store, replace(state, indikator="pmks_total"), views.indicator_source(store, public=True))
    assert lut.children["nilai"].notna().all()
    assert list(total.children["nilai"]) == list(lut.children["nilai"])
    # … while an indicator outside the PMKS sums is shown as it is
    wksbm = views.build_view(store, replace(state, indikator="desa_dengan_wksbm"),
                             views.indicator_source(store, public=True))
    assert wksbm.children["nilai"].notna().all()


# ---- the map's message: fallbacks are stated, empty levels offer another view ------------------------------------
def test_unknown_indicator_or_year_in_the_url_says_what_is_shown_instead(store: Store) -> None:
    view = views.build_view(store, views.ViewState(wilayah="91", indikator="tidak_ada", tahun=1999))
    assert view.state.indikator == views.DEFAULT_INDICATOR and view.tahun == max(view.years)
    text = " ".join(view.notes)
    assert "“tidak_ada” tidak dikenal" in text and view.definition.nama in text
    assert "Tahun 1999" in text and str(max(view.years)) in text


def test_an_indicator_without_values_at_the_level_offers_the_nearest_useful_view(tmp_path: Path) -> None:
    import duckdb

    db = build_store(tmp_path / "levels.duckdb")
    con = duckdb.connect(str(db))
    # As pmks_per_1000 in the real store: values for kab/kota and above only.
    con.execute("DELETE FROM indikator_nilai WHERE indikator = 'pmks_total' "
                "AND tingkat IN ('kecamatan', 'desa_kelurahan')")
    con.close()
    store = Store(db)
    view = views.build_view(store, views.ViewState(wilayah="91.01", indikator="pmks_total"))
    assert "tidak tersedia per kecamatan" in view.no_values
    offered = [o.state for o in view.offers]
    assert offered[0].wilayah == "91" and offered[0].indikator == "pmks_total"  # the kab/kota view one level up
    assert offered[1].wilayah == "91.01" and offered[1].indikator == views.DEFAULT_INDICATOR
    assert views.build_view(store, offered[0]).no_values == ""  # the offer is a map with values
    assert views.build_view(store, views.ViewState(wilayah="91", indikator="pmks_total")).offers == []


def test_desa_coverage_lists_only_the_classes_a_desa_can_be_in(store: Store) -> None:
    view = views.build_view(store, views.ViewState(wilayah="91.01.01"))
    assert [label for _, label, _ in view.legend] == ["0% (belum ada WKSBM)", "100% (SPM tercapai)",
                                                     "Tidak ada data"]

"""The classification rules (petakesos.classify): SPM classes split in the middle, integer bounds for counts,
zero listed only when it occurs."""

from __future__ import annotations

import shutil
from pathlib import Path

import numpy as np
import pytest

from petakesos import classify as cls
from petakesos import i18n, views
from petakesos.store import Store


def test_coverage_keeps_the_spm_meaning_and_splits_the_middle() -> None:
    result = cls.classify([0, 10, 30, 55, 60, 80, 100, None], "spm")
    labels = [label for _, label, _ in result.legend()]
    assert labels == ["0% (belum ada WKSBM)", ">0% – <25%", "25% – <50%", "50% – <75%", "75% – <100%",
                      "100% (SPM tercapai)", "Tidak ada data"]
    assert [n for _, _, n in result.legend()] == [1, 1, 1, 2, 1, 1, 1]
    assert result.color(0) == cls.SPM_COLORS[0] and result.color(100) == cls.SPM_COLORS[-1]
    assert result.color(99.9) != result.color(100) and result.color(49.9) != result.color(50)


def _on_one_step(bounds: list[float]) -> bool:
    """The split of the SPM middle lies on one readable step (5% or 2%) for all its bounds."""
    return any(all(b % step == 0 for b in bounds) for step in cls.SPM_STEPS)


def test_coverage_bunched_between_0_and_100_is_split_where_the_units_are() -> None:
    # As the national demo: 37 of 38 provinces between 50% and 75%, which the quarters would paint one colour.
    values = [float(v) for v in np.random.default_rng(2).normal(57, 4, 37)] + [31.0]
    result = cls.classify(values, "spm")
    rows = result.legend()
    assert rows[0][1] == "0% (belum ada WKSBM)" and rows[-2][1] == "100% (SPM tercapai)"
    middle = [n for _, _, n in rows[1:-2]]
    assert len(middle) >= 3 and max(middle) <= 0.5 * len(values)  # no class holds most provinces
    assert all("%" in label and "," not in label for _, label, _ in rows[1:-2])  # whole percents
    assert _on_one_step(cls.spm_inner_bounds(np.asarray(values)))


def test_few_units_get_the_quarters_never_classes_one_percent_wide() -> None:
    # Daerah Istimewa Yogyakarta's 5 kab/kota, all between 66% and 70%: quantiles would give 67–<68%, 68–<69%.
    values = [66.4, 67.2, 68.1, 68.9, 69.6]
    assert cls.spm_inner_bounds(np.asarray(values)) == list(cls.SPM_INNER_BOUNDS)
    labels = [label for _, label, _ in cls.classify(values, "spm").legend()]
    assert labels[1:5] == [">0% – <25%", "25% – <50%", "50% – <75%", "75% – <100%"]


def test_quartiles_that_5_percent_steps_would_merge_get_2_percent_steps() -> None:
    # As the national demo: 21 of 38 provinces between 55% and 60% merged into one class by 5% steps.
    values = [49.9, 52.1, 52.3, 52.4, 53.1, 53.4, 53.7, 53.7, 53.9, 54.0, 54.6, 54.9, 55.2, 55.4, 55.5, 55.7, 55.7,
              56.0, 56.5, 56.6, 56.7, 56.9, 56.9, 57.4, 57.6, 57.8, 58.0, 58.1, 58.2, 58.7, 58.7, 59.6, 59.7, 60.6,
              63.1, 63.5, 64.8, 64.9]  # the national demo's 38 provinces, 2025
    assert cls.spm_inner_bounds(np.asarray(values)) == [54.0, 56.0, 58.0]
    counts = [n for _, _, n in cls.classify(values, "spm").legend()[1:5]]
    assert counts == [9, 8, 9, 12]  # no class holds most provinces


def test_a_narrow_spread_of_many_units_gets_readable_steps() -> None:
    values = [float(v) for v in np.random.default_rng(5).uniform(66, 69.5, 40)]
    bounds = cls.spm_inner_bounds(np.asarray(values))
    widths = np.diff([0.0, *bounds, 100.0])
    assert _on_one_step(bounds) and widths.min() >= cls.SPM_STEP


def test_classes_that_cannot_occur_at_desa_level_are_not_listed() -> None:
    result = cls.classify([0, 100, 100], "spm", tingkat="desa_kelurahan")
    assert [label for _, label, _ in result.legend()] == ["0% (belum ada WKSBM)", "100% (SPM tercapai)",
                                                          "Tidak ada data"]


def test_counts_get_whole_number_bounds_that_say_what_is_in_the_class() -> None:
    values = [float(v) for v in np.random.default_rng(3).poisson(12, 60)] + [10.0, 11.0]
    result = cls.classify(values, "quantile", k=5)
    for b in result.bins:
        assert float(b.upper).is_integer()
    # Every value lies within the printed range of its own class.
    for v in values:
        label = result.bins[result.class_index(v)].label
        lo, _, hi = label.partition(" – ")
        assert int(lo) <= v <= int(hi or lo), (v, label)
    assert not any(label.startswith(">") for _, label, _ in result.legend())


def test_fractions_keep_their_decimals() -> None:
    result = cls.classify([0.5, 1.25, 3.3, 10.1, 20.5], "quantile", k=3)
    assert any("," in label for _, label, _ in result.legend())


def test_zero_is_listed_only_when_a_unit_is_zero() -> None:
    assert "0" not in [label for _, label, _ in cls.classify([3.0, 5.0, 9.0], "quantile").legend()]
    with_zero = cls.classify([0.0, 3.0, 5.0, 9.0], "quantile").legend()
    assert ("#ffffff", "0", 1) in with_zero


def test_a_view_without_values_or_with_zeros_only_lists_no_empty_class() -> None:
    no_data = cls.classify([None, None, None], "quantile").legend()
    assert [label for _, label, _ in no_data] == [i18n.texts("id").NO_DATA_CLASS]
    zeros = cls.classify([0.0, 0.0, None], "quantile").legend()
    assert [(label, n) for _, label, n in zeros] == [("0", 2), (i18n.texts("id").NO_DATA_CLASS, 1)]


def test_one_rule_for_the_method_in_dashboard_and_export() -> None:
    from petakesos.indicators import resolve_method

    assert resolve_method("cakupan_wksbm_pct", "auto") == "spm"
    assert resolve_method("pmks_total", "auto") == "quantile"
    assert resolve_method("pmks_total", "spm") == "quantile"
    assert resolve_method("pmks_total", "manual", []) == "quantile"


@pytest.fixture(scope="module")
def demo_store(sample_store: Path, tmp_path_factory: pytest.TempPathFactory) -> Store:
    """The sample boundaries (Kota Magelang, DIY, Gorontalo) with the demo welfare data."""
    from etl.demo_data import load_demo_data

    db = tmp_path_factory.mktemp("classify") / "demo.duckdb"
    shutil.copyfile(sample_store, db)
    load_demo_data(db)
    return Store(db)


# Every level of the samples: Indonesia (provinces), a province (kab/kota), a kab (kecamatan), a kota (kecamatan),
# a kecamatan (desa/kelurahan).
LEVELS = ["", "34", "75", "34.02", "33.71", "33.71.01"]


@pytest.mark.parametrize("wilayah", LEVELS)
@pytest.mark.parametrize("bahasa", list(i18n.LANGUAGES))
def test_coverage_classes_at_every_level_are_readable(demo_store: Store, wilayah: str, bahasa: str) -> None:
    view = views.build_view(demo_store, views.ViewState(wilayah=wilayah, indikator="cakupan_wksbm_pct",
                                                        bahasa=bahasa))
    T = i18n.texts(bahasa)
    klass = view.classification
    assert klass.method == "spm"
    labels = [b.label for b in klass.bins]
    assert labels[0] == T.SPM_ZERO_CLASS and labels[-1] == T.SPM_MET_CLASS
    assert view.legend[-1][1] == T.NO_DATA_CLASS
    values = view.children["nilai"].dropna().to_numpy(dtype=float)
    if view.children["tingkat"].iloc[0] == "desa_kelurahan":
        assert len(klass.bins) == 2  # a desa has a WKSBM or not
        return
    inner = [b.lower for b in klass.bins[2:-1]]
    assert _on_one_step(inner), labels
    assert min(np.diff([0.0, *inner, 100.0])) >= cls.SPM_STEP, labels
    middle = values[(values > 0) & (values < 100)]
    if middle.size < cls.SPM_MIN_UNITS_FOR_QUANTILES:
        assert inner == list(cls.SPM_INNER_BOUNDS), (wilayah, labels)

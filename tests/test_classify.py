"""The classification rules (petakesos.classify): SPM classes split in the middle, integer bounds for counts,
zero listed only when it occurs."""

from __future__ import annotations

import numpy as np

from petakesos import classify as cls


def test_coverage_keeps_the_spm_meaning_and_splits_the_middle() -> None:
    result = cls.classify([0, 10, 30, 55, 60, 80, 100, None], "spm")
    labels = [label for _, label, _ in result.legend()]
    assert labels == ["0% (belum ada WKSBM)", ">0% – <25%", "25% – <50%", "50% – <75%", "75% – <100%",
                      "100% (SPM tercapai)", "Tidak ada data"]
    assert [n for _, _, n in result.legend()] == [1, 1, 1, 2, 1, 1, 1]
    assert result.color(0) == cls.SPM_COLORS[0] and result.color(100) == cls.SPM_COLORS[-1]
    assert result.color(99.9) != result.color(100) and result.color(49.9) != result.color(50)


def test_coverage_bunched_between_0_and_100_is_split_where_the_units_are() -> None:
    # As the national demo: 37 of 38 provinces between 50% and 75%, which the quarters would paint one colour.
    values = [float(v) for v in np.random.default_rng(2).normal(57, 4, 37)] + [31.0]
    result = cls.classify(values, "spm")
    rows = result.legend()
    assert rows[0][1] == "0% (belum ada WKSBM)" and rows[-2][1] == "100% (SPM tercapai)"
    middle = [n for _, _, n in rows[1:-2]]
    assert len(middle) == 4 and max(middle) <= 0.4 * len(values)  # no class holds most provinces
    assert all("%" in label and "," not in label for _, label, _ in rows[1:-2])  # whole percents


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


def test_one_rule_for_the_method_in_dashboard_and_export() -> None:
    from petakesos.indicators import resolve_method

    assert resolve_method("cakupan_wksbm_pct", "auto") == "spm"
    assert resolve_method("pmks_total", "auto") == "quantile"
    assert resolve_method("pmks_total", "spm") == "quantile"
    assert resolve_method("pmks_total", "manual", []) == "quantile"

"""Small-number suppression (petakesos.privacy): primary, secondary within columns and across categories, the
parent's status from the level above, and the attacker (integer programs over every published equation and mark)
finding no "<k" cell narrower than 1 … k−1."""

from __future__ import annotations

import numpy as np
import pandas as pd
import pytest

from petakesos import privacy
from petakesos.privacy import PRIMARY, SECONDARY, suppress_table
from petakesos.privacy.attack import Published, attack


def frame(rows: dict[str, dict[str, float]]) -> pd.DataFrame:
    return pd.DataFrame.from_dict(rows, orient="index")


def test_primary_hides_1_to_k_minus_1_only():
    t = frame({"a": {"s": 0}, "b": {"s": 1}, "c": {"s": 4}, "d": {"s": 5}, "e": {"s": np.nan}})
    out = suppress_table(t, ["s"], k=5, parent_known=False)
    assert list(out.status["s"]) == ["", PRIMARY, PRIMARY, "", ""]
    assert list(out.display()["s"]) == ["0", "<5", "<5", "5", "–"]
    assert np.isnan(out.values.loc["b", "s"]) and out.values.loc["d", "s"] == 5


def test_k_comes_from_the_setting(monkeypatch: pytest.MonkeyPatch):
    monkeypatch.setenv("PETAKESOS_K", "10")
    t = frame({"a": {"s": 7}, "b": {"s": 12}, "c": {"s": 9}})
    out = suppress_table(t, ["s"], parent_known=False)
    assert out.k == 10
    assert list(out.status["s"]) == [PRIMARY, "", PRIMARY]
    assert out.display().loc["a", "s"] == "<10"


def test_non_sensitive_columns_are_never_primary_suppressed():
    t = frame({"a": {"s": 2, "n": 2}, "b": {"s": 30, "n": 3}})
    out = suppress_table(t, ["s"], k=5, parent_known=False)
    assert list(out.status["n"]) == ["", ""]


def test_secondary_hides_next_smallest_nonzero_child_when_parent_total_is_shown():
    # Parent total 33 = 3 + 10 + 20 + 0: hiding only the 3 would leave 33 − 10 − 20 − 0 = 3.
    t = frame({"P": {"s": 33}, "a": {"s": 3}, "b": {"s": 20}, "c": {"s": 10}, "d": {"s": 0}})
    out = suppress_table(t, ["s"], k=5, total_row="P")
    assert out.status.loc["a", "s"] == PRIMARY
    assert out.status.loc["c", "s"] == SECONDARY  # 10 is the next smallest non-zero, not the 0 and not the 20
    assert out.status.loc["b", "s"] == "" and out.status.loc["d", "s"] == ""
    assert out.status.loc["P", "s"] == ""
    assert out.display().loc["c", "s"] == privacy.SECONDARY_MARK


def test_parent_known_from_outside_the_table_also_triggers_secondary():
    t = frame({"a": {"s": 2}, "b": {"s": 8}, "c": {"s": 40}})
    out = suppress_table(t, ["s"], k=5)  # parent_known=True by default
    assert list(out.status["s"]) == [PRIMARY, SECONDARY, ""]


def test_two_primary_cells_need_no_secondary_when_each_keeps_its_full_range():
    t = frame({"P": {"s": 55}, "a": {"s": 2}, "b": {"s": 3}, "c": {"s": 50}})
    out = suppress_table(t, ["s"], k=5, total_row="P")  # a + b = 5: a can be 1 … 4
    assert list(out.status["s"]) == ["", PRIMARY, PRIMARY, ""]


def test_two_primary_cells_whose_sum_narrows_them_get_a_complement():
    # a + b = 6 with both in 1 … 4 leaves a in 2 … 4: the bound "<5" itself narrows it, so c is hidden too.
    t = frame({"P": {"s": 56}, "a": {"s": 2}, "b": {"s": 4}, "c": {"s": 50}})
    out = suppress_table(t, ["s"], k=5, total_row="P")
    assert list(out.status["s"]) == ["", PRIMARY, PRIMARY, SECONDARY]


def test_a_small_total_known_from_outside_cannot_protect_its_only_small_child():
    # 3 + 0 + 0 = 3 known from outside: a hidden 0 of a sensitive column can only be 0 or ≥ 5, so a is 3.
    t = frame({"a": {"s": 3}, "b": {"s": 0}, "c": {"s": 0}})
    out = suppress_table(t, ["s"], k=5)
    assert out.status.loc["a", "s"] == PRIMARY
    assert out.unprotected == [("a", "s")]


def test_single_child_hides_the_parent_total_in_the_table():
    t = frame({"P": {"s": 3}, "a": {"s": 3}})
    out = suppress_table(t, ["s"], k=5, total_row="P")
    assert out.status.loc["P", "s"] == PRIMARY  # small itself
    t = frame({"P": {"s": 3, "n": 9}, "a": {"s": 3, "n": 9}})
    out = suppress_table(t, ["s"], k=5, total_row="P", hidden_totals={})
    assert out.status.loc["P", "s"] != ""


def test_single_child_with_external_total_is_reported():
    t = frame({"a": {"s": 3}})
    out = suppress_table(t, ["s"], k=5)
    assert out.unprotected == [("a", "s")] and "a/s" in out.warnings[0]


def test_parent_hidden_one_level_up_is_not_a_shown_total():
    t = frame({"P": {"s": 33}, "a": {"s": 3}, "b": {"s": 10}, "c": {"s": 20}})
    out = suppress_table(t, ["s"], k=5, total_row="P", hidden_totals={"s": SECONDARY})
    assert out.status.loc["P", "s"] == SECONDARY
    assert list(out.status["s"][1:]) == [PRIMARY, "", ""]


def test_row_total_of_categories_gets_secondary_across_categories():
    # pmks_total = ODHA + KTK + LUT; ODHA = 2 hidden → total − KTK − LUT would give it back.
    t = frame(
        {
            "a": {"pmks:ODHA": 2, "pmks:KTK": 30, "pmks:LUT": 50, "pmks_total": 82, "pmks_per_1000": 4.1},
            "b": {"pmks:ODHA": 12, "pmks:KTK": 40, "pmks:LUT": 70, "pmks_total": 122, "pmks_per_1000": 6.1},
            "c": {"pmks:ODHA": 15, "pmks:KTK": 45, "pmks:LUT": 60, "pmks_total": 120, "pmks_per_1000": 5.0},
        }
    )
    cats = ["pmks:ODHA", "pmks:KTK", "pmks:LUT"]
    out = suppress_table(t, ["pmks:ODHA", "pmks:KTK"], k=5, parent_known=False, row_total="pmks_total", row_members=cats)
    assert out.status.loc["a", "pmks:ODHA"] == PRIMARY
    assert out.status.loc["a", "pmks:KTK"] == SECONDARY  # the next smallest non-zero category of the same row
    assert out.status.loc["a", "pmks:LUT"] == ""
    assert not attack([Published("", out.mixed())], k=5, sensitive=["pmks:ODHA", "pmks:KTK"]).narrow


def test_secondary_cascades_between_rows_and_columns():
    cats = ["pmks:ODHA", "pmks:KTK", "pmks:LUT"]
    t = frame(
        {
            "P": {"pmks:ODHA": 29, "pmks:KTK": 115, "pmks:LUT": 180, "pmks_total": 324},
            "a": {"pmks:ODHA": 2, "pmks:KTK": 30, "pmks:LUT": 50, "pmks_total": 82},
            "b": {"pmks:ODHA": 12, "pmks:KTK": 40, "pmks:LUT": 70, "pmks_total": 122},
            "c": {"pmks:ODHA": 15, "pmks:KTK": 45, "pmks:LUT": 60, "pmks_total": 120},
        }
    )
    out = suppress_table(t, ["pmks:ODHA", "pmks:KTK"], k=5, total_row="P", row_total="pmks_total", row_members=cats)
    # Column ODHA: a hidden → b (12, next smallest) hidden; row b then needs a second cell, and so on.
    for col in cats:
        assert (out.status.loc[["a", "b", "c"], col] != "").sum() != 1
    assert not attack([Published("P", out.mixed())], k=5, sensitive=["pmks:ODHA", "pmks:KTK"]).narrow


def test_derived_rate_follows_its_hidden_total():
    t = frame(
        {
            "P": {"pmks:ODHA": 3, "pmks_total": 3, "pmks_per_1000": 0.5},
            "a": {"pmks:ODHA": 3, "pmks_total": 3, "pmks_per_1000": 0.5},
        }
    )
    out = suppress_table(t, ["pmks:ODHA"], k=5, total_row="P", row_total="pmks_total", row_members=["pmks:ODHA"])
    hidden_total = out.status["pmks_total"] != ""
    assert hidden_total.any()
    assert (out.status.loc[hidden_total, "pmks_per_1000"] != "").all()


def test_mixed_cells_for_spreadsheets():
    t = frame({"a": {"s": 2, "n": 1234.5}, "b": {"s": 9, "n": 7}})
    out = suppress_table(t, ["s"], k=5)
    mixed = out.mixed()
    assert mixed.loc["a", "s"] == "<5" and mixed.loc["b", "s"] == "×"
    assert mixed.loc["a", "n"] == 1234.5
    assert out.display({"n": 1}).loc["a", "n"] == "1.234,5"


@pytest.mark.parametrize("fixed", [False, True])
def test_no_hidden_cell_can_be_narrowed_in_random_tables(fixed: bool):
    rng = np.random.default_rng(7)
    cats = ["pmks:ODHA", "pmks:KTK", "pmks:LUT", "pmks:AT"]
    sensitive = ["pmks:ODHA", "pmks:KTK"]
    for _ in range(30):
        n = int(rng.integers(1, 7))
        rows = {}
        for i in range(n):
            rows[f"c{i}"] = {c: float(rng.choice([0, 0, 1, 2, 3, 4, 5, 8, 13, 40])) for c in cats}
        t = frame(rows)
        t["pmks_total"] = t[cats].sum(axis=1)
        t.loc["P"] = t.sum(axis=0)
        t = t.loc[["P", *rows]]
        # With a fixed parent row its statuses come from the level above: take them from a first pass there.
        upper = suppress_table(t.loc[["P"]], sensitive, k=5, parent_known=False, row_total="pmks_total",
                               row_members=cats, ranges_for=["P"]) if fixed else None  # fmt: skip
        out = privacy.suppress.protect_view(t, "P", sensitive, 5, upper=upper, has_views_below=False)
        if fixed and not out.withheld_view:
            assert out.status.loc["P"].to_dict() == upper.status.loc["P"].to_dict()
        if out.withheld_view:  # unprotectable: published without its sensitive categories, never unprotected
            assert (out.status[sensitive] == privacy.WITHHELD).all().all() and not out.unprotected
        else:
            small = t.loc[t.index != "P", sensitive].isin([1, 2, 3, 4]) if fixed else t[sensitive].isin([1, 2, 3, 4])
            assert ((out.status.loc[small.index, sensitive] == PRIMARY) | ~small).all().all()
        published = [Published("P", out.mixed(), withheld=out.withheld_view)]
        if fixed:
            published.append(Published("", upper.mixed()))
        result = attack(published, k=5, sensitive=sensitive)
        assert not result.narrow and not result.leaks, f"narrowed: {result.narrow}\n{t}\n{out.mixed()}"


def test_a_fixed_parent_row_is_never_hidden_here():
    # The parent's cells were published one level up: widening must use the children, not the parent row.
    t = frame({"P": {"s": 33}, "a": {"s": 3}, "b": {"s": 10}, "c": {"s": 20}})
    out = suppress_table(t, ["s"], k=5, total_row="P", total_row_fixed=True)
    assert out.status.loc["P", "s"] == ""
    assert list(out.status["s"][1:]) == [PRIMARY, SECONDARY, ""]
    single = frame({"P": {"s": 30}, "a": {"s": 30}})
    assert suppress_table(single, ["s"], k=5, total_row="P", total_row_fixed=True).status.loc["P", "s"] == ""

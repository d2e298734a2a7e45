"""The attacker on the samples demo store: every public view a user can obtain for a year (tables and maps are cut
from them, presentation mode reads their rows), all published equations and marks, integer programs per "<k" cell.
The national run is bench/bench_privacy_attack.py."""

from __future__ import annotations

import io
from pathlib import Path

import numpy as np
import pandas as pd
import pytest

from petakesos import privacy
from petakesos.export import export_table
from petakesos.export.table import column_header, view_frame
from petakesos.privacy import store as public
from petakesos.privacy.attack import Published, attack
from petakesos.store import Store

YEAR = 2025


@pytest.fixture(scope="module")
def demo_store(sample_store: Path, tmp_path_factory: pytest.TempPathFactory) -> Store:
    from etl.demo_data import load_demo_data

    db = tmp_path_factory.mktemp("privacy_attack") / "demo.duckdb"
    db.write_bytes(sample_store.read_bytes())
    load_demo_data(db)
    return Store(db)


@pytest.fixture(scope="module")
def published(demo_store: Store) -> tuple[list[Published], dict]:
    """Indonesia and every province view (where sensitive categories are published), and the withheld views of
    the sample regions below (DIY, Kota Magelang, Gorontalo: kab/kota and kecamatan views)."""
    parents = public.view_parents_of_year(demo_store, YEAR)
    upper = [p for p in parents if p.count(".") == 0]
    below = [p for p in parents if p.startswith(("34.", "33.71", "75.")) and p.count(".") <= 2]
    cache: dict = {}
    return public.publication(demo_store, YEAR, 5, cache=cache, parents=upper + below), cache


def test_no_hidden_cell_is_narrower_than_the_published_range(published):
    tables, cache = published
    result = attack(tables, k=5, sensitive=cache["_meta"]["sensitive"])
    assert result.attacked > 0 and result.hidden >= result.attacked
    assert result.narrow == {}
    assert result.min_width == 5 - 2  # every "<5" can still be 1 … 4
    assert result.inconsistent == [] and result.leaks == []


def test_views_below_kab_kota_withhold_every_sensitive_cell(published):
    tables, cache = published
    sensitive = cache["_meta"]["sensitive"]
    withheld = [t for t in tables if t.withheld]
    assert {t.parent for t in tables if t.parent.count(".") >= 1} <= {t.parent for t in withheld}
    for t in withheld:
        cols = [c for c in sensitive if c in t.cells.columns]
        assert (t.cells[cols] == privacy.marks.WITHHELD_MARK).all().all()


def test_sensitivity_is_read_from_the_definitions(demo_store: Store, published):
    _, cache = published
    defs = demo_store.df("SELECT indikator FROM indikator_definisi WHERE sensitif")
    assert set(defs["indikator"]) <= set(cache["_meta"]["sensitive"])


@pytest.mark.parametrize("kode", ["", "34", "34.71"])
def test_the_exported_csv_is_the_published_view(demo_store: Store, published, kode: str):
    tables, _ = published
    view = next(t for t in tables if t.parent == kode).cells
    # The CSV is written for Excel (BOM, DATA CONTOH line, `;`, decimal comma, readable headers): read it back
    # as text with the indicator ids as column names again.
    text = export_table(demo_store, kode, YEAR, fmt="csv").decode("utf-8-sig")
    csv = pd.read_csv(io.StringIO(text), sep=";", dtype=str, keep_default_na=False,
                      skiprows=1 if text.startswith("DATA CONTOH") else 0)  # fmt: skip
    ids, facts = view_frame(demo_store, kode, YEAR)
    csv = csv.rename(columns={column_header(c, facts): c for c in ids.columns}).set_index("kode")
    for col in view.columns:
        for region in view.index:
            want, got = view.loc[region, col], csv.loc[region, col]
            if isinstance(want, str):
                assert got == want, (region, col)
            elif want is None or (isinstance(want, float) and np.isnan(want)):
                assert got == "", (region, col)
            else:
                assert float(got.replace(",", ".")) == pytest.approx(float(want), abs=1e-6), (region, col)


def test_presentation_cards_show_the_row_of_the_parent_view(demo_store: Store, published):
    tables, _ = published
    province = next(t for t in tables if t.parent == "34").cells
    card = privacy.public_region_values(demo_store, "34.71", YEAR).set_index("indikator")
    for col in province.columns:
        mark = province.loc["34.71", col]
        if isinstance(mark, str):
            assert card.loc[col, "tampil"] == mark


def test_an_unprotectable_view_is_not_published(demo_store: Store):
    from petakesos._errors import PetaKesosError, UnprotectableTable

    t = pd.DataFrame({"s": [3.0]}, index=["a"])  # one child, its total known: nothing can protect it
    out = privacy.suppress_table(t, ["s"], k=5)
    assert out.unprotected == [("a", "s")]
    cache: dict = {}
    view = privacy.public_table(demo_store, "34", YEAR, 5, cache=cache)
    view.unprotected = [("34.71", "pmks:ODHA")]  # as if the province view could not be protected
    with pytest.raises(UnprotectableTable) as info:
        privacy.public_indicator_values(demo_store, "34", YEAR, "pmks:ODHA", k=5, cache=cache)
    assert isinstance(info.value, PetaKesosError) and "34.71/pmks:ODHA" in str(info.value)

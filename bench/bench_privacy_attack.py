"""The attacker over the whole national demo store (issue 10): every public view of a year, every published
equation and mark, an integer program per "<k" cell; and the cost of the approaches compared in docs/privacy.md.

    python bench/bench_privacy_attack.py [--db /work/national/petakesos.duckdb] [--year 2025] [--k 5]
                                         [--all-levels-sample 40]

The store is only read. Printed:
- chosen rule (sensitive categories down to kab/kota with protection levels; below: withheld, PMKS totals
  without them): views, cells hidden ("<k", "×"), cells withheld, unprotected cells, time to compute the whole
  publication; then the attack: cells hidden, "<k" cells attacked, minimum feasible width found (the rule
  promises k−2: every "<k" can be 1 … k−1), cells narrower than that, leaks in withheld views, runtime.
- alternative, measured in the same run: protection levels at every level (sensitive categories also in kecamatan
  and desa rows), on `--all-levels-sample` kecamatan views spread over the country (plus their upper views):
  cells hidden per view, unprotected cells and time per view, and the figure extrapolated to every view.
The alternative is the baseline: the same protection without withholding below kab/kota, timed in the same run.
"""

from __future__ import annotations

import argparse
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from petakesos.export import data as export_data  # noqa: E402
from petakesos.privacy import store as public  # noqa: E402
from petakesos.privacy.attack import attack  # noqa: E402
from petakesos.privacy.marks import PRIMARY, SECONDARY  # noqa: E402
from petakesos.store import Store  # noqa: E402


def views_of(cache: dict) -> dict:
    return {key[0]: v for key, v in cache.items() if isinstance(key, tuple) and len(key) == 4 and key[3]}


def chosen(store: Store, year: int, k: int, upper_only: bool = False) -> None:
    t0 = time.perf_counter()
    cache: dict = {}
    parents = public.view_parents_of_year(store, year)
    if upper_only:  # only the views that can show sensitive categories (Indonesia and the provinces)
        parents = [p for p in parents if p.count(".") == 0]
    tables = public.publication(store, year, k, cache=cache, parents=parents)
    t1 = time.perf_counter()
    by_parent = views_of(cache)
    views = list(by_parent.values())
    fallback = [p for p, v in by_parent.items() if v.withheld_view and p.count(".") == 0]
    primary = sum(int((v.status == PRIMARY).to_numpy().sum()) for v in views)
    secondary = sum(int((v.status == SECONDARY).to_numpy().sum()) for v in views)
    print(f"Chosen rule, {year}, k={k}: {len(tables)} views in {t1 - t0:.1f} s")
    print(f"  cells hidden per view (summed over views): <{k} {primary}, × {secondary}; "
          f"withheld (sensitive below kab/kota) {sum(v.n_withheld for v in views)}; "
          f"unprotected {sum(len(v.unprotected) for v in views)}; views with sensitive categories published "
          f"{sum(1 for p in by_parent if p.count('.') == 0) - len(fallback)}, withheld as unprotectable "
          f"{len(fallback)} {fallback[:10]}")  # fmt: skip
    result = attack(tables, k=k, sensitive=cache["_meta"]["sensitive"])
    t2 = time.perf_counter()
    print(f"  attack: cells hidden {result.hidden}, <{k} cells attacked {result.attacked}, "
          f"minimum feasible width {result.min_width} (promised {k - 2}), narrower {len(result.narrow)}, "
          f"leaks in withheld views {len(result.leaks)}, inconsistent {len(result.inconsistent)}, "
          f"runtime {t2 - t1:.1f} s")  # fmt: skip
    for cell, rng in list(result.narrow.items())[:10]:
        print(f"    narrow: {cell} → {rng}")


def all_levels(store: Store, year: int, k: int, sample: int) -> None:
    """Protection levels in every view, sensitive categories down to desa (the alternative)."""
    parents = public.view_parents_of_year(store, year)
    kec = [p for p in parents if p.count(".") == 2]
    step = max(1, len(kec) // max(sample, 1))
    picked = kec[::step][:sample]
    original = public.shows_sensitive
    public.shows_sensitive = lambda tingkat: tingkat is not None  # every level publishes sensitive categories
    try:
        cache: dict = {}
        public.prefetch_views(store, picked, year, cache)
        t0 = time.perf_counter()
        hidden = unprotectable = 0
        for p in picked:
            sup = public.public_table(store, p, year, k, cache=cache, strict=False)
            if sup.withheld_view:  # could not be protected: the whole sensitive part is withheld instead
                unprotectable += 1
            hidden += sup.n_hidden + sup.n_withheld
        t1 = time.perf_counter()
        kec_cells = sum(public.public_table(store, p, year, k, cache=cache, strict=False).values.size for p in picked)
    finally:
        public.shows_sensitive = original
    n_views = len(kec)
    print(f"Alternative (protection levels at every level), {len(picked)} of {n_views} kecamatan views: "
          f"{hidden} cells hidden or withheld of {kec_cells} ({100 * hidden / max(kec_cells, 1):.1f}%), "
          f"{unprotectable} views unprotectable (sensitive categories withheld there), {1000 * (t1 - t0) / max(len(picked), 1):.0f} ms per view (upper views included) → "
          f"≈ {hidden / max(len(picked), 1) * n_views:,.0f} hidden cells and ≈ "
          f"{(t1 - t0) / max(len(picked), 1) * n_views / 60:.0f} min over all kecamatan views")  # fmt: skip


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--db", type=Path, default=Path("/work/national/petakesos.duckdb"))
    ap.add_argument("--year", type=int, default=None)
    ap.add_argument("--k", type=int, default=5)
    ap.add_argument("--all-levels-sample", type=int, default=40)
    ap.add_argument("--upper-only", action="store_true",
                    help="only Indonesia and province views (where sensitive categories are published)")
    args = ap.parse_args()
    store = Store(args.db)
    year = args.year or max(export_data.years(store))
    chosen(store, year, args.k, upper_only=args.upper_only)
    if args.all_levels_sample:
        all_levels(store, year, args.k, args.all_levels_sample)


if __name__ == "__main__":
    main()

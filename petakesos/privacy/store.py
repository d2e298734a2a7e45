"""The thin adapter between the store and the pure rule: the public view of a region's children for one year.

Every public reader (table and map exports, presentation mode, the anonymous dashboard) goes through
`public_table` (one view) or `public_indicator_values` / `public_region_values`, so all of them show the same
cells hidden. Views are computed top-down from Indonesia: a region's row keeps the status (and the derivable
range) it has in its parent's view, which makes the views of all levels one consistent publication.
The sensitive columns are read from the definitions (`indikator_definisi.sensitif`, `kategori.sensitif`).
"""

from __future__ import annotations

import numpy as np
import pandas as pd

from petakesos._errors import UnprotectableTable
from petakesos.privacy.marks import Suppressed, default_k, display_cell
from petakesos.privacy.suppress import no_suppression, protect_view, shows_sensitive


def public_table(
    store, parent_kode: str, tahun: int, k: int | None = None, public: bool = True, cache: dict | None = None,
    *, strict: bool = True,
) -> Suppressed:
    """All indicators of the children of `parent_kode` (and the parent row, index `parent_kode`, '' = Indonesia)
    for one year, protected for public display; `public=False` returns exact values (analyst view).

    The view one level up is computed first and the parent's row keeps its status and range there. `cache` (a
    dict) keeps the views already computed, for callers that need many sibling views. Raises
    `UnprotectableTable` naming the cells when the view cannot be protected (`strict=False` returns it with
    `unprotected` filled, for the attack benchmark)."""
    from petakesos import codes as kode_util
    from petakesos.export import data

    k = default_k() if k is None else int(k)
    key = (parent_kode, int(tahun), k, public)
    if cache is None:
        cache = {}
    if key not in cache:
        meta = cache.get("_meta") or cache.setdefault("_meta", data.store_meta(store))
        prefetch_views(store, [parent_kode], tahun, cache)
        table = data.view_table(store, parent_kode, tahun, meta, cache[("_wide", int(tahun))])
        if not public:
            cache[key] = no_suppression(table, k)
        else:
            upper = None
            if parent_kode != "" and shows_sensitive(kode_util.tingkat_of(parent_kode)):
                upper = public_table(store, kode_util.parent_of(parent_kode), tahun, k, public=True, cache=cache,
                                     strict=False)  # fmt: skip
            child_level = kode_util.child_tingkat(kode_util.tingkat_of(parent_kode))
            publish = shows_sensitive(child_level)
            below = shows_sensitive(kode_util.child_tingkat(child_level)) if child_level else False
            cache[key] = protect_view(table, parent_kode, meta["sensitive"], k, upper=upper, has_views_below=below,
                                      publish_sensitive=publish)  # fmt: skip
    result = cache[key]
    if strict and result.unprotected:
        raise UnprotectableTable(result.unprotected, where=f"Tampilan {parent_kode or 'Indonesia'} {tahun}")
    return result


def prefetch_views(store, parents: list[str], tahun: int, cache: dict) -> pd.DataFrame:
    """Read, in one query, the values of every view needed for `parents` (and their ancestors) into `cache`; later
    `public_table` calls with the same cache use them. Returns the cached values."""
    from petakesos.export import data

    views = data.view_parents(parents)
    key = ("_values", int(tahun))
    covered: set[str] = cache.get(("_views", int(tahun)), set())
    if key not in cache or not views <= covered:
        views |= covered
        cache[key] = data.prefetch(store, views, tahun)
        cache[("_wide", int(tahun))] = data.pivot(cache[key])
        cache[("_views", int(tahun))] = views
    return cache[key]


def public_indicator_values(
    store, parent_kode: str, tahun: int, indikator: str, k: int | None = None, public: bool = True,
    cache: dict | None = None,
) -> pd.DataFrame:
    """DataFrame(kode, nilai, status, tampil) for the children of a region: what a public map or a forum screen
    may show for one indicator. `nilai` is NaN where hidden; `tampil` is the text ("1.234", "<5", "×", "–") with
    the indicator's own decimals (petakesos.indicators.decimals)."""
    from petakesos import indicators

    sup = public_table(store, parent_kode, tahun, k, public=public, cache=cache)
    children = [r for r in sup.values.index if r != parent_kode]
    if indikator not in sup.values.columns:
        return pd.DataFrame({"kode": children, "nilai": np.nan, "status": "", "tampil": "–"})
    values = sup.values.loc[children, indikator].to_numpy()
    status = sup.status.loc[children, indikator].to_numpy()
    decimals = indicators.decimals(store, indikator)  # the indicator's own rule, not guessed from the values
    return pd.DataFrame(
        {
            "kode": children,
            "nilai": values,
            "status": status,
            "tampil": [display_cell(v, s, sup.k, decimals) for v, s in zip(values, status, strict=True)],
        }
    )


def public_region_values(store, kode: str, tahun: int, k: int | None = None, public: bool = True,
                         cache: dict | None = None) -> pd.DataFrame:  # fmt: skip
    """DataFrame(indikator, nilai, status, tampil) for one region's own panel (presentation mode, region cards):
    its row as it appears in its parent's view, so a card never shows what a map or table hides."""
    from petakesos import codes as kode_util
    from petakesos import indicators

    parent = kode_util.parent_of(kode) if kode else ""
    sup = public_table(store, parent, tahun, k, public=public, cache=cache)
    if kode not in sup.values.index:
        return pd.DataFrame(columns=["indikator", "nilai", "status", "tampil"])
    values = sup.values.loc[kode]
    status = sup.status.loc[kode]
    shown = indicators.decimals_by_indicator(store)
    return pd.DataFrame(
        {
            "indikator": list(values.index),
            "nilai": values.to_numpy(),
            "status": status.to_numpy(),
            "tampil": [
                display_cell(v, s, sup.k, shown[i] if i in shown else indicators.decimals(store, i))
                for i, v, s in zip(values.index, values.to_numpy(), status.to_numpy(), strict=True)
            ],
        }
    )


def view_parents_of_year(store, tahun: int | None = None) -> list[str]:
    """Every region whose children form a public view ('' = Indonesia), parents before children; with `tahun`,
    only those whose view holds a value that year (an empty view publishes nothing)."""
    from petakesos import codes as kode_util
    from petakesos.sql import export as q

    if tahun is None:
        parents = {r[0] or "" for r in store.rows(q.PARENTS_WITH_CHILDREN)}
    else:
        parents = {kode_util.parent_of(r[0]) for r in store.rows(q.CODES_WITH_VALUES, [int(tahun)]) if r[0]}
    return sorted(parents, key=lambda kode: (len(kode), kode))


def publication(store, tahun: int, k: int | None = None, *, strict: bool = False, cache: dict | None = None,
                parents: list[str] | None = None):  # fmt: skip
    """Every public view of one year (the tables, maps and screens a public user can obtain are all cut from
    these), or those of `parents`, as `attack.Published` tables; the suppressed views stay in `cache`."""
    from petakesos.privacy.attack import Published

    cache = {} if cache is None else cache
    parents = view_parents_of_year(store, tahun) if parents is None else parents
    prefetch_views(store, parents, tahun, cache)
    out = []
    for parent in parents:
        sup = public_table(store, parent, tahun, k, cache=cache, strict=strict)
        out.append(Published(parent=parent, cells=sup.mixed(), withheld=sup.withheld_view))
    return out

"""Small-number suppression for sensitive categories in public outputs (exports, presentation mode).

Counts of sensitive PMKS categories (flag `sensitif` in `indikator_definisi` / `kategori`: ODHA, trafficking and
violence victims, NAPZA, …) in small areas can identify people. Public outputs therefore never show them exactly
when they are small. The analyst view of the dashboard shows exact values and says so.

Rules (k = setting `k_anonymity`, env PETAKESOS_K, default 5):

1. Primary suppression. A cell of a sensitive column whose value is 1 … k−1 is hidden and shown as "<k".
   Zero is shown (it identifies nobody); "no data" stays "no data". The parent's own row is treated the same way.
2. Secondary (complementary) suppression. A hidden cell must not be recoverable by subtraction from a total that
   is shown. Cells form *groups* whose sum is published:
   - column groups: for each column, the children of one parent sum to the parent's value (the parent total is
     always assumed known — it is shown in the row above in the dashboard and in the exports — unless it is
     itself hidden in the view one level up, see 4);
   - row groups (when a per-region total such as `pmks_total` is shown): the category cells of one region sum to
     that region's total, so hiding one sensitive category of a region would leave it recoverable as
     "total minus the other categories".
   Whenever a group whose total is shown holds exactly one hidden cell, the next smallest non-zero shown member
   of that group is hidden too (and a group whose total is hidden keeps at least one hidden member, so that the
   total is not simply the sum of what is shown) (shown as "×"); if no non-zero member is left, the smallest zero member; if the
   group has no other member at all, its total is hidden (when it is a cell of the table). This is repeated until
   every group with a shown total has either no hidden cell or at least two, because a cell hidden for one
   group can leave a single hidden cell in another (a row and a column cross in every cell).
3. Derived columns follow their base: when a region's `pmks_total` is hidden, its `pmks_per_1000` is hidden too
   (population is public, so the rate would give the total back).
4. Consistency across levels: the view of a region is computed after the view of its parent region, and the
   region's own row takes over the status it has there. A total hidden one level up is not a shown total here,
   and a shown total here was shown there too, so two maps or tables of neighbouring levels cannot be combined
   to reveal a hidden cell (`public_table` does this top-down from Indonesia).
5. Exact check. Rule 2 is necessary but not sufficient: hidden cells spread over crossing row and column groups
   can sometimes still be solved together. After rule 2, the published sums are written as linear equations over
   the hidden cells; every hidden cell that they still determine (its unit vector lies in the row space of the
   equations) gets one more neighbour hidden (the smallest non-zero shown cell of one of its groups), and rules
   2–5 repeat until no primary cell is determined.

Limits: bounds are not considered (an attacker knowing that counts are ≥ 0 and that "<k" means 1…k−1 may narrow
a hidden value to an interval, but not to a single value unless the interval is one number wide).
A group consisting of one child whose parent total is known from outside the table cannot be protected
by hiding cells of this table; rule 1 then already hides the parent value one level up (the values are equal).
Such cases are listed in `Suppressed.warnings` rather than silently ignored.
"""

from __future__ import annotations

import math
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field

import numpy as np
import pandas as pd

from petakesos.numbers import format_number

PRIMARY = "primer"
SECONDARY = "sekunder"
SECONDARY_MARK = "×"
# Derived columns hidden together with their base column (rule 3).
DERIVED_COLUMNS = {"pmks_per_1000": "pmks_total"}


def default_k() -> int:
    from petakesos.settings import get_settings

    return get_settings().k_anonymity


def primary_mark(k: int) -> str:
    return f"<{k}"


def notice(k: int) -> str:
    """The sentence public outputs carry when sensitive values may be hidden."""
    return (
        f"Angka kecil (1–{k - 1}) kategori sensitif disembunyikan (<{k}); "
        f"{SECONDARY_MARK} = disembunyikan agar tidak dapat dihitung dari total."
    )


def map_notice(k: int) -> str:
    """The same for maps, where hidden regions are hatched rather than marked."""
    return (
        f"Wilayah berarsir: angka kecil (1–{k - 1}) kategori sensitif disembunyikan, bersama wilayah lain yang "
        "perlu ikut disembunyikan agar angka itu tidak dapat dihitung dari total."
    )


ANALYST_NOTICE = "Tampilan analis: nilai kategori sensitif ditampilkan persis — jangan disebarkan."


@dataclass
class Suppressed:
    """The table with hidden cells: `values` has NaN where hidden, `status` '' / 'primer' / 'sekunder'."""

    values: pd.DataFrame
    status: pd.DataFrame
    k: int
    warnings: list[str] = field(default_factory=list)

    @property
    def n_hidden(self) -> int:
        return int((self.status != "").to_numpy().sum())

    def hidden(self, column: str) -> pd.Series:
        return self.status[column] != ""

    def display(self, decimals: Mapping[str, int] | int = 0, missing: str = "–") -> pd.DataFrame:
        """Text for each cell in Indonesian number format, with "<k" and "×" for hidden cells."""
        out = pd.DataFrame(index=self.values.index, columns=self.values.columns, dtype=object)
        for col in self.values.columns:
            dec = decimals if isinstance(decimals, int) else decimals.get(col, 0)
            out[col] = [
                display_cell(v, s, self.k, dec, missing)
                for v, s in zip(self.values[col].to_numpy(), self.status[col].to_numpy(), strict=True)
            ]
        return out

    def mixed(self) -> pd.DataFrame:
        """Numbers where shown and the marks ("<k", "×") where hidden: for CSV/XLSX cells."""
        out = self.values.astype(object).copy()
        for col in self.values.columns:
            marks = self.status[col].map({PRIMARY: primary_mark(self.k), SECONDARY: SECONDARY_MARK})
            hidden = self.status[col] != ""
            out.loc[hidden, col] = marks[hidden]
        return out


def display_cell(value: float | None, status: str, k: int, decimals: int = 0, missing: str = "–") -> str:
    if status == PRIMARY:
        return primary_mark(k)
    if status == SECONDARY:
        return SECONDARY_MARK
    return format_number(value, decimals, missing=missing)


def is_small(value: float | None, k: int) -> bool:
    """1 ≤ value ≤ k−1 (counts; a non-integer rate is never a small count)."""
    if value is None or (isinstance(value, float) and math.isnan(value)):
        return False
    return 1 <= value <= k - 1


def suppress_table(
    table: pd.DataFrame,
    sensitive: Iterable[str],
    k: int | None = None,
    *,
    total_row: str | None = None,
    parent_known: bool = True,
    hidden_totals: Mapping[str, str] | None = None,
    total_row_fixed: bool = False,
    row_total: str | None = None,
    row_members: Iterable[str] | None = None,
    derived: Mapping[str, str] | None = None,
) -> Suppressed:
    """Apply primary and secondary suppression to a region × indicator table (rules in the module docstring).

    table: index = region codes (the children, plus the parent row `total_row` if given), columns = indicators.
    sensitive: columns whose small values are hidden (primary suppression).
    total_row: index label of the parent row; its cells are the totals of the column groups. Without it the totals
        are known from outside the table when `parent_known` (the default), and cannot be hidden here.
    hidden_totals: column → status of the parent total in the view one level up; such totals count as hidden.
    total_row_fixed: the parent row's statuses are final (they come from the view one level up, where the parent's
        cells were published or hidden): no cell of it is hidden here, which would disagree with that view.
    row_total / row_members: a per-region total column and the columns that add up to it (e.g. `pmks_total` and
        every `pmks:<cat>` column); adds the row groups.
    derived: derived column → base column, hidden with its base (default: pmks_per_1000 follows pmks_total).
    """
    k = default_k() if k is None else int(k)
    sensitive = [c for c in sensitive if c in table.columns]
    members_cols = [c for c in (row_members or []) if c in table.columns]
    derived = DERIVED_COLUMNS if derived is None else derived
    hidden_totals = dict(hidden_totals or {})
    values = _numeric(table)
    arr = values.to_numpy(copy=True)
    rows = list(values.index)
    cols = list(values.columns)
    col_at = {c: i for i, c in enumerate(cols)}
    status = np.full(arr.shape, "", dtype=object)
    total_i = rows.index(total_row) if total_row is not None and total_row in rows else None
    child_rows = [i for i in range(len(rows)) if i != total_i]

    # Rule 1 (and the parent row's status from the level above, rule 4).
    for c in sensitive:
        j = col_at[c]
        for i in range(len(rows)):
            if is_small(arr[i, j], k):
                status[i, j] = PRIMARY
    if total_i is not None:
        for c, s in hidden_totals.items():
            if c in col_at and s:
                status[total_i, col_at[c]] = s

    locked = np.zeros(arr.shape, dtype=bool)
    if total_i is not None and total_row_fixed:
        locked[total_i, :] = True

    # Groups: (member cells, total cell or None when external). Column groups for every column a hidden cell can
    # reach: the sensitive ones and the row members.
    groups: list[tuple[list[tuple[int, int]], tuple[int, int] | None, str]] = []
    for c in dict.fromkeys([*sensitive, *members_cols]):
        j = col_at[c]
        total = (total_i, j) if total_i is not None else None
        if total is None and (not parent_known or hidden_totals.get(c)):
            continue  # the total is not published: nothing to subtract from
        groups.append(([(i, j) for i in child_rows], total, f"kolom {c}"))
    if row_total is not None and row_total in col_at and members_cols:
        jt = col_at[row_total]
        for i in range(len(rows)):
            groups.append(([(i, col_at[c]) for c in members_cols], (i, jt), f"baris {rows[i]}"))

    warnings: list[str] = []
    while True:
        _group_pass(groups, status, arr, derived, col_at, len(rows), warnings, locked)
        # Rule 5: the group rule is necessary but not sufficient (hidden cells of several groups can still be
        # solved together); hide one more cell next to any hidden cell the published sums still determine.
        determined = _determined_cells(groups, status, arr)
        if not determined:
            break
        if not _widen(determined[0], groups, status, arr, locked):
            warnings.append(f"sel {rows[determined[0][0]]}/{cols[determined[0][1]]} tidak dapat dilindungi")
            break

    hidden_mask = status != ""
    out = arr.copy()
    out[hidden_mask] = np.nan
    return Suppressed(
        values=pd.DataFrame(out, index=values.index, columns=values.columns),
        status=pd.DataFrame(status, index=values.index, columns=values.columns),
        k=k,
        warnings=warnings,
    )




def _group_pass(groups, status, arr, derived, col_at, n_rows: int, warnings: list[str], locked) -> None:
    """Rules 2 and 3 until nothing changes: no group with a shown total keeps exactly one hidden member."""
    changed = True
    while changed:
        changed = False
        for members, total, name in groups:
            hidden = [m for m in members if status[m]]
            shown = [m for m in members if not status[m] and not locked[m] and not math.isnan(arr[m])]
            candidates = [m for m in shown if arr[m] > 0] or [m for m in shown if arr[m] == 0]
            if total is not None and status[total]:
                # A hidden total must not be the plain sum of shown members either (rule 4).
                if not hidden and candidates:
                    status[min(candidates, key=lambda m: (arr[m], m))] = SECONDARY
                    changed = True
                continue
            if len(hidden) != 1:
                continue
            if candidates:
                pick = min(candidates, key=lambda m: (arr[m], m))
                status[pick] = SECONDARY
                changed = True
            elif total is not None and not locked[total]:
                status[total] = SECONDARY
                changed = True
            elif not any(w.startswith(name + ":") for w in warnings):
                warnings.append(f"{name}: satu-satunya anggota kelompok; total induk harus disembunyikan di atasnya")
        # Rule 3 after each pass, so a hidden derived column never leaves its base recoverable.
        for d, base in derived.items():
            if d in col_at and base in col_at:
                jd, jb = col_at[d], col_at[base]
                for i in range(n_rows):
                    if status[i, jb] and not status[i, jd] and not locked[i, jd]:
                        status[i, jd] = status[i, jb]
                        changed = True


def _determined_cells(groups, status, arr) -> list[tuple[int, int]]:
    """Hidden cells whose value follows from the published sums: e_i lies in the row space of the equations over
    the hidden cells, i.e. the null space of the equation matrix is zero at i. Secondary cells count too: a
    recomputable complement in one view is a shown value for the view next to it (rule 4)."""
    hidden = list(zip(*np.nonzero(status != ""), strict=True))
    if not hidden:
        return []
    pos = {cell: i for i, cell in enumerate(hidden)}
    rows = []
    for members, total, _ in groups:
        vec = np.zeros(len(hidden))
        for m in members:
            if m in pos:
                vec[pos[m]] = 1.0
        if total is not None and total in pos:
            vec[pos[total]] = -1.0
        if vec.any():
            rows.append(vec)
    if not rows:
        return []
    a = np.array(rows)
    _, sv, vt = np.linalg.svd(a)
    rank = int((sv > 1e-9 * max(a.shape)).sum())
    null = vt[rank:]  # rows span the null space
    return [cell for cell in hidden if null.shape[0] == 0 or np.abs(null[:, pos[cell]]).max() < 1e-9]


def _widen(cell: tuple[int, int], groups, status, arr, locked) -> bool:
    """Hide the smallest non-zero shown cell sharing a group with `cell` (a member, else the group total)."""
    candidates: list[tuple[int, int]] = []
    for members, total, _ in groups:
        if cell not in members and cell != total:
            continue
        candidates += [m for m in members if not status[m] and not locked[m] and not math.isnan(arr[m])]
        if total is not None and not status[total] and not locked[total] and not math.isnan(arr[total]):
            candidates.append(total)
    if not candidates:
        return False
    pick = min(candidates, key=lambda m: (arr[m] <= 0, arr[m], m))
    status[pick] = SECONDARY
    return True


def _numeric(table: pd.DataFrame) -> pd.DataFrame:
    try:
        return table.astype(float)
    except (TypeError, ValueError):
        return table.apply(pd.to_numeric, errors="coerce").astype(float)


def no_suppression(table: pd.DataFrame, k: int | None = None) -> Suppressed:
    """The analyst view: every value exact (status all empty)."""
    values = _numeric(table)
    status = pd.DataFrame("", index=values.index, columns=values.columns, dtype=object)
    return Suppressed(values=values, status=status, k=default_k() if k is None else int(k))


# ---- store level: the public view of a region's children -------------------------------------------------------
def public_table(
    store, parent_kode: str, tahun: int, k: int | None = None, public: bool = True, cache: dict | None = None
) -> Suppressed:
    """All indicators of the children of `parent_kode` (and the parent row, index `parent_kode`, '' = Indonesia)
    for one year, suppressed for public display; `public=False` returns exact values (analyst view).

    The view one level up is computed first and the parent's row keeps the status it has there (rule 4).
    `cache` (a dict) keeps the views already computed, for callers that need many sibling views (a desa map of a
    whole kab/kota is one view per kecamatan, all under the same upper views).
    """
    from petakesos import codes as kode_util
    from petakesos.export import data

    k = default_k() if k is None else int(k)
    key = (parent_kode, int(tahun), k, public)
    if cache is not None and key in cache:
        return cache[key]
    if cache is None:
        cache = {}
    meta = cache.get("_meta") or cache.setdefault("_meta", data.store_meta(store))
    prefetch_views(store, [parent_kode], tahun, cache)
    table = data.view_table(store, parent_kode, tahun, meta, cache[("_wide", int(tahun))])
    if not public:
        result = no_suppression(table, k)
        cache[key] = result
        return result
    sensitive = meta["sensitive"]
    hidden_totals: dict[str, str] = {}
    if parent_kode != "":
        upper = public_table(store, kode_util.parent_of(parent_kode), tahun, k, public=True, cache=cache)
        if parent_kode in upper.status.index:
            row = upper.status.loc[parent_kode]
            hidden_totals = {c: s for c, s in row.items() if s}
    members = [c for c in table.columns if c.startswith("pmks:")]
    result = suppress_table(
        table,
        sensitive,
        k,
        total_row=parent_kode,
        hidden_totals=hidden_totals,
        total_row_fixed=parent_kode != "",
        row_total="pmks_total" if "pmks_total" in table.columns else None,
        row_members=members,
    )
    cache[key] = result
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
    store,
    parent_kode: str,
    tahun: int,
    indikator: str,
    k: int | None = None,
    public: bool = True,
    cache: dict | None = None,
) -> pd.DataFrame:
    """DataFrame(kode, nilai, status, tampil) for the children of a region: what a public map or a forum screen
    may show for one indicator. `nilai` is NaN where hidden; `tampil` is the text ("1.234", "<5", "×", "–")."""
    from petakesos.export import data

    sup = public_table(store, parent_kode, tahun, k, public=public, cache=cache)
    children = [r for r in sup.values.index if r != parent_kode]
    if indikator not in sup.values.columns:
        return pd.DataFrame({"kode": children, "nilai": np.nan, "status": "", "tampil": "–"})
    decimals = data.decimals_for(sup.values.loc[children, indikator])
    return pd.DataFrame(
        {
            "kode": children,
            "nilai": sup.values.loc[children, indikator].to_numpy(),
            "status": sup.status.loc[children, indikator].to_numpy(),
            "tampil": [
                display_cell(v, s, sup.k, decimals)
                for v, s in zip(
                    sup.values.loc[children, indikator].to_numpy(),
                    sup.status.loc[children, indikator].to_numpy(),
                    strict=True,
                )
            ],
        }
    )


def public_region_values(store, kode: str, tahun: int, k: int | None = None, public: bool = True) -> pd.DataFrame:
    """DataFrame(indikator, nilai, status, tampil) for one region's own panel (presentation mode, region cards):
    its row as it appears in its parent's view, so a card never shows what a map or table hides."""
    from petakesos import codes as kode_util
    from petakesos.export import data

    parent = kode_util.parent_of(kode) if kode else ""
    sup = public_table(store, parent, tahun, k, public=public)
    if kode not in sup.values.index:
        return pd.DataFrame(columns=["indikator", "nilai", "status", "tampil"])
    values = sup.values.loc[kode]
    status = sup.status.loc[kode]
    return pd.DataFrame(
        {
            "indikator": list(values.index),
            "nilai": values.to_numpy(),
            "status": status.to_numpy(),
            "tampil": [
                display_cell(v, s, sup.k, data.decimals_for([v]))
                for v, s in zip(values.to_numpy(), status.to_numpy(), strict=True)
            ],
        }
    )

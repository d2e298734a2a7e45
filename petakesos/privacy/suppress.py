"""Protect one table: primary suppression, complementary suppression, and an exact check with protection levels.

Pure: a region × indicator table of values and its sum structure in, statuses out (no store). The rule is in
docs/privacy.md; in short, for k = setting `k_anonymity`:

1. Primary: a cell of a sensitive column with value 1 … k−1 is hidden ("<k").
2. Complementary ("×"): cells form groups whose sum is published — per column the children add up to the parent
   row, per region the categories add up to `pmks_total`. A group with a shown total never keeps exactly one
   hidden cell, and a group with a hidden total keeps at least one hidden member (cheap first pass).
3. Derived columns follow their base (`pmks_per_1000` with `pmks_total`: population is public).
4. Protection level: every "<k" cell must still be able to take both 1 and k−1 in some integer table consistent
   with everything published (all sums, all marks, the ranges the views above already allow). This is checked
   exactly (`intervals`, an integer program per independent part); while a cell fails, one more cell next to it
   is hidden (the smallest shown cell with room for the shift, as τ-ARGUS/sdcTable pick cheap complements).
   Hidden cells of the parent row, fixed by the view above, must keep the room (±(k−2)) that view relied on.
A cell that no widening protects is listed in `Suppressed.unprotected`; public outputs then refuse to publish.
"""

from __future__ import annotations

import math
from collections.abc import Iterable, Mapping

import numpy as np
import pandas as pd

from petakesos.privacy import intervals
from petakesos.privacy.marks import PRIMARY, SECONDARY, WITHHELD, Suppressed, default_k, is_small

DERIVED_COLUMNS = {"pmks_per_1000": "pmks_total"}
"""Derived column → base column it is computed from (hidden together, rule 3)."""

Cell = tuple[int, int]
Group = tuple[list[Cell], Cell | None, str]


def suppress_table(
    table: pd.DataFrame,
    sensitive: Iterable[str],
    k: int | None = None,
    *,
    total_row: str | None = None,
    parent_known: bool = True,
    hidden_totals: Mapping[str, str] | None = None,
    total_bounds: Mapping[str, tuple[float, float]] | None = None,
    total_row_fixed: bool = False,
    row_total: str | None = None,
    row_members: Iterable[str] | None = None,
    derived: Mapping[str, str] | None = None,
    ranges_for: Iterable[str] | None = None,
    complement_columns: Iterable[str] | None = None,
) -> Suppressed:
    """Apply the rule (module docstring) to a region × indicator table.

    table: index = region codes (the children, plus the parent row `total_row` if given), columns = indicators.
    sensitive: columns whose small values are hidden (primary suppression); they add up over regions.
    total_row: index label of the parent row; its cells are the totals of the column groups. Without it the totals
        are known from outside the table when `parent_known` (the default), and cannot be hidden here.
    hidden_totals: column → status of the parent total in the view one level up; such totals count as hidden.
    total_bounds: column → (low, high) a reader can already derive for a hidden parent total one level up.
    total_row_fixed: the parent row's statuses are final (they come from the view one level up): no cell of it is
        hidden here, and its hidden cells keep the room the view above relied on.
    row_total / row_members: a per-region total column and the columns that add up to it (e.g. `pmks_total` and
        every `pmks:<cat>` column); adds the row groups (and `row_total` adds up over regions too).
    derived: derived column → base column, hidden with its base (default: pmks_per_1000 follows pmks_total).
    ranges_for: rows whose hidden cells' derivable ranges are wanted in `Suppressed.ranges` (children that have
        their own view below).
    complement_columns: the only columns where complementary cells may be chosen (None: any column).
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

    for c in sensitive:  # rule 1
        j = col_at[c]
        for i in range(len(rows)):
            if is_small(arr[i, j], k):
                status[i, j] = PRIMARY
    if total_i is not None:
        for c, s in hidden_totals.items():
            if c in col_at and s:
                status[total_i, col_at[c]] = s
    from_above = np.zeros(arr.shape, dtype=bool)  # the parent row, published one level up
    if total_i is not None and total_row_fixed:
        from_above[total_i, :] = True
    locked = from_above.copy()  # cells that are never hidden here
    if complement_columns is not None:
        allowed = set(complement_columns)
        allowed |= {d for d, base in derived.items() if base in allowed}  # rule 3 must always be able to act
        for j, c in enumerate(cols):
            if c not in allowed:
                locked[:, j] |= status[:, j] == ""

    additive = list(dict.fromkeys([*sensitive, *members_cols, *([row_total] if row_total in col_at else [])]))
    groups: list[Group] = []
    for c in additive:
        j = col_at[c]
        total = (total_i, j) if total_i is not None else None
        if total is None and (not parent_known or hidden_totals.get(c)):
            continue  # the total is not published: nothing to subtract from
        groups.append(([(i, j) for i in child_rows], total, f"kolom {c}"))
    if row_total is not None and row_total in col_at and members_cols:
        jt = col_at[row_total]
        for i in range(len(rows)):
            groups.append(([(i, col_at[c]) for c in members_cols], (i, jt), f"baris {rows[i]}"))

    bounds: dict[Cell, tuple[float, float]] = {}
    if total_i is not None:
        for c, b in (total_bounds or {}).items():
            if c in col_at:
                bounds[(total_i, col_at[c])] = (float(b[0]), float(b[1]))
    checker = _Checker(groups, arr, k, {col_at[c] for c in sensitive}, from_above, bounds)
    warnings: list[str] = []
    unprotected: list[tuple[str, str]] = []
    while True:
        _group_pass(groups, status, arr, derived, col_at, len(rows), locked)
        failing = checker.first_unprotected(status)
        if failing is None:
            break
        if not _widen(failing, groups, status, arr, locked, k, checker):
            unprotected.append((str(rows[failing[0]]), cols[failing[1]]))
            warnings.append(f"sel {rows[failing[0]]}/{cols[failing[1]]} tidak dapat dilindungi")
            checker.give_up(failing)

    ranges: dict[tuple[str, str], tuple[float, float]] = {}
    wanted = {rows.index(r) for r in (ranges_for or []) if r in rows}
    if wanted:
        for cell, rng in checker.ranges(status, [c for c in zip(*np.nonzero(status != ""), strict=True)
                                                  if c[0] in wanted]).items():  # fmt: skip
            ranges[(str(rows[cell[0]]), cols[cell[1]])] = rng
    out = arr.copy()
    out[status != ""] = np.nan
    return Suppressed(
        values=pd.DataFrame(out, index=values.index, columns=values.columns),
        status=pd.DataFrame(status, index=values.index, columns=values.columns),
        k=k,
        warnings=warnings,
        ranges=ranges,
        unprotected=unprotected,
    )


class _Checker:
    """Rule 4: the integer program over the hidden cells, split into independent parts, with a memory of the parts
    already found protected (widening changes one part at a time)."""

    def __init__(self, groups: list[Group], arr, k: int, sensitive_cols: set[int], locked, bounds) -> None:
        self.groups = groups
        self.arr = arr
        self.k = k
        self.sensitive_cols = sensitive_cols
        self.locked = locked
        self.bounds = bounds
        # Hiding one more cell only widens every range (the cell's true value stays feasible), so a cell found
        # protected stays protected: each is verified once.
        self.verified: set[Cell] = set()
        self.skipped: set[Cell] = set()

    def give_up(self, cell: Cell) -> None:
        self.skipped.add(cell)

    def _system(self, status) -> tuple[intervals.System, list[Cell]]:
        hidden = [c for c in zip(*np.nonzero(status != ""), strict=True) if not _in_no_group(c, self.groups)]
        pos = {c: i for i, c in enumerate(hidden)}
        system = intervals.System()
        for cell in hidden:
            lo, hi, semi = self._type_bounds(cell, status)
            system.add_cell(lo, hi, semi)
        for members, total, _ in self.groups:
            coefs: dict[int, float] = {}
            rhs = 0.0
            for m in members:
                if m in pos:
                    coefs[pos[m]] = coefs.get(pos[m], 0.0) + 1.0
                else:
                    rhs -= _value(self.arr[m])
            if total is None:
                rhs += sum(_value(self.arr[m]) for m in members)
            elif total in pos:
                coefs[pos[total]] = coefs.get(pos[total], 0.0) - 1.0
            else:
                rhs += _value(self.arr[total])
            system.add_equation(coefs, rhs)
        return system, hidden

    def _type_bounds(self, cell: Cell, status) -> tuple[float, float, bool]:
        if status[cell] == PRIMARY:
            lo, hi, semi = 1.0, float(self.k - 1), False
        elif cell[1] in self.sensitive_cols:
            lo, hi, semi = float(self.k), float(intervals.UNBOUNDED), True  # "×" here means 0 or ≥ k
        else:
            lo, hi, semi = 0.0, float(intervals.UNBOUNDED), False
        if cell in self.bounds:
            b_lo, b_hi = self.bounds[cell]
            hi = min(hi, b_hi)
            if not semi or b_lo > 0:
                lo, semi = max(lo, b_lo), False
        return lo, hi, semi

    def _required(self, cell: Cell, status) -> tuple[float, float] | None:
        """The interval the cell must still be able to span, or None when nothing is promised for it."""
        if status[cell] == PRIMARY:
            return 1.0, float(self.k - 1)
        if not self.locked[cell]:
            return None
        v = _value(self.arr[cell])
        lo, hi, semi = self._type_bounds(cell, status)
        want_lo, want_hi = v - (self.k - 2), v + (self.k - 2)
        if semi and 0 < want_lo < self.k:
            want_lo = float(self.k) if v >= self.k else 0.0
        return max(want_lo, 0.0 if semi else lo), min(want_hi, hi)

    def first_unprotected(self, status) -> Cell | None:
        system, hidden = self._system(status)
        for cells, eqs in intervals.components(system):
            solver = None
            for c in cells:
                cell = hidden[c]
                if cell in self.verified or cell in self.skipped:
                    continue
                need = self._required(cell, status)
                if need is None:
                    continue
                solver = solver or intervals.Solver(system, cells, eqs)
                found = solver.range(c)
                if found is None or found[0] > need[0] + 1e-9 or found[1] < need[1] - 1e-9:
                    return cell
                self.verified.add(cell)
        return None

    def ranges(self, status, cells: list[Cell]) -> dict[Cell, tuple[float, float]]:
        system, hidden = self._system(status)
        pos = {c: i for i, c in enumerate(hidden)}
        out: dict[Cell, tuple[float, float]] = {}
        for comp, eqs in intervals.components(system):
            wanted = [hidden[c] for c in comp if hidden[c] in cells]
            if not wanted:
                continue
            solver = intervals.Solver(system, comp, eqs)
            for cell in wanted:
                found = solver.range(pos[cell])
                if found is not None:
                    out[cell] = found
        for cell in cells:  # hidden cells in no published sum (a derived rate): anything their type allows
            if cell not in out and cell not in pos:
                lo, hi, _ = self._type_bounds(cell, status)
                out[cell] = (0.0, hi)
        return out


def _in_no_group(cell: Cell, groups: list[Group]) -> bool:
    return not any(cell in members or cell == total for members, total, _ in groups)


def _value(v: float) -> float:
    return 0.0 if math.isnan(v) else float(v)


def _group_pass(groups, status, arr, derived, col_at, n_rows: int, locked) -> None:
    """Rules 2 and 3 until nothing changes: no group with a shown total keeps exactly one hidden member."""
    changed = True
    while changed:
        changed = False
        for members, total, _ in groups:
            hidden = [m for m in members if status[m]]
            shown = [m for m in members if not status[m] and not locked[m] and not math.isnan(arr[m])]
            candidates = [m for m in shown if arr[m] > 0] or [m for m in shown if arr[m] == 0]
            if total is not None and status[total]:
                if not hidden and candidates:  # a hidden total must not be the plain sum of shown members
                    status[min(candidates, key=lambda m: (arr[m], m))] = SECONDARY
                    changed = True
                continue
            if len(hidden) != 1:
                continue
            if candidates:
                status[min(candidates, key=lambda m: (arr[m], m))] = SECONDARY
                changed = True
            elif total is not None and not locked[total]:
                status[total] = SECONDARY
                changed = True
        for d, base in derived.items():  # rule 3 after each pass
            if d in col_at and base in col_at:
                jd, jb = col_at[d], col_at[base]
                for i in range(n_rows):
                    if status[i, jb] and not status[i, jd] and not locked[i, jd]:
                        status[i, jd] = SECONDARY if status[i, jb] else status[i, jd]
                        changed = True


def _widen(cell: Cell, groups, status, arr, locked, k: int, checker: _Checker) -> bool:
    """Hide one more cell to protect `cell`: a shown cell of one of its groups (else of a group of any hidden cell
    of its part), preferring the smallest value that leaves room for a shift of k−1 (cost = value, as the
    τ-ARGUS/sdcTable default), then any smaller one."""

    def free(m: Cell | None) -> bool:
        return m is not None and not status[m] and not locked[m] and not math.isnan(arr[m])

    def around(cells: set[Cell]) -> list[Cell]:
        found: list[Cell] = []
        for members, total, _ in groups:
            if not cells.intersection(members) and total not in cells:
                continue
            found += [m for m in members if free(m)]
            if free(total):
                found.append(total)
        return found

    candidates = around({cell})
    if not candidates:
        candidates = around(set(zip(*np.nonzero(status != ""), strict=True)))
    if not candidates:
        return False
    pick = min(set(candidates), key=lambda m: (arr[m] < k - 1, arr[m], m))
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


ROW_TOTAL = "pmks_total"
ROW_MEMBER_PREFIX = "pmks:"
LOWEST_SENSITIVE_LEVEL = "kabupaten_kota"
"""The lowest level whose rows show sensitive categories (docs/privacy.md): views of kecamatan and desa rows
carry none, and their PMKS totals count only the other categories."""


def shows_sensitive(child_tingkat: str | None) -> bool:
    """Whether a view whose rows are at `child_tingkat` publishes sensitive categories."""
    from petakesos.codes import TINGKAT

    if child_tingkat is None:
        return False
    return TINGKAT.index(child_tingkat) <= TINGKAT.index(LOWEST_SENSITIVE_LEVEL)


def protect_view(
    table: pd.DataFrame,
    parent: str,
    sensitive: Iterable[str],
    k: int,
    *,
    upper: Suppressed | None,
    has_views_below: bool,
    publish_sensitive: bool = True,
) -> Suppressed:
    """One view of the publication (the children of `parent` and its own row).

    publish_sensitive=False (views below `LOWEST_SENSITIVE_LEVEL`): sensitive columns are withheld whole and the
    PMKS total (and rate) count only the other categories, so nothing in the view depends on a sensitive count.
    Otherwise the view is suppressed consistently with the view one level up (`upper`, None for the top view):
    the parent's row keeps the statuses and ranges it has there. Complements are chosen only among sensitive
    columns and the PMKS total, so every other number is always published (and the views below never need to
    hide anything to keep a complement hidden)."""
    sensitive = [c for c in sensitive if c in table.columns]
    if not publish_sensitive or (upper is not None and upper.withheld_view):
        return withhold_sensitive(table, sensitive, k)  # below a withheld view nothing sensitive either
    hidden_totals: dict[str, str] = {}
    total_bounds: dict[str, tuple[float, float]] = {}
    if upper is not None and parent in upper.status.index:
        hidden_totals = {c: s for c, s in upper.status.loc[parent].items() if s}
        total_bounds = {c: upper.ranges[(parent, c)] for c in hidden_totals if (parent, c) in upper.ranges}
    children = [r for r in table.index if r != parent]
    protected = suppress_table(
        table,
        sensitive,
        k,
        total_row=parent,
        hidden_totals=hidden_totals,
        total_bounds=total_bounds,
        total_row_fixed=upper is not None,
        row_total=ROW_TOTAL if ROW_TOTAL in table.columns else None,
        row_members=[c for c in table.columns if c.startswith(ROW_MEMBER_PREFIX)],
        ranges_for=children if has_views_below else None,
        complement_columns=[*sensitive, ROW_TOTAL],
    )
    if protected.unprotected:
        # Widen rather than publish: a view that cannot be protected is published like the views below kab/kota,
        # without its sensitive categories (rule 5 of docs/privacy.md).
        fallback = withhold_sensitive(table, sensitive, k)
        fallback.warnings = [*protected.warnings, "kategori sensitif tidak diterbitkan di tampilan ini"]
        return fallback
    return protected


def withhold_sensitive(table: pd.DataFrame, sensitive: list[str], k: int) -> Suppressed:
    """The view without sensitive categories: their cells withheld (status `WITHHELD`), `pmks_total` recomputed
    over the other categories and every derived rate scaled with it."""
    values = _numeric(table).copy()
    status = pd.DataFrame("", index=values.index, columns=values.columns, dtype=object)
    members = [c for c in values.columns if c.startswith(ROW_MEMBER_PREFIX)]
    kept = [c for c in members if c not in sensitive]
    if ROW_TOTAL in values.columns and members:
        full = values[ROW_TOTAL]
        partial = values[kept].sum(axis=1, min_count=1) if kept else pd.Series(np.nan, index=values.index)
        for d, base in DERIVED_COLUMNS.items():
            if base == ROW_TOTAL and d in values.columns:
                values[d] = values[d] * (partial / full.where(full != 0))
        values[ROW_TOTAL] = partial
    for c in sensitive:
        values[c] = np.nan
        status[c] = WITHHELD
    return Suppressed(values=values, status=status, k=k, withheld_view=True)

"""The reader who solves the published tables: an audit of a whole publication, independent of how it was made.

Input: the public tables exactly as published (cells are numbers, "<k", "×" or empty), each the children of one
parent with the parent's own row. The attacker writes down every equation the publication implies — per table and
additive column, the children add up to the parent row; per region, the categories add up to `pmks_total` — merges
what all tables say about the same (region, indicator), reads each mark as the rule defines it ("<k": 1 … k−1;
"×": ≥ 0, and 0 or ≥ k in a sensitive column) and, for every "<k" cell, solves the integer programs min and max of
that cell (`intervals`). The guarantee of docs/privacy.md holds when every such range is the full 1 … k−1.
"""

from __future__ import annotations

import math
from collections.abc import Iterable
from dataclasses import dataclass, field

import pandas as pd

from petakesos.privacy import intervals
from petakesos.privacy.marks import SECONDARY_MARK, WITHHELD_MARK, primary_mark

ROW_TOTAL = "pmks_total"
ROW_MEMBER_PREFIX = "pmks:"


@dataclass
class Published:
    """One public table: `cells` indexed by region code (children and the parent row `parent`), one column per
    indicator, values as published (numbers, "<k", "×", NaN/None for no data)."""

    parent: str
    cells: pd.DataFrame
    withheld: bool = False  # a view below kab/kota: sensitive columns withheld, PMKS total without them


@dataclass
class AttackResult:
    k: int
    hidden: int = 0  # distinct (region, indicator) cells hidden anywhere
    attacked: int = 0  # "<k" cells whose range was solved
    ranges: dict[tuple[str, str], tuple[float, float]] = field(default_factory=dict)
    inconsistent: list[tuple[str, str]] = field(default_factory=list)  # shown in one table, hidden in another
    leaks: list[tuple[str, str, str]] = field(default_factory=list)  # (view, region, indicator) a withheld view
    # shows that it must not

    @property
    def narrow(self) -> dict[tuple[str, str], tuple[float, float]]:
        """"<k" cells a reader can narrow below 1 … k−1."""
        return {c: r for c, r in self.ranges.items() if r[0] > 1 or r[1] < self.k - 1}

    @property
    def min_width(self) -> float | None:
        return min((hi - lo for lo, hi in self.ranges.values()), default=None)


def attack(tables: Iterable[Published], *, k: int, sensitive: Iterable[str],
           additive: Iterable[str] | None = None) -> AttackResult:  # fmt: skip
    """Solve every "<k" cell of the publication `tables` (module docstring). `additive`: columns that add up over
    regions (default: the sensitive ones, every `pmks:` category and `pmks_total`)."""
    tables = list(tables)
    sensitive = set(sensitive)
    p_mark, s_mark = primary_mark(k), SECONDARY_MARK
    result = AttackResult(k=k)
    # A view below kab/kota must not depend on any sensitive count: every sensitive cell withheld, no "<k"/"×",
    # and its PMKS total the sum of the shown (non-sensitive) categories. Then it tells the reader nothing about
    # sensitive counts, and the equations of the other views are the whole attack.
    for t in [t for t in tables if t.withheld]:
        cats = [c for c in t.cells.columns if c.startswith(ROW_MEMBER_PREFIX) and c not in sensitive]
        for region, row in t.cells.iterrows():
            for col, v in row.items():
                if (col in sensitive and v != WITHHELD_MARK) or (isinstance(v, str) and v in (p_mark, s_mark)):
                    result.leaks.append((t.parent, str(region), str(col)))
            if ROW_TOTAL in row.index and not _is_blank(row[ROW_TOTAL]):
                shown = [float(row[c]) for c in cats if not _is_blank(row[c])]
                if abs(sum(shown) - float(row[ROW_TOTAL])) > 1e-6:
                    result.leaks.append((t.parent, str(region), ROW_TOTAL))
    tables = [t for t in tables if not t.withheld]
    known: dict[tuple[str, str], float] = {}
    marks: dict[tuple[str, str], str] = {}
    columns: set[str] = set()
    for t in tables:
        columns |= set(t.cells.columns)
        for region, row in t.cells.iterrows():
            for col, v in row.items():
                cell = (str(region), str(col))
                if isinstance(v, str) and v in (p_mark, s_mark):
                    marks.setdefault(cell, v)
                elif v is not None and not (isinstance(v, float) and math.isnan(v)):
                    known[cell] = float(v)
    result.inconsistent = sorted(c for c in marks if c in known)
    hidden = sorted(c for c in marks if c not in known)
    result.hidden = len(hidden)
    if additive is None:
        additive = {c for c in columns if c in sensitive or c.startswith(ROW_MEMBER_PREFIX) or c == ROW_TOTAL}
    additive = set(additive)

    system = intervals.System()
    pos: dict[tuple[str, str], int] = {}
    for cell in hidden:
        if marks[cell] == p_mark:
            pos[cell] = system.add_cell(1, k - 1)
        elif cell[1] in sensitive:
            pos[cell] = system.add_cell(k, intervals.UNBOUNDED, zero_or_at_least=True)
        else:
            pos[cell] = system.add_cell(0)

    def equation(plus: list[tuple[str, str]], minus: tuple[str, str]) -> None:
        coefs: dict[int, float] = {}
        rhs = 0.0
        for cell, sign in [*((c, 1.0) for c in plus), (minus, -1.0)]:
            if cell in pos:
                coefs[pos[cell]] = coefs.get(pos[cell], 0.0) + sign
            else:
                rhs -= sign * known.get(cell, 0.0)  # no data counts as nothing
        system.add_equation(coefs, rhs)

    for t in tables:
        if t.parent not in {str(r) for r in t.cells.index}:
            continue  # no parent row: no published column total
        children = [str(r) for r in t.cells.index if str(r) != t.parent]
        for col in t.cells.columns:
            if col in additive:
                equation([(r, col) for r in children], (t.parent, col))
    regions = {c[0] for c in [*known, *marks]}
    members = sorted(c for c in columns if c.startswith(ROW_MEMBER_PREFIX))
    if ROW_TOTAL in columns and members:
        for region in sorted(regions):
            equation([(region, c) for c in members], (region, ROW_TOTAL))

    index = {i: cell for cell, i in pos.items()}
    for cells, eqs in intervals.components(system):
        targets = [i for i in cells if marks[index[i]] == p_mark]
        if not targets:
            continue
        solver = intervals.Solver(system, cells, eqs)
        for i in targets:
            found = solver.range(i)
            result.attacked += 1
            result.ranges[index[i]] = found if found is not None else (math.inf, -math.inf)  # no table fits
    return result


def _is_blank(v) -> bool:
    return v is None or (isinstance(v, float) and math.isnan(v))

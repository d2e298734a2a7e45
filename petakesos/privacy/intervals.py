"""The interval a reader can derive for one unknown cell: a pure integer program, no store, no pandas.

A `System` is what is published about a set of hidden cells: linear equations (each published sum, with the shown
cells moved to the right-hand side) and what each mark says about its cell ("<k": an integer 1 … k−1; "×": an
integer ≥ 0, and in a sensitive column 0 or ≥ k, since 1 … k−1 would have been shown as "<k"). `feasible_range`
solves min and max of one cell over every integer table consistent with all of it (scipy `milp`, HiGHS), which is
exactly what a reader who knows the rule can learn. `components` splits a system into independent parts, so that
each integer program stays small.
"""

from __future__ import annotations

from dataclasses import dataclass, field

import numpy as np
from scipy.optimize import Bounds, LinearConstraint, milp
from scipy.sparse import csr_matrix

UNBOUNDED = 10**9
"""Upper bound standing for "no upper bound" (HiGHS needs a finite bound for 0-or-≥k variables)."""


@dataclass
class System:
    """Unknown cells 0 … n−1 with bounds and equations `sum(coef * x) = rhs`."""

    lower: list[float] = field(default_factory=list)
    upper: list[float] = field(default_factory=list)
    zero_or_at_least: list[bool] = field(default_factory=list)  # x = 0 or lower ≤ x ≤ upper (a "×" in a
    # sensitive column, lower = k)
    equations: list[tuple[dict[int, float], float]] = field(default_factory=list)

    @property
    def n(self) -> int:
        return len(self.lower)

    def add_cell(self, lower: float, upper: float = UNBOUNDED, zero_or_at_least: bool = False) -> int:
        self.lower.append(float(lower))
        self.upper.append(float(upper))
        self.zero_or_at_least.append(bool(zero_or_at_least))
        return self.n - 1

    def add_equation(self, coefs: dict[int, float], rhs: float) -> None:
        coefs = {i: c for i, c in coefs.items() if c}
        if coefs:
            self.equations.append((coefs, float(rhs)))


def components(system: System) -> list[tuple[list[int], list[int]]]:
    """Independent parts: (cells, equation indices) linked by shared equations; cells in no equation are alone."""
    parent = list(range(system.n))

    def find(i: int) -> int:
        while parent[i] != i:
            parent[i] = parent[parent[i]]
            i = parent[i]
        return i

    for coefs, _ in system.equations:
        cells = list(coefs)
        for other in cells[1:]:
            a, b = find(cells[0]), find(other)
            if a != b:
                parent[a] = b
    cells_of: dict[int, list[int]] = {}
    for i in range(system.n):
        cells_of.setdefault(find(i), []).append(i)
    eqs_of: dict[int, list[int]] = {}
    for e, (coefs, _) in enumerate(system.equations):
        eqs_of.setdefault(find(next(iter(coefs))), []).append(e)
    return [(cells, eqs_of.get(root, [])) for root, cells in cells_of.items()]


class Solver:
    """Min and max of single cells of one component (the integer program is built once)."""

    def __init__(self, system: System, cells: list[int], equations: list[int]) -> None:
        self.cells = cells
        self.local = {c: i for i, c in enumerate(cells)}
        n = len(cells)
        lower = np.array([system.lower[c] for c in cells])
        upper = np.array([system.upper[c] for c in cells])
        semi = np.array([system.zero_or_at_least[c] for c in cells])
        self.integrality = np.where(semi, 3, 1)  # 3 = semi-integer: 0 or an integer within the bounds
        self.bounds = Bounds(lower, upper)
        if equations:
            rows, cols, vals, rhs = [], [], [], []
            for r, e in enumerate(equations):
                coefs, b = system.equations[e]
                for c, v in coefs.items():
                    rows.append(r)
                    cols.append(self.local[c])
                    vals.append(v)
                rhs.append(b)
            a = csr_matrix((vals, (rows, cols)), shape=(len(equations), n))
            self.constraints = [LinearConstraint(a, rhs, rhs)]
        else:
            self.constraints = []
        self.n = n

    def extreme(self, cell: int, sign: float) -> float | None:
        """min (sign=1) or −max (sign=−1) of the cell; None when nothing is feasible (an inconsistent table)."""
        c = np.zeros(self.n)
        c[self.local[cell]] = sign
        res = milp(c, integrality=self.integrality, bounds=self.bounds, constraints=self.constraints)
        if res.status != 0 or res.x is None:
            return None
        return float(round(res.x[self.local[cell]]))

    def range(self, cell: int) -> tuple[float, float] | None:
        lo = self.extreme(cell, 1.0)
        hi = self.extreme(cell, -1.0)
        if lo is None or hi is None:
            return None
        return lo, hi

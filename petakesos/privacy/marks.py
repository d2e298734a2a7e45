"""What public outputs write for hidden cells, and the sentences that explain it (one definition of each)."""

from __future__ import annotations

import math
from collections.abc import Mapping
from dataclasses import dataclass, field

import pandas as pd

from petakesos import i18n
from petakesos.numbers import format_number

PRIMARY = "primer"
SECONDARY = "sekunder"
SECONDARY_MARK = "×"
WITHHELD = "tidak_terbit"
WITHHELD_MARK = "…"
"""Sensitive categories below kab/kota level (docs/privacy.md): not published at all at that level."""


def default_k() -> int:
    from petakesos.settings import get_settings

    return get_settings().k_anonymity


def primary_mark(k: int) -> str:
    return f"<{k}"


def notice(k: int, lang: str = "id") -> str:
    """The sentence public tables carry when sensitive values may be hidden (text: petakesos.i18n)."""
    return i18n.texts(lang)("PRIVACY_NOTICE", k=k, below=k - 1, mark=SECONDARY_MARK, withheld=WITHHELD_MARK)


def map_notice(k: int, lang: str = "id") -> str:
    """The same for maps, where hidden regions are hatched rather than marked."""
    return i18n.texts(lang)("PRIVACY_MAP_NOTICE", k=k, below=k - 1, mark=SECONDARY_MARK, withheld=WITHHELD_MARK)


def hatch_legend_rows(k: int, statuses, lang: str = "id") -> list[tuple[str, int]]:
    """Legend entries (text, number of regions) of hatched regions on a public map: one per kind of hidden value
    present, saying what is hidden and why ("<k" primary, "×" complementary, "…" withheld below kab/kota)."""
    T = i18n.texts(lang)
    statuses = list(statuses)
    rows = []
    if n := statuses.count(PRIMARY):
        rows.append((T("HATCH_PRIMARY", k=k, below=k - 1), n))
    if n := statuses.count(SECONDARY):
        rows.append((T("HATCH_SECONDARY", k=k, mark=SECONDARY_MARK), n))
    if n := statuses.count(WITHHELD):
        rows.append((T("HATCH_WITHHELD", withheld=WITHHELD_MARK), n))
    return rows


def analyst_notice(lang: str = "id") -> str:
    return i18n.texts(lang).PRIVACY_ANALYST


ANALYST_NOTICE = analyst_notice()


@dataclass
class Suppressed:
    """The table with hidden cells: `values` has NaN where hidden, `status` '' / 'primer' / 'sekunder'.

    `ranges`: for hidden cells (row, column) the interval a reader can derive from this table and the views above
    it (used as bounds by the views below). `unprotected`: cells that no widening could protect (a public output
    with any of them must not be written)."""

    values: pd.DataFrame
    status: pd.DataFrame
    k: int
    warnings: list[str] = field(default_factory=list)
    ranges: dict[tuple[str, str], tuple[float, float]] = field(default_factory=dict)
    unprotected: list[tuple[str, str]] = field(default_factory=list)
    withheld_view: bool = False  # sensitive categories withheld in the whole view (below kab/kota, or unprotectable)

    @property
    def n_hidden(self) -> int:
        """Cells hidden as "<k" or "×" (withheld sensitive columns below kab/kota are counted in `n_withheld`)."""
        return int(self.status.isin([PRIMARY, SECONDARY]).to_numpy().sum())

    @property
    def n_withheld(self) -> int:
        return int((self.status == WITHHELD).to_numpy().sum())

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
            marks = self.status[col].map(
                {PRIMARY: primary_mark(self.k), SECONDARY: SECONDARY_MARK, WITHHELD: WITHHELD_MARK}
            )
            hidden = self.status[col] != ""
            out.loc[hidden, col] = marks[hidden]
        return out


def display_cell(value: float | None, status: str, k: int, decimals: int = 0, missing: str = "–") -> str:
    if status == PRIMARY:
        return primary_mark(k)
    if status == SECONDARY:
        return SECONDARY_MARK
    if status == WITHHELD:
        return WITHHELD_MARK
    return format_number(value, decimals, missing=missing)


def is_small(value: float | None, k: int) -> bool:
    """1 ≤ value ≤ k−1 (counts; a non-integer rate is never a small count)."""
    if value is None or (isinstance(value, float) and math.isnan(value)):
        return False
    return 1 <= value <= k - 1

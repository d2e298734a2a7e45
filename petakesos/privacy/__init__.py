"""Disclosure control for public outputs (exports, presentation mode, the anonymous dashboard).

The rule, why it was chosen and what it guarantees are in docs/privacy.md. In one sentence: a sensitive count of
1 … k−1 is shown as "<k", and enough other cells are hidden ("×") that, whatever a reader combines from every
public table, map and screen of the same year, each "<k" can still be any value from 1 to k−1.

- `marks`: what hidden cells show and the sentences that explain them; `Suppressed`.
- `suppress`: the pure rule on one table (values + sum structure in, statuses out).
- `intervals`: the integer program giving the interval a reader can derive for a cell.
- `attack`: the reader: rebuilds every published equation from public tables and solves them.
- `store`: the adapter to the store, the one read path of public values.
"""

from petakesos.privacy.marks import (
    ANALYST_NOTICE,
    PRIMARY,
    SECONDARY,
    SECONDARY_MARK,
    WITHHELD,
    WITHHELD_MARK,
    Suppressed,
    analyst_notice,
    default_k,
    display_cell,
    hatch_legend_rows,
    is_small,
    map_notice,
    notice,
    primary_mark,
)
from petakesos.privacy.store import prefetch_views, public_indicator_values, public_region_values, public_table
from petakesos.privacy.suppress import DERIVED_COLUMNS, no_suppression, suppress_table

__all__ = [
    "ANALYST_NOTICE",
    "DERIVED_COLUMNS",
    "PRIMARY",
    "SECONDARY",
    "SECONDARY_MARK",
    "WITHHELD",
    "WITHHELD_MARK",
    "Suppressed",
    "analyst_notice",
    "default_k",
    "display_cell",
    "hatch_legend_rows",
    "is_small",
    "map_notice",
    "no_suppression",
    "notice",
    "prefetch_views",
    "primary_mark",
    "public_indicator_values",
    "public_region_values",
    "public_table",
    "suppress_table",
]

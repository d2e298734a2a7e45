"""What the exports read from the store: re-exports of the one read path (`petakesos.indicators`) under the names
the export modules use, plus the Indonesian date format of the export furniture.

Nothing here reads indicators itself: definitions, years, the demo flag, sources, sensitivity and decimals are
defined once in `petakesos.indicators`.
"""

from __future__ import annotations

import datetime as dt

import numpy as np
import pandas as pd

from petakesos import i18n
from petakesos.indicators import (  # noqa: F401  (re-exported: the exports' names for the one read path)
    SENSITIVE_FALLBACK,
    children_names,
    data_date,
    decimals,
    definition,
    definitions,
    has_indicators,
    has_object,
    is_demo,
    pivot,
    prefetch,
    sensitive_indicators,
    split_sources,
    store_meta,
    view_parents,
    view_table,
    years,
)
from petakesos.indicators import view_sources as sources  # noqa: F401


def decimals_for(values: pd.Series | np.ndarray, indikator: str | None = None, store=None) -> int:
    """Decimals to show: the indicator's own rule when the indicator and store are given, else 0 for whole
    numbers and 1 otherwise (for values of no known indicator)."""
    if indikator is not None and store is not None:
        return decimals(store, indikator)
    arr = np.asarray(pd.to_numeric(pd.Series(values), errors="coerce"), dtype=float)
    arr = arr[~np.isnan(arr)]
    if arr.size == 0 or np.all(np.isclose(arr, np.round(arr))):
        return 0
    return 1


def tanggal(day: dt.date | dt.datetime) -> str:
    """Indonesian long date: 27 November 2026 (month names: petakesos.i18n)."""
    return i18n.date_text("id", day)

"""Choropleth classification shared by the dashboard map and the print export, so both show the same classes
and colours: quantile, equal interval, natural breaks (Jenks/Fisher), manual and fixed breaks, and the SPM scale
for WKSBM coverage.

The rules, defined here once:
- WKSBM coverage ("otomatis") keeps the SPM meaning — 0% (no WKSBM) and 100% (target met) are classes of their
  own — and splits the middle so that real differences show: in quarters (>0–<25, 25–<50, 50–<75, 75–<100)
  when they separate the units or when there are few units, otherwise at the quartiles of the values rounded to
  steps of 5%, or 2% where 5% would merge two quartiles (`spm_inner_bounds`): never a class narrower than 2%.
  Classes that cannot occur at the level in view are not listed: a desa/kelurahan either has a WKSBM or not
  (0% or 100%).
- Counts (all values whole numbers) get whole-number class bounds, labelled "11 – 15" rather than ">10 – 15".
- Zero is a class of its own, listed only when a unit is zero; "tidak ada data" is always a class of its own.
"""

from __future__ import annotations

import math
import re
from collections.abc import Sequence
from dataclasses import dataclass, field

import numpy as np

from petakesos import i18n
from petakesos.numbers import format_number

# Colour-blind-safe sequential ColorBrewer schemes (and viridis), 3 to 7 classes each.
PALETTES: dict[str, dict[int, list[str]]] = {
    "YlOrRd": {
        3: ["#ffeda0", "#feb24c", "#f03b20"],
        4: ["#ffffb2", "#fecc5c", "#fd8d3c", "#e31a1c"],
        5: ["#ffffb2", "#fecc5c", "#fd8d3c", "#f03b20", "#bd0026"],
        6: ["#ffffb2", "#fed976", "#feb24c", "#fd8d3c", "#f03b20", "#bd0026"],
        7: ["#ffffb2", "#fed976", "#feb24c", "#fd8d3c", "#fc4e2a", "#e31a1c", "#b10026"],
    },
    "YlGnBu": {
        3: ["#edf8b1", "#7fcdbb", "#2c7fb8"],
        4: ["#ffffcc", "#a1dab4", "#41b6c4", "#225ea8"],
        5: ["#ffffcc", "#a1dab4", "#41b6c4", "#2c7fb8", "#253494"],
        6: ["#ffffcc", "#c7e9b4", "#7fcdbb", "#41b6c4", "#2c7fb8", "#253494"],
        7: ["#ffffcc", "#c7e9b4", "#7fcdbb", "#41b6c4", "#1d91c0", "#225ea8", "#0c2c84"],
    },
    "Purples": {
        3: ["#efedf5", "#bcbddc", "#756bb1"],
        4: ["#f2f0f7", "#cbc9e2", "#9e9ac8", "#6a51a3"],
        5: ["#f2f0f7", "#cbc9e2", "#9e9ac8", "#756bb1", "#54278f"],
        6: ["#f2f0f7", "#dadaeb", "#bcbddc", "#9e9ac8", "#756bb1", "#54278f"],
        7: ["#f2f0f7", "#dadaeb", "#bcbddc", "#9e9ac8", "#807dba", "#6a51a3", "#4a1486"],
    },
    "viridis": {
        3: ["#fde725", "#21918c", "#440154"],
        4: ["#fde725", "#35b779", "#31688e", "#440154"],
        5: ["#fde725", "#5ec962", "#21918c", "#3b528b", "#440154"],
        6: ["#fde725", "#7ad151", "#22a884", "#2a788e", "#414487", "#440154"],
        7: ["#fde725", "#8fd744", "#35b779", "#21918c", "#31688e", "#443983", "#440154"],
    },
}
# Diverging (change maps): brown–teal, colour-blind safe; the middle class is "no change".
DIVERGING = {
    5: ["#a6611a", "#dfc27d", "#f5f5f5", "#80cdc1", "#018571"],
    7: ["#8c510a", "#d8b365", "#f6e8c3", "#f5f5f5", "#c7eae5", "#5ab4ac", "#01665e"],
}
METHODS = {
    "quantile": "Kuantil",
    "equal_interval": "Interval sama",
    "jenks": "Natural breaks (Jenks)",
    "manual": "Batas manual",
    "spm": "Target SPM (100%)",
}
NO_DATA_COLOR = "#d9d9d9"
ZERO_COLOR = "#ffffff"
# SPM coverage classes: the standard is a WKSBM in every desa/kelurahan, so 100% is the only "met" class (blue);
# 0% and the four quarters below the target run from dark red to pale yellow (ColorBrewer RdYlBu, colour-blind safe).
SPM_INNER_BOUNDS = (25.0, 50.0, 75.0)
# The middle is split at the quartiles of the units only with at least this many units between 0% and 100% (two
# per class), and at multiples of this step (percent) so that every class is readable and at least a step wide.
SPM_MIN_UNITS_FOR_QUANTILES = 8
# Readable steps (whole percents) for the split of the SPM middle, coarsest first; SPM_STEP is the narrowest class.
SPM_STEPS = (5.0, 2.0)
SPM_STEP = SPM_STEPS[-1]
SPM_COLORS = ["#a50026", "#d73027", "#f46d43", "#fdae61", "#fee090", "#4575b4"]
# Units whose coverage can only be 0 or 100: a single desa/kelurahan.
BINARY_COVERAGE_LEVELS = ("desa_kelurahan",)


@dataclass(frozen=True)
class ClassBin:
    lower: float
    upper: float
    lower_inclusive: bool
    upper_inclusive: bool
    color: str
    label: str

    def contains(self, value: float) -> bool:
        above = value >= self.lower if self.lower_inclusive else value > self.lower
        below = value <= self.upper if self.upper_inclusive else value < self.upper
        return above and below


@dataclass
class Classification:
    method: str
    bins: list[ClassBin]
    counts: list[int] = field(default_factory=list)
    zero_count: int = 0
    no_data_count: int = 0
    zero_separate: bool = True
    lang: str = i18n.DEFAULT_LANGUAGE  # the language of the class labels and of "no data"

    def class_index(self, value: float | None) -> int | None:
        """Index into bins; None for no data; -1 for a zero shown as its own class."""
        if value is None or (isinstance(value, float) and math.isnan(value)):
            return None
        if self.zero_separate and value == 0:
            return -1
        for i, b in enumerate(self.bins):
            if b.contains(value):
                return i
        # Values outside fixed breaks (another year) go to the nearest end class.
        return 0 if value < self.bins[0].lower else len(self.bins) - 1

    def color(self, value: float | None) -> str:
        idx = self.class_index(value)
        if idx is None:
            return NO_DATA_COLOR
        if idx == -1:
            return ZERO_COLOR
        return self.bins[idx].color

    def legend(self) -> list[tuple[str, str, int]]:
        """(colour, label, count) rows, top to bottom: the classes, then zero (only when a unit is zero), then
        no data (always; the last row)."""
        # Without any non-zero value the only bin is classify's "0" placeholder: listing it beside the zero row
        # (or in a view with no data at all) would show an empty, repeated class.
        rows = [(b.color, b.label, n) for b, n in zip(self.bins, self.counts, strict=True)
                if n or not (b.lower == b.upper == 0)]
        if self.zero_separate and self.zero_count:
            rows.append((ZERO_COLOR, "0", self.zero_count))
        rows.append((NO_DATA_COLOR, self.no_data_label, self.no_data_count))
        return rows

    @property
    def no_data_label(self) -> str:
        return i18n.texts(self.lang).NO_DATA_CLASS

    @property
    def breaks(self) -> list[float]:
        return [b.upper for b in self.bins]


def _clean(values: Sequence[float | None]) -> np.ndarray:
    arr = np.array([np.nan if v is None else float(v) for v in values], dtype=float)
    return arr


def _palette(name: str, k: int) -> list[str]:
    scheme = PALETTES.get(name, PALETTES["YlOrRd"])
    k = min(max(k, 3), 7)
    return scheme[k]


def _label(lower: float, upper: float, decimals: int, unit: str, first: bool) -> str:
    lo, hi = format_number(lower, decimals), format_number(upper, decimals)
    if lo == hi:
        return f"{lo}{unit}"
    return f"{lo}{unit} – {hi}{unit}" if first else f">{lo}{unit} – {hi}{unit}"


def _whole_label(lower: float, upper: float, unit: str, first: bool) -> str:
    """Class label of whole numbers: the class above 10 starts at 11."""
    lo = lower if first else lower + 1
    if lo >= upper:
        return f"{format_number(upper)}{unit}"
    return f"{format_number(lo)}{unit} – {format_number(upper)}{unit}"


def spm_inner_bounds(values: np.ndarray) -> list[float]:
    """Bounds that split the coverage between 0% and 100% (the one rule, used by the dashboard, the forum screen and
    the export):

    - the quarters (25, 50, 75) when they already separate the units (no quarter holds more than half of them),
      and whenever there are too few units between 0% and 100% for quantiles to mean anything
      (fewer than `SPM_MIN_UNITS_FOR_QUANTILES`): Daerah Istimewa Yogyakarta's 5 kab/kota would otherwise get
      classes one percent wide;
    - otherwise the quartiles of the values rounded to readable steps of 5% — or 2% where 5% steps would merge
      two of them (the national demo has 21 of 38 provinces between 55% and 60%) — so that no class is narrower
      than `SPM_STEP`; when even the finest step merges them all (a very narrow spread) the quarters are used.
    """
    middle = values[(values > 0) & (values < 100)]
    if middle.size < SPM_MIN_UNITS_FOR_QUANTILES:
        return list(SPM_INNER_BOUNDS)
    quarters = np.histogram(middle, bins=[0, *SPM_INNER_BOUNDS, 100])[0]
    if quarters.max() <= middle.size / 2:
        return list(SPM_INNER_BOUNDS)
    raw = np.quantile(middle, [0.25, 0.5, 0.75])
    candidates = [sorted({float(step * round(b / step)) for b in raw} - {0.0, 100.0}) for step in SPM_STEPS]
    for bounds in candidates:  # the coarsest step that keeps the three quartiles apart
        if len(bounds) == 3:
            return bounds
    return next((bounds for bounds in candidates if len(bounds) == 2), list(SPM_INNER_BOUNDS))


def spm_bins(tingkat: str | None = None, values: np.ndarray | None = None, *,
             lang: str = i18n.DEFAULT_LANGUAGE) -> list[ClassBin]:
    """The SPM coverage classes at a level: 0%, the classes below 100% (see `spm_inner_bounds`), 100%; only 0%
    and 100% for a desa. The names of 0% and 100% are in `lang`."""
    T = i18n.texts(lang)
    zero = ClassBin(-math.inf, 0, True, True, SPM_COLORS[0], T.SPM_ZERO_CLASS)
    met = ClassBin(100, math.inf, True, True, SPM_COLORS[-1], T.SPM_MET_CLASS)
    if tingkat in BINARY_COVERAGE_LEVELS:
        return [zero, met]
    inner_bounds = spm_inner_bounds(np.asarray([] if values is None else values, dtype=float))
    bounds = (0.0, *inner_bounds, 100.0)
    middle_colors = SPM_COLORS[1:-1]
    picks = np.linspace(0, len(middle_colors) - 1, num=len(bounds) - 1).round().astype(int)
    inner = []
    for i, (lo, hi) in enumerate(zip(bounds[:-1], bounds[1:], strict=True)):
        lo_txt, hi_txt = format_number(lo), format_number(hi)  # whole percents: steps of SPM_STEP
        label = f">0% – <{hi_txt}%" if lo == 0 else f"{lo_txt}% – <{hi_txt}%"
        inner.append(ClassBin(lo, hi, lo != 0, False, middle_colors[picks[i]], label))
    return [zero, *inner, met]


def _decimals_for(values: np.ndarray) -> int:
    if values.size == 0:
        return 0
    if np.all(np.isclose(values, np.round(values))):
        return 0
    span = float(np.nanmax(values) - np.nanmin(values))
    return 1 if span >= 10 else 2


def compute_breaks(positive: np.ndarray, method: str, k: int) -> list[float]:
    """Upper class bounds for the positive values (the last equals the maximum)."""
    import mapclassify

    unique = np.unique(positive)
    if unique.size <= k:
        return [float(u) for u in unique]
    if method == "equal_interval":
        bins = mapclassify.EqualInterval(positive, k=k).bins
    elif method == "jenks":
        bins = mapclassify.FisherJenks(positive, k=k).bins
    else:
        bins = mapclassify.Quantiles(positive, k=k).bins
    return sorted({float(b) for b in bins})


def parse_breaks(text: str) -> tuple[list[float], list[str]]:
    """Manual class bounds typed by a person → (sorted unique finite numbers, the pieces that are not numbers).

    One rule for the command line (`--breaks`) and the URL (`batas=`): a list separated by commas (`10,25,50`,
    the URL form), or by semicolons/spaces, in which case a comma may be the Indonesian decimal mark (`12,5;25`)."""
    text = (text or "").strip()
    if ";" in text:
        pieces = [p.strip().replace(",", ".") for p in re.split(r"[;\s]+", text)]
    else:
        pieces = [p.strip() for p in re.split(r"[,\s]+", text)]
    values, rejected = [], []
    for piece in (p for p in pieces if p):
        try:
            value = float(piece)
        except ValueError:
            rejected.append(piece)
            continue
        if math.isfinite(value):
            values.append(value)
        else:
            rejected.append(piece)
    return sorted(set(values)), rejected


def classify(
    values: Sequence[float | None],
    method: str = "quantile",
    k: int = 5,
    palette: str = "YlOrRd",
    manual_breaks: Sequence[float] | None = None,
    unit: str = "",
    decimals: int | None = None,
    tingkat: str | None = None,
    lang: str = i18n.DEFAULT_LANGUAGE,
) -> Classification:
    """Classify values for a choropleth.

    `manual_breaks` are upper bounds (the last class is open-ended up to the maximum); pass the same breaks for
    every year to keep classes fixed across years. `method="spm"` is the WKSBM-coverage scale in percent.
    `tingkat` is the level of the units on the map (the SPM scale of desa/kelurahan has only 0% and 100%);
    `lang` the language of the class names.
    """
    arr = _clean(values)
    present = arr[~np.isnan(arr)]
    no_data = int(np.isnan(arr).sum())
    if method == "spm":
        result = Classification("spm", spm_bins(tingkat, present, lang=lang), zero_separate=False,
                                no_data_count=no_data, lang=lang)
        result.counts = [int(sum(b.contains(v) for v in present)) for b in result.bins]
        return result

    decimals = _decimals_for(present) if decimals is None else decimals
    positive = present[present != 0]
    zero_count = int((present == 0).sum())
    if method == "manual" and manual_breaks:
        uppers = sorted(float(b) for b in manual_breaks)
        if positive.size and positive.max() > uppers[-1]:
            uppers.append(float(positive.max()))
    elif positive.size == 0:
        uppers = []
    else:
        uppers = compute_breaks(positive, method, k)
    whole = decimals == 0 and bool(np.all(present == np.round(present)))
    if whole and uppers and method != "manual":
        # Whole numbers: v ≤ 10.4 is v ≤ 10, so flooring the bounds keeps every unit in its class and the
        # labels say exactly what is in it.
        uppers = sorted({float(math.floor(u)) for u in uppers if math.floor(u) >= positive.min()})
    whole = whole and all(float(u).is_integer() for u in uppers)
    colors = _palette(palette, max(len(uppers), 3))
    # Fewer classes than colours: spread them over the scheme so that contrast stays high.
    picks = np.linspace(0, len(colors) - 1, num=max(len(uppers), 1)).round().astype(int)
    low = float(positive.min()) if positive.size else 0.0
    if method == "manual" and manual_breaks:
        low = min(low, 0.0)
    bins: list[ClassBin] = []
    lower = low
    for i, upper in enumerate(uppers):
        first = i == 0
        text = _whole_label(lower, upper, unit, first) if whole else _label(lower, upper, decimals, unit, first)
        bins.append(ClassBin(lower, upper, first, True, colors[picks[i]], text))
        lower = upper
    if not bins:
        bins = [ClassBin(0, 0, True, True, colors[0], "0")]
    result = Classification(method, bins, zero_count=zero_count, no_data_count=no_data, lang=lang)
    result.counts = [0] * len(bins)
    for v in positive:
        idx = result.class_index(float(v))
        if idx is not None and idx >= 0:
            result.counts[idx] += 1
    return result


def recount(classification: Classification, values: Sequence[float | None]) -> Classification:
    """A copy of a given classification with its counts redone for these values (same bins and colours)."""
    import copy

    result = copy.deepcopy(classification)
    result.counts = [0] * len(result.bins)
    result.zero_count = result.no_data_count = 0
    for v in values:
        idx = result.class_index(v)
        if idx is None:
            result.no_data_count += 1
        elif idx == -1:
            result.zero_count += 1
        else:
            result.counts[idx] += 1
    return result


def classify_change(values: Sequence[float | None], unit: str = "", decimals: int | None = None) -> Classification:
    """Diverging classes for a change between two years: large/small decrease, no change, small/large increase.

    The split between small and large is the median absolute non-zero change, so that both halves hold data;
    colours are the colour-blind-safe brown–teal DIVERGING scheme with "no change" in the middle.
    """
    arr = _clean(values)
    present = arr[~np.isnan(arr)]
    nonzero = np.abs(present[present != 0])
    t = float(np.median(nonzero)) if nonzero.size else 1.0
    decimals = _decimals_for(present) if decimals is None else decimals
    c = DIVERGING[5]
    lo, hi = format_number(-t, decimals), format_number(t, decimals)
    bins = [
        ClassBin(-math.inf, -t, True, False, c[0], f"< {lo}{unit} (turun)"),
        ClassBin(-t, 0, True, False, c[1], f"{lo}{unit} – <0 (turun)"),
        ClassBin(0, 0, True, True, c[2], f"0{unit} (tetap)"),
        ClassBin(0, t, False, True, c[3], f">0 – {hi}{unit} (naik)"),
        ClassBin(t, math.inf, False, True, c[4], f"> {hi}{unit} (naik)"),
    ]
    result = Classification("change", bins, zero_separate=False, no_data_count=int(np.isnan(arr).sum()))
    result.counts = [int(sum(b.contains(float(v)) for v in present)) for b in bins]
    return result

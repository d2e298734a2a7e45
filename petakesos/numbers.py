"""The one definition of number formatting: Indonesian format `1.234,5` (dot for thousands, comma for decimals),
in text (tables, labels, tooltips), in plotly charts (`PLOTLY_SEPARATORS`, `PLOTLY_TICKFORMAT`) and in CSV files
for Excel set to Indonesian (`CSV_SEPARATOR`, `CSV_DECIMAL`).

Numbers keep the Indonesian format in the English interface too: the figures are Indonesian official statistics
and a press release quotes them as such; only the words change with the language.
"""

from __future__ import annotations

from numbers import Real

# Units whose values are counts of things: shown without decimals and without the unit after the number.
COUNT_UNITS = frozenset({"desa", "jiwa", "unit", "orang", "keluarga", "wilayah"})
# plotly: `separators` is "<decimal><thousands>"; ",~f" writes full numbers with thousands separators and no
# trailing zeros (not SI prefixes such as 0.5M or 105k, which Indonesian readers do not use).
PLOTLY_SEPARATORS = ",."
PLOTLY_TICKFORMAT = ",~f"
# Excel with Indonesian regional settings reads `;` as the list separator and `,` as the decimal mark.
CSV_SEPARATOR = ";"
CSV_DECIMAL = ","


def _missing(value: object) -> bool:
    """None, NaN and pandas' NA (whose comparison is neither true nor false)."""
    if value is None:
        return True
    try:
        return bool(value != value)  # only NaN differs from itself
    except TypeError:
        return True


def format_number(value: float | int | None, decimals: int = 0, missing: str = "–") -> str:
    if _missing(value):
        return missing
    text = f"{value:,.{decimals}f}"
    return text.replace(",", "\x00").replace(".", ",").replace("\x00", ".")


def format_percent(value: float | None, decimals: int = 1) -> str:
    return format_number(value, decimals) + "%" if not _missing(value) else "–"


def format_signed(value: float, decimals: int = 0, unit: str = "") -> str:
    """A change: `+1.234`, `-2,5 poin`, `0`."""
    sign = "+" if value > 0 else ""
    return f"{sign}{format_number(value, decimals)}{(' ' + unit) if unit else ''}"


def decimals_for(value: float, satuan: str = "") -> int:
    """Decimals to show for one value of an indicator with unit `satuan`: one for percentages, none for whole
    numbers and counts, otherwise one from 10 up and two below."""
    if satuan == "%":
        return 1
    if float(value).is_integer() or satuan in COUNT_UNITS:
        return 0
    return 1 if abs(value) >= 10 else 2


def round_value(value: float | None, satuan: str = "") -> float | None:
    """The value rounded as it is shown (tables and CSV hold what the page shows: 68,9 rather than 68,95)."""
    if _missing(value):
        return None
    return round(float(value), decimals_for(float(value), satuan))  # type: ignore[arg-type]


def format_value(value: float | None, satuan: str = "", missing: str = "tidak ada data",
                 unit_label: str | None = None, decimals: int | None = None) -> str:
    """An indicator value as text with its unit where the unit is not obvious (`56,8%`, `12,34 per 1.000
    penduduk`, `95.664`); `unit_label` is the unit as written in the interface language; `decimals` the
    indicator's own (petakesos.indicators definitions) when known, else the rule of `decimals_for`."""
    if _missing(value):
        return missing
    if satuan == "%":
        return format_percent(value, 1 if decimals is None else decimals)
    if decimals is None:
        decimals = decimals_for(float(value), satuan)  # type: ignore[arg-type]
    text = format_number(value, decimals)
    return f"{text} {unit_label or satuan}".strip() if satuan and satuan not in COUNT_UNITS else text


def format_cell(value: object, satuan: str = "") -> str:
    """A table cell: numbers formatted for their unit without repeating the unit (the column header says it),
    text unchanged, missing empty."""
    if _missing(value):
        return ""
    if isinstance(value, bool) or not isinstance(value, Real):
        return str(value)
    if satuan == "%":
        return format_number(value, 1)
    return format_number(value, decimals_for(float(value), satuan))

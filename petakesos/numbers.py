"""Indonesian number format: `1.234,5` (dot for thousands, comma for decimals)."""

from __future__ import annotations

import math


def format_number(value: float | int | None, decimals: int = 0, missing: str = "–") -> str:
    if value is None or (isinstance(value, float) and math.isnan(value)):
        return missing
    text = f"{value:,.{decimals}f}"
    return text.replace(",", "\x00").replace(".", ",").replace("\x00", ".")


def format_percent(value: float | None, decimals: int = 1) -> str:
    return (
        format_number(value, decimals) + "%"
        if value is not None and not (isinstance(value, float) and math.isnan(value))
        else "–"
    )

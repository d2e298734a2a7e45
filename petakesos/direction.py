"""The one definition of each indicator's direction: whether a higher value is worse (PMKS: more people with
social-welfare problems; desa without a WKSBM: a larger SPM gap; poor population and poverty rate), better
(coverage, WKSBM, PSKS resources, reporting) or neither (neutral: the number of desa, an imported figure whose
direction nobody declared).

Imported indicators declare it with `--arah naik-baik|turun-baik` or the `arah` column of a definitions file
(stored in `indikator_umum.arah`); `indikator_definisi.arah` holds the resolved direction of every indicator. The
KPI cards colour their change by it (a fall in poverty is good news), the Tren page and the change map colour a
worsening brown and an improvement teal, and a neutral change takes colours that say neither.
"""

from __future__ import annotations

import re

from petakesos._errors import IndicatorDefinitionError

UP_WORSE = "naik-buruk"  # a rise is bad news (written `turun-baik` on the command line: a fall is good)
UP_BETTER = "naik-baik"
NEUTRAL = "netral"
DIRECTIONS = (UP_WORSE, UP_BETTER, NEUTRAL)
# How users may write it (command line, definitions file).
_WRITTEN = {"naik-baik": UP_BETTER, "naik_baik": UP_BETTER, "turun-buruk": UP_BETTER,
            "turun-baik": UP_WORSE, "turun_baik": UP_WORSE, "naik-buruk": UP_WORSE, "naik_buruk": UP_WORSE,
            "netral": NEUTRAL, "": NEUTRAL}

# Base indicators by id and prefix.
_WORSE_IDS = frozenset({"desa_tanpa_wksbm"})
_BETTER_IDS = frozenset({"desa_dengan_wksbm", "cakupan_wksbm_pct", "pelaporan_anak", "pelaporan_pct"})
_NEUTRAL_IDS = frozenset({"desa_total"})
_WORSE_PREFIXES = ("pmks",)           # pmks_total, pmks_per_1000, pmks:<category>
_BETTER_PREFIXES = ("psks:", "wksbm_")
# Imported figures about poverty: the poor population (people, households, families), the poverty rate and the
# BPS poverty depth/severity indices. A ratio *per* poor person (PKH families per 100 poor) is not one of them.
_POVERTY = re.compile(r"^(jumlah_|persentase_|persen_|tingkat_|pct_)?(penduduk|rumah_tangga|rt|keluarga|orang)_miskin"
                      r"(_pct|_persen)?$|^(persentase_|tingkat_)?kemiskinan$|^indeks_(kedalaman|keparahan)_kemiskinan")


def parse(text: str | None) -> str | None:
    """A direction as written by a user (`naik-baik`, `turun-baik`, `netral`) → one of DIRECTIONS; None when not
    given."""
    if text is None:
        return None
    key = str(text).strip().lower().replace(" ", "-")
    if key not in _WRITTEN:
        raise IndicatorDefinitionError(
            f"arah {text!r} tidak dikenal: tulis naik-baik (kenaikan berarti membaik), turun-baik (penurunan "
            "berarti membaik) atau netral"
        )
    return _WRITTEN[key]


def direction_of(indikator: str, declared: str | None = None) -> str:
    """The direction of one indicator: the declared one when given, else the rule for its id."""
    if declared in DIRECTIONS:
        return declared  # type: ignore[return-value]
    if indikator in _WORSE_IDS or indikator.startswith(_WORSE_PREFIXES) or _POVERTY.search(indikator):
        return UP_WORSE
    if indikator in _BETTER_IDS or indikator.startswith(_BETTER_PREFIXES):
        return UP_BETTER
    return NEUTRAL


def higher_is_worse(indikator: str, declared: str | None = None) -> bool:
    return direction_of(indikator, declared) == UP_WORSE


def delta_color(indikator: str, declared: str | None = None) -> str:
    """Streamlit's metric delta colour: `inverse` where a fall is good news, `off` where neither way is."""
    return {UP_WORSE: "inverse", UP_BETTER: "normal", NEUTRAL: "off"}[direction_of(indikator, declared)]


# Change colours (colour-blind safe): brown = worse, teal = better; a neutral change in orange–purple, which
# says "decrease/increase" without judging it.
WORSE_COLOUR, BETTER_COLOUR = "#a6611a", "#018571"
NEUTRAL_DOWN, NEUTRAL_UP = "#e66101", "#5e3c99"
NEUTRAL_DIVERGING = ("#e66101", "#fdb863", "#f7f7f7", "#b2abd2", "#5e3c99")

"""What the map says when the URL asks for something it cannot show as asked.

- An unknown indicator or year in the URL: the view falls back (default indicator, latest year) and says which
  was used instead, rather than switching silently.
- An indicator without values at the level in view (`pmks_per_1000` exists for kab/kota and provinces only, as
  population is published per kab/kota): instead of an all-grey map the page says so and offers the nearest
  useful view — the nearest region up whose children have values, or another indicator at this level.
"""

from __future__ import annotations

from dataclasses import dataclass, replace

import pandas as pd

from petakesos import codes as kode_util
from petakesos import i18n


@dataclass(frozen=True)
class Suggestion:
    """A view the page can offer with one click: its label and the state to open."""

    label: str
    state: object  # views.ViewState (not imported: views imports this module)


def checked_indicator_and_year(state, defs: pd.DataFrame, years: list[int], default_indicator: str):
    """(state, notes): the URL's indicator and year when they exist, otherwise what is used instead and why."""
    T = i18n.texts(state.bahasa)
    notes: list[str] = []
    known = set(defs["indikator"]) if not defs.empty else set()
    if known and state.indikator not in known:
        used = default_indicator if default_indicator in known else sorted(known)[0]
        name = defs.loc[defs["indikator"] == used, "nama"].iloc[0]
        notes.append(T("UNKNOWN_INDICATOR", asked=state.indikator, used=name))
        state = replace(state, indikator=used)
    if years and state.tahun is not None and state.tahun not in years:
        used_year = max(years)
        notes.append(T("UNKNOWN_YEAR", asked=state.tahun, used=used_year,
                                 first=min(years), last=max(years)))  # fmt: skip
        state = replace(state, tahun=used_year)
    return state, notes


def _has_values(frame: pd.DataFrame) -> bool:
    return not frame.empty and pd.to_numeric(frame["nilai"], errors="coerce").notna().any()


def _level_word(T: i18n.Texts, tingkat: str | None) -> str:
    """'kabupaten/kota', 'desa/kelurahan' … in the interface language (lower case: used inside a sentence)."""
    return T.get(f"TINGKAT.{tingkat}", T.REGION_WORD).lower() if tingkat else T.REGION_WORD.lower()


def nearest_views(store, src, state, map_region, tahun: int, indicator_name: str, defs: pd.DataFrame,
                  default_indicator: str) -> tuple[str, list[Suggestion]]:  # fmt: skip
    """The message for a level without values of the indicator, and the views to offer instead: the nearest
    region up whose children have values, then the default indicator at this level."""
    T = i18n.texts(state.bahasa)
    level = _level_word(T, kode_util.child_tingkat(map_region.tingkat))
    message = T("NO_VALUES_AT_LEVEL", indikator=indicator_name, tingkat=level, wilayah=map_region.nama)
    offers: list[Suggestion] = []
    for up in reversed(store.ancestors(map_region.kode)[:-1]):
        if _has_values(src.indicator_values(store, up.kode, tahun, state.indikator)):
            up_level = _level_word(T, kode_util.child_tingkat(up.tingkat))
            offers.append(Suggestion(T("OFFER_LEVEL_UP", indikator=indicator_name, tingkat=up_level,
                                       wilayah=up.nama), state.go(up.kode)))  # fmt: skip
            break
    if state.indikator != default_indicator and _has_values(
        src.indicator_values(store, map_region.kode, tahun, default_indicator)
    ):
        names = dict(zip(defs["indikator"], defs["nama"], strict=False)) if not defs.empty else {}
        offers.append(Suggestion(T("OFFER_OTHER_INDICATOR", indikator=names.get(default_indicator, default_indicator),
                                                                 wilayah=map_region.nama),
                                 replace(state, indikator=default_indicator)))  # fmt: skip
    return message, offers



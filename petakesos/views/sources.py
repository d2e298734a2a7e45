"""Where the view model gets its numbers: the indicator contract (petakesos.indicators), its public variant for
presentation screens (small sensitive values hidden) and `NoIndicators` for a store without welfare data."""

from __future__ import annotations

from typing import Any, Protocol

import pandas as pd

from petakesos.store import Store


class IndicatorSource(Protocol):
    """The library side of the indicator contract (petakesos.indicators)."""

    def indicator_values(self, store: Store, parent_kode: str, tahun: int, indikator: str) -> pd.DataFrame: ...
    def region_values(self, store: Store, kode: str, tahun: int) -> dict[str, float | None]: ...
    def available_years(self, store: Store) -> list[int]: ...
    def definitions(self, store: Store) -> pd.DataFrame: ...
    def series(self, store: Store, kode: str, indikator: str) -> pd.DataFrame: ...
    def is_demo(self, store: Store) -> bool: ...
    def desa_tanpa_wksbm(self, store: Store, kode: str, tahun: int) -> pd.DataFrame: ...


DEFINITION_COLUMNS = ["indikator", "nama", "kelompok", "satuan", "definisi", "urutan", "sensitif"]


class NoIndicators:
    """Answers of a store without welfare data: no indicators, no years, every value missing."""

    def indicator_values(self, store: Store, parent_kode: str, tahun: int, indikator: str) -> pd.DataFrame:
        return pd.DataFrame({"kode": pd.Series(dtype=str), "nilai": pd.Series(dtype=float)})

    def region_values(self, store: Store, kode: str, tahun: int) -> dict[str, float | None]:
        return {}

    def available_years(self, store: Store) -> list[int]:
        return []

    def definitions(self, store: Store) -> pd.DataFrame:
        return pd.DataFrame(columns=DEFINITION_COLUMNS)

    def series(self, store: Store, kode: str, indikator: str) -> pd.DataFrame:
        return pd.DataFrame({"tahun": pd.Series(dtype=int), "nilai": pd.Series(dtype=float)})

    def is_demo(self, store: Store) -> bool:
        return False

    def desa_tanpa_wksbm(self, store: Store, kode: str, tahun: int) -> pd.DataFrame:
        return pd.DataFrame(columns=["kode", "nama", "kecamatan"])


def indicator_source(store: Store, public: bool = False) -> IndicatorSource:
    """The indicators of the store (petakesos.indicators). `public=True` gives the values a public screen may show (small sensitive counts suppressed)."""
    from petakesos import indicators  # answers with empty results on a store without welfare tables

    return PublicIndicators(indicators) if public else indicators  # type: ignore[return-value]


class PublicIndicators:
    """Indicator values as public outputs show them (presentation mode): sensitive values 1..k-1 and the cells
    that would reveal them are hidden (petakesos.privacy); hidden cells have `nilai` NaN and a `tampil` text."""

    def __init__(self, inner: IndicatorSource, k: int | None = None) -> None:
        self.inner = inner
        self.k = k
        self._cache: dict = {}

    def indicator_values(self, store: Store, parent_kode: str, tahun: int, indikator: str) -> pd.DataFrame:
        from petakesos import privacy

        return privacy.public_indicator_values(store, parent_kode, tahun, indikator, k=self.k, cache=self._cache)

    def region_values(self, store: Store, kode: str, tahun: int) -> dict[str, float | None]:
        from petakesos import privacy

        rows = privacy.public_region_values(store, kode, tahun, k=self.k, cache=self._cache)
        return {r.indikator: (None if pd.isna(r.nilai) else float(r.nilai)) for r in rows.itertuples(index=False)}

    def __getattr__(self, name: str) -> Any:  # years, definitions, series, … are not suppressed
        return getattr(self.inner, name)

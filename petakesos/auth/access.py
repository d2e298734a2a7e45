"""What a person sees: the indicator source for their role and region, and whether their exports are public.

Every page asks `source_for(store, who)` instead of choosing exact or public values itself. Public values come from
`public_source` (`views.indicator_source(store, public=True)`, with series answered publicly too and every other
value-returning method refused; petakesos.privacy decides what public means); exact values from
`views.indicator_source(store)`. An analyst's request is answered exactly when the region asked about (the parent
of a map, the region of a card or a trend) lies within their scope, and publicly otherwise: a province view seen by
a kab/kota analyst stays wholly public, because mixing one exact child into suppressed siblings would let the
hidden cells be computed back from the totals.
"""

from __future__ import annotations

import threading
from collections import OrderedDict
from pathlib import Path
from typing import Any

import pandas as pd

from petakesos import views
from petakesos.auth import roles
from petakesos.auth.roles import Principal
from petakesos.store import Store


class PublicSource:
    """The public values for every question a page may ask, and nothing else (fail-closed).

    `views.PublicIndicators` suppresses maps and region cards but hands every other method (a region's series over
    the years among them) to the exact source. Here every method that returns values is answered publicly: a
    series is the region's public value of each year (so a trend line never shows what a card or map of that year
    hides), and a method not listed below raises instead of silently answering with exact values.
    """

    # Methods that return no indicator values of a region (answered as the public source answers them).
    VALUE_FREE = frozenset({"available_years", "definitions", "is_demo", "sources", "k"})

    def __init__(self, public: views.IndicatorSource) -> None:
        self.public = public

    def indicator_values(self, store: Store, parent_kode: str, tahun: int, indikator: str) -> pd.DataFrame:
        return self.public.indicator_values(store, parent_kode, tahun, indikator)

    def region_values(self, store: Store, kode: str, tahun: int) -> dict[str, float | None]:
        return self.public.region_values(store, kode, tahun)

    def desa_tanpa_wksbm(self, store: Store, kode: str, tahun: int) -> pd.DataFrame:
        # Names of desa without a WKSBM: coverage of a service, not a count of people (never sensitive).
        return self.public.desa_tanpa_wksbm(store, kode, tahun)

    def series(self, store: Store, kode: str, indikator: str) -> pd.DataFrame:
        exact = self.public.series(store, kode, indikator)  # only its years are used
        key = (str(store.db_path), _file_version(store), kode, indikator, getattr(self.public, "k", None))
        with _SERIES_LOCK:
            known = _SERIES_MEMO.get(key)
        if known is None:
            values = [self.public.region_values(store, kode, int(tahun)).get(indikator) for tahun in exact["tahun"]]
            known = pd.DataFrame({"tahun": exact["tahun"].to_numpy(), "nilai": pd.Series(values, dtype="float64")})
            # A year with a value that the public may not see (not a year without data): the page says why.
            known["tersembunyi"] = exact["nilai"].notna().to_numpy() & known["nilai"].isna().to_numpy()
            with _SERIES_LOCK:
                _SERIES_MEMO[key] = known
                while len(_SERIES_MEMO) > _SERIES_MEMO_SIZE:
                    _SERIES_MEMO.popitem(last=False)
        return known.copy()

    def __getattr__(self, name: str) -> Any:
        if name in PublicSource.VALUE_FREE:
            return getattr(self.public, name)
        raise AttributeError(f"PublicSource.{name}: not declared public; add a public answer for it in "
                             "petakesos/auth/access.py before a page uses it")


# Public series cost one suppressed view per year; they are kept per store file version (an import swaps the file).
_SERIES_MEMO: OrderedDict = OrderedDict()
_SERIES_MEMO_SIZE = 512
_SERIES_LOCK = threading.Lock()


def _file_version(store: Store) -> tuple[int, int]:
    stat = Path(store.db_path).stat()
    return (stat.st_ino, stat.st_mtime_ns)


def public_source(store: Store) -> PublicSource:
    """The values the public may see (also the presentation mode's source)."""
    return PublicSource(views.indicator_source(store, public=True))


class ScopedIndicators:
    """Exact values for regions within `scope`, public values elsewhere (same interface as views.IndicatorSource)."""

    def __init__(self, exact: views.IndicatorSource, public: views.IndicatorSource, scope: str) -> None:
        self.exact = exact
        self.public = public
        self.scope = scope

    def _for(self, kode: str) -> views.IndicatorSource:
        return self.exact if roles.in_scope(self.scope, kode) else self.public

    def indicator_values(self, store: Store, parent_kode: str, tahun: int, indikator: str) -> pd.DataFrame:
        return self._for(parent_kode).indicator_values(store, parent_kode, tahun, indikator)

    def region_values(self, store: Store, kode: str, tahun: int) -> dict[str, float | None]:
        return self._for(kode).region_values(store, kode, tahun)

    def series(self, store: Store, kode: str, indikator: str) -> pd.DataFrame:
        return self._for(kode).series(store, kode, indikator)

    def desa_tanpa_wksbm(self, store: Store, kode: str, tahun: int) -> pd.DataFrame:
        return self._for(kode).desa_tanpa_wksbm(store, kode, tahun)

    def __getattr__(self, name: str) -> Any:  # years, definitions, is_demo, k: as the public source answers
        return getattr(self.public, name)


def source_for(store: Store, who: Principal) -> views.IndicatorSource:
    """The indicator values `who` may see: public for the public, exact for admins, scoped for analysts/operators."""
    if who.peran == roles.ADMIN or (who.peran in (roles.ANALIS, roles.OPERATOR) and who.wilayah == ""):
        return views.indicator_source(store)
    if who.peran in (roles.ANALIS, roles.OPERATOR):
        return ScopedIndicators(views.indicator_source(store), public_source(store), who.wilayah)
    return public_source(store)


def public_export(who: Principal, kode: str) -> bool:
    """Whether exports of region `kode` made by `who` are the public version (else the marked analyst version)."""
    return not roles.sees_exact(who, kode)


def export_name(who: Principal, kode: str, name: str) -> str:
    """A file name marked `ANALIS_` when the file holds exact values (so it is not mistaken for a public file)."""
    return name if public_export(who, kode) else f"ANALIS_{name}"

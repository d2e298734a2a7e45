"""What a person sees: the indicator source for their role and region, and whether their exports are public.

Every page asks `source_for(store, who)` instead of choosing exact or public values itself. Public values come from
`views.indicator_source(store, public=True)` (petakesos.privacy decides what public means); exact values from
`views.indicator_source(store)`. An analyst's request is answered exactly when the region asked about (the parent
of a map, the region of a card or a trend) lies within their scope, and publicly otherwise: a province view seen by
a kab/kota analyst stays wholly public, because mixing one exact child into suppressed siblings would let the
hidden cells be computed back from the totals.
"""

from __future__ import annotations

from typing import Any

import pandas as pd

from petakesos import views
from petakesos.auth import roles
from petakesos.auth.roles import Principal
from petakesos.store import Store


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
        return ScopedIndicators(views.indicator_source(store), views.indicator_source(store, public=True), who.wilayah)
    return views.indicator_source(store, public=True)


def public_export(who: Principal, kode: str) -> bool:
    """Whether exports of region `kode` made by `who` are the public version (else the marked analyst version)."""
    return not roles.sees_exact(who, kode)


def export_name(who: Principal, kode: str, name: str) -> str:
    """A file name marked `ANALIS_` when the file holds exact values (so it is not mistaken for a public file)."""
    return name if public_export(who, kode) else f"ANALIS_{name}"

"""URL state of the dashboard: the whole view lives in the query string.

`?wilayah=33.71&indikator=cakupan_wksbm_pct&tahun=2024&metode=kuantil&kelas=5` — a link opens the same view and
the browser's Back goes to the previous one. `ViewState.from_query` reads and validates it (a bad value falls
back to the default rather than failing), `ViewState.to_query` writes it back with the defaults left out.
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from dataclasses import dataclass, field, replace
from typing import Any

from petakesos import codes as kode_util
from petakesos.classify import PALETTES, parse_breaks
from petakesos.i18n import DEFAULT_LANGUAGE, language, texts
from petakesos.store import Store

DEFAULT_INDICATOR = "cakupan_wksbm_pct"
COVERAGE = "cakupan_wksbm_pct"
DEFAULT_PALETTE = "YlOrRd"
DEFAULT_K = 5
# URL values of the classification methods (short Indonesian words) ↔ petakesos.classify method ids.
METHOD_URL = {"otomatis": "auto", "kuantil": "quantile", "interval": "equal_interval", "jenks": "jenks",
              "manual": "manual", "spm": "spm"}
URL_METHOD = {v: k for k, v in METHOD_URL.items()}
DEFAULT_SLIDE_SECONDS = 20


_INDICATOR_ID = re.compile(r"[a-z0-9_]{1,60}(:[A-Za-z0-9_.\-]{1,40})?")


def _whole_number(text: str | None, low: int, high: int, clamp: bool = False) -> int | None:
    """ASCII digits only (`²`, `٣` and `1e3` are not numbers here) within low..high (or clamped into it)."""
    if not text or not text.isascii() or not text.isdigit() or len(text) > 9:
        return None
    value = int(text)
    if clamp:
        return min(max(value, low), high)
    return value if low <= value <= high else None


def _first(params: Mapping[str, Any], key: str) -> str | None:
    value = params.get(key)
    if isinstance(value, list | tuple):
        value = value[-1] if value else None
    if value is None:
        return None
    text = str(value).strip()
    return text or None


@dataclass(frozen=True)
class ViewState:
    wilayah: str = ""
    indikator: str = DEFAULT_INDICATOR
    tahun: int | None = None
    metode: str = "auto"  # petakesos.classify method id, or "auto" (SPM for coverage, quantile otherwise)
    kelas: int = DEFAULT_K
    palet: str = DEFAULT_PALETTE
    batas: tuple[float, ...] = ()  # manual breaks (upper bounds)
    tetap: bool = False  # fixed breaks: the same classes for every year
    # Presentation mode for a forum screen (?tampilan=layar): public values, large type, no chrome.
    tampilan: str = ""
    putar: str = ""  # slideshow of regions: "anak" (each child of `wilayah`) or comma-separated codes
    putar_indikator: tuple[str, ...] = ()  # slideshow of indicators
    detik: int = DEFAULT_SLIDE_SECONDS
    bahasa: str = DEFAULT_LANGUAGE  # interface language: "id" (default) or "en" (`?bahasa=en`)
    # Tren page: the two years compared (`?dari=2023&ke=2025`); None = the two latest years.
    dari: int | None = None
    ke: int | None = None
    # URL values that could not be used, each with what was used instead (not part of the view's identity)
    ignored: tuple[str, ...] = field(default=(), compare=False, repr=False)
    # A region code in the URL that is not a code (`?wilayah=33.7`): `wilayah` is then the nearest code its digits
    # allow, and the view names the region it shows instead (`views.build_view`).
    wilayah_asked: str = field(default="", compare=False, repr=False)

    @property
    def presentation(self) -> bool:
        return self.tampilan == "layar"

    @classmethod
    def from_query(cls, params: Mapping[str, Any], home: str = "") -> ViewState:
        """The view of a URL. Every parameter is read defensively: a value that cannot be used (`?tahun=²`,
        `?kelas=abc`, a code that is not a code, …) is replaced by its default, and `ignored` says which value
        was replaced by what, for the page to show."""
        ignored: list[str] = []
        bahasa_text = _first(params, "bahasa")
        bahasa = language(bahasa_text)
        T = texts(bahasa)  # noqa: N806

        def fallback(key: str, raw: str, used: str) -> None:
            ignored.append(f"{key}={raw[:40]!r} → {used}")

        wilayah = _first(params, "wilayah")
        kode = home
        wilayah_asked = ""
        if wilayah is not None:
            if wilayah.lower() in {"indonesia", "id", "0"}:
                kode = ""
            elif (code := kode_util.try_normalise(wilayah[:40])) is not None:
                kode = code
            else:
                kode, wilayah_asked = kode_util.nearest_code(wilayah[:40]) or home, wilayah[:40]
        indikator = _first(params, "indikator") or DEFAULT_INDICATOR
        if not _INDICATOR_ID.fullmatch(indikator):
            fallback("indikator", indikator, DEFAULT_INDICATOR)
            indikator = DEFAULT_INDICATOR
        tahun_text = _first(params, "tahun")
        tahun = _whole_number(tahun_text, 1900, 2200)
        if tahun_text and tahun is None:
            fallback("tahun", tahun_text, T.URL_USED_LATEST_YEAR)
        metode_text = (_first(params, "metode") or "otomatis").lower()
        metode = METHOD_URL.get(metode_text, "auto")
        if metode_text not in METHOD_URL:
            fallback("metode", metode_text, T("METHOD.auto"))
        kelas_text = _first(params, "kelas")
        kelas = _whole_number(kelas_text, 3, 7, clamp=True)
        if kelas_text and kelas is None:
            fallback("kelas", kelas_text, str(DEFAULT_K))
        kelas = DEFAULT_K if kelas is None else kelas
        palet = _first(params, "palet") or DEFAULT_PALETTE
        if palet not in PALETTES:
            fallback("palet", palet, DEFAULT_PALETTE)
            palet = DEFAULT_PALETTE
        batas, rejected = parse_breaks((_first(params, "batas") or "")[:400])
        if rejected:
            fallback("batas", ",".join(rejected), T.URL_USED_NUMBERS_READ if batas else T("METHOD.quantile"))
        tetap = (_first(params, "tetap") or "").lower() in {"1", "ya", "true"}
        tampilan_text = (_first(params, "tampilan") or "").lower()
        tampilan = "layar" if tampilan_text == "layar" else ""
        if tampilan_text and not tampilan:
            fallback("tampilan", tampilan_text, T.URL_USED_NORMAL_VIEW)
        putar = (_first(params, "putar") or "")[:2000]
        if putar.lower() == "anak":
            putar = "anak"
        elif putar:
            codes = [kode_util.try_normalise(p) for p in putar.split(",")]
            if not all(codes):
                fallback("putar", putar, T.URL_USED_VALID_CODES)
            putar = ",".join(c for c in codes if c)
        putar_indikator = tuple(p for p in (_first(params, "putar_indikator") or "").split(",")[:50]
                                if p and _INDICATOR_ID.fullmatch(p))
        detik_text = _first(params, "detik")
        detik = _whole_number(detik_text, 5, 600, clamp=True)
        if detik_text and detik is None:
            fallback("detik", detik_text, str(DEFAULT_SLIDE_SECONDS))
        detik = DEFAULT_SLIDE_SECONDS if detik is None else detik
        if bahasa_text and bahasa_text.lower() != bahasa:
            fallback("bahasa", bahasa_text, bahasa)
        dari_text, ke_text = _first(params, "dari"), _first(params, "ke")
        dari, ke = _whole_number(dari_text, 1900, 2200), _whole_number(ke_text, 1900, 2200)
        for key, text, year in (("dari", dari_text, dari), ("ke", ke_text, ke)):
            if text and year is None:
                fallback(key, text, T.URL_USED_TWO_LATEST)
        return cls(kode, indikator, tahun, metode, kelas, palet, tuple(batas), tetap,
                   tampilan, putar, putar_indikator, detik, bahasa=bahasa, dari=dari, ke=ke, ignored=tuple(ignored),
                   wilayah_asked=wilayah_asked)

    def to_query(self) -> dict[str, str]:
        out: dict[str, str] = {}
        if self.wilayah:
            out["wilayah"] = self.wilayah
        if self.indikator != DEFAULT_INDICATOR:
            out["indikator"] = self.indikator
        if self.tahun is not None:
            out["tahun"] = str(self.tahun)
        if self.metode != "auto":
            out["metode"] = URL_METHOD.get(self.metode, "otomatis")
        if self.kelas != DEFAULT_K:
            out["kelas"] = str(self.kelas)
        if self.palet != DEFAULT_PALETTE:
            out["palet"] = self.palet
        if self.batas:
            out["batas"] = ",".join(f"{b:g}" for b in self.batas)
        if self.tetap:
            out["tetap"] = "1"
        if self.tampilan:
            out["tampilan"] = self.tampilan
        if self.putar:
            out["putar"] = self.putar
        if self.putar_indikator:
            out["putar_indikator"] = ",".join(self.putar_indikator)
        if self.detik != DEFAULT_SLIDE_SECONDS:
            out["detik"] = str(self.detik)
        if self.bahasa != DEFAULT_LANGUAGE:
            out["bahasa"] = self.bahasa
        if self.dari is not None:
            out["dari"] = str(self.dari)
        if self.ke is not None:
            out["ke"] = str(self.ke)
        return out

    def slides(self, store: Store) -> list[ViewState]:
        """The views of the slideshow, in order (one view when there is no slideshow)."""
        if self.putar == "anak":
            regions = store.children(self.wilayah)["kode"].tolist() or [self.wilayah]
        elif self.putar:
            regions = [c for c in self.putar.split(",") if store.region(c) is not None] or [self.wilayah]
        else:
            regions = [self.wilayah]
        indicators = list(self.putar_indikator) or [self.indikator]
        return [replace(self, wilayah=r, indikator=i) for r in regions for i in indicators]

    def go(self, kode: str) -> ViewState:
        return replace(self, wilayah=kode)

    def compared_years(self, years: list[int]) -> tuple[int, int] | None:
        """The two different years the Tren page compares (`dari` < `ke`, both available), None with fewer than two
        years. A missing or unavailable year falls back: `ke` to the latest, `dari` to the year before `ke`."""
        years = sorted(set(years))
        if len(years) < 2:
            return None
        ke = self.ke if self.ke in years and self.ke != years[0] else years[-1]
        earlier = [y for y in years if y < ke]
        dari = self.dari if self.dari in earlier else earlier[-1]
        return dari, ke


def resolve_method(state: ViewState) -> str:
    """The classification method of a view: the one rule of petakesos.indicators.resolve_method."""
    from petakesos.indicators import resolve_method as rule

    return rule(state.indikator, state.metode, state.batas)

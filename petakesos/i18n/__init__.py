"""All UI text of the dashboard and its exports, one catalogue per language: `id` (Bahasa Indonesia, the default)
and `en` (English, for national and international partners). `?bahasa=en` in the URL chooses English.

    T = i18n.texts("en")
    T.SEARCH_LABEL                 # a fixed text
    T("RANK_OF", rank=3, n=35)     # a text with {placeholders}

Both catalogues have the same keys (a test checks it); a key missing from a catalogue is a programming error and
raises KeyError rather than showing the other language. Texts that come from data (region names, indicator
names and definitions stored in the database) are not here: `indicator_text` gives the English name of the
indicators the catalogue knows and falls back to the stored (Indonesian) text.
"""

from __future__ import annotations

import datetime as dt
import html
import re
from collections.abc import Mapping

import pandas as pd

from petakesos.i18n import en
from petakesos.i18n import id as id_

LANGUAGES: dict[str, str] = {"id": "Bahasa Indonesia", "en": "English"}
DEFAULT_LANGUAGE = "id"
CATALOGUES: dict[str, Mapping[str, str]] = {"id": id_.TEXT, "en": en.TEXT}
INDICATOR_TEXTS: dict[str, Mapping[str, str]] = {"id": id_.INDICATOR_TEXT, "en": en.INDICATOR_TEXT}


def language(code: object) -> str:
    """A known language code for `code` (case-insensitive), else the default."""
    text = str(code or "").strip().lower()
    return text if text in CATALOGUES else DEFAULT_LANGUAGE


class Texts:
    """The catalogue of one language: attribute access for fixed texts, a call to fill placeholders."""

    def __init__(self, lang: str = DEFAULT_LANGUAGE) -> None:
        self.lang = language(lang)
        self._table = CATALOGUES[self.lang]

    def __getattr__(self, key: str) -> str:
        if key.startswith("_"):
            raise AttributeError(key)
        return self._table[key]

    def __call__(self, key: str, **values: object) -> str:
        text = self._table[key]
        return text.format(**values) if values else text

    def get(self, key: str, default: str) -> str:
        return self._table.get(key, default)


def texts(lang: str = DEFAULT_LANGUAGE) -> Texts:
    return Texts(lang)


def indicator_text(lang: str, indikator: str, field: str, stored: str) -> str:
    """The `field` ('nama', 'kelompok' or 'definisi') of an indicator in `lang`: the catalogue's text where it has
    one (key `IND.<field>.<indikator>`, groups `GROUP.<kelompok>`), else the text stored in the database."""
    table = INDICATOR_TEXTS[language(lang)]
    if field == "kelompok":
        return table.get(f"GROUP.{stored}", stored)
    return table.get(f"IND.{field}.{indikator}", stored)


def date_text(lang: str, day: dt.date | dt.datetime) -> str:
    """A long date in `lang`: 27 November 2026."""
    return f"{day.day} {texts(lang).MONTHS.split()[day.month - 1]} {day.year}"


def unit_text(lang: str, satuan: str) -> str:
    """An indicator's unit as shown in `lang` ("jiwa" → "persons"); the unit stored in the database stays the key
    for number formatting (petakesos.numbers)."""
    return INDICATOR_TEXTS[language(lang)].get(f"UNIT.{satuan}", satuan)


def localised_definitions(defs: pd.DataFrame, lang: str) -> pd.DataFrame:
    """Indicator definitions (columns indikator, nama, kelompok, definisi, …) with names, groups and definitions
    in `lang` where the catalogue has them; the stored (Indonesian) text otherwise."""
    if defs.empty or language(lang) == DEFAULT_LANGUAGE:
        return defs
    out = defs.copy()
    for field in ("nama", "definisi", "kelompok"):
        if field in out:
            out[field] = [indicator_text(lang, ind, field, str(text))
                          for ind, text in zip(out["indikator"], out[field], strict=True)]
    if "definisi" in out and "nama" in out:
        out["definisi"] = [_category_definition(lang, rec) for rec in out.to_dict("records")]
    return out


def _category_definition(lang: str, rec: dict) -> str:
    """A PMKS/PSKS category without its own translated definition: the language's template, if it has one."""
    table = INDICATOR_TEXTS[language(lang)]
    jenis, _, singkatan = str(rec["indikator"]).partition(":")
    template = table.get(f"TEMPLATE.{jenis}")
    if not singkatan or template is None or f"IND.definisi.{rec['indikator']}" in table:
        return str(rec["definisi"])
    text = template.format(nama=rec["nama"], singkatan=singkatan)
    return text + (table.get("TEMPLATE.sensitive", "") if rec.get("sensitif") else "")


_MD_SPECIAL = re.compile(r"([\\`*_{}\[\]()#+\-.!|~>$:])")


def md_escape(text: object) -> str:
    """Escape a data text for st.markdown / labels: HTML is escaped, markdown syntax is made literal."""
    escaped = html.escape("" if text is None else str(text), quote=False)
    return _MD_SPECIAL.sub(r"\\\1", escaped)

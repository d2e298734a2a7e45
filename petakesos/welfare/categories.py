"""The PMKS (26, Permensos 08/2012) and PSKS (12) categories, local categories, and matching of category labels.

The lists are read from the reference data (`categories/pmks_26.csv`, `categories/psks_12.csv`); provinces add
local categories (such as ODGJ) which carry `lokal = true`. `sensitif` marks categories whose small numbers are
hidden in public outputs (see setting PETAKESOS_K).
"""

from __future__ import annotations

import difflib
import re
from dataclasses import dataclass
from pathlib import Path

import pandas as pd

from petakesos.reference import require

PMKS_FILE = Path("categories") / "pmks_26.csv"
PSKS_FILE = Path("categories") / "psks_12.csv"
COLUMNS = ["jenis", "no", "singkatan", "nama_resmi", "kelompok", "sensitif", "lokal"]

# Sensitive categories: ODHA, korban trafficking, korban tindak kekerasan, anak korban kekerasan, tuna susila,
# korban NAPZA, ODGJ.
SENSITIF = {"ODHA", "KTR", "KTK", "AKTK", "TS", "KPN", "ODGJ"}

# Local categories reported by provinces beyond the 26; extensible with `--kategori-lokal` on import.
LOCAL_DEFAULTS = [("PMKS", "ODGJ", "Orang dengan Gangguan Jiwa", "disabilitas", True)]

# Older or common names found in Dinsos tables, mapped to the abbreviation (normalised text → singkatan).
ALIASES: dict[str, tuple[str, str]] = {
    "penyandang cacat": ("PMKS", "PD"),
    "penyandang disabilitas": ("PMKS", "PD"),
    "anak cacat": ("PMKS", "ADK"),
    "anak dengan kecacatan": ("PMKS", "ADK"),
    "anak dengan disabilitas": ("PMKS", "ADK"),
    "wanita rawan sosial ekonomi": ("PMKS", "PRSE"),
    "wrse": ("PMKS", "PRSE"),
    "lansia terlantar": ("PMKS", "LUT"),
    "lanjut usia terlantar": ("PMKS", "LUT"),
    "napza": ("PMKS", "KPN"),
    "korban napza": ("PMKS", "KPN"),
    "korban penyalahgunaan narkoba": ("PMKS", "KPN"),
    "anak korban tindak kekerasan": ("PMKS", "AKTK"),
    "anak yang menjadi korban tindak kekerasan": ("PMKS", "AKTK"),
    "korban perdagangan orang": ("PMKS", "KTR"),
    "pekerja migran bermasalah": ("PMKS", "PMBS"),
    "eks narapidana": ("PMKS", "BWBLP"),
    "bekas warga binaan pemasyarakatan": ("PMKS", "BWBLP"),
    "tenaga kesejahteraan sosial kecamatan": ("PSKS", "TKSK"),
    "orang dengan gangguan jiwa": ("PMKS", "ODGJ"),
    "odgj": ("PMKS", "ODGJ"),
    "pekerja sosial masyarakat": ("PSKS", "PSM"),
    "taruna siaga bencana": ("PSKS", "TAGANA"),
    "wahana kesejahteraan sosial keluarga berbasis masyarakat": ("PSKS", "WKSBM"),
}


def norm_text(text: object) -> str:
    """Lowercase, punctuation to spaces, single spaces: the key used to compare labels."""
    value = "" if text is None else str(text)
    value = re.sub(r"[^0-9a-z]+", " ", value.lower())
    return " ".join(value.split())


def read_categories(data_dir: Path) -> pd.DataFrame:
    """DataFrame(jenis, no, singkatan, nama_resmi, kelompok, sensitif, lokal) with the official and default local lists."""
    pmks = pd.read_csv(require(data_dir, PMKS_FILE), dtype=str, keep_default_na=False)
    psks = pd.read_csv(require(data_dir, PSKS_FILE), dtype=str, keep_default_na=False)
    rows = []
    for jenis, frame in (("PMKS", pmks), ("PSKS", psks)):
        for rec in frame.to_dict("records"):
            singkatan = rec["singkatan_usulan_nonresmi"].strip()
            rows.append(
                {
                    "jenis": jenis,
                    "no": int(rec["no"]),
                    "singkatan": singkatan,
                    "nama_resmi": rec["nama_resmi"].strip(),
                    "kelompok": (rec.get("kelompok") or "").strip() or None,
                    "sensitif": singkatan in SENSITIF,
                    "lokal": False,
                }
            )
    out = pd.DataFrame(rows, columns=COLUMNS)
    for jenis, singkatan, nama, kelompok, sensitif in LOCAL_DEFAULTS:
        out = add_local(out, jenis, singkatan, nama, kelompok, sensitif)
    return out


def add_local(
    cats: pd.DataFrame, jenis: str, singkatan: str, nama: str, kelompok: str | None = None, sensitif: bool = False
) -> pd.DataFrame:
    """Add (or keep) a local category; the number follows the last one of its list."""
    singkatan = singkatan.strip().upper()
    if ((cats["jenis"] == jenis) & (cats["singkatan"] == singkatan)).any():
        return cats
    no = int(cats.loc[cats["jenis"] == jenis, "no"].max()) + 1
    row = pd.DataFrame(
        [
            {
                "jenis": jenis,
                "no": no,
                "singkatan": singkatan,
                "nama_resmi": nama.strip(),
                "kelompok": kelompok,
                "sensitif": bool(sensitif or singkatan in SENSITIF),
                "lokal": True,
            }
        ],
        columns=COLUMNS,
    )
    return pd.concat([cats, row], ignore_index=True)


def parse_local_option(text: str) -> tuple[str, str, str, bool]:
    """`--kategori-lokal "ODGJ=Orang dengan Gangguan Jiwa[;sensitif][;PSKS]"` → (jenis, singkatan, nama, sensitif)."""
    if "=" not in text:
        raise ValueError(f"--kategori-lokal {text!r}: write SINGKATAN=Nama resmi[;sensitif][;PSKS]")
    singkatan, rest = text.split("=", 1)
    parts = [p.strip() for p in rest.split(";")]
    flags = {p.lower() for p in parts[1:]}
    jenis = "PSKS" if "psks" in flags else "PMKS"
    return jenis, singkatan.strip().upper(), parts[0], "sensitif" in flags


@dataclass(frozen=True)
class CategoryMatch:
    jenis: str
    singkatan: str
    how: str  # 'singkatan' | 'nama' | 'alias' | 'mirip' (close spelling: reported)
    score: float = 1.0


class CategoryMatcher:
    """Finds a category from a column header or a cell: abbreviation, official name, alias or a close spelling."""

    def __init__(self, cats: pd.DataFrame) -> None:
        self.cats = cats
        self.exact: dict[str, tuple[str, str, str]] = {}
        for rec in cats.itertuples():
            self.exact[norm_text(rec.singkatan)] = (rec.jenis, rec.singkatan, "singkatan")
            self.exact.setdefault(norm_text(rec.nama_resmi), (rec.jenis, rec.singkatan, "nama"))
        known = set(zip(cats["jenis"], cats["singkatan"], strict=True))
        for alias, (jenis, singkatan) in ALIASES.items():
            if (jenis, singkatan) in known:
                self.exact.setdefault(alias, (jenis, singkatan, "alias"))
        self._names = [k for k in self.exact if len(k) > 6]
        self._cache: dict[str, CategoryMatch | None] = {}

    def match(self, label: object) -> CategoryMatch | None:
        key = norm_text(label)
        if key in self._cache:
            return self._cache[key]
        found = self._match(key)
        self._cache[key] = found
        return found

    def _match(self, key: str) -> CategoryMatch | None:
        if not key:
            return None
        if key in self.exact:
            jenis, singkatan, how = self.exact[key]
            return CategoryMatch(jenis, singkatan, how)
        # Headers such as "jumlah anak terlantar", "pmks lut", "jml fakir miskin (jiwa)".
        base = re.sub(r"\s+(jiwa|orang|kk|unit|lembaga|org)$", "", key)
        one = re.sub(r"^(jumlah|jml|banyaknya|data|pmks|psks)\s+", "", base)
        two = re.sub(r"^(pmks|psks|penyandang)\s+", "", one)
        for candidate in (base, one, two):
            if candidate in self.exact:
                jenis, singkatan, how = self.exact[candidate]
                return CategoryMatch(jenis, singkatan, how)
        stripped = two
        close = difflib.get_close_matches(stripped, self._names, n=2, cutoff=0.86)
        if close:
            ratio = difflib.SequenceMatcher(None, stripped, close[0]).ratio()
            jenis, singkatan, _ = self.exact[close[0]]
            return CategoryMatch(jenis, singkatan, "mirip", ratio)
        return None

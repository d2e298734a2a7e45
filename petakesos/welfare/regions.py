"""Finding regions for welfare rows: by Kemendagri code, by BPS code (through the BPS↔Kemendagri bridge) or by
name within the parent after normalisation (KAB./KABUPATEN, KOTA, case, spaces, punctuation).

`RegionIndex` is built once per import from the store's code list (table kode_wilayah) and the reference bridge
(`codes/bps_kemendagri_bridge_2020/*.csv`, `codes/bps_2018/villages.csv`); every lookup is a dictionary lookup.
"""

from __future__ import annotations

import re
from collections import defaultdict
from dataclasses import dataclass
from pathlib import Path

import pandas as pd

from petakesos import codes as kode_util
from petakesos.reference import require

BRIDGE_DIR = Path("codes") / "bps_kemendagri_bridge_2020"
BPS_VILLAGES = Path("codes") / "bps_2018" / "villages.csv"

_PREFIXES = {
    "provinsi": ("provinsi ", "prov ", "propinsi "),
    "kabupaten_kota": (),  # handled by _kabkota_key
    "kecamatan": ("kecamatan ", "kec "),
    "desa_kelurahan": ("desa ", "kelurahan ", "kel ", "ds "),
}
_PROVINCE_WORDS = ("daerah istimewa ", "daerah khusus ibukota ", "daerah khusus ", "dki ", "d k i ", "di ", "d i ")


def _clean(text: object) -> str:
    value = "" if text is None else str(text)
    value = re.sub(r"[^0-9a-z]+", " ", value.lower())
    return " ".join(value.split())


def _kabkota_key(text: str) -> tuple[str | None, str]:
    """('kab'|'kota'|None, key without the type word)."""
    for word, kind in (
        ("kabupaten ", "kab"),
        ("kab ", "kab"),
        ("kota administrasi ", "kota"),
        ("kota adm ", "kota"),
        ("kota ", "kota"),
    ):
        if text.startswith(word):
            return kind, text[len(word) :].replace(" ", "")
    return None, text.replace(" ", "")


def name_key(name: object, tingkat: str | None) -> tuple[str | None, str]:
    """Normalised name for comparison at a level: ('kab'|'kota'|None, key)."""
    text = _clean(name)
    if tingkat == "kabupaten_kota":
        return _kabkota_key(text)
    for prefix in _PREFIXES.get(tingkat or "", ()):
        if text.startswith(prefix) and len(text) > len(prefix):
            text = text[len(prefix) :]
            break
    if tingkat == "provinsi":
        for word in _PROVINCE_WORDS:
            if text.startswith(word):
                text = text[len(word) :]
                break
    return None, text.replace(" ", "")


def same_name(a: object, b: object, tingkat: str) -> bool:
    ka, kb = name_key(a, tingkat), name_key(b, tingkat)
    return ka[1] == kb[1] and (ka[0] is None or kb[0] is None or ka[0] == kb[0])


@dataclass(frozen=True)
class Found:
    kode: str | None
    how: str  # 'kode' | 'kode_bps' | 'nama' | 'nama_bps' | 'ambigu' | 'tidak_ada'
    candidates: tuple[str, ...] = ()


class RegionIndex:
    def __init__(self, code_list: pd.DataFrame, data_dir: Path | None = None) -> None:
        self.nama: dict[str, str] = dict(zip(code_list["kode"], code_list["nama"], strict=True))
        self.tingkat: dict[str, str] = dict(zip(code_list["kode"], code_list["tingkat"], strict=True))
        self._by_name: dict[tuple[str, str, str], list[tuple[str | None, str]]] = defaultdict(list)
        self._by_level: dict[tuple[str, str], list[tuple[str | None, str]]] = defaultdict(list)
        for kode, nama, tingkat in zip(code_list["kode"], code_list["nama"], code_list["tingkat"], strict=True):
            kind, key = name_key(nama, tingkat)
            self._by_name[(kode_util.parent_of(kode), tingkat, key)].append((kind, kode))
            self._by_level[(tingkat, key)].append((kind, kode))
        self.bps: dict[str, str] = {}
        self.bps_villages: dict[str, tuple[str, str]] = {}
        if data_dir is not None:
            self._load_bridge(Path(data_dir))

    def _load_bridge(self, data_dir: Path) -> None:
        for name in ("provinsi.csv", "kabkota.csv", "kecamatan.csv"):
            path = require(data_dir, BRIDGE_DIR / name)
            frame = pd.read_csv(path, dtype=str, keep_default_na=False)
            for bps, dagri in zip(frame["kode_bps"].str.strip(), frame["kode_dagri"].str.strip(), strict=True):
                kode = kode_util.try_normalise(dagri)
                if kode and kode in self.nama:
                    self.bps[bps] = kode
        villages = data_dir / BPS_VILLAGES
        if villages.exists():
            frame = pd.read_csv(villages, dtype=str, header=None, names=["code", "parent", "name"])
            self.bps_villages = dict(zip(frame["code"], zip(frame["parent"], frame["name"], strict=True), strict=True))

    # ---- codes ----------------------------------------------------------------------------------------------
    def by_kemendagri(self, raw: object) -> str | None:
        kode = kode_util.try_normalise(raw)
        return kode if kode in self.nama else None

    def by_bps(self, raw: object) -> Found:
        kode = kode_util.try_normalise(raw)
        if kode is None:
            return Found(None, "tidak_ada")
        digits = kode.replace(".", "")
        if digits in self.bps:
            return Found(self.bps[digits], "kode_bps")
        if len(digits) == 10 and digits in self.bps_villages:
            district, village = self.bps_villages[digits]
            kec = self.bps.get(district)
            if kec:
                found = self.by_name(village, kec, "desa_kelurahan")
                if found.kode:
                    return Found(found.kode, "nama_bps")
                return found
        return Found(None, "tidak_ada")

    # ---- names ----------------------------------------------------------------------------------------------
    def by_name(self, name: object, parent: str | None, tingkat: str) -> Found:
        """Region called `name` at level `tingkat` inside `parent` ('' = Indonesia; None = anywhere)."""
        kind, key = name_key(name, tingkat)
        if not key:
            return Found(None, "tidak_ada")
        if parent is None:
            hits = list(self._by_level.get((tingkat, key), []))
        else:
            hits = list(self._by_name.get((parent, tingkat, key), []))
        if kind is not None:
            typed = [(k, c) for k, c in hits if k == kind]
            hits = typed or hits
        codes = tuple(sorted({c for _, c in hits}))
        if len(codes) == 1:
            return Found(codes[0], "nama")
        if len(codes) > 1:
            return Found(None, "ambigu", codes)
        return Found(None, "tidak_ada")

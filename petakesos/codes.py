"""Kemendagri region codes: normalisation to the dotted form, levels and parents.

Codes arrive as `3371011003`, `33.71.01.1003`, `3371.0` (a number that went through a spreadsheet) or as ints.
Everything inside the project uses the dotted form: `PP`, `PP.KK`, `PP.KK.CC`, `PP.KK.CC.DDDD`.
"""

from __future__ import annotations

import math
import re

from petakesos._errors import CodeError  # noqa: F401  (defined with every error type)

TINGKAT = ("provinsi", "kabupaten_kota", "kecamatan", "desa_kelurahan")
TINGKAT_LABEL = {
    "indonesia": "Indonesia",
    "provinsi": "Provinsi",
    "kabupaten_kota": "Kabupaten/Kota",
    "kecamatan": "Kecamatan",
    "desa_kelurahan": "Desa/Kelurahan",
}
# Digits per segment, and the total digit count that identifies each level.
_SEGMENTS = (2, 2, 2, 4)
_DIGITS_TO_TINGKAT = {2: "provinsi", 4: "kabupaten_kota", 6: "kecamatan", 10: "desa_kelurahan"}
_DOTTED = re.compile(r"^\d{2}(\.\d{2}(\.\d{2}(\.\d{4})?)?)?$")
_FLOAT_TAIL = re.compile(r"\.0+$")


def normalise_code(value: object) -> str:
    """Return the dotted Kemendagri code for `value`, or raise CodeError with the reason."""
    if value is None or (isinstance(value, float) and math.isnan(value)):
        raise CodeError("kode kosong (empty code)")
    if isinstance(value, bool):
        raise CodeError(f"kode tidak valid: {value!r}")
    if isinstance(value, int):
        text = str(value)
    elif isinstance(value, float):
        if not value.is_integer():
            raise CodeError(f"kode bukan bilangan bulat: {value!r}")
        text = str(int(value))
    else:
        text = str(value).strip()
    if not text:
        raise CodeError("kode kosong (empty code)")
    if "/" in text or "," in text or ";" in text:
        raise CodeError(f"lebih dari satu kode (disputed area?): {text!r}")
    if _DOTTED.match(text):
        return text
    # Spreadsheet floats: "3371.0" or "3371011003.0" (but not a dotted code such as "33.71").
    if text.count(".") == 1 and _FLOAT_TAIL.search(text):
        text = _FLOAT_TAIL.sub("", text)
    digits = text.replace(".", "").replace(" ", "")
    if not digits.isdigit():
        raise CodeError(f"kode mengandung karakter selain angka: {text!r}")
    if len(digits) not in _DIGITS_TO_TINGKAT:
        raise CodeError(f"panjang kode {len(digits)} digit tidak dikenal (harus 2, 4, 6 atau 10): {text!r}")
    return dotted(digits)


def dotted(digits: str) -> str:
    """`3371011003` → `33.71.01.1003` (digits must have a known length)."""
    parts, pos = [], 0
    for width in _SEGMENTS:
        if pos >= len(digits):
            break
        parts.append(digits[pos : pos + width])
        pos += width
    return ".".join(parts)


def try_normalise(value: object) -> str | None:
    try:
        return normalise_code(value)
    except CodeError:
        return None


def nearest_code(text: str) -> str:
    """The code of the smallest region a malformed code still names, read from its start: `33.7` → `33`,
    `33.71.1` → `33.71`, `337` → `33`; '' (Indonesia) when not even a province can be read."""
    text = str(text).strip()
    if "." in text:
        whole = []
        for part, width in zip(text.split("."), _SEGMENTS, strict=False):
            if len(part) != width or not part.isdigit():
                break
            whole.append(part)
        return ".".join(whole)
    digits = text if text.isdigit() else ""
    for n in sorted(_DIGITS_TO_TINGKAT, reverse=True):
        if len(digits) >= n:
            return dotted(digits[:n])
    return ""


def tingkat_of(code: str) -> str:
    """Level of a dotted code; the empty code is Indonesia."""
    if code == "":
        return "indonesia"
    return TINGKAT[code.count(".")]


def parent_of(code: str) -> str:
    """Parent code; provinces have the empty parent (Indonesia)."""
    return code.rsplit(".", 1)[0] if "." in code else ""


def ancestors_of(code: str) -> list[str]:
    """Codes from the province down to `code` itself: `33.71.01` → [`33`, `33.71`, `33.71.01`]."""
    if code == "":
        return []
    parts = code.split(".")
    return [".".join(parts[: i + 1]) for i in range(len(parts))]


def child_tingkat(tingkat: str) -> str | None:
    if tingkat == "indonesia":
        return "provinsi"
    idx = TINGKAT.index(tingkat)
    return TINGKAT[idx + 1] if idx + 1 < len(TINGKAT) else None


def is_kelurahan(code: str) -> bool:
    """Desa/kelurahan codes whose 4th segment starts with 1 are kelurahan, with 2 desa."""
    return tingkat_of(code) == "desa_kelurahan" and code.rsplit(".", 1)[1].startswith("1")


def is_kota(code: str) -> bool:
    """A kota (city), not a kabupaten: the kab/kota part of the code starts with 7 (`33.71` Kota Magelang)."""
    return tingkat_of(code) == "kabupaten_kota" and code[3] == "7"


# The abbreviations of province names that Indonesian newspapers and agencies print on small maps (by name, so a
# change of code does not mix them up); a one-word name (Aceh, Riau, Gorontalo) keeps its name.
PROVINCE_ABBREVIATIONS = {
    "Sumatera Utara": "Sumut", "Sumatera Barat": "Sumbar", "Sumatera Selatan": "Sumsel",
    "Kepulauan Bangka Belitung": "Babel", "Kepulauan Riau": "Kepri", "Daerah Khusus Ibukota Jakarta": "Jakarta",
    "Jawa Barat": "Jabar", "Jawa Tengah": "Jateng", "Daerah Istimewa Yogyakarta": "DIY", "Jawa Timur": "Jatim",
    "Nusa Tenggara Barat": "NTB", "Nusa Tenggara Timur": "NTT", "Kalimantan Barat": "Kalbar",
    "Kalimantan Tengah": "Kalteng", "Kalimantan Selatan": "Kalsel", "Kalimantan Timur": "Kaltim",
    "Kalimantan Utara": "Kaltara", "Sulawesi Utara": "Sulut", "Sulawesi Tengah": "Sulteng",
    "Sulawesi Selatan": "Sulsel", "Sulawesi Tenggara": "Sultra", "Sulawesi Barat": "Sulbar",
    "Maluku Utara": "Malut", "Papua Barat": "Pabar", "Papua Selatan": "Papsel",
    "Papua Tengah": "Papteng", "Papua Pegunungan": "Papeg", "Papua Barat Daya": "PBD",
}


def abbreviation(nama: str, tingkat: str) -> str:
    """The short form of a name for a small map, '' where there is none: a province as newspapers abbreviate it
    ('Jateng', 'NTT'); a kabupaten by its name alone ('Sragen'), as small printed maps do — a kota keeps 'Kota', so
    Kota Magelang and Magelang (the kabupaten) stay apart."""
    text = nama.strip()
    if tingkat == "provinsi":
        return PROVINCE_ABBREVIATIONS.get(text, "")
    if tingkat == "kabupaten_kota" and text.startswith("Kabupaten "):
        return text[len("Kabupaten "):]
    return ""


def short_name(nama: str, tingkat: str) -> str:
    """Names as a newspaper prints them on a map: 'Kab. Sleman', 'DI Yogyakarta', 'Kep. Riau'."""
    text = nama.strip()
    for long, short in (
        ("Kabupaten ", "Kab. "),
        ("Daerah Istimewa ", "DI "),
        ("Daerah Khusus Ibukota ", "DKI "),
        ("Kepulauan ", "Kep. "),
    ):
        if text.startswith(long):
            text = short + text[len(long) :]
    return text

"""The general indicator model: what an indicator is, how its unit is read and how it aggregates.

An indicator has an id, an Indonesian name, a group, a unit, the scale it was written in (a file in `RIBU JIWA`
is stored in people, scale 1000), the number of decimals shown, and an aggregation rule:
- `sum`: counts; a parent is the sum of its children (PMKS, PSKS, WKSBM counts, poor population, PKH recipients);
- `ratio`: numerator / denominator × factor of two other indicators, recomputed from their values at every level
  (never averaged): WKSBM coverage, PMKS per 1,000, PKH families per 100 poor households;
- `none`: published per level only (a BPS percentage given for kab/kota): no parent value is invented.
WKSBM, PMKS and PSKS indicators are of this model too (their definitions live in `petakesos.indicators`); the
general ones are declared by imports and stored in table `indikator_umum`.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from petakesos import direction
from petakesos._errors import IndicatorDefinitionError

AGGREGATIONS = ("sum", "ratio", "none")
GENERAL_GROUP = "Indikator umum"
ID_PATTERN = re.compile(r"^[a-z][a-z0-9_]{1,62}$")


@dataclass(frozen=True)
class Unit:
    """How a unit written in a file is stored: `satuan` after scaling, `skala`, whether values must be whole
    (counts of people, families, units) and the aggregation a value in this unit allows."""

    satuan: str
    skala: float = 1.0
    count: bool = True
    percent: bool = False

    @property
    def agregasi(self) -> str:
        return "sum" if self.count else "none"


# Units as written by portals and Dinas files (normalised: lower case, single spaces) → how they are stored.
UNITS: dict[str, Unit] = {
    "jiwa": Unit("jiwa"), "orang": Unit("orang"), "penduduk": Unit("jiwa"),
    "ribu jiwa": Unit("jiwa", 1000.0), "ribu orang": Unit("orang", 1000.0), "juta jiwa": Unit("jiwa", 1e6),
    "keluarga": Unit("keluarga"), "kk": Unit("keluarga"), "kepala keluarga": Unit("keluarga"),
    "rumah tangga": Unit("rumah tangga"), "rt": Unit("rumah tangga"), "ribu rumah tangga": Unit("rumah tangga", 1000.0),
    "kpm": Unit("KPM"), "keluarga penerima manfaat": Unit("KPM"), "unit": Unit("unit"), "lembaga": Unit("lembaga"),
    "desa": Unit("desa"), "kasus": Unit("kasus"),
    "persen": Unit("%", count=False, percent=True), "%": Unit("%", count=False, percent=True),
    "persentase": Unit("%", count=False, percent=True),
}


def unit_of(text: object) -> Unit | None:
    """The stored form of a unit as written in a file (`RIBU JIWA` → people × 1000); None when unknown."""
    key = " ".join(str(text or "").replace(".", " ").lower().split())
    return UNITS.get(key)


def humanise(column: str) -> str:
    """`jumlah_penduduk_miskin` → `Jumlah penduduk miskin` (the name of an indicator taken from a column)."""
    words = re.sub(r"[_\s]+", " ", str(column)).strip()
    return words[:1].upper() + words[1:]


def indicator_id(text: str) -> str:
    """A column or label as an indicator id (lower case, underscores)."""
    return re.sub(r"[^a-z0-9]+", "_", str(text).lower()).strip("_")


@dataclass(frozen=True)
class GeneralIndicator:
    """One row of table `indikator_umum`."""

    indikator: str
    nama: str
    satuan: str
    agregasi: str = "sum"
    skala: float = 1.0
    desimal: int = 0
    kelompok: str = GENERAL_GROUP
    pembilang: str | None = None
    penyebut: str | None = None
    faktor: float | None = None
    sensitif: bool = False
    definisi: str = ""
    arah: str | None = None  # petakesos.direction: naik-buruk, naik-baik, netral; None = the rule for the id

    def row(self) -> dict:
        return {
            "indikator": self.indikator, "nama": self.nama, "kelompok": self.kelompok, "satuan": self.satuan,
            "skala": float(self.skala), "desimal": int(self.desimal), "agregasi": self.agregasi,
            "pembilang": self.pembilang, "penyebut": self.penyebut, "faktor": self.faktor,
            "sensitif": bool(self.sensitif), "definisi": self.definisi or default_definition(self),
            "arah": self.arah,
        }


def default_definition(ind: GeneralIndicator) -> str:
    if ind.agregasi == "ratio":
        return (f"{ind.faktor:g} × {ind.pembilang} / {ind.penyebut}, dihitung ulang di setiap tingkat wilayah dari "
                "jumlah pembilang dan penyebutnya (bukan rata-rata).")
    scale = f" Ditulis dalam satuan ×{ind.skala:,.0f} pada sumbernya.".replace(",", ".") if ind.skala != 1 else ""
    if ind.agregasi == "none":
        return (f"{ind.nama} ({ind.satuan}) sebagaimana diterbitkan untuk tiap wilayah. Tidak dijumlahkan: nilai "
                f"wilayah induk hanya ada bila sumbernya menerbitkannya.{scale}")
    return f"{ind.nama} ({ind.satuan}). Nilai wilayah induk = jumlah nilai wilayah bawahannya.{scale}"


_RATIO = re.compile(
    r"^\s*(?P<id>[a-z][a-z0-9_]*)\s*=\s*(?P<num>[a-z][a-z0-9_:]*)\s*/\s*(?P<den>[a-z][a-z0-9_:]*)"
    r"\s*(?:\*\s*(?P<factor>[0-9][0-9.]*))?\s*$",
    re.IGNORECASE,
)


def parse_ratio(text: str) -> GeneralIndicator:
    """`pkh_per_100_miskin=penerima_pkh/penduduk_miskin*100[;Nama][;satuan]` → a ratio indicator."""
    head, *rest = [p.strip() for p in str(text).split(";")]
    m = _RATIO.match(head)
    if not m:
        raise IndicatorDefinitionError(
            f"--rasio {text!r} tidak bisa dibaca: tulis ID=PEMBILANG/PENYEBUT*FAKTOR, mis. "
            "pkh_per_100_miskin=penerima_pkh/jumlah_penduduk_miskin*100 (opsional ;Nama;satuan)"
        )
    factor = float(m["factor"]) if m["factor"] else 1.0
    nama = rest[0] if rest and rest[0] else humanise(m["id"])
    satuan = rest[1] if len(rest) > 1 and rest[1] else ("%" if factor == 100 else f"per {factor:,.0f}".replace(",", "."))
    return GeneralIndicator(
        indikator=m["id"].lower(), nama=nama, satuan=satuan, agregasi="ratio", desimal=2 if factor <= 100 else 1,
        pembilang=m["num"], penyebut=m["den"], faktor=factor,
    )


def check_id(indikator: str, reserved: set[str]) -> None:
    if not ID_PATTERN.match(indikator):
        raise IndicatorDefinitionError(
            f"ID indikator {indikator!r} tidak valid: huruf kecil, angka dan garis bawah, diawali huruf "
            "(mis. penerima_pkh)"
        )
    if indikator in reserved or ":" in indikator:
        raise IndicatorDefinitionError(
            f"ID indikator {indikator!r} sudah dipakai oleh indikator bawaan (WKSBM/PMKS/PSKS): pilih ID lain"
        )


def decimals_of(satuan: str, desimal: object = None) -> int:
    """Decimals shown for an indicator: the stored `desimal` when given, else 1 for percentages and rates, 0 for
    counts. The one rule used by the dashboard, the exports and presentation mode."""
    try:
        if desimal is not None and desimal == desimal:  # not NaN
            return int(desimal)
    except (TypeError, ValueError):
        pass
    return 1 if satuan == "%" or str(satuan).startswith("per ") else 0


# Known splits (pemekaran): (new unit, unit it was split from, year of the law, law). A value 0 for the new unit
# before it existed is "no data", the origin's series is marked not comparable across the year the new unit is
# first reported separately, and parents' totals need the new unit only from then. The Papua provinces of 2022 are
# here because the code lists cannot tell them (the 2023 edition already has 93–95); kab/kota formed before the
# moratorium (2014) are in every code list, so only their laws say when: the Jawa Barat ones are listed, splits
# elsewhere are inferred from the data (petakesos.welfare.editions.infer_splits).
PEMEKARAN: tuple[tuple[str, str, int, str], ...] = (
    ("93", "91", 2022, "UU 14/2022"),         # Papua Selatan from Papua
    ("94", "91", 2022, "UU 15/2022"),         # Papua Tengah from Papua
    ("95", "91", 2022, "UU 16/2022"),         # Papua Pegunungan from Papua
    ("96", "92", 2022, "UU 29/2022"),         # Papua Barat Daya from Papua Barat
    ("32.77", "32.04", 2001, "UU 9/2001"),    # Kota Cimahi from Kabupaten Bandung
    ("32.78", "32.06", 2001, "UU 10/2001"),   # Kota Tasikmalaya from Kabupaten Tasikmalaya
    ("32.79", "32.07", 2002, "UU 27/2002"),   # Kota Banjar from Kabupaten Ciamis
    ("32.17", "32.04", 2007, "UU 12/2007"),   # Kabupaten Bandung Barat from Kabupaten Bandung
    ("32.18", "32.07", 2012, "UU 21/2012"),   # Kabupaten Pangandaran from Kabupaten Ciamis
)


DEFINITION_FILE_COLUMNS = ("indikator", "nama", "satuan", "agregasi", "rumus", "kelompok", "sensitif", "definisi",
                           "arah")


def read_definitions(path) -> list[GeneralIndicator]:
    """A small definitions file (CSV, UTF-8, comma or semicolon) declaring indicators once: columns `indikator`,
    `nama`, `satuan`, `agregasi` (sum, none or ratio) and optionally `rumus` (for ratios: `a/b*100`), `kelompok`,
    `sensitif` (ya/true/1), `definisi`, `arah` (naik-baik, turun-baik or netral; petakesos.direction). Ratio rows are declared like `--rasio`; the others name the measure columns
    of later files with that id."""
    import csv
    from pathlib import Path

    path = Path(path)
    try:
        text = path.read_text(encoding="utf-8-sig")
    except (OSError, UnicodeDecodeError) as exc:
        raise IndicatorDefinitionError(f"{path}: tidak bisa dibaca ({exc}); simpan sebagai CSV UTF-8") from exc
    dialect = csv.Sniffer().sniff(text.splitlines()[0] if text else ",", delimiters=",;")
    out: list[GeneralIndicator] = []
    for line, row in enumerate(csv.DictReader(text.splitlines(), dialect=dialect), start=2):
        row = {k.strip().lower(): (v or "").strip() for k, v in row.items() if k}
        ind, agregasi = indicator_id(row.get("indikator", "")), row.get("agregasi", "").lower() or "sum"
        if agregasi not in AGGREGATIONS or not ind:
            raise IndicatorDefinitionError(
                f"{path.name}, baris {line}: isi kolom indikator dan agregasi ({', '.join(AGGREGATIONS)}); kolom: "
                f"{', '.join(DEFINITION_FILE_COLUMNS)}"
            )
        sensitif = row.get("sensitif", "").lower() in {"ya", "y", "true", "1", "sensitif"}
        try:
            arah = direction.parse(row.get("arah")) if row.get("arah") else None
        except IndicatorDefinitionError as exc:
            raise IndicatorDefinitionError(f"{path.name}, baris {line}: {exc}") from exc
        if agregasi == "ratio":
            spec = f"{ind}={row.get('rumus', '')};{row.get('nama', '')};{row.get('satuan', '')}"
            try:
                ratio = parse_ratio(spec)
            except IndicatorDefinitionError as exc:
                raise IndicatorDefinitionError(f"{path.name}, baris {line}: {exc}") from exc
            out.append(GeneralIndicator(**{**ratio.__dict__, "kelompok": row.get("kelompok") or GENERAL_GROUP,
                                           "sensitif": sensitif, "definisi": row.get("definisi", ""),
                                           "arah": arah}))
            continue
        unit = unit_of(row.get("satuan"))
        out.append(GeneralIndicator(
            indikator=ind, nama=row.get("nama") or humanise(ind), satuan=row.get("satuan") or (unit.satuan if unit else ""),
            agregasi=agregasi, kelompok=row.get("kelompok") or GENERAL_GROUP, sensitif=sensitif,
            definisi=row.get("definisi", ""), arah=arah,
        ))
    return out

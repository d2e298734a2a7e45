"""Stage 2 of a welfare import: recognise the layout and the columns, find regions and categories, parse numbers.

Layouts:
- `lebar` (wide): one column per category, one row per region (and year);
- `panjang` (long): a category column and a value column;
- `portal`: Indonesian open-data portals, `kode_provinsi, nama_provinsi, kode_kabupaten_kota,
  nama_kabupaten_kota, <measure>, satuan, tahun` (BPS or Kemendagri codes, possibly `3201.0`; capital names);
- `registri`: the WKSBM registry, one row per WKSBM.
Problems met here (unknown region, ambiguous name, unknown category, not a number, …) go to the report with
file, sheet, row and column; rows carrying an error are marked so that `validate` can hold them back.
"""

from __future__ import annotations

import hashlib
import re
from dataclasses import dataclass, field, replace
from pathlib import Path

import numpy as np
import pandas as pd

from etl.report import Report
from etl.welfare import validate
from etl.welfare.read import RawTable
from petakesos import codes as kode_util
from petakesos.welfare import KPS_TYPES, TAHAP, editions
from petakesos.welfare.categories import CategoryMatcher, norm_text
from petakesos.welfare.model import GENERAL_GROUP, GeneralIndicator, humanise, indicator_id, unit_of
from petakesos.welfare.regions import RegionIndex, same_name

LEVELS = ("provinsi", "kabupaten_kota", "kecamatan", "desa_kelurahan")
CODE_COLUMNS = {
    "provinsi": {"kode_provinsi", "kode_prov", "kd_prov", "kode_propinsi", "kode_bps_provinsi"},
    "kabupaten_kota": {
        "kode_kabupaten_kota", "kode_kabupaten", "kode_kota", "kode_kab", "kode_kab_kota", "kd_kab",
        "kode_kabkota", "kode_bps_kabupaten_kota",
    },
    "kecamatan": {"kode_kecamatan", "kode_kec", "kd_kec", "kode_bps_kecamatan"},
    "desa_kelurahan": {
        "kode_desa", "kode_kelurahan", "kode_desa_kelurahan", "kd_desa", "kode_desa_kel", "kode_bps_desa",
    },
    "": {"kode", "kode_wilayah", "kode_kemendagri", "kode_dagri", "kd_wilayah", "kode_bps", "kode_wilayah_bps"},
}
NAME_COLUMNS = {
    "provinsi": {"nama_provinsi", "provinsi", "nama_prov", "propinsi", "prov"},
    "kabupaten_kota": {
        "nama_kabupaten_kota", "kabupaten_kota", "nama_kabupaten", "kabupaten", "kota", "kab_kota", "nama_kab_kota",
        "nama_kabkota", "kabkota", "nama_kota",
    },
    "kecamatan": {"nama_kecamatan", "kecamatan", "nama_kec", "kec"},
    "desa_kelurahan": {
        "nama_desa", "desa", "kelurahan", "desa_kelurahan", "nama_desa_kelurahan", "nama_kelurahan", "desa_kel",
    },
    "": {"nama", "nama_wilayah", "wilayah", "nm_wilayah"},
}
YEAR_COLUMNS = {"tahun", "tahun_data", "thn", "tahun_laporan", "periode"}
CATEGORY_COLUMNS = {"kategori", "jenis", "jenis_pmks", "jenis_psks", "kategori_pmks", "kategori_psks", "uraian",
                    "jenis_kategori", "nama_kategori", "indikator", "jenis_penyandang", "nama_indikator", "variabel",
                    "jenis_bantuan", "program", "jenis_program"}
# Category columns that say PMKS/PSKS: their values are never taken for general indicators.
PMKS_CATEGORY_COLUMNS = {"jenis_pmks", "jenis_psks", "kategori_pmks", "kategori_psks", "jenis_penyandang"}
VALUE_COLUMNS = {"jumlah", "nilai", "value", "jml", "banyaknya", "jumlah_jiwa", "jumlah_orang"}
TOTAL_COLUMNS = {"jumlah", "total", "jumlah_total", "total_pmks", "jumlah_pmks", "jml", "jumlah_psks"}
IGNORED_COLUMNS = {"no", "nomor", "no_urut", "id", "satuan", "keterangan", "ket", "sumber", "catatan"}
REGISTRY_COLUMNS = {
    "nama": {"nama_wksbm", "nama_wahana"},
    "tahun_bentuk": {"tahun_bentuk", "tahun_dibentuk", "tahun_pembentukan", "tahun_berdiri"},
    "tahap": {"tahap", "tahapan", "status", "status_wksbm", "tahap_wksbm"},
    "nomor_sk": {"nomor_sk", "no_sk", "sk", "nomor_sk_pembentukan", "sk_pembentukan"},
    "ketua": {"ketua", "nama_ketua"},
    "jumlah_anggota": {"jumlah_anggota", "anggota", "jumlah_kps", "jumlah_anggota_kps"},
    "kegiatan": {"kegiatan", "jenis_kegiatan", "kegiatan_utama"},
}
KPS_ALIASES = {
    "arisan": {"arisan", "kps_arisan"},
    "majelis_taklim": {"majelis_taklim", "kps_majelis_taklim", "majelis_talim", "pengajian"},
    "kub": {"kub", "kube", "kps_kub", "kelompok_usaha_bersama", "kps_kelompok_usaha_bersama"},
    "lumbung_desa": {"lumbung_desa", "kps_lumbung_desa", "lumbung"},
    "rt_rw": {"rt_rw", "kps_rt_rw", "rtrw"},
    "dasa_wisma": {"dasa_wisma", "kps_dasa_wisma", "dasawisma"},
    "pkk": {"pkk", "kps_pkk"},
    "karang_taruna": {"karang_taruna", "kps_karang_taruna"},
    "gapoktan": {"gapoktan", "kps_gapoktan"},
    "lainnya": {"lainnya", "kps_lainnya", "kps_lain", "lain_lain"},
}
TAHAP_ALIASES = {"terbentuk": "terbentuk", "baru": "terbentuk", "dibentuk": "terbentuk", "tumbuh": "berjalan",
                 "berjalan": "berjalan", "berkembang": "berjalan", "eksis": "eksis", "mandiri": "eksis"}
_TOTAL_ROW = re.compile(r"^(jumlah|total|sub ?total|jml)\b", re.IGNORECASE)
_YEAR = re.compile(r"\b(19[89]\d|20\d\d)\b")
_THOUSANDS = r"^-?\d{1,3}(\.\d{3})+(,\d+)?$"
_EMPTY = {"", "-", "–", "—", "..", "...", "…"}


def col_key(name: str) -> str:
    return norm_text(name).replace(" ", "_")


@dataclass
class Normalised:
    table: RawTable
    layout: str
    counts: pd.DataFrame = field(default_factory=pd.DataFrame)  # row, column, kode, tahun, jenis, kategori, nilai
    wksbm: pd.DataFrame = field(default_factory=pd.DataFrame)
    bad_rows: set[int] = field(default_factory=set)  # rows holding an error (held back by validate)
    ignored_rows: set[int] = field(default_factory=set)  # rows skipped on purpose (total rows, empty)
    tingkat: pd.Series | None = None
    # General indicators found in this file (portal measure column, or named with --indikator): id → definition.
    general: dict[str, GeneralIndicator] = field(default_factory=dict)


@dataclass(frozen=True)
class GeneralOptions:
    """What the command line says about a general indicator (`--indikator ID --nama … --satuan … --agregasi …
    --sensitif --arah …`); fields left None are taken from the file (measure column, unit column)."""

    indikator: str | None = None
    nama: str | None = None
    satuan: str | None = None
    agregasi: str | None = None
    sensitif: bool = False
    kelompok: str | None = None
    arah: str | None = None  # direction of "good" (petakesos.direction), from `--arah naik-baik|turun-baik`
    # Indicators declared in a definitions file (`--definisi`): a measure column with a declared id takes its name,
    # unit, aggregation, group and sensitivity from there (the command-line options above still win).
    declared: tuple[GeneralIndicator, ...] = ()


def parse_numbers(values: pd.Series) -> tuple[np.ndarray, np.ndarray]:
    """Indonesian numbers (`1.234`, `1.234,5`, `12,5`) → (float array with NaN for empty, mask of unreadable)."""
    s = values.astype(str).str.replace(r"[\s\u00a0]", "", regex=True)
    empty = s.isin(_EMPTY).to_numpy()
    thousands = s.str.match(_THOUSANDS)
    s = s.where(~thousands, s.str.replace(".", "", regex=False)).str.replace(",", ".", regex=False)
    nums = pd.to_numeric(s, errors="coerce").to_numpy(dtype=float, copy=True)
    bad = np.isnan(nums) & ~empty
    nums[empty] = np.nan
    return nums, bad


class _Ctx:
    def __init__(self, table: RawTable, report: Report) -> None:
        self.table, self.report = table, report
        self.file = table.file.name

    def where(self, row: int | None = None, column: str = "") -> dict:
        return {"file": self.file, "sheet": self.table.sheet, "row": row, "column": column}


def _roles(columns: list[str]) -> dict[str, str]:
    """Column → role: code:<lvl>, name:<lvl>, tahun, kategori, nilai, ignore, reg:<field>, kps:<type>."""
    roles: dict[str, str] = {}
    for col in columns:
        key = col_key(col)
        for level, keys in CODE_COLUMNS.items():
            if key in keys:
                roles[col] = f"code:{level}"
        for level, keys in NAME_COLUMNS.items():
            if key in keys and col not in roles:
                roles[col] = f"name:{level}"
        if col in roles:
            continue
        if key in YEAR_COLUMNS:
            roles[col] = "tahun"
        elif key in CATEGORY_COLUMNS:
            roles[col] = "kategori"
        elif key in IGNORED_COLUMNS:
            roles[col] = "ignore"
        else:
            for fld, keys in REGISTRY_COLUMNS.items():
                if key in keys:
                    roles[col] = f"reg:{fld}"
            for kps, keys in KPS_ALIASES.items():
                if key in keys and col not in roles:
                    roles[col] = f"kps:{kps}"
    return roles


def _choose_layout(roles: dict[str, str], columns: list[str]) -> str:
    values = set(roles.values())
    if "reg:nama" in values or "reg:tahap" in values:
        return "registri"
    portal = {"code:provinsi", "code:kabupaten_kota"} <= values or {"name:provinsi", "name:kabupaten_kota"} <= values
    if portal and any(col_key(c) == "satuan" for c in columns):
        return "portal"
    if "kategori" in values and any(col_key(c) in VALUE_COLUMNS for c in columns):
        return "panjang"
    return "lebar"


# ---- code editions -----------------------------------------------------------------------------------------
_CODE_ORDER = ("", "desa_kelurahan", "kecamatan", "kabupaten_kota", "provinsi")


def apply_code_edition(frame: pd.DataFrame, roles: dict[str, str], ctx: _Ctx, edisi: str | None,
                       data_dir: Path | None, bad: set[int]) -> pd.DataFrame:
    """Codes of the Kemendagri 2023 edition → 2025 (petakesos.welfare.editions): `edisi` '2023'/'2025' forces the
    edition, None detects it (and says so). A unit that moved unchanged gets its 2025 code with an info line; a
    unit whose territory changed is an error on its rows (not assigned). Only the most specific code of a row is
    its key; coarser code columns are parents and are left alone."""
    cols = sorted((c for c, r in roles.items() if r.startswith("code:")),
                  key=lambda c: _CODE_ORDER.index(roles[c].split(":")[1]))
    if not cols or data_dir is None:
        return frame
    keyed = np.zeros(len(frame), dtype=bool)
    key_cells: list[tuple[str, np.ndarray, pd.Series]] = []
    for col in cols:
        raw = frame[col].astype(str).str.strip()
        todo = (raw != "").to_numpy() & ~keyed
        keyed |= todo
        key_cells.append((col, todo, raw.map(kode_util.try_normalise)))
    codes = {c for _, todo, norm in key_cells for c in norm[todo].dropna()}
    detected = editions.detect(codes, data_dir)
    chosen = edisi or detected or "2025"
    how = "ditentukan --edisi-kode" if edisi else ("terdeteksi dari kode yang hanya ada di edisi itu" if detected
                                                   else "kode sama di kedua edisi")
    ctx.report.note(f"{ctx.file}: edisi kode wilayah Kemendagri {chosen} ({how})")
    if chosen != "2023":
        return frame
    emap = editions.edition_map(data_dir)
    frame = frame.copy()
    rows = frame.index.to_numpy()
    for col, todo, norm in key_cells:
        for code in sorted(set(norm[todo].dropna())):
            new, what = emap.translate(code)
            at = np.flatnonzero(todo & (norm == code).to_numpy())
            if what == "pindah":
                frame.loc[frame.index[at], col] = new
                ctx.report.info(
                    "kode_edisi_2023",
                    f"kode 2023 {code} ({emap.names_2023.get(code, '')}) dipetakan ke kode 2025 {new} (wilayah sama, "
                    f"kode berubah; {len(at)} baris)",
                    kode=new, **ctx.where(int(rows[at[0]]), col),
                )
            elif what == "dimekarkan":
                for i in at:
                    ctx.report.error(
                        "wilayah_dimekarkan",
                        f"kode 2023 {code} ({emap.names_2023.get(code, '')}) wilayahnya berubah pada edisi 2025 "
                        "(pemekaran): nilainya tidak bisa diberikan ke satu wilayah 2025; isi data per wilayah baru",
                        kode=code, **ctx.where(int(rows[i]), col),
                    )
                    bad.add(int(rows[i]))
    return frame


# ---- regions -----------------------------------------------------------------------------------------------
def resolve_regions(
    frame: pd.DataFrame, roles: dict[str, str], index: RegionIndex, ctx: _Ctx, registry: bool,
    code_scheme: str | None = None,
) -> tuple[pd.Series, set[int], set[int]]:
    """kode per row (None where not found), rows with an error, total rows to ignore."""
    code_cols = {r.split(":")[1]: c for c, r in roles.items() if r.startswith("code:")}
    name_cols = {r.split(":")[1]: c for c, r in roles.items() if r.startswith("name:")}
    n = len(frame)
    result = np.full(n, None, dtype=object)
    bad: set[int] = set()
    totals: set[int] = set()
    rows = frame.index.to_numpy()

    # 1. codes: the most specific code column that has a value in the row
    ordered = [lvl for lvl in ("", "desa_kelurahan", "kecamatan", "kabupaten_kota", "provinsi") if lvl in code_cols]
    code_source = np.full(n, "", dtype=object)
    for lvl in ordered:
        col = code_cols[lvl]
        raw = frame[col].astype(str).str.strip()
        todo = (raw != "").to_numpy() & (code_source == "")
        if not todo.any():
            continue
        same_level_name = name_cols.get(lvl) or name_cols.get("")
        found = _resolve_code_column(raw[todo], col, lvl, frame.loc[todo, same_level_name] if same_level_name
                                     else None, index, ctx, code_scheme)
        result[todo] = found.to_numpy()
        code_source[todo] = col
        unresolved = todo & pd.isna(result)
        for i in np.flatnonzero(unresolved):
            ctx.report.error(
                "wilayah_tidak_dikenal",
                f"kode {raw.iloc[i]!r} tidak ada dalam daftar kode wilayah Kemendagri 2025 (juga tidak sebagai kode "
                "BPS): periksa kodenya, atau kosongkan sel kode dan isi nama wilayah",
                kode=raw.iloc[i], **ctx.where(int(rows[i]), col),
            )
            bad.add(int(rows[i]))
            code_source[i] = "x"

    # 2. names, top-down within the parent found so far, for rows without a code
    if name_cols:
        need = np.array([s == "" for s in code_source])
        parent = np.full(n, None, dtype=object)
        levels = [lvl for lvl in LEVELS if lvl in name_cols]
        # Parent codes from coarser code columns help the name search (e.g. kode_kabupaten + nama_desa).
        for lvl in ("provinsi", "kabupaten_kota", "kecamatan"):
            if lvl in code_cols:
                codes = frame[code_cols[lvl]].map(index.by_kemendagri).to_numpy()
                has = need & pd.notna(codes)
                parent[has] = codes[has]
        generic = name_cols.get("") if not levels or ("" in name_cols and not registry) else None
        for i in np.flatnonzero(need):
            row = int(rows[i])
            current: str | None = parent[i]
            label_any = ""
            for lvl in levels + (["*"] if generic else []):
                col = generic if lvl == "*" else name_cols[lvl]
                name = str(frame.iat[i, frame.columns.get_loc(col)]).strip()
                if not name:
                    continue
                label_any = name
                if current and lvl != "*" and len(current) >= {"provinsi": 2, "kabupaten_kota": 5, "kecamatan": 8,
                                                                 "desa_kelurahan": 13}[lvl]:
                    continue  # already found at this level through a code
                if _TOTAL_ROW.match(name):
                    totals.add(row)
                    current = None
                    break
                found = _find_by_name(index, name, current, lvl)
                if found.kode is None:
                    if found.how == "ambigu":
                        ctx.report.error(
                            "nama_ambigu",
                            f"nama {name!r} cocok dengan beberapa wilayah ({', '.join(found.candidates[:5])}): isi "
                            "kolom kode wilayah, atau nama wilayah induknya",
                            nama=name, **ctx.where(row, col),
                        )
                    else:
                        ctx.report.error(
                            "wilayah_tidak_dikenal",
                            f"wilayah {name!r} tidak ditemukan"
                            f"{' di dalam ' + index.nama.get(current, current) if current else ''}: periksa ejaan "
                            "atau isi kolom kode wilayah",
                            nama=name, **ctx.where(row, col),
                        )
                    bad.add(row)
                    current = None
                    break
                current = found.kode
            if row in totals or row in bad:
                continue
            if current:
                result[i] = current
                ctx.report.warning(
                    "cocok_nama",
                    f"wilayah ditemukan dari nama (tanpa kode): {current} {index.nama[current]}",
                    kode=current, nama=label_any, **ctx.where(row),
                )
            else:
                bad.add(row)
                ctx.report.error("wilayah_kosong", "baris tanpa kode maupun nama wilayah: isi kode wilayah",
                                 **ctx.where(row))
    else:
        for i in np.flatnonzero(code_source == ""):
            ctx.report.error("wilayah_kosong", "baris tanpa kode wilayah: isi kode wilayah", **ctx.where(int(rows[i])))
            bad.add(int(rows[i]))
    if not code_cols and not name_cols:
        ctx.report.error(
            "kolom_wilayah_tidak_ada",
            "tidak ada kolom kode atau nama wilayah (cari: kode, kode_wilayah, kode_desa, kode_kabupaten_kota, "
            "nama_desa, …); gunakan templat `python -m etl template`",
            **ctx.where(),
        )
    return pd.Series(result, index=frame.index), bad, totals


def _find_by_name(index: RegionIndex, name: str, parent: str | None, lvl: str):
    if lvl != "*":
        return index.by_name(name, parent if parent is not None else None, lvl)
    # a generic name column: the level below the parent, else a unique match at any level
    if parent:
        child = kode_util.child_tingkat(kode_util.tingkat_of(parent))
        return index.by_name(name, parent, child) if child else index.by_name(name, parent, "desa_kelurahan")
    for level in ("provinsi", "kabupaten_kota", "kecamatan", "desa_kelurahan"):
        found = index.by_name(name, None, level)
        if found.kode or found.how == "ambigu":
            return found
    return found


def _resolve_code_column(
    raw: pd.Series, col: str, lvl: str, names: pd.Series | None, index: RegionIndex, ctx: _Ctx,
    code_scheme: str | None = None,
) -> pd.Series:
    """Codes of one column → dotted Kemendagri codes, choosing Kemendagri or BPS for the column (or as
    `code_scheme` says: `--skema-kode`)."""
    uniq = pd.unique(raw)
    dagri = {u: index.by_kemendagri(u) for u in uniq}
    dotted = all("." in u and not re.fullmatch(r"\d+\.0+", u) for u in uniq)
    scheme = "kemendagri"
    if code_scheme:
        scheme = code_scheme
    elif "bps" in col_key(col):
        scheme = "bps"
    elif not dotted:
        bps = {u: index.by_bps(u).kode for u in uniq}
        if names is not None:
            pairs = pd.DataFrame({"raw": raw.to_numpy(), "nama": names.astype(str).to_numpy()}).drop_duplicates()
            agree_d = sum(
                bool(dagri[r]) and same_name(index.nama[dagri[r]], n, index.tingkat[dagri[r]])
                for r, n in zip(pairs["raw"], pairs["nama"], strict=True)
            )
            agree_b = sum(
                bool(bps[r]) and same_name(index.nama[bps[r]], n, index.tingkat[bps[r]])
                for r, n in zip(pairs["raw"], pairs["nama"], strict=True)
            )
            if agree_b > agree_d:
                scheme = "bps"
        elif sum(v is not None for v in dagri.values()) < sum(v is not None for v in bps.values()):
            scheme = "bps"
        if names is None:
            warn_ambiguous_codes(dagri, bps, scheme, col, index, ctx)
    if scheme == "bps":
        mapping = {u: index.by_bps(u).kode for u in uniq}
        ctx.report.info(
            "kode_bps",
            f"kolom {col!r} dibaca sebagai kode BPS dan diterjemahkan ke kode Kemendagri (jembatan BPS–Kemendagri)",
            **ctx.where(None, col),
        )
    else:
        mapping = dagri
    out = raw.map(mapping)
    if names is not None:
        mismatch = []
        for r, n, k in zip(raw.index, names.astype(str), out, strict=True):
            if isinstance(k, str) and n.strip() and not same_name(index.nama[k], n, index.tingkat[k]):
                mismatch.append((r, n, k))
        for r, n, k in mismatch[:200]:
            ctx.report.warning(
                "nama_tidak_cocok",
                f"nama {n!r} berbeda dengan nama resmi kode {k}: {index.nama[k]!r} (kode yang dipakai)",
                kode=k, nama=n, **ctx.where(int(r), col),
            )
    return out


def warn_ambiguous_codes(dagri: dict, bps: dict, scheme: str, col: str, index: RegionIndex, ctx: _Ctx) -> None:
    """Codes valid both as Kemendagri and as BPS codes of different regions (7501: Kabupaten Gorontalo or Boalemo),
    with no name column to decide: say which scheme was assumed and how to choose."""
    both = [u for u in dagri if dagri[u] and bps.get(u) and dagri[u] != bps[u]]
    if not both:
        return
    u = both[0]
    ctx.report.warning(
        "kode_ambigu",
        f"{len(both)} kode berlaku sebagai kode Kemendagri maupun BPS untuk wilayah yang berbeda (mis. {u}: "
        f"Kemendagri {index.nama[dagri[u]]}, BPS {index.nama[bps[u]]}); dibaca sebagai kode "
        f"{'BPS' if scheme == 'bps' else 'Kemendagri'}. Pilih dengan --skema-kode bps|kemendagri, atau tambahkan "
        "kolom nama wilayah",
        kode=u, **ctx.where(None, col),
    )


def _mixed_levels(kode: pd.Series, ctx: _Ctx, registry: bool, bad: set[int], allow: bool = False) -> pd.Series:
    """Rows of another level than most of the file are errors (a subtotal would count twice), except where
    `allow`: portal tables often carry the province row beside its kab/kota; the roll-up uses the children's sum
    there ("detail wins") and validate compares the two (`induk_tidak_sama`)."""
    tingkat = kode.map(lambda k: kode_util.tingkat_of(k) if isinstance(k, str) else None)
    if allow:
        return tingkat
    if registry:
        wrong = tingkat.notna() & ~tingkat.isin(["desa_kelurahan", "kecamatan"])
        reason = "WKSBM dicatat per desa/kelurahan atau per kecamatan"
    else:
        counts = tingkat.value_counts()
        if len(counts) <= 1:
            return tingkat
        main = counts.index[0]
        wrong = tingkat.notna() & (tingkat != main)
        reason = f"sebagian besar baris file ini tingkat {main}; baris subtotal ikut terhitung dua kali"
    for row, k, t in zip(kode.index[wrong], kode[wrong], tingkat[wrong], strict=True):
        ctx.report.error(
            "tingkat_campuran",
            f"baris tingkat {t} ({k}): {reason}. Hapus baris ini atau pisahkan ke file lain",
            kode=k, **ctx.where(int(row)),
        )
        bad.add(int(row))
    return tingkat


# ---- years -------------------------------------------------------------------------------------------------
def _years(frame: pd.DataFrame, roles: dict[str, str], ctx: _Ctx, tahun: int | None, bad: set[int],
           max_year: int) -> pd.Series:
    year_col = next((c for c, r in roles.items() if r == "tahun"), None)
    if year_col is None:
        if tahun is None:
            found = set(_YEAR.findall(ctx.table.title))
            if len(found) == 1:
                tahun = int(found.pop())
                ctx.report.info("tahun_dari_judul", f"tahun {tahun} diambil dari judul tabel", **ctx.where())
        if tahun is None:
            ctx.report.error(
                "tahun_kosong",
                "tidak ada kolom tahun dan tahun tidak disebut di judul: tambah kolom 'tahun' atau beri --tahun",
                **ctx.where(),
            )
            bad.update(int(r) for r in frame.index)
            return pd.Series(np.nan, index=frame.index)
        years = pd.Series(float(tahun), index=frame.index)
    else:
        years_raw, unreadable = parse_numbers(frame[year_col])
        years = pd.Series(years_raw, index=frame.index)
        for row in frame.index[unreadable]:
            ctx.report.error("tahun_mustahil", f"tahun {frame.at[row, year_col]!r} bukan angka tahun",
                             **ctx.where(int(row), year_col))
            bad.add(int(row))
        if tahun is not None:
            years = years.fillna(float(tahun))
        empty = years.isna() & ~pd.Series(unreadable, index=frame.index)
        for row in frame.index[empty]:
            ctx.report.error("tahun_kosong", "tahun kosong: isi tahun data", **ctx.where(int(row), year_col))
            bad.add(int(row))
    return validate.year_problems(years, ctx, bad, max_year, year_col or "")


# ---- count layouts -----------------------------------------------------------------------------------------
def _counts_wide(frame, roles, matcher: CategoryMatcher, ctx: _Ctx, bad: set[int], portal: bool,
                 options: GeneralOptions, general: dict[str, GeneralIndicator]) -> pd.DataFrame:
    rows = frame.index.to_numpy()
    parts = []
    cat_cols: list[tuple[str, str, str]] = []
    total_col = None
    measures = [c for c in frame.columns if c not in roles]
    unit_col = next((c for c in frame.columns if col_key(c) == "satuan"), None)
    if len(measures) == 1 and (options.indikator or (portal and matcher.match(measures[0]) is None)):
        # One measure column that is not a PMKS/PSKS category: a general indicator (named after the column and
        # the unit column unless the command line names it).
        return _general_values(frame, measures[0], unit_col, options, ctx, bad, general)
    declared = {d.indikator for d in options.declared if d.agregasi != "ratio"}
    for col in measures:
        if indicator_id(col) in declared:  # a column declared in the definitions file: a general indicator
            parts.append(_general_values(frame, col, unit_col, replace(options, indikator=None), ctx, bad, general))
    for col in frame.columns:
        if col in roles or indicator_id(col) in declared:
            continue
        key = col_key(col)
        found = matcher.match(col)
        if found is None and key in TOTAL_COLUMNS:
            total_col = col
            continue
        if found is None:
            nums, _ = parse_numbers(frame[col])
            if portal and len([c for c in frame.columns if c not in roles]) == 1:
                ctx.report.error(
                    "kategori_tidak_dikenal",
                    f"kolom ukuran {col!r} tidak bisa dikaitkan dengan kategori PMKS/PSKS: ganti nama kolom dengan "
                    "nama resmi atau singkatan kategori, atau tambahkan --kategori-lokal",
                    **ctx.where(None, col),
                )
            elif np.isfinite(nums).any():
                ctx.report.error(
                    "kategori_tidak_dikenal",
                    f"kolom {col!r} berisi angka tetapi bukan kategori PMKS/PSKS yang dikenal: ganti judul kolom "
                    "dengan nama resmi/singkatan, tambahkan --kategori-lokal SINGKATAN=Nama, atau hapus kolomnya",
                    **ctx.where(None, col),
                )
            else:
                ctx.report.info("kolom_diabaikan", f"kolom {col!r} tanpa angka diabaikan", **ctx.where(None, col))
            continue
        if found.how == "mirip":
            ctx.report.warning(
                "kategori_mirip",
                f"judul kolom {col!r} dibaca sebagai {found.jenis} {found.singkatan} (ejaan mirip, "
                f"{found.score:.0%}); periksa",
                **ctx.where(None, col),
            )
        elif found.how == "alias":
            ctx.report.info("kategori_alias", f"judul kolom {col!r} dibaca sebagai {found.jenis} {found.singkatan} "
                            "(nama lama/lain)", **ctx.where(None, col))
        cat_cols.append((col, found.jenis, found.singkatan))
    seen: dict[tuple[str, str], str] = {}
    for col, jenis, singkatan in cat_cols:
        if (jenis, singkatan) in seen:
            ctx.report.error(
                "kategori_ganda",
                f"kolom {col!r} dan {seen[(jenis, singkatan)]!r} sama-sama kategori {singkatan}: hapus salah satu",
                **ctx.where(None, col),
            )
            bad.update(int(r) for r in rows)
            continue
        seen[(jenis, singkatan)] = col
        raw = frame[col]
        nums, unreadable = parse_numbers(raw)
        ok = validate.value_problems(nums, unreadable, raw, rows, col, ctx, bad)
        parts.append(pd.DataFrame({"row": rows[ok], "column": col, "jenis": jenis, "kategori": singkatan,
                                   "nilai": nums[ok]}))
    if total_col is not None and parts:
        long = pd.concat(parts)
        sums = long.loc[long["jenis"] == "PMKS"].groupby("row")["nilai"].sum()
        totals, _ = parse_numbers(frame[total_col])
        given = pd.Series(totals, index=rows).reindex(sums.index)
        off = given.notna() & (given != sums)
        for row in sums.index[off.to_numpy()][:200]:
            ctx.report.warning(
                "total_tidak_cocok",
                f"kolom {total_col!r} = {given[row]:g} tetapi jumlah kategori PMKS = {sums[row]:g} (kolom total "
                "tidak diimpor; indikator dihitung dari kategori)",
                **ctx.where(int(row), total_col),
            )
    if not parts:
        if not cat_cols:
            ctx.report.error(
                "kategori_tidak_dikenal",
                "tidak ada kolom kategori PMKS/PSKS yang dikenal (judul kolom harus nama resmi atau singkatan)",
                **ctx.where(),
            )
        return pd.DataFrame(columns=["row", "column", "jenis", "kategori", "nilai"])
    return pd.concat(parts, ignore_index=True)


def _counts_long(frame, roles, matcher: CategoryMatcher, ctx: _Ctx, bad: set[int], options: GeneralOptions,
                 general: dict[str, GeneralIndicator]) -> pd.DataFrame:
    """A category column and a value column. Each value of the category column is a PMKS/PSKS category, or — when
    none of them is (`jenis` = PKH, BPNT; the Satu Data long form with several measures), or when it is declared in
    the definitions file — a general indicator of its own (`_general_long`). A column mixing both is ambiguous:
    its unknown values are refused with the ways out."""
    cat_col = next(c for c, r in roles.items() if r == "kategori")
    value_col = next(c for c in frame.columns if col_key(c) in VALUE_COLUMNS and c not in roles)
    labels = frame[cat_col].astype(str).str.strip()
    distinct = list(dict.fromkeys(labels))
    matched = {label: matcher.match(label) for label in distinct}
    declared = {d.indikator for d in options.declared if d.agregasi != "ratio"}
    as_general = [label for label in distinct if indicator_id(label) in declared]
    unknown = [label for label in distinct if matched[label] is None and label not in as_general]
    categories = [label for label in distinct if label not in unknown and label not in as_general]
    # Values none of which is a category are general indicators when the file or the command line gives them a
    # unit (a `satuan` column, --satuan/--agregasi/--indikator); without one they are more likely misspelt
    # categories, and are refused with both ways out.
    has_unit = any(col_key(c) == "satuan" for c in frame.columns) or options.satuan or options.agregasi
    if options.indikator or (unknown and not categories and has_unit and col_key(cat_col) not in PMKS_CATEGORY_COLUMNS):
        as_general += unknown
        unknown = []
    parts = []
    if as_general:
        parts.append(_general_long(frame, labels, as_general, cat_col, value_col, options, ctx, bad, general))
    is_category = labels.isin(categories).to_numpy()
    rows = frame.index.to_numpy()
    found = labels.map(lambda label: matched[label] if label in categories else None)
    reported: set[str] = set()
    for i, (label, f) in enumerate(zip(labels, found, strict=True)):
        if label in unknown:
            if categories:
                hint = (f"Bila ini indikator umum (mis. penerima PKH), kolom {cat_col!r} bercampur dengan kategori "
                        f"PMKS/PSKS ({', '.join(categories[:3])}): pindahkan indikator umum ke file sendiri atau "
                        "nyatakan di --definisi")
            else:
                hint = ("Bila ini indikator umum (mis. penerima PKH), tambahkan kolom satuan atau beri --satuan "
                        "(tiap nilai kolom ini menjadi satu indikator)")
            ctx.report.error(
                "kategori_tidak_dikenal",
                f"kategori {label!r} tidak dikenal: pakai nama resmi atau singkatan PMKS/PSKS, atau "
                f"--kategori-lokal SINGKATAN=Nama. {hint}",
                **ctx.where(int(rows[i]), cat_col),
            )
            bad.add(int(rows[i]))
        elif f is None:
            continue
        elif f.how == "alias" and label not in reported:
            reported.add(label)
            ctx.report.info("kategori_alias", f"kategori {label!r} dibaca sebagai {f.jenis} {f.singkatan} "
                            "(nama lama/lain)", **ctx.where(int(rows[i]), cat_col))
        elif f.how == "mirip" and label not in reported:
            reported.add(label)
            ctx.report.warning(
                "kategori_mirip",
                f"kategori {label!r} dibaca sebagai {f.jenis} {f.singkatan} (ejaan mirip, {f.score:.0%}); periksa",
                **ctx.where(int(rows[i]), cat_col),
            )
    sub = frame.loc[is_category]
    sub_rows, sub_found = rows[is_category], found[is_category]
    nums, unreadable = parse_numbers(sub[value_col])
    ok = validate.value_problems(nums, unreadable, sub[value_col], sub_rows, value_col, ctx, bad)
    parts.append(pd.DataFrame(
        {
            "row": sub_rows[ok],
            "column": value_col,
            "jenis": [f.jenis for f in sub_found[ok]],
            "kategori": [f.singkatan for f in sub_found[ok]],
            "nilai": nums[ok],
        }
    ))
    return pd.concat(parts, ignore_index=True)


def _general_long(frame, labels: pd.Series, names: list[str], cat_col: str, value_col: str, options: GeneralOptions,
                  ctx: _Ctx, bad: set[int], general: dict[str, GeneralIndicator]) -> pd.DataFrame:
    """Each listed value of the category column as a general indicator (id and name from the value unless
    declared), with its own rows' unit (`satuan` column) unless --satuan says it. --indikator and --nama name one
    indicator: with several values in the column they are ambiguous and refused."""
    unit_col = next((c for c in frame.columns if col_key(c) == "satuan"), None)
    if (options.indikator or options.nama) and len(names) > 1:
        ctx.report.error(
            "indikator_ambigu",
            f"kolom {cat_col!r} berisi {len(names)} indikator ({', '.join(names[:5])}): --indikator/--nama hanya "
            "untuk satu indikator; nyatakan nama dan satuan tiap indikator di --definisi (kolom indikator = nilai "
            "di kolom ini, mis. " + indicator_id(names[0]) + ")",
            **ctx.where(None, cat_col),
        )
        bad.update(int(r) for r in frame.index[labels.isin(names).to_numpy()])
        return pd.DataFrame(columns=["row", "column", "jenis", "kategori", "nilai"])
    parts = [
        _general_values(frame.loc[(labels == name).to_numpy()], value_col, unit_col, options, ctx, bad, general,
                        label=(name, cat_col))
        for name in names
    ]
    return pd.concat(parts, ignore_index=True)


def _general_values(frame: pd.DataFrame, col: str, unit_col: str | None, options: GeneralOptions, ctx: _Ctx,
                    bad: set[int], general: dict[str, GeneralIndicator],
                    label: tuple[str, str] | None = None) -> pd.DataFrame:
    """Values of one measure column as a general indicator: unit from --satuan or the unit column (scaled, e.g.
    RIBU JIWA → people × 1000), whole numbers required where the unit counts (people, families), decimals kept
    where it allows them (percentages). `label` (value, category column): the rows of one value of a long
    table's category column, which then names the indicator instead of the measure column."""
    named = label[0] if label else col
    rows = frame.index.to_numpy()
    def refuse(code: str, message: str, column: str) -> pd.DataFrame:
        """A unit problem concerns the whole column: every row is held back."""
        ctx.report.error(code, message, **ctx.where(None, column))
        bad.update(int(r) for r in rows)
        return pd.DataFrame(columns=["row", "column", "jenis", "kategori", "nilai"])

    ind_id = options.indikator or indicator_id(named)
    known = next((d for d in options.declared if d.indikator == ind_id), None)
    written = options.satuan
    if written is None and unit_col is not None:
        found = sorted({u.strip() for u in frame[unit_col].astype(str) if u.strip()})
        if len(found) > 1:
            return refuse("satuan_campuran", f"kolom {unit_col!r} berisi beberapa satuan untuk {named!r} "
                          f"({', '.join(found[:5])}): satu indikator satu satuan, atau beri --satuan", unit_col)
        written = found[0] if found else None
    if written is None and known is not None:
        written = known.satuan
    unit = unit_of(written) if written else None
    declared_agregasi = known.agregasi if known is not None and known.agregasi != "ratio" else None
    if unit is None and options.agregasi is None and declared_agregasi is None:
        return refuse("satuan_tidak_dikenal", f"satuan {written!r} tidak dikenal untuk kolom {col!r}: beri --satuan "
                      "(mis. jiwa, keluarga, persen) dan --agregasi sum|none", unit_col or col)
    satuan = unit.satuan if unit else str(written or "").strip()
    skala = unit.skala if unit else 1.0
    agregasi = options.agregasi or declared_agregasi or (unit.agregasi if unit else "none")
    whole = agregasi == "sum" and (unit is None or unit.count)
    nums, unreadable = parse_numbers(frame[col])
    scaled = nums * skala
    ok = validate.scaled_value_problems(scaled, unreadable, frame[col], rows, col, ctx, bad, whole=whole,
                                        written=written or "", satuan=satuan)
    values = np.where(whole, np.round(scaled), scaled)
    written_decimals = frame[col].astype(str).str.extract(r"[.,](\d+)$")[0].str.len().fillna(0)
    desimal = 0 if whole else int(min(2, written_decimals.max() if len(written_decimals) else 0))
    general[ind_id] = GeneralIndicator(
        indikator=ind_id, nama=options.nama or (known.nama if known else humanise(named)), satuan=satuan,
        agregasi=agregasi, skala=skala, desimal=desimal,
        kelompok=options.kelompok or (known.kelompok if known else GENERAL_GROUP),
        sensitif=options.sensitif or (known.sensitif if known else False),
        definisi=known.definisi if known else "",
        arah=options.arah or (known.arah if known else None),
    )
    what = f"nilai {label[0]!r} di kolom {label[1]!r}" if label else f"kolom {col!r}"
    ctx.report.info(
        "indikator_umum",
        f"{what} diimpor sebagai indikator {ind_id!r} ({general[ind_id].nama}, satuan {satuan}"
        + (f", ditulis ×{skala:,.0f}" if skala != 1 else "") + f", agregasi {agregasi})",
        **ctx.where(None, col),
    )
    return pd.DataFrame({"row": rows[ok], "column": col, "jenis": "UMUM", "kategori": ind_id, "nilai": values[ok]})


# ---- registry ----------------------------------------------------------------------------------------------
def name_key(text: object) -> str:
    return norm_text(text)


def _registry(frame, roles, kode: pd.Series, years: pd.Series, index: RegionIndex, ctx: _Ctx, bad: set[int],
              max_year: int) -> pd.DataFrame:
    rows = frame.index.to_numpy()
    by_field = {r.split(":")[1]: c for c, r in roles.items() if r.startswith("reg:")}
    kps_cols = {r.split(":")[1]: c for c, r in roles.items() if r.startswith("kps:")}

    def text(fld: str) -> pd.Series:
        col = by_field.get(fld)
        return frame[col].astype(str).str.strip() if col else pd.Series("", index=frame.index)

    def number(fld: str, col: str | None) -> pd.Series:
        if not col:
            return pd.Series(np.nan, index=frame.index)
        nums, unreadable = parse_numbers(frame[col])
        validate.value_problems(nums, unreadable, frame[col], rows, col, ctx, bad)
        return pd.Series(np.where(unreadable, np.nan, nums), index=frame.index)

    nama = text("nama")
    for row in frame.index[(nama == "").to_numpy() & kode.notna().to_numpy()]:
        nama[row] = f"WKSBM {index.nama[kode[row]]}"
        ctx.report.info("nama_wksbm_kosong", f"nama WKSBM kosong; dipakai {nama[row]!r}", **ctx.where(int(row)))
    tahap_raw = text("tahap").str.lower()
    tahap = tahap_raw.map(lambda t: TAHAP_ALIASES.get(t.split()[0]) if t else None)
    for row in frame.index[(tahap_raw != "").to_numpy() & tahap.isna().to_numpy()]:
        ctx.report.error(
            "tahap_tidak_dikenal",
            f"tahap {tahap_raw[row]!r} tidak dikenal: isi {', '.join(TAHAP)}",
            **ctx.where(int(row), by_field["tahap"]),
        )
        bad.add(int(row))
    for row in frame.index[(tahap_raw == "").to_numpy()]:
        ctx.report.warning("tahap_kosong", "tahap WKSBM kosong (dihitung tanpa tahap)",
                           **ctx.where(int(row), by_field.get("tahap", "")))
    bentuk = number("tahun_bentuk", by_field.get("tahun_bentuk"))
    wrong = bentuk.notna() & ((bentuk < 1990) | (bentuk > max_year) | (years.notna() & (bentuk > years)))
    for row in frame.index[wrong.to_numpy()]:
        ctx.report.error(
            "tahun_mustahil",
            f"tahun bentuk {bentuk[row]:g} tidak mungkin (harus 1990–tahun laporan {years[row]:g})",
            **ctx.where(int(row), by_field["tahun_bentuk"]),
        )
        bad.add(int(row))
    out = pd.DataFrame(
        {
            "row": rows,
            "tahun": years.to_numpy(),
            "kode": kode.to_numpy(),
            "nama_kunci": nama.map(name_key).to_numpy(),
            "nama": nama.to_numpy(),
            "tahun_bentuk": bentuk.to_numpy(),
            "tahap": tahap.to_numpy(),
            "nomor_sk": text("nomor_sk").replace("", None).to_numpy(),
            "ketua": text("ketua").replace("", None).to_numpy(),
            "jumlah_anggota": number("jumlah_anggota", by_field.get("jumlah_anggota")).to_numpy(),
        }
    )
    for kps in KPS_TYPES:
        out[f"kps_{kps}"] = number(kps, kps_cols.get(kps)).to_numpy()
    if out["jumlah_anggota"].isna().all() and kps_cols:
        out["jumlah_anggota"] = out[[f"kps_{k}" for k in KPS_TYPES]].sum(axis=1, min_count=1)
    out["kegiatan"] = text("kegiatan").replace("", None).to_numpy()
    return out


def isi_hash(frame: pd.DataFrame, columns: list[str]) -> list[str]:
    if frame.empty:
        return []
    text = frame[columns].apply(lambda c: c.map(lambda v: "" if pd.isna(v) else str(v)))
    joined = text.agg("\x1f".join, axis=1)
    return [hashlib.md5(t.encode(), usedforsecurity=False).hexdigest() for t in joined]


def normalise_table(
    table: RawTable,
    report: Report,
    index: RegionIndex,
    matcher: CategoryMatcher,
    tahun: int | None = None,
    max_year: int = 2100,
    code_scheme: str | None = None,
    options: GeneralOptions | None = None,
    edisi_kode: str | None = None,
    data_dir: Path | None = None,
) -> Normalised:
    options = options or GeneralOptions()
    ctx = _Ctx(table, report)
    frame = table.frame
    roles = _roles(list(frame.columns))
    layout = _choose_layout(roles, list(frame.columns))
    registry = layout == "registri"
    if registry and "reg:nama" not in roles.values():
        generic = next((c for c, r in roles.items() if r == "name:"), None)
        if generic and any(r.startswith("name:") and r != "name:" for r in roles.values()):
            roles[generic] = "reg:nama"  # 'nama' beside 'nama_desa' is the WKSBM's name
    report.note(f"{ctx.file}: tata letak {layout}; kolom dikenali: " +
                ", ".join(f"{c}→{r.replace('code:', 'kode ').replace('name:', 'nama ').strip()}"
                          for c, r in roles.items()))
    bad: set[int] = set()
    # Rows whose data cells are all empty (a template row not filled in) are skipped silently.
    data_cols = [c for c in frame.columns if c not in roles or roles[c].startswith(("reg:", "kps:"))]
    data_cols = [c for c in data_cols if col_key(c) not in IGNORED_COLUMNS]
    if data_cols:
        filled = (frame[data_cols] != "").any(axis=1)
        if not filled.all():
            frame = frame.loc[filled]
            table.frame = frame
    frame = apply_code_edition(frame, roles, ctx, edisi_kode, data_dir, bad)
    kode, region_bad, totals = resolve_regions(frame, roles, index, ctx, registry, code_scheme)
    bad |= region_bad
    for row in sorted(totals):
        report.info("baris_total", "baris jumlah/total diabaikan (dihitung ulang dari wilayahnya)", **ctx.where(row))
    tingkat = _mixed_levels(kode, ctx, registry, bad, allow=layout == "portal")
    years = _years(frame, roles, ctx, tahun, bad, max_year)
    result = Normalised(table, layout, bad_rows=bad, ignored_rows=totals, tingkat=tingkat)
    keep = ~frame.index.isin(list(totals))
    if registry:
        result.wksbm = _registry(frame.loc[keep], roles, kode[keep], years[keep], index, ctx, bad, max_year)
        return result
    if layout == "panjang" or (layout == "portal" and "kategori" in roles.values()):
        if layout == "portal":
            value_cols = [c for c in frame.columns if c not in roles]
            if len(value_cols) == 1 and col_key(value_cols[0]) not in VALUE_COLUMNS:
                frame = frame.rename(columns={value_cols[0]: "jumlah"})
                roles = _roles(list(frame.columns))
        counts = _counts_long(frame.loc[keep], roles, matcher, ctx, bad, options, result.general)
    else:
        counts = _counts_wide(frame.loc[keep], roles, matcher, ctx, bad, portal=layout == "portal", options=options,
                              general=result.general)
    counts["kode"] = kode.reindex(counts["row"]).to_numpy()
    counts["tahun"] = years.reindex(counts["row"]).to_numpy()
    result.counts = counts
    return result

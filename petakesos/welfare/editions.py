"""Code editions (pemekaran): data keyed by the Kemendagri 2023 code list, mapped to the 2025 codes of the store.

Between the 2023 edition (Kepmendagri 100.1.1-6117/2022, `codes/kemendagri_2023_wilayah.csv`) and 2025 some units
moved unchanged to a new code — Kabupaten Sorong was 92.01 in Papua Barat and is 96.01 in Papua Barat Daya — and
others changed territory. The mapping, built once from the two lists:
- `moved`: 2023 code → 2025 code of the same unit (same name, under the mapped parent), where the code changed;
- `split`: 2023 codes whose territory is not the territory of any single 2025 unit: a unit that lost or gained
  children that moved (Papua Barat 92 after Papua Barat Daya was formed), or a 2023 unit with no 2025 match.
  Values for them are reported and not assigned.
Every other 2023 code is the same unit in 2025. A desa or kecamatan that moved to another parent within the same
kab/kota (same name, new code) is `moved` too; the units it left (and the one it joined, when that existed in 2023)
changed territory and are `split`.

Units formed during a series (pemekaran) are known (`PEMEKARAN` in petakesos.welfare.model, with their laws) or
inferred from the data (`infer_splits`): a unit whose series starts after its siblings' (its earlier zeros were
dropped as "no data") while one sibling's value drops in that year by about the new unit's value — that sibling is
the probable origin, marked "disimpulkan dari data". `formed_units` gives both to the indicator rebuild: parents'
totals need such a unit only from its first separate year, and the origin's series breaks there.
"""

from __future__ import annotations

import functools
from dataclasses import dataclass, field
from pathlib import Path

import pandas as pd

from petakesos import codes as kode_util
from petakesos.reference import require
from petakesos.welfare.model import PEMEKARAN
from petakesos.welfare.regions import name_key

EDITIONS = ("2023", "2025")
CODE_LIST_2023 = Path("codes") / "kemendagri_2023_wilayah.csv"
CODE_LIST_2025 = Path("codes") / "kemendagri_2025_wilayah.csv"


@dataclass
class EditionMap:
    moved: dict[str, str] = field(default_factory=dict)
    split: set[str] = field(default_factory=set)
    only_2023: set[str] = field(default_factory=set)  # codes of the 2023 list absent from the 2025 list
    only_2025: set[str] = field(default_factory=set)
    names_2023: dict[str, str] = field(default_factory=dict)

    def translate(self, kode: str) -> tuple[str | None, str]:
        """(2025 code or None, how): how ∈ 'sama', 'pindah', 'dimekarkan'."""
        if kode in self.split:
            return None, "dimekarkan"
        if kode in self.moved:
            return self.moved[kode], "pindah"
        return kode, "sama"


def _read(path: Path) -> pd.DataFrame:
    frame = pd.read_csv(path, dtype=str, keep_default_na=False)
    frame["kode"] = frame["kode"].str.strip()
    frame["tingkat"] = [kode_util.tingkat_of(k) for k in frame["kode"]]
    # the type word stays in the key: Kabupaten Sorong and Kota Sorong are different units
    frame["key"] = [":".join(filter(None, name_key(n, t))) for n, t in zip(frame["nama"], frame["tingkat"],
                                                                           strict=True)]
    return frame


def build(old: pd.DataFrame, new: pd.DataFrame) -> EditionMap:
    """The mapping between two code lists (DataFrames kode, nama, tingkat, key), top-down by level."""
    result = EditionMap(names_2023=dict(zip(old["kode"], old["nama"], strict=True)))
    new_key = dict(zip(new["kode"], new["key"], strict=True))
    old_codes, new_codes = set(old["kode"]), set(new["kode"])
    result.only_2023 = old_codes - new_codes
    result.only_2025 = new_codes - old_codes
    fresh = new[new["kode"].isin(result.only_2025)]
    fresh_by = {(t, p, k): c for c, t, p, k in zip(fresh["kode"], fresh["tingkat"],
                                                     [kode_util.parent_of(c) for c in fresh["kode"]], fresh["key"],
                                                     strict=True)}
    fresh_level = fresh.groupby(["tingkat", "key"])["kode"].agg(list).to_dict()
    unmatched: set[str] = set()
    for tingkat in kode_util.TINGKAT:
        level = old[(old["tingkat"] == tingkat)]
        for kode, key in zip(level["kode"], level["key"], strict=True):
            parent = kode_util.parent_of(kode)
            parent_new = result.moved.get(parent, parent)
            if kode in new_codes and new_key[kode] == key and parent_new == parent:
                continue  # the same unit under the same code
            target = None
            if parent_new != parent:
                candidate = parent_new + kode[len(parent):]
                if new_key.get(candidate) == key:
                    target = candidate
            if target is None:
                target = fresh_by.get((tingkat, parent_new, key))
            if target is None and tingkat in ("provinsi", "kabupaten_kota"):
                found = fresh_level.get((tingkat, key), [])
                target = found[0] if len(found) == 1 else None
            if target is None and tingkat in ("kecamatan", "desa_kelurahan"):
                # moved to another parent inside the same kab/kota (a desa regrouped into a new kecamatan)
                kab = kode[:5]
                kab_new = result.moved.get(kab, kab) + "."
                found = [c for c in fresh_level.get((tingkat, key), []) if c.startswith(kab_new)]
                target = found[0] if len(found) == 1 else None
                if target is not None:
                    gained = kode_util.parent_of(target)
                    if gained in old_codes:
                        result.split.add(gained)  # the parent it joined existed in 2023 with less territory
            if target is not None and target != kode:
                result.moved[kode] = target
            elif target is None and kode not in new_codes:
                unmatched.add(kode)
    # A unit whose children moved out keeps its code but not its territory.
    for old_code, new_code in result.moved.items():
        for ancestor in kode_util.ancestors_of(old_code)[:-1]:
            if not new_code.startswith(result.moved.get(ancestor, ancestor) + "."):
                result.split.add(ancestor)
    result.split |= unmatched
    return result


# A sibling is the probable origin of a unit first reported in year F when its value falls from F-1 to F by at
# least SPLIT_DROP_MIN of the new unit's value in F (a split moves that territory's people out of the origin).
SPLIT_DROP_MIN = 0.5
SPLIT_COLUMNS = ["kode_baru", "kode_asal", "tahun_uu", "dasar"]
INFERRED = "disimpulkan dari data"


def infer_splits(values: pd.DataFrame, known: set[str] | frozenset[str] = frozenset()) -> pd.DataFrame:
    """Splits inferred from values (kode, tahun, indikator, nilai) of indicators that sum: a unit with no value
    before year F while at least two siblings have values before F, and a sibling whose value drops from F-1 to F
    by at least SPLIT_DROP_MIN × the unit's value in F (the largest drop is the origin). Units in `known` are
    skipped. Returns DataFrame(kode_baru, kode_asal, tahun_uu = F, dasar = INFERRED); a unit inferred from
    several indicators keeps its earliest year."""
    if values.empty:
        return pd.DataFrame(columns=SPLIT_COLUMNS)
    # Set-based (a desa-level national table has ~100k series): only late starters are looked at one by one.
    v = values.loc[values["nilai"].notna() & (values["nilai"] > 0), ["kode", "tahun", "indikator", "nilai"]]
    v = v.assign(induk=v["kode"].map({k: kode_util.parent_of(k) for k in pd.unique(v["kode"])}))
    first = v.groupby(["indikator", "induk", "kode"], as_index=False)["tahun"].min()
    # siblings whose series starts strictly before this one's
    first["earlier"] = first.groupby(["indikator", "induk"])["tahun"].rank(method="min") - 1
    late = first[(first["earlier"] >= 2) & ~first["kode"].isin(list(known))]
    if late.empty:
        return pd.DataFrame(columns=SPLIT_COLUMNS)
    value_at = v.set_index(["indikator", "kode", "tahun"])["nilai"]
    value_at = value_at[~value_at.index.duplicated()]
    sibs = v.merge(late[["indikator", "induk"]].drop_duplicates(), on=["indikator", "induk"])
    groups = dict(iter(sibs.groupby(["indikator", "induk"], sort=False)))
    found: dict[str, tuple[str, int]] = {}
    for rec in late.itertuples(index=False):
        start = int(rec.tahun)
        group = groups[(rec.indikator, rec.induk)]
        group = group[group["kode"] != rec.kode]
        before = group[group["tahun"] == start - 1].set_index("kode")["nilai"]
        after = group[group["tahun"] == start].set_index("kode")["nilai"]
        drop = (before - after).dropna()
        own = value_at.get((rec.indikator, rec.kode, start))
        if drop.empty or own is None or drop.max() < SPLIT_DROP_MIN * own:
            continue
        origin = str(drop.idxmax())
        if rec.kode not in found or start < found[rec.kode][1]:
            found[rec.kode] = (origin, start)
    rows = [(k, o, y, INFERRED) for k, (o, y) in sorted(found.items())]
    return pd.DataFrame(rows, columns=SPLIT_COLUMNS)


def formed_units(values: pd.DataFrame) -> pd.DataFrame:
    """Known splits (PEMEKARAN) plus those inferred from the values (`infer_splits`), as
    DataFrame(kode_baru, kode_asal, tahun_uu, dasar)."""
    known = pd.DataFrame(list(PEMEKARAN), columns=SPLIT_COLUMNS)
    inferred = infer_splits(values, known=frozenset(known["kode_baru"]))
    return pd.concat([known, inferred], ignore_index=True) if len(inferred) else known


@functools.lru_cache(maxsize=2)
def code_sets(data_dir: Path) -> tuple[frozenset[str], frozenset[str]]:
    """(codes only in the 2023 list, codes only in the 2025 list): enough to detect the edition of a file."""
    old = set(pd.read_csv(require(data_dir, CODE_LIST_2023), dtype=str, usecols=["kode"])["kode"].str.strip())
    new = set(pd.read_csv(require(data_dir, CODE_LIST_2025), dtype=str, usecols=["kode"])["kode"].str.strip())
    return frozenset(old - new), frozenset(new - old)


def detect(codes: set[str], data_dir: Path) -> str | None:
    """'2023' when the codes use units of the 2023 list only, '2025' when they use 2025-only units, None when
    nothing tells them apart (most files: the two editions share almost every code)."""
    only_2023, only_2025 = code_sets(data_dir)
    old, new = len(codes & only_2023), len(codes & only_2025)
    if old > new:
        return "2023"
    return "2025" if new else None


@functools.lru_cache(maxsize=2)
def edition_map(data_dir: Path) -> EditionMap:
    """The 2023 → 2025 mapping from the reference folder (built once per process)."""
    return build(_read(require(data_dir, CODE_LIST_2023)), _read(require(data_dir, CODE_LIST_2025)))


__all__ = ["EDITIONS", "INFERRED", "EditionMap", "build", "code_sets", "detect", "edition_map", "formed_units",
           "infer_splits"]

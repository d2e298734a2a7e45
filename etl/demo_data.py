"""The demo welfare dataset ("DATA CONTOH"): deterministic (seeded), 2019–2025, for the regions whose boundaries
are loaded, with plausible magnitudes calibrated on the few published figures:

- Kabupaten Gorontalo (75.01): WKSBM in about 25% of its 205 desa/kelurahan in 2019;
- Kota Magelang (33.71): 5 WKSBM in 5 of its 17 kelurahan in 2024;
- DI Yogyakarta (34): 193 WKSBM by 2019.

Everything else is invented and labelled with the source "DATA CONTOH" so that the dashboard and every export can
say so plainly. Real imports never use that label; the demo replaces only its own rows.
"""

from __future__ import annotations

import hashlib
import time
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

import numpy as np
import pandas as pd

from etl.welfare import load
from etl.welfare.normalise import name_key
from petakesos import indicators, reference
from petakesos.settings import Settings, get_settings
from petakesos.sql import regions as rq
from petakesos.sql import welfare as q
from petakesos.sql.welfare import KPS_COLUMNS
from petakesos.store import atomic_update, run_with_frame
from petakesos.welfare import DEMO_SOURCE, KPS_TYPES
from petakesos.welfare.categories import read_categories

SEED = 20240817
YEARS = tuple(range(2019, 2026))
# Published figures (see module docstring): desa/kelurahan with a WKSBM per kab/kota and year.
CALIBRATION = {"75.01": {2019: round(0.25 * 205)}, "33.71": {2019: 2, 2020: 2, 2021: 3, 2022: 4, 2023: 4, 2024: 5,
                                                             2025: 6}}
DIY_TOTAL_2019 = ("34", 193)
# PMKS per 1,000 inhabitants (order of magnitude from Dinsos publications; invented for the demo).
PMKS_RATE = {
    "ABT": 0.8, "AT": 4.0, "ABH": 0.15, "AJ": 0.3, "ADK": 1.5, "AKTK": 0.2, "AMPK": 0.3, "LUT": 5.0, "PD": 7.0,
    "TS": 0.1, "GLD": 0.1, "PGM": 0.2, "PML": 0.4, "KM": 0.05, "BWBLP": 0.4, "ODHA": 0.2, "KPN": 0.3, "KTR": 0.02,
    "KTK": 0.3, "PMBS": 0.2, "KBA": 1.0, "KBS": 0.1, "PRSE": 6.0, "FM": 45.0, "KBSP": 1.5, "KAT": 0.0, "ODGJ": 0.8,
}
PMKS_TREND = {"FM": -0.04, "PRSE": -0.02, "LUT": 0.03, "PD": 0.02, "ODHA": 0.03}
KEGIATAN = [
    "pendataan PMKS", "rembug warga", "santunan lansia", "bedah rumah", "posyandu lansia", "pendampingan disabilitas",
    "arisan sosial", "lumbung pangan", "kelompok usaha bersama", "siaga bencana", "pengajian", "penyuluhan sosial",
]
FIRST = ["Suryani", "Bambang", "Siti", "Agus", "Sri", "Hadi", "Rahmat", "Nur", "Dewi", "Yusuf", "Wahyu", "Fatimah",
         "Slamet", "Ratna", "Hasan", "Endang", "Joko", "Aminah", "Rudi", "Lestari", "Ismail", "Kadek", "Yanti"]
LAST = ["Hidayat", "Santoso", "Rahayu", "Wibowo", "Lestari", "Pratama", "Saputra", "Nugroho", "Kusuma", "Utami",
        "Mokoginta", "Hulopi", "Gobel", "Daud", "Setiawan", "Wulandari", "Harahap", "Pakaya", "Widodo", "Sari"]
KPS_MEAN = {"arisan": 1.5, "majelis_taklim": 1.2, "kub": 0.8, "lumbung_desa": 0.3, "rt_rw": 2.0, "dasa_wisma": 1.5,
            "pkk": 1.0, "karang_taruna": 0.9, "gapoktan": 0.6, "lainnya": 0.5}


@dataclass
class DemoResult:
    desa: int
    counts: int
    wksbm: int
    indicators: int
    seconds: float


def demo_regions(con) -> pd.DataFrame:
    """Desa/kelurahan of every kab/kota that has a loaded boundary (also the desa without a polygon)."""
    return con.execute(rq.DESA_OF_MAPPED_KABKOTA).df()


def _wksbm_schedule(kab: str, n_desa: int, rng: np.random.Generator, diy_alloc: dict[str, int]) -> dict[int, int]:
    if kab in CALIBRATION and len(CALIBRATION[kab]) == len(YEARS):
        return {y: min(n, n_desa) for y, n in CALIBRATION[kab].items()}
    if kab in CALIBRATION:
        start = CALIBRATION[kab][2019]
    elif kab in diy_alloc:
        start = diy_alloc[kab]
    else:
        start = int(round(n_desa * rng.uniform(0.12, 0.40)))
    start = min(start, n_desa)
    end = min(n_desa, start + int(round((n_desa - start) * rng.uniform(0.25, 0.6))))
    return {y: int(round(start + (end - start) * (i / (len(YEARS) - 1)))) for i, y in enumerate(YEARS)}


def _diy_allocation(desa: pd.DataFrame) -> dict[str, int]:
    prov, total = DIY_TOTAL_2019
    sizes = desa.loc[desa["kab"].str.startswith(prov + "."), "kab"].value_counts().sort_index()
    if sizes.empty:
        return {}
    share = sizes / sizes.sum() * total
    alloc = np.floor(share).astype(int)
    rest = total - alloc.sum()
    for kab in (share - alloc).sort_values(ascending=False).index[:rest]:
        alloc[kab] += 1
    return alloc.to_dict()


def generate(desa: pd.DataFrame, kecamatan_names: dict[str, str], population: dict[str, float],
             categories: pd.DataFrame, seed: int = SEED) -> tuple[pd.DataFrame, pd.DataFrame]:
    """(counts(jenis, kode, tahun, kategori, nilai), wksbm rows) for the given desa; deterministic for a seed."""
    parts = generate_parts(desa, kecamatan_names, population, categories, seed)
    wksbm = next(parts)
    return pd.concat(list(parts), ignore_index=True), wksbm


def generate_parts(desa: pd.DataFrame, kecamatan_names: dict[str, str], population: dict[str, float],
                   categories: pd.DataFrame, seed: int = SEED) -> Iterator[pd.DataFrame]:
    """Yields the WKSBM rows first, then the counts one category at a time (national scale stays small in memory)."""
    rng = np.random.default_rng(seed)
    desa = desa.sort_values("kode").reset_index(drop=True)
    diy_alloc = _diy_allocation(desa)
    years = np.array(YEARS)

    # ---- WKSBM registry ----------------------------------------------------------------------------------
    wrows: list[dict] = []
    for kab, group in desa.groupby("kab", sort=True):
        schedule = _wksbm_schedule(kab, len(group), rng, diy_alloc)
        order = group.iloc[rng.permutation(len(group))]
        first_year: dict[str, int] = {}
        for y in YEARS:
            for kode in order["kode"].iloc[: schedule[y]]:
                first_year.setdefault(kode, y)
        calibrated = kab in CALIBRATION or kab.startswith(DIY_TOTAL_2019[0] + ".")
        units = [(k, "desa") for k in first_year]
        if not calibrated:  # a few kab/kota organise some WKSBM per kecamatan
            for kec in sorted(group["kecamatan"].unique()):
                if rng.random() < 0.05:
                    first_year[kec] = int(rng.integers(2020, 2024))
                    units.append((kec, "kecamatan"))
        names = dict(zip(group["kode"], group["nama"], strict=True))
        for n_sk, (kode, kind) in enumerate(units, start=1):
            f = first_year[kode]
            bentuk = f if f > 2019 else int(rng.choice(np.arange(2008, 2020), p=_ramp(12)))
            jitter = int(rng.integers(-1, 2))
            label = names[kode] if kind == "desa" else "Kecamatan " + kecamatan_names.get(kode, kode)
            base_kps = {t: int(rng.poisson(m)) for t, m in KPS_MEAN.items()}
            ketua = f"{FIRST[rng.integers(len(FIRST))]} {LAST[rng.integers(len(LAST))]}"
            kegiatan = "; ".join(sorted(rng.choice(KEGIATAN, size=int(rng.integers(1, 4)), replace=False)))
            sk = f"460/{n_sk:03d}/SK/{bentuk}"
            for y in YEARS:
                if y < f:
                    continue
                age = y - bentuk + jitter
                tahap = "terbentuk" if age < 2 else ("berjalan" if age < 5 else "eksis")
                grow = 1 + (0 if tahap == "terbentuk" else (1 if tahap == "berjalan" else 2))
                kps = {t: v * grow // 2 + (1 if t == "rt_rw" else 0) for t, v in base_kps.items()}
                wrows.append(
                    {"tahun": y, "kode": kode, "nama": f"WKSBM {label}", "tahun_bentuk": bentuk, "tahap": tahap,
                     "nomor_sk": sk, "ketua": ketua, "jumlah_anggota": max(3, sum(kps.values())),
                     **{f"kps_{t}": v for t, v in kps.items()}, "kegiatan": kegiatan}
                )
    wksbm = pd.DataFrame(wrows)
    if not wksbm.empty:
        wksbm["nama_kunci"] = wksbm["nama"].map(name_key)
    yield wksbm

    # ---- PMKS counts per desa, year, category -------------------------------------------------------------
    kel = desa["kode"].str.slice(9, 10).eq("1").to_numpy()
    weight = rng.lognormal(0.0, 0.45, len(desa)) * np.where(kel, 1.8, 1.0)
    kab_codes = desa["kab"].to_numpy()
    pop = np.empty(len(desa))
    for kab in np.unique(kab_codes):
        m = kab_codes == kab
        pop[m] = population.get(kab, 4000.0 * m.sum()) * weight[m] / weight[m].sum()
    pmks_cats = categories.loc[categories["jenis"] == "PMKS", "singkatan"].tolist()
    kab_factor = {k: rng.lognormal(0, 0.3) for k in np.unique(kab_codes)}
    kf = np.array([kab_factor[k] for k in kab_codes])
    for cat in pmks_cats:
        rate = PMKS_RATE.get(cat, 0.5)
        trend = (1 + PMKS_TREND.get(cat, 0.0)) ** (years - years[0])
        lam = (pop * kf * rng.lognormal(0, 0.4, len(desa)) * rate / 1000.0)[:, None] * trend[None, :]
        if cat == "KBA":  # disasters: a few desa and years with many victims
            lam = lam * np.where(rng.random(lam.shape) < 0.03, 40.0, 0.3)
        if cat == "KAT":  # remote indigenous communities: only a few desa in Gorontalo province
            lam = np.where((desa["kode"].str.startswith("75.").to_numpy() & (rng.random(len(desa)) < 0.02))[:, None],
                           35.0, 0.0) * np.ones_like(lam)
        values = rng.poisson(lam)
        yield _long(desa["kode"].to_numpy(), years, values, "PMKS", cat)

    # ---- PSKS counts: at the level they are organised ------------------------------------------------------
    n_desa = len(desa)
    ones = np.ones((1, len(years)), dtype=int)
    yield _long(desa["kode"].to_numpy(), years, rng.binomial(1, 0.9, (n_desa, 1)) * ones, "PSKS", "KT")
    yield _long(desa["kode"].to_numpy(), years, rng.poisson(2.5, (n_desa, len(years))), "PSKS", "PSM")
    kecs = np.array(sorted(desa["kecamatan"].unique()))
    yield _long(kecs, years, rng.binomial(1, 0.95, (len(kecs), len(years))), "PSKS", "TKSK")
    kabs = np.array(sorted(np.unique(kab_codes)))
    growth = 1 + 0.03 * (years - years[0])
    for cat, mean in (("PSP", 6), ("TAGANA", 60), ("LKS", 25), ("LK3", 0.8), ("KP", 15), ("WPKS", 10), ("PS", 8),
                      ("DU", 12)):
        yield _long(kabs, years, rng.poisson(mean * growth[None, :] * np.ones((len(kabs), 1))), "PSKS", cat)


def _ramp(n: int) -> np.ndarray:
    w = np.arange(1, n + 1, dtype=float)
    return w / w.sum()


def _long(codes: np.ndarray, years: np.ndarray, values: np.ndarray, jenis: str, kategori: str) -> pd.DataFrame:
    return pd.DataFrame(
        {
            "jenis": jenis,
            "kode": np.repeat(codes, len(years)),
            "tahun": np.tile(years, len(codes)).astype("int32"),
            "kategori": kategori,
            "nilai": np.asarray(values).reshape(-1).astype("int64"),
        }
    )


def load_demo_data(db_path: Path, settings: Settings | None = None, seed: int = SEED, *,
                   lock_wait: float | None = None) -> DemoResult:
    """Replace the demo dataset in the store (atomically) and rebuild the indicators."""
    started = time.perf_counter()
    settings = settings or get_settings()
    cats = read_categories(settings.data_dir)
    pop = reference.read_population(settings.data_dir)
    population = dict(zip(pop["kode"], pop["total"].astype(float), strict=True))
    with atomic_update(Path(db_path), wait=lock_wait) as con:
        load.write_reference(con, settings.data_dir, None, cats)
        desa = demo_regions(con)
        kec = con.execute(rq.CODES_AT_TINGKAT, ["kecamatan"]).df()
        parts = generate_parts(desa, dict(zip(kec["kode"], kec["nama"], strict=True)), population, cats, seed)
        wksbm = load.wksbm_frame(next(parts), DEMO_SOURCE)
        for statement in (q.DELETE_SOURCE_COUNTS, q.DELETE_SOURCE_WKSBM, q.DELETE_SOURCE_BATCHES):
            con.execute(statement, [DEMO_SOURCE])
        digest = hashlib.sha256(f"{seed}:{len(desa)}:{hashlib.sha256(Path(__file__).read_bytes()).hexdigest()}"
                                .encode()).hexdigest()
        batch = load.new_batch(con, "etl/demo_data.py", digest, "", DEMO_SOURCE, "contoh")
        run_with_frame(con, "df_w", wksbm, [q.WRITE_WKSBM.insert_plain], [batch])
        n_counts = 0
        for part in parts:
            run_with_frame(con, "df_in", part.assign(sumber=DEMO_SOURCE)[load.COUNT_COLUMNS],
                           [q.WRITE_COUNTS.insert_plain], [batch])
            n_counts += len(part)
        con.execute(q.SET_BATCH_SUMMARY,
                    [f"{n_counts} nilai, {len(wksbm)} WKSBM, {len(desa)} desa, seed {seed}", batch])
        n = indicators.rebuild(con)
    return DemoResult(len(desa), n_counts, len(wksbm), n, time.perf_counter() - started)


__all__ = ["DEMO_SOURCE", "KPS_COLUMNS", "KPS_TYPES", "DemoResult", "generate", "generate_parts", "load_demo_data"]

"""Welfare data: the PMKS/PSKS category lists, region matching and the WKSBM registry vocabulary.

No streamlit here; the ETL (etl/welfare) and the indicator API (petakesos.indicators) build on this package.
"""

DEMO_SOURCE = "DATA CONTOH"
TAHAP = ("terbentuk", "berjalan", "eksis")
# Member organisations (KPS, kelompok potensi sosial) of a WKSBM, by type: column suffix → Indonesian label.
KPS_TYPES = {
    "arisan": "Arisan",
    "majelis_taklim": "Majelis taklim",
    "kub": "Kelompok usaha bersama (KUBE/KUB)",
    "lumbung_desa": "Lumbung desa",
    "rt_rw": "RT/RW",
    "dasa_wisma": "Dasa Wisma",
    "pkk": "PKK",
    "karang_taruna": "Karang Taruna",
    "gapoktan": "Gapoktan",
    "lainnya": "Lainnya",
}

# Largest count accepted for one region, year and category: more than Indonesia's population (≈282 M in 2024) is
# a typing or export error, and anything near 2^63 would wrap around when stored as BIGINT.
MAX_COUNT = 300_000_000

"""Indonesian UI strings of the dashboard and a helper to show data texts safely in Streamlit markdown."""

from __future__ import annotations

import html
import re

from petakesos.welfare import DEMO_SOURCE

APP_TITLE = "Peta Kesos"
APP_SUBTITLE = "Peta Kesejahteraan Sosial: WKSBM, PMKS dan PSKS"
PAGES = {"peta": "Peta", "tren": "Tren", "data": "Data", "tentang": "Tentang"}
DEMO_MARK = f"{DEMO_SOURCE} — bukan data resmi"  # the short demo mark of every public output
DEMO_BANNER = (
    f"{DEMO_SOURCE} — angka kesejahteraan di peta ini adalah data demo untuk uji coba, bukan data resmi. "
    "Jangan dikutip."
)
NO_WELFARE = "Belum ada data kesejahteraan di basis data; peta hanya menampilkan batas wilayah."
SEARCH_LABEL = "Cari wilayah (nama atau kode)"
SEARCH_HELP = "Contoh: Magelang, 33.71, 3371011003. Pilih hasil untuk langsung ke wilayah itu."
INDICATOR_LABEL = "Indikator"
YEAR_LABEL = "Tahun"
METHOD_LABEL = "Klasifikasi"
CLASSES_LABEL = "Jumlah kelas"
PALETTE_LABEL = "Palet warna (aman buta warna)"
BREAKS_LABEL = "Batas kelas manual (pisahkan dengan koma)"
FIXED_LABEL = "Kelas tetap untuk semua tahun"
LEGEND_TITLE = "Legenda"
RANKING_TITLE = "Peringkat"
NO_WKSBM_TITLE = "Desa/kelurahan tanpa WKSBM"
ACTION_LIST_ROWS = 1000  # rows of the "desa tanpa WKSBM" list shown on the page (the CSV has all)
NO_WKSBM_EMPTY = "Tidak ada desa/kelurahan tanpa WKSBM (atau belum ada data) di wilayah ini."
CLICK_HINT = "Klik wilayah di peta atau pilih baris di tabel peringkat untuk masuk ke wilayah itu."
LEAF_HINT = "Tingkat terdalam: desa/kelurahan. Klik desa/kelurahan lain untuk memilihnya."
ANALYST_NOTE = (
    "Tampilan analis: angka kategori sensitif ditampilkan apa adanya. Untuk publikasi gunakan ekspor "
    "(angka kecil disamarkan)."
)
PUBLIC_NOTE = "Tampilan publik: angka kecil kategori sensitif disembunyikan."
EXPORT_TITLE = "Unduh peta dan tabel (versi publik)"
EXPORT_HINT = (
    "Dibuat di server dengan geometri detail penuh; angka kecil kategori sensitif disembunyikan, sumber data dan "
    "kredit batas wilayah tercantum."
)
ASSETS_MISSING = "Peta tidak dapat digambar: berkas Leaflet belum terpasang."

# ---- errors and URL values that could not be used (pages/_shared.run_page, read_state) -------------------------
INTERNAL_ERROR_TITLE = "Terjadi kesalahan di server"
INTERNAL_ERROR = (
    "Halaman ini tidak dapat ditampilkan. Muat ulang halaman; jika tetap gagal, laporkan ke pengelola aplikasi "
    "beserta alamat (URL) halaman ini. Rinciannya tercatat di log server."
)
URL_VALUES_IGNORED = "Sebagian nilai di alamat (URL) tidak dapat dipakai; yang dipakai:"

# ---- the map's message (issue 12a): fallbacks the map states instead of switching silently
UNKNOWN_INDICATOR = "Indikator “{asked}” tidak dikenal; yang ditampilkan: {used}."
UNKNOWN_YEAR = "Tahun {asked} tidak ada datanya (tersedia {first}–{last}); yang ditampilkan: tahun {used}."
NO_VALUES_AT_LEVEL = (
    "{indikator} tidak tersedia per {tingkat} di {wilayah}: angka ini hanya dihitung untuk tingkat yang lebih atas. "
    "Pilih tampilan lain:"
)
OFFER_LEVEL_UP = "{indikator} per {tingkat} di {wilayah}"
OFFER_OTHER_INDICATOR = "{indikator} di {wilayah}"

_MD_SPECIAL = re.compile(r"([\\`*_{}\[\]()#+\-.!|~>$:])")


def md_escape(text: object) -> str:
    """Escape a data text for st.markdown / labels: HTML is escaped, markdown syntax is made literal."""
    escaped = html.escape("" if text is None else str(text), quote=False)
    return _MD_SPECIAL.sub(r"\\\1", escaped)

"""Bahasa Indonesia: every UI text of the dashboard and its exports (the default language). Keys are shared with
`en.py`; `{name}` placeholders are filled by `Texts.__call__`."""

from petakesos.settings import BOUNDARY_CREDIT, CODE_LIST_CREDIT
from petakesos.welfare import DEMO_SOURCE

TEXT: dict[str, str] = {
    # ---- app, menu, language -----------------------------------------------------------------------------------
    "APP_TITLE": "Peta Kesos",
    "APP_SUBTITLE": "Peta Kesejahteraan Sosial: WKSBM, PMKS dan PSKS",
    "PAGE_PETA": "Peta",
    "PAGE_TREN": "Tren",
    "PAGE_DATA": "Data",
    "PAGE_TENTANG": "Tentang",
    "LANGUAGE_LABEL": "Bahasa / Language",
    # ---- banners and notes -------------------------------------------------------------------------------------
    "DEMO_BANNER": f"{DEMO_SOURCE} — angka kesejahteraan di peta ini adalah data demo untuk uji coba, bukan data resmi. "
                   "Jangan dikutip.",
    "DEMO_SHORT": f"{DEMO_SOURCE} — bukan data resmi",
    "DEMO_CSV_LINE": f"{DEMO_SOURCE} — bukan data resmi. Jangan dikutip sebagai angka sebenarnya.",
    "NO_WELFARE": "Belum ada data kesejahteraan di basis data; peta hanya menampilkan batas wilayah.",
    "NOTE_REGION_NOT_FOUND": "Kode wilayah {kode} tidak ditemukan; menampilkan Indonesia.",
    "NOTE_NO_POLYGON": "{n} wilayah tanpa poligon batas tidak tergambar di peta (tetap ada di tabel).",
    "NOTE_NO_WELFARE": "Belum ada data kesejahteraan (WKSBM/PMKS/PSKS) di basis data: peta hanya menampilkan batas "
                       "wilayah.",
    "PRIVACY_NOTICE": "<{k} = angka kategori sensitif antara 1 dan {below}, disembunyikan; {mark} = angka lain yang "
                      "ikut disembunyikan agar angka <{k} tidak dapat dihitung dari total mana pun (tiap <{k} tetap "
                      "bisa bernilai 1 sampai {below}); {withheld} = kategori sensitif tidak diterbitkan di bawah "
                      "tingkat kabupaten/kota, dan di tingkat itu jumlah PMKS tidak memuatnya.",
    "PRIVACY_MAP_NOTICE": "Wilayah berarsir: nilai disembunyikan — angka kategori sensitif 1–{below} (<{k}), atau angka "
                          "yang ikut disembunyikan ({mark}) agar angka itu tidak dapat dihitung dari total; di bawah "
                          "tingkat kabupaten/kota kategori sensitif tidak diterbitkan ({withheld}) dan jumlah PMKS "
                          "tidak memuatnya.",
    "HATCH_PRIMARY": "<{k}: angka kategori sensitif 1–{below}, disembunyikan",
    "HATCH_SECONDARY": "{mark}: ikut disembunyikan agar angka <{k} tak terhitung dari total",
    "HATCH_WITHHELD": "{withheld}: kategori sensitif tidak diterbitkan di bawah tingkat kab/kota",
    "PRIVACY_ANALYST": "Tampilan analis: nilai kategori sensitif ditampilkan persis — jangan disebarkan.",
    "DATA_SOURCES": "Sumber data: {sources}.",
    "NOT_COMPARABLE": "tidak sebanding",
    "NOT_COMPARABLE_SPLIT": "tidak sebanding (wilayah berubah: pemekaran)",
    "NOTE_NOT_COMPARABLE": "{nama}: tidak sebanding antara {a} dan {b}, {reason}.",
    "NOTE_INCOMPLETE_TOTAL": "{nama}: tidak ada jumlah untuk {wilayah} tahun {tahun} karena baru {n} dari {m} "
                             "wilayah bawahannya melapor (jumlah sebagian tidak ditampilkan sebagai total).",
    "NOTE_NOT_SUMMED": "{nama} diterbitkan sumbernya hanya untuk tingkat tertentu dan tidak dijumlahkan: tidak ada "
                       "nilai untuk {tingkat} di sini (masuk ke wilayah yang datanya tersedia).",
    "PUBLIC_NOTE": "Tampilan publik: angka kecil kategori sensitif disembunyikan.",
    "ASSETS_MISSING": "Peta tidak dapat digambar: berkas Leaflet belum terpasang. Jalankan "
                      "`npm ci && scripts/install_assets.sh`. Tidak ada: {files}",
    # ---- errors and URL values that could not be used (pages/_shared.run_page, read_state) -------------------
    "INTERNAL_ERROR_TITLE": "Terjadi kesalahan di server",
    "INTERNAL_ERROR": "Halaman ini tidak dapat ditampilkan. Muat ulang halaman; jika tetap gagal, laporkan ke "
                      "pengelola aplikasi beserta alamat (URL) halaman ini. Rinciannya tercatat di log server.",
    "URL_VALUES_IGNORED": "Sebagian nilai di alamat (URL) tidak dapat dipakai; yang dipakai:",
    # ---- the map's message (issue 12a, petakesos/view_checks): fallbacks stated instead of switching silently
    "UNKNOWN_INDICATOR": "Indikator “{asked}” tidak dikenal; yang ditampilkan: {used}.",
    "UNKNOWN_YEAR": "Tahun {asked} tidak ada datanya (tersedia {first}–{last}); yang ditampilkan: tahun {used}.",
    "NO_VALUES_AT_LEVEL": "{indikator} tidak tersedia per {tingkat} di {wilayah}: angka ini hanya dihitung untuk "
                          "tingkat yang lebih atas. Pilih tampilan lain:",
    "OFFER_LEVEL_UP": "{indikator} per {tingkat} di {wilayah}",
    "OFFER_OTHER_INDICATOR": "{indikator} di {wilayah}",
    "REGION_WORD": "Wilayah",
    # ---- values ------------------------------------------------------------------------------------------------
    "NO_DATA": "tidak ada data",
    "NO_DATA_CLASS": "Tidak ada data",
    "SPM_ZERO_CLASS": "0% (belum ada WKSBM)",
    "SPM_MET_CLASS": "100% (SPM tercapai)",
    "HIDDEN_SUFFIX": "(disembunyikan)",
    "RANK_OF": "peringkat {rank} dari {n}",
    "POINTS": "poin",
    # ---- search ------------------------------------------------------------------------------------------------
    "SEARCH_LABEL": "Cari wilayah (nama atau kode)",
    "SEARCH_HELP": "Contoh: Magelang, Kab. Magelang, Kota Yogyakarta, 33.71, 3371011003. Pilih hasil untuk langsung "
                   "ke wilayah itu.",
    "SEARCH_PLACEHOLDER": "nama atau kode wilayah",
    "SEARCH_NONE": "Tidak ditemukan.",
    "SEARCH_MORE": "… dan {n} hasil lain; perjelas pencarian.",
    "TINGKAT.indonesia": "Indonesia",
    "TINGKAT.provinsi": "Provinsi",
    "TINGKAT.kabupaten_kota": "Kabupaten/Kota",
    "TINGKAT.kecamatan": "Kecamatan",
    "TINGKAT.desa_kelurahan": "Desa/Kelurahan",
    # ---- sidebar controls --------------------------------------------------------------------------------------
    "INDICATOR_LABEL": "Indikator",
    "YEAR_LABEL": "Tahun",
    "METHOD_LABEL": "Klasifikasi",
    "CLASSES_LABEL": "Jumlah kelas",
    "PALETTE_LABEL": "Palet warna (aman buta warna)",
    "BREAKS_LABEL": "Batas kelas manual (pisahkan dengan koma)",
    "BREAKS_HELP": "Contoh: 10,25,50. Dipakai bila klasifikasi = Batas manual.",
    "FIXED_LABEL": "Kelas tetap untuk semua tahun",
    "FIXED_HELP": "Batas kelas dihitung dari semua tahun, sehingga warna dapat dibandingkan antartahun.",
    "METHOD.auto": "Otomatis",
    "METHOD.quantile": "Kuantil",
    "METHOD.equal_interval": "Interval sama",
    "METHOD.jenks": "Natural breaks (Jenks)",
    "METHOD.manual": "Batas manual",
    "METHOD.spm": "Target SPM (100%)",
    "METHOD.change": "Perubahan antartahun (divergen)",
    # ---- Peta page ---------------------------------------------------------------------------------------------
    "LEGEND_TITLE": "Legenda",
    "RANKING_TITLE": "Peringkat",
    "CLICK_HINT": "Klik wilayah di peta atau pilih baris di tabel peringkat untuk masuk ke wilayah itu.",
    "LEAF_HINT": "Tingkat terdalam: desa/kelurahan. Klik desa/kelurahan lain untuk memilihnya.",
    "DEFINITION_TITLE": "Definisi: {nama}",
    "DEFINITION_MISSING": "Definisi belum tersedia.",
    "PMKS_CHART_TITLE": "PMKS per kategori, {tahun}",
    "TREND_CHART_TITLE": "Tren: {nama}",
    "NO_WKSBM_TITLE": "Desa/kelurahan tanpa WKSBM",
    "NO_WKSBM_EMPTY": "Tidak ada desa/kelurahan tanpa WKSBM (atau belum ada data) di wilayah ini.",
    "NO_WKSBM_COUNT": "{n} desa/kelurahan belum memiliki WKSBM — daftar tindak lanjut untuk rapat perencanaan.",
    "NO_WKSBM_FIRST": " Ditampilkan {n} pertama; unduh CSV untuk daftar lengkap.",
    # ---- KPI cards ---------------------------------------------------------------------------------------------
    "KPI.desa_total": "Desa/kelurahan",
    "KPI.desa_dengan_wksbm": "Dengan WKSBM",
    "KPI.cakupan_wksbm_pct": "Cakupan WKSBM",
    "KPI.pmks_total": "Total PMKS (jiwa)",
    "KPI_DELTA_HELP": "Perubahan dibanding tahun {tahun}.",
    "KPI_DELTA_SCREEN": "dibanding tahun sebelumnya",
    # ---- table columns -----------------------------------------------------------------------------------------
    "COL_RANK": "Peringkat",
    "COL_CODE": "Kode",
    "COL_NAME": "Nama",
    "COL_GROUP": "Kelompok",
    "COL_INDICATOR": "Indikator",
    "COL_VALUE": "Nilai",
    "COL_UNIT": "Satuan",
    "COL_ABBREV": "Singkatan",
    "COL_SENSITIVE": "Sensitif",
    "COL_DESA": "Desa/kelurahan",
    "COL_KECAMATAN": "Kecamatan",
    "COL_KABKOTA": "Kabupaten/kota",
    "COL_PROVINSI": "Provinsi",
    "COL_SOURCE": "Sumber data",
    "COL_DEMO": "Data contoh",
    "COL_LOADED_AT": "Waktu pemuatan",
    "COL_LOAD_KIND": "Jenis data",
    "COL_LOAD_FILES": "Berkas",
    "COL_LOAD_SUMMARY": "Ringkasan",
    "COL_REGION_CODE": "Kode wilayah",
    "COL_REGION_NAME": "Nama wilayah",
    "COL_LEVEL": "Tingkat",
    "YES": "ya",
    "LOAD_KIND.boundaries": "Batas wilayah",
    "LOAD_KIND.welfare": "Data kesejahteraan",
    "LOAD_KIND.demo": "Data contoh",
    "LOAD_KIND.codes": "Daftar kode wilayah",
    # ---- downloads ---------------------------------------------------------------------------------------------
    "DOWNLOAD_CSV": "Unduh CSV (Excel)",
    "DOWNLOAD_CSV_HELP": "CSV untuk Excel berbahasa Indonesia: pemisah titik koma, desimal koma, UTF-8.",
    # ---- Data page ---------------------------------------------------------------------------------------------
    "DATA_TITLE": "Data: {nama}",
    "DATA_CHILDREN": "Wilayah bawahan ({n}) — tahun {tahun}",
    "DATA_OWN": "Semua indikator wilayah ini",
    # ---- Tren page ---------------------------------------------------------------------------------------------
    "TREN_TITLE": "Tren: {nama}",
    "TREN_NEED_TWO": "Perbandingan antartahun memerlukan data untuk paling sedikit dua tahun.",
    "TREN_YEARS_AVAILABLE": "Tahun tersedia: {years}",
    "TREN_FROM": "Dari tahun",
    "TREN_TO": "Ke tahun",
    "TREN_CHANGE_TITLE": "Perubahan {nama}, {a} → {b}",
    "TREN_CHANGE_LABEL": "Perubahan {nama} {a}→{b}",
    "TREN_NO_SERIES": "Belum ada deret tahunan untuk indikator ini.",
    "TREN_DIRECTION_WORSE": "Untuk indikator ini kenaikan berarti memburuk: kenaikan berwarna cokelat, penurunan "
                            "berwarna hijau kebiruan.",
    "TREN_DIRECTION_BETTER": "Untuk indikator ini kenaikan berarti membaik: kenaikan berwarna hijau kebiruan, "
                             "penurunan berwarna cokelat.",
    "TREN_DIRECTION_NEUTRAL": "Arah baik untuk indikator ini belum ditetapkan (netral): kenaikan berwarna ungu, "
                              "penurunan jingga, tanpa penilaian membaik atau memburuk.",
    "CHANGE.up": "naik",
    "CHANGE.down": "turun",
    "CHANGE.same": "tetap",
    "CHANGE.better": "membaik",
    "CHANGE.worse": "memburuk",
    # ---- Tentang page ------------------------------------------------------------------------------------------
    "ABOUT_TITLE": "Tentang Peta Kesos",
    "ABOUT_INTRO": "Peta Kesos (Peta Kesejahteraan Sosial) membantu Dinas Sosial merencanakan layanan: cakupan "
                   "**WKSBM** (Wahana Kesejahteraan Sosial Berbasis Masyarakat; target SPM satu WKSBM di setiap "
                   "desa/kelurahan), jumlah **PMKS** (Penyandang Masalah Kesejahteraan Sosial, 26 kategori "
                   "Permensos 08/2012) dan **PSKS** (Potensi dan Sumber Kesejahteraan Sosial, 12 kategori) dari "
                   "tingkat nasional sampai desa/kelurahan.",
    "ABOUT_DEFINITIONS": "Definisi indikator",
    "ABOUT_SENSITIVE": "sensitif",
    "ABOUT_LISTS": "Daftar PMKS dan PSKS",
    "ABOUT_CATEGORIES": "{jenis} ({n} kategori)",
    "ABOUT_SOURCES": "Sumber data dan lisensi",
    "ABOUT_POPULATION": "Penduduk 2025: cahyadsn/wilayah (MIT), untuk indikator PMKS per 1.000 penduduk",
    "ABOUT_LEAFLET": "Peta digambar dengan Leaflet (BSD-2-Clause), dipasang dari registri npm dan disajikan oleh "
                     "aplikasi ini; tidak ada berkas yang dimuat dari internet",
    "ABOUT_WELFARE_SOURCES": "Sumber angka kesejahteraan di basis data ini:",
    "ABOUT_HISTORY": "Riwayat pemuatan data",
    "BOUNDARY_CREDIT": BOUNDARY_CREDIT,
    "CODE_LIST_CREDIT": CODE_LIST_CREDIT,
    "MAP_CREDIT": "Batas: cahyadsn/wilayah_boundaries (MIT) · Kepmendagri 2025",
    # ---- export panel ------------------------------------------------------------------------------------------
    "EXPORT_TITLE": "Unduh peta dan tabel (versi publik)",
    "EXPORT_HINT": "Dibuat di server dengan geometri detail penuh; angka kecil kategori sensitif disembunyikan, "
                   "sumber data dan kredit batas wilayah tercantum.",
    "EXPORT_FORMAT": "Format peta",
    "EXPORT_CUSTOM_TITLE": "Judul (kosongkan untuk judul otomatis)",
    "EXPORT_MAKE_MAP": "Buat gambar peta",
    "EXPORT_DRAWING": "Menggambar peta …",
    "EXPORT_DOWNLOAD": "Unduh {fmt}",
    "EXPORT_MAKE_TABLE": "Buat tabel {fmt}",
    "EXPORT.screen": "PNG layar (1920×1080)",
    "EXPORT.a4_landscape": "PNG cetak A4 mendatar, 300 dpi",
    "EXPORT.a4_portrait": "PNG cetak A4 tegak, 300 dpi",
    "EXPORT.a3_landscape": "PNG cetak A3 mendatar, 300 dpi",
    "EXPORT.pdf": "PDF A4 mendatar",
    "EXPORT.svg": "SVG A4 mendatar",
    # ---- exported tables (XLSX/CSV) ----------------------------------------------------------------------------
    "TABLE_TITLE": "Indikator kesejahteraan sosial per {level} di {wilayah}, {tahun}",
    "TABLE_TOTAL": "Total {wilayah}",
    "TABLE_SOURCE": "Sumber: {sources}. {credit}",
    "TABLE_NO_SOURCE": "belum ada data kesejahteraan sosial dimuat",
    "NOTES_SHEET": "Keterangan",
    "NOTES_KEY": "Keterangan",
    "NOTES_VALUE": "Isi",
    "NOTES_TITLE": "Judul",
    "NOTES_WARNING": "PERINGATAN",
    "NOTES_REGION": "Wilayah",
    "NOTES_NATIONAL": "nasional",
    "NOTES_YEAR": "Tahun data",
    "NOTES_EXPORT_DATE": "Tanggal ekspor",
    "NOTES_DATA_DATE": "Tanggal data",
    "NOTES_SOURCE": "Sumber data {i}",
    "NOTES_BOUNDARIES": "Batas wilayah",
    "NOTES_CODES": "Kode wilayah",
    "NOTES_PRIVACY": "Kerahasiaan",
    "NOTES_HIDDEN": "Sel disembunyikan",
    "NOTES_MADE_WITH": "Dibuat dengan",
    "NOTES_DEFINITIONS": "Definisi indikator",
    # ---- exported maps ------------------------------------------------------------------------------------------
    "MAP_TITLE": "{indikator} di {wilayah}, {tahun}",
    "MAP_SUBTITLE": "{indikator}{unit} per {level}, {tahun}",
    "MAP_OUTLINE": "; garis tebal: batas {level}",
    "MAP_UNIT": "Satuan: {unit}",
    "MAP_SCALE": "Skala 1 : {scale} (pada kertas)",
    "MAP_SCALE_CENTRE": "skala benar di pusat peta",
    "MAP_COUNTS_NOTE": "Angka dalam kurung: jumlah wilayah",
    "MAP_NO_POLYGON": "{n} wilayah belum punya batas peta (dihitung, tidak tergambar)",
    "MAP_METHOD": "Pengelompokan: {method}",
    "MAP_LOCATION": "Lokasi di {place}",
    "MAP_SOURCE": "Sumber data: {source}",
    "MAP_NOT_OFFICIAL": "bukan data resmi",
    "MAP_DATA_DATE": "Tanggal data: {date}",
    "MAP_MADE": "Dibuat: {date} dengan Peta Kesos",
    "MAP_NORTH": "U",
    "PROJ_LAEA": "Proyeksi Lambert Azimuthal Equal-Area (pusat {lon}° BT, {lat}° {hemi}), WGS 84",
    "PROJ_UTM": "Proyeksi UTM zona {zone}{ns}, WGS 84",
    "HEMI.S": "LS",
    "HEMI.N": "LU",
    "MONTHS": "Januari Februari Maret April Mei Juni Juli Agustus September Oktober November Desember",
    # ---- presentation screen -----------------------------------------------------------------------------------
    "SCREEN_YEAR": "Tahun {tahun}",
}

# The indicators are named and defined in Indonesian in the database itself (petakesos.indicators).
INDICATOR_TEXT: dict[str, str] = {}

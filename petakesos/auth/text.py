"""Indonesian UI strings of sign-in, data administration and user management (kept apart from ui_text)."""

from __future__ import annotations

PAGE_SIGN_IN = "Masuk"
PAGE_ADMIN = "Kelola data"
PAGE_USERS = "Pengguna"
SIGN_IN_TITLE = "Masuk ke Peta Kesos"
SIGN_IN_HINT = (
    "Untuk analis, operator dan admin Dinas Sosial. Tanpa masuk, semua peta dan ekspor tetap dapat dilihat dengan "
    "nilai publik (angka kecil kategori sensitif disembunyikan)."
)
NAME_LABEL = "Nama pengguna"
PASSWORD_LABEL = "Kata sandi"
SIGN_IN_BUTTON = "Masuk"
SIGN_OUT_BUTTON = "Keluar"
SIGNED_IN_AS = "Masuk sebagai"
SIGNED_OUT = "Anda sudah keluar."
SESSION_ENDED = "Sesi Anda berakhir (tidak aktif terlalu lama, atau kata sandi diganti). Silakan masuk lagi."
PUBLIC_VIEW = "Tampilan publik: angka kecil kategori sensitif disembunyikan. Analis Dinas: masuk untuk angka persis."
ANALYST_VIEW = "Tampilan analis: angka persis untuk wilayah Anda ({wilayah}); di luar wilayah itu nilai publik."
NEED_SIGN_IN = "Halaman ini untuk operator dan admin Dinas Sosial. Silakan masuk terlebih dahulu."
NEED_ROLE = "Halaman ini memerlukan peran {who}; Anda masuk sebagai {label}."

ADMIN_TITLE = "Kelola data kesejahteraan"
UPLOAD_LABEL = "Unggah berkas CSV atau XLSX (tata letak sama dengan `python -m etl welfare`)"
UPLOAD_HINT = (
    "Langkah 1: uji coba — berkas diperiksa, belum ada yang disimpan. Langkah 2: bila tidak ada kesalahan, tekan "
    "**Impor**. Unggahan operator hanya boleh berisi wilayah {wilayah}."
)
UPLOAD_HINT_ADMIN = (
    "Langkah 1: uji coba — berkas diperiksa, belum ada yang disimpan. Langkah 2: bila tidak ada kesalahan, tekan "
    "**Impor**. Sebagai admin Anda dapat mengimpor untuk wilayah mana saja."
)
SOURCE_LABEL = "Label sumber data"
SOURCE_HELP = 'Mis. "Pendataan Dinsos 2025"; kosongkan untuk "Impor <nama berkas>".'
YEAR_HELP = "Isi bila berkas tidak punya kolom tahun."
CHECK_BUTTON = "Uji coba (periksa berkas)"
IMPORT_BUTTON = "Impor"
REPORT_TITLE = "Laporan pemeriksaan"
REPORT_DOWNLOAD = "Unduh laporan (CSV)"
NOTHING_TO_IMPORT = "Tidak ada yang dapat diimpor: perbaiki baris yang disebut di laporan, lalu unggah lagi."
READY = "Berkas lolos pemeriksaan. Tekan **Impor** untuk menyimpan."
IMPORTED = "Impor selesai: {summary}."
UNCHANGED = "Semua nilai sudah ada dan sama: basis data tidak diubah."
LOCKED = "Sedang ada impor oleh {who}; coba lagi sebentar lagi. ({detail})"
TEMPLATES_TITLE = "Templat isian (kode wilayah sudah terisi)"
HISTORY_TITLE = "Riwayat impor"
UNDO_TITLE = "Batalkan impor (admin)"
UNDO_BUTTON = "Batalkan batch"
UNDONE = "Batch {batch} dibatalkan: nilai sebelumnya kembali. Riwayat tetap disimpan."
AUDIT_TITLE = "Log audit"
USERS_TITLE = "Pengguna"
ADD_USER = "Tambah pengguna"
ROLE_LABEL = "Peran"
SCOPE_LABEL = "Wilayah (kode, mis. 33 atau 33.71; 'indonesia' = seluruh Indonesia; admin: boleh kosong)"
PASSWORD_AGAIN = "Ulangi kata sandi"
PASSWORDS_DIFFER = "Kedua kata sandi tidak sama."
SAVE = "Simpan"
REMOVE_USER = "Hapus pengguna"
CHANGE_PASSWORD = "Ganti kata sandi"
CHANGE_ROLE = "Ubah peran/wilayah"
ANALYST_EXPORT_TITLE = "Unduh peta dan tabel (versi analis — angka persis, jangan disebarkan)"
ANALYST_EXPORT_HINT = (
    "Versi analis: angka kategori sensitif persis, ditandai pada berkas dan namanya (ANALIS_…). Untuk publikasi, "
    "keluar lalu unduh versi publik."
)

"""Every error type of Peta Kesos, under one base class.

`PetaKesosError` carries what a user needs: a message that names the file, row, field or setting and says how to
fix it, a short title, and the exit code of the command line. The CLI (`etl/cli.py`) and the pages
(`pages/_shared.py`) each catch it in exactly one place, so no path shows a traceback. Add new error types here,
as subclasses, never elsewhere.
"""

from __future__ import annotations


class PetaKesosError(Exception):
    """Base of every error the user can act on. `str(exc)` is the message; `title` a short heading."""

    title = "Gagal"
    exit_code = 2

    def __init__(self, message: str = "", *, title: str | None = None) -> None:
        super().__init__(message)
        if title is not None:
            self.title = title

    @property
    def message(self) -> str:
        return str(self)


class SettingError(PetaKesosError, ValueError):
    """An environment variable of petakesos/settings.py holds a value that cannot be read; names it and the form."""

    title = "Pengaturan tidak valid"


class CommandError(PetaKesosError):
    """A command-line argument or state the user must fix; the message says what and how (exit code 2)."""

    title = "Perintah tidak dapat dijalankan"


class FatalInput(PetaKesosError):
    """A problem that makes a whole input file unusable; carries the report `Problem` (file, sheet, row, column)."""

    title = "Berkas tidak dapat dibaca"

    def __init__(self, problem) -> None:  # problem: etl.report.Problem (not imported: the library has no etl)
        super().__init__(problem.format())
        self.problem = problem


class StoreMissing(PetaKesosError, FileNotFoundError):
    """The store file does not exist yet; the message says which command builds it."""

    title = "Basis data belum ada"


class ReferenceMissing(PetaKesosError, FileNotFoundError):
    """A reference file is absent; the message says where it was looked for and how to get it."""

    title = "Data rujukan tidak ditemukan"


class AuthError(PetaKesosError):
    """Sign-in refused: wrong name or password (one message for both, so names cannot be guessed), or an account
    locked after repeated failures (the message says until when)."""

    title = "Gagal masuk"


class AccessDenied(PetaKesosError):
    """The signed-in person (or the public) may not do this, or not for this region; the message says who may."""

    title = "Akses ditolak"


class UserError(PetaKesosError):
    """A user-management request that cannot be done: unknown or duplicate name, unknown role, bad region code,
    password too short; the message says what to change."""

    title = "Pengguna tidak dapat diubah"


class AccountsUnavailable(PetaKesosError):
    """The accounts file (setting PETAKESOS_USERS) cannot be opened or written; the message names it."""

    title = "Berkas akun tidak dapat dibuka"


class UploadRejected(PetaKesosError):
    """An uploaded file refused before import (type, size) or an import batch that cannot be undone."""

    title = "Berkas ditolak"


class StoreBusy(PetaKesosError):
    """Another Peta Kesos writer holds the store's write lock (and did not finish within the wait allowed).

    `owner` is what the holder recorded in the lock file: {"pid", "host", "command", "since"} (may be empty when
    it had not written it yet). A web upload shows the message and lets the user try again later.
    """

    title = "Basis data sedang diubah"

    def __init__(self, message: str, *, owner: dict | None = None) -> None:
        super().__init__(message)
        self.owner = owner or {}


class StoreUnreadable(PetaKesosError):
    """The store file exists but is not a DuckDB store (a wrong `--db`), or another program holds it open."""

    title = "Basis data tidak dapat dibuka"


class CodeError(PetaKesosError, ValueError):
    """A value that cannot be read as a Kemendagri code; the message says why."""

    title = "Kode wilayah tidak valid"


class ExportError(PetaKesosError, ValueError):
    """A map export request that cannot be fulfilled (unknown region, format, paper); the message says what to
    change."""

    title = "Ekspor tidak dapat dibuat"


class TableExportError(PetaKesosError, ValueError):
    """A table export request that cannot be fulfilled; the message says what to change."""

    title = "Ekspor tabel tidak dapat dibuat"


class AssetsMissing(PetaKesosError, FileNotFoundError):
    """Leaflet has not been installed into static/vendor/; the message names the set-up command."""

    title = "Berkas peta (Leaflet) belum terpasang"


class UnprotectableTable(PetaKesosError):
    """A public table or map whose small sensitive counts cannot be protected (docs/privacy.md): it is not
    published. `cells` names them as (region code, indicator)."""

    title = "Tabel tidak dapat diterbitkan"

    def __init__(self, cells: list[tuple[str, str]], *, where: str = "") -> None:
        named = ", ".join(f"{kode or 'Indonesia'}/{ind}" for kode, ind in cells[:20])
        more = f" dan {len(cells) - 20} sel lain" if len(cells) > 20 else ""
        super().__init__(
            f"{where or 'Tabel publik'} tidak diterbitkan: sel {named}{more} tidak dapat dilindungi (angka kecil "
            "kategori sensitif akan dapat dihitung dari total). Gunakan ekspor analis untuk keperluan internal, "
            "atau ekspor tingkat wilayah di atasnya."
        )
        self.cells = list(cells)


class IndicatorDefinitionError(PetaKesosError):
    """An indicator declared on the command line (`--indikator`, `--rasio`, `--agregasi`) that cannot be used as
    written; the message shows the expected form."""

    title = "Definisi indikator tidak valid"


__all__ = [
    "AccessDenied",
    "AccountsUnavailable",
    "AssetsMissing",
    "AuthError",
    "CodeError",
    "CommandError",
    "ExportError",
    "FatalInput",
    "IndicatorDefinitionError",
    "PetaKesosError",
    "ReferenceMissing",
    "SettingError",
    "StoreBusy",
    "StoreMissing",
    "StoreUnreadable",
    "TableExportError",
    "UnprotectableTable",
    "UploadRejected",
    "UserError",
]

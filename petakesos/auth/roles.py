"""Roles and region scope: one definition of who may see exact values and who may change what.

| role     | sees exact values      | may                                                            |
|----------|------------------------|----------------------------------------------------------------|
| publik   | nowhere (public values) | look, export public files                                     |
| analis   | within their region    | analyst exports (marked)                                       |
| operator | within their region    | as analis, and upload data for regions within their scope only |
| admin    | everywhere             | everything: users, undo an import batch, the audit log         |

A scope is a Kemendagri code: a kab/kota analyst (`33.71`) sees `33.71` and everything below it; a province analyst
(`33`) the province; `''` is the whole country. Outside their scope an analyst sees the public values.
"""

from __future__ import annotations

from collections.abc import Container
from dataclasses import dataclass

from petakesos import codes as kode_util
from petakesos._errors import AccessDenied, UserError

PUBLIK, ANALIS, OPERATOR, ADMIN = "publik", "analis", "operator", "admin"
ROLES = (PUBLIK, ANALIS, OPERATOR, ADMIN)
ACCOUNT_ROLES = (ANALIS, OPERATOR, ADMIN)  # publik is "not signed in", never an account
ROLE_LABEL = {PUBLIK: "Publik", ANALIS: "Analis", OPERATOR: "Operator", ADMIN: "Admin"}

# Actions checked with `require`; each maps to the roles that may do it (scope is checked separately).
UPLOAD, UNDO, MANAGE_USERS, AUDIT, HISTORY = "unggah", "batal_impor", "kelola_pengguna", "log_audit", "riwayat_impor"
ALLOWED = {
    UPLOAD: {OPERATOR, ADMIN},
    HISTORY: {OPERATOR, ADMIN},
    UNDO: {ADMIN},
    MANAGE_USERS: {ADMIN},
    AUDIT: {ADMIN},
}
WHO_MAY = {UPLOAD: "operator atau admin", HISTORY: "operator atau admin", UNDO: "admin", MANAGE_USERS: "admin",
        AUDIT: "admin"}


@dataclass(frozen=True)
class Principal:
    """The person behind a request: `nama` '' and role publik when not signed in."""

    nama: str = ""
    peran: str = PUBLIK
    wilayah: str = ""  # scope code; '' = Indonesia (ignored for publik)

    @property
    def signed_in(self) -> bool:
        return self.peran != PUBLIK

    @property
    def label(self) -> str:
        where = f" {self.wilayah}" if self.peran in (ANALIS, OPERATOR) and self.wilayah else ""
        return f"{self.nama} ({ROLE_LABEL[self.peran]}{where})"


ANONYMOUS = Principal()


def in_scope(scope: str, kode: str) -> bool:
    """Whether region `kode` ('' = Indonesia) lies within scope `scope` (the scope itself or below it)."""
    if scope == "":
        return True
    return kode == scope or kode.startswith(scope + ".")


def sees_exact(who: Principal, kode: str) -> bool:
    """Whether `who` sees the exact values of region `kode` and of its children (else the public values)."""
    if who.peran == ADMIN:
        return True
    if who.peran in (ANALIS, OPERATOR):
        return in_scope(who.wilayah, kode)
    return False


def may(who: Principal, action: str) -> bool:
    return who.peran in ALLOWED[action]


def require(who: Principal, action: str) -> None:
    """Raise AccessDenied unless `who` may do `action` (the message names the role needed)."""
    if not may(who, action):
        whom = "Anda belum masuk" if not who.signed_in else f"peran Anda {ROLE_LABEL[who.peran]}"
        raise AccessDenied(f"Hanya {WHO_MAY[action]} yang dapat melakukan ini ({whom}).")


def upload_scope(who: Principal) -> str | None:
    """The region an upload of `who` may touch: None = anywhere (admin); raises AccessDenied for others."""
    require(who, UPLOAD)
    return None if who.peran == ADMIN else who.wilayah


def outside_scope(scope: str | None, codes) -> list[str]:
    """The codes of `codes` outside `scope` (None = no limit), in their order, without repeats."""
    if scope is None:
        return []
    return [c for c in dict.fromkeys(codes) if not in_scope(scope, str(c))]


def check_role(peran: str) -> str:
    peran = (peran or "").strip().lower()
    if peran not in ACCOUNT_ROLES:
        raise UserError(f"peran {peran!r} tidak dikenal: pakai salah satu dari {', '.join(ACCOUNT_ROLES)}")
    return peran


NATIONAL = ("indonesia", "nasional")  # the words that give an analyst the whole country (never an empty field)


def check_scope(wilayah: str | None, peran: str, known: Container[str] | None = None) -> str:
    """The dotted scope code ('' = Indonesia). Analysts and operators need a province or kab/kota code; an analyst
    of the whole country is given with the word 'indonesia' (an empty field is refused); admins always have ''. With `known` (the official codes), a code that names no region
    (a typo such as 33.17 for 33.71) is refused instead of giving a scope that covers nothing."""
    if peran == ADMIN:
        return ""
    text = (wilayah or "").strip()
    if peran == OPERATOR and (text == "" or text.lower() in NATIONAL):
        raise UserError("operator memerlukan wilayah (--wilayah 33 atau 33.71): unggahan dibatasi ke wilayahnya")
    if text.lower() in NATIONAL:
        return ""
    if text == "":
        # A forgotten scope must not silently become the whole country (exact values everywhere): say it.
        raise UserError("wilayah belum diisi: isi kode wilayah analis (--wilayah 33 atau 33.71), atau tulis "
                        "'indonesia' untuk seluruh Indonesia")
    try:
        code = kode_util.normalise_code(text)
    except kode_util.CodeError as exc:
        raise UserError(f"wilayah {text!r}: {exc}; contoh 33 (provinsi) atau 33.71 (kabupaten/kota)") from None
    if known is not None and code not in known:
        raise UserError(f"wilayah {code} tidak ada di daftar kode Kemendagri: periksa kodenya (contoh 33 untuk Jawa "
                        "Tengah, 33.71 untuk Kota Magelang)")
    return code

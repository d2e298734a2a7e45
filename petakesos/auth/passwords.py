"""Password hashing with argon2id (argon2-cffi, its maintained defaults); no plain or home-made hashing.

Hashes never leave the accounts module: they are not logged, listed or shown."""

from __future__ import annotations

from argon2 import PasswordHasher
from argon2.exceptions import InvalidHashError, VerificationError, VerifyMismatchError

from petakesos._errors import UserError

MIN_LENGTH = 8
_HASHER = PasswordHasher()
# Verified when the name is unknown, so a wrong name costs as long as a wrong password (names cannot be probed).
_DUMMY = _HASHER.hash("peta-kesos-dummy-password")


def check_strength(password: str) -> None:
    if len(password) < MIN_LENGTH:
        raise UserError(f"kata sandi terlalu pendek: paling sedikit {MIN_LENGTH} karakter")
    if password.strip() != password:
        raise UserError("kata sandi tidak boleh diawali atau diakhiri spasi")


def hash_password(password: str) -> str:
    check_strength(password)
    return _HASHER.hash(password)


def verify(stored_hash: str | None, password: str) -> bool:
    """True when `password` matches; False otherwise (also for an unknown user: `stored_hash` None)."""
    try:
        return _HASHER.verify(stored_hash or _DUMMY, password) and stored_hash is not None
    except (VerifyMismatchError, VerificationError, InvalidHashError):
        return False


def needs_rehash(stored_hash: str) -> bool:
    return _HASHER.check_needs_rehash(stored_hash)

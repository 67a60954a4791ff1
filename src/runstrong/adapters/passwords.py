"""Password hashes: argon2id (argon2-cffi), with its parameters kept in each hash."""

from __future__ import annotations

from argon2 import PasswordHasher as Argon2
from argon2.exceptions import InvalidHashError, VerificationError


class Argon2idHasher:
    """argon2-cffi's recommended parameters by default (64 MiB, 3 passes: about 100 ms a
    hash here); tests pass cheap ones. A hash made with older parameters verifies and is
    then remade (`needs_rehash`)."""

    def __init__(self, time_cost: int = 3, memory_kib: int = 65536, parallelism: int = 4) -> None:
        self._argon2 = Argon2(time_cost=time_cost, memory_cost=memory_kib, parallelism=parallelism)

    def hash(self, password: str) -> str:
        return self._argon2.hash(password)

    def verify(self, password_hash: str, password: str) -> bool:
        try:
            return bool(self._argon2.verify(password_hash, password))
        except (VerificationError, InvalidHashError):
            return False

    def needs_rehash(self, password_hash: str) -> bool:
        try:
            return bool(self._argon2.check_needs_rehash(password_hash))
        except InvalidHashError:
            return True


def fast_hasher() -> Argon2idHasher:
    """For tests only: the same algorithm at a small cost."""
    return Argon2idHasher(time_cost=1, memory_kib=1024, parallelism=1)

"""Encryption at rest: the :class:`EncryptedCodec`, and telling encrypted files apart.

An encrypted journal (or backup) file is a fixed header followed by the
ciphertext, all integers big-endian::

    offset  size  field
         0    12  magic b"INTIMACY-ENC"
        12     1  format version (2; files of format 1 still open)
        13     1  key derivation: 1 = scrypt
        14     4  scrypt n (CPU/memory cost)
        18     4  scrypt r (block size)
        22     4  scrypt p (parallelism)
        26    16  salt (random, one per passphrase)
        42    12  nonce (random, new on every write)
        54     8  generation (format 2 only): one more than the file it replaced
        62     -  AES-256-GCM ciphertext of the JSON document, then its 16-byte tag

The whole header is the AES-GCM associated data, so changing any byte of it,
like any byte of the ciphertext, makes decryption fail rather than produce
something else. Because the file describes itself, the app knows a file is
encrypted from its first bytes alone, whatever any setting says: it never
reads one as JSON, appends plaintext to it, or encrypts it twice.

The generation grows with every write and cannot be changed without the key,
so an older copy put in the journal's place is told apart from the journal
(see :mod:`~intimacy_cli.store.marker`). Format 1 files count as generation 0
and become format 2 on their next write, keeping their salt and cost.

A header's key-derivation cost is checked against fixed bounds before any key
is derived, so a damaged or hostile header can neither make the app allocate
gigabytes nor grind for minutes before the tag check fails.

Only :class:`EncryptedCodec` imports ``cryptography``, and only when it is
used, so a plain journal never pays for loading it.
"""

from __future__ import annotations

import os
import stat
from pathlib import Path
from typing import NamedTuple

from intimacy_cli.store.errors import CodecError

MAGIC = b"INTIMACY-ENC"
FORMAT_VERSION = 2
SCRYPT = 1
# The header's integers as ``struct`` packs them, and their sizes. Every command
# imports this module (to tell an encrypted file from a plain one), so
# ``struct``, and ``unicodedata`` for passphrases, are imported where they are used.
_PARAMS, _PARAMS_SIZE = ">BBIII", 14  # version, KDF id, n, r, p
_GENERATION, _GENERATION_SIZE = ">Q", 8
SALT_SIZE = 16
NONCE_SIZE = 12
_NONCE_AT = len(MAGIC) + _PARAMS_SIZE + SALT_SIZE
_GENERATION_AT = _NONCE_AT + NONCE_SIZE
HEADER_SIZE = _GENERATION_AT + _GENERATION_SIZE
_HEADER_SIZES = {1: _GENERATION_AT, 2: HEADER_SIZE}  # format 1 had no generation
TAG_SIZE = 16
KEY_SIZE = 32  # AES-256

# The most a header may ask of scrypt. Memory is 128 * n * r bytes: at most
# twice today's default; work grows with 128 * n * r * p: at most four times.
# So a future default can grow, while a damaged or hostile header is refused
# before anything is allocated or derived.
_MAX_N = 1 << 20
_MAX_R = 32
_MAX_P = 16
_MAX_SCRYPT_MEMORY = 1 << 28
_MAX_SCRYPT_WORK = 1 << 29


# Named tuples rather than dataclasses: this module is imported by every
# command (a file's header says whether it is encrypted), where a dataclass
# costs about as much to make as the rest of the module.
class ScryptCost(NamedTuple):
    """scrypt's parameters: memory is 128 * n * r bytes, time grows with n * r * p."""

    n: int
    r: int
    p: int

    def is_sane(self) -> bool:
        """Within the bounds a file may ask for (checked before deriving)."""
        power_of_two = 1 < self.n <= _MAX_N and self.n & (self.n - 1) == 0
        in_range = 0 < self.r <= _MAX_R and 0 < self.p <= _MAX_P
        return (
            power_of_two
            and in_range
            and 128 * self.n * self.r <= _MAX_SCRYPT_MEMORY
            and 128 * self.n * self.r * self.p <= _MAX_SCRYPT_WORK
        )


# Current guidance for scrypt (OWASP's password storage cheat sheet: N=2^17,
# r=8, p=1): 128 MiB and about 0.4 s per derivation on the development
# machine; slow for someone guessing passphrases, once per command for the
# person who knows it. Files keep the cost they were written with; a new
# passphrase gets this one.
DEFAULT_COST = ScryptCost(n=2**17, r=8, p=1)


def is_encrypted(first_bytes: bytes) -> bool:
    """Whether data starting with ``first_bytes`` is an encrypted intimacy file."""
    return first_bytes.startswith(MAGIC)


def is_encrypted_file(path: Path) -> bool:
    """Whether the file at ``path`` is encrypted, from its first bytes alone.

    A missing or unreadable file, or one that is not a regular file (a pipe
    would block), counts as not encrypted: reading it for real then reports
    what is wrong, naming the file.
    """
    try:
        if not stat.S_ISREG(path.stat().st_mode):
            return False
        with path.open("rb") as file:
            return is_encrypted(file.read(len(MAGIC)))
    except OSError:
        return False


def same_key(stored: bytes, other: bytes) -> bool:
    """Whether two stored files are both plain, or both encrypted with the same
    key (the same format, cost and salt), from their headers alone."""
    if is_encrypted(stored) != is_encrypted(other):
        return False
    return not is_encrypted(stored) or stored[:_NONCE_AT] == other[:_NONCE_AT]


def generation_of(stored: bytes) -> int | None:
    """The generation an encrypted file's header claims (0 for format 1), or
    ``None`` for a plain file or a header this version cannot read. Not yet
    proof of anything: only decrypting proves the header genuine."""
    try:
        return _Header.parse(stored).generation
    except CodecError:
        return None


class _Header(NamedTuple):
    cost: ScryptCost
    salt: bytes
    nonce: bytes
    generation: int
    size: int

    @classmethod
    def parse(cls, stored: bytes) -> _Header:
        """The header of an encrypted file; :class:`CodecError` if it is not one
        this version can open."""
        if not is_encrypted(stored):
            raise CodecError(
                "it is not encrypted (it may have been decrypted by another command)",
                hint="run the command again",
            )
        import struct  # after that: a plain journal's every save asks (generation_of)

        if len(stored) < len(MAGIC) + _PARAMS_SIZE:
            raise CodecError("the encrypted file is cut short")
        version, kdf, n, r, p = struct.unpack_from(_PARAMS, stored, len(MAGIC))
        if version > FORMAT_VERSION:
            raise CodecError(
                f"it was encrypted by a newer intimacy-cli (format {version}; "
                f"this version reads format {FORMAT_VERSION})",
                hint="update intimacy-cli to open it",
            )
        cost = ScryptCost(n, r, p)
        if version not in _HEADER_SIZES or kdf != SCRYPT or not cost.is_sane():
            raise CodecError("the file was changed: its encryption header is not valid")
        size = _HEADER_SIZES[version]
        if len(stored) < size + TAG_SIZE:
            raise CodecError("the encrypted file is cut short")
        generation = (
            struct.unpack_from(_GENERATION, stored, _GENERATION_AT)[0] if version > 1 else 0
        )
        salt_at = len(MAGIC) + _PARAMS_SIZE
        return cls(
            cost, stored[salt_at:_NONCE_AT], stored[_NONCE_AT:_GENERATION_AT], generation, size
        )


def _header_start(cost: ScryptCost, salt: bytes) -> bytes:
    """Every header byte before the nonce."""
    import struct

    return MAGIC + struct.pack(_PARAMS, FORMAT_VERSION, SCRYPT, cost.n, cost.r, cost.p) + salt


def _normalised(passphrase: str) -> bytes:
    import unicodedata

    return unicodedata.normalize("NFC", passphrase).encode("utf-8")


class EncryptedCodec:
    """Turns the journal's JSON into an encrypted file and back, with one passphrase.

    The key is derived from the passphrase and the file's salt with scrypt,
    once per salt per process (deriving is deliberately slow), so one command
    derives once however often it reads and writes. Rewriting a file keeps
    the salt (and key) it was read with; a codec that has read nothing (a
    new passphrase) picks a fresh random salt on its first write. Every write
    uses a fresh random nonce, and a generation one above the highest this
    codec has read or written (see :attr:`generation`).
    """

    def __init__(self, passphrase: str, cost: ScryptCost | None = None) -> None:
        # The same characters typed on another system may arrive composed
        # differently; normalising makes them the same passphrase.
        self._secret = _normalised(passphrase)
        # For new files only; a file read keeps the cost in its header.
        self._cost = cost or DEFAULT_COST
        self._keys: dict[tuple[ScryptCost, bytes], bytes] = {}
        # Header start and key for writing, fixed by the first read or write.
        self._sealing: tuple[bytes, bytes] | None = None
        #: The highest generation read or written; the next write gets one more.
        self.generation = 0

    def has_passphrase(self, passphrase: str) -> bool:
        """Whether ``passphrase`` is this codec's (normalised as it was), in
        constant time: so choosing the current one as a new one can be told."""
        import hmac

        return hmac.compare_digest(self._secret, _normalised(passphrase))

    def continue_after(self, generation: int) -> None:
        """Make the next write's generation higher than ``generation`` (a file
        this codec did not read, such as the journal under its old passphrase)."""
        self.generation = max(self.generation, generation)

    def encode(self, document: bytes) -> bytes:
        import struct

        from cryptography.hazmat.primitives.ciphers.aead import AESGCM

        if self._sealing is None:
            salt = os.urandom(SALT_SIZE)
            self._sealing = (_header_start(self._cost, salt), self._key(self._cost, salt))
        start, key = self._sealing
        self.generation += 1
        nonce = os.urandom(NONCE_SIZE)
        header = start + nonce + struct.pack(_GENERATION, self.generation)
        return header + AESGCM(key).encrypt(nonce, document, header)

    def decode(self, stored: bytes) -> bytes:
        from cryptography.exceptions import InvalidTag
        from cryptography.hazmat.primitives.ciphers.aead import AESGCM

        header = _Header.parse(stored)
        key = self._key(header.cost, header.salt)
        try:
            document = AESGCM(key).decrypt(
                header.nonce, stored[header.size :], stored[: header.size]
            )
        except InvalidTag:
            raise CodecError(
                "wrong passphrase, or the file was damaged or tampered with",
                hint="check the passphrase",
            ) from None
        if self._sealing is None:
            # Rewritten in today's format, with the salt and cost it was read with.
            self._sealing = (_header_start(header.cost, header.salt), key)
        self.generation = max(self.generation, header.generation)
        return document

    def _key(self, cost: ScryptCost, salt: bytes) -> bytes:
        from cryptography.hazmat.primitives.kdf.scrypt import Scrypt

        found = self._keys.get((cost, salt))
        if found is None:
            kdf = Scrypt(salt=salt, length=KEY_SIZE, n=cost.n, r=cost.r, p=cost.p)
            try:
                found = self._keys[(cost, salt)] = kdf.derive(self._secret)
            except MemoryError:
                # Within the bounds, but more than this machine can give now.
                raise CodecError(
                    f"there is not enough memory to derive its key ({128 * cost.n * cost.r} "
                    "bytes of scrypt memory)",
                    hint="close other programs and try again",
                ) from None
        return found

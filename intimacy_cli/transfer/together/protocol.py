"""The together files, made and checked: canonical bytes, signatures, sealing and
releasing round keys. Pure functions of bytes and keys; ``docs/together.md`` is
the specification, and each check here says there what it prevents.

``cryptography`` is imported inside the functions that use it, so merely
listing this module's names costs nothing.
"""

from __future__ import annotations

import base64
import hashlib
import json
import os
import re
from collections.abc import Callable, Mapping
from dataclasses import dataclass
from typing import Any

from intimacy_cli.base.errors import IntimacyError
from intimacy_cli.base.messages import NOTHING_CHANGED
from intimacy_cli.transfer.together.words import WORDS

FORMAT = "intimacy-together"
VERSION = 1
LABEL = b"intimacy-together/v1/"
KINDS = ("card", "partner", "round", "sealed", "key")
KEY_SIZE = 32  # AES-256 and X25519/Ed25519 keys alike
NONCE_SIZE = 12
PHRASE_WORDS = 6


class TogetherFileError(IntimacyError):
    """A together file that cannot be used; the message names it and says why."""

    def __init__(self, source: str, why: str) -> None:
        super().__init__(f"{source}: {why}; {NOTHING_CHANGED}")
        self.source = source
        self.why = why


class ForeignFile(TogetherFileError):
    """A sound file of another couple: someone else's, found in a shared folder."""


def _label(purpose: str) -> bytes:
    """Domain separation: every hash, signature and derived key has its own label."""
    return LABEL + purpose.encode("ascii") + b"\0"


def canonical(value: Any) -> bytes:
    """The one byte form of a JSON value: sorted keys, no spaces, ASCII only."""
    return json.dumps(value, sort_keys=True, separators=(",", ":"), ensure_ascii=True).encode(
        "ascii"
    )


def b64(data: bytes) -> str:
    return base64.b64encode(data).decode("ascii")


def file_hash(data: bytes) -> str:
    """A file's hash, as sealed and key files cite it."""
    return hashlib.sha256(_label("file") + data).hexdigest()


def fingerprint(x25519_public: bytes, ed25519_public: bytes) -> str:
    return hashlib.sha256(_label("fingerprint") + x25519_public + ed25519_public).hexdigest()[:32]


# -- reading any file: the checks every kind shares -------------------------------------

_FINGERPRINT = re.compile(r"[0-9a-f]{32}")
_HASH = re.compile(r"[0-9a-f]{64}")
_UUID = re.compile(r"[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}")
_ID = re.compile(r"[a-z0-9][a-z0-9_-]{0,99}")


def _bytes(size: int | None) -> Callable[[Any], bool]:
    def check(value: Any) -> bool:
        if not isinstance(value, str):
            return False
        try:
            raw = base64.b64decode(value, validate=True)
        except ValueError:
            return False
        # One spelling only: "AB==" and "AC==" decode alike, and must not both pass.
        return b64(raw) == value and (size is None or len(raw) == size)

    return check


def _matching(pattern: re.Pattern[str]) -> Callable[[Any], bool]:
    return lambda value: isinstance(value, str) and pattern.fullmatch(value) is not None


def _text(value: Any) -> bool:
    return isinstance(value, str) and 0 < len(value) <= 200


def _ids(value: Any) -> bool:
    return (
        isinstance(value, list)
        and 0 < len(value) <= 100
        and all(_matching(_ID)(item) for item in value)
        and len(set(value)) == len(value)
    )


def _couple(value: Any) -> bool:
    return (
        isinstance(value, list)
        and len(value) == 2
        and all(_matching(_FINGERPRINT)(item) for item in value)
        and value[0] < value[1]
    )


def _card_fields(value: Any) -> bool:
    return isinstance(value, dict) and set(value) == set(_FIELDS["card"]) | _COMMON


_KEY = _bytes(KEY_SIZE)
_FP = _matching(_FINGERPRINT)
_SHA = _matching(_HASH)
_FIELDS: dict[str, dict[str, Callable[[Any], bool]]] = {
    "card": {"name": _text, "x25519": _KEY, "ed25519": _KEY},
    "partner": {"card": _card_fields},
    "round": {
        "round": _matching(_UUID),
        "lesson": _matching(_ID),
        "questions": _ids,
        "opened_by": _FP,
        "couple": _couple,
        "created_at": _text,
    },
    "sealed": {
        "round": _matching(_UUID),
        "round_hash": _SHA,
        "from": _FP,
        "to": _FP,
        "nonce": _bytes(NONCE_SIZE),
        "ciphertext": _bytes(None),
        "commitment": _SHA,
    },
    "key": {
        "round": _matching(_UUID),
        "from": _FP,
        "to": _FP,
        "own_sealed": _SHA,
        "partner_sealed": _SHA,
        "ephemeral": _KEY,
        "nonce": _bytes(NONCE_SIZE),
        "ciphertext": _bytes(KEY_SIZE + 16),
    },
}
_COMMON = {"format", "version", "kind", "signature"}


def parse(data: bytes, source: str, kind: str) -> dict[str, Any]:
    """The fields of a together file of ``kind``, every one of the right type;
    its signature is not checked yet (that needs the signer's key)."""
    try:
        document = json.loads(data.decode("ascii"))
    except (UnicodeDecodeError, ValueError):
        raise TogetherFileError(source, "it is not a together file (not JSON)") from None
    if not isinstance(document, dict) or document.get("format") != FORMAT:
        raise TogetherFileError(source, "it is not a together file")
    version = document.get("version")
    if version != VERSION:
        raise TogetherFileError(
            source,
            f"it is in version {version!r} of the together format; this app reads version "
            f"{VERSION}",
        )
    if document.get("kind") != kind:
        raise TogetherFileError(
            source, f"it is a {document.get('kind')!r} file, not the {kind} file expected here"
        )
    if canonical(document) + b"\n" != data:
        raise TogetherFileError(source, "it was changed (its bytes are not as the app writes them)")
    fields = _FIELDS[kind]
    if set(document) != set(fields) | _COMMON or not _bytes(64)(document["signature"]):
        raise TogetherFileError(source, "it was changed (its fields are not those of its kind)")
    wrong = [name for name, check in fields.items() if not check(document[name])]
    if wrong:
        raise TogetherFileError(source, f"it was changed ({', '.join(wrong)} not valid)")
    return document


def _signed_bytes(document: Mapping[str, Any]) -> bytes:
    kind = str(document["kind"])
    return _label(kind) + canonical({k: v for k, v in document.items() if k != "signature"})


def _signed(fields: Mapping[str, Any], kind: str, ed25519_private: bytes) -> bytes:
    from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PrivateKey

    document = {"format": FORMAT, "version": VERSION, "kind": kind, **fields}
    key = Ed25519PrivateKey.from_private_bytes(ed25519_private)
    document["signature"] = b64(key.sign(_signed_bytes(document)))
    return canonical(document) + b"\n"


def _check_signature(document: Mapping[str, Any], ed25519_public: bytes, source: str) -> None:
    from cryptography.exceptions import InvalidSignature
    from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PublicKey

    try:
        Ed25519PublicKey.from_public_bytes(ed25519_public).verify(
            base64.b64decode(document["signature"]), _signed_bytes(document)
        )
    except (InvalidSignature, ValueError):
        raise TogetherFileError(
            source, "its signature does not match (changed, or not from your partner)"
        ) from None


# -- keys and cards ----------------------------------------------------------------------


@dataclass(frozen=True)
class OwnKeys:
    """A profile's private keys and the name its partner sees."""

    name: str
    x25519: bytes
    ed25519: bytes

    @classmethod
    def generate(cls, name: str) -> OwnKeys:
        from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PrivateKey
        from cryptography.hazmat.primitives.asymmetric.x25519 import X25519PrivateKey

        return cls(name, _raw(X25519PrivateKey.generate()), _raw(Ed25519PrivateKey.generate()))

    def card(self) -> Card:
        from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PrivateKey
        from cryptography.hazmat.primitives.asymmetric.x25519 import X25519PrivateKey

        x_public = X25519PrivateKey.from_private_bytes(self.x25519).public_key()
        ed_public = Ed25519PrivateKey.from_private_bytes(self.ed25519).public_key()
        return Card(self.name, _raw(x_public), _raw(ed_public))

    def card_file(self) -> bytes:
        card = self.card()
        fields = {"name": card.name, "x25519": b64(card.x25519), "ed25519": b64(card.ed25519)}
        return _signed(fields, "card", self.ed25519)


def _raw(key: Any) -> bytes:
    from cryptography.hazmat.primitives import serialization

    if hasattr(key, "private_bytes"):
        raw: bytes = key.private_bytes(
            serialization.Encoding.Raw,
            serialization.PrivateFormat.Raw,
            serialization.NoEncryption(),
        )
        return raw
    public: bytes = key.public_bytes(serialization.Encoding.Raw, serialization.PublicFormat.Raw)
    return public


@dataclass(frozen=True)
class Card:
    """Someone's public keys, and the name they chose."""

    name: str
    x25519: bytes
    ed25519: bytes

    @property
    def fingerprint(self) -> str:
        return fingerprint(self.x25519, self.ed25519)


def read_card(data: bytes, source: str) -> Card:
    """A card file, self-signed (its two keys belong together)."""
    return _card_from(parse(data, source, "card"), source)


def _card_from(document: Mapping[str, Any], source: str) -> Card:
    card = Card(
        document["name"],
        base64.b64decode(document["x25519"]),
        base64.b64decode(document["ed25519"]),
    )
    _check_signature(document, card.ed25519, source)
    return card


def safety_phrase(one: Card, other: Card) -> str:
    """Six words from both cards' keys, the same on both screens."""
    first, second = sorted((one, other), key=lambda card: card.fingerprint)
    digest = hashlib.sha256(
        _label("phrase") + first.x25519 + first.ed25519 + second.x25519 + second.ed25519
    ).digest()
    return " ".join(WORDS[byte] for byte in digest[:PHRASE_WORDS])


def endorse(keys: OwnKeys, card_file: bytes) -> bytes:
    """The partner file: their card, signed by this profile once the phrase matched."""
    return _signed({"card": json.loads(card_file)}, "partner", keys.ed25519)


def read_partner(data: bytes, source: str, keys: OwnKeys) -> Card:
    """The partner this profile endorsed; a card swapped on disk is refused."""
    document = parse(data, source, "partner")
    _check_signature(document, keys.card().ed25519, source)
    return _card_from(document["card"], source)


# -- rounds ------------------------------------------------------------------------------


@dataclass(frozen=True)
class Couple:
    """Two endorsed cards: this profile's own and its partner's."""

    own: OwnKeys
    partner: Card

    @property
    def me(self) -> str:
        return self.own.card().fingerprint

    @property
    def fingerprints(self) -> list[str]:
        return sorted((self.me, self.partner.fingerprint))

    def signer(self, fingerprint: str) -> bytes | None:
        """The Ed25519 key of the one of us with ``fingerprint``; ``None`` for anyone else."""
        if fingerprint == self.partner.fingerprint:
            return self.partner.ed25519
        if fingerprint == self.me:
            return self.own.card().ed25519
        return None


@dataclass(frozen=True)
class RoundFile:
    round: str
    lesson: str
    questions: tuple[str, ...]
    opened_by: str
    created_at: str
    hash: str


def make_round(
    couple: Couple, round_id: str, lesson: str, questions: list[str], created_at: str
) -> bytes:
    fields = {
        "round": round_id,
        "lesson": lesson,
        "questions": questions,
        "opened_by": couple.me,
        "couple": couple.fingerprints,
        "created_at": created_at,
    }
    return _signed(fields, "round", couple.own.ed25519)


def read_round(data: bytes, source: str, couple: Couple) -> RoundFile:
    """A round of this couple, opened by either of us."""
    document = parse(data, source, "round")
    signer = couple.signer(document["opened_by"])
    if document["couple"] != couple.fingerprints or signer is None:
        raise ForeignFile(source, "it is a round of another couple, not yours")
    _check_signature(document, signer, source)
    return RoundFile(
        document["round"],
        document["lesson"],
        tuple(document["questions"]),
        document["opened_by"],
        document["created_at"],
        file_hash(data),
    )


@dataclass(frozen=True)
class SealedFile:
    round: str
    sender: str
    nonce: bytes
    ciphertext: bytes
    commitment: str
    header: bytes
    hash: str


def _commitment(header: Mapping[str, str], key: bytes, nonce: bytes, ciphertext: bytes) -> str:
    bound = (header["round"] + header["from"] + header["to"]).encode("ascii")
    return hashlib.sha256(_label("commitment") + bound + key + nonce + ciphertext).hexdigest()


def seal(couple: Couple, round_file: RoundFile, answers: Mapping[str, Any]) -> tuple[bytes, bytes]:
    """The sealed file of this profile's shared answers, and its fresh round key."""
    from cryptography.hazmat.primitives.ciphers.aead import AESGCM

    key, nonce = AESGCM.generate_key(bit_length=256), os.urandom(NONCE_SIZE)
    header = {
        "round": round_file.round,
        "round_hash": round_file.hash,
        "from": couple.me,
        "to": couple.partner.fingerprint,
    }
    ciphertext = AESGCM(key).encrypt(
        nonce, canonical({"answers": dict(answers)}), canonical(header)
    )
    fields = {
        **header,
        "nonce": b64(nonce),
        "ciphertext": b64(ciphertext),
        "commitment": _commitment(header, key, nonce, ciphertext),
    }
    return _signed(fields, "sealed", couple.own.ed25519), key


def read_sealed(data: bytes, source: str, couple: Couple, round_file: RoundFile) -> SealedFile:
    """A sealed file of this round, from one of us to the other."""
    document = parse(data, source, "sealed")
    sender = document["from"]
    signer = couple.signer(sender)
    others = {couple.me: couple.partner.fingerprint, couple.partner.fingerprint: couple.me}
    if signer is None or document["to"] != others[sender]:
        raise TogetherFileError(source, "it is not between you and your partner")
    if document["round"] != round_file.round or document["round_hash"] != round_file.hash:
        raise TogetherFileError(source, f"it belongs to another round, not {round_file.round}")
    _check_signature(document, signer, source)
    header = {name: document[name] for name in ("round", "round_hash", "from", "to")}
    return SealedFile(
        document["round"],
        sender,
        base64.b64decode(document["nonce"]),
        base64.b64decode(document["ciphertext"]),
        document["commitment"],
        canonical(header),
        file_hash(data),
    )


def open_sealed(sealed: SealedFile, key: bytes, source: str) -> dict[str, Any]:
    """The answers in a sealed file, with the round key its writer released."""
    from cryptography.exceptions import InvalidTag
    from cryptography.hazmat.primitives.ciphers.aead import AESGCM

    header = json.loads(sealed.header)
    if _commitment(header, key, sealed.nonce, sealed.ciphertext) != sealed.commitment:
        raise TogetherFileError(source, "the released key is not the one it was sealed with")
    try:
        plain = AESGCM(key).decrypt(sealed.nonce, sealed.ciphertext, sealed.header)
        answers = json.loads(plain)["answers"]
    except (InvalidTag, ValueError, KeyError, TypeError):
        raise TogetherFileError(source, "its answers cannot be opened (changed)") from None
    if not isinstance(answers, dict):
        raise TogetherFileError(source, "its answers cannot be opened (changed)")
    return answers


# -- releasing a round key ---------------------------------------------------------------


def _wrapping_key(shared: bytes, ephemeral: bytes, recipient: bytes, header: bytes) -> bytes:
    from cryptography.hazmat.primitives import hashes
    from cryptography.hazmat.primitives.kdf.hkdf import HKDF

    info = _label("key") + ephemeral + recipient + header
    return HKDF(algorithm=hashes.SHA256(), length=KEY_SIZE, salt=None, info=info).derive(shared)


_KEY_HEADER = ("round", "from", "to", "own_sealed", "partner_sealed", "ephemeral")


def release(couple: Couple, own: SealedFile, partner: SealedFile, round_key: bytes) -> bytes:
    """The key file: this profile's round key encrypted to the partner, citing
    both sealed files (so it can exist only once both partners had answered)."""
    from cryptography.hazmat.primitives.asymmetric.x25519 import X25519PrivateKey, X25519PublicKey
    from cryptography.hazmat.primitives.ciphers.aead import AESGCM

    ephemeral = X25519PrivateKey.generate()
    ephemeral_public = _raw(ephemeral.public_key())
    header = {
        "round": own.round,
        "from": couple.me,
        "to": couple.partner.fingerprint,
        "own_sealed": own.hash,
        "partner_sealed": partner.hash,
        "ephemeral": b64(ephemeral_public),
    }
    shared = ephemeral.exchange(X25519PublicKey.from_public_bytes(couple.partner.x25519))
    wrapping = _wrapping_key(shared, ephemeral_public, couple.partner.x25519, canonical(header))
    nonce = os.urandom(NONCE_SIZE)
    ciphertext = AESGCM(wrapping).encrypt(nonce, round_key, canonical(header))
    fields = {**header, "nonce": b64(nonce), "ciphertext": b64(ciphertext)}
    return _signed(fields, "key", couple.own.ed25519)


def read_key(
    data: bytes, source: str, couple: Couple, theirs: SealedFile, mine: SealedFile
) -> bytes:
    """The partner's round key from their key file, after every check."""
    from cryptography.exceptions import InvalidTag
    from cryptography.hazmat.primitives.asymmetric.x25519 import X25519PrivateKey, X25519PublicKey
    from cryptography.hazmat.primitives.ciphers.aead import AESGCM

    document = parse(data, source, "key")
    if document["from"] != couple.partner.fingerprint or document["to"] != couple.me:
        raise TogetherFileError(source, "it is not from your partner to you")
    if document["round"] != theirs.round:
        raise TogetherFileError(source, f"it belongs to another round, not {theirs.round}")
    if document["own_sealed"] != theirs.hash or document["partner_sealed"] != mine.hash:
        raise TogetherFileError(source, "it cites other sealed files than this round's")
    _check_signature(document, couple.partner.ed25519, source)
    header = {name: document[name] for name in _KEY_HEADER}
    ephemeral = base64.b64decode(document["ephemeral"])
    own = X25519PrivateKey.from_private_bytes(couple.own.x25519)
    try:
        shared = own.exchange(X25519PublicKey.from_public_bytes(ephemeral))
        wrapping = _wrapping_key(shared, ephemeral, couple.own.card().x25519, canonical(header))
        return AESGCM(wrapping).decrypt(
            base64.b64decode(document["nonce"]),
            base64.b64decode(document["ciphertext"]),
            canonical(header),
        )
    except (InvalidTag, ValueError):
        raise TogetherFileError(source, "its key cannot be opened (changed)") from None

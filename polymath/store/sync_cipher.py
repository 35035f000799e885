"""The sync key and the cipher that seals every file in the sync folder.

The key is 128 random bits, shown to a person as the 12 words of BIP-39 (``mnemonic``): a
standard list of 2,048 words, each told apart by its first four letters, with a checksum that
catches a mistyped word. Segments are sealed with AES-256-GCM (``cryptography``), an
authenticated cipher: a wrong key, a truncated file or a changed byte fails to open, and is
never mistaken for data. The cipher key and a short public key id are derived from the key with
HKDF, so a file written with another key is recognised as such before any decryption is tried.
"""

import hmac
import os
from typing import Final

from cryptography.exceptions import InvalidTag
from cryptography.hazmat.primitives import hashes
from cryptography.hazmat.primitives.ciphers.aead import AESGCM
from cryptography.hazmat.primitives.kdf.hkdf import HKDF

from polymath.core.errors import InvalidInput

KEY_BYTES: Final = 16
KEY_WORDS: Final = 12
KEY_ID_BYTES: Final = 8
NONCE_BYTES: Final = 12


class SealBroken(Exception):
    """A sealed file did not open with this key: changed, cut short, or made up."""


def _wordlist() -> "object":
    from mnemonic import Mnemonic

    return Mnemonic("english")


def new_key() -> bytes:
    return os.urandom(KEY_BYTES)


def key_words(key: bytes) -> str:
    """The key as the words a person types on another device."""
    words: str = _wordlist().to_mnemonic(key)  # type: ignore[attr-defined]
    return words


def key_from_words(text: str) -> bytes:
    """The key typed as words (any case and spacing; a word's first four letters suffice)."""
    book = _wordlist()
    known: list[str] = book.wordlist  # type: ignore[attr-defined]
    typed = text.lower().replace(",", " ").split()
    if len(typed) != KEY_WORDS:
        raise InvalidInput(
            f"a sync key is {KEY_WORDS} words; {len(typed)} were given "
            "(polymath shows them on a device that syncs)"
        )
    words = []
    for number, word in enumerate(typed, 1):
        matches = [w for w in known if w == word] or (
            [w for w in known if w.startswith(word)] if len(word) >= 4 else []
        )
        if len(matches) != 1:
            raise InvalidInput(f"word {number} of the key, {word!r}, is not one of the key's words")
        words.append(matches[0])
    phrase = " ".join(words)
    if not book.check(phrase):  # type: ignore[attr-defined]
        raise InvalidInput("the key's words do not check out: one of them is mistyped")
    return bytes(book.to_entropy(phrase))  # type: ignore[attr-defined]


def _derive(key: bytes, purpose: bytes, length: int) -> bytes:
    return HKDF(algorithm=hashes.SHA256(), length=length, salt=None, info=purpose).derive(key)


def key_id(key: bytes) -> bytes:
    """A public fingerprint of the key: files carry it, so a wrong key is named as such."""
    return _derive(key, b"polymath sync key id v1", KEY_ID_BYTES)


class Sealer:
    """Seals and opens segments with one key."""

    def __init__(self, key: bytes) -> None:
        self.key_id = key_id(key)
        self._aead = AESGCM(_derive(key, b"polymath sync segments v1", 32))

    def seal(self, plain: bytes, bound: bytes) -> bytes:
        """Nonce and ciphertext; ``bound`` (the file's header and place) is authenticated too."""
        nonce = os.urandom(NONCE_BYTES)
        return nonce + self._aead.encrypt(nonce, plain, bound)

    def open(self, sealed: bytes, bound: bytes) -> bytes:
        if len(sealed) < NONCE_BYTES + 16:
            raise SealBroken("cut short")
        try:
            return self._aead.decrypt(sealed[:NONCE_BYTES], sealed[NONCE_BYTES:], bound)
        except InvalidTag:
            raise SealBroken("does not authenticate") from None

    def same_key(self, other_id: bytes) -> bool:
        return hmac.compare_digest(self.key_id, other_id)

"""The recovery key's text form: 240 random bits as 48 letters and digits in groups of six,
from an alphabet without 0/O and 1/I so it can be read aloud and typed back."""

from __future__ import annotations

import secrets

_RECOVERY_ALPHABET = "ABCDEFGHJKLMNPQRSTUVWXYZ23456789"


def new_recovery_secret() -> bytes:
    return secrets.token_bytes(30)  # 240 bits = 48 characters of a 32-letter alphabet


def format_recovery_key(secret: bytes) -> str:
    number = int.from_bytes(secret, "big")
    chars = []
    for _ in range(len(secret) * 8 // 5):
        number, digit = divmod(number, 32)
        chars.append(_RECOVERY_ALPHABET[digit])
    text = "".join(reversed(chars))
    return "-".join(text[i : i + 6] for i in range(0, len(text), 6))


def parse_recovery_key(text: str) -> bytes:
    cleaned = "".join(c for c in text.upper() if c.isalnum())
    cleaned = cleaned.replace("0", "O").replace("1", "I")
    if len(cleaned) != 48 or any(c not in _RECOVERY_ALPHABET for c in cleaned):
        raise ValueError("not a recovery key")
    number = 0
    for c in cleaned:
        number = number * 32 + _RECOVERY_ALPHABET.index(c)
    return number.to_bytes(30, "big")

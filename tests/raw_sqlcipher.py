"""The database as an insider with the raw key opens it: plain SQLCipher, no app code."""

from __future__ import annotations

from pathlib import Path

import sqlcipher3


def raw_connect(db: Path, key_hex: str, algorithm: str = "HMAC_SHA256") -> sqlcipher3.Connection:
    """Keyed for `algorithm` (a new vault's page HMAC unless told), nothing read yet."""
    conn = sqlcipher3.connect(str(db))
    conn.execute("PRAGMA cipher_log_level = NONE")
    conn.execute(f"PRAGMA key = \"x'{key_hex}'\"")
    conn.execute(f"PRAGMA cipher_hmac_algorithm = {algorithm}")
    return conn


def raw_readable(db: Path, key_hex: str, algorithm: str = "HMAC_SHA256") -> bool:
    """Whether that key (and HMAC) reads the database."""
    conn = raw_connect(db, key_hex, algorithm)
    try:
        conn.execute("SELECT count(*) FROM sqlite_master").fetchone()
        return True
    except sqlcipher3.DatabaseError:
        return False
    finally:
        conn.close()

"""Ways a packet can go wrong on the way, as Hypothesis strategies (shared by the property test
in this folder and the 100,000-case stress script in tests/perf/)."""

from __future__ import annotations

import hashlib
import struct
from pathlib import Path

from hypothesis import strategies as st

from casework.exchange.packet import HEADER, MAGIC


def db_hash(folder: Path) -> str:
    """The database file's bytes (and its write-ahead log's): unchanged means nothing written."""
    h = hashlib.sha256()
    for name in ("casework.db", "casework.db-wal"):
        path = folder / name
        h.update(path.read_bytes() if path.exists() else b"-")
    return h.hexdigest()


def _flip(data: bytes, positions: list[int], bits: list[int]) -> bytes:
    out = bytearray(data)
    for pos, bit in zip(positions, bits, strict=False):
        out[pos % len(out)] ^= 1 << bit
    return bytes(out)


def _swap(data: bytes, a: int, b: int, size: int) -> bytes:
    a, b = a % len(data), b % len(data)
    a, b = min(a, b), max(a, b)
    size = max(1, min(size, b - a, len(data) - b))
    if b == a:
        return data
    return (
        data[:a] + data[b : b + size] + data[a + size : b] + data[a : a + size] + data[b + size :]
    )


def _declare(data: bytes, length: int) -> bytes:
    magic, version, key_id, _ = HEADER.unpack_from(data)
    return HEADER.pack(magic, version, key_id, length) + data[HEADER.size :]


def _version(data: bytes, version: int) -> bytes:
    return data[:8] + struct.pack(">B", version) + data[9:]


def mutated(valid: bytes, others: dict[str, bytes]) -> st.SearchStrategy[bytes]:
    """Every kind of damage to `valid`; `others` holds whole packets that must also be refused
    (sealed to another organisation, already imported, from an unknown sender…)."""
    n = len(valid)
    flips = st.builds(
        _flip,
        st.just(valid),
        st.lists(st.integers(0, n - 1), min_size=1, max_size=8),
        st.lists(st.integers(0, 7), min_size=8, max_size=8),
    )
    truncated = st.integers(0, n - 1).map(lambda k: valid[:k])
    extended = st.binary(min_size=1, max_size=2048).map(lambda extra: valid + extra)
    swapped = st.builds(
        _swap, st.just(valid), st.integers(0, n - 1), st.integers(0, n - 1), st.integers(1, 96)
    )
    huge = st.integers(n - HEADER.size + 1, 2**32 - 1).map(lambda k: _declare(valid, k))
    short = st.integers(0, n - HEADER.size - 1).map(lambda k: _declare(valid, k))
    versions = st.integers(0, 255).filter(lambda v: v != valid[8]).map(lambda v: _version(valid, v))
    garbage = st.binary(min_size=0, max_size=4096)
    magic_garbage = st.binary(min_size=0, max_size=4096).map(lambda b: MAGIC + b)
    whole = st.sampled_from(sorted(others.values())) if others else st.nothing()
    return st.one_of(
        flips, truncated, extended, swapped, huge, short, versions, garbage, magic_garbage, whole
    ).filter(lambda data: data != valid)

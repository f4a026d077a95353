"""SQLCipher connections and the SQLAlchemy engine over them.

The database is opened with the raw 32-byte key (`x'…'`), so SQLCipher's own PBKDF2 is not paid
on every connection; the key text is built in a bytearray and wiped after `set_key`.
Everything SQLite-specific about connections stays in this module.
"""

from __future__ import annotations

import logging
from collections.abc import Callable
from pathlib import Path
from typing import TypeVar

import sqlcipher3
from sqlalchemy import Engine, create_engine, event
from sqlalchemy.pool import QueuePool

from casework.store.paths import DB_FILE  # noqa: E402, F401 - re-exported

T = TypeVar("T")

# Settings applied to every connection (ARCHITECTURE.md, "The vault"). temp_store=MEMORY keeps
# SQLite's sort and temp files (which would be plaintext) off the disk.
PRAGMAS = (
    "PRAGMA foreign_keys = ON",
    "PRAGMA secure_delete = ON",
    "PRAGMA temp_store = MEMORY",
    "PRAGMA busy_timeout = 10000",
)

# Decrypted page cache per connection, sized to the vault (`tune_cache`): list and search
# queries revisit the same pages, and decrypting them again on every keystroke is what made
# search slow once the working set outgrew a fixed 32 MiB (200,000 cases).
CACHE_MIN_KIB = 32 * 1024
CACHE_MAX_KIB = 128 * 1024
CACHE_SHARE = 4  # a quarter of the file: the cases table, its indexes and the hot FTS pages

# All of SQLite's memory in this process (every connection's page cache, sorts, statements), a
# soft limit shared by the connections: once it is reached a connection reuses its own least
# recently used pages instead of growing. Per-connection caches alone let a session with four
# pooled connections hold 4 x 128 MiB at 500,000 cases. 80 MiB: a session's everyday reads
# (searches typed, every sort, the referral lists, cases opened: the benchmark's encryption
# workload) touch about 76 MiB of pages at 200,000 cases. Under 64 the least recently used
# page was always the next one needed, so every pass decrypted them all again (encrypted 1.4x
# plain); under 80 they stay decrypted (1.0x, and both sides faster). The session's peak
# (issue 13, under 300 MB at 500,000 cases) is this budget on top of Qt, Python and the pages.
HEAP_BUDGET_KIB = 80 * 1024


def wipe(buffer: bytearray) -> None:
    for i in range(len(buffer)):
        buffer[i] = 0


def key_text(dek: bytes | bytearray) -> bytearray:
    """SQLCipher's raw-key syntax, x'<64 hex digits>', in a wipeable buffer."""
    out = bytearray(b"x'")
    out += bytes(dek).hex().encode("ascii")
    out += b"'"
    return out


# The page HMAC. SQLCipher 4 defaults to HMAC-SHA512; new vaults use HMAC-SHA256, the same
# integrity (a 256-bit tag on every page, checked on every read) for about two thirds of the
# cost of decrypting a page (7.6 against 10.5 us here): processors hash SHA-256 in hardware
# (SHA-NI), SHA-512 in software, and the HMAC is most of a page's decryption (issue 13:
# encrypted within 1.2x of plain SQLite). A vault made before keeps the HMAC its pages carry.
HMAC_NEW = "HMAC_SHA256"
HMAC_FORMATS = ("HMAC_SHA256", "HMAC_SHA512")


def open_connection(
    db_path: Path, dek: bytes | bytearray, hmac: str | None = None
) -> sqlcipher3.Connection:
    """A keyed connection; raises sqlcipher3.DatabaseError when the key does not fit.

    An empty or missing file is created with `hmac` (HMAC_NEW unless given: a copy made with
    the backup API needs its source's); an existing one is opened with whichever of
    HMAC_FORMATS its pages verify under, `hmac` tried first when known (a vault's next
    connections: no attempt that cannot fit)."""
    try:
        fresh = db_path.stat().st_size == 0
    except OSError:
        fresh = True
    if fresh:
        tries: tuple[str, ...] = (hmac or HMAC_NEW,)
    else:
        tries = tuple(sorted(HMAC_FORMATS, key=lambda algorithm: algorithm != hmac))
    return _first_that_fits(tries, lambda algorithm: _open_with(db_path, dek, algorithm))


def hmac_algorithm(conn: sqlcipher3.Connection) -> str:
    """The page HMAC this connection's database uses (one of HMAC_FORMATS)."""
    return str(conn.execute("PRAGMA cipher_hmac_algorithm").fetchone()[0])


def hmac_of_file(db_path: Path, dek: bytes | bytearray) -> str:
    """The page HMAC of a database file, found by reading its first page and nothing more (no
    journal mode or other setting is changed); sqlcipher3.DatabaseError when none fits."""

    def fits(algorithm: str) -> str:
        _keyed(db_path, dek, algorithm).close()
        return algorithm

    return _first_that_fits(HMAC_FORMATS, fits)


def _first_that_fits(algorithms: tuple[str, ...], attempt: Callable[[str], T]) -> T:
    """`attempt` with each algorithm in turn until one reads the file; the last one's error."""
    for algorithm in algorithms[:-1]:
        try:
            return attempt(algorithm)
        except sqlcipher3.DatabaseError:
            pass
    return attempt(algorithms[-1])


def _keyed(db_path: Path, dek: bytes | bytearray, algorithm: str) -> sqlcipher3.Connection:
    """A connection keyed for `algorithm` that has read the schema (so the key and the HMAC
    fit); nothing else is set."""
    conn = sqlcipher3.connect(str(db_path), check_same_thread=False)
    # Route SQLCipher's own log away from the user's terminal ("hmac check failed" lines).
    conn.execute("PRAGMA cipher_log_level = NONE")
    secret = key_text(dek)
    try:
        conn.set_key(secret)
    finally:
        wipe(secret)
    try:
        conn.execute(f"PRAGMA cipher_hmac_algorithm = {algorithm}")
        conn.execute("SELECT count(*) FROM sqlite_master").fetchone()
    except sqlcipher3.DatabaseError:
        conn.close()
        raise
    return conn


def _open_with(db_path: Path, dek: bytes | bytearray, algorithm: str) -> sqlcipher3.Connection:
    conn = _keyed(db_path, dek, algorithm)
    try:
        conn.execute("PRAGMA journal_mode = WAL").fetchone()
        conn.execute("PRAGMA synchronous = FULL")
        for pragma in PRAGMAS:
            conn.execute(pragma)
        share_heap_budget(conn)
        tune_cache(conn, db_path)
        register_functions(conn)
    except sqlcipher3.DatabaseError:
        conn.close()
        raise
    return conn


def register_functions(conn: sqlcipher3.Connection) -> None:
    """SQL functions the queries (never the schema) use: see store/search.py."""
    from casework.store.search import PREFIXES_FUNCTION, prefixes_match

    conn.create_function(PREFIXES_FUNCTION, -1, prefixes_match, deterministic=True)


def share_heap_budget(conn: sqlcipher3.Connection) -> None:
    """Set the process-wide soft heap limit (HEAP_BUDGET_KIB); it applies to every connection,
    whichever sets it."""
    conn.execute(f"PRAGMA soft_heap_limit = {HEAP_BUDGET_KIB * 1024}").fetchone()


def soft_heap_limit() -> int:
    """The process-wide soft heap limit in bytes (0: none), read without changing it."""
    import ctypes

    try:
        fn = ctypes.CDLL(sqlcipher3._sqlite3.__file__).sqlite3_soft_heap_limit64  # type: ignore[attr-defined]
    except (OSError, AttributeError):
        return 0
    fn.restype = ctypes.c_int64
    fn.argtypes = [ctypes.c_int64]
    return int(fn(-1))


def sqlite_memory(reset_peak: bool = False) -> tuple[int, int]:
    """Bytes SQLite holds in this process now, and the most it held since the last reset
    (sqlite3_memory_used and _highwater of the SQLCipher library the driver bundles); (0, 0)
    where they cannot be read."""
    import ctypes

    try:
        lib = ctypes.CDLL(sqlcipher3._sqlite3.__file__)  # type: ignore[attr-defined]
        used, high = lib.sqlite3_memory_used, lib.sqlite3_memory_highwater
    except (OSError, AttributeError):
        return 0, 0
    used.restype = high.restype = ctypes.c_int64
    high.argtypes = [ctypes.c_int]
    return int(used()), int(high(1 if reset_peak else 0))


def tune_cache(conn: sqlcipher3.Connection, db_path: Path | None = None) -> int:
    """Give the connection a page cache of a quarter of the file, between 32 and 128 MiB."""
    try:
        size = (db_path.stat().st_size // 1024) if db_path is not None else 0
    except OSError:
        size = 0
    if db_path is None:
        row = conn.execute("PRAGMA page_count").fetchone()
        page = conn.execute("PRAGMA page_size").fetchone()
        size = int(row[0]) * int(page[0]) // 1024
    kib = min(max(size // CACHE_SHARE, CACHE_MIN_KIB), CACHE_MAX_KIB)
    conn.execute(f"PRAGMA cache_size = -{kib}")
    return kib


def make_engine(creator: Callable[[], sqlcipher3.Connection], pool_size: int = 4) -> Engine:
    engine = create_engine(
        "sqlite://",
        creator=creator,
        module=sqlcipher3,
        poolclass=QueuePool,
        pool_size=pool_size,
        max_overflow=8,
        # Reuse the most recently used connection: its page cache already holds decrypted
        # pages, which matters more here than spreading work over connections.
        pool_use_lifo=True,
        # Never let SQL parameters (client data) reach a log, even with debug logging on.
        hide_parameters=True,
        logging_name="vault",
        pool_logging_name="vault",
    )
    # SQLAlchemy logs result rows at DEBUG. Pin this engine's own loggers at WARNING so turning
    # on debug logging for "sqlalchemy" never writes client data (or key pragmas) to a log.
    for name in ("sqlalchemy.engine.Engine.vault", "sqlalchemy.pool.impl.QueuePool.vault"):
        logging.getLogger(name).setLevel(logging.WARNING)

    # Let SQLAlchemy, not the driver, decide when a transaction starts (SQLAlchemy's documented
    # recipe for pysqlite). Writers ask for BEGIN IMMEDIATE (execution option "immediate") so the
    # write lock is taken before the audit chain's head is read: two writers cannot fork it.
    @event.listens_for(engine, "connect")
    def _no_driver_transactions(dbapi_conn: sqlcipher3.Connection, _record: object) -> None:
        dbapi_conn.isolation_level = None

    @event.listens_for(engine, "begin")
    def _begin(conn: object) -> None:
        immediate = conn.get_execution_options().get("immediate")  # type: ignore[attr-defined]
        conn.exec_driver_sql("BEGIN IMMEDIATE" if immediate else "BEGIN")  # type: ignore[attr-defined]

    return engine

"""The vault: a 0700 folder with `casework.db` (SQLCipher 4) and `keyslots.json` (0600).

`Vault.create` makes one, `Vault.open` / `Vault.open_with_recovery` unlock one, and the unlocked
`Vault` hands out SQLAlchemy sessions and does the key management (password slots, key rotation,
revocation: vault_keys.py). Permissions are not checked here: the services layer decides who may
call what.

Nothing is written to the database before its pages have passed the integrity check. An unlock
that skips the check to be fast (`verify_pages=False`, the app's login) starts it in the
background (`start_check`) and holds its first writes until it has passed (page_check.py).
"""

from __future__ import annotations

import time
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from pathlib import Path

import sqlalchemy.exc
import sqlcipher3
from sqlalchemy import Engine, select
from sqlalchemy.orm import Session, sessionmaker

from casework.errors import (
    NotAVault,
    VaultDamaged,
    VaultError,
    WrongCredentials,
)
from casework.i18n import N_
from casework.model import User, VaultMeta
from casework.model.enums import Role
from casework.store import audit_chain, keyslots, passwords, schema
from casework.store.engine import DB_FILE, hmac_algorithm, make_engine, open_connection, wipe
from casework.store.kdf import KdfPolicy, active_policy
from casework.store.keyslots import KeySlots, Opened, normalise_username
from casework.store.page_check import PageCheck, wait_for_closing
from casework.store.paths import is_vault, register_open, unregister_open
from casework.store.rekey import DatabaseUnreadable, finish_pending_rotation
from casework.store.throttle import Throttle
from casework.store.vault_keys import VaultKeys

RECOVERY_ACTOR = "recovery-key"
__all__ = ["DatabaseUnreadable", "RECOVERY_ACTOR", "Vault", "backup_vault", "db_path", "is_vault"]


def db_path(folder: Path) -> Path:
    return folder / DB_FILE


class Vault(PageCheck, VaultKeys):
    """An unlocked vault. Close it to drop the connections and wipe the keys from memory."""

    def __init__(
        self,
        folder: Path,
        dek: bytes,
        slots: KeySlots,
        policy: KdfPolicy,
        private: bytes = b"",
        spare: sqlcipher3.Connection | None = None,
    ) -> None:
        self.folder = folder
        # The connection an unlock opened to check the key: the engine's first connection, not
        # closed and opened again (each costs its keying, schema read and pragmas).
        self._spare: list[sqlcipher3.Connection] = [spare] if spare is not None else []
        # The page HMAC the file verified under, once a connection found it: the next ones
        # try it first (store/engine.py, HMAC_FORMATS).
        self._hmac: str | None = hmac_algorithm(spare) if spare is not None else None
        self.slots = slots
        self.policy = policy
        self._dek = bytearray(dek)
        # The opener's own slot private key: reads the audit verification key from their slot
        # and opens their slot in a backup; wiped on close like the database key.
        self._private = bytearray(private)
        self.seal_info: dict[str, object] | None = None
        self.opened_by: str = ""
        self.opened_by_id: int | None = None
        self.engine: Engine = make_engine(self._connect)
        self._reads = sessionmaker(self.engine, expire_on_commit=False)
        self._writes = sessionmaker(
            self.engine.execution_options(immediate=True), expire_on_commit=False
        )
        self.closed = False
        self._init_check()
        register_open(folder)

    # --- connections -------------------------------------------------------------------------

    def _connect(self) -> sqlcipher3.Connection:
        if self.closed:
            raise VaultError(N_("The vault is locked."))
        try:
            return self._spare.pop()  # atomic: no two threads get it
        except IndexError:
            return self._open()

    def _open_spare(self) -> None:
        """Open a connection for the engine's next one (from the page check's thread, while
        it is held: see `PageCheck._warm_spare`)."""
        if not self.closed and not self._spare:
            self._spare.append(self._open())

    def _open(self) -> sqlcipher3.Connection:
        conn = open_connection(db_path(self.folder), self._dek, hmac=self._hmac)
        self._hmac = hmac_algorithm(conn)
        return conn

    def session(self) -> Session:
        """A session for reading (and for writes that need no audit ordering)."""
        return self._reads()

    @contextmanager
    def write(self) -> Iterator[Session]:
        """One write transaction, BEGIN IMMEDIATE; commits on success, rolls back on error.
        Waits for the page check first if it has not passed yet."""
        self._require_checked()
        with self._writes() as session, session.begin():
            yield session

    def meta(self, key: str, default: str = "") -> str:
        """A vault setting (organisation name, workshop marker…) from `vault_meta`."""
        with self.session() as s:
            row = s.get(VaultMeta, key)
            return row.value if row is not None else default

    def _dispose(self) -> None:
        """Drop the connections and wipe the keys (`close()`: page_check.py, once the writes
        held behind the page check are written)."""
        if not self.closed:
            while self._spare:
                self._spare.pop().close()
            self.engine.dispose()
            from casework.store.search import forget_folded

            forget_folded()  # names folded for the search, kept across calls
            wipe(self._dek)
            wipe(self._private)
            self.seal_info = None
            self.closed = True
            unregister_open(self.folder)

    def __enter__(self) -> Vault:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

    # --- creation ----------------------------------------------------------------------------

    @classmethod
    def create(
        cls,
        folder: Path | str,
        *,
        organisation: str,
        admin_username: str,
        admin_password: str,
        admin_display_name: str = "",
        country: str = "",
        language: str = "en",
        policy: KdfPolicy | None = None,
    ) -> tuple[Vault, str]:
        """Create a vault; returns it unlocked and the recovery key text (show it once)."""
        from casework.store.vault_create import create_vault

        return create_vault(
            cls,
            Path(folder),
            organisation=organisation,
            admin_username=admin_username,
            admin_password=admin_password,
            admin_display_name=admin_display_name,
            country=country,
            language=language,
            policy=policy or active_policy(),
        )

    # --- opening -----------------------------------------------------------------------------

    @classmethod
    def open(
        cls,
        folder: Path | str,
        username: str,
        password: str,
        *,
        policy: KdfPolicy | None = None,
        verify_pages: bool = True,
        clock: Callable[[], float] = time.time,
    ) -> Vault:
        """Unlock with a user's password. Errors change nothing in the database."""
        folder = Path(folder)
        policy = policy or active_policy()
        slots = _load_slots(folder)
        throttle = Throttle(folder, clock)
        lookup = slots.lookup_for(username)
        throttle.check(lookup)
        secret = passwords.encode(password)

        def unwrap(candidate: KeySlots) -> Opened:
            return candidate.open_password(username, secret, policy)

        try:
            opened = unwrap(slots)
        except WrongCredentials:
            throttle.failed(lookup)
            raise
        failures = throttle.failures(lookup)
        vault = cls._unlock(folder, opened, slots, policy, verify_pages, unwrap)
        try:
            name = normalise_username(username)
            with vault.session() as s:
                user = s.scalar(select(User).where(User.username == name))
                if user is None or not user.active:
                    raise WrongCredentials()
                user_id, admin = user.id, Role.ADMINISTRATOR in user.role_set
            vault.opened_by, vault.opened_by_id = name, user_id
            vault._adopt_seal(may_start=admin)

            def login(s: Session) -> None:
                if failures:
                    audit_chain.append(
                        s,
                        "login.failed",
                        actor_id=user_id,
                        actor_name=name,
                        details={"attempts": failures},
                    )
                audit_chain.append(s, "login.succeeded", actor_id=user_id, actor_name=name)

            vault.after_check(login)
        except sqlalchemy.exc.DatabaseError as exc:
            vault.close()
            if type(exc.orig) is sqlcipher3.DatabaseError:  # damaged, not merely busy
                raise VaultDamaged(pages="?") from None
            raise
        except BaseException:
            vault.close()
            raise
        throttle.succeeded(lookup)
        return vault

    @classmethod
    def open_with_recovery(
        cls,
        folder: Path | str,
        recovery_key: str,
        *,
        policy: KdfPolicy | None = None,
        verify_pages: bool = True,
        clock: Callable[[], float] = time.time,
    ) -> Vault:
        folder = Path(folder)
        policy = policy or active_policy()
        slots = _load_slots(folder)
        throttle = Throttle(folder, clock)
        throttle.check(keyslots.RECOVERY_LOOKUP)

        def unwrap(candidate: KeySlots) -> Opened:
            return candidate.open_recovery(recovery_key)

        try:
            opened = unwrap(slots)
        except VaultError:
            throttle.failed(keyslots.RECOVERY_LOOKUP)
            raise
        vault = cls._unlock(folder, opened, slots, policy, verify_pages, unwrap)
        vault.opened_by = RECOVERY_ACTOR
        try:
            vault._adopt_seal(may_start=True)

            def login(s: Session) -> None:
                audit_chain.append(
                    s, "login.recovery_key", actor_id=None, actor_name=RECOVERY_ACTOR
                )

            vault.after_check(login)
        except BaseException:
            vault.close()
            raise
        throttle.succeeded(keyslots.RECOVERY_LOOKUP)
        return vault

    @classmethod
    def _unlock(
        cls,
        folder: Path,
        opened: Opened,
        slots: KeySlots,
        policy: KdfPolicy,
        verify_pages: bool,
        unwrap: Callable[[KeySlots], Opened],
    ) -> Vault:
        """Check the database can be read, and its pages unless asked to defer it; migrate it
        (always after the page check: a migration is a write)."""
        # A session locked moments ago may still be writing what it held behind its page check
        # (the login events, the window's size, zoom and language): the new one sees them.
        wait_for_closing()
        dek = finish_pending_rotation(folder, opened.dek, slots, lambda c: unwrap(c).dek)
        try:
            probe = open_connection(db_path(folder), dek)
        except sqlcipher3.DatabaseError:
            raise DatabaseUnreadable() from None
        try:
            vault = cls(folder, dek, slots, policy, opened.private_raw, spare=probe)
        except BaseException:
            probe.close()
            raise
        try:
            if verify_pages:
                damaged = vault.check_pages()
                if damaged:
                    raise VaultDamaged(pages=damaged)
            with vault.engine.connect() as conn:
                upgrade = False  # at the head (the usual case), Alembic is not even imported
                if not schema.at_head(conn):
                    schema.check_not_newer(conn)
                    upgrade = schema.needs_upgrade(conn)
            if upgrade:
                damaged = vault.check_pages()
                if damaged:
                    raise VaultDamaged(pages=damaged)
                with vault.engine.connect() as conn:
                    schema.upgrade(conn)
                    conn.commit()
        except sqlcipher3.DatabaseError:
            vault.close()
            raise VaultDamaged(pages="?") from None
        except BaseException:
            vault.close()
            raise
        return vault


def _load_slots(folder: Path) -> KeySlots:
    if not folder.is_dir() or not db_path(folder).exists():
        if folder.is_dir() and keyslots.keyslots_path(folder).exists():
            raise DatabaseUnreadable()
        raise NotAVault()
    return keyslots.load(folder)


def backup_vault(
    vault: Vault,
    target: Path,
    progress: Callable[[int, int], None] | None = None,
    *,
    workshop_snapshot: bool = False,
) -> int:
    """Write an encrypted backup of an unlocked vault (permission and audit: services). Refused
    inside any vault folder or over a file of an open vault, except the workshop's own snapshot
    (kept inside its training vault on purpose)."""
    from casework.store.backup import write_backup
    from casework.store.paths import check_output_path

    if not workshop_snapshot:
        check_output_path(target)
    return write_backup(vault.folder, bytes(vault._dek), vault.slots, target, progress)

"""The vault: a 0700 folder with `casework.db` (SQLCipher 4) and `keyslots.json` (0600).

`Vault.create` makes one, `Vault.open` / `Vault.open_with_recovery` unlock one, and the unlocked
`Vault` hands out SQLAlchemy sessions and does the key management (password slots, key rotation).
Permissions are not checked here: the services layer decides who may call what.
"""

from __future__ import annotations

import contextlib
import json
import os
import secrets
import time
from collections.abc import Callable, Iterator
from pathlib import Path

import sqlalchemy.exc
import sqlcipher3
from cryptography.hazmat.primitives import hashes
from cryptography.hazmat.primitives.kdf.hkdf import HKDF
from sqlalchemy import Engine, select
from sqlalchemy.orm import Session, sessionmaker

from casework.errors import (
    NotAVault,
    ReadOnlyVault,
    VaultDamaged,
    VaultError,
    VaultExists,
    WrongCredentials,
)
from casework.i18n import N_
from casework.model import User, UserRole, VaultMeta
from casework.model.enums import Role
from casework.store import audit_chain, keyslots, passwords, schema
from casework.store.engine import DB_FILE, key_text, make_engine, open_connection, wipe
from casework.store.kdf import KdfPolicy, active_policy, calibrated
from casework.store.keyslots import KeySlots, normalise_username
from casework.store.throttle import Throttle

PENDING_SUFFIX = ".next"
RECOVERY_ACTOR = "recovery-key"


class DatabaseUnreadable(VaultError):
    default_message = N_(
        "The vault's database cannot be read with its key: the file is damaged or was replaced. "
        "Nothing was changed. Restore the latest backup into a new folder."
    )


def db_path(folder: Path) -> Path:
    return folder / DB_FILE


from casework.store.paths import is_vault  # noqa: E402, F401 - re-exported


def _private_file(path: Path) -> None:
    fd = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
    os.close(fd)


class Vault:
    """An unlocked vault. Close it to drop the connections and wipe the key from memory."""

    def __init__(self, folder: Path, dek: bytes, slots: KeySlots, policy: KdfPolicy) -> None:
        self.folder = folder
        self.slots = slots
        self.policy = policy
        self._dek = bytearray(dek)
        self.opened_by: str = ""
        self.opened_by_id: int | None = None
        self.engine: Engine = make_engine(self._connect)
        self._reads = sessionmaker(self.engine, expire_on_commit=False)
        self._writes = sessionmaker(
            self.engine.execution_options(immediate=True), expire_on_commit=False
        )
        self.closed = False
        # Set when a page check found damage after unlock: reads go on, writes are refused.
        self.read_only = False

    # --- connections -------------------------------------------------------------------------

    def _connect(self) -> sqlcipher3.Connection:
        if self.closed:
            raise VaultError(N_("The vault is locked."))
        return open_connection(db_path(self.folder), self._dek)

    def session(self) -> Session:
        """A session for reading (and for writes that need no audit ordering)."""
        return self._reads()

    @contextlib.contextmanager
    def write(self) -> Iterator[Session]:
        """One write transaction, BEGIN IMMEDIATE; commits on success, rolls back on error."""
        if self.read_only:
            raise ReadOnlyVault()
        with self._writes() as session, session.begin():
            yield session

    def meta(self, key: str, default: str = "") -> str:
        """A vault setting (organisation name, workshop marker…) from `vault_meta`."""
        with self.session() as s:
            row = s.get(VaultMeta, key)
            return row.value if row is not None else default

    def close(self) -> None:
        if not self.closed:
            self.engine.dispose()
            wipe(self._dek)
            self.closed = True

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
        folder = Path(folder)
        policy = policy or active_policy()
        if folder.exists() and (is_vault(folder) or any(folder.iterdir())):
            raise VaultExists()
        passwords.check(admin_password, (admin_username, organisation))
        username = normalise_username(admin_username)
        folder.mkdir(parents=True, exist_ok=True, mode=0o700)
        os.chmod(folder, 0o700)
        dek = secrets.token_bytes(32)
        slots = KeySlots.new()
        slots.set_password_slot(username, passwords.encode(admin_password), dek, calibrated(policy))
        recovery = keyslots.new_recovery_secret()
        slots.set_recovery_slot(recovery, dek)
        _private_file(db_path(folder))
        vault = cls(folder, dek, slots, policy)
        try:
            with vault.engine.connect() as conn:
                schema.upgrade(conn)
                conn.commit()
            with vault.write() as s:
                audit_key = HKDF(hashes.SHA256(), 32, None, b"casework audit chain").derive(dek)
                s.add_all(
                    [
                        VaultMeta(key=audit_chain.AUDIT_KEY, value=audit_key.hex()),
                        VaultMeta(key="organisation", value=organisation.strip()),
                        VaultMeta(key="country", value=country.strip().upper()),
                        VaultMeta(key="language", value=language),
                    ]
                )
                admin = User(
                    username=username,
                    display_name=admin_display_name.strip() or admin_username.strip(),
                    language=language,
                )
                admin.roles.append(UserRole(role=Role.ADMINISTRATOR))
                s.add(admin)
                s.flush()
                audit_chain.append(
                    s, "vault.created", actor_id=admin.id, actor_name=username, entity="vault"
                )
                audit_chain.append(
                    s,
                    "user.created",
                    actor_id=admin.id,
                    actor_name=username,
                    entity="user",
                    entity_id=admin.id,
                    details={"roles": [Role.ADMINISTRATOR.value]},
                )
                vault.opened_by, vault.opened_by_id = username, admin.id
            keyslots.save(folder, slots)
        except BaseException:
            vault.close()
            raise
        return vault, keyslots.format_recovery_key(recovery)

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

        def unwrap(candidate: KeySlots) -> bytes:
            return candidate.unwrap_with_password(username, secret, policy)

        try:
            dek = unwrap(slots)
        except WrongCredentials:
            throttle.failed(lookup)
            raise
        failures = throttle.failures(lookup)
        vault = cls._unlock(folder, dek, slots, policy, verify_pages, unwrap)
        try:
            name = normalise_username(username)
            with vault.write() as s:
                user = s.scalar(select(User).where(User.username == name))
                if user is None or not user.active:
                    raise WrongCredentials()
                vault.opened_by, vault.opened_by_id = name, user.id
                if failures:
                    audit_chain.append(
                        s,
                        "login.failed",
                        actor_id=user.id,
                        actor_name=name,
                        details={"attempts": failures},
                    )
                audit_chain.append(s, "login.succeeded", actor_id=user.id, actor_name=name)
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

        def unwrap(candidate: KeySlots) -> bytes:
            return candidate.unwrap_with_recovery(recovery_key)

        try:
            dek = unwrap(slots)
        except VaultError:
            throttle.failed(keyslots.RECOVERY_LOOKUP)
            raise
        vault = cls._unlock(folder, dek, slots, policy, verify_pages, unwrap)
        vault.opened_by = RECOVERY_ACTOR
        try:
            with vault.write() as s:
                audit_chain.append(
                    s, "login.recovery_key", actor_id=None, actor_name=RECOVERY_ACTOR
                )
        except BaseException:
            vault.close()
            raise
        throttle.succeeded(keyslots.RECOVERY_LOOKUP)
        return vault

    @classmethod
    def _unlock(
        cls,
        folder: Path,
        dek: bytes,
        slots: KeySlots,
        policy: KdfPolicy,
        verify_pages: bool,
        unwrap: Callable[[KeySlots], bytes],
    ) -> Vault:
        """Check the database before anything is written, then migrate it."""
        dek = _finish_pending_rotation(folder, dek, slots, unwrap)
        try:
            probe = open_connection(db_path(folder), dek)
        except sqlcipher3.DatabaseError:
            raise DatabaseUnreadable() from None
        try:
            if verify_pages:
                bad = probe.execute("PRAGMA cipher_integrity_check").fetchall()
                if bad:
                    raise VaultDamaged(pages=len(bad))
        except sqlcipher3.DatabaseError:
            raise VaultDamaged(pages="?") from None
        finally:
            probe.close()
        vault = cls(folder, dek, slots, policy)
        try:
            with vault.engine.connect() as conn:
                schema.check_not_newer(conn)
                if schema.needs_upgrade(conn):
                    schema.upgrade(conn)
                    conn.commit()
        except BaseException:
            vault.close()
            raise
        return vault

    # --- key management ----------------------------------------------------------------------

    def set_password(self, username: str, new_password: str, context: tuple[str, ...] = ()) -> None:
        """Create or replace one user's slot (new user, password change or reset)."""
        passwords.check(new_password, (username, *context))
        self.slots.set_password_slot(
            normalise_username(username),
            passwords.encode(new_password),
            bytes(self._dek),
            calibrated(self.policy),
        )
        keyslots.save(self.folder, self.slots)

    def remove_slot(self, username: str) -> bool:
        removed = self.slots.remove_user(username)
        if removed:
            keyslots.save(self.folder, self.slots)
        return removed

    def has_slot(self, username: str) -> bool:
        return self.slots.has_user(username)

    def rotate_key(self) -> None:
        """Re-key the database and rewrap every slot to the new key.

        Crash-safe order: the new slots are written to `keyslots.json.next` first, then the
        database is re-keyed, then the new slots replace the old. An interrupted rotation is
        finished on the next unlock (`_finish_pending_rotation`).
        """
        new_dek = secrets.token_bytes(32)
        pending = KeySlots.parse(_dump(self.slots))
        pending.rewrap_all(new_dek)
        _save_pending(self.folder, pending)
        self.engine.dispose()
        conn = open_connection(db_path(self.folder), self._dek)
        try:
            conn.execute("PRAGMA wal_checkpoint(TRUNCATE)")
            secret = key_text(new_dek)
            try:
                conn.execute(f'PRAGMA rekey = "{secret.decode("ascii")}"')
            finally:
                wipe(secret)
        finally:
            conn.close()
        keyslots.save(self.folder, pending)
        _pending_path(self.folder).unlink(missing_ok=True)
        wipe(self._dek)
        self._dek = bytearray(new_dek)
        self.slots = pending

    def raw_key_hex(self) -> str:
        """The database key for disaster recovery with any SQLCipher tool (audited by callers)."""
        return bytes(self._dek).hex()

    def check_pages(self) -> int:
        """Check every page's HMAC now (for an unlock that skipped it to be fast); on damage the
        vault turns read-only. Returns the number of damaged pages."""
        conn = self._connect()
        try:
            damaged = len(conn.execute("PRAGMA cipher_integrity_check").fetchall())
        except sqlcipher3.DatabaseError:
            damaged = 1
        finally:
            conn.close()
        if damaged:
            self.read_only = True
        return damaged


def _dump(slots: KeySlots) -> bytes:
    return json.dumps(slots.to_json()).encode("utf-8")


def _pending_path(folder: Path) -> Path:
    return keyslots.keyslots_path(folder).with_name(keyslots.KEYSLOTS_FILE + PENDING_SUFFIX)


def _save_pending(folder: Path, slots: KeySlots) -> None:
    path = _pending_path(folder)
    tmp = path.with_name(path.name + ".tmp")
    fd = os.open(tmp, os.O_WRONLY | os.O_CREAT | os.O_TRUNC, 0o600)
    try:
        os.write(fd, _dump(slots))
        os.fsync(fd)
    finally:
        os.close(fd)
    os.replace(tmp, path)


def _load_slots(folder: Path) -> KeySlots:
    if not folder.is_dir() or not db_path(folder).exists():
        if folder.is_dir() and keyslots.keyslots_path(folder).exists():
            raise DatabaseUnreadable()
        raise NotAVault()
    return keyslots.load(folder)


def _finish_pending_rotation(
    folder: Path, dek: bytes, slots: KeySlots, unwrap: Callable[[KeySlots], bytes]
) -> bytes:
    """Finish a rotation that was interrupted. If the database still opens with the old key, the
    re-key never happened and the pending slots are dropped; otherwise the new key is unwrapped
    from the pending slots with the same secret and those slots become the current ones."""
    pending_path = _pending_path(folder)
    if not pending_path.exists():
        return dek
    with contextlib.suppress(sqlcipher3.DatabaseError):
        open_connection(db_path(folder), dek).close()
        pending_path.unlink(missing_ok=True)
        return dek
    pending = KeySlots.parse(pending_path.read_bytes())
    new_dek = unwrap(pending)
    try:
        open_connection(db_path(folder), new_dek).close()
    except sqlcipher3.DatabaseError:
        raise DatabaseUnreadable() from None
    keyslots.save(folder, pending)
    pending_path.unlink(missing_ok=True)
    slots.slots = pending.slots
    return new_dek


def backup_vault(
    vault: Vault, target: Path, progress: Callable[[int, int], None] | None = None
) -> int:
    """Write an encrypted backup of an unlocked vault (permission and audit: services)."""
    from casework.store.backup import write_backup

    return write_backup(vault.folder, bytes(vault._dek), vault.slots, target, progress)

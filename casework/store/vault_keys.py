"""Key management of an unlocked vault (a mixin of `Vault`): password slots, key rotation,
revocation, and the audit trail's verification key in administrators' slots.

Revocation: removing a user and an administrator's password reset re-key the database
(rekey.py) with that slot removed or replaced, so nothing the person held before (the old
password, an old copy of keyslots.json, `.prev`) opens the current database.
"""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path
from typing import TYPE_CHECKING

from casework.store import audit_chain, audit_seal, keyslots, passwords
from casework.store.engine import hmac_algorithm, wipe
from casework.store.kdf import KdfPolicy, calibrated
from casework.store.keyslots import KeySlots, Opened, Slot, normalise_username
from casework.store.rekey import rekey

if TYPE_CHECKING:
    from sqlalchemy import Engine
    from sqlalchemy.orm import Session


class VaultKeys:
    folder: Path
    slots: KeySlots
    policy: KdfPolicy
    engine: Engine
    seal_info: dict[str, object] | None
    _dek: bytearray
    _private: bytearray

    def _require_checked(self) -> None:  # pragma: no cover - provided by Vault
        raise NotImplementedError

    def after_check(self, work: Callable[[Session], Callable[[], None] | None]) -> None:
        raise NotImplementedError  # pragma: no cover - provided by Vault

    # --- password slots ----------------------------------------------------------------------

    def set_password(
        self,
        username: str,
        new_password: str,
        context: tuple[str, ...] = (),
        *,
        administrator: bool = False,
    ) -> None:
        """Create or replace one user's slot (a new user, or a user changing their own
        password). An administrator's new slot gets the audit verification key when the acting
        user holds it."""
        passwords.check(new_password, (username, *context))
        own = self._is_own(username)
        private = self.slots.set_password_slot(
            normalise_username(username),
            passwords.encode(new_password),
            bytes(self._dek),
            calibrated(self.policy),
        )
        if administrator or own:
            self._give_seal(self.slots, username, private)
        if own:
            self._adopt_private(private)
        keyslots.save(self.folder, self.slots)

    def _is_own(self, username: str) -> bool:
        own = self._own_slot()
        return own is not None and own.lookup == self.slots.lookup_for(username)

    def _adopt_private(self, private: bytes) -> None:
        """The opener replaced their own slot: keep its new private key instead."""
        wipe(self._private)
        self._private = bytearray(private)

    def has_slot(self, username: str) -> bool:
        return self.slots.has_user(username)

    def revoke(self, username: str) -> bool:
        """Remove a user's slot and re-key the database: their password, any copy of the key
        slots they kept and `.prev` no longer open it. Returns whether a slot was removed."""
        new_slots = self.slots.copy()
        removed = new_slots.remove_user(username)
        self._rekey_to(new_slots)
        return removed

    def reset_password(
        self,
        username: str,
        new_password: str,
        context: tuple[str, ...] = (),
        *,
        administrator: bool = False,
    ) -> None:
        """An administrator's reset: a new slot for the user, and the database re-keyed, so the
        old password (perhaps compromised) opens nothing, whatever copy it is used on."""
        passwords.check(new_password, (username, *context))
        own = self._is_own(username)
        new_slots = self.slots.copy()
        private = new_slots.set_password_slot(
            normalise_username(username),
            passwords.encode(new_password),
            bytes(self._dek),
            calibrated(self.policy),
        )
        if administrator or own:
            self._give_seal(new_slots, username, private)
        self._rekey_to(new_slots)
        if own:
            self._adopt_private(private)

    def rotate_key(self) -> None:
        """Re-key the database and rewrap every slot to the new key (crash-safe: rekey.py)."""
        self._rekey_to(self.slots.copy())

    def _rekey_to(self, new_slots: KeySlots) -> None:
        self._require_checked()
        self.engine.dispose()
        new_dek = rekey(self.folder, self._dek, new_slots)
        wipe(self._dek)
        self._dek = bytearray(new_dek)
        self.slots = new_slots

    def raw_key_hex(self) -> str:
        """The database key for disaster recovery with any SQLCipher tool (audited by callers)."""
        return bytes(self._dek).hex()

    def page_hmac(self) -> str:
        """The page HMAC that tool must be told (`PRAGMA cipher_hmac_algorithm`): HMAC_SHA256
        for a vault made since it became the default, SQLCipher's HMAC_SHA512 before."""
        with self.engine.connect() as conn:
            return hmac_algorithm(conn.connection.driver_connection)

    def open_copy(self, slots: KeySlots) -> bytes:
        """The database key in another copy of the slots (a backup), through the opener's own
        slot, without asking for the password again. KeyslotsDamaged when no slot there is
        theirs (their password changed since, say)."""
        return slots.open_with_private(bytes(self._private)).dek

    # --- the audit verification key ----------------------------------------------------------

    def _own_slot(self) -> Slot | None:
        if not self._private:
            return None
        try:
            return self.slots.open_with_private(bytes(self._private)).slot
        except Exception:  # noqa: BLE001 - no slot of ours (removed meanwhile)
            return None

    def _give_seal(self, slots: KeySlots, username: str, private: bytes) -> None:
        if self.seal_info is None:
            return
        slot = slots.find(username)
        if slot is not None:
            info = {k: v for k, v in self.seal_info.items() if k != "anchor"}
            slot.set_seal_info(private, slots.vault_id, info)

    def _adopt_seal(self, *, may_start: bool) -> None:
        """Read the verification key from the opener's slot. An administrator (or the recovery
        key) opening a vault that has never been sealed starts sealing from the next event; a
        vault already sealed is never restarted (that would let someone hide edits by wiping
        the seals and waiting for an administrator to log in)."""
        slot = self._own_slot()
        if slot is None:
            return
        self.seal_info = slot.seal_info(bytes(self._private), self.slots.vault_id)
        if self.seal_info is not None or not may_start:
            return

        def start(s: Session) -> Callable[[], None] | None:
            if audit_seal.has_state(s):
                return None
            seed = audit_seal.new_seed()
            info = audit_seal.info(seed, audit_chain.next_id(s))
            audit_seal.start(s, seed, int(info["from"]))  # type: ignore[arg-type]

            def keep() -> None:
                # After the commit: a failure here leaves a seal nobody can check, which
                # verify reports; never a verification key without its seal.
                own = self._own_slot()
                if own is not None:
                    own.set_seal_info(bytes(self._private), self.slots.vault_id, info)
                    keyslots.save(self.folder, self.slots)
                    self.seal_info = info

            return keep

        self.after_check(start)

    def record_seal_anchor(self, last_id: int, last_tag: str) -> None:
        """After an administrator's verify passed: remember the newest sealed event in their
        own slot, so a later rollback of the database behind it is caught."""
        own = self._own_slot()
        if own is None or self.seal_info is None or not last_tag:
            return
        info = audit_seal.info(
            bytes.fromhex(str(self.seal_info["seed"])),
            int(self.seal_info["from"]),  # type: ignore[arg-type]
            (last_id, last_tag),
        )
        own.set_seal_info(bytes(self._private), self.slots.vault_id, info)
        keyslots.save(self.folder, self.slots)
        self.seal_info = info


__all__ = ["Opened", "VaultKeys"]

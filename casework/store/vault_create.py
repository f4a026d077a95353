"""Making a new vault (`Vault.create`): the folder, the first administrator's slot, the recovery
slot, the schema, and the audit trail sealed from its first event, its verification key given to
the administrator's slot and the recovery slot, never to the database."""

from __future__ import annotations

import os
import secrets
from pathlib import Path
from typing import TYPE_CHECKING

from cryptography.hazmat.primitives import hashes
from cryptography.hazmat.primitives.kdf.hkdf import HKDF

from casework.errors import VaultExists
from casework.model import User, UserRole, VaultMeta
from casework.model.enums import Role
from casework.store import audit_chain, audit_seal, keyslots, passwords, schema
from casework.store.kdf import KdfPolicy, calibrated
from casework.store.keyslots import KeySlots, normalise_username
from casework.store.paths import DB_FILE, is_vault

if TYPE_CHECKING:
    from casework.store.vault import Vault


def _private_file(path: Path) -> None:
    fd = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
    os.close(fd)


def create_vault(
    cls: type[Vault],
    folder: Path,
    *,
    organisation: str,
    admin_username: str,
    admin_password: str,
    admin_display_name: str,
    country: str,
    language: str,
    policy: KdfPolicy,
) -> tuple[Vault, str]:
    if folder.exists() and (is_vault(folder) or any(folder.iterdir())):
        raise VaultExists()
    passwords.check(admin_password, (admin_username, organisation))
    username = normalise_username(admin_username)
    folder.mkdir(parents=True, exist_ok=True, mode=0o700)
    os.chmod(folder, 0o700)
    dek = secrets.token_bytes(32)
    slots = KeySlots.new()
    private = slots.set_password_slot(
        username, passwords.encode(admin_password), dek, calibrated(policy)
    )
    recovery = keyslots.new_recovery_secret()
    recovery_private = slots.set_recovery_slot(recovery, dek)
    # The audit trail is sealed from its first event; the verification key goes to the
    # administrator's slot and the recovery slot, never into the database.
    seed = audit_seal.new_seed()
    seal_info = audit_seal.info(seed, 1)
    for slot, key in ((slots.find(username), private), (slots.recovery_slot(), recovery_private)):
        assert slot is not None
        slot.set_seal_info(key, slots.vault_id, seal_info)
    _private_file(folder / DB_FILE)
    vault = cls(folder, dek, slots, policy, private)
    vault._checked = True  # a new, empty database
    vault.seal_info = seal_info
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
            audit_seal.start(s, seed, 1)
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

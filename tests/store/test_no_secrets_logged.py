"""No password, key or restricted field reaches a log or the audit trail, even at DEBUG."""

from __future__ import annotations

import logging

from conftest import ADMIN, ADMIN_PASSWORD
from sqlalchemy import select

from casework.model import AuditEvent
from casework.model.enums import ClientCategory, CustodyStatus
from casework.services import cases, users, vault_admin
from casework.services.cases import CaseInput
from casework.services.context import ServiceContext
from casework.store.vault import Vault


def test_debug_logs_and_audit_hold_no_secrets(vault_dir, caplog):
    caplog.set_level(logging.DEBUG)
    for name in ("sqlalchemy", "sqlalchemy.engine", "sqlalchemy.pool", "alembic", "casework"):
        logging.getLogger(name).setLevel(logging.DEBUG)
    try:
        vault, recovery = Vault.create(
            vault_dir, organisation="Org", admin_username=ADMIN, admin_password=ADMIN_PASSWORD
        )
        admin = ServiceContext.for_vault(vault)
        from casework.model.enums import Role

        sup_password = "copper kettle over the dune"
        users.create_user(admin, "sara", "Sara", {Role.SUPERVISOR}, sup_password)
        vault.close()
        vault = Vault.open(vault_dir, "sara", sup_password)
        sup = ServiceContext.for_vault(vault)
        secret_name = "Secretname Legalperson"
        case_id = cases.create_case(
            sup,
            CaseInput(
                "Alias One",
                ClientCategory.RETURNEE_FTF,
                CustodyStatus.RETURNED,
                "KE",
                legal_name=secret_name,
                national_id="NID-99887766",
                offence_details="Offence details text",
            ),
        )
        cases.update_case(
            sup,
            case_id,
            CaseInput(
                "Alias One",
                ClientCategory.RETURNEE_FTF,
                CustodyStatus.RETURNED,
                "KE",
                legal_name=secret_name + " Changed",
                national_id="NID-99887766",
            ),
        )
        cases.open_case(sup, case_id)
        users.change_own_password(sup, sup_password, "silver mango evening train")
        vault.close()
        vault = Vault.open(vault_dir, ADMIN, ADMIN_PASSWORD)
        admin = ServiceContext.for_vault(vault)
        key = vault_admin.show_key(admin)
        vault_admin.rotate_key(admin)
        new_key = vault.raw_key_hex()
        with vault.session() as s:
            audit_text = " ".join(
                f"{e.actor_name} {e.action} {e.entity} {e.details}"
                for e in s.scalars(select(AuditEvent))
            )
        vault.close()
    finally:
        for name in ("sqlalchemy", "sqlalchemy.engine", "sqlalchemy.pool", "alembic", "casework"):
            logging.getLogger(name).setLevel(logging.WARNING)
    logged = caplog.text
    assert "case.updated" in audit_text and "legal_name" in audit_text  # field names only
    assert logged, "debug logging produced nothing: the test would prove nothing"
    for secret in (
        ADMIN_PASSWORD,
        sup_password,
        "silver mango evening train",
        key,
        new_key,
        recovery,
        secret_name,
        "NID-99887766",
        "Offence details text",
    ):
        assert secret not in logged, secret
        assert secret not in audit_text, secret

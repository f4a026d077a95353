"""Exchange between organisations on an office server: who may use its tables (issue 8's
signed, encrypted packets; the role matrix of services/permissions.py, as the database sees it).

- `exchange_own_keys` (the organisation's key pairs): the public halves (id, signing_key,
  encryption_key, active, created_at) read by caseworkers, supervisors and administrators; the
  private halves (signing_seed, encryption_secret) by no app role (column grants). Packets are
  sealed and opened on the laptop, so the server hands a private half out, for one exchange
  step, to the roles that take that step, and audits each hand-out (store/
  server_exchange_keys.py). Written by the schema's owner only (the keys are made by the
  migration that creates the table, at `casework server init`).
- `exchange_partners` (partners' cards): read by the same roles; imported (INSERT, UPDATE) by
  supervisors and administrators (the directory's managers), verified by administrators (the
  services check which of the two may verify).
- `exchange_packets`, `exchange_referral_links` (ids only: packet ids, partners, referrals,
  random shared references): read and added by caseworkers and supervisors, who send and import
  packets; a row they add must name a referral they can see (or none), and a packet their own
  user. Administrators read them (the Partners page), M&E officers nothing.
"""

from __future__ import annotations

from collections.abc import Callable

EXCHANGE_TABLES = (
    "exchange_own_keys",
    "exchange_partners",
    "exchange_packets",
    "exchange_referral_links",
)
PUBLIC_COLUMNS = "id, signing_key, encryption_key, active, created_at"


def statements(
    tables: set[str],
    quote: Callable[[str], str],
    roles: dict[str, str],
    me_id: str,
) -> list[str]:
    """Grants and policies; `roles` maps caseworker, supervisor, administrator to their quoted
    group role names, `me_id` is the SQL of the connected user's id. The caller has revoked
    every grant, dropped the old policies and enabled row-level security on these tables."""
    cw, sup, adm = roles["caseworker"], roles["supervisor"], roles["administrator"]
    out: list[str] = []

    def grant(table: str, privileges: str, to: str) -> None:
        if table in tables:
            out.append(f"GRANT {privileges} ON {quote(table)} TO {to}")

    def policy(table: str, name: str, command: str, using: str | None, check: str | None) -> None:
        if table not in tables:
            return
        sql = f"CREATE POLICY {name} ON {quote(table)} FOR {command}"
        if using is not None:
            sql += f" USING ({using})"
        if check is not None:
            sql += f" WITH CHECK ({check})"
        out.append(sql)

    # The public halves only: the private ones are handed out by casework_exchange_key().
    grant("exchange_own_keys", f"SELECT ({PUBLIC_COLUMNS})", f"{cw}, {sup}, {adm}")
    policy("exchange_own_keys", "casework_read", "SELECT", "true", None)
    if "exchange_own_keys" in tables and "audit_events" in tables:
        from casework.store import server_exchange_keys

        out += server_exchange_keys.statements(roles)

    grant("exchange_partners", "SELECT", f"{cw}, {sup}, {adm}")
    grant("exchange_partners", "INSERT, UPDATE", f"{sup}, {adm}")
    policy("exchange_partners", "casework_access", "ALL", "true", "true")

    # A referral the connected user can see (row-level security applies inside the subquery);
    # only caseworkers and supervisors add these rows, and both may read referrals.
    visible = "referral_id IS NULL OR EXISTS (SELECT 1 FROM referrals r WHERE r.id = referral_id)"
    for table in ("exchange_packets", "exchange_referral_links"):
        grant(table, "SELECT", f"{cw}, {sup}, {adm}")
        grant(table, "INSERT", f"{cw}, {sup}")
        policy(table, "casework_read", "SELECT", "true", None)
    policy(
        "exchange_packets",
        "casework_write",
        "INSERT",
        None,
        f"({visible}) AND by_user_id = {me_id}",
    )
    policy("exchange_referral_links", "casework_write", "INSERT", None, visible)
    return out

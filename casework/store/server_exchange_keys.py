"""The organisation's private exchange keys on an office server: handed out, audited, per step.

Packets are sealed and opened on the laptop, so the laptop needs a private key for a moment.
No app role reads the private columns of `exchange_own_keys` (column grants, server_exchange.py);
two SECURITY DEFINER functions, owned by the schema's owner, hand a key out instead:

1. `casework_exchange_key_request(step)` checks that the connected login may take that step,
   and appends an `exchange.key_handed` event (who and when are set by the server's audit seal;
   which step and which keys are in its details) to the audit trail. The event is the ticket.
2. The client commits that event (the server seals it into the chain at commit), then calls
   `casework_exchange_key(step)` in a transaction that has written nothing yet. The function
   hands the keys only against such an event committed by another transaction (so a hand-out
   can never be rolled back out of the trail), by the same login less than `TICKET_SECONDS`
   ago, for a step the login may still take, and hands only the private half that step needs.

The steps and who takes them (DOMAIN.md; services/permissions.py):
- `seal`: sign a packet (a referral or an answer) with the active signing key; caseworkers
  and supervisors (they send referrals).
- `open`: decrypt a received packet with any of the decryption keys; caseworkers and
  supervisors (they record received referrals and answers).
- `card`: sign the organisation card with the active signing key; supervisors and
  administrators (they manage the directory and partners).

What remains: whoever is handed a key holds it in their laptop's memory and can keep a copy;
the trail says who was handed which key when. The schema's owner and superusers read the
table directly, as they read everything.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

from sqlalchemy import Connection, Engine, text

from casework.errors import CaseworkError
from casework.i18n import N_

TICKET_SECONDS = 60
ACTION = "exchange.key_handed"
STEPS: dict[str, tuple[str, ...]] = {
    "seal": ("caseworker", "supervisor"),
    "open": ("caseworker", "supervisor"),
    "card": ("supervisor", "administrator"),
}
# Which private half each step is handed.
SIGNING_STEPS = ("seal", "card")
DECRYPTION_STEPS = ("open",)
SIGNATURES = ("casework_exchange_key_request(text)", "casework_exchange_key(text)")


class KeyRefused(CaseworkError):
    default_message = N_(
        "The office server did not hand out the organisation's key: your role does not take "
        "this step of the exchange between organisations. Nothing was changed."
    )


@dataclass(frozen=True)
class HandedKey:
    id: int
    signing_seed: bytes | None
    encryption_secret: bytes | None
    signing_key: bytes
    encryption_key: bytes
    active: bool


def _sql_list(names: Sequence[str]) -> str:
    return ", ".join("'" + n + "'" for n in names)


def statements(roles: dict[str, str]) -> list[str]:
    """The two functions and their grants (`roles`: the quoted group role names)."""
    allowed_cases = "\n".join(
        f"WHEN {_sql_list([step])} THEN "
        + " OR ".join(
            f"pg_has_role(session_user, current_database() || '_{role}', 'MEMBER')" for role in who
        )
        for step, who in STEPS.items()
    )
    allowed = f"""CREATE OR REPLACE FUNCTION casework_exchange_key_allowed(step text)
        RETURNS boolean LANGUAGE sql STABLE SECURITY DEFINER SET search_path = public, pg_temp
        AS $$ SELECT EXISTS (SELECT 1 FROM users WHERE username = session_user AND active)
              AND coalesce(CASE step {allowed_cases} ELSE false END, false) $$"""
    # The keys a step is handed, and the event's details for them, byte for byte as the
    # services' audit writes details (json.dumps with sorted keys).
    ids = """ARRAY(SELECT k.id FROM exchange_own_keys k ORDER BY k.active DESC, k.id DESC
                   LIMIT CASE WHEN step IN ('open') THEN NULL ELSE 1 END)"""
    details = """'{"keys": [' || array_to_string(ids, ', ') || '], "step": "' || step || '"}'"""
    request = f"""CREATE OR REPLACE FUNCTION casework_exchange_key_request(step text)
        RETURNS integer LANGUAGE plpgsql VOLATILE SECURITY DEFINER
        SET search_path = public, pg_temp AS $$
        DECLARE ids integer[]; ticket integer;
        BEGIN
            IF NOT casework_exchange_key_allowed(step) THEN
                RAISE EXCEPTION USING ERRCODE = '42501', MESSAGE =
                    'casework: this login may not be handed exchange keys for ' || step;
            END IF;
            ids := {ids};
            INSERT INTO audit_events (at, actor_name, action, entity, entity_id, details,
                                      prev_mac, mac)
                VALUES (now(), session_user, '{ACTION}', 'exchange_key', ids[1], {details},
                        ''::bytea, ''::bytea)
                RETURNING id INTO ticket;
            RETURN ticket;
        END $$"""
    fetch = f"""CREATE OR REPLACE FUNCTION casework_exchange_key(step text)
        RETURNS TABLE (id integer, signing_seed bytea, encryption_secret bytea,
                       signing_key bytea, encryption_key bytea, active boolean)
        LANGUAGE plpgsql VOLATILE SECURITY DEFINER SET search_path = public, pg_temp AS $$
        DECLARE ids integer[];
        BEGIN
            -- A transaction that has written nothing cannot have written the ticket itself:
            -- the ticket it sees was committed, and stays in the trail whatever happens next.
            IF pg_current_xact_id_if_assigned() IS NOT NULL THEN
                RAISE EXCEPTION 'casework: exchange keys are handed only in a transaction that '
                    'has written nothing' USING ERRCODE = '42501';
            END IF;
            IF NOT casework_exchange_key_allowed(step) THEN
                RAISE EXCEPTION USING ERRCODE = '42501', MESSAGE =
                    'casework: this login may not be handed exchange keys for '
                    || coalesce(step, '?');
            END IF;
            ids := {ids};
            -- The ticket: this login's sealed (committed, positive id) event saying exactly
            -- what is handed, less than a minute old. An event an app role wrote by hand is
            -- sealed in its name all the same, so it is as good a record.
            IF NOT EXISTS (
                SELECT 1 FROM audit_events a
                WHERE a.action = '{ACTION}' AND a.entity = 'exchange_key' AND a.id > 0
                  AND a.actor_name = session_user::text AND a.entity_id = ids[1]
                  AND a.details = {details}
                  AND a.at >= (clock_timestamp() AT TIME ZONE 'UTC')
                               - interval '{TICKET_SECONDS} seconds') THEN
                RAISE EXCEPTION 'casework: no valid ticket for exchange keys'
                    USING ERRCODE = '42501';
            END IF;
            RETURN QUERY SELECT k.id,
                CASE WHEN step IN ({_sql_list(SIGNING_STEPS)}) THEN k.signing_seed END,
                CASE WHEN step IN ({_sql_list(DECRYPTION_STEPS)}) THEN k.encryption_secret END,
                k.signing_key, k.encryption_key, k.active
                FROM exchange_own_keys k WHERE k.id = ANY (ids)
                ORDER BY k.active DESC, k.id DESC;
        END $$"""
    takers = ", ".join(roles[r] for r in ("caseworker", "supervisor", "administrator"))
    out = ["DROP FUNCTION IF EXISTS casework_exchange_key(integer)", allowed, request, fetch]
    for signature in ("casework_exchange_key_allowed(text)", *SIGNATURES):
        out.append(f"REVOKE ALL ON FUNCTION {signature} FROM PUBLIC")
    for signature in SIGNATURES:
        out.append(f"GRANT EXECUTE ON FUNCTION {signature} TO {takers}")
    return out


def handed_keys(bind: Engine | Connection, step: str) -> list[HandedKey]:
    """The keys for `step`, on a connection of their own: the hand-out's audit event is
    committed first (the server refuses the keys otherwise), whatever the caller's own
    transaction does afterwards. Raises KeyRefused when the login may not take the step."""
    from sqlalchemy.exc import DBAPIError

    engine = bind.engine if isinstance(bind, Connection) else bind
    try:
        with engine.connect() as conn:
            conn.execute(text("SELECT casework_exchange_key_request(:step)"), {"step": step})
            conn.commit()  # the event is sealed into the chain at commit
            rows = conn.execute(
                text("SELECT * FROM casework_exchange_key(:step)"), {"step": step}
            ).all()
            conn.rollback()
    except DBAPIError as exc:
        if getattr(exc.orig, "sqlstate", None) == "42501":
            raise KeyRefused() from None
        raise
    return [
        HandedKey(
            int(r.id),
            bytes(r.signing_seed) if r.signing_seed is not None else None,
            bytes(r.encryption_secret) if r.encryption_secret is not None else None,
            bytes(r.signing_key),
            bytes(r.encryption_key),
            bool(r.active),
        )
        for r in rows
    ]

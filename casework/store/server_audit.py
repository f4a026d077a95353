"""The office server seals the audit chain itself, at each transaction's commit.

An app role cannot read the chain's key (server_security.py), so the server computes every app
event's id, time, actor and MACs, byte for byte as audit_chain.py does (the same `verify` checks
a vault's and a server's trail). Two triggers share the work so that the chain's lock is held
only for the moment of the commit, not across the rest of a writer's transaction:

- `audit_events_seal` (BEFORE INSERT, no lock): stamps the actor from the login
  (`session_user`), empties the MACs the client sent, and gives the row a provisional negative
  id from a sequence (so concurrent writers never wait on each other's unique-index entry).
- `audit_events_chain` (a DEFERRABLE INITIALLY DEFERRED constraint trigger): at COMMIT it takes
  the chain's lock, reads the head, numbers the event after it, stamps its time, computes the
  MAC and moves the head. Other transactions' writes go on meanwhile; two committing writers
  wait only for each other's few statements of sealing.

The append-only guard (GUARD_V2 below) lets exactly that one UPDATE through: a
provisional row, from inside this trigger. Both functions are SECURITY DEFINER, owned by the
schema's owner; an app role can neither call them nor skip the deferred one (a deferred trigger
always fires by COMMIT; `SET CONSTRAINTS … IMMEDIATE` only seals sooner). The owner's own inserts
(`casework server` commands, which compute the chain themselves) pass through unchanged.
"""

from __future__ import annotations

PENDING_SEQUENCE = "audit_events_pending"

# The chain's MAC input, as audit_chain.payload: a compact JSON array of the event's fields.
_PAYLOAD = """
            us := mod(extract(microseconds FROM at_)::integer, 1000000);
            at_text := to_char(at_, 'YYYY-MM-DD"T"HH24:MI:SS')
                || CASE WHEN us <> 0 THEN '.' || lpad(us::text, 6, '0') ELSE '' END || '+00:00';
            payload := '[' || new_id || ',' || to_json(at_text)::text || ','
                || coalesce(NEW.actor_id::text, 'null') || ',' || to_json(NEW.actor_name)::text
                || ',' || to_json(NEW.action)::text || ',' || to_json(NEW.entity)::text || ','
                || coalesce(NEW.entity_id::text, 'null') || ',' || to_json(NEW.details)::text
                || ']';
            new_mac := hmac(prev || convert_to(payload, 'UTF8'), k, 'sha256');"""

# Whether the writer is the schema's owner or a superuser (who write their own chain).
_OWNER = """session_user = (SELECT tableowner FROM pg_tables
                               WHERE schemaname = 'public' AND tablename = 'audit_events')
               OR (SELECT rolsuper FROM pg_roles WHERE rolname = session_user)"""


def statements() -> list[str]:
    """For `apply_security` (idempotent)."""
    return [
        "CREATE EXTENSION IF NOT EXISTS pgcrypto",
        f"CREATE SEQUENCE IF NOT EXISTS {PENDING_SEQUENCE}",
        f"REVOKE ALL ON SEQUENCE {PENDING_SEQUENCE} FROM PUBLIC",
        f"""CREATE OR REPLACE FUNCTION casework_audit_seal() RETURNS trigger LANGUAGE plpgsql
        SECURITY DEFINER SET search_path = public, pg_temp AS $$
        BEGIN
            IF {_OWNER} THEN
                RETURN NEW;
            END IF;
            -- Sealed at commit (casework_audit_chain); until then a provisional id of its own.
            NEW.id := -nextval('{PENDING_SEQUENCE}');
            NEW.at := date_trunc('milliseconds', clock_timestamp() AT TIME ZONE 'UTC');
            NEW.actor_name := session_user;
            NEW.actor_id := (SELECT id FROM users WHERE username = session_user);
            NEW.prev_mac := ''::bytea;
            NEW.mac := ''::bytea;
            NEW.seal := NULL;  -- the vault's forward-secure seal; the server's key is out of reach
            RETURN NEW;
        END $$""",
        "REVOKE ALL ON FUNCTION casework_audit_seal() FROM PUBLIC",
        f"""CREATE OR REPLACE FUNCTION casework_audit_chain() RETURNS trigger LANGUAGE plpgsql
        SECURITY DEFINER SET search_path = public, pg_temp AS $$
        DECLARE
            k bytea; head text; new_id integer; prev bytea; new_mac bytea; at_ timestamp;
            us integer; at_text text; payload text;
        BEGIN
            SELECT decode(value, 'hex') INTO k FROM vault_meta WHERE key = 'audit_key';
            IF k IS NULL THEN RAISE EXCEPTION 'the server has no audit key'; END IF;
            -- From here to the end of the commit: the head is read and moved by one writer.
            PERFORM pg_advisory_xact_lock(hashtext('casework audit chain'));
            SELECT value INTO head FROM vault_meta WHERE key = 'audit_head' FOR UPDATE;
            IF head IS NULL THEN
                new_id := 1; prev := decode(repeat('00', 32), 'hex');
            ELSE
                new_id := split_part(head, ':', 1)::integer + 1;
                prev := decode(split_part(head, ':', 2), 'hex');
            END IF;
            at_ := date_trunc('milliseconds', clock_timestamp() AT TIME ZONE 'UTC');{_PAYLOAD}
            UPDATE audit_events SET id = new_id, at = at_, prev_mac = prev, mac = new_mac
                WHERE id = NEW.id;
            INSERT INTO vault_meta (key, value)
                VALUES ('audit_head', new_id || ':' || encode(new_mac, 'hex'))
                ON CONFLICT (key) DO UPDATE SET value = EXCLUDED.value;
            RETURN NULL;
        END $$""",
        "REVOKE ALL ON FUNCTION casework_audit_chain() FROM PUBLIC",
        "DROP TRIGGER IF EXISTS audit_events_seal ON audit_events",
        "CREATE TRIGGER audit_events_seal BEFORE INSERT ON audit_events FOR EACH ROW "
        "EXECUTE FUNCTION casework_audit_seal()",
        "DROP TRIGGER IF EXISTS audit_events_chain ON audit_events",
        "CREATE CONSTRAINT TRIGGER audit_events_chain AFTER INSERT ON audit_events "
        "DEFERRABLE INITIALLY DEFERRED FOR EACH ROW WHEN (NEW.id < 0) "
        "EXECUTE FUNCTION casework_audit_chain()",
    ]


# The append-only guard (postgres.AUDIT_GUARD_V1 made it refuse every UPDATE and DELETE, also
# the owner's). From 0006_srvaudit_chain_inbox on it lets one UPDATE through: the sealing of a
# provisional row (negative id, no MAC yet) from inside a trigger, i.e. casework_audit_chain.
# An app role has no UPDATE grant at all; a sealed row stays unchangeable for everyone.
GUARD_V2 = """CREATE OR REPLACE FUNCTION audit_events_append_only() RETURNS trigger
    LANGUAGE plpgsql AS $$
    BEGIN
        IF TG_OP = 'UPDATE' AND OLD.id < 0 AND OLD.mac = ''::bytea AND NEW.id > 0
           AND pg_trigger_depth() > 1 THEN
            RETURN NEW;
        END IF;
        RAISE EXCEPTION 'the audit trail is append-only';
    END $$"""
GUARD_V1 = """CREATE OR REPLACE FUNCTION audit_events_append_only() RETURNS trigger
    LANGUAGE plpgsql AS $$
    BEGIN RAISE EXCEPTION 'the audit trail is append-only'; END $$"""


def seal_at_insert() -> list[str]:
    """For the downgrade below 0006_srvaudit_chain_inbox only: the earlier trigger, which
    sealed at insert time (holding the chain's lock until the writer's commit)."""
    return [
        """CREATE OR REPLACE FUNCTION casework_audit_seal() RETURNS trigger LANGUAGE plpgsql
        SECURITY DEFINER SET search_path = public, pg_temp AS $$
        DECLARE
            k bytea; head text; last_id integer; prev bytea; us integer; at_text text;
            payload text;
        BEGIN
            -- The schema's owner and superusers write their own chain (and could anyway).
            IF session_user = (SELECT tableowner FROM pg_tables
                               WHERE schemaname = 'public' AND tablename = 'audit_events')
               OR (SELECT rolsuper FROM pg_roles WHERE rolname = session_user) THEN
                RETURN NEW;
            END IF;
            SELECT decode(value, 'hex') INTO k FROM vault_meta WHERE key = 'audit_key';
            IF k IS NULL THEN RAISE EXCEPTION 'the server has no audit key'; END IF;
            PERFORM pg_advisory_xact_lock(hashtext('casework audit chain'));
            SELECT value INTO head FROM vault_meta WHERE key = 'audit_head' FOR UPDATE;
            IF head IS NULL THEN
                last_id := 0; prev := decode(repeat('00', 32), 'hex');
            ELSE
                last_id := split_part(head, ':', 1)::integer;
                prev := decode(split_part(head, ':', 2), 'hex');
            END IF;
            NEW.id := last_id + 1;
            NEW.at := date_trunc('milliseconds', clock_timestamp() AT TIME ZONE 'UTC');
            NEW.actor_name := session_user;
            NEW.actor_id := (SELECT id FROM users WHERE username = session_user);
            NEW.prev_mac := prev;
            NEW.seal := NULL;  -- the vault's forward-secure seal; the server's key is out of reach
            us := mod(extract(microseconds FROM NEW.at)::integer, 1000000);
            at_text := to_char(NEW.at, 'YYYY-MM-DD"T"HH24:MI:SS')
                || CASE WHEN us <> 0 THEN '.' || lpad(us::text, 6, '0') ELSE '' END || '+00:00';
            payload := '[' || NEW.id || ',' || to_json(at_text)::text || ','
                || coalesce(NEW.actor_id::text, 'null') || ',' || to_json(NEW.actor_name)::text
                || ',' || to_json(NEW.action)::text || ',' || to_json(NEW.entity)::text || ','
                || coalesce(NEW.entity_id::text, 'null') || ',' || to_json(NEW.details)::text
                || ']';
            NEW.mac := hmac(prev || convert_to(payload, 'UTF8'), k, 'sha256');
            INSERT INTO vault_meta (key, value)
                VALUES ('audit_head', NEW.id || ':' || encode(NEW.mac, 'hex'))
                ON CONFLICT (key) DO UPDATE SET value = EXCLUDED.value;
            RETURN NEW;
        END $$""",
        "REVOKE ALL ON FUNCTION casework_audit_seal() FROM PUBLIC",
        "DROP TRIGGER IF EXISTS audit_events_seal ON audit_events",
        "CREATE TRIGGER audit_events_seal BEFORE INSERT ON audit_events FOR EACH ROW "
        "EXECUTE FUNCTION casework_audit_seal()",
        "DROP TRIGGER IF EXISTS audit_events_chain ON audit_events",
        "DROP FUNCTION IF EXISTS casework_audit_chain()",
    ]

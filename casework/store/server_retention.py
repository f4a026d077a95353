"""Anonymisation at the end of retention on an office server, done by the server itself.

On a server administrators may read no case (server_security.py), yet anonymising one is an
administrator's or a supervisor's task. So the retention services call SECURITY DEFINER
functions owned by the schema's owner, which do exactly what services/retention.py does on a
vault and nothing more:

- `casework_retention_due(day)`: the closed cases past their retention, with who asked;
- `casework_anonymisation_request(case, day)`, `_cancel(case)`, `_confirm(case, day)`: the two
  steps and the withdrawal; confirming scrubs the case (`SCRUB`, the same list the vault's
  `_scrub` applies) and returns the certificate number;
- `casework_anonymisations(case)`: the anonymised cases (reference, rule, who and when), for the
  list and the certificate.

Each checks in the database who is calling (`session_user`, an active app user holding the
supervisor or administrator group role: anyone else, a caseworker with psql included, is
refused with SQLSTATE 42501), the four-eyes rule (the confirmer is not the asker) and the dates
(the day given may be earlier than the server's, never later, so nobody anonymises early), and
appends its audit event itself (sealed by the server's trigger, under the caller's name).
Refusals carry their own SQLSTATEs (class CW, below), which the services turn into their messages.
"""

from __future__ import annotations

from collections.abc import Callable

# What anonymisation removes: table -> (which rows of the case, {column: value}). Rows: "case"
# (the row itself or its case_id), "plan", "goal", "referral" (through the case's plans, their
# goals, its referrals). services/retention.py applies the same list on a vault.
SCRUB: dict[str, tuple[str, dict[str, object]]] = {
    "cases": (
        "case",
        {
            "alias": "—",
            "other_aliases": "",
            "locality": "",
            "guardian_name": "",
            "best_interests_note": "",
            "legal_name": "",
            "date_of_birth": None,
            "national_id": "",
            "address": "",
            "phone": "",
            "offence_details": "",
            "sentence_details": "",
            "status_comment": "",
        },
    ),
    "notes": ("case", {"body": ""}),
    "risk_observations": ("case", {"evidence": "", "source": ""}),
    "professional_judgements": ("case", {"narrative": "", "client_response": ""}),
    "external_assessments": ("case", {"document_reference": "", "reported_level": ""}),
    "consents": ("case", {"witness": "", "guardian": "", "notes": ""}),
    "plans": ("case", {"aspirations": "", "return_comment": ""}),
    "plan_goals": ("plan", {"need": "", "goal": "—", "dropped_reason": ""}),
    "goal_actions": ("goal", {"description": "—", "responsible_person": ""}),
    "plan_reviews": ("plan", {"participants": "", "summary": "", "decisions": ""}),
    "referrals": (
        "case",
        {"purpose": "", "reason_text": "", "outcome": "", "consent_override_reason": ""},
    ),
    "referral_events": ("referral", {"comment": "", "on_behalf_of": ""}),
    "tasks": ("case", {"title": "—", "details": ""}),
    "case_handovers": ("case", {"comment": ""}),
}

# SQLSTATEs of the functions' refusals (class "CW", Casework's own).
NOT_DUE = "CW001"
ALREADY_ASKED = "CW002"
NOTHING_TO_CANCEL = "CW003"
ASK_FIRST = "CW004"
ALREADY_DONE = "CW005"
SAME_PERSON = "CW006"
NO_CASE = "CW007"
REFUSALS = (
    NOT_DUE,
    ALREADY_ASKED,
    NOTHING_TO_CANCEL,
    ASK_FIRST,
    ALREADY_DONE,
    SAME_PERSON,
    NO_CASE,
)


SIGNATURES = (
    "casework_retention_due(date)",
    "casework_anonymisation_request(integer, date)",
    "casework_anonymisation_cancel(integer)",
    "casework_anonymisation_confirm(integer, date)",
    "casework_anonymisations(integer)",
)


def _literal(value: object) -> str:
    if value is None:
        return "NULL"
    return "'" + str(value).replace("'", "''") + "'"


def _scrub_sql() -> str:
    """The UPDATEs of `SCRUB`, for the confirming function (`cid`: the case; `uid`, `ts`)."""
    rows = {
        "case": "case_id = cid",
        "plan": "plan_id IN (SELECT id FROM plans WHERE case_id = cid)",
        "goal": "goal_id IN (SELECT g.id FROM plan_goals g JOIN plans p ON p.id = g.plan_id"
        " WHERE p.case_id = cid)",
        "referral": "referral_id IN (SELECT id FROM referrals WHERE case_id = cid)",
    }
    out = []
    for table, (scope, values) in SCRUB.items():
        sets = ", ".join(f"{column} = {_literal(value)}" for column, value in values.items())
        where = rows[scope]
        if table == "cases":
            sets += (
                ", updated_at = ts, changed_at = ts, changed_by_id = uid,"
                " row_version = row_version + 1"
            )
            where = "id = cid"
        out.append(f"UPDATE {table} SET {sets} WHERE {where};")
    return "\n                ".join(out)


def statements(quote: Callable[[str], str], database: str) -> list[str]:
    """The functions, owned by whoever applies them (the schema's owner), and who may call
    them: the supervisor and administrator group roles."""
    supervisor = f"{database}_supervisor"
    administrator = f"{database}_administrator"
    callers = f"{quote(supervisor)}, {quote(administrator)}"
    definer = "SECURITY DEFINER SET search_path = public, pg_temp"
    # Who calls: an active app user with the role to anonymise, or a refusal (42501).
    caller = f"""
            SELECT u.id INTO uid FROM users u WHERE u.username = session_user AND u.active;
            IF uid IS NULL
               OR NOT (pg_has_role(session_user, {_literal(supervisor)}, 'MEMBER')
                       OR pg_has_role(session_user, {_literal(administrator)}, 'MEMBER')) THEN
                RAISE EXCEPTION 'anonymisation: not allowed'
                    USING ERRCODE = '42501';
            END IF;"""
    audit = """
            INSERT INTO audit_events (at, actor_id, actor_name, action, entity, entity_id,
                                      details, prev_mac, mac)
            VALUES (clock_timestamp() AT TIME ZONE 'UTC', uid, session_user, {action}, 'case',
                    cid, {details}, ''::bytea, ''::bytea);"""
    # The day the caller works on: theirs if earlier (a test, a back-dated workshop), never
    # later than the server's; and the time stamped on the records, on that day.
    day = """
            d := least(coalesce(day, current_date), current_date);
            ts := d + (clock_timestamp() AT TIME ZONE 'UTC')::time;"""
    due_case = f"""
            SELECT c.status, c.closed_on, c.category INTO st, closed, cat FROM cases c
                WHERE c.id = cid FOR UPDATE;
            IF NOT FOUND THEN
                RAISE EXCEPTION 'no such case' USING ERRCODE = '{NO_CASE}';
            END IF;
            SELECT r.years INTO yrs FROM retention_rules r WHERE r.category = cat;
            IF st <> 'closed' OR closed IS NULL OR yrs IS NULL
               OR (closed + make_interval(years => yrs))::date > d THEN
                RAISE EXCEPTION 'not due' USING ERRCODE = '{NOT_DUE}';
            END IF;"""
    declare = """
            #variable_conflict use_column
            DECLARE uid integer; d date; ts timestamp; st text; closed date; cat text;
                    yrs integer; aid integer; asker integer; done timestamp; cert text;"""
    out = [
        f"""CREATE OR REPLACE FUNCTION casework_retention_due(day date)
            RETURNS TABLE (case_id integer, reference text, category text, closed_on date,
                           due_on date, requested_by_id integer, requested_at timestamp)
            LANGUAGE plpgsql STABLE {definer} AS $$
            {declare}
            BEGIN {caller} {day}
                RETURN QUERY
                SELECT c.id, c.reference::text, c.category::text, c.closed_on,
                       (c.closed_on + make_interval(years => r.years))::date AS due,
                       a.requested_by_id, a.requested_at
                FROM cases c
                JOIN retention_rules r ON r.category = c.category
                LEFT JOIN anonymisations a ON a.case_id = c.id
                WHERE c.status = 'closed' AND c.closed_on IS NOT NULL
                  AND a.confirmed_at IS NULL
                  AND (c.closed_on + make_interval(years => r.years))::date <= d
                ORDER BY due, c.id;
            END $$""",
        f"""CREATE OR REPLACE FUNCTION casework_anonymisation_request(cid integer, day date)
            RETURNS void LANGUAGE plpgsql {definer} AS $$
            {declare}
            BEGIN {caller} {day} {due_case}
                IF EXISTS (SELECT 1 FROM anonymisations WHERE case_id = cid) THEN
                    RAISE EXCEPTION 'already asked' USING ERRCODE = '{ALREADY_ASKED}';
                END IF;
                INSERT INTO anonymisations (case_id, requested_by_id, requested_at, years,
                                            certificate)
                VALUES (cid, uid, ts, yrs, '');
                {audit.format(action="'case.anonymisation_requested'", details="'{}'")}
            END $$""",
        f"""CREATE OR REPLACE FUNCTION casework_anonymisation_cancel(cid integer)
            RETURNS void LANGUAGE plpgsql {definer} AS $$
            {declare}
            BEGIN {caller}
                SELECT id, confirmed_at INTO aid, done FROM anonymisations WHERE case_id = cid
                    FOR UPDATE;
                IF aid IS NULL OR done IS NOT NULL THEN
                    RAISE EXCEPTION 'nothing to cancel' USING ERRCODE = '{NOTHING_TO_CANCEL}';
                END IF;
                DELETE FROM anonymisations WHERE id = aid;
                {audit.format(action="'case.anonymisation_cancelled'", details="'{}'")}
            END $$""",
        f"""CREATE OR REPLACE FUNCTION casework_anonymisation_confirm(cid integer, day date)
            RETURNS text LANGUAGE plpgsql {definer} AS $$
            {declare}
            BEGIN {caller} {day} {due_case}
                SELECT id, requested_by_id, confirmed_at INTO aid, asker, done
                    FROM anonymisations WHERE case_id = cid FOR UPDATE;
                IF aid IS NULL THEN
                    RAISE EXCEPTION 'ask first' USING ERRCODE = '{ASK_FIRST}';
                END IF;
                IF done IS NOT NULL THEN
                    RAISE EXCEPTION 'already anonymised' USING ERRCODE = '{ALREADY_DONE}';
                END IF;
                IF asker = uid THEN
                    RAISE EXCEPTION 'a second person must confirm' USING ERRCODE = '{SAME_PERSON}';
                END IF;
                {_scrub_sql()}
                cert := 'AN-' || to_char(ts, 'YYYY') || '-' || lpad(aid::text, 5, '0');
                UPDATE anonymisations SET confirmed_by_id = uid, confirmed_at = ts,
                    certificate = cert WHERE id = aid;
                {
            audit.format(
                action="'case.anonymised'",
                details="jsonb_build_object('certificate', cert, 'requested_by', asker,"
                " 'years', (SELECT years FROM anonymisations WHERE id = aid))::text",
            )
        }
                RETURN cert;
            END $$""",
        f"""CREATE OR REPLACE FUNCTION casework_anonymisations(only_case integer)
            RETURNS TABLE (case_id integer, reference text, category text, closed_on date,
                           years integer, requested_by_id integer, requested_at timestamp,
                           confirmed_by_id integer, confirmed_at timestamp, certificate text)
            LANGUAGE plpgsql STABLE {definer} AS $$
            {declare}
            BEGIN {caller}
                RETURN QUERY
                SELECT c.id, c.reference::text, c.category::text, c.closed_on, a.years,
                       a.requested_by_id, a.requested_at, a.confirmed_by_id, a.confirmed_at,
                       a.certificate::text
                FROM anonymisations a JOIN cases c ON c.id = a.case_id
                WHERE a.confirmed_at IS NOT NULL AND (only_case IS NULL OR c.id = only_case)
                ORDER BY a.confirmed_at DESC;
            END $$""",
    ]
    for signature in SIGNATURES:
        out.append(f"REVOKE ALL ON FUNCTION {signature} FROM PUBLIC")
        out.append(f"GRANT EXECUTE ON FUNCTION {signature} TO {callers}")
    return out

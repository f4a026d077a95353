"""The statistics an office server gives its M&E officers and supervisors: aggregates only,
protected by the database itself.

On a server the M&E role reads no case, referral, plan or task (no grant, row-level security).
Its only way to the figures is `casework_statistics(subregion, country, since, today)`, a
SECURITY DEFINER function owned by the schema's owner, which applies at the database what
services/disclosure.py applies on a vault, so a login with `psql` gets no more than the app:

- counts only, per published cell (never a row, a reference or an id);
- a count from 1 to 4 comes back NULL, and so does the median days to an answer when fewer
  than 5 were answered;
- the period is the area's own: it ends at the last month end after which the area gained at
  least 5 cases (`period_cuts`), a start is moved back to such a boundary, and `today` is never
  later than the server's date, so no two answers differ by fewer than 5 of the area's people;
- an area whose wider area holds 1 to 4 more cases in the period is refused (SQLSTATE CWST1);
- complementary suppression and the cell key perturbation are applied before anything leaves
  (store/server_disclosure.py, the same rules as services/disclosure.py): each row is a
  published count, or NULL with its state ("suppressed" for 1 to 4, "withheld" for a
  complement). The service only lays the rows out (services/statistics_server.py).

The record keys of the cell key method are computed here, from a secret in vault_meta that no
app role can read, exactly as `disclosure.KeyMixer` computes them on a vault.
"""

from __future__ import annotations

from casework.model import enums
from casework.services.disclosure import SECRET_META, SMALL_CELL
from casework.store import server_disclosure

REMAINDER_SQLSTATE = "CWST1"


def _arr(enum_name: str) -> str:
    """An enum's values, in declaration order, as a PostgreSQL text array."""
    members = getattr(enums, enum_name)
    return "ARRAY[" + ", ".join(f"'{m.value}'" for m in members) + "]::text[]"


def _rel(total: str, cell: str, enum_name: str) -> str:
    """A table's members as a text array: its total, then one cell per enum member."""
    members = [f"{total}|", *(f"{cell}|{m.value}" for m in getattr(enums, enum_name))]
    return "ARRAY[" + ", ".join(f"'{m}'" for m in members) + "]"


def _goal_rels() -> str:
    return ", ".join(
        "("
        + _rel(f"goal_domain|{d.value}", f"goal_status:{d.value}", "GoalStatus").replace(
            f"'goal_domain|{d.value}|'", f"'goal_domain|{d.value}'"
        )
        + ")"
        for d in enums.LifeDomain
    )


def _members() -> str:
    """(cell, item) of every member of the published tables, for VALUES."""
    pairs = [
        (total, "")
        for total in (
            "cases_total",
            "referrals_total",
            "plans_total",
            "goals_total",
            "referrals_overdue",
            "referrals_answered",
            "tasks_overdue",
        )
    ]
    for cell, enum_type in (("case_status", enums.CaseStatus),
                            ("case_category", enums.ClientCategory),
                            ("subregion", enums.Subregion),
                            ("referral_state", enums.ReferralState),
                            ("referral_service", enums.ServiceType),
                            ("plan_state", enums.PlanState),
                            ("goal_domain", enums.LifeDomain)):  # fmt: skip
        pairs += [(cell, m.value) for m in enum_type]
    for d in enums.LifeDomain:
        pairs += [(f"goal_status:{d.value}", s.value) for s in enums.GoalStatus]
    return ", ".join(f"('{c}', '{i}')" for c, i in pairs)


_MEMBERS = _members()

_MIXER = """
CREATE OR REPLACE FUNCTION casework_record_key_mixer(secret bytea, tbl text,
    OUT a bigint, OUT b bigint) LANGUAGE sql IMMUTABLE SET search_path = public, pg_temp AS $$
    SELECT mod(('x' || encode(substr(d, 1, 4), 'hex'))::bit(32)::bigint, 65520) + 1,
           mod(('x' || encode(substr(d, 5, 4), 'hex'))::bit(32)::bigint, 65521)
    FROM (SELECT hmac(convert_to(tbl, 'UTF8'), secret, 'sha256') AS d) h
$$"""

# The function body. Conditions on the area are written once per statement as `c.` columns.
_STATISTICS = f"""
CREATE OR REPLACE FUNCTION casework_statistics(p_subregion text, p_country text,
    p_since date, p_today date)
RETURNS TABLE (cell text, item text, n bigint, state text, value text)
LANGUAGE plpgsql VOLATILE SECURITY DEFINER SET search_path = public, pg_temp AS $$
#variable_conflict use_column
DECLARE
    v_today date := least(coalesce(p_today, current_date), current_date);
    v_last date;
    v_as_of date := NULL;
    v_since date := NULL;
    v_cut timestamp;
    v_start timestamp;
    v_pending bigint := 0;
    v_region text;
    v_inside bigint;
    v_secret bytea;
    m record;
    ca bigint; cb bigint; ra bigint; rb bigint; pa bigint; pb bigint;
    ga bigint; gb bigint; ta bigint; tb bigint;
    v_answered bigint; v_answered_keys bigint; v_median double precision;
BEGIN
    v_last := date_trunc('month', v_today)::date - 1;
    -- The area's period boundaries (disclosure.period_cuts), and the start snapped to the
    -- latest one before the start asked (disclosure.snap_since).
    FOR m IN
        SELECT date_trunc('month', c.opened_on)::date AS month, count(*) AS k FROM cases c
        WHERE c.opened_on <= v_last
          AND (p_subregion IS NULL OR c.subregion = p_subregion)
          AND (p_country IS NULL OR c.country = p_country)
        GROUP BY 1 ORDER BY 1
    LOOP
        v_pending := v_pending + m.k;
        IF v_pending >= {SMALL_CELL} THEN
            v_as_of := (m.month + interval '1 month' - interval '1 day')::date;
            IF p_since IS NOT NULL AND v_as_of < p_since THEN
                v_since := v_as_of + 1;
            END IF;
            v_pending := 0;
        END IF;
    END LOOP;
    cell := 'as_of'; item := coalesce(v_as_of::text, ''); n := NULL; state := NULL;
    value := NULL;
    RETURN NEXT;
    cell := 'since'; item := coalesce(v_since::text, '');
    RETURN NEXT;
    IF v_as_of IS NULL THEN
        v_as_of := DATE '0001-01-01';
    END IF;
    -- An area beside 1 to 4 more cases of its wider area: refused (check_remainder).
    IF p_subregion IS NOT NULL OR p_country IS NOT NULL THEN
        v_region := coalesce(p_subregion,
            (SELECT c.subregion FROM cases c WHERE c.country = p_country LIMIT 1));
        SELECT count(*) INTO v_inside FROM cases c
        WHERE c.opened_on <= v_as_of AND (v_since IS NULL OR c.opened_on >= v_since)
          AND (CASE WHEN p_country IS NOT NULL THEN c.country = p_country
                    ELSE c.subregion = v_region END);
        IF EXISTS (
            SELECT 1 FROM (
                SELECT count(*) AS w FROM cases c
                WHERE c.opened_on <= v_as_of AND (v_since IS NULL OR c.opened_on >= v_since)
                UNION ALL
                SELECT count(*) FROM cases c
                WHERE p_country IS NOT NULL AND c.subregion = v_region
                  AND c.opened_on <= v_as_of AND (v_since IS NULL OR c.opened_on >= v_since)
            ) wider WHERE wider.w - v_inside > 0 AND wider.w - v_inside < {SMALL_CELL}
        ) THEN
            RAISE EXCEPTION 'small remainder beside this area'
                USING ERRCODE = '{REMAINDER_SQLSTATE}';
        END IF;
    END IF;
    -- The record keys' secret, made on first use as on a vault.
    SELECT decode(vm.value, 'hex') INTO v_secret FROM vault_meta vm
    WHERE vm.key = '{SECRET_META}';
    IF v_secret IS NULL THEN
        v_secret := gen_random_bytes(32);
        INSERT INTO vault_meta (key, value) VALUES ('{SECRET_META}', encode(v_secret, 'hex'))
        ON CONFLICT (key) DO NOTHING;
        SELECT decode(vm.value, 'hex') INTO v_secret FROM vault_meta vm
        WHERE vm.key = '{SECRET_META}';
    END IF;
    SELECT x.a, x.b INTO ca, cb FROM casework_record_key_mixer(v_secret, 'cases') x;
    SELECT x.a, x.b INTO ra, rb FROM casework_record_key_mixer(v_secret, 'ref') x;
    SELECT x.a, x.b INTO pa, pb FROM casework_record_key_mixer(v_secret, 'plans') x;
    SELECT x.a, x.b INTO ga, gb FROM casework_record_key_mixer(v_secret, 'goals') x;
    SELECT x.a, x.b INTO ta, tb FROM casework_record_key_mixer(v_secret, 'tasks') x;
    v_cut := (v_as_of + 1)::timestamp;
    v_start := v_since::timestamp;

    DROP TABLE IF EXISTS casework_cells, casework_rels;
    CREATE TEMP TABLE casework_cells (cell text, item text, n bigint, key_sum bigint,
        region text, key text, prim boolean DEFAULT false, hid boolean DEFAULT false,
        loose boolean DEFAULT false) ON COMMIT DROP;
    CREATE TEMP TABLE casework_rels (rid serial, members text[]) ON COMMIT DROP;
    -- Cases.
    INSERT INTO casework_cells (cell, item, n, key_sum, region)
    SELECT CASE WHEN GROUPING(c.status) = 0 THEN 'case_status'
                WHEN GROUPING(c.category) = 0 THEN 'case_category'
                WHEN GROUPING(c.country) = 0 THEN 'country'
                WHEN GROUPING(c.subregion) = 0 THEN 'subregion' ELSE 'cases_total' END,
           coalesce(c.status, c.category, c.country, c.subregion, ''),
           count(*), coalesce(sum(mod(mod(c.id::bigint * ca + cb, 65521), 256)), 0),
           c.subregion
    FROM cases c
    WHERE (p_subregion IS NULL OR c.subregion = p_subregion)
      AND (p_country IS NULL OR c.country = p_country)
      AND c.opened_on <= v_as_of AND (v_since IS NULL OR c.opened_on >= v_since)
    GROUP BY GROUPING SETS ((c.status), (c.category), (c.subregion), (c.subregion, c.country),
                            ());
    -- Referrals.
    INSERT INTO casework_cells (cell, item, n, key_sum)
    SELECT CASE WHEN GROUPING(r.state) = 0 THEN 'referral_state'
                WHEN GROUPING(r.service_type) = 0 THEN 'referral_service'
                ELSE 'referrals_total' END,
           coalesce(r.state, r.service_type, ''),
           count(*), coalesce(sum(mod(mod(r.id::bigint * ra + rb, 65521), 256)), 0)
    FROM referrals r JOIN cases c ON c.id = r.case_id
    WHERE (p_subregion IS NULL OR c.subregion = p_subregion)
      AND (p_country IS NULL OR c.country = p_country)
      AND r.created_at < v_cut AND (v_start IS NULL OR r.created_at >= v_start)
    GROUP BY GROUPING SETS ((r.state), (r.service_type), ());
    INSERT INTO casework_cells (cell, item, n, key_sum)
    SELECT 'referrals_overdue', '', count(*),
           coalesce(sum(mod(mod(r.id::bigint * ra + rb, 65521), 256)), 0)
    FROM referrals r JOIN cases c ON c.id = r.case_id
    WHERE (p_subregion IS NULL OR c.subregion = p_subregion)
      AND (p_country IS NULL OR c.country = p_country)
      AND r.created_at < v_cut AND (v_start IS NULL OR r.created_at >= v_start)
      AND ((r.state = 'sent' AND r.due_on < v_as_of + 1)
           OR (r.state = 'accepted'
               AND coalesce(r.expected_end_on, r.follow_up_on) < v_as_of + 1));
    SELECT count(*), coalesce(sum(a.rk), 0),
           percentile_cont(0.5) WITHIN GROUP (ORDER BY a.days)
      INTO v_answered, v_answered_keys, v_median
    FROM (
        SELECT extract(epoch FROM (CASE WHEN r.accepted_at IS NOT NULL THEN r.accepted_at
                                        WHEN r.state = 'declined' THEN r.closed_at END)
                                  - r.sent_at) / 86400.0 AS days,
               mod(mod(r.id::bigint * ra + rb, 65521), 256) AS rk
        FROM referrals r JOIN cases c ON c.id = r.case_id
        WHERE (p_subregion IS NULL OR c.subregion = p_subregion)
          AND (p_country IS NULL OR c.country = p_country)
          AND r.created_at < v_cut AND (v_start IS NULL OR r.created_at >= v_start)
          AND r.sent_at IS NOT NULL
          AND (r.accepted_at IS NOT NULL OR (r.state = 'declined' AND r.closed_at IS NOT NULL))
    ) a;
    INSERT INTO casework_cells (cell, item, n, key_sum)
    VALUES ('referrals_answered', '', v_answered, v_answered_keys);
    -- Plans, and the goals of each case's latest version in the period.
    INSERT INTO casework_cells (cell, item, n, key_sum)
    SELECT CASE WHEN GROUPING(p.state) = 0 THEN 'plan_state' ELSE 'plans_total' END,
           coalesce(p.state, ''), count(*),
           coalesce(sum(mod(mod(p.id::bigint * pa + pb, 65521), 256)), 0)
    FROM plans p JOIN cases c ON c.id = p.case_id
    WHERE (p_subregion IS NULL OR c.subregion = p_subregion)
      AND (p_country IS NULL OR c.country = p_country)
      AND p.created_at < v_cut AND (v_start IS NULL OR p.created_at >= v_start)
    GROUP BY GROUPING SETS ((p.state), ());
    INSERT INTO casework_cells (cell, item, n, key_sum)
    SELECT CASE WHEN GROUPING(g.status) = 0 THEN 'goal_status:' || g.domain
                WHEN GROUPING(g.domain) = 0 THEN 'goal_domain' ELSE 'goals_total' END,
           CASE WHEN GROUPING(g.status) = 0 THEN g.status ELSE coalesce(g.domain, '') END,
           count(*), coalesce(sum(mod(mod(g.id::bigint * ga + gb, 65521), 256)), 0)
    FROM plan_goals g
    JOIN plans p ON p.id = g.plan_id
    JOIN (SELECT lp.case_id, max(lp.version) AS version FROM plans lp
          WHERE lp.created_at < v_cut AND (v_start IS NULL OR lp.created_at >= v_start)
          GROUP BY lp.case_id) latest
      ON latest.case_id = p.case_id AND latest.version = p.version
    JOIN cases c ON c.id = p.case_id
    WHERE (p_subregion IS NULL OR c.subregion = p_subregion)
      AND (p_country IS NULL OR c.country = p_country)
      AND p.created_at < v_cut AND (v_start IS NULL OR p.created_at >= v_start)
    GROUP BY GROUPING SETS ((g.domain, g.status), (g.domain), ());
    -- Tasks open at the end of the period and due by then.
    INSERT INTO casework_cells (cell, item, n, key_sum)
    SELECT 'tasks_overdue', '', count(*),
           coalesce(sum(mod(mod(t.id::bigint * ta + tb, 65521), 256)), 0)
    FROM tasks t JOIN cases c ON c.id = t.case_id
    WHERE (p_subregion IS NULL OR c.subregion = p_subregion)
      AND (p_country IS NULL OR c.country = p_country)
      AND t.created_at < v_cut AND (v_start IS NULL OR t.created_at >= v_start)
      AND (t.done_on IS NULL OR t.done_on > v_as_of) AND t.due_on <= v_as_of;

    -- Every member of every table, zeros included, then the tables (as publish() makes them).
    v_region := coalesce(p_subregion,
        (SELECT c.subregion FROM cases c WHERE c.country = p_country LIMIT 1));
    INSERT INTO casework_cells (cell, item, n, key_sum)
    SELECT x.cell, x.item, 0, 0 FROM (VALUES {_MEMBERS}) x (cell, item)
    WHERE NOT EXISTS (SELECT 1 FROM casework_cells k WHERE k.cell = x.cell AND k.item = x.item);
    DELETE FROM casework_cells k WHERE k.cell = 'subregion'
        AND (p_subregion IS NOT NULL OR p_country IS NOT NULL)
        AND k.item IS DISTINCT FROM v_region;
    UPDATE casework_cells k SET key = k.cell || '|' || k.item;
    INSERT INTO casework_rels (members) VALUES
        ({_rel("cases_total", "case_status", "CaseStatus")}),
        ({_rel("cases_total", "case_category", "ClientCategory")}),
        (ARRAY['cases_total|'] || ARRAY(SELECT k.key FROM casework_cells k
            WHERE k.cell = 'subregion' ORDER BY array_position({_arr("Subregion")}, k.item))),
        (ARRAY['cases_total|'] || ARRAY(SELECT k.key FROM casework_cells k
            WHERE k.cell = 'country'
            ORDER BY array_position({_arr("Subregion")}, k.region), k.item));
    INSERT INTO casework_rels (members)
    SELECT ARRAY[r.key] || ARRAY(SELECT k.key FROM casework_cells k
                                 WHERE k.cell = 'country' AND k.region = r.item ORDER BY k.item)
    FROM casework_cells r WHERE r.cell = 'subregion'
    ORDER BY array_position({_arr("Subregion")}, r.item);
    INSERT INTO casework_rels (members) VALUES
        ({_rel("referrals_total", "referral_state", "ReferralState")}),
        ({_rel("referrals_total", "referral_service", "ServiceType")}),
        ({_rel("plans_total", "plan_state", "PlanState")}),
        {_goal_rels()},
        ({_rel("goals_total", "goal_domain", "LifeDomain")});
    PERFORM casework_stat_protect();

    -- What leaves the database: what may be published, nothing else.
    RETURN QUERY SELECT p.*, NULL::text FROM ({server_disclosure.published_sql()}) p;
    cell := 'median_days_to_answer'; item := ''; n := NULL; state := NULL;
    value := CASE WHEN v_answered >= {SMALL_CELL} THEN v_median::text END;
    RETURN NEXT;
    DROP TABLE casework_cells, casework_rels;
END $$"""


def create_statements() -> list[str]:
    """The functions (as the schema's owner; grants are server_security.py's)."""
    return [
        "CREATE EXTENSION IF NOT EXISTS pgcrypto",
        *server_disclosure.create_statements(),
        _MIXER,
        "DROP FUNCTION IF EXISTS casework_statistics(text, text, date, date)",
        _STATISTICS,
        "REVOKE ALL ON FUNCTION casework_record_key_mixer(bytea, text) FROM PUBLIC",
        "REVOKE ALL ON FUNCTION casework_statistics(text, text, date, date) FROM PUBLIC",
        "DROP VIEW IF EXISTS aggregate_cases",
        "DROP VIEW IF EXISTS aggregate_referrals",
    ]


def drop_statements() -> list[str]:
    return [
        *server_disclosure.drop_statements(),
        "DROP FUNCTION IF EXISTS casework_statistics(text, text, date, date)",
        "DROP FUNCTION IF EXISTS casework_record_key_mixer(bytea, text)",
    ]


def grant_statements(readers: str) -> list[str]:
    return [
        "REVOKE ALL ON FUNCTION casework_statistics(text, text, date, date) FROM PUBLIC",
        f"GRANT EXECUTE ON FUNCTION casework_statistics(text, text, date, date) TO {readers}",
    ]

"""Each referral keeps its case's caseworker (`referrals.caseworker_id`), kept by triggers on
both backends, so a caseworker's inbox reads an index that starts with them
(`ix_referrals_caseworker_inbox`) instead of walking every one of their cases' referrals: at
200,000 cases a caseworker of twenty holds 10,000 of them (issue 9, tests/perf/bench_server.py).

The app never writes the column: a new referral takes its case's caseworker, and a case handed
to someone else (cases.caseworker_id changed) takes its referrals along. On an office server
the functions run with their owner's rights, as the search table's refresh does, so whoever
may write the case or the referral keeps the copy right whatever they may read.
"""

from __future__ import annotations

SQLITE = [
    """CREATE TRIGGER referrals_caseworker_ai AFTER INSERT ON referrals BEGIN
        UPDATE referrals SET caseworker_id = (SELECT caseworker_id FROM cases
                                              WHERE id = NEW.case_id)
        WHERE id = NEW.id;
    END""",
    """CREATE TRIGGER referrals_caseworker_au AFTER UPDATE OF case_id ON referrals BEGIN
        UPDATE referrals SET caseworker_id = (SELECT caseworker_id FROM cases
                                              WHERE id = NEW.case_id)
        WHERE id = NEW.id;
    END""",
    """CREATE TRIGGER cases_referral_caseworker AFTER UPDATE OF caseworker_id ON cases BEGIN
        UPDATE referrals SET caseworker_id = NEW.caseworker_id WHERE case_id = NEW.id;
    END""",
]
SQLITE_DOWN = [
    "DROP TRIGGER IF EXISTS referrals_caseworker_ai",
    "DROP TRIGGER IF EXISTS referrals_caseworker_au",
    "DROP TRIGGER IF EXISTS cases_referral_caseworker",
]

POSTGRESQL = [
    """CREATE FUNCTION referral_caseworker() RETURNS trigger LANGUAGE plpgsql
        SECURITY DEFINER SET search_path = public, pg_temp AS $$
        BEGIN
            NEW.caseworker_id := (SELECT caseworker_id FROM cases WHERE id = NEW.case_id);
            RETURN NEW;
        END $$""",
    "REVOKE ALL ON FUNCTION referral_caseworker() FROM PUBLIC",
    "CREATE TRIGGER referrals_caseworker BEFORE INSERT OR UPDATE OF case_id, caseworker_id "
    "ON referrals FOR EACH ROW EXECUTE FUNCTION referral_caseworker()",
    """CREATE FUNCTION case_referrals_caseworker() RETURNS trigger LANGUAGE plpgsql
        SECURITY DEFINER SET search_path = public, pg_temp AS $$
        BEGIN
            UPDATE referrals SET caseworker_id = NEW.caseworker_id
                WHERE case_id = NEW.id AND caseworker_id IS DISTINCT FROM NEW.caseworker_id;
            RETURN NULL;
        END $$""",
    "REVOKE ALL ON FUNCTION case_referrals_caseworker() FROM PUBLIC",
    "CREATE TRIGGER cases_referral_caseworker AFTER UPDATE OF caseworker_id ON cases "
    "FOR EACH ROW EXECUTE FUNCTION case_referrals_caseworker()",
]
POSTGRESQL_DOWN = [
    "DROP TRIGGER IF EXISTS cases_referral_caseworker ON cases",
    "DROP TRIGGER IF EXISTS referrals_caseworker ON referrals",
    "DROP FUNCTION IF EXISTS case_referrals_caseworker()",
    "DROP FUNCTION IF EXISTS referral_caseworker()",
]

# Existing referrals take their case's caseworker once, when the column is added.
BACKFILL = (
    "UPDATE referrals SET caseworker_id = (SELECT caseworker_id FROM cases "
    "WHERE cases.id = referrals.case_id)"
)

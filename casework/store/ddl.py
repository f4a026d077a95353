"""SQLite-only schema objects: full-text search tables, their triggers, audit protection.

Kept here (not in the model) so a second backend can supply its own; migrations execute these.
"""

from __future__ import annotations

FTS_TABLES = ("case_search", "directory_search")

# Refresh the search row of one case from the case and its notes (restricted notes apart, so a
# search can leave them out for users who may not see them).
_CASE_ROW = """
DELETE FROM case_search WHERE rowid = {id};
INSERT INTO case_search(rowid, reference, alias, other_aliases, legal_name, notes,
                        restricted_notes)
SELECT c.id, c.reference, c.alias, c.other_aliases, c.legal_name,
       coalesce((SELECT group_concat(n.body, ' ') FROM notes n
                 WHERE n.case_id = c.id AND n.restricted = 0), ''),
       coalesce((SELECT group_concat(n.body, ' ') FROM notes n
                 WHERE n.case_id = c.id AND n.restricted = 1), '')
FROM cases c WHERE c.id = {id};
"""

_ORG_ROW = """
DELETE FROM directory_search WHERE rowid = {id};
INSERT INTO directory_search(rowid, name, locality, focal_person, notes)
SELECT o.id, o.name, o.locality, o.focal_person, o.notes FROM organisations o WHERE o.id = {id};
"""

SEARCH_V1 = [
    """CREATE VIRTUAL TABLE case_search USING fts5(
        reference, alias, other_aliases, legal_name, notes, restricted_notes,
        tokenize = 'unicode61 remove_diacritics 2', prefix = '2 3')""",
    """CREATE VIRTUAL TABLE directory_search USING fts5(
        name, locality, focal_person, notes,
        tokenize = 'unicode61 remove_diacritics 2', prefix = '2 3')""",
    "CREATE TRIGGER case_search_ai AFTER INSERT ON cases BEGIN"
    + _CASE_ROW.format(id="new.id")
    + "END",
    "CREATE TRIGGER case_search_au AFTER UPDATE OF reference, alias, other_aliases, legal_name "
    "ON cases BEGIN" + _CASE_ROW.format(id="new.id") + "END",
    "CREATE TRIGGER case_search_ad AFTER DELETE ON cases BEGIN "
    "DELETE FROM case_search WHERE rowid = old.id; END",
    "CREATE TRIGGER note_search_ai AFTER INSERT ON notes BEGIN"
    + _CASE_ROW.format(id="new.case_id")
    + "END",
    "CREATE TRIGGER note_search_au AFTER UPDATE ON notes BEGIN"
    + _CASE_ROW.format(id="old.case_id")
    + _CASE_ROW.format(id="new.case_id")
    + "END",
    "CREATE TRIGGER note_search_ad AFTER DELETE ON notes BEGIN"
    + _CASE_ROW.format(id="old.case_id")
    + "END",
    "CREATE TRIGGER org_search_ai AFTER INSERT ON organisations BEGIN"
    + _ORG_ROW.format(id="new.id")
    + "END",
    "CREATE TRIGGER org_search_au AFTER UPDATE ON organisations BEGIN"
    + _ORG_ROW.format(id="new.id")
    + "END",
    "CREATE TRIGGER org_search_ad AFTER DELETE ON organisations BEGIN "
    "DELETE FROM directory_search WHERE rowid = old.id; END",
]

AUDIT_GUARD_V1 = [
    "CREATE TRIGGER audit_events_no_update BEFORE UPDATE ON audit_events BEGIN "
    "SELECT RAISE(ABORT, 'the audit trail is append-only'); END",
    "CREATE TRIGGER audit_events_no_delete BEFORE DELETE ON audit_events BEGIN "
    "SELECT RAISE(ABORT, 'the audit trail is append-only'); END",
]


def is_search_table(name: str) -> bool:
    """FTS5 tables and their shadow tables, which the ORM model does not describe."""
    return any(name == t or name.startswith(t + "_") for t in FTS_TABLES)

"""SQLite-only schema objects: full-text search tables, their triggers, audit protection.

Kept here (not in the model) so a second backend can supply its own; migrations execute these.
"""

from __future__ import annotations

FTS_TABLES = ("case_search", "directory_search", "case_name_search")
# Country names (English, French, Arabic) that the case search indexes beside the country code.
PLACE_NAMES_TABLE = "search_country_names"

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

# V2: the case's places are searchable too (locality, and the country by its names in every
# language the app speaks), kept current when a case's locality or country changes.
_CASE_ROW_V2 = """
DELETE FROM case_search WHERE rowid = {id};
INSERT INTO case_search(rowid, reference, alias, other_aliases, legal_name, notes,
                        restricted_notes, places)
SELECT c.id, c.reference, c.alias, c.other_aliases, c.legal_name,
       coalesce((SELECT group_concat(n.body, ' ') FROM notes n
                 WHERE n.case_id = c.id AND n.restricted = 0), ''),
       coalesce((SELECT group_concat(n.body, ' ') FROM notes n
                 WHERE n.case_id = c.id AND n.restricted = 1), ''),
       c.locality || ' ' || c.country || ' ' ||
       coalesce((SELECT p.names FROM search_country_names p WHERE p.code = c.country), '')
FROM cases c WHERE c.id = {id};
"""

_CASE_TRIGGERS = ("case_search_ai", "case_search_au", "case_search_ad")
_NOTE_TRIGGERS = ("note_search_ai", "note_search_au", "note_search_ad")


def _case_search_objects(row: str, with_places: bool) -> list[str]:
    columns = "reference, alias, other_aliases, legal_name, notes, restricted_notes"
    watched = "reference, alias, other_aliases, legal_name"
    if with_places:
        columns += ", places"
        watched += ", locality, country"
    return [
        f"""CREATE VIRTUAL TABLE case_search USING fts5({columns},
        tokenize = 'unicode61 remove_diacritics 2', prefix = '2 3')""",
        "CREATE TRIGGER case_search_ai AFTER INSERT ON cases BEGIN"
        + row.format(id="new.id")
        + "END",
        f"CREATE TRIGGER case_search_au AFTER UPDATE OF {watched} ON cases BEGIN"
        + row.format(id="new.id")
        + "END",
        "CREATE TRIGGER case_search_ad AFTER DELETE ON cases BEGIN "
        "DELETE FROM case_search WHERE rowid = old.id; END",
        "CREATE TRIGGER note_search_ai AFTER INSERT ON notes BEGIN"
        + row.format(id="new.case_id")
        + "END",
        "CREATE TRIGGER note_search_au AFTER UPDATE ON notes BEGIN"
        + row.format(id="old.case_id")
        + row.format(id="new.case_id")
        + "END",
        "CREATE TRIGGER note_search_ad AFTER DELETE ON notes BEGIN"
        + row.format(id="old.case_id")
        + "END",
    ]


def _drop_case_search() -> list[str]:
    return [f"DROP TRIGGER IF EXISTS {t}" for t in _CASE_TRIGGERS + _NOTE_TRIGGERS] + [
        "DROP TABLE IF EXISTS case_search"
    ]


def _reindex_cases(row: str) -> list[str]:
    """Fill the search table again for every case (one statement, however many cases)."""
    body = row.split(";", 1)[1].replace("WHERE c.id = {id}", "")
    return [body.strip().rstrip(";")]


def search_v2(country_names: dict[str, str]) -> list[str]:
    """From V1 to V2: the place-names table, the case search rebuilt with its places."""
    values = ", ".join(
        "('{}', '{}')".format(code, names.replace("'", "''"))
        for code, names in sorted(country_names.items())
    )
    return (
        _drop_case_search()
        + [f"CREATE TABLE {PLACE_NAMES_TABLE} (code TEXT PRIMARY KEY, names TEXT NOT NULL)"]
        + ([f"INSERT INTO {PLACE_NAMES_TABLE}(code, names) VALUES {values}"] if values else [])
        + _case_search_objects(_CASE_ROW_V2, with_places=True)
        + _reindex_cases(_CASE_ROW_V2)
    )


def search_v2_down() -> list[str]:
    return (
        _drop_case_search()
        + [f"DROP TABLE IF EXISTS {PLACE_NAMES_TABLE}"]
        + _case_search_objects(_CASE_ROW, with_places=False)
        + _reindex_cases(_CASE_ROW)
    )


# Names and places, no notes (issue 13): what a prefix of up to three letters searches
# (search_query.NOTES_FROM). Small, and with a one-letter prefix index, so "a" reads one short
# list instead of merging every term of every note that starts with "a".
NAME_SEARCH_TABLE = "case_name_search"
_NAME_COLUMNS = "reference, alias, other_aliases, legal_name, places"
_PLACES = (
    "{c}.locality || ' ' || {c}.country || ' ' || "
    f"coalesce((SELECT p.names FROM {PLACE_NAMES_TABLE} p WHERE p.code = {{c}}.country), '')"
)
_NAME_ROW = (
    f"INSERT INTO {NAME_SEARCH_TABLE}(rowid, {_NAME_COLUMNS}) "
    "VALUES (new.id, new.reference, new.alias, new.other_aliases, new.legal_name, "
    + _PLACES.format(c="new")
    + ");"
)
_NAME_TRIGGERS = ("case_name_search_ai", "case_name_search_au", "case_name_search_ad")


def name_search_v1() -> list[str]:
    """The names-and-places search table, its triggers, and its rows for the cases there."""
    watched = "reference, alias, other_aliases, legal_name, locality, country"
    return [
        f"""CREATE VIRTUAL TABLE {NAME_SEARCH_TABLE} USING fts5({_NAME_COLUMNS},
        tokenize = 'unicode61 remove_diacritics 2', prefix = '1 2 3')""",
        f"CREATE TRIGGER case_name_search_ai AFTER INSERT ON cases BEGIN {_NAME_ROW} END",
        f"CREATE TRIGGER case_name_search_au AFTER UPDATE OF {watched} ON cases BEGIN "
        f"DELETE FROM {NAME_SEARCH_TABLE} WHERE rowid = old.id; {_NAME_ROW} END",
        "CREATE TRIGGER case_name_search_ad AFTER DELETE ON cases BEGIN "
        f"DELETE FROM {NAME_SEARCH_TABLE} WHERE rowid = old.id; END",
        f"INSERT INTO {NAME_SEARCH_TABLE}(rowid, {_NAME_COLUMNS}) "
        "SELECT c.id, c.reference, c.alias, c.other_aliases, c.legal_name, "
        + _PLACES.format(c="c")
        + " FROM cases c",
    ]


def name_search_v1_down() -> list[str]:
    return [f"DROP TRIGGER IF EXISTS {t}" for t in _NAME_TRIGGERS] + [
        f"DROP TABLE IF EXISTS {NAME_SEARCH_TABLE}"
    ]


AUDIT_GUARD_V1 = [
    "CREATE TRIGGER audit_events_no_update BEFORE UPDATE ON audit_events BEGIN "
    "SELECT RAISE(ABORT, 'the audit trail is append-only'); END",
    "CREATE TRIGGER audit_events_no_delete BEFORE DELETE ON audit_events BEGIN "
    "SELECT RAISE(ABORT, 'the audit trail is append-only'); END",
]


def is_search_table(name: str) -> bool:
    """FTS5 tables, their shadow tables and the place names they index, which the ORM model
    does not describe."""
    if name == PLACE_NAMES_TABLE:
        return True
    return any(name == t or name.startswith(t + "_") for t in FTS_TABLES)


def case_search_fills() -> dict[str, tuple[str, str]]:
    """The cases' insert triggers that fill a search table, by name: (the trigger's SQL as
    created, one statement that gives every case whose id is over `:first` the rows the trigger
    would have given it). A bulk load sets such a trigger aside and runs its statement once at
    the end instead (workshop/bulk_schema.py)."""
    case_row = _CASE_ROW_V2.split(";", 1)[1].strip().rstrip(";")
    return {
        "case_search_ai": (
            "CREATE TRIGGER case_search_ai AFTER INSERT ON cases BEGIN"
            + _CASE_ROW_V2.format(id="new.id")
            + "END",
            case_row.replace("c.id = {id}", "c.id > :first"),
        ),
        "case_name_search_ai": (
            f"CREATE TRIGGER case_name_search_ai AFTER INSERT ON cases BEGIN {_NAME_ROW} END",
            name_search_v1()[-1] + " WHERE c.id > :first",
        ),
    }

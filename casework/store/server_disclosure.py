"""The disclosure control of services/disclosure.py, run by the office server's database on the
cells `casework_statistics()` counted (store/server_statistics.py), so that what leaves the
database is already what may be published: a psql login gets no more than the app shows.

- primary suppression: counts from 1 to 4, and every member of a table whose total is 1 to 4
  (zeros included), leave as NULL ("suppressed");
- complementary suppression: `casework_stat_protect()` withholds further cells, relation by
  relation until nothing changes, exactly as `disclosure.protect` (same bounds, same choice of
  the smallest published non-zero cell), and they leave as NULL ("withheld");
- the cell key method: every other count of 5 or more leaves perturbed by the same table
  (`disclosure.PTABLE`) from its records' keys, which never leave the database.

The cells live in a temporary table of the calling session owned by the schema's owner
(`casework_cells`: cell, item, region, n, key_sum, prim, hid, loose, rk) and the relations in
`casework_rels` (members[1] is the total); both are dropped before the function returns.
"""

from __future__ import annotations

from casework.services.disclosure import PTABLE, SMALL_CELL

_EXPOSED = """
CREATE OR REPLACE FUNCTION casework_stat_exposed(members text[]) RETURNS boolean
LANGUAGE plpgsql SET search_path = public, pg_temp AS $$
#variable_conflict use_column
DECLARE
    w text[]; known float8; m record; lo_sum float8; hi_sum float8;
    low float8; high float8; t float8; sm integer;
BEGIN
    SELECT array_agg(k.key) INTO w FROM casework_cells k WHERE k.key = ANY(members) AND k.hid;
    IF w IS NULL THEN RETURN false; END IF;
    IF cardinality(w) = 1 THEN RETURN true; END IF;
    SELECT coalesce(sum(CASE WHEN k.key = members[1] THEN 1 ELSE -1 END * k.n), 0) INTO known
    FROM casework_cells k WHERE k.key = ANY(members) AND NOT k.hid;
    FOR m IN SELECT k.key, k.loose FROM casework_cells k WHERE k.key = ANY(w) AND k.prim LOOP
        sm := CASE WHEN m.key = members[1] THEN 1 ELSE -1 END;
        SELECT coalesce(sum(CASE WHEN b.s > 0 THEN b.s * b.lo ELSE b.s * b.hi END), 0),
               coalesce(sum(CASE WHEN b.s > 0 THEN b.s * b.hi ELSE b.s * b.lo END), 0)
          INTO lo_sum, hi_sum
        FROM (SELECT CASE WHEN k.key = members[1] THEN 1 ELSE -1 END AS s,
                     (CASE WHEN k.loose THEN 0 WHEN k.prim THEN 1 ELSE 5 END)::float8 AS lo,
                     CASE WHEN k.loose OR k.prim THEN 4::float8
                          ELSE 'Infinity'::float8 END AS hi
              FROM casework_cells k WHERE k.key = ANY(w) AND k.key <> m.key) b;
        low := -known - hi_sum;
        high := -known - lo_sum;
        IF sm < 0 THEN
            t := low; low := -high; high := -t;
        END IF;
        low := greatest(low, CASE WHEN m.loose THEN 0 ELSE 1 END);
        high := least(high, 4);
        IF high - low < 1 THEN RETURN true; END IF;
    END LOOP;
    RETURN false;
END $$"""

_PROTECT = f"""
CREATE OR REPLACE FUNCTION casework_stat_protect() RETURNS void
LANGUAGE plpgsql SET search_path = public, pg_temp AS $$
#variable_conflict use_column
DECLARE
    r record; changed boolean; cand text;
BEGIN
    -- Tables whose total is 1 to 4: every member withheld, zeros included.
    UPDATE casework_cells k SET loose = true
    WHERE EXISTS (SELECT 1 FROM casework_rels l JOIN casework_cells t ON t.key = l.members[1]
                  WHERE t.n BETWEEN 1 AND {SMALL_CELL - 1} AND k.key = ANY(l.members));
    UPDATE casework_cells k SET prim = (k.n BETWEEN 1 AND {SMALL_CELL - 1}) OR k.loose;
    UPDATE casework_cells k SET hid = k.prim;
    LOOP
        changed := false;
        FOR r IN SELECT l.members FROM casework_rels l ORDER BY l.rid LOOP
            WHILE casework_stat_exposed(r.members) LOOP
                SELECT k.key INTO cand FROM casework_cells k
                WHERE k.key = ANY(r.members[2:]) AND NOT k.hid AND k.n > 0
                ORDER BY k.n, k.key LIMIT 1;
                IF cand IS NULL THEN
                    SELECT k.key INTO cand FROM casework_cells k
                    WHERE k.key = r.members[1] AND NOT k.hid AND k.n > 0;
                END IF;
                EXIT WHEN cand IS NULL;
                UPDATE casework_cells k SET hid = true WHERE k.key = cand;
                changed := true;
            END LOOP;
        END LOOP;
        EXIT WHEN NOT changed;
    END LOOP;
END $$"""


def ptable_sql() -> str:
    """The perturbation table as a PostgreSQL array (1-based: ptable[key % 256 + 1])."""
    return "ARRAY[" + ", ".join(str(d) for d in PTABLE) + "]"


def published_sql() -> str:
    """SELECT (cell, item, shown, state) over casework_cells, after casework_stat_protect()."""
    return f"""
    SELECT k.cell, k.item,
           CASE WHEN k.hid THEN NULL WHEN k.n < {SMALL_CELL} THEN k.n
                ELSE greatest({SMALL_CELL}, k.n + ({ptable_sql()})[mod(k.key_sum, 256) + 1])
           END::bigint,
           CASE WHEN k.prim THEN 'suppressed' WHEN k.hid THEN 'withheld' ELSE 'shown' END
    FROM casework_cells k"""


def create_statements() -> list[str]:
    return [
        _EXPOSED,
        _PROTECT,
        "REVOKE ALL ON FUNCTION casework_stat_exposed(text[]) FROM PUBLIC",
        "REVOKE ALL ON FUNCTION casework_stat_protect() FROM PUBLIC",
    ]


def drop_statements() -> list[str]:
    return [
        "DROP FUNCTION IF EXISTS casework_stat_protect()",
        "DROP FUNCTION IF EXISTS casework_stat_exposed(text[])",
    ]

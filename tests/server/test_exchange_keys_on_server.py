"""The organisation's private exchange keys on an office server (store/server_exchange_keys.py),
attacked with raw SQL as each role would with `psql`: nobody reads them from the table; the
server hands a step's private half only to a role that takes that step, and only against an
audit event already committed, so no hand-out escapes the trail."""

from __future__ import annotations

import json

import psycopg
import pytest
from nacl.public import PrivateKey
from nacl.signing import SigningKey

from casework.model.enums import Role
from casework.services import server_admin

pytestmark = pytest.mark.postgres

PW = {
    "kx_ada": "orchard lantern quietly ninety",
    "kx_carl": "seven blue camels at dusk",
    "kx_sara": "copper kettle over the dune",
    "kx_mona": "violet harbour keeps nine owls",
    "kx_omar": "mango river boat sings loud",
}
REQUEST = "SELECT casework_exchange_key_request(%s)"
FETCH = "SELECT id, signing_seed, encryption_secret, signing_key, encryption_key, active" \
    " FROM casework_exchange_key(%s)"  # fmt: skip
PRIVATE = ("signing_seed", "encryption_secret")


class Server:
    def __init__(self, pg_server, database: str) -> None:  # noqa: ANN001
        self.pg, self.database = pg_server, database

    def as_user(self, user: str) -> psycopg.Connection:
        """As `psql` would, but with transactions (an attacker chooses when to commit)."""
        conn = self.pg.connect(self.database, user=user, password=PW[user])
        conn.autocommit = False
        return conn

    def owner(self) -> psycopg.Connection:
        return self.pg.connect(self.database)

    def keys(self) -> tuple[int, bytes, bytes]:
        with self.owner() as conn:
            row = conn.execute(
                "SELECT id, signing_seed, encryption_secret FROM exchange_own_keys"
                " WHERE active ORDER BY id DESC LIMIT 1"
            ).fetchone()
        return int(row[0]), bytes(row[1]), bytes(row[2])

    def events(self, action: str = "exchange.key_handed") -> list[tuple]:
        with self.owner() as conn:
            return conn.execute(
                "SELECT id, actor_name, entity, entity_id, details FROM audit_events"
                " WHERE action = %s ORDER BY id",
                (action,),
            ).fetchall()


@pytest.fixture
def server(pg_server, pg_database) -> Server:  # noqa: ANN001
    url = pg_server.url(pg_database)
    server_admin.init_server(
        url, organisation="Sahel Hope", admin_username="kx_ada", admin_password=PW["kx_ada"]
    )
    server_admin.add_user(url, "kx_carl", "Carl", {Role.CASEWORKER}, PW["kx_carl"])
    server_admin.add_user(url, "kx_sara", "Sara", {Role.SUPERVISOR}, PW["kx_sara"])
    server_admin.add_user(url, "kx_mona", "Mona", {Role.ME_OFFICER}, PW["kx_mona"])
    server_admin.add_user(url, "kx_omar", "Omar", {Role.CASEWORKER}, PW["kx_omar"])
    return Server(pg_server, pg_database)


def _ticket(conn: psycopg.Connection, step: str) -> str:
    conn.execute(REQUEST, (step,))
    conn.commit()  # sealed into the chain at commit
    return step


def test_no_app_role_reads_the_private_keys_from_the_table(server):
    for user in PW:
        with server.as_user(user) as conn:
            for query in (
                *(f"SELECT {column} FROM exchange_own_keys" for column in PRIVATE),
                "SELECT * FROM exchange_own_keys",
                "SELECT k FROM exchange_own_keys k",  # the whole row as one value
            ):
                with pytest.raises(psycopg.errors.InsufficientPrivilege):
                    conn.execute(query)
                conn.rollback()
            with pytest.raises(psycopg.errors.InsufficientPrivilege):  # nor change them
                conn.execute("UPDATE exchange_own_keys SET signing_seed = signing_seed")
            conn.rollback()
    # The public halves, for the fingerprint: the roles of the exchange, not M&E officers.
    key_id, seed, secret = server.keys()
    for user in ("kx_ada", "kx_carl", "kx_sara"):
        with server.as_user(user) as conn:
            row = conn.execute(
                "SELECT signing_key, encryption_key FROM exchange_own_keys WHERE id = %s",
                (key_id,),
            ).fetchone()
            assert bytes(row[0]) == bytes(SigningKey(seed).verify_key)
            assert bytes(row[1]) == bytes(PrivateKey(secret).public_key)
    with server.as_user("kx_mona") as conn, pytest.raises(psycopg.errors.InsufficientPrivilege):
        conn.execute("SELECT signing_key FROM exchange_own_keys")


def test_roles_that_do_not_take_a_step_are_refused_and_nothing_is_handed(server):
    with server.as_user("kx_mona") as conn:  # M&E officers: may not even call the functions
        for query, arg in ((REQUEST, "open"), (FETCH, "open")):
            with pytest.raises(psycopg.errors.InsufficientPrivilege, match="permission denied"):
                conn.execute(query, (arg,))
            conn.rollback()
    refused = {"kx_carl": ("card", "other"), "kx_ada": ("seal", "open"), "kx_sara": ("x",)}
    for user, steps in refused.items():  # nor fetched directly
        with server.as_user(user) as conn:
            for step in steps:
                with pytest.raises(psycopg.errors.InsufficientPrivilege, match="may not"):
                    conn.execute(FETCH, (step,))
                conn.rollback()
    for user, steps in refused.items():
        with server.as_user(user) as conn:
            for step in steps:
                with pytest.raises(psycopg.errors.InsufficientPrivilege, match="may not"):
                    conn.execute(REQUEST, (step,))
                conn.rollback()
    # A login that is no Casework user of this database, even let in by a careless grant.
    with server.pg.connect() as conn:
        conn.execute("CREATE ROLE kx_stranger LOGIN PASSWORD 'a long stranger password'")
        conn.execute(f'GRANT CONNECT ON DATABASE "{server.database}" TO kx_stranger')
    with server.owner() as conn:
        conn.execute("GRANT USAGE ON SCHEMA public TO kx_stranger")
    try:
        with server.pg.connect(
            server.database, user="kx_stranger", password="a long stranger password"
        ) as conn:
            for query, arg in ((REQUEST, "seal"), (FETCH, "seal")):
                with pytest.raises(psycopg.errors.InsufficientPrivilege):
                    conn.execute(query, (arg,))
                conn.rollback()
            with pytest.raises(psycopg.errors.InsufficientPrivilege):
                conn.execute("SELECT signing_seed FROM exchange_own_keys")
    finally:
        with server.owner() as conn:
            conn.execute("REVOKE ALL ON SCHEMA public FROM kx_stranger")
        with server.pg.connect() as conn:
            conn.execute(f'REVOKE ALL ON DATABASE "{server.database}" FROM kx_stranger')
            conn.execute("DROP ROLE kx_stranger")
    assert server.events() == []  # every refusal rolled back: nothing was handed


def test_each_step_gets_its_own_half_after_its_audit_event_is_committed(server):
    key_id, seed, secret = server.keys()
    expected = {
        ("kx_carl", "seal"): (seed, None),
        ("kx_sara", "seal"): (seed, None),
        ("kx_carl", "open"): (None, secret),
        ("kx_sara", "card"): (seed, None),
        ("kx_ada", "card"): (seed, None),
    }
    tickets = []
    for (user, step), (want_seed, want_secret) in expected.items():
        with server.as_user(user) as conn:
            ticket = _ticket(conn, step)
            rows = conn.execute(FETCH, (ticket,)).fetchall()
        assert len(rows) == 1
        got_seed, got_secret = rows[0][1], rows[0][2]
        assert (got_seed and bytes(got_seed), got_secret and bytes(got_secret)) == (
            want_seed,
            want_secret,
        )
        tickets.append((ticket, user, step))
    # Each hand-out is in the trail: who (set by the server), which step, which key.
    events = server.events()
    assert [e[1] for e in events] == [u for _t, u, _s in tickets]
    for event, (_t, _u, step) in zip(events, tickets, strict=True):
        assert event[2:4] == ("exchange_key", key_id)
        assert json.loads(event[4]) == {"keys": [key_id], "step": step}
    # Sealed into the server's chain like every app role's event.
    report = server_admin.verify(server.pg.url(server.database))
    assert report.ok


def test_no_hand_out_escapes_the_trail(server):
    """Asking and fetching in one transaction and rolling back would leave no trace: the key is
    only handed in a transaction that has written nothing, against a committed event."""
    with server.as_user("kx_carl") as conn:
        conn.execute(REQUEST, ("seal",))
        with pytest.raises(psycopg.errors.InsufficientPrivilege, match="written nothing"):
            conn.execute(FETCH, ("seal",))
        conn.rollback()
        # Nor by asking inside a savepoint released or rolled back before fetching.
        for end in ("RELEASE SAVEPOINT s", "ROLLBACK TO SAVEPOINT s"):
            conn.execute("SAVEPOINT s")
            conn.execute(REQUEST, ("seal",))
            conn.execute(end)
            with pytest.raises(psycopg.errors.InsufficientPrivilege, match="written nothing"):
                conn.execute(FETCH, ("seal",))
            conn.rollback()
        # Nor with nothing asked at all.
        with pytest.raises(psycopg.errors.InsufficientPrivilege, match="no valid ticket"):
            conn.execute(FETCH, ("seal",))
        conn.rollback()
        # Nor after writing anything else first in the same transaction.
        good = _ticket(conn, "seal")
        conn.execute(
            "INSERT INTO audit_events (at, actor_name, action, entity, details, prev_mac, mac)"
            " VALUES (now(), 'x', 'case.opened', 'case', '{}', '', '')"
        )
        with pytest.raises(psycopg.errors.InsufficientPrivilege, match="written nothing"):
            conn.execute(FETCH, (good,))
        conn.rollback()
    assert [e[1] for e in server.events()] == ["kx_carl"]  # only the committed request remains


def test_a_ticket_is_its_own_logins_recent_genuine_event(server):
    key_id, _seed, _secret = server.keys()
    with server.as_user("kx_carl") as conn:
        _ticket(conn, "seal")
    with server.as_user("kx_sara") as conn:  # another login's event is not hers
        with pytest.raises(psycopg.errors.InsufficientPrivilege, match="no valid ticket"):
            conn.execute(FETCH, ("seal",))
        conn.rollback()
    with server.as_user("kx_omar") as conn:
        # An event written by hand: sealed in the caseworker's name all the same, and
        # honoured only when it says exactly what is handed.
        for keys in ([key_id, 999], []):
            details = json.dumps({"keys": keys, "step": "open"}, sort_keys=True)
            conn.execute(
                "INSERT INTO audit_events (at, actor_name, action, entity, entity_id, details,"
                " prev_mac, mac) VALUES (now(), 'kx_ada', 'exchange.key_handed', 'exchange_key',"
                " %s, %s, '', '')",
                (key_id, details),
            )
            conn.commit()
            with pytest.raises(psycopg.errors.InsufficientPrivilege, match="no valid ticket"):
                conn.execute(FETCH, ("open",))
            conn.rollback()
    # An event more than a minute old (written by the owner, who may backdate events).
    with server.owner() as conn:
        conn.execute(
            "INSERT INTO audit_events (id, at, actor_name, action, entity, entity_id, details,"
            " prev_mac, mac) VALUES ((SELECT max(id) + 1 FROM audit_events),"
            " (now() AT TIME ZONE 'UTC') - interval '2 minutes', 'kx_sara',"
            " 'exchange.key_handed', 'exchange_key', %s, %s, '', '')",
            (key_id, json.dumps({"keys": [key_id], "step": "seal"}, sort_keys=True)),
        )
    with server.as_user("kx_sara") as conn:
        with pytest.raises(psycopg.errors.InsufficientPrivilege, match="no valid ticket"):
            conn.execute(FETCH, ("seal",))
        conn.rollback()
    with server.as_user("kx_carl") as conn:  # a recent one still works
        assert len(conn.execute(FETCH, ("seal",)).fetchall()) == 1


def test_a_role_taken_away_ends_the_hand_outs_at_once(server):
    """A supervisor made a caseworker: her card ticket, asked for before, is worthless."""
    with server.as_user("kx_sara") as conn:
        ticket = _ticket(conn, "card")
    with server.owner() as conn:
        conn.execute(f'GRANT "{server.database}_caseworker" TO kx_sara')
        conn.execute(f'REVOKE "{server.database}_supervisor" FROM kx_sara')
    with (
        server.as_user("kx_sara") as conn,
        pytest.raises(psycopg.errors.InsufficientPrivilege, match="may not"),
    ):
        conn.execute(FETCH, (ticket,))

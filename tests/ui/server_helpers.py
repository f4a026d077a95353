"""An office server for the UI tests: a database on the test PostgreSQL with a small team."""

from __future__ import annotations

from dataclasses import dataclass

from casework.model.enums import Role

PASSWORDS = {
    "ada": "orchard lantern quietly ninety",
    "carl": "seven blue camels at dusk",
    "sara": "copper kettle over the dune",
}


@dataclass
class Office:
    pg: object  # tests/pg_server.PgServer
    database: str

    @property
    def typed_address(self) -> str:
        """What a user types in the login window's Server field."""
        return f"localhost:{self.pg.port}/{self.database}"  # type: ignore[attr-defined]

    def address(self):  # noqa: ANN201
        from casework.store.server_connection import ServerAddress

        return ServerAddress.parse(self.typed_address, self.pg.ca_file)  # type: ignore[attr-defined]

    def open(self, username: str):  # noqa: ANN201
        from casework.store.server import ServerStore

        return ServerStore.open_at(self.address(), username, PASSWORDS[username])


def make_office(pg_server, database: str) -> Office:  # noqa: ANN001
    from casework.services import server_admin

    url = pg_server.url(database)
    server_admin.init_server(
        url, organisation="Sahel Hope", admin_username="ada", admin_password=PASSWORDS["ada"]
    )
    server_admin.add_user(url, "carl", "Carl Caseworker", {Role.CASEWORKER}, PASSWORDS["carl"])
    server_admin.add_user(url, "sara", "Sara Supervisor", {Role.SUPERVISOR}, PASSWORDS["sara"])
    return Office(pg_server, database)

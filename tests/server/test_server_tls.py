"""Connecting from the login window: TLS verified against the office's CA, SCRAM only, and a
clear translated message for every refusal (never libpq's text, never a traceback)."""

from __future__ import annotations

import pytest

from casework.errors import VaultError
from casework.i18n import set_language
from casework.model.enums import Role
from casework.services import server_admin
from casework.store.server import ServerStore
from casework.store.server_connection import (
    ServerAddress,
    ServerCertificateRefused,
    ServerNameMismatch,
    ServerUnreachable,
)

pytestmark = pytest.mark.postgres

PASSWORD = "seven blue camels at dusk"


@pytest.fixture
def office(pg_server, pg_database):
    url = pg_server.url(pg_database)
    server_admin.init_server(
        url, organisation="Sahel Hope", admin_username="ada", admin_password=PASSWORD + " ada"
    )
    server_admin.add_user(url, "carl", "Carl", {Role.CASEWORKER}, PASSWORD)
    return pg_server, pg_database


def _address(pg_server, database: str, host: str = "localhost", ca=None) -> ServerAddress:
    return ServerAddress.parse(f"{host}:{pg_server.port}/{database}", ca or pg_server.ca_file)


def test_the_office_ca_and_the_right_host_name_connect_over_tls_with_scram(office):
    pg_server, database = office
    with ServerStore.open_at(_address(pg_server, database), "carl", PASSWORD) as store:
        assert store.opened_by == "carl"
        with store.engine.connect() as conn:
            from sqlalchemy import text

            ssl = conn.execute(
                text("SELECT ssl FROM pg_stat_ssl WHERE pid = pg_backend_pid()")
            ).scalar_one()
        assert ssl is True
        listen = store.listen_connection()
        try:
            assert listen.pgconn.ssl_in_use
        finally:
            listen.close()


def test_the_address_also_works_with_its_ip_in_the_certificate(office):
    pg_server, database = office
    with ServerStore.open_at(_address(pg_server, database, "127.0.0.1"), "carl", PASSWORD):
        pass


def test_a_wrong_ca_is_refused_with_a_translated_message(office):
    pg_server, database = office
    address = _address(pg_server, database, ca=pg_server.other_ca_file)
    with pytest.raises(ServerCertificateRefused) as refused:
        ServerStore.open_at(address, "carl", PASSWORD)
    assert "not issued by the office's CA file" in refused.value.message()
    set_language("fr")
    assert "autorité de certification" in refused.value.message()


def test_a_certificate_for_another_host_name_is_refused(office):
    pg_server, database = office
    # The server answers at 127.0.0.1, but the name typed is not on its certificate.
    address = ServerAddress(
        f"postgresql://wrong-name.invalid:{pg_server.port}/{database}",
        pg_server.ca_file,
        hostaddr="127.0.0.1",
    )
    with pytest.raises(ServerNameMismatch) as refused:
        ServerStore.open_at(address, "carl", PASSWORD)
    assert "another name" in refused.value.message()
    set_language("fr")
    assert "autre nom" in refused.value.message()


def test_a_wrong_password_a_missing_ca_file_and_no_server_say_so(office, tmp_path):
    pg_server, database = office
    with pytest.raises(VaultError, match="user name or password is not correct"):
        ServerStore.open_at(_address(pg_server, database), "carl", "not the password at all")
    with pytest.raises(VaultError, match="CA file could not be read"):
        ServerStore.open_at(
            _address(pg_server, database, ca=tmp_path / "gone.crt"), "carl", PASSWORD
        )
    nobody = ServerAddress.parse(f"localhost:{_free_port()}/{database}", pg_server.ca_file)
    with pytest.raises(ServerUnreachable):
        ServerStore.open_at(nobody, "carl", PASSWORD)


def test_a_server_asking_for_a_plain_text_password_is_not_sent_it(office):
    from pg_server import PLAINTEXT_DATABASE

    pg_server, _database = office
    address = _address(pg_server, PLAINTEXT_DATABASE)
    with pytest.raises(VaultError) as refused:
        ServerStore.open_at(address, "carl", PASSWORD)
    assert "not SCRAM-SHA-256" in refused.value.message()
    set_language("fr")
    assert "forme faible" in refused.value.message()


def test_addresses_are_read_as_typed_and_bad_ones_refused():
    ca = "/tmp/ca.crt"
    assert ServerAddress.parse(" office/casework ", ca).url == "postgresql://office/casework"
    full = ServerAddress.parse(
        "postgresql://someone:secret@office:5433/casework?sslmode=disable", ca
    )
    assert full.url == "postgresql://office:5433/casework"
    for bad in ("", "office", "postgresql:///casework", "two words/casework"):
        with pytest.raises(VaultError, match="server address is not valid"):
            ServerAddress.parse(bad, ca)


def _free_port() -> int:
    import socket

    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])

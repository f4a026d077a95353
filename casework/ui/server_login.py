"""The login window's "Office server" mode: where the server is and the office's CA file.

"This computer" opens the local vault; "Office server" connects to the office's PostgreSQL with
the user's own name and password (store/server_connection.py: verified TLS, SCRAM only). The
server's address, the CA file and the mode last used are remembered on this laptop in the app's
settings (QSettings): they say where the office's server is, nothing about any case or person.
The password is never remembered.
"""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path
from typing import TYPE_CHECKING

from PySide6.QtCore import QSettings, Signal
from PySide6.QtWidgets import (
    QButtonGroup,
    QFileDialog,
    QFormLayout,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QPushButton,
    QRadioButton,
    QWidget,
)

from casework.errors import VaultError
from casework.i18n import N_, _, isolate
from casework.ui.retranslate import track_language

if TYPE_CHECKING:
    from casework.store.server import ServerStore

MODE_KEY, ADDRESS_KEY, CA_KEY = "server/mode", "server/address", "server/ca_file"
NO_CA = N_("Choose the office's CA file (your administrator gives it to you once).")


def remembered() -> tuple[bool, str, str]:
    """(office server mode?, address, CA file) as last used on this laptop."""
    settings = QSettings()
    return (
        settings.value(MODE_KEY, "") == "server",
        str(settings.value(ADDRESS_KEY, "") or ""),
        str(settings.value(CA_KEY, "") or ""),
    )


def remember(server: bool, address: str = "", ca_file: str = "") -> None:
    settings = QSettings()
    settings.setValue(MODE_KEY, "server" if server else "local")
    if server:
        settings.setValue(ADDRESS_KEY, address)
        settings.setValue(CA_KEY, ca_file)


class ServerFields(QWidget):
    """The mode choice (a row of two buttons) plus the server's address and CA file rows."""

    mode_changed = Signal(bool)

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        server, address, ca_file = remembered()
        self.local_button = QRadioButton(self)
        self.local_button.setObjectName("loginModeLocal")
        self.server_button = QRadioButton(self)
        self.server_button.setObjectName("loginModeServer")
        self.group = QButtonGroup(self)
        self.group.addButton(self.local_button)
        self.group.addButton(self.server_button)
        row = QHBoxLayout(self)
        row.setContentsMargins(0, 0, 0, 0)
        row.addWidget(self.local_button)
        row.addWidget(self.server_button)
        row.addStretch(1)

        self.address = QLineEdit(address, parent)
        self.address.setObjectName("loginServerAddress")
        self.address_label = QLabel(parent)
        self.address_label.setBuddy(self.address)
        self.ca_path = ca_file
        self.ca_shown = QLabel(parent)
        self.ca_shown.setObjectName("loginServerCaFile")
        self.ca_shown.setWordWrap(True)
        self.ca_button = QPushButton(parent)
        self.ca_button.setObjectName("loginServerChooseCa")
        self.ca_button.clicked.connect(self.choose_ca_file)
        self.ca_label = QLabel(parent)
        self.ca_label.setBuddy(self.ca_button)
        self.ca_row = QWidget(parent)
        ca_layout = QHBoxLayout(self.ca_row)
        ca_layout.setContentsMargins(0, 0, 0, 0)
        ca_layout.addWidget(self.ca_shown, 1)
        ca_layout.addWidget(self.ca_button)
        self.mode_label = QLabel(parent)
        (self.server_button if server else self.local_button).setChecked(True)
        self.server_button.toggled.connect(self._toggled)
        track_language(self)

    @property
    def on(self) -> bool:
        return self.server_button.isChecked()

    def add_rows(self, form: QFormLayout, row: int) -> None:
        form.insertRow(row, self.mode_label, self)
        form.insertRow(row + 1, self.address_label, self.address)
        form.insertRow(row + 2, self.ca_label, self.ca_row)
        self._toggled(self.on)

    def set_server(self, on: bool) -> None:
        (self.server_button if on else self.local_button).setChecked(True)

    def retranslate(self) -> None:
        self.mode_label.setText(_("Open:"))
        self.local_button.setText(_("This &computer"))
        self.server_button.setText(_("&Office server"))
        self.local_button.setToolTip(_("The encrypted vault on this laptop."))
        self.server_button.setToolTip(
            _("Your office's shared server: cases are not kept on this laptop.")
        )
        self.address_label.setText(_("&Server:"))
        self.address.setPlaceholderText(_("e.g. office-server/casework"))
        self.address.setAccessibleName(_("Office server address"))
        self.ca_label.setText(_("CA &file:"))
        self.ca_button.setText(_("Choose…"))
        self.ca_button.setAccessibleName(_("Choose the office's CA file"))
        self.ca_shown.setText(isolate(self.ca_path) if self.ca_path else _(NO_CA))

    def _toggled(self, on: bool) -> None:
        for widget in (self.address, self.address_label, self.ca_row, self.ca_label):
            widget.setVisible(on)
        self.mode_changed.emit(on)

    def choose_ca_file(self) -> None:
        path, _filter = QFileDialog.getOpenFileName(
            self.window(),
            _("The office's CA file"),
            str(Path(self.ca_path).parent) if self.ca_path else "",
            _("Certificates (*.crt *.pem *.cer);;All files (*)"),
        )
        if path:
            self.set_ca_file(path)

    def set_ca_file(self, path: str) -> None:
        self.ca_path = path
        self.retranslate()

    def opener(self, username: str, password: str) -> Callable[[object], ServerStore]:
        """The background job that connects; raises a VaultError at once for a bad form."""
        from casework.store.server_connection import ServerAddress

        if not self.ca_path:
            raise VaultError(NO_CA)
        address = ServerAddress.parse(self.address.text(), self.ca_path)

        def work(_report: object) -> ServerStore:
            from casework.store.server import ServerStore

            if not address.ca_file.is_file():
                from casework.store.server_connection import NO_CA_FILE

                raise VaultError(NO_CA_FILE)
            store = ServerStore.open_at(address, username, password)
            try:  # what the window is built from, read here rather than on the window's thread
                from casework.ui.session_open import read_opening

                store.opening = read_opening(store)
            except BaseException:
                store.close()
                raise
            return store

        return work

    def remember(self) -> None:
        if self.on:
            remember(True, self.address.text().strip(), self.ca_path)
        else:
            remember(False)

"""Starting the desktop application: options, QApplication, language, log, then either the
first-run wizard (no vault yet) or the login window.

    python main.py [--vault PATH] [--lang en|fr] [--workshop]
"""

from __future__ import annotations

import argparse
import logging
import os
import sys
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path

from platformdirs import user_data_dir
from PySide6.QtCore import QObject, Qt
from PySide6.QtWidgets import QApplication, QMessageBox, QWidget

from casework.i18n import LANGUAGES, _, normalise_language, set_language
from casework.store.vault import Vault, is_vault
from casework.ui.first_run import FirstRunWizard
from casework.ui.pages import PageFactory, build_pages
from casework.ui.session import SessionController

log = logging.getLogger(__name__)


def default_vault_folder() -> Path:
    """The per-user data folder (e.g. ~/.local/share/Casework/vault)."""
    return Path(user_data_dir("Casework", appauthor=False)) / "vault"


@dataclass(frozen=True)
class Options:
    vault: Path
    lang: str | None
    workshop: bool


def parse_options(args: Sequence[str]) -> Options:
    parser = argparse.ArgumentParser(prog="casework", description="Casework")
    parser.add_argument("--vault", type=Path, default=None, help="vault folder")
    parser.add_argument("--lang", choices=sorted(LANGUAGES), default=None)
    parser.add_argument("--workshop", action="store_true", help="training mode (fictional data)")
    ns, _unknown = parser.parse_known_args(list(args))  # Qt options such as -platform pass on
    folder = (ns.vault or default_vault_folder()).expanduser()
    return Options(folder, ns.lang, ns.workshop)


def initial_language(options: Options) -> str:
    """--lang, else the last language used on this computer, else the system's."""
    from PySide6.QtCore import QLocale

    from casework.ui.settings import last_language

    if options.lang:
        return options.lang
    return normalise_language(last_language() or QLocale.system().name())


class Launcher(QObject):
    """What is on screen before a session: the first-run wizard, then the session controller."""

    def __init__(self, options: Options, pages: PageFactory = build_pages) -> None:
        super().__init__()
        self.options = options
        self.session = SessionController(options.vault, pages, self)
        self.session.login.closed.connect(self._cancelled)
        self.wizard: FirstRunWizard | None = None

    def start(self) -> None:
        first: QWidget
        if is_vault(self.options.vault):
            self.session.show_login()
            first = self.session.login
        else:
            self.wizard = FirstRunWizard(self.options.vault)
            self.wizard.vault_created.connect(self._created)
            self.wizard.rejected.connect(self._cancelled)
            self.wizard.show()
            first = self.wizard
        if self.options.workshop:
            # Hook for workshop mode (a later version): say so instead of failing.
            workshop_not_available(first)

    def _created(self, vault: Vault) -> None:
        wizard, self.wizard = self.wizard, None
        if wizard is not None:
            wizard.deleteLater()
        self.session.open_session(vault)

    def _cancelled(self) -> None:
        app = QApplication.instance()
        if app is not None:
            app.quit()


def workshop_not_available(parent: QWidget | None) -> QMessageBox:
    """Hook for workshop mode (training with fictional data), which comes in a later version."""
    box = QMessageBox(parent)
    box.setObjectName("workshopNotAvailable")
    box.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
    box.setIcon(QMessageBox.Icon.Information)
    box.setWindowTitle(_("Workshop mode"))
    box.setText(
        _(
            "Workshop mode (training with fictional data) is not available in this version "
            "yet. Casework opens your real vault instead."
        )
    )
    box.open()
    return box


def run(args: Sequence[str]) -> int:
    """Entry point of the desktop application; returns the exit code."""
    os.umask(0o077)
    options = parse_options(args)
    from casework.ui.errors import install_exception_hook
    from casework.ui.logs import setup_logging
    from casework.ui.retranslate import install_qt_translator

    app = QApplication.instance() or QApplication([sys.argv[0], *args])
    app.setOrganizationName("Casework")
    app.setApplicationName("Casework")
    app.setApplicationDisplayName("Casework")
    app.setQuitOnLastWindowClosed(False)
    setup_logging()
    log.info("starting")
    set_language(initial_language(options))
    install_qt_translator()
    install_exception_hook()
    launcher = Launcher(options)
    launcher.start()
    code = app.exec()
    launcher.session.shutdown()
    log.info("stopped")
    return int(code)

"""Starting the desktop application: options, QApplication, language, log, then either the
first-run wizard (no vault yet) or the login window.

    python main.py [--vault PATH] [--lang en|fr|ar] [--workshop]

`--workshop` opens the training vault of fictional data (`--vault`, else a "workshop" folder
beside the usual vault), making it first if needed; the login window and the wizard's first page
offer the same with a button.
"""

from __future__ import annotations

import logging
import os
import sys
from collections.abc import Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING

from platformdirs import user_data_dir
from PySide6.QtCore import QObject, Qt
from PySide6.QtWidgets import QApplication, QDialog, QMessageBox, QWidget

from casework.i18n import N_, _, normalise_language, set_language
from casework.store.paths import is_vault
from casework.ui.session import SessionController

if TYPE_CHECKING:
    from casework.store.vault import Vault
    from casework.ui.first_run import FirstRunWizard
    from casework.ui.pages import PageFactory

log = logging.getLogger(__name__)


def default_vault_folder() -> Path:
    """The per-user data folder (e.g. ~/.local/share/Casework/vault)."""
    return Path(user_data_dir("Casework", appauthor=False)) / "vault"


def default_workshop_folder() -> Path:
    """The training vault sits beside the real one, never inside it."""
    return default_vault_folder().parent / "workshop"


NOT_A_WORKSHOP = N_(
    "This folder holds a vault that was not made in workshop mode, so it opens as an ordinary "
    "vault: no training accounts and no fictional-data banner."
)


@dataclass(frozen=True)
class Options:
    vault: Path
    lang: str | None
    workshop: bool
    # Where "Workshop mode" opens or makes the training vault.
    workshop_folder: Path = field(default_factory=default_workshop_folder)


def parse_options(args: Sequence[str]) -> Options:
    from casework.desktop_options import desktop_parser

    ns, _unknown = desktop_parser().parse_known_args(
        list(args)
    )  # Qt options such as -platform pass on
    if ns.workshop:
        folder = (ns.vault or default_workshop_folder()).expanduser()
        return Options(folder, ns.lang, True, folder)
    folder = (ns.vault or default_vault_folder()).expanduser()
    return Options(folder, ns.lang, False)


def initial_language(options: Options) -> str:
    """--lang, else the last language used on this computer, else the system's."""
    from PySide6.QtCore import QLocale

    from casework.ui.settings import last_language

    if options.lang:
        return options.lang
    return normalise_language(last_language() or QLocale.system().name())


class Launcher(QObject):
    """What is on screen before a session: the first-run wizard, then the session controller."""

    def __init__(
        self, options: Options, pages: PageFactory | None = None, workshop_cases: int = 60
    ) -> None:
        super().__init__()
        self.options = options
        self.workshop_cases = workshop_cases  # tests make smaller workshop vaults
        self.session = SessionController(options.vault, pages, self)
        self.session.login.closed.connect(self._cancelled)
        self.session.login.workshop_requested.connect(self.open_workshop)
        self.wizard: FirstRunWizard | None = None
        self.progress: QWidget | None = None  # while the workshop vault is being made
        self.failure: QMessageBox | None = None
        self.language_dialog: QWidget | None = None  # asking the data language

    def start(self) -> None:
        if self.options.workshop:
            self.open_workshop()
        elif is_vault(self.options.vault) or self.session.login.server.on:
            self.session.show_login()  # the vault here, or the office server used last time
        else:
            # Only a first run needs the wizard (and zxcvbn, Babel's locale data): imported here,
            # not before the login window of an existing vault.
            from casework.ui.first_run import FirstRunWizard

            self.wizard = FirstRunWizard(self.options.vault)
            self.wizard.vault_created.connect(self._created)
            self.wizard.rejected.connect(self._cancelled)
            self.wizard.workshop_requested.connect(self.open_workshop)
            self.wizard.server_requested.connect(self.open_server_login)
            self.wizard.show()

    def open_workshop(self, language: str | None = None) -> None:
        """Show the login window of the workshop vault, making the vault first if needed, its
        data in `language` (`--lang` with `--workshop`, else the trainer is asked)."""
        from casework.ui.errors import show_error, user_message
        from casework.ui.workshop import (
            DataLanguageDialog,
            create_workshop_vault,
            is_workshop_folder,
        )

        if self.progress is not None or self.session.vault is not None:
            return
        folder = self.options.workshop_folder
        if is_vault(folder):
            self._show_workshop_login(folder)
            if not is_workshop_folder(folder):
                notice = QMessageBox(self.session.login)
                notice.setObjectName("notAWorkshop")
                notice.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
                notice.setIcon(QMessageBox.Icon.Information)
                notice.setWindowTitle(_("Workshop mode"))
                notice.setText(_(NOT_A_WORKSHOP))
                notice.open()
            return
        parent: QWidget | None = self.wizard
        if parent is None and self.session.login.isVisible():
            parent = self.session.login
        if language is None and self.options.workshop and self.options.lang:
            language = self.options.lang
        if language is None:
            if self.language_dialog is not None:
                return
            dialog = DataLanguageDialog(parent)
            dialog.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
            self.language_dialog = dialog
            dialog.chosen.connect(self.open_workshop)
            dialog.finished.connect(self._language_answered)
            dialog.open()
            return
        finished = False

        def done(_info: object) -> None:
            nonlocal finished
            finished = True
            self.progress = None
            self._show_workshop_login(folder)

        def failed(exc: BaseException) -> None:
            nonlocal finished
            finished = True
            self.progress = None
            log.info("workshop vault not made: %s", type(exc).__name__)
            if parent is not None:
                show_error(parent, exc)
                return
            # Nothing else is on screen: the message is the last window, then Casework quits.
            box = QMessageBox()
            box.setObjectName("workshopFailed")
            box.setIcon(QMessageBox.Icon.Warning)
            box.setWindowTitle(_("Casework"))
            box.setText(user_message(exc))
            box.finished.connect(self._cancelled)
            box.open()
            self.failure = box

        dialog, _job = create_workshop_vault(
            parent, folder, done, failed, cases=self.workshop_cases, language=language
        )
        if not finished:
            self.progress = dialog

    def _language_answered(self, result: int) -> None:
        self.language_dialog = None
        nothing_shown = self.wizard is None and not self.session.login.isVisible()
        if result != QDialog.DialogCode.Accepted and nothing_shown:
            self._cancelled()  # started with --workshop and the trainer said no

    def _show_workshop_login(self, folder: Path) -> None:
        self._close_wizard()
        self.session.set_folder(folder)
        self.session.show_login()

    def open_server_login(self) -> None:
        """No vault on this laptop: the login window, on the office server."""
        self._close_wizard()
        self.session.login.server.set_server(True)
        self.session.show_login()

    def _close_wizard(self) -> None:
        wizard, self.wizard = self.wizard, None
        if wizard is not None:
            wizard.rejected.disconnect(self._cancelled)
            wizard.close()
            wizard.deleteLater()

    def _created(self, vault: Vault) -> None:
        wizard, self.wizard = self.wizard, None
        if wizard is not None:
            wizard.deleteLater()
        self.session.open_session(vault)

    def _cancelled(self) -> None:
        app = QApplication.instance()
        if app is not None:
            app.quit()


# Loaded on a thread while the user types the password, so the first unlock does not pay for
# them; none of them creates a Qt object.
WARM_MODULES = (
    "casework.store.vault",
    "casework.services.context",
    # SQLAlchemy's SQLite dialect, loaded by the vault's first engine (about 20 ms of CPU, in the
    # first unlock's own job otherwise).
    "sqlalchemy.dialects.sqlite",
    # The key slots' cryptography backend (about 6 ms before the key derivation begins).
    "cryptography.hazmat.backends.openssl",
    "casework.services.cases",
    "casework.services.case_list",
    "casework.services.referrals",
    "casework.services.plans",
    "casework.services.directory",
    "casework.services.users",
    "casework.services.drafts",
    # Not Alembic: an unlock needs it only for a vault whose schema is not the app's head
    # (store/schema.py, `at_head`); loaded, it would hold about 11 MB for the whole session.
    # The main window and the first page (class definitions only: no widget is made here).
    "casework.ui.main_window",
    "casework.ui.cases",
    # The other pages are built when first chosen; their modules are not: imported on the
    # first click they cost about 50 ms of CPU (Statistics: its services, the summary-cell
    # tables) or 20 ms (Directory), which the user would wait for once per start.
    "casework.ui.tasks_screen",
    "casework.ui.directory",
    "casework.ui.statistics_screen",
    "casework.ui.admin",
)


def preload() -> None:
    """Import what an unlock needs and set up the ORM mappers (~0.3 s saved on first unlock)."""
    import importlib

    for name in WARM_MODULES:
        try:
            importlib.import_module(name)
        except Exception:  # noqa: BLE001 - a failure shows up again, properly, when used
            log.warning("could not preload %s", name)
    try:
        from casework.store import schema

        schema.plain_head()  # the head revision, read once from the migration files
    except Exception:  # noqa: BLE001
        log.warning("could not read the migration scripts early")
    try:
        from sqlalchemy.orm import configure_mappers

        import casework.model

        casework.model.User  # noqa: B018 - resolving one class loads every mapped class
        configure_mappers()
    except Exception:  # noqa: BLE001
        log.warning("could not configure mappers early")


# The preload starts once the login window has had its first frame: it holds the GIL for most of
# half a second, which would otherwise slow the window's own construction and first paint. The
# user takes seconds to type a password; the preload needs about 0.5 s of CPU.
PRELOAD_DELAY_MS = 100


def _warm_imports() -> None:
    import threading

    threading.Thread(target=preload, name="preload", daemon=True).start()


def _warm_imports_later() -> None:
    from PySide6.QtCore import QTimer

    # Counted from the event loop's first turn, not from now: on a loaded machine starting the
    # loop and painting the window can take longer than the delay, and a timer armed before
    # `exec()` then fired before the window was on screen (seen in CI).
    QTimer.singleShot(0, lambda: QTimer.singleShot(PRELOAD_DELAY_MS, _warm_imports))


# What the login window does not need: loaded after the password is typed, or by the preload.
HEAVY_MODULES = (
    "sqlalchemy",
    "alembic",
    "reportlab",
    "babel",
    "zxcvbn",
    "nacl",
    "sqlcipher3",
    "casework.services",
    "casework.store.vault",
    "casework.store.schema",
    "casework.model.base",
    "casework.store.engine",
    "casework.store.keyslots",
    "casework.reports",
    "casework.ui.main_window",
    "casework.ui.first_run",
    "casework.ui.pages",
    "casework.ui.cases",
    "casework.ui.memory",  # ctypes and subprocess: needed once a session locks
)


def _quit_when_shown(app: QApplication) -> None:
    """For tests/perf/bench.py: report once the first window is on screen, then quit."""
    from PySide6.QtCore import QTimer

    def report() -> None:
        import time

        # CPU since process start (wall time swings with the machine's load), and which of the
        # modules an unlock needs were already loaded: none should be (tests/ui/test_startup.py).
        heavy = sorted(name for name in sys.modules if name.startswith(HEAVY_MODULES))
        app.quit()
        sys.stdout.write(
            f"casework-bench: login shown, cpu {time.process_time():.3f} s\n"
            f"casework-bench: heavy modules loaded: {' '.join(heavy) or '-'}\n"
        )
        sys.stdout.flush()

    QTimer.singleShot(0, report)


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
    if os.environ.get("CASEWORK_BENCH_QUIT_WHEN_SHOWN") == "1":
        _quit_when_shown(app)
    _warm_imports_later()
    code = app.exec()
    launcher.session.shutdown()
    log.info("stopped")
    end_quickly()
    return int(code)


def end_quickly() -> None:
    """The process ends now: nothing is left open (the session is shut down, the vault closed
    and its key wiped). Python's finalisation would otherwise walk every object of Qt's and the
    app's modules with the cycle collector, several times over (65-90 ms of CPU at every exit
    from the login window); frozen, they are left to the operating system. Objects still freed
    by their reference counts are freed as before, and the `atexit` handlers (the log's flush,
    temporary folders) still run."""
    import gc

    gc.freeze()

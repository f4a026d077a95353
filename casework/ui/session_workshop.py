"""A trainer's workshop reset, the session controller's part (`SessionController` mixes it in).

The session ends as for a lock; a vault's pristine snapshot is put back in a background job
(milliseconds) while the login window shows progress; an office server resets itself
(`casework_workshop_reset()`). Then the login window returns, empty, with a notice.
"""

from __future__ import annotations

import logging
from typing import TYPE_CHECKING, Any

from casework.i18n import N_
from casework.ui.background import run_in_background

if TYPE_CHECKING:
    from casework.services.context import ServiceContext
    from casework.store.vault import Vault
    from casework.ui.login import LoginWindow
    from casework.ui.main_window import MainWindow

log = logging.getLogger(__name__)

WORKSHOP_RESET = N_(
    "The workshop was reset: every change made during the session is gone. Log in with a "
    "training account."
)


class WorkshopReset:
    """Mixed into SessionController, which provides these."""

    vault: Vault | None
    ctx: ServiceContext | None
    window: MainWindow | None
    login: LoginWindow
    workshop: bool
    workshop_reset: Any  # Signal()
    _last_user: str
    _last_page: str

    def _end_session(self) -> None:  # pragma: no cover - provided by SessionController
        raise NotImplementedError

    def show_login(self) -> None:  # pragma: no cover - provided by SessionController
        raise NotImplementedError

    def reset_workshop(self, language: str = "") -> None:
        """End the session and put the workshop vault back as it was made (trainer only), its
        data in `language` (default: as it is)."""
        from casework.model.enums import Role
        from casework.workshop.remake import reset_to_language

        if self.vault is None or self.ctx is None or not self.workshop:
            return
        if Role.ADMINISTRATOR not in self.ctx.actor.roles:
            log.info("workshop reset refused: not an administrator")
            return
        folder = self.vault.folder
        if folder is None:  # a workshop on an office server: the server resets itself
            from casework.ui.workshop_server import reset_on_server

            assert self.window is not None
            reset_on_server(self.window, self.ctx, self._after_server_reset)
            return
        self._end_session()
        self._last_user = ""
        self._last_page = ""
        self.login.prefill("", locked=False)
        self.login.set_busy(True)
        self.show_login()
        log.info("resetting the workshop")

        def done(_result: object) -> None:
            self.login.set_busy(False)
            self.login.prefill("", notice=WORKSHOP_RESET)
            log.info("workshop reset")
            self.workshop_reset.emit()

        def failed(exc: BaseException) -> None:
            from casework.ui.errors import show_error

            self.login.set_busy(False)
            show_error(self.login, exc)

        run_in_background(
            self.login,
            lambda report: reset_to_language(folder, language, report),
            done,
            failed,
            progress=self.login.show_progress,
        )

    def _after_server_reset(self) -> None:
        """The server put its workshop back: the session ends as after a vault's reset."""
        self._end_session()
        self._last_user = ""
        self._last_page = ""
        self.login.prefill("", notice=WORKSHOP_RESET)
        self.show_login()
        log.info("workshop reset")
        self.workshop_reset.emit()

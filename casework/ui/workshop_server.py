"""The trainer's reset of a workshop on an office server, from the main window: the server puts
its pristine copy back itself (workshop/server_reset.py), off the UI thread; the session ends
once it has. The data stay in the language they were made in."""

from __future__ import annotations

import logging
from collections.abc import Callable

from PySide6.QtWidgets import QWidget

from casework.services.context import ServiceContext
from casework.ui.background import run_in_background

log = logging.getLogger(__name__)


def reset_on_server(window: QWidget, ctx: ServiceContext, finished: Callable[[], None]) -> None:
    from casework.workshop.server_reset import reset_server_workshop

    log.info("resetting the workshop on the server")

    def failed(exc: BaseException) -> None:
        from casework.ui.errors import show_error

        show_error(window, exc)

    run_in_background(
        window, lambda _report: reset_server_workshop(ctx), lambda _r: finished(), failed
    )

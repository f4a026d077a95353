"""Which pages the main window shows, for whom.

The Cases, Referrals, Directory and Pathways screens are built separately; each is imported when
it exists, so the shell runs while they are being written. A page a role may not use is not built
at all (administrators get no Cases page, caseworkers no Administration page).
"""

from __future__ import annotations

import importlib
import logging
from collections.abc import Callable

from casework.services.context import ServiceContext
from casework.services.permissions import Permission
from casework.ui.screen import Screen

log = logging.getLogger(__name__)

P = Permission
PageFactory = Callable[[ServiceContext], list[Screen]]


def _case_work(ctx: ServiceContext) -> bool:
    return ctx.actor.can(P.VIEW_ASSIGNED_CASES) or ctx.actor.can(P.VIEW_ALL_CASES)


def _directory(ctx: ServiceContext) -> bool:
    return _case_work(ctx) or ctx.actor.can(P.MANAGE_DIRECTORY)


def _administration(ctx: ServiceContext) -> bool:
    return any(ctx.actor.can(p) for p in (P.MANAGE_USERS, P.BACKUP, P.READ_AUDIT))


# (module, class name, who may use it), in navigation order.
PAGES: tuple[tuple[str, str, Callable[[ServiceContext], bool]], ...] = (
    ("casework.ui.cases", "CasesScreen", _case_work),
    ("casework.ui.tasks_screen", "TasksScreen", _case_work),
    ("casework.ui.referrals", "ReferralsScreen", _case_work),
    ("casework.ui.directory", "DirectoryScreen", _directory),
    ("casework.ui.directory", "PathwaysScreen", _directory),
    ("casework.ui.statistics_screen", "StatisticsScreen", lambda ctx: ctx.actor.can(P.STATISTICS)),
    ("casework.ui.admin", "AdminScreen", _administration),
)


def screen_class(module: str, name: str) -> type[Screen] | None:
    """The screen class, or None while it has not been written yet."""
    try:
        cls = getattr(importlib.import_module(module), name)
    except (ImportError, AttributeError):
        log.info("page %s.%s not available", module, name)
        return None
    except Exception as exc:  # noqa: BLE001 - a page being written must not stop the app
        log.error("page %s.%s failed to import: %s", module, name, type(exc).__name__)
        return None
    return cls if isinstance(cls, type) and issubclass(cls, Screen) else None


def allowed_pages(ctx: ServiceContext) -> list[tuple[str, str]]:
    """(module, class name) of every page this user's roles allow, in navigation order."""
    return [(module, name) for module, name, allowed in PAGES if allowed(ctx)]


def build_pages(ctx: ServiceContext) -> list[Screen]:
    """The pages this user may use, built for their context."""
    pages: list[Screen] = []
    for module, name in allowed_pages(ctx):
        cls = screen_class(module, name)
        if cls is not None:
            pages.append(cls(ctx))
    return pages

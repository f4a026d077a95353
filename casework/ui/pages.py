"""Which pages the main window shows, for whom, and when they are built.

A page a role may not use is not built at all (administrators get no Cases page, caseworkers no
Administration page). A page the user may use is built when first shown (Frescobaldi's panels):
the navigation lists titles from this registry, and `PageSpec.build()` imports and constructs
the screen only once it is opened, so unlocking costs the first page only.
"""

from __future__ import annotations

import importlib
import importlib.util
import logging
from collections.abc import Callable
from dataclasses import dataclass

from casework.i18n import N_, _
from casework.services.context import ServiceContext
from casework.services.permissions import Permission
from casework.ui.screen import Screen

log = logging.getLogger(__name__)

P = Permission


@dataclass(frozen=True)
class PageSpec:
    """A page not built yet: its navigation title and how to build it."""

    module: str
    name: str  # the screen's class name, also the page's key (drafts, last page)
    title_msgid: str

    def title(self) -> str:
        return _(self.title_msgid)

    def build(self, ctx: ServiceContext, showing: bool = False) -> Screen | None:
        """The screen; `showing`: it is built to be shown at once (chosen in the navigation),
        so its first load may start before its widgets are made (`Screen.load_early`)."""
        cls = screen_class(self.module, self.name)
        if cls is None:
            return None
        early = cls.load_early(ctx) if showing else None
        screen = cls(ctx)
        if early is not None:
            screen.loaded_early(early)
        return screen


# A factory gives the pages in navigation order: built screens or specs built when first shown.
PageFactory = Callable[[ServiceContext], "list[Screen | PageSpec]"]


def _case_work(ctx: ServiceContext) -> bool:
    return ctx.actor.can(P.VIEW_ASSIGNED_CASES) or ctx.actor.can(P.VIEW_ALL_CASES)


def _directory(ctx: ServiceContext) -> bool:
    return _case_work(ctx) or ctx.actor.can(P.MANAGE_DIRECTORY)


def _partners(ctx: ServiceContext) -> bool:
    return _directory(ctx) or ctx.actor.can(P.VERIFY_PARTNERS)


def _administration(ctx: ServiceContext) -> bool:
    return any(ctx.actor.can(p) for p in (P.MANAGE_USERS, P.BACKUP, P.READ_AUDIT))


# (module, class name, navigation title, who may use it), in navigation order. The title is the
# one the screen's own `title()` returns.
PAGES: tuple[tuple[str, str, str, Callable[[ServiceContext], bool]], ...] = (
    ("casework.ui.cases", "CasesScreen", N_("Cases"), _case_work),
    ("casework.ui.tasks_screen", "TasksScreen", N_("My tasks"), _case_work),
    ("casework.ui.referrals", "ReferralsScreen", N_("Referrals"), _case_work),
    ("casework.ui.directory", "DirectoryScreen", N_("Service directory"), _directory),
    ("casework.ui.directory", "PathwaysScreen", N_("Pathways"), _directory),
    ("casework.ui.exchange", "PartnersScreen", N_("Partners"), _partners),
    (
        "casework.ui.statistics_screen",
        "StatisticsScreen",
        N_("Statistics"),
        lambda ctx: ctx.actor.can(P.STATISTICS),
    ),
    ("casework.ui.admin", "AdminScreen", N_("Administration"), _administration),
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
    return [(module, name) for module, name, _title, allowed in PAGES if allowed(ctx)]


def build_pages(ctx: ServiceContext) -> list[Screen | PageSpec]:
    """The pages this user may use, each built when first shown."""
    return [
        PageSpec(module, name, title)
        for module, name, title, allowed in PAGES
        if allowed(ctx) and _importable(module, name)
    ]


def _importable(module: str, name: str) -> bool:
    """Whether the page's module exists, without importing it (that is the page's first open)."""
    try:
        return importlib.util.find_spec(module) is not None
    except (ImportError, ValueError):
        return False

"""The trainer's reset of a workshop on an office server (the vault's is reset.py): the server
puts its pristine copy back itself (store/server_workshop.py); the app only asks, as the
trainer, and the session ends as after a vault's reset."""

from __future__ import annotations

from sqlalchemy.exc import DBAPIError

from casework.errors import PermissionDenied
from casework.services.context import ServiceContext
from casework.services.permissions import Permission
from casework.store import server_workshop
from casework.workshop.reset import NoPristineCopy


def reset_server_workshop(ctx: ServiceContext) -> None:
    """Put the server's workshop data back as it was made (administrators: the trainer)."""
    ctx.require(Permission.MANAGE_USERS)
    try:
        with ctx.vault.write() as s:
            server_workshop.reset(s.connection())
    except DBAPIError as exc:
        state = getattr(exc.orig, "sqlstate", "")
        if state == "42501":
            raise PermissionDenied() from None
        if state in (server_workshop.NOT_A_WORKSHOP, "42883"):  # not marked, or no copy made
            raise NoPristineCopy() from None
        raise

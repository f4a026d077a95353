"""Staff users: accounts, roles, passwords (key slots) and per-user settings."""

from __future__ import annotations

import re
from dataclasses import dataclass

from sqlalchemy import select
from sqlalchemy.orm import Session

from casework.errors import NotFound, PermissionDenied, ValidationError, WrongCredentials
from casework.i18n import N_
from casework.model import User, UserRole, UserSetting
from casework.model.enums import Role
from casework.services import limits
from casework.services.context import ServiceContext, user_by_name
from casework.services.permissions import Permission
from casework.store import passwords
from casework.store.keyslots import normalise_username

_USERNAME = re.compile(r"^[\w.@-]{2,80}$", re.UNICODE)


@dataclass(frozen=True)
class UserRow:
    id: int
    username: str
    display_name: str
    roles: tuple[Role, ...]
    active: bool
    language: str


def _row(user: User) -> UserRow:
    roles = tuple(r for r in Role if r in user.role_set)
    return UserRow(user.id, user.username, user.display_name, roles, user.active, user.language)


def _validate(username: str, display_name: str, roles: set[Role]) -> None:
    limits.check({"display_name": display_name.strip()})  # before any key slot is written
    errors: dict[str, str] = {}
    if not _USERNAME.match(normalise_username(username)):
        errors["username"] = N_(
            "Use 2 to 80 letters, digits, dots, dashes or underscores, without spaces."
        )
    if not display_name.strip():
        errors["display_name"] = N_("Enter the name shown to colleagues.")
    if not roles:
        errors["roles"] = N_("Choose at least one role.")
    if errors:
        raise ValidationError(errors)


MAX_ORGANISATION = 200


def validate_new_vault(organisation: str, admin_username: str, country: str = "") -> str:
    """What a new vault is made from, checked as a new user is (first-run and `init` alike);
    returns the country code in capitals ("" when none was given)."""
    from casework.model.geography import COUNTRIES

    errors: dict[str, str] = {}
    org = organisation.strip()
    if not org or len(org) > MAX_ORGANISATION or not org.isprintable():
        errors["organisation"] = N_(
            "Enter the organisation's name (at most 200 characters, no control characters)."
        )
    if not _USERNAME.match(normalise_username(admin_username)):
        errors["admin"] = N_(
            "Use 2 to 80 letters, digits, dots, dashes or underscores, without spaces."
        )
    code = country.strip().upper()
    known = {c for codes in COUNTRIES.values() for c in codes}
    if code and code not in known:
        errors["country"] = N_("Use a two-letter country code of the list, e.g. KE.")
    if errors:
        raise ValidationError(errors)
    return code


def list_users(ctx: ServiceContext, include_inactive: bool = False) -> list[UserRow]:
    """All staff (names are needed to pick caseworkers); anyone logged in may read this."""
    with ctx.read() as s:
        query = select(User).order_by(User.display_name)
        if not include_inactive:
            query = query.where(User.active.is_(True))
        return [_row(u) for u in s.scalars(query)]


def find_active(ctx: ServiceContext, username: str) -> UserRow | None:
    """An active user by name, normalised as the key slots normalise it."""
    with ctx.read() as s:
        user = user_by_name(s, username)
        return _row(user) if user is not None and user.active else None


def caseworkers(ctx: ServiceContext) -> list[UserRow]:
    return [u for u in list_users(ctx) if Role.CASEWORKER in u.roles or Role.SUPERVISOR in u.roles]


def get_user(ctx: ServiceContext, user_id: int) -> UserRow:
    with ctx.read() as s:
        user = s.get(User, user_id)
        if user is None:
            raise NotFound()
        return _row(user)


def create_user(
    ctx: ServiceContext,
    username: str,
    display_name: str,
    roles: set[Role],
    password: str,
    language: str = "en",
) -> int:
    ctx.require(Permission.MANAGE_USERS)
    _validate(username, display_name, roles)
    name = normalise_username(username)
    with ctx.read() as s:
        if user_by_name(s, name) is not None or ctx.vault.has_slot(name):
            raise ValidationError({"username": N_("This user name is already taken.")})
    passwords.check(password, (name, display_name))
    with ctx.write() as uow:
        user = User(username=name, display_name=display_name.strip(), language=language)
        user.roles = [UserRole(role=r) for r in sorted(roles)]
        uow.session.add(user)
        uow.session.flush()
        uow.audit("user.created", "user", user.id, roles=sorted(r.value for r in roles))
        # The slot is written last: if it cannot be written, the transaction rolls back.
        ctx.vault.set_password(
            name, password, (display_name,), administrator=Role.ADMINISTRATOR in roles
        )
        return user.id


def update_user(
    ctx: ServiceContext, user_id: int, display_name: str, roles: set[Role], language: str
) -> None:
    ctx.require(Permission.MANAGE_USERS)
    with ctx.write() as uow:
        user = uow.session.get(User, user_id)
        if user is None:
            raise NotFound()
        _validate(user.username, display_name, roles)
        if user.id == ctx.actor.user_id and Role.ADMINISTRATOR not in roles:
            raise ValidationError({"roles": N_("You cannot remove your own administrator role.")})
        before = user.role_set
        user.display_name = display_name.strip()
        user.language = language
        for role_row in list(user.roles):
            if role_row.role not in roles:
                user.roles.remove(role_row)
        for role in roles - before:
            user.roles.append(UserRole(role=role))
        uow.audit(
            "user.updated",
            "user",
            user.id,
            roles=sorted(r.value for r in roles),
        )
    ctx.refresh_actor()


def deactivate_user(ctx: ServiceContext, user_id: int) -> None:
    """Remove a user's access: the key slot is deleted and the database re-keyed, so nothing
    they held (password, an old copy of the folder's key slots) opens it; the row stays for the
    audit trail. The re-key comes first and needs no open transaction; if the write after it
    fails, the slot is gone anyway (the safe side) and removing again finishes the job."""
    ctx.require(Permission.MANAGE_USERS)
    if user_id == ctx.actor.user_id:
        raise PermissionDenied(N_("You cannot remove your own account."))
    with ctx.read() as s:
        user = s.get(User, user_id)
        if user is None:
            raise NotFound()
        _refuse_last_admin(s, user)
        username = user.username
    ctx.vault.revoke(username)
    with ctx.write() as uow:
        user = uow.session.get(User, user_id)
        if user is None:
            raise NotFound()
        user.active = False
        uow.audit("user.removed", "user", user.id)


def _refuse_last_admin(session: Session, user: User) -> None:
    admins = session.scalars(
        select(UserRole).join(User).where(UserRole.role == Role.ADMINISTRATOR, User.active)
    ).all()
    if Role.ADMINISTRATOR in user.role_set and len(admins) <= 1:
        raise PermissionDenied(N_("The last administrator cannot be removed."))


def change_own_password(ctx: ServiceContext, old_password: str, new_password: str) -> None:
    if ctx.actor.user_id is None:
        raise PermissionDenied()
    name = ctx.actor.username
    try:
        ctx.vault.slots.unwrap_with_password(name, passwords.encode(old_password), ctx.vault.policy)
    except WrongCredentials:
        raise ValidationError(
            {"old_password": N_("The current password is not correct.")}
        ) from None
    if old_password == new_password:
        raise ValidationError({"new_password": N_("Choose a password you have not used here.")})
    with ctx.write() as uow:
        uow.audit("user.password_changed", "user", ctx.actor.user_id)
        ctx.vault.set_password(name, new_password, (ctx.actor.display_name,))


def reset_password(ctx: ServiceContext, user_id: int, new_password: str) -> None:
    """An administrator's reset re-keys the database: the old password, perhaps compromised,
    opens nothing any more, not even an old copy of the key slots."""
    ctx.require(Permission.MANAGE_USERS)
    with ctx.read() as s:
        user = s.get(User, user_id)
        if user is None or not user.active:
            raise NotFound()
        username, display_name = user.username, user.display_name
        administrator = Role.ADMINISTRATOR in user.role_set
    ctx.vault.reset_password(username, new_password, (display_name,), administrator=administrator)
    with ctx.write() as uow:
        uow.audit("user.password_reset", "user", user_id)


# --- per-user settings (window geometry, columns, zoom) ----------------------------------------


def get_setting(ctx: ServiceContext, key: str, default: str = "") -> str:
    if ctx.actor.user_id is None:
        return default
    with ctx.read() as s:
        row = s.scalar(
            select(UserSetting).where(
                UserSetting.user_id == ctx.actor.user_id, UserSetting.key == key
            )
        )
        return row.value if row else default


def set_setting(ctx: ServiceContext, key: str, value: str) -> None:
    """Preferences are not audited: they say nothing about any client."""
    user_id = ctx.actor.user_id
    if user_id is None:
        return

    def store(s: Session) -> None:
        row = s.scalar(
            select(UserSetting).where(UserSetting.user_id == user_id, UserSetting.key == key)
        )
        if row is None:
            s.add(UserSetting(user_id=user_id, key=key, value=value))
        else:
            row.value = value

    # Never waits for the vault's page check running after unlock (the language chosen at
    # login is stored then): queued until it passes, dropped if it finds damage.
    ctx.vault.write_soon(store)

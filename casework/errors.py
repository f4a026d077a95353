"""Typed errors that carry an untranslated message and its parameters.

The message is translated when shown (`str(error)` uses the active language, `error.message(lang)`
another), so a refusal raised in a worker thread still reads right after a language switch.
"""

from __future__ import annotations

import contextlib
import datetime as dt

from casework.i18n import N_, translator


class CaseworkError(Exception):
    """Base of every error a user may see. Never carries personal data in its message."""

    default_message = N_("Something went wrong.")

    def __init__(self, message: str | None = None, **params: object) -> None:
        self.msgid = message or self.default_message
        self.params = params
        super().__init__(self.msgid)

    def message(self, lang: str | None = None) -> str:
        from casework.i18n import current_language

        lang = lang or current_language()
        text = translator(lang).gettext(self.msgid)
        try:
            return text.format(**{k: _param(v, lang) for k, v in self.params.items()})
        except (KeyError, IndexError, ValueError):
            return text

    def __str__(self) -> str:
        return self.message()


def _param(value: object, lang: str) -> object:
    """Enum values in a message are shown by their translated label."""
    from enum import StrEnum

    if isinstance(value, StrEnum):
        from casework.model.labels import label

        return label(value, lang)
    return value


# --- vault -----------------------------------------------------------------------------------


class VaultError(CaseworkError):
    default_message = N_("The vault could not be opened.")


class NotAVault(VaultError):
    default_message = N_("This folder does not contain a Casework vault.")


class VaultExists(VaultError):
    default_message = N_(
        "A vault already exists in this folder. Choose an empty folder; nothing was overwritten."
    )


class KeyslotsDamaged(VaultError):
    default_message = N_(
        "The vault's key file (keyslots.json) is missing or damaged. Nothing was changed. "
        "Restore it from the latest backup."
    )


class VaultTooNew(VaultError):
    default_message = N_(
        "This vault was made by a newer version of Casework. Install the newer version to "
        "open it; nothing was changed."
    )


class WrongCredentials(VaultError):
    # One message for unknown user and wrong password, so a guesser learns nothing about names.
    default_message = N_("The user name or password is not correct.")


class WrongRecoveryKey(VaultError):
    default_message = N_("The recovery key is not correct.")


class TooManyAttempts(VaultError):
    default_message = N_("Too many wrong passwords for this user. Try again in {seconds} seconds.")


class WeakKdfParameters(VaultError):
    default_message = N_(
        "A key slot uses key-derivation settings below the minimum and was refused."
    )


class VaultDamaged(VaultError):
    default_message = N_(
        "The vault file is damaged: the integrity check found damaged pages ({pages}). "
        "Nothing was written. Restore the latest backup into a new folder with "
        "'casework restore'."
    )


class BackupError(VaultError):
    default_message = N_("The backup file is not a Casework backup or is damaged.")


class OutputInVault(CaseworkError):
    default_message = N_(
        "This file would be written inside a vault folder or over a file of an open vault. "
        "Nothing was written: choose a folder outside the vault."
    )


class BackupTampered(BackupError):
    default_message = N_(
        "The backup file was changed after it was written (its authentication failed). Nothing "
        "was restored. Use another copy of the backup."
    )


class RestoredVaultUnusable(BackupError):
    default_message = N_(
        "The restored copy did not pass its checks, so it was removed and nothing was left "
        "behind. Use another backup."
    )


class WeakPassword(CaseworkError):
    default_message = N_("This password is too easy to guess.")

    def __init__(
        self, message: str | None = None, feedback: list[str] | None = None, **params: object
    ) -> None:
        super().__init__(message, **params)
        self.feedback = feedback or []


# --- services --------------------------------------------------------------------------------


class PermissionDenied(CaseworkError):
    default_message = N_("You do not have permission to do this.")

    # Set by the service context for the audit trail's record of the refusal (codes and ids,
    # never personal data); see casework/services/context.py.
    refused_permission: str = ""
    refused_record: tuple[str, int | None] = ("", None)
    refusal_audited: bool = False


class NotFound(CaseworkError):
    default_message = N_("The record was not found.")


class TransitionRefused(CaseworkError):
    default_message = N_("This step is not possible in the record's current state.")


class ConcurrentEditError(CaseworkError):
    """A save refused because a colleague (or another window) changed the record since the
    form loaded it (optimistic concurrency). Carries who changed it and when, their version of
    the fields (`theirs`, by the service's field names) and the record's current `version`, so
    the form can show both versions and save deliberately over theirs. Without a name and a time
    (a write that passed no version met a newer row) it says so plainly."""

    default_message = N_(
        "Changed by {name} at {time} while you were editing. Nothing was saved: compare the "
        "two versions, then reload theirs or overwrite it with yours."
    )
    unknown_message = N_(
        "Someone else saved this record while you were editing it. Nothing was saved: reload "
        "it and make your change again."
    )

    def __init__(
        self,
        name: str,
        at: object,
        theirs: dict[str, object],
        version: int,
        entity: str = "",
    ) -> None:
        known = isinstance(at, dt.datetime)
        super().__init__(None if known else self.unknown_message, name=name)
        self.name = name
        self.at = at
        self.theirs = theirs
        self.version = version
        self.entity = entity

    def message(self, lang: str | None = None) -> str:
        from casework.i18n import current_language, format_datetime

        lang = lang or current_language()
        if not isinstance(self.at, dt.datetime):
            return translator(lang).gettext(self.msgid)
        when = format_datetime(self.at.astimezone(), "short", lang)
        name = self.name or translator(lang).gettext(N_("someone"))
        return translator(lang).gettext(self.msgid).format(name=name, time=when)


class ValidationError(CaseworkError):
    """Bad input: carries per-field messages so a form can show them inline."""

    default_message = N_("Please correct the highlighted fields.")

    def __init__(
        self,
        fields: dict[str, str] | None = None,
        message: str | None = None,
        field_params: dict[str, dict[str, object]] | None = None,
        **params: object,
    ) -> None:
        super().__init__(message, **params)
        self.fields = fields or {}
        # Placeholders of a field's message ({limit}), filled in after translating it.
        self.field_params = field_params or {}

    def field_messages(self, lang: str | None = None) -> dict[str, str]:
        from casework.i18n import current_language

        tr = translator(lang or current_language())
        out = {}
        for name, msg in self.fields.items():
            text = tr.gettext(msg)
            if name in self.field_params:
                with contextlib.suppress(KeyError, IndexError, ValueError):
                    text = text.format(**self.field_params[name])
            out[name] = text
        return out


class ReadOnlyVault(CaseworkError):
    default_message = N_("The vault is read-only because it is damaged; nothing can be saved.")

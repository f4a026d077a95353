"""Errors of the exchange: each says what is wrong with a file and that nothing was written."""

from __future__ import annotations

from casework.errors import CaseworkError
from casework.i18n import N_


class ExchangeError(CaseworkError):
    default_message = N_("This file cannot be imported. Nothing was changed.")


class TooLarge(ExchangeError):
    default_message = N_(
        "This file is too large to be a Casework exchange file ({size} bytes, at most {limit}). "
        "It was not read; nothing was changed."
    )


class NotAnExchangeFile(ExchangeError):
    default_message = N_(
        "This is not a Casework exchange file, or it was cut short or damaged on the way. "
        "Nothing was changed. Ask the sender for the file again."
    )


class WrongVersion(ExchangeError):
    default_message = N_(
        "This file was made by a version of Casework that uses exchange format {version}, which "
        "this version cannot read. Nothing was changed."
    )


class NotForUs(ExchangeError):
    default_message = N_(
        "This file is addressed to another organisation (key {key}), not to yours. "
        "Nothing was changed."
    )


class Tampered(ExchangeError):
    default_message = N_(
        "This file was changed after it was sealed, or it was damaged: it cannot be trusted. "
        "Nothing was changed. Ask the sender to send it again."
    )


class UnknownSender(ExchangeError):
    default_message = N_(
        "This file is signed by an organisation whose card is not imported here. Its key's "
        "fingerprint is {fingerprint}. Import the sender's organisation card and compare this "
        "fingerprint with them by phone or in person. Nothing was changed."
    )


class BadCard(ExchangeError):
    default_message = N_(
        "This is not a valid organisation card, or it was changed after it was made. "
        "Nothing was changed."
    )


class Replayed(ExchangeError):
    default_message = N_(
        "This file was already imported on {date}. Nothing was changed the second time."
    )


class BadContent(ExchangeError):
    default_message = N_(
        "This file is correctly signed, but its contents are not what this version of Casework "
        "expects. Nothing was changed. Ask the sender which version of Casework they use."
    )

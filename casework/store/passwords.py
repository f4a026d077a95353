"""Password rules for a password that is the only factor (NIST SP 800-63B-4).

At least 15 characters, any Unicode (normalised to NFKC), at least 64 allowed (we allow 256), no
composition rules, and refused when zxcvbn finds it common or guessable. zxcvbn's English feedback
is translated through our catalogue.
"""

from __future__ import annotations

import unicodedata
from dataclasses import dataclass

from casework.errors import WeakPassword
from casework.i18n import N_, _

MIN_LENGTH = 15
MAX_LENGTH = 256
MIN_SCORE = 3
_SCORED_PREFIX = 100  # zxcvbn is quadratic; the first 100 characters decide a long passphrase

# zxcvbn's feedback messages, listed so they are extracted into our catalogue and translated.
ZXCVBN_MESSAGES = (
    N_("Use a few words, avoid common phrases."),
    N_("No need for symbols, digits, or uppercase letters."),
    N_("Add another word or two. Uncommon words are better."),
    N_("Straight rows of keys are easy to guess."),
    N_("Short keyboard patterns are easy to guess."),
    N_("Use a longer keyboard pattern with more turns."),
    N_('Repeats like "aaa" are easy to guess.'),
    N_('Repeats like "abcabcabc" are only slightly harder to guess than "abc".'),
    N_("Avoid repeated words and characters."),
    N_('Sequences like "abc" or "6543" are easy to guess.'),
    N_("Avoid sequences."),
    N_("Recent years are easy to guess."),
    N_("Avoid recent years."),
    N_("Avoid years that are associated with you."),
    N_("Dates are often easy to guess."),
    N_("Avoid dates and years that are associated with you."),
    N_("This is a top-10 common password."),
    N_("This is a top-100 common password."),
    N_("This is a very common password."),
    N_("This is similar to a commonly used password."),
    N_("A word by itself is easy to guess."),
    N_("Names and surnames by themselves are easy to guess."),
    N_("Common names and surnames are easy to guess."),
    N_("Capitalization doesn't help very much."),
    N_("All-uppercase is almost as easy to guess as all-lowercase."),
    N_("Reversed words aren't much harder to guess."),
    N_("Predictable substitutions like '@' instead of 'a' don't help very much."),
)


def normalise(password: str) -> str:
    return unicodedata.normalize("NFKC", password)


def encode(password: str) -> bytes:
    """The bytes a password is derived from: the same for every way of typing the same text."""
    return normalise(password).encode("utf-8")


@dataclass(frozen=True)
class Strength:
    score: int  # 0..4 from zxcvbn
    acceptable: bool
    messages: tuple[str, ...]  # translated, for the user


def assess(password: str, context: tuple[str, ...] = ()) -> Strength:
    """How strong a new password is, with translated advice; never raises."""
    password = normalise(password)
    messages: list[str] = []
    if len(password) < MIN_LENGTH:
        messages.append(
            _("Use at least {count} characters; a few unrelated words work well.").format(
                count=MIN_LENGTH
            )
        )
    if len(password) > MAX_LENGTH:
        messages.append(_("Use at most {count} characters.").format(count=MAX_LENGTH))
    if not password:
        return Strength(0, False, tuple(messages))
    words = [w for w in context if w]
    # Imported here, not at the top: its frequency lists take about 13 MB of memory, and an
    # unlock or a session that sets no password never needs them (this module is imported by
    # every unlock, for `encode`).
    from zxcvbn import zxcvbn

    result = zxcvbn(password[:_SCORED_PREFIX], user_inputs=words, max_length=_SCORED_PREFIX)
    score = int(result["score"])
    feedback = result.get("feedback", {})
    if score < MIN_SCORE:
        warning = feedback.get("warning") or ""
        if warning:
            messages.append(_(warning))
        messages.extend(_(s) for s in feedback.get("suggestions", []))
        if not warning and not feedback.get("suggestions"):
            messages.append(_("This password is too easy to guess."))
    acceptable = MIN_LENGTH <= len(password) <= MAX_LENGTH and score >= MIN_SCORE
    return Strength(score, acceptable, tuple(messages))


def check(password: str, context: tuple[str, ...] = ()) -> None:
    """Raise WeakPassword (with translated advice) unless the password may be used."""
    strength = assess(password, context)
    if not strength.acceptable:
        raise WeakPassword(feedback=list(strength.messages))
